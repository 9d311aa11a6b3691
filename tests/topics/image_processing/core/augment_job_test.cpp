// Augmentation jobs: photometric operations (jitter identities, HSV round trip, noise, cutout) and
// the seeded policy grid (deterministic, sliceable, validated).
#include <catch2/catch.hpp>

#include <cmath>

#include "topics/image_processing/core/augment.h"
#include "topics/image_processing/core/augment_job.h"
#include "topics/image_processing/core/augment_pixels.h"
#include "topics/image_processing/core/samples.h"
#include "ip_test_util.h"

using namespace mlviz;

namespace {

AugSample Solid(int w, int h, std::uint8_t r, std::uint8_t g, std::uint8_t b)
{
    AugSample s;
    s.Rgba.Width = w;
    s.Rgba.Height = h;
    s.Rgba.Pixels.resize(static_cast<std::size_t>(w) * h * 4);
    for (std::size_t i = 0; i < s.Rgba.Pixels.size(); i += 4) {
        s.Rgba.Pixels[i] = r;
        s.Rgba.Pixels[i + 1] = g;
        s.Rgba.Pixels[i + 2] = b;
        s.Rgba.Pixels[i + 3] = 255;
    }
    s.Mask = Plane8(w, h);
    return s;
}

AugmentParams Run(const AugSample& a, const AugSample* b, const AugmentParams& p, AugResult* out)
{
    auto job = AugmentJob::Start(a, b, p);
    REQUIRE(job.Ok());
    while (!job->Done()) job.Value().Step(2000);
    *out = job->Output();
    return p;
}

} // namespace

TEST_CASE("photometric ops: jitter identities, HSV round trip, noise and cutout", "[image_processing]")
{
    for (int i = 0; i < 500; ++i) {
        const float r = (i * 37 % 256) / 255.0f, g = (i * 91 % 256) / 255.0f, b = (i * 53 % 256) / 255.0f;
        float h, s, v, r2, g2, b2;
        RgbToHsv(r, g, b, &h, &s, &v);
        HsvToRgb(h, s, v, &r2, &g2, &b2);
        CHECK(r2 == Approx(r).margin(1e-5));
        CHECK(g2 == Approx(g).margin(1e-5));
        CHECK(b2 == Approx(b).margin(1e-5));
    }
    AugSample s = Solid(16, 16, 200, 120, 40);
    AugmentParams p;
    p.Jitter = true; // all factors 1, hue 0: identity
    AugResult r;
    Run(s, nullptr, p, &r);
    CHECK(r.Sample.Rgba.Pixels == s.Rgba.Pixels);
    p.BrightnessF = 0.5;
    Run(s, nullptr, p, &r);
    CHECK(r.Sample.Rgba.At(3, 3)[0] == 100);
    p = AugmentParams{};
    p.Jitter = true;
    p.SaturationF = 0.0; // grey: 0.2989 * 200 + 0.587 * 120 + 0.114 * 40 = 134.78
    Run(s, nullptr, p, &r);
    CHECK(r.Sample.Rgba.At(0, 0)[0] == 135);
    CHECK(r.Sample.Rgba.At(0, 0)[2] == 135);
    p = AugmentParams{};
    p.NoiseSigma = 20.0;
    p.NoiseSeed = 9;
    Run(s, nullptr, p, &r);
    double mean = 0.0, sq = 0.0;
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) {
            const double d = r.Sample.Rgba.At(x, y)[1] - 120.0;
            mean += d;
            sq += d * d;
        }
    CHECK(mean / 256 == Approx(0.0).margin(4.0));
    CHECK(std::sqrt(sq / 256) == Approx(20.0).epsilon(0.2));
    p = AugmentParams{};
    p.Cutout = true;
    p.CutoutBox = {2, 3, 5, 4};
    Run(s, nullptr, p, &r);
    CHECK(r.Sample.Rgba.At(2, 3)[0] == 124);
    CHECK(r.Sample.Rgba.At(6, 6)[2] == 104);
    CHECK(r.Sample.Rgba.At(7, 6)[0] == 200);
}

TEST_CASE("policy grid: seeded, sliceable, validated", "[image_processing]")
{
    AugSample a = Solid(48, 32, 10, 200, 30), b = Solid(40, 40, 250, 10, 10);
    a.Boxes = {{4, 4, 20, 20, 1}, {30, 10, 44, 28, 2}};
    AugmentPolicy policy;
    policy.Mix = MixMode::CutMix;
    policy.RotateP = 0.5;
    auto grid = AugmentGridJob::Start(a, &b, policy, 42);
    REQUIRE(grid.Ok());
    REQUIRE(grid->Draws().size() == 8);
    int steps = 0;
    while (!grid->Done()) {
        grid.Value().Step(500);
        ++steps;
    }
    CHECK(steps > 8);
    auto again = AugmentGridJob::Start(a, &b, policy, 42);
    while (!again->Done()) again.Value().Step();
    auto other = AugmentGridJob::Start(a, &b, policy, 43);
    bool differs = false;
    for (std::size_t i = 0; i < 8; ++i) {
        CHECK(grid->Output(i).Sample.Rgba.Pixels == again->Output(i).Sample.Rgba.Pixels);
        CHECK(grid->Output(i).WeightA + grid->Output(i).WeightB == Approx(1.0));
        differs =
            differs || other->Draws()[i].HFlip != grid->Draws()[i].HFlip || other->Draws()[i].Angle != grid->Draws()[i].Angle;
    }
    CHECK(differs);
    policy.ScaleMin = 2.0;
    CHECK_FALSE(AugmentGridJob::Start(a, &b, policy, 1).Ok());
    policy = AugmentPolicy{};
    policy.Mix = MixMode::Mixup;
    CHECK_FALSE(AugmentGridJob::Start(a, nullptr, policy, 1).Ok());
    AugSample bad = a;
    bad.Boxes.push_back({5, 5, 1, 9, 0}); // x2 < x1
    CHECK_FALSE(AugmentGridJob::Start(bad, nullptr, AugmentPolicy{}, 1).Ok());
}

TEST_CASE("sample annotations fit their photos, masks from boxes are inscribed ellipses", "[image_processing]")
{
    REQUIRE(SampleAnnotations().size() == 3);
    for (const SampleAnnotation& a : SampleAnnotations()) {
        INFO(a.Image);
        const Image img = iptest::LoadSample(a.Image);
        CHECK(img.Width == a.Width);
        CHECK(img.Height == a.Height);
        for (const SampleObject& o : a.Objects) {
            CHECK(o.Box.X1 >= 0.0);
            CHECK(o.Box.Y1 >= 0.0);
            CHECK(o.Box.X2 <= a.Width);
            CHECK(o.Box.Y2 <= a.Height);
            CHECK(o.Box.X2 > o.Box.X1);
            CHECK(o.Box.Y2 > o.Box.Y1);
            CHECK(o.Box.Label >= 1);
        }
    }
    CHECK(FindSampleAnnotation("coffee") != nullptr);
    CHECK(FindSampleAnnotation("nope") == nullptr);
    const Plane8 m = MaskFromBoxes(200, 100, {{20, 10, 180, 90, 7}, {90, 40, 110, 60, 9}});
    long long sevens = 0, nines = 0;
    for (std::uint8_t v : m.Pixels) {
        sevens += v == 7;
        nines += v == 9;
    }
    CHECK(static_cast<double>(sevens + nines) == Approx(3.14159265358979 * 80 * 40).epsilon(0.01)); // the big ellipse
    CHECK(static_cast<double>(nines) == Approx(3.14159265358979 * 10 * 10).epsilon(0.05));          // drawn over it
    CHECK(m.At(0, 0) == 0);
    CHECK(m.At(100, 50) == 9);
}
