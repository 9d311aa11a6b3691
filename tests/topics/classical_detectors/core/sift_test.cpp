// SIFT: a blob's scale and position, orientation histograms on ramps, descriptor invariants, the
// rejection funnel, and repeatability under rotation within 10 points of cv2.SIFT_create().
#include <catch2/catch.hpp>

#include <cmath>

#include "topics/classical_detectors/core/matching.h"
#include "topics/classical_detectors/core/sift.h"
#include "topics/classical_detectors/core/test_data.h"
#include "topics/classical_detectors/core/transform.h"

using namespace mlviz;

namespace {

GreyImage Blob(int size, double cx, double cy, double s)
{
    GreyImage g = MakeGreyImage(size, size);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const double r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
            g.At(x, y) = static_cast<std::uint8_t>(std::lround(30 + 200 * std::exp(-r2 / (2 * s * s))));
        }
    return g;
}

FloatImage Ramp(bool along_x)
{
    FloatImage f = MakeFloatImage(40, 40);
    for (int y = 0; y < 40; ++y)
        for (int x = 0; x < 40; ++x) f.At(x, y) = static_cast<float>(along_x ? 3 * x : 3 * y);
    return f;
}

} // namespace

TEST_CASE("sift: a Gaussian blob gives a keypoint at its centre with size ~ 2 sigma", "[classical_detectors]")
{
    for (double s : {3.0, 6.0}) {
        auto r = DetectSift(Blob(96, 47.3, 50.6, s), {});
        REQUIRE(r);
        const Keypoint* best = nullptr;
        for (const Keypoint& k : r->Keypoints)
            if (!best || k.Response > best->Response) best = &k;
        REQUIRE(best);
        INFO("blob sigma " << s << ": keypoint at " << best->X << ", " << best->Y << " size " << best->Size);
        CHECK(best->X == Approx(47.3).margin(0.5));
        CHECK(best->Y == Approx(50.6).margin(0.5));
        // The scale-normalised Laplacian of a Gaussian blob of std s peaks at sigma = s; size = 2 sigma.
        CHECK(best->Size == Approx(2 * s).epsilon(0.2));
    }
    CHECK(DetectSift(MakeGreyImage(64, 64, 90), {})->Keypoints.empty()); // flat: nothing
}

TEST_CASE("sift: orientation histogram of ramps (OpenCV's dy = I(y-1) - I(y+1))", "[classical_detectors]")
{
    float hist[36];
    const float mx = SiftOrientationHistogram(Ramp(true), 20, 20, 6, 2.0f, hist);
    CHECK(hist[0] == mx); // gradient along +x: 0 deg
    SiftOrientationHistogram(Ramp(false), 20, 20, 6, 2.0f, hist);
    CHECK(std::max_element(hist, hist + 36) - hist == 27); // brighter downwards: dy < 0, 270 deg
}

TEST_CASE("sift: descriptors are normalised and ignore brightness offsets", "[classical_detectors]")
{
    const GreyImage g = cd_test::LoadGrey("chelsea");
    auto a = DetectSift(g, {});
    REQUIRE(a);
    REQUIRE(a->Keypoints.size() > 100);
    const SiftCounts& c = a->Counts;
    CHECK(c.Extrema == c.NotConverged + c.LowContrast + c.OnEdge + c.Accepted);
    CHECK(a->Keypoints.size() >= static_cast<std::size_t>(c.Accepted) * 9 / 10); // some extrema give two orientations
    for (std::size_t i = 0; i < a->Descriptors.size(); i += 37) {
        double n2 = 0.0;
        for (float v : a->Descriptors[i]) {
            CHECK(v >= 0.0f);
            CHECK(v <= 255.0f);
            n2 += v * v;
        }
        CHECK(std::sqrt(n2) == Approx(512.0).margin(25.0)); // 512 * unit vector, rounded and saturated
    }
    // Same octave image plus 20: gradients, hence the descriptor, unchanged.
    const FloatImage& img = a->Octaves[1].Gauss[1];
    FloatImage brighter = img;
    for (float& v : brighter.Pixels) v += 20.0f;
    const SiftDescriptor d0 = SiftDescribe(img, 100.0f, 80.0f, 30.0f, 3.0f);
    const SiftDescriptor d1 = SiftDescribe(brighter, 100.0f, 80.0f, 30.0f, 3.0f);
    float diff = 0.0f;
    for (int i = 0; i < 128; ++i) diff = std::max(diff, std::fabs(d0[i] - d1[i]));
    CHECK(diff <= 1.0f);
}

TEST_CASE("sift: pyramid layout and keypoint count as OpenCV's defaults", "[classical_detectors]")
{
    const GreyImage g = cd_test::LoadGrey("astronaut");
    auto job = SiftJob::Start(g, {});
    REQUIRE(job);
    int calls = 0;
    while (!job->Done()) {
        job.Value().Step(400000);
        ++calls;
    }
    CHECK(calls > 100);
    const SiftResult& r = job->Output();
    // Doubled 1024 x 1024 base: round(log2(1024) - 2) + 1 = 9 octaves of 6 Gaussians and 5 DoGs.
    REQUIRE(r.Octaves.size() == 9);
    CHECK(r.Octaves[0].Gauss.size() == 6);
    CHECK(r.Octaves[0].Dog.size() == 5);
    CHECK(r.Octaves[0].Gauss[0].Width == 1024);
    CHECK(r.Octaves[8].Gauss[0].Width == 4);
    // OpenCV 4.6 finds 1105 keypoints on astronaut (tools/classical_detectors_reference.py keypoints).
    CHECK(std::fabs(static_cast<double>(r.Keypoints.size()) - 1105.0) <= 0.05 * 1105);
    CHECK(r.Descriptors.size() == r.Keypoints.size());
    for (const Keypoint& k : r.Keypoints) {
        CHECK(k.Octave >= -1);
        CHECK(k.Layer >= 1);
        CHECK(k.Layer <= 3);
    }
    SiftOptions lean;
    lean.KeepScaleSpace = false;
    const SiftResult l = DetectSift(g, lean).Value();
    CHECK(l.Keypoints.size() == r.Keypoints.size());
    CHECK(l.Descriptors == r.Descriptors);
    CHECK(l.Octaves[0].Gauss[1].Pixels.empty());
    CHECK(l.Octaves[3].Dog[2].Pixels.empty());
    CHECK_FALSE(SiftJob::Start(MakeGreyImage(10, 100), {}));
    SiftOptions bad;
    bad.OctaveLayers = 0;
    CHECK_FALSE(SiftJob::Start(g, bad));
}

TEST_CASE("sift: repeatability under rotation within 10 points of OpenCV's SIFT", "[classical_detectors]")
{
    struct Ref {
        const char* Image;
        int Angle;
        double Sift;
    };
    // tools/classical_detectors_reference.py keypoints, OpenCV 4.6.0 cv2.SIFT_create(), %, eps 3 px
    const Ref refs[] = {{"astronaut", 15, 75.72},
                        {"astronaut", 45, 80.39},
                        {"astronaut", 90, 94.71},
                        {"chelsea", 30, 77.78},
                        {"chelsea", 90, 73.93}};
    std::string current;
    SiftResult a;
    GreyImage g;
    for (const Ref& r : refs) {
        if (current != r.Image) {
            current = r.Image;
            g = cd_test::LoadGrey(r.Image);
            a = DetectSift(g, {}).Value();
        }
        auto t = ApplyTransform(g, {TransformKind::Rotate, static_cast<double>(r.Angle), 1});
        const SiftResult b = DetectSift(t->Image, {}).Value();
        std::vector<FeatureMatch> m = MatchRatio(a.Descriptors, b.Descriptors, 0.75f);
        const KeypointEvaluation e = EvaluateKeypoints(a.Keypoints, b.Keypoints, t->H, g.Width, g.Height, m, 3.0);
        INFO(r.Image << " rotated " << r.Angle << ": SIFT repeatability " << 100 * e.Repeatability << " %, OpenCV " << r.Sift);
        CHECK(std::fabs(100 * e.Repeatability - r.Sift) <= 10.0);
        CHECK(e.Precision > 0.9);
    }
}
