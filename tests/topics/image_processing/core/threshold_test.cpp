// Otsu's threshold and adaptive thresholding against OpenCV 4.6.0 and scikit-image 0.19.3
// (values from tools/image_processing_reference.py), plus the uneven-lighting page where only the
// local threshold works.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "ip_test_util.h"
#include "topics/image_processing/core/adaptive.h"
#include "topics/image_processing/core/otsu.h"
#include "topics/image_processing/core/synthetic.h"

using namespace mlviz;
using iptest::Checksum;

TEST_CASE("Otsu equals cv2 THRESH_OTSU and skimage threshold_otsu on the samples", "[image_processing]")
{
    struct Case {
        const char* Name;
        int Cv2, Skimage;
        double Var[3]; // skimage's variance12 / N^2 at t = 50, 100, 150
    };
    const Case cases[] = {
        {"astronaut", 100, 100, {3883.4339870846552, 4415.4325639378176, 3672.9877890615899}}, // sigma_B^2 at t = 50, 100, 150
        {"coffee", 105, 105, {1710.1588550011561, 2202.7274624587731, 1787.2351475739583}},    // sigma_B^2 at t = 50, 100, 150
        {"chelsea", 115, 115, {243.26527624494682, 597.17300873251918, 395.96490105721114}},   // sigma_B^2 at t = 50, 100, 150
    };
    for (const Case& c : cases) {
        INFO(c.Name);
        const Plane8 g = iptest::LoadGray(c.Name);
        const auto r = Otsu(g);
        REQUIRE(r.Ok());
        CHECK(r->Threshold == c.Cv2);
        CHECK(r->Threshold == c.Skimage); // both: class 0 = v <= t, foreground v > t
        CHECK(r->BetweenVariance[50] == Approx(c.Var[0]).epsilon(1e-12));
        CHECK(r->BetweenVariance[100] == Approx(c.Var[1]).epsilon(1e-12));
        CHECK(r->BetweenVariance[150] == Approx(c.Var[2]).epsilon(1e-12));
        // The threshold maximises the curve, and the curve is the definition at every t.
        const Histogram256 h = ComputeHistogram(g);
        for (int t = 0; t < 256; ++t) {
            CHECK(r->BetweenVariance[t] <= r->MaxVariance * (1.0 + 1e-12));
            CHECK(r->BetweenVariance[t] == Approx(StatsAtThreshold(h, t).BetweenVariance).epsilon(1e-12));
        }
        // Total variance = within + between at the threshold.
        const ThresholdStats s = StatsAtThreshold(h, r->Threshold);
        double within = 0.0;
        for (int v = 0; v < 256; ++v) {
            const double m = v <= r->Threshold ? s.Mean0 : s.Mean1;
            within += static_cast<double>(h[v]) * (v - m) * (v - m);
        }
        within /= static_cast<double>(g.Pixels.size());
        CHECK(within + r->MaxVariance == Approx(r->TotalVariance).epsilon(1e-12));
    }
}

TEST_CASE("Otsu on LCG images, gaps and degenerate histograms", "[image_processing]")
{
    struct Case {
        int W, H, Seed, Kind, Cv2, Skimage;
    };
    const Case cases[] = {
        {40, 30, 1, 0, 127, 127}, {40, 30, 2, 1, 99, 99},   {40, 30, 3, 2, 100, 100},
        {17, 9, 4, 1, 97, 97},    {64, 64, 5, 2, 100, 100}, {5, 3, 6, 0, 140, 140},
    };
    for (const Case& c : cases) {
        INFO(c.W << "x" << c.H << " seed " << c.Seed << " kind " << c.Kind);
        const auto r = Otsu(iptest::LcgImage(c.W, c.H, static_cast<std::uint64_t>(c.Seed), c.Kind));
        REQUIRE(r.Ok());
        CHECK(r->Threshold == c.Cv2);
        CHECK(r->Threshold == c.Skimage);
    }
    // Two values: the curve is flat across the gap and the first t (the lower value) wins in both.
    Plane8 two(5, 1);
    two.Pixels = {50, 50, 200, 200, 200};
    CHECK(Otsu(two)->Threshold == 50);
    CHECK(Otsu(two)->BetweenVariance[50] == Otsu(two)->BetweenVariance[199]);
    CHECK(ThresholdBinary(two, 50).Pixels == std::vector<std::uint8_t>{0, 0, 255, 255, 255});
    // Constant image: cv2 answers 0 (skimage would answer the value, 77); no class split exists.
    const auto c = Otsu(Plane8(4, 4, 77));
    CHECK(c->Threshold == 0);
    CHECK(c->MaxVariance == 0.0);
    Histogram256 empty{};
    CHECK_FALSE(OtsuFromHistogram(empty).Ok());
    CHECK_FALSE(Otsu(Plane8()).Ok());
}

TEST_CASE("adaptive threshold equals cv2.adaptiveThreshold bit for bit on the samples", "[image_processing]")
{
    struct Case {
        const char* Name;
        int Method, Block;
        double C;
        int Inv;
        std::uint64_t Sum, Weighted;
    };
    const Case cases[] = {
        {"astronaut", 0, 3, 2, 0, 51794835ull, 111366086781263175ull},
        {"astronaut", 0, 11, 2, 0, 43819710ull, 94142399536124100ull},
        {"astronaut", 0, 15, -3, 0, 21025770ull, 45132573284021505ull},
        {"astronaut", 0, 17, 2.5, 0, 44072925ull, 94658358971408085ull},
        {"astronaut", 0, 51, 5, 1, 28225695ull, 60567385953841245ull},
        {"astronaut", 0, 101, 0, 0, 34961520ull, 75079168951610895ull},
        {"astronaut", 0, 255, 7, 0, 39158565ull, 84108047093682270ull},
        {"astronaut", 1, 3, 2, 0, 53758080ull, 115555301572665255ull},
        {"astronaut", 1, 5, 2, 0, 51067575ull, 109792890270236640ull},
        {"astronaut", 1, 7, -1.5, 1, 52212015ull, 112135051989897840ull},
        {"astronaut", 1, 9, 0, 0, 26713035ull, 57389678933417370ull},
        {"astronaut", 1, 11, 2, 0, 46578810ull, 100148368297805400ull},
        {"astronaut", 1, 31, 4, 0, 45984150ull, 98783079169358055ull},
        {"astronaut", 1, 101, 2.5, 1, 31732710ull, 68113102220539650ull},
        {"coffee", 0, 3, 2, 0, 44919270ull, 96492676588031745ull},
        {"coffee", 0, 11, 2, 0, 36649875ull, 78698954375257020ull},
        {"coffee", 0, 15, -3, 0, 16178220ull, 34697857007423205ull},
        {"coffee", 0, 17, 2.5, 0, 37304205ull, 80120858943646650ull},
        {"coffee", 0, 51, 5, 1, 26194110ull, 56305650509146695ull},
        {"coffee", 0, 101, 0, 0, 26735220ull, 57423009598960755ull},
        {"coffee", 0, 255, 7, 0, 31553190ull, 67746726746302470ull},
        {"coffee", 1, 3, 2, 0, 46674180ull, 100282890781898940ull},
        {"coffee", 1, 5, 2, 0, 43844190ull, 94189329555580020ull},
        {"coffee", 1, 7, -1.5, 1, 47925975ull, 102949073021866560ull},
        {"coffee", 1, 9, 0, 0, 23686185ull, 50888175951887130ull},
        {"coffee", 1, 11, 2, 0, 39455895ull, 84690985253001165ull},
        {"coffee", 1, 31, 4, 0, 39714720ull, 85280368471180710ull},
        {"coffee", 1, 101, 2.5, 1, 31857405ull, 68418306898863480ull},
        {"chelsea", 0, 3, 2, 0, 26333850ull, 56502875897921475ull},
        {"chelsea", 0, 11, 2, 0, 21949380ull, 47136143135172660ull},
        {"chelsea", 0, 15, -3, 0, 11583885ull, 24859953460726125ull},
        {"chelsea", 0, 17, 2.5, 0, 22540215ull, 48406478503365390ull},
        {"chelsea", 0, 51, 5, 1, 12630405ull, 27091302120141210ull},
        {"chelsea", 0, 101, 0, 0, 18327615ull, 39411728551684500ull},
        {"chelsea", 0, 255, 7, 0, 21230280ull, 45598516203392190ull},
        {"chelsea", 1, 3, 2, 0, 27272760ull, 58513516752056715ull},
        {"chelsea", 1, 5, 2, 0, 25842465ull, 55436175607770990ull},
        {"chelsea", 1, 7, -1.5, 1, 26605425ull, 57146332865127525ull},
        {"chelsea", 1, 9, 0, 0, 14740530ull, 31636244327051190ull},
        {"chelsea", 1, 11, 2, 0, 23403645ull, 50222934896857140ull},
        {"chelsea", 1, 31, 4, 0, 24025845ull, 51584268236311170ull},
        {"chelsea", 1, 101, 2.5, 1, 14358285ull, 30850362830193075ull},
    };
    std::string loaded;
    Plane8 g;
    for (const Case& c : cases) {
        if (loaded != c.Name) {
            g = iptest::LoadGray(c.Name);
            loaded = c.Name;
        }
        INFO(c.Name << " method " << c.Method << " block " << c.Block << " C " << c.C << " inv " << c.Inv);
        const AdaptiveSpec spec{c.Method ? AdaptiveMethod::Gaussian : AdaptiveMethod::Mean, c.Block, c.C, c.Inv != 0};
        const auto r = AdaptiveThreshold(g, spec);
        REQUIRE(r.Ok());
        CHECK(Checksum(r->Binary) == std::make_pair(c.Sum, c.Weighted));
    }
}

TEST_CASE("adaptive job: slicing, integer delta, validation", "[image_processing]")
{
    const Plane8 g = iptest::LoadGray("chelsea"); // 451 wide: odd width
    for (AdaptiveMethod method : {AdaptiveMethod::Mean, AdaptiveMethod::Gaussian})
        for (long long budget : {1LL, 3000LL, 100000LL}) { // one row per call, a few, many
            const AdaptiveSpec spec{method, 21, 3.5, false};
            auto job = AdaptiveJob::Start(g, spec);
            REQUIRE(job.Ok());
            CHECK(job->IntegerDelta() == 4); // ceil(C) for BINARY
            while (!job->Done()) job.Value().Step(budget);
            CHECK(job->Output().Pixels == AdaptiveThreshold(g, spec)->Binary.Pixels);
            CHECK(job->Mean().Pixels == AdaptiveThreshold(g, spec)->Mean.Pixels);
        }
    CHECK(AdaptiveJob::Start(g, {AdaptiveMethod::Mean, 11, 3.5, true})->IntegerDelta() == 3); // floor(C) for INV
    CHECK_FALSE(AdaptiveThreshold(g, {AdaptiveMethod::Mean, 4, 0.0, false}).Ok());
    CHECK_FALSE(AdaptiveThreshold(g, {AdaptiveMethod::Mean, 1, 0.0, false}).Ok());
    CHECK_FALSE(AdaptiveThreshold(g, {AdaptiveMethod::Mean, 257, 0.0, false}).Ok());
    CHECK_FALSE(AdaptiveThreshold(g, {AdaptiveMethod::Mean, 11, NAN, false}).Ok());
}

TEST_CASE("uneven lighting: a global threshold fails where the local one works", "[image_processing]")
{
    const auto page = MakeUnevenLightingImage(SyntheticSpec{});
    REQUIRE(page.Ok());
    const Plane8& g = page->Gray;
    CHECK(g.Width == 512);
    CHECK(g.Height == 384);
    // Deterministic for a seed, different for another.
    CHECK(MakeUnevenLightingImage(SyntheticSpec{})->Gray.Pixels == g.Pixels);
    SyntheticSpec other;
    other.Seed = 2;
    CHECK(MakeUnevenLightingImage(other)->Gray.Pixels != g.Pixels);

    // Intersection over union of the ink found (0 in the binary map: ink is dark) with the true ink.
    auto ink_iou = [&](const Plane8& binary) {
        long long both = 0, either = 0;
        for (std::size_t i = 0; i < binary.Pixels.size(); ++i) {
            const bool found = binary.Pixels[i] == 0, ink = page->Ink.Pixels[i] != 0;
            both += found && ink;
            either += found || ink;
        }
        return static_cast<double>(both) / static_cast<double>(either);
    };
    // No global threshold separates ink from paper: even the best of all 256 fails.
    double best_global = 0.0;
    for (int t = 0; t < 256; ++t) best_global = std::max(best_global, ink_iou(ThresholdBinary(g, t)));
    const double otsu = ink_iou(ThresholdBinary(g, Otsu(g)->Threshold));
    const double mean = ink_iou(AdaptiveThreshold(g, {AdaptiveMethod::Mean, 31, 10.0, false})->Binary);
    const double gauss = ink_iou(AdaptiveThreshold(g, {AdaptiveMethod::Gaussian, 31, 10.0, false})->Binary);
    WARN("ink IoU: best global threshold " << best_global << ", Otsu " << otsu << ", adaptive mean " << mean << ", gaussian "
                                           << gauss);
    CHECK(best_global < 0.6);
    CHECK(otsu < 0.5);
    CHECK(mean > 0.9);
    CHECK(gauss > 0.9);
    CHECK_FALSE(MakeUnevenLightingImage(SyntheticSpec{32, 64, 0.5, 1.0, 1}).Ok());
}
