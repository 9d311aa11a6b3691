// ORB: the published rBRIEF pattern, Harris and intensity-centroid invariants, the pyramid quotas
// of OpenCV's ORB_Impl, and repeatability under rotation within 10 points of cv2.ORB_create().
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "topics/classical_detectors/core/matching.h"
#include "topics/classical_detectors/core/orb.h"
#include "topics/classical_detectors/core/test_data.h"
#include "topics/classical_detectors/core/transform.h"

using namespace mlviz;

namespace {

GreyImage Rot90(const GreyImage& g) // counter-clockwise on screen: (x, y) -> (y, w - 1 - x)
{
    GreyImage r = MakeGreyImage(g.Height, g.Width);
    for (int y = 0; y < g.Height; ++y)
        for (int x = 0; x < g.Width; ++x) r.At(y, g.Width - 1 - x) = g.At(x, y);
    return r;
}

GreyImage Corner(int size) // a bright quadrant: a corner at the centre
{
    GreyImage g = MakeGreyImage(size, size, 40);
    for (int y = size / 2; y < size; ++y)
        for (int x = size / 2; x < size; ++x) g.At(x, y) = 200;
    return g;
}

} // namespace

TEST_CASE("orb: the rBRIEF tests are OpenCV's bit_pattern_31_ (Rublee et al.)", "[classical_detectors]")
{
    // First, second and last rows of orb.cpp's table.
    CHECK(std::vector<int>(kOrbBitPattern31, kOrbBitPattern31 + 8) == std::vector<int>{8, -3, 9, 5, 4, 2, 7, -12});
    CHECK(std::vector<int>(kOrbBitPattern31 + 1020, kOrbBitPattern31 + 1024) == std::vector<int>{-1, -6, 0, -11});
    int lo = 0, hi = 0;
    for (int i = 0; i < 1024; ++i) lo = std::min(lo, kOrbBitPattern31[i]), hi = std::max(hi, kOrbBitPattern31[i]);
    CHECK(lo == -13);
    CHECK(hi == 12);
    // On a ramp I = 2x + 40 every bit is x1 < x2 (angle 0); turned by 90 deg the test reads y:
    // x' = -y, so the bit is y1 > y2.
    GreyImage ramp = MakeGreyImage(64, 64);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x) ramp.At(x, y) = static_cast<std::uint8_t>(2 * x + 40);
    const OrbDescriptor d0 = OrbDescribe(ramp, 32, 32, 0.0f);
    const OrbDescriptor d90 = OrbDescribe(ramp, 32, 32, 90.0f);
    for (int i = 0; i < 256; ++i) {
        const int* t = kOrbBitPattern31 + i * 4;
        INFO("test " << i);
        CHECK(((d0[i / 8] >> (i % 8)) & 1) == (t[0] < t[2] ? 1 : 0));
        CHECK(((d90[i / 8] >> (i % 8)) & 1) == (t[1] > t[3] ? 1 : 0));
    }
    CHECK(HammingDistance(d0, d0) == 0);
    OrbDescriptor flipped = d0;
    for (auto& b : flipped) b = static_cast<std::uint8_t>(~b);
    CHECK(HammingDistance(d0, flipped) == 256);
}

TEST_CASE("orb: Harris is positive at a corner, negative on an edge, 0 on flat, and turns with the image",
          "[classical_detectors]")
{
    const GreyImage c = Corner(40);
    CHECK(OrbHarrisResponse(c, 20, 20) > 0.0f);
    CHECK(OrbHarrisResponse(c, 30, 20) < 0.0f); // on the vertical edge
    CHECK(OrbHarrisResponse(c, 8, 8) == 0.0f);
    // The measure is symmetric in x and y: equal at the turned position.
    const GreyImage r = Rot90(c);
    for (auto [x, y] : {std::pair{20, 20}, {24, 17}, {30, 21}})
        CHECK(OrbHarrisResponse(r, y, c.Width - 1 - x) == OrbHarrisResponse(c, x, y));
}

TEST_CASE("orb: intensity-centroid orientation points to the bright side and turns with the image", "[classical_detectors]")
{
    const GreyImage c = Corner(64);
    // Bright quadrant below-right of (32, 32): centroid at +45 deg (y down).
    CHECK(OrbIntensityCentroidAngle(c, 32, 32) == Approx(45.0f).margin(1.0f));
    const float a = OrbIntensityCentroidAngle(c, 30, 35);
    const GreyImage r = Rot90(c);
    // Turning the picture 90 deg counter-clockwise on screen subtracts 90 deg (y down).
    float b = OrbIntensityCentroidAngle(r, 35, c.Width - 1 - 30) + 90.0f;
    if (b >= 360.0f) b -= 360.0f;
    CHECK(b == Approx(a).margin(1e-3));
}

TEST_CASE("orb: pyramid, quotas and keypoints as ORB_Impl's defaults", "[classical_detectors]")
{
    const GreyImage g = cd_test::LoadGrey("astronaut");
    auto orb = DetectOrb(g, {});
    REQUIRE(orb);
    REQUIRE(orb->Levels.size() == 8);
    // computeKeyPoints' nfeaturesPerLevel for 500 features, scale 1.2, 8 levels (float arithmetic)
    const int quota[] = {109, 90, 75, 63, 52, 44, 36, 31};
    int total = 0;
    for (int l = 0; l < 8; ++l) {
        CHECK(orb->Levels[l].Quota == quota[l]);
        CHECK(orb->Levels[l].Kept <= quota[l] + 2); // ties at the boundary are kept
        total += orb->Levels[l].Kept;
    }
    CHECK(orb->Levels[1].Image.Width == 427); // round(512 / 1.2f)
    CHECK(orb->Levels[7].Image.Width == 143); // round(512 / 1.2^7)
    CHECK(static_cast<int>(orb->Keypoints.size()) == total);
    CHECK(total >= 495);
    CHECK(orb->Descriptors.size() == orb->Keypoints.size());
    for (const Keypoint& k : orb->Keypoints) {
        const float s = orb->Levels[k.Octave].Scale;
        CHECK(k.Size == Approx(31.0f * s));
        CHECK(k.X >= 31.0f * s - 1e-3f);
        CHECK(k.X <= g.Width - 31.0f * s);
        CHECK(k.Angle >= 0.0f);
        CHECK(k.Angle < 360.0f);
    }
    CHECK_FALSE(DetectOrb(g, OrbOptions{0}));
    OrbOptions bad;
    bad.Levels = 13;
    CHECK_FALSE(DetectOrb(g, bad));
}

TEST_CASE("orb: the sliced job equals one run", "[classical_detectors]")
{
    const GreyImage g = cd_test::LoadGrey("chelsea");
    auto job = OrbJob::Start(g, {});
    REQUIRE(job);
    int calls = 0;
    while (!job->Done()) {
        job.Value().Step(50000);
        ++calls;
    }
    CHECK(calls > 20);
    const OrbResult one = DetectOrb(g, {}).Value();
    REQUIRE(job->Output().Keypoints.size() == one.Keypoints.size());
    for (std::size_t i = 0; i < one.Keypoints.size(); ++i) {
        CHECK(job->Output().Keypoints[i].X == one.Keypoints[i].X);
        CHECK(job->Output().Descriptors[i] == one.Descriptors[i]);
    }
}

TEST_CASE("orb: repeatability under rotation within 10 points of OpenCV's ORB", "[classical_detectors]")
{
    struct Ref {
        const char* Image;
        int Angle;
        double Orb, Sift;
    };
    // tools/classical_detectors_reference.py keypoints, OpenCV 4.6.0 (cv2.ORB_create(), cv2.SIFT_create()),
    // repeatability in %, eps 3 px
    const Ref refs[] = {
        {"astronaut", 15, 90.60, 75.72}, {"astronaut", 30, 86.90, 77.36}, {"astronaut", 45, 86.09, 80.39},
        {"astronaut", 90, 98.40, 94.71}, {"chelsea", 15, 82.52, 74.22},   {"chelsea", 30, 75.20, 77.78},
        {"chelsea", 45, 71.75, 75.91},   {"chelsea", 90, 61.07, 73.93},
    };
    std::string current;
    OrbResult a;
    GreyImage g;
    for (const Ref& r : refs) {
        if (current != r.Image) {
            current = r.Image;
            g = cd_test::LoadGrey(r.Image);
            a = DetectOrb(g, {}).Value();
        }
        auto t = ApplyTransform(g, {TransformKind::Rotate, static_cast<double>(r.Angle), 1});
        REQUIRE(t);
        const OrbResult b = DetectOrb(t->Image, {}).Value();
        std::vector<FeatureMatch> m = MatchHamming(a.Descriptors, b.Descriptors, true);
        const KeypointEvaluation e = EvaluateKeypoints(a.Keypoints, b.Keypoints, t->H, g.Width, g.Height, m, 3.0);
        INFO(r.Image << " rotated " << r.Angle << ": ORB repeatability " << 100 * e.Repeatability << " %, OpenCV " << r.Orb);
        CHECK(std::fabs(100 * e.Repeatability - r.Orb) <= 10.0);
        CHECK(e.Precision > 0.7); // most cross-checked matches land within 3 px of H(a)
    }
}
