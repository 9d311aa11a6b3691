// Effective receptive field: hand-computed path counts, Luo et al.'s sqrt(n) growth, symmetry,
// normalisation, the 95 % mass share, incremental stepping, and the random-weight gradient
// against finite differences of an independent forward pass.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>

#include "topics/receptive_field/core/rf_erf.h"
#include "topics/receptive_field/core/rf_presets.h"

using namespace mlviz;

namespace {

RfLayer Conv(int k, int s, int p, int d = 1)
{
    RfLayer l;
    l.Kernel = {k, k};
    l.Stride = {s, s};
    l.Padding = {p, p};
    l.Dilation = {d, d};
    return l;
}

RfLayer Pool(RfLayerType t, int k, int s, int p)
{
    RfLayer l = Conv(k, s, p);
    l.Type = t;
    return l;
}

RfStack Stack(RfPair input, std::vector<RfLayer> layers, int channels = 1)
{
    RfStack s;
    s.InputSize = input;
    s.InputChannels = channels;
    s.Layers = std::move(layers);
    return s;
}

ErfResult Erf(const RfStack& s, ErfConfig c = {})
{
    const auto r = ComputeErf(s, c);
    REQUIRE(r.Ok());
    return r.Value();
}

double Sum(const std::vector<double>& v)
{
    double s = 0.0;
    for (double x : v) s += x;
    return s;
}

} // namespace

TEST_CASE("rf erf: uniform weights count paths", "[rf]")
{
    // Two valid 3×3 layers on 5×5: the single output unit sees every pixel through
    // (1, 2, 3, 2, 1) paths per axis, 81 in all.
    const ErfResult r = Erf(Stack({5, 5}, {Conv(3, 1, 0), Conv(3, 1, 0)}));
    const double w[5] = {1, 2, 3, 2, 1};
    for (int y = 0; y < 5; ++y)
        for (int x = 0; x < 5; ++x)
            CHECK(r.Values[static_cast<std::size_t>(y * 5 + x)] == Approx(w[y] * w[x] / 81.0).epsilon(1e-12));
    CHECK(r.Field.Y0 == 0);
    CHECK(r.Field.Y1 == 4);
    // 95 %: the 25 cells sorted hold 9, 6, 6, 6, 6, 4, 4, 4, 4, 3, ... / 81; 77 / 81 > 0.95 needs 21 cells.
    CHECK(r.Mass95.Cells == 21);
    CHECK(r.Mass95.BoxCells == 25);
    // One 3×3 layer: every cell holds 1/9, so 95 % needs all 9 cells: share 1.
    CHECK(Erf(Stack({3, 3}, {Conv(3, 1, 0)})).Mass95.Share == 1.0);
}

TEST_CASE("rf erf: the 95 % mass count equals a sort-based count", "[rf]")
{
    std::mt19937 rng(9);
    for (int trial = 0; trial < 200; ++trial) {
        const RfPair size{1 + static_cast<int>(rng() % 40), 1 + static_cast<int>(rng() % 40)};
        std::vector<double> v(static_cast<std::size_t>(size[0]) * size[1]);
        // Many ties (small integers) and zeros, then the field box somewhere over the map.
        for (double& x : v) x = static_cast<double>(rng() % 6) * (rng() % 3 == 0 ? 0.0 : 1.0);
        const RfBox box{static_cast<std::int64_t>(rng() % 50) - 5, static_cast<std::int64_t>(rng() % 50) - 5,
                        static_cast<std::int64_t>(rng() % 50) - 5, static_cast<std::int64_t>(rng() % 50) - 5};
        const double share = (rng() % 100) / 100.0;
        const RfMassShare got = SmallestMassShare(v, size, box, share);
        const RfBox c = Clip(box, size);
        if (c.Empty()) {
            CHECK(got.Cells == 0);
            continue;
        }
        std::vector<double> inside;
        double total = 0.0;
        for (double x : v) total += x;
        for (std::int64_t y = c.Y0; y <= c.Y1; ++y)
            for (std::int64_t x = c.X0; x <= c.X1; ++x) inside.push_back(v[static_cast<std::size_t>(y * size[1] + x)]);
        std::sort(inside.begin(), inside.end(), std::greater<>());
        std::int64_t k = 0;
        double acc = 0.0;
        for (double x : inside) {
            if (total <= 0.0 || acc >= share * total * (1.0 - 1e-12)) break;
            acc += x;
            ++k;
        }
        REQUIRE(got.Cells == k);
        REQUIRE(got.BoxCells == c.Area());
    }
}

TEST_CASE("rf erf: spread grows like sqrt(n), the share of the field shrinks", "[rf]")
{
    // With unit weights the ERF of n 3×3 layers is the n-fold convolution of a box: the
    // variance per axis is n * (3² - 1) / 12 = 2n/3 (Luo et al., section 2.2).
    double previous_share = 2.0;
    for (int n : {1, 2, 4, 8, 16}) {
        const RfStack s = MakeRfPreset(RfPreset::Stack3x3, {4 * n + 9, 4 * n + 9}, n);
        const ErfResult r = Erf(s);
        CHECK(Sum(r.Values) == Approx(1.0).epsilon(1e-12));
        CHECK(r.Sigma[0] * r.Sigma[0] == Approx(2.0 * n / 3.0).epsilon(1e-9));
        CHECK(r.Sigma[1] * r.Sigma[1] == Approx(2.0 * n / 3.0).epsilon(1e-9));
        CHECK(r.Mass95.BoxCells == (2 * n + 1) * (2 * n + 1));
        CHECK(r.Mass95.Share < previous_share);
        previous_share = r.Mass95.Share;
    }
    CHECK(previous_share < 0.3); // 16 layers: the ERF fills well under a third of the field
}

TEST_CASE("rf erf: symmetric stacks give symmetric uniform ERFs", "[rf]")
{
    const RfStack stacks[] = {
        MakeRfPreset(RfPreset::Dilated3x3, {41, 41}),
        Stack({45, 45},
              {Conv(3, 1, 1), Pool(RfLayerType::MaxPool, 2, 2, 0), Conv(3, 1, 1), Conv(5, 1, 4, 2),
               Pool(RfLayerType::AvgPool, 3, 1, 1)}),
        Stack({61, 61}, {Conv(7, 2, 3), Pool(RfLayerType::MaxPool, 3, 2, 1), Conv(3, 1, 1), Conv(3, 2, 1)}),
    };
    for (const RfStack& s : stacks) {
        const ErfResult r = Erf(s);
        const int n = s.InputSize[0];
        REQUIRE(r.Field.Y0 >= 0);
        REQUIRE(r.Field.Y1 < n);
        for (std::int64_t y = r.Field.Y0; y <= r.Field.Y1; ++y)
            for (std::int64_t x = r.Field.X0; x <= r.Field.X1; ++x) {
                const double v = r.Values[static_cast<std::size_t>(y * n + x)];
                const std::int64_t my = r.Field.Y0 + r.Field.Y1 - y, mx = r.Field.X0 + r.Field.X1 - x;
                REQUIRE(v == Approx(r.Values[static_cast<std::size_t>(my * n + x)]).epsilon(1e-12));
                REQUIRE(v == Approx(r.Values[static_cast<std::size_t>(y * n + mx)]).epsilon(1e-12));
                // Square kernels: symmetric under transposition about the field centre too.
                const std::int64_t ty = r.Field.Y0 + (x - r.Field.X0), tx = r.Field.X0 + (y - r.Field.Y0);
                REQUIRE(v == Approx(r.Values[static_cast<std::size_t>(ty * n + tx)]).epsilon(1e-12));
            }
        CHECK(r.Mean[0] == Approx(0.5 * static_cast<double>(r.Field.Y0 + r.Field.Y1)));
    }
}

TEST_CASE("rf erf: random weights, with and without ReLU", "[rf]")
{
    const RfStack s = MakeRfPreset(RfPreset::Stack3x3, {41, 41}, 10);
    ErfConfig c;
    c.Weights = ErfWeights::Random;
    c.Seeds = 48;
    c.Channels = 4;
    c.Seed = 3;
    for (bool relu : {false, true}) {
        c.Relu = relu;
        const ErfResult r = Erf(s, c);
        CHECK(r.SeedsUsed + r.SeedsVanished == 48);
        CHECK(r.SeedsUsed > 24);
        CHECK(Sum(r.Values) == Approx(1.0).epsilon(1e-12));
        for (std::size_t i = 0; i < r.Values.size(); ++i) {
            REQUIRE(std::isfinite(r.Values[i]));
            REQUIRE(r.Values[i] >= 0.0);
            const std::int64_t y = static_cast<std::int64_t>(i) / 41, x = static_cast<std::int64_t>(i) % 41;
            if (y < r.Field.Y0 || y > r.Field.Y1 || x < r.Field.X0 || x > r.Field.X1) REQUIRE(r.Values[i] == 0.0);
        }
        // Symmetric in distribution: the averaged map is centred on the field within a small
        // fraction of its spread; and far narrower than the 21×21 theoretical field.
        CHECK(std::abs(r.Mean[0] - 20.0) < 0.25 * r.Sigma[0]);
        CHECK(std::abs(r.Mean[1] - 20.0) < 0.25 * r.Sigma[1]);
        CHECK(r.Mass95.Share < 0.6);
        // The same seed gives the same map; another seed a different one.
        CHECK(Erf(s, c).Values == r.Values);
        ErfConfig other = c;
        other.Seed = 4;
        CHECK(Erf(s, other).Values != r.Values);
    }
}

TEST_CASE("rf erf: random-weight gradient equals finite differences of the forward pass", "[rf]")
{
    RfLayer dw = Conv(3, 1, 1);
    dw.Groups = 8;
    RfStack s =
        Stack({13, 13},
              {Conv(3, 1, 1), Pool(RfLayerType::MaxPool, 3, 2, 1), dw, Pool(RfLayerType::AvgPool, 2, 2, 0), Conv(1, 1, 0)}, 8);
    ErfConfig c;
    c.Weights = ErfWeights::Random;
    c.Relu = true;
    c.Seeds = 1;
    c.Channels = 3;
    c.Seed = 11;
    auto job = ErfJob::Create(s, c);
    REQUIRE(job.Ok());
    while (!job->Done()) job.Value().Step(50);
    const ErfResult& r = job->Output();
    REQUIRE(r.SeedsUsed == 1);
    CHECK(job->LayerGroups(2) == 3); // depthwise stays depthwise in the 3-channel copy
    const int C = 3, n0 = 13;
    const RfBox box = job->InputBox();

    // Independent forward on the full maps (channels x n x n), torch semantics.
    auto forward = [&](const std::vector<double>& input) {
        std::vector<double> v = input;
        int n = n0;
        for (std::size_t li = 0; li < s.Layers.size(); ++li) {
            const RfLayer& l = s.Layers[li];
            const int out = static_cast<int>(OutputSize(n, l.Kernel[0], l.Stride[0], l.Padding[0], l.Dilation[0]));
            const int g = job->LayerGroups(static_cast<int>(li)), cg = C / g;
            std::vector<double> o(static_cast<std::size_t>(C * out * out));
            for (int co = 0; co < C; ++co)
                for (int y = 0; y < out; ++y)
                    for (int x = 0; x < out; ++x) {
                        double acc = l.Type == RfLayerType::MaxPool ? -std::numeric_limits<double>::infinity() : 0.0;
                        for (int ky = 0; ky < l.Kernel[0]; ++ky)
                            for (int kx = 0; kx < l.Kernel[1]; ++kx) {
                                const int iy = y * l.Stride[0] - l.Padding[0] + ky, ix = x * l.Stride[1] - l.Padding[1] + kx;
                                if (iy < 0 || iy >= n || ix < 0 || ix >= n) continue;
                                if (l.Type == RfLayerType::Conv) {
                                    const auto& w = job->LayerWeights(static_cast<int>(li));
                                    for (int ci = 0; ci < cg; ++ci)
                                        acc +=
                                            w[static_cast<std::size_t>(((co * cg + ci) * l.Kernel[0] + ky) * l.Kernel[1] + kx)] *
                                            v[static_cast<std::size_t>(((co / cg * cg + ci) * n + iy) * n + ix)];
                                } else {
                                    const double a = v[static_cast<std::size_t>((co * n + iy) * n + ix)];
                                    acc = l.Type == RfLayerType::MaxPool ? std::max(acc, a) : acc + a;
                                }
                            }
                        if (l.Type == RfLayerType::AvgPool) acc /= l.Kernel[0] * l.Kernel[1];
                        if (l.Type == RfLayerType::Conv && li + 1 < s.Layers.size()) acc = std::max(acc, 0.0);
                        o[static_cast<std::size_t>((co * out + y) * out + x)] = acc;
                    }
            v = std::move(o);
            n = out;
        }
        return v[static_cast<std::size_t>(r.UnitY * n + r.UnitX)]; // channel 0
    };
    std::vector<double> x(static_cast<std::size_t>(C * n0 * n0), 0.0);
    const auto& in = job->InputValues();
    for (int ch = 0; ch < C; ++ch)
        for (std::int64_t y = box.Y0; y <= box.Y1; ++y)
            for (std::int64_t xx = box.X0; xx <= box.X1; ++xx)
                x[static_cast<std::size_t>((ch * n0 + y) * n0 + xx)] =
                    in[static_cast<std::size_t>((ch * box.Height() + (y - box.Y0)) * box.Width() + (xx - box.X0))];
    std::vector<double> mag(static_cast<std::size_t>(n0 * n0), 0.0);
    const double h = 1e-6;
    for (int ch = 0; ch < C; ++ch)
        for (int p = 0; p < n0 * n0; ++p) {
            const std::size_t i = static_cast<std::size_t>(ch * n0 * n0 + p);
            const double keep = x[i];
            x[i] = keep + h;
            const double up = forward(x);
            x[i] = keep - h;
            const double down = forward(x);
            x[i] = keep;
            mag[static_cast<std::size_t>(p)] += std::abs((up - down) / (2.0 * h));
        }
    const double total = Sum(mag);
    REQUIRE(total > 0.0);
    for (int p = 0; p < n0 * n0; ++p)
        CHECK(r.Values[static_cast<std::size_t>(p)] == Approx(mag[static_cast<std::size_t>(p)] / total).margin(1e-7));
}

TEST_CASE("rf erf: incremental steps give the one-shot result", "[rf]")
{
    const RfStack s = MakeRfPreset(RfPreset::ResNet18, {96, 96});
    ErfConfig c;
    c.Weights = ErfWeights::Random;
    c.Relu = true;
    c.Seeds = 3;
    c.Channels = 2;
    auto job = ErfJob::Create(s, c);
    REQUIRE(job.Ok());
    double last = -1.0;
    int steps = 0;
    while (!job->Done()) {
        job.Value().Step(20000);
        const double p = job->Progress();
        REQUIRE(p >= last);
        REQUIRE(p <= 1.0);
        last = p;
        ++steps;
        REQUIRE(steps < 1000000);
    }
    CHECK(steps > 20);
    CHECK(job->Progress() == 1.0);
    CHECK(job->Output().Values == Erf(s, c).Values);
    CHECK(ErfJob().Done());
}

TEST_CASE("rf erf: bad configurations are errors", "[rf]")
{
    const RfStack s = MakeRfPreset(RfPreset::Stack3x3, {16, 16}, 3);
    ErfConfig c;
    c.Seeds = 0;
    c.Weights = ErfWeights::Random;
    CHECK_THAT(Text(ComputeErf(s, c).Error()), Catch::Contains("seeds должно быть в [1, 64]"));
    c = {};
    c.Channels = 17;
    CHECK_THAT(Text(ComputeErf(s, c).Error()), Catch::Contains("channels должно быть в [1, 16]"));
    c = {};
    c.Map = 4;
    CHECK_THAT(Text(ComputeErf(s, c).Error()), Catch::Contains("map должно быть в [1, 3]"));
    c = {};
    c.UnitY = 16;
    CHECK_THAT(Text(ComputeErf(s, c).Error()), Catch::Contains("вне карты 16×16"));
    CHECK_THAT(Text(ComputeErf(Stack({8, 8}, {}), {}).Error()), Catch::Contains("нет слоёв"));
    RfStack bad = s;
    bad.Layers[1].Kernel = {0, 3};
    CHECK_THAT(Text(ComputeErf(bad, {}).Error()), Catch::Contains("слой 2"));
    c = {};
    c.Weights = ErfWeights::Random;
    c.Channels = 16;
    CHECK_THAT(Text(ComputeErf(Stack({4096, 4096}, {Conv(1024, 1, 0, 4)}), c).Error()), Catch::Contains("значений на seed"));
}
