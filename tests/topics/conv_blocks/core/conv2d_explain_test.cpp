// Explained 2-D convolution: a hand-computed case, the textbook grids' shapes and zeros, the
// textbook construction against brute force and the term lists against the sums they explain
// on seeded random problems, the finite-difference job, and input validation.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cmath>
#include <random>

#include "core/random.h"
#include "topics/conv_blocks/core/conv2d_check.h"
#include "topics/conv_blocks/core/conv2d_example.h"
#include "topics/conv_blocks/core/conv2d_explain.h"
#include "topics/conv_blocks/core/conv2d_textbook.h"

using namespace mlviz;

namespace {

Conv2dProblem HandProblem()
{
    Conv2dProblem p;
    p.Input = Grid3({1, 3, 3});
    for (int k = 0; k < 9; ++k) p.Input.Values[k] = k + 1; // 1..9 row by row
    p.Weight = Grid4({1, 1, 2, 2});
    p.Weight.Values = {1, 0, 0, -1};
    p.Bias = {0.5};
    p.GradOutput = Grid3({1, 2, 2}, 1.0);
    return p;
}

// A random problem inside the limits (small sizes so that 300 of them run in milliseconds).
Conv2dProblem RandomProblem(std::mt19937& rng)
{
    for (;;) {
        Conv2dSpec spec;
        spec.Groups = 1 + UniformInt(rng, 3);
        const int c = spec.Groups * (1 + UniformInt(rng, 2)), o = spec.Groups * (1 + UniformInt(rng, 2));
        const int h = 1 + UniformInt(rng, 9), w = 1 + UniformInt(rng, 9), kh = 1 + UniformInt(rng, 4),
                  kw = 1 + UniformInt(rng, 4);
        spec.Stride = 1 + UniformInt(rng, 3);
        spec.Padding = UniformInt(rng, 4);
        spec.Dilation = 1 + UniformInt(rng, 3);
        const auto g = Conv2dGeometryOf(c, h, w, o, kh, kw, spec);
        if (!g) continue; // empty output: draw again
        Conv2dProblem p;
        p.Spec = spec;
        p.Input = Grid3({c, h, w});
        p.Weight = Grid4({o, c / spec.Groups, kh, kw});
        p.GradOutput = Grid3({o, g->OutH, g->OutW});
        for (auto* values : {&p.Input.Values, &p.Weight.Values, &p.GradOutput.Values})
            for (double& v : *values) v = Uniform(rng, -1.0, 1.0);
        if (UniformInt(rng, 2))
            for (int k = 0; k < o; ++k) p.Bias.push_back(Uniform(rng, -1.0, 1.0));
        return p;
    }
}

double Sum(const std::vector<Conv2dTerm>& terms)
{
    double s = 0.0;
    for (const auto& t : terms) s += t.A * t.B;
    return s;
}

} // namespace

TEST_CASE("conv2d: a hand-computed 3×3 input with a 2×2 diagonal-difference kernel", "[conv_blocks]")
{
    const Conv2dProblem p = HandProblem();
    const auto y = Conv2dForward(p);
    REQUIRE(y.Ok());
    // Y[i,j] = X[i,j] - X[i+1,j+1] + 0.5 = -4 + 0.5 everywhere.
    CHECK(y->Values == std::vector<double>{-3.5, -3.5, -3.5, -3.5});
    const auto g = Conv2dBackwardDirect(p);
    REQUIRE(g.Ok());
    CHECK(g->GradInput.Values == std::vector<double>{1, 1, 0, 1, 0, -1, 0, -1, -1});
    CHECK(g->GradWeight.Values == std::vector<double>{12, 16, 24, 28}); // sums of the four 2×2 corners' windows
    CHECK(g->GradBias == std::vector<double>{4});
}

TEST_CASE("conv2d textbook grids: zero insertion, full padding with the unreached margin, flipped dilated kernel",
          "[conv_blocks]")
{
    Conv2dProblem p;
    p.Spec = {2, 1, 1, 1};
    p.Input = Grid3({1, 7, 6}, 1.0);
    p.Weight = Grid4({1, 1, 3, 3});
    for (int k = 0; k < 9; ++k) p.Weight.Values[k] = k + 1;
    p.GradOutput = Grid3({1, 4, 3});
    for (int k = 0; k < 12; ++k) p.GradOutput.Values[k] = k + 1;
    const auto t = Conv2dBackwardTextbook(p);
    REQUIRE(t.Ok());
    const Conv2dGeometry& g = t->Geo;
    // Xp is 9×8; (9-3)/2+1 = 4 rows, (8-3)/2+1 = 3 columns; the last column of Xp is never read.
    CHECK(g.OutH == 4);
    CHECK(g.OutW == 3);
    CHECK(g.ExtraH == 0);
    CHECK(g.ExtraW == 1);
    CHECK(t->DilatedGradOutput.Dims == std::array<int, 3>{1, 7, 5});
    CHECK(t->DilatedGradOutput(0, 2, 4) == 6.0); // dY[1,2] at (2, 4)
    CHECK(t->DilatedGradOutput(0, 1, 1) == 0.0);
    CHECK(t->FullGradPadded.Dims == std::array<int, 3>{1, 7 + 4, 5 + 4 + 1});
    CHECK(t->FullGradPadded(0, 2, 2) == 1.0);
    CHECK(t->FlippedKernel(0, 0, 0, 0) == 9.0);
    CHECK(t->FlippedKernel(0, 0, 2, 2) == 1.0);
    CHECK(t->GradPaddedInput.Dims == std::array<int, 3>{1, 9, 8});
    for (int y = 0; y < 9; ++y) CHECK(t->GradPaddedInput(0, y, 7) == 0.0); // the unreached column
    // Dilation 2 puts zeros between the flipped taps.
    p.Spec = {1, 2, 2, 1};
    p.GradOutput = Grid3({1, 7, 6}, 1.0); // (7 + 4 - 5) + 1 rows, (6 + 4 - 5) + 1 columns
    const auto d = Conv2dBackwardTextbook(p);
    REQUIRE(d.Ok());
    CHECK(d->FlippedKernel.Dims == std::array<int, 4>{1, 1, 5, 5});
    CHECK(d->FlippedKernel(0, 0, 0, 2) == 8.0);
    CHECK(d->FlippedKernel(0, 0, 1, 1) == 0.0);
}

TEST_CASE("conv2d: textbook construction equals brute force, and every term list sums to its cell", "[conv_blocks]")
{
    std::mt19937 rng(4141);
    for (int trial = 0; trial < 300; ++trial) {
        CAPTURE(trial);
        const Conv2dProblem p = RandomProblem(rng);
        const auto geo = CheckConv2dProblem(p, true);
        REQUIRE(geo.Ok());
        const auto direct = Conv2dBackwardDirect(p);
        const auto book = Conv2dBackwardTextbook(p);
        const auto y = Conv2dForward(p);
        REQUIRE((direct.Ok() && book.Ok() && y.Ok()));
        CHECK(MaxAbsDifference(direct->GradInput.Values, book->GradInput.Values) < 1e-12);
        CHECK(MaxAbsDifference(direct->GradWeight.Values, book->GradWeight.Values) < 1e-12);
        CHECK(MaxAbsDifference(direct->GradBias, book->GradBias) < 1e-12);
        const Conv2dGeometry& g = *geo;
        for (int o = 0; o < g.O; ++o)
            for (int i = 0; i < g.OutH; ++i)
                for (int j = 0; j < g.OutW; ++j) {
                    const auto terms = OutputTerms(p, g, o, i, j);
                    REQUIRE(static_cast<int>(terms.size()) == g.CPerGroup * g.KH * g.KW);
                    CHECK(std::fabs(Sum(terms) + (p.Bias.empty() ? 0.0 : p.Bias[o]) - (*y)(o, i, j)) < 1e-12);
                }
        int dx_terms = 0;
        for (int c = 0; c < g.C; ++c)
            for (int yy = 0; yy < g.H; ++yy)
                for (int x = 0; x < g.W; ++x) {
                    const auto terms = GradInputTerms(p, g, c, yy, x);
                    dx_terms += static_cast<int>(terms.size());
                    CHECK(std::fabs(Sum(terms) - direct->GradInput(c, yy, x)) < 1e-12);
                }
        // Every tap of every window that lands inside X is one ∂L/∂X term.
        int inside = 0;
        for (int o = 0; o < g.O; ++o)
            for (int i = 0; i < g.OutH; ++i)
                for (int j = 0; j < g.OutW; ++j)
                    for (const auto& t : OutputTerms(p, g, o, i, j)) inside += t.InPadding ? 0 : 1;
        CHECK(dx_terms == inside);
        for (int o = 0; o < g.O; ++o)
            for (int cg = 0; cg < g.CPerGroup; ++cg)
                for (int u = 0; u < g.KH; ++u)
                    for (int v = 0; v < g.KW; ++v)
                        CHECK(std::fabs(Sum(GradWeightTerms(p, g, o, cg, u, v)) - direct->GradWeight(o, cg, u, v)) < 1e-12);
    }
}

TEST_CASE("conv2d: the finite-difference job agrees with the analytic gradients, step by step", "[conv_blocks]")
{
    std::mt19937 rng(77);
    for (int trial = 0; trial < 20; ++trial) {
        const Conv2dProblem p = RandomProblem(rng);
        auto started = Conv2dGradCheck::Start(p, 1e-3);
        REQUIRE(started.Ok());
        Conv2dGradCheck& job = *started;
        CHECK(job.Report().CellsTotal == static_cast<int>(p.Input.Size() + p.Weight.Size() + p.Bias.size()));
        double last = -1.0;
        int calls = 0;
        while (!job.Done()) {
            job.Step(1); // the smallest budget still checks one value per call
            CHECK(job.Progress() > last);
            last = job.Progress();
            ++calls;
        }
        CHECK(calls == job.Report().CellsTotal);
        const auto& r = job.Report();
        CHECK(r.MaxErrorInput < 1e-9);
        CHECK(r.MaxErrorWeight < 1e-9);
        CHECK(r.MaxErrorBias < 1e-9);
        CHECK(MaxAbsDifference(job.Numeric().GradInput.Values, job.Analytic().GradInput.Values) < 1e-9);
    }
    // A wrong analytic gradient would show: the numeric one of the hand case is the known answer.
    auto hand = Conv2dGradCheck::Start(HandProblem());
    REQUIRE(hand.Ok());
    (*hand).Step(1'000'000);
    REQUIRE(hand->Done());
    CHECK(MaxAbsDifference(hand->Numeric().GradWeight.Values, std::vector<double>{12, 16, 24, 28}) < 1e-9);
    CHECK_FALSE(Conv2dGradCheck::Start(HandProblem(), 0.0).Ok());
}

TEST_CASE("conv2d: invalid problems fail with a message naming the problem", "[conv_blocks]")
{
    Conv2dProblem p = HandProblem();
    p.Spec.Groups = 2;
    auto r = CheckConv2dProblem(p, true);
    REQUIRE_FALSE(r.Ok());
    CHECK_THAT(Text(r.Error(), Language::En), Catch::Contains("groups = 2"));

    p = HandProblem();
    p.Spec.Dilation = 3; // span 4 > 3
    r = CheckConv2dProblem(p, false);
    REQUIRE_FALSE(r.Ok());
    CHECK_THAT(Text(r.Error(), Language::En), Catch::Contains("4×4"));

    p = HandProblem();
    p.GradOutput = Grid3({1, 3, 3});
    r = CheckConv2dProblem(p, true);
    REQUIRE_FALSE(r.Ok());
    CHECK_THAT(Text(r.Error(), Language::En), Catch::Contains("1×2×2"));
    CHECK_FALSE(Conv2dBackwardTextbook(p).Ok());

    p = HandProblem();
    p.GradOutput = Grid3();
    CHECK(CheckConv2dProblem(p, false).Ok()); // forward needs no gradient
    CHECK_FALSE(CheckConv2dProblem(p, true).Ok());

    p = HandProblem();
    p.Input.Values[4] = std::nan("");
    r = CheckConv2dProblem(p, false);
    REQUIRE_FALSE(r.Ok());
    CHECK_THAT(Text(r.Error(), Language::En), Catch::Contains("input[4]"));

    p = HandProblem();
    p.Bias = {1.0, 2.0};
    CHECK_FALSE(Conv2dForward(p).Ok());
    p = HandProblem();
    p.Input.Values.pop_back();
    CHECK_FALSE(Conv2dForward(p).Ok());
    p = HandProblem();
    p.Spec.Stride = kConv2dMaxStride + 1;
    CHECK_FALSE(Conv2dForward(p).Ok());
    CHECK_FALSE(Conv2dGeometryOf(kConv2dMaxChannels + 1, 4, 4, 1, 1, 1, {}).Ok());
    CHECK_FALSE(Conv2dGeometryOf(1, 4, 4, 1, 1, 1, {1, -1, 1, 1}).Ok());
}

TEST_CASE("conv2d examples: seeded small integers of the configured shapes", "[conv_blocks]")
{
    Conv2dExampleConfig c;
    c.Channels = 4, c.OutChannels = 2, c.Height = 6, c.Width = 7, c.Kernel = 3;
    c.Spec = {2, 1, 1, 2};
    c.Seed = 5;
    const auto p = MakeConv2dExample(c);
    REQUIRE(p.Ok());
    CHECK(p->Weight.Dims == std::array<int, 4>{2, 2, 3, 3});
    CHECK(p->GradOutput.Dims == std::array<int, 3>{2, 3, 4});
    CHECK(p->Bias.size() == 2u);
    for (double v : p->Input.Values) CHECK((v == std::floor(v) && std::fabs(v) <= 3.0));
    CHECK(CheckConv2dProblem(*p, true).Ok());
    CHECK(MakeConv2dExample(c)->Input == p->Input); // same seed, same numbers
    c.Seed = 6;
    CHECK_FALSE(MakeConv2dExample(c)->Input == p->Input);
    c.Bias = false;
    CHECK(MakeConv2dExample(c)->Bias.empty());
    c.Spec.Groups = 3;
    CHECK_FALSE(MakeConv2dExample(c).Ok());
    c.Spec.Groups = 1;
    c.ValueRange = 0;
    CHECK_FALSE(MakeConv2dExample(c).Ok());
}
