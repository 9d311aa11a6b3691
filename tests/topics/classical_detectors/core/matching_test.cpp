// Matching, the known transforms, repeatability arithmetic and the SIFT-vs-ORB comparison job.
#include <catch2/catch.hpp>

#include <cmath>

#include "topics/classical_detectors/core/compare.h"
#include "topics/classical_detectors/core/matching.h"
#include "topics/classical_detectors/core/test_data.h"
#include "topics/classical_detectors/core/transform.h"

using namespace mlviz;

TEST_CASE("matching: Hamming with cross-check, L2 with Lowe's ratio", "[classical_detectors]")
{
    OrbDescriptor z{}, one{}, two{}, all{};
    one[0] = 1;
    two[0] = 3;
    all.fill(255);
    // a0 = z is nearest to b0 = one (1 bit); a1 = two is nearest to b0 too (1 bit) but b0's nearest is a0.
    auto m = MatchHamming({z, two}, {one, all}, true);
    REQUIRE(m.size() == 1);
    CHECK(m[0].A == 0);
    CHECK(m[0].B == 0);
    CHECK(m[0].Distance == 1.0f);
    CHECK(MatchHamming({z, two}, {one, all}, false).size() == 2);
    SiftDescriptor a{}, b1{}, b2{}, b3{};
    b1[0] = 10;                                          // distance 10
    b2[0] = 20;                                          // 20
    b3[1] = 12;                                          // 12
    CHECK(MatchRatio({a}, {b1, b2}, 0.75f).size() == 1); // 10 < 0.75 * 20
    CHECK(MatchRatio({a}, {b1, b2, b3}, 0.75f).empty()); // 10 >= 0.75 * 12
    CHECK(MatchRatio({a}, {b1}, 0.75f).empty());         // needs two neighbours
}

TEST_CASE("transform: centred similarity, exact 90 deg turn, photometric changes", "[classical_detectors]")
{
    const Homography h = CentredSimilarity(101, 51, 90.0, 1.0);
    double x, y;
    h.Apply(50, 25, x, y);
    CHECK(x == Approx(50));
    CHECK(y == Approx(25));
    h.Apply(60, 25, x, y); // 10 px right of the centre goes 10 px up (counter-clockwise on screen)
    CHECK(x == Approx(50).margin(1e-9));
    CHECK(y == Approx(15));
    const Homography back = h.Inverse();
    back.Apply(x, y, x, y);
    CHECK(x == Approx(60));
    GreyImage g = MakeGreyImage(9, 9);
    for (std::size_t i = 0; i < g.Pixels.size(); ++i) g.Pixels[i] = static_cast<std::uint8_t>(i * 3);
    auto r = ApplyTransform(g, {TransformKind::Rotate, 90.0, 1});
    REQUIRE(r);
    for (int yy = 0; yy < 9; ++yy)
        for (int xx = 0; xx < 9; ++xx) CHECK(r->Image.At(yy, 8 - xx) == g.At(xx, yy));
    auto bright = ApplyTransform(g, {TransformKind::Brightness, 40.0, 1});
    CHECK(bright->Image.At(8, 8) == 255); // 240 + 40 clamps
    CHECK(bright->Image.At(1, 0) == 43);
    auto n1 = ApplyTransform(g, {TransformKind::Noise, 10.0, 7});
    auto n2 = ApplyTransform(g, {TransformKind::Noise, 10.0, 7});
    CHECK(n1->Image.Pixels == n2->Image.Pixels);
    CHECK(n1->Image.Pixels != g.Pixels);
    CHECK_FALSE(ApplyTransform(g, {TransformKind::Scale, 5.0, 1}));
    CHECK_FALSE(ApplyTransform(g, {TransformKind::Blur, std::nan(""), 1}));
    TransformKind k;
    CHECK(TransformKindFromName("brightness", k));
    CHECK(k == TransformKind::Brightness);
}

TEST_CASE("matching: repeatability arithmetic on hand-made keypoints", "[classical_detectors]")
{
    std::vector<Keypoint> a(3), b(3);
    a[0].X = 10, a[0].Y = 10;
    a[1].X = 50, a[1].Y = 50;
    a[2].X = 98, a[2].Y = 10; // shifted by +5 it leaves the 100 x 100 image
    for (int i = 0; i < 3; ++i) b[i] = a[i], b[i].X += 5;
    b[1].X += 10; // 15 px away: not repeated
    Homography shift;
    shift.M[2] = 5.0;
    std::vector<FeatureMatch> m = {{0, 0, 0.0f, false}, {1, 1, 0.0f, false}};
    const KeypointEvaluation e = EvaluateKeypoints(a, b, shift, 100, 100, m, 3.0);
    CHECK(e.InsideA == 2);
    CHECK(e.InsideB == 3); // only B's preimages are checked: b[2] maps back to x = 98
    CHECK(e.Repeated == 1);
    CHECK(e.Repeatability == 0.5); // 1 / min(2, 3)
    CHECK(m[0].Correct);
    CHECK_FALSE(m[1].Correct);
    CHECK(e.Precision == 0.5);
}

TEST_CASE("compare: one job runs ORB and SIFT on both images and reuses image A", "[classical_detectors]")
{
    const GreyImage g = cd_test::SampleImage("astronaut_crop");
    CompareOptions o;
    o.Transform = {TransformKind::Rotate, 30.0, 1};
    auto job = CompareJob::Start(g, o);
    REQUIRE(job);
    int calls = 0;
    double last = 0.0;
    while (!job->Done()) {
        job.Value().Step(300000);
        CHECK(job->Progress() >= last);
        last = job->Progress();
        ++calls;
    }
    CHECK(calls > 20);
    const CompareResult& r = job->Output();
    CHECK(r.Orb.KeypointsA.size() > 100);
    CHECK(r.Sift.KeypointsA.size() > 100);
    CHECK(r.Orb.Eval.Repeatability > 0.5);
    CHECK(r.Sift.Eval.Repeatability > 0.5);
    CHECK(r.Sift.Eval.Precision > 0.8);
    CHECK(r.Orb.MillisA > 0.0);
    CHECK(r.Sift.MillisB > 0.0);
    o.Transform = {TransformKind::Brightness, 30.0, 1};
    auto again = CompareJob::Start(g, o, &job.Value());
    REQUIRE(again);
    again.Value().RunToEnd();
    CHECK(again->Output().SiftA == r.SiftA); // shared, not recomputed
    CHECK(again->Output().Sift.Eval.Repeatability > 0.9);
    CompareOptions bad = o;
    bad.Ratio = 1.5f;
    CHECK_FALSE(CompareJob::Start(g, bad));
}
