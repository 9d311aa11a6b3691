// Augmentation: boxes follow flips, rotation and crops (checked against a direct transform of the
// corners), torchvision 0.14's RandomResizedCrop fallback and rotation direction (values from
// tools/image_processing_reference.py), mixup and cutmix label weights against their definitions
// (Zhang et al. 2018, Yun et al. 2019), masks following the pixels, and the seeded grid.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/random.h"
#include "topics/image_processing/core/augment.h"
#include "topics/image_processing/core/augment_job.h"
#include "topics/image_processing/core/augment_pixels.h"

using namespace mlviz;

namespace {

constexpr double kPi = 3.14159265358979323846;

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

// The enclosing box of the 4 corners mapped by f, clipped to the canvas.
template <typename F>
AugBox Direct(const AugBox& b, double w, double h, F f)
{
    double x1 = 1e300, y1 = 1e300, x2 = -1e300, y2 = -1e300;
    for (double x : {b.X1, b.X2})
        for (double y : {b.Y1, b.Y2}) {
            double u, v;
            f(x, y, &u, &v);
            x1 = std::min(x1, u);
            y1 = std::min(y1, v);
            x2 = std::max(x2, u);
            y2 = std::max(y2, v);
        }
    return {std::clamp(x1, 0.0, w), std::clamp(y1, 0.0, h), std::clamp(x2, 0.0, w), std::clamp(y2, 0.0, h), b.Label};
}

void CheckBox(const AugBox& got, const AugBox& want)
{
    CHECK(got.X1 == Approx(want.X1).margin(1e-9));
    CHECK(got.Y1 == Approx(want.Y1).margin(1e-9));
    CHECK(got.X2 == Approx(want.X2).margin(1e-9));
    CHECK(got.Y2 == Approx(want.Y2).margin(1e-9));
    CHECK(got.Label == want.Label);
}

std::vector<AugBox> RandomBoxes(std::mt19937& rng, int n, double w, double h)
{
    std::vector<AugBox> out;
    for (int i = 0; i < n; ++i) {
        const double x1 = Uniform(rng, 0.0, w - 1), y1 = Uniform(rng, 0.0, h - 1);
        out.push_back({x1, y1, Uniform(rng, x1 + 0.5, w), Uniform(rng, y1 + 0.5, h), i});
    }
    return out;
}

} // namespace

TEST_CASE("boxes follow flips, rotation and crops as their corners do", "[image_processing]")
{
    std::mt19937 rng(7);
    const int W = 120, H = 80;
    for (int trial = 0; trial < 40; ++trial) {
        const std::vector<AugBox> boxes = RandomBoxes(rng, 6, W, H);
        AugmentParams flip;
        flip.HFlip = true;
        flip.VFlip = trial % 2 == 1;
        const auto rf = TransformBoxes(boxes, W, H, flip);
        REQUIRE(rf.Boxes.size() == boxes.size());
        for (std::size_t i = 0; i < boxes.size(); ++i)
            CheckBox(rf.Boxes[i], Direct(boxes[i], W, H, [&](double x, double y, double* u, double* v) {
                         *u = W - x;
                         *v = flip.VFlip ? H - y : y;
                     }));

        AugmentParams rot;
        rot.Angle = Uniform(rng, -180.0, 180.0);
        const double t = rot.Angle * kPi / 180.0;
        const auto rr = TransformBoxes(boxes, W, H, rot);
        std::size_t k = 0;
        for (std::size_t i = 0; i < boxes.size(); ++i) {
            // Counter-clockwise on screen (y down) about the centre.
            const AugBox want = Direct(boxes[i], W, H, [&](double x, double y, double* u, double* v) {
                *u = W / 2.0 + std::cos(t) * (x - W / 2.0) + std::sin(t) * (y - H / 2.0);
                *v = H / 2.0 - std::sin(t) * (x - W / 2.0) + std::cos(t) * (y - H / 2.0);
            });
            if (!(want.X2 > want.X1 && want.Y2 > want.Y1)) continue; // rotated out of the canvas
            REQUIRE(k < rr.Boxes.size());
            CHECK(rr.Source[k] == static_cast<int>(i));
            CheckBox(rr.Boxes[k++], want);
        }
        CHECK(k == rr.Boxes.size());

        AugmentParams crop;
        crop.Crop = true;
        crop.CropBox = RandomResizedCropParams(W, H, 0.1, 1.0, 0.5, 2.0, rng);
        const auto rc = TransformBoxes(boxes, W, H, crop);
        k = 0;
        for (std::size_t i = 0; i < boxes.size(); ++i) {
            const CropRect c = crop.CropBox;
            const AugBox want = Direct(boxes[i], W, H, [&](double x, double y, double* u, double* v) {
                *u = (x - c.X) * W / c.W;
                *v = (y - c.Y) * H / c.H;
            });
            if (!(want.X2 > want.X1 && want.Y2 > want.Y1)) continue; // outside the crop
            REQUIRE(k < rc.Boxes.size());
            CheckBox(rc.Boxes[k++], want);
        }
        CHECK(k == rc.Boxes.size());
    }
    // A 90 degree turn of a square maps a box exactly: (10, 20, 30, 25) in 100 x 100.
    AugmentParams q;
    q.Angle = 90.0;
    const auto r90 = TransformBoxes({{10, 20, 30, 25, 3}}, 100, 100, q);
    REQUIRE(r90.Boxes.size() == 1);
    CheckBox(r90.Boxes[0], {20, 70, 25, 90, 3});
}

TEST_CASE("rotation turns the way torchvision.transforms.functional.rotate does", "[image_processing]")
{
    // torchvision 0.14: a marker at pixel (2, 1) of an 8 x 6 image goes to (2, 4) for +90 degrees,
    // (5, 1) for -90, (5, 4) for 180; hflip sends it to (5, 1).
    const struct {
        double Angle;
        bool HFlip;
        int X, Y;
    } cases[] = {{90, false, 2, 4}, {-90, false, 5, 1}, {180, false, 5, 4}, {0, true, 5, 1}};
    for (const auto& c : cases) {
        AugSample s = Solid(8, 6, 0, 0, 0);
        s.Rgba.At(2, 1)[0] = 255;
        AugmentParams p;
        p.Angle = c.Angle;
        p.HFlip = c.HFlip;
        AugResult r;
        Run(s, nullptr, p, &r);
        int found = 0;
        for (int y = 0; y < 6; ++y)
            for (int x = 0; x < 8; ++x)
                if (r.Sample.Rgba.At(x, y)[0] > 128) {
                    CHECK(x == c.X);
                    CHECK(y == c.Y);
                    ++found;
                }
        CHECK(found == 1);
        const auto pt = TransformPoint(2.5, 1.5, 8, 6, p);
        CHECK(pt[0] == Approx(c.X + 0.5));
        CHECK(pt[1] == Approx(c.Y + 0.5));
    }
}

TEST_CASE("RandomResizedCrop: torchvision's fallback and the ranges of its draws", "[image_processing]")
{
    struct Case {
        int W, H;
        double S0, S1, R0, R1;
        int Expect[4]; // torchvision's (i, j, h, w)
    };
    const Case cases[] = {
        {100, 50, 2, 3, 0.75, 1.3333333333333333, {0, 16, 50, 67}},
        {50, 100, 2, 3, 0.75, 1.3333333333333333, {16, 0, 67, 50}},
        {80, 80, 2, 3, 0.5, 2, {0, 0, 80, 80}},
        {300, 100, 1.5, 2, 1, 1, {0, 100, 100, 100}},
        {101, 37, 5, 6, 0.29999999999999999, 0.59999999999999998, {0, 39, 37, 22}},
    };
    for (const Case& c : cases) {
        std::mt19937 rng(1);
        const CropRect r = RandomResizedCropParams(c.W, c.H, c.S0, c.S1, c.R0, c.R1, rng);
        INFO(c.W << "x" << c.H);
        CHECK(r.Y == c.Expect[0]);
        CHECK(r.X == c.Expect[1]);
        CHECK(r.H == c.Expect[2]);
        CHECK(r.W == c.Expect[3]);
    }
    std::mt19937 rng(3);
    for (int i = 0; i < 2000; ++i) {
        const CropRect r = RandomResizedCropParams(200, 150, 0.08, 1.0, 0.75, 4.0 / 3.0, rng);
        REQUIRE(r.X >= 0);
        REQUIRE(r.Y >= 0);
        REQUIRE(r.X + r.W <= 200);
        REQUIRE(r.Y + r.H <= 150);
        if (r.W == 200 && r.H == 150) continue; // the fallback (whole image: 4/3 is in range)
        // Rounding to whole pixels moves area and ratio by at most about a pixel.
        const double area = static_cast<double>(r.W) * r.H / (200.0 * 150.0);
        CHECK(area >= 0.08 - (r.W + r.H) / 30000.0);
        CHECK(static_cast<double>(r.W) / r.H <= 4.0 / 3.0 * (r.W + 0.5) / (r.W - 0.5) * (r.H + 0.5) / (r.H - 0.5));
    }
}

TEST_CASE("mixup: lambda a + (1 - lambda) b with label weights lambda, 1 - lambda", "[image_processing]")
{
    AugSample a = Solid(20, 10, 200, 100, 0), b = Solid(10, 10, 0, 50, 250);
    a.Boxes = {{1, 1, 5, 5, 1}};
    b.Boxes = {{0, 0, 5, 10, 2}};
    for (int y = 0; y < 10; ++y)
        for (int x = 0; x < 10; ++x) b.Mask.At(x, y) = 2;
    AugmentParams p;
    p.Mix = MixMode::Mixup;
    p.Lambda = 0.3;
    AugResult r;
    Run(a, &b, p, &r);
    CHECK(r.WeightA == Approx(0.3));
    CHECK(r.WeightB == Approx(0.7));
    CHECK(r.WeightA + r.WeightB == Approx(1.0));
    CHECK(r.Sample.Rgba.At(7, 3)[0] == 60);  // 0.3 * 200 + 0.7 * 0
    CHECK(r.Sample.Rgba.At(7, 3)[1] == 65);  // 0.3 * 100 + 0.7 * 50
    CHECK(r.Sample.Rgba.At(7, 3)[2] == 175); // 0.7 * 250
    REQUIRE(r.Sample.Boxes.size() == 2);
    CHECK(r.BoxSource == std::vector<int>{0, -1});
    CHECK(r.BoxWeight == std::vector<double>{0.3, 0.7});
    CheckBox(r.Sample.Boxes[1], {0, 0, 10, 10, 2});     // b's box scaled to a's 20 x 10
    CHECK(r.Sample.Mask.At(15, 5) == 2);                // lambda < 0.5: b's mask
    CHECK_FALSE(AugmentJob::Start(a, nullptr, p).Ok()); // mixing needs a partner
}

TEST_CASE("cutmix: label weight 1 - (clipped patch area) / (W H) equals the share of a's pixels", "[image_processing]")
{
    std::mt19937 rng(11);
    for (int trial = 0; trial < 30; ++trial) {
        const int W = 32 + trial, H = 24;
        AugSample a = Solid(W, H, 255, 255, 255), b = Solid(17, 13, 0, 0, 0);
        for (int y = 0; y < 13; ++y)
            for (int x = 0; x < 17; ++x) b.Mask.At(x, y) = 5;
        b.Boxes = {{0, 0, 17, 13, 5}};
        AugmentParams p;
        p.Mix = MixMode::CutMix;
        p.Lambda = SampleBeta(rng, 1.0, 1.0);
        p.CutBox = CutMixBox(W, H, p.Lambda, rng);
        // Yun et al.'s rand_bbox: cut = int(W sqrt(1 - lambda)), centre uniform, edges clipped.
        const int cut_w = static_cast<int>(W * std::sqrt(1.0 - p.Lambda));
        CHECK(p.CutBox.W <= cut_w + 1);
        AugResult r;
        Run(a, &b, p, &r);
        long long from_b = 0, mask_b = 0;
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x) {
                from_b += r.Sample.Rgba.At(x, y)[0] == 0;
                mask_b += r.Sample.Mask.At(x, y) == 5;
            }
        const double lambda_adj = 1.0 - static_cast<double>(p.CutBox.W) * p.CutBox.H / (static_cast<double>(W) * H);
        CHECK(r.WeightA == Approx(lambda_adj));
        CHECK(r.WeightB == Approx(1.0 - lambda_adj));
        CHECK(1.0 - static_cast<double>(from_b) / (W * H) == Approx(lambda_adj));
        CHECK(mask_b == from_b);
        // b's only box, clipped to the patch, is the patch itself.
        if (p.CutBox.W > 0 && p.CutBox.H > 0) {
            REQUIRE(r.Sample.Boxes.size() == 1);
            CheckBox(
                r.Sample.Boxes[0],
                {double(p.CutBox.X), double(p.CutBox.Y), double(p.CutBox.X + p.CutBox.W), double(p.CutBox.Y + p.CutBox.H), 5});
        }
    }
}

TEST_CASE("Beta(alpha, alpha) draws have the right mean and variance", "[image_processing]")
{
    for (double alpha : {0.2, 1.0, 4.0}) {
        std::mt19937 rng(5);
        const int n = 40000;
        double sum = 0.0, sq = 0.0;
        for (int i = 0; i < n; ++i) {
            const double v = SampleBeta(rng, alpha, alpha);
            REQUIRE(v >= 0.0);
            REQUIRE(v <= 1.0);
            sum += v;
            sq += v * v;
        }
        const double mean = sum / n, var = sq / n - mean * mean;
        INFO("alpha " << alpha);
        CHECK(mean == Approx(0.5).margin(0.01));
        CHECK(var == Approx(1.0 / (4.0 * (2.0 * alpha + 1.0))).epsilon(0.05));
    }
}

TEST_CASE("the mask and the pixels follow the geometry like the boxes", "[image_processing]")
{
    const int W = 64, H = 48;
    AugSample s = Solid(W, H, 0, 0, 0);
    s.Boxes = {{8, 6, 24, 30, 1}};
    for (int y = 6; y < 30; ++y)
        for (int x = 8; x < 24; ++x) {
            s.Mask.At(x, y) = 1;
            s.Rgba.At(x, y)[1] = 255;
        }
    AugmentParams p;
    p.HFlip = true;
    p.Crop = true;
    p.CropBox = {4, 3, 32, 24}; // a 2x zoom: every output pixel is a whole input pixel's centre band
    AugResult r;
    Run(s, nullptr, p, &r);
    REQUIRE(r.Sample.Boxes.size() == 1);
    const AugBox& b = r.Sample.Boxes[0];
    int x1 = W, y1 = H, x2 = 0, y2 = 0;
    for (int y = 0; y < H; ++y)
        for (int x = 0; x < W; ++x)
            if (r.Sample.Mask.At(x, y) == 1) {
                x1 = std::min(x1, x);
                y1 = std::min(y1, y);
                x2 = std::max(x2, x + 1);
                y2 = std::max(y2, y + 1);
            }
    CHECK(x1 == Approx(b.X1));
    CHECK(y1 == Approx(b.Y1));
    CHECK(x2 == Approx(b.X2));
    CHECK(y2 == Approx(b.Y2));
    CHECK(r.Sample.Rgba.At(static_cast<int>(b.X1 + b.X2) / 2, static_cast<int>(b.Y1 + b.Y2) / 2)[1] == 255);
}
