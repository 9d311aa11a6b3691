// COCO AP (pycocotools COCOeval semantics) on hand-computed cases; the same cases are asserted by
// tools/segmentation_coco_reference.py --selftest.
#include <catch2/catch.hpp>

#include "topics/segmentation/core/coco.h"

using namespace mlviz;

namespace {

CocoAnnotation Box(int img, int cat, double x, double y, double w, double h, double score = 0.0)
{
    CocoAnnotation a;
    a.ImageId = img;
    a.CategoryId = cat;
    a.Bbox = {x, y, w, h};
    a.Score = score;
    return a;
}

CocoStats Stats(std::vector<CocoAnnotation> gt, std::vector<CocoAnnotation> dt)
{
    CocoInput in;
    in.Gt = std::move(gt);
    in.Dt = std::move(dt);
    const auto r = EvaluateCoco(in);
    REQUIRE(r.Ok());
    return r->Stats;
}

} // namespace

TEST_CASE("coco: thresholds are numpy's linspace values", "[segmentation]")
{
    CHECK(CocoIouThresholds()[0] == 0.5);
    CHECK(CocoIouThresholds()[5] == 0.75); // summarize finds .75 by ==
    CHECK(CocoIouThresholds()[8] == 0.8999999999999999);
    CHECK(CocoIouThresholds()[9] == 0.95);
    CHECK(CocoRecallThresholds()[7] == 0.07);
    CHECK(CocoRecallThresholds()[100] == 1.0);
}

TEST_CASE("coco: TP at IoU 1, an FP, a TP at IoU exactly 0.5", "[segmentation]")
{
    const CocoStats s = Stats({Box(1, 1, 0, 0, 10, 10), Box(1, 1, 20, 0, 10, 10)},
                              {Box(1, 1, 0, 0, 10, 10, 0.9), Box(1, 1, 50, 50, 10, 10, 0.8), Box(1, 1, 20, 0, 10, 5, 0.7)});
    // At .5: tp 1,1,2 / fp 0,1,1 -> recall .5,.5,1, precision 1,.5,2/3 -> envelope 1,2/3,2/3:
    // 51 recall thresholds (0..0.5) read 1, 50 read 2/3. Above .5 the third detection is an FP.
    const double ap50 = (51.0 + 50.0 * 2.0 / 3.0) / 101.0;
    CHECK(s.Ap50 == Approx(ap50).epsilon(1e-14));
    CHECK(s.Ap75 == Approx(51.0 / 101.0).epsilon(1e-14));
    CHECK(s.Ap == Approx((ap50 + 9.0 * 51.0 / 101.0) / 10.0).epsilon(1e-14));
    CHECK(s.ApSmall == Approx(s.Ap).epsilon(1e-14));
    CHECK(s.ApMedium == -1.0);
    CHECK(s.ApLarge == -1.0);
    CHECK(s.Ar1 == Approx(0.5));
    CHECK(s.Ar10 == Approx(0.55));
    CHECK(s.Ar100 == Approx(0.55));
}

TEST_CASE("coco: detections in a crowd region are ignored (IoU = inter / area(dt))", "[segmentation]")
{
    CocoAnnotation crowd = Box(1, 1, 30, 0, 20, 20);
    crowd.Crowd = true;
    const std::vector<CocoAnnotation> dets = {Box(1, 1, 30, 0, 10, 10, 0.9), Box(1, 1, 35, 5, 10, 10, 0.8),
                                              Box(1, 1, 0, 0, 10, 10, 0.7)};
    CHECK(Stats({Box(1, 1, 0, 0, 10, 10), crowd}, dets).Ap == Approx(1.0));
    crowd.Crowd = false; // the same region as a normal GT: two FPs (IoU .25) before the TP
    CHECK(Stats({Box(1, 1, 0, 0, 10, 10), crowd}, dets).Ap == Approx(17.0 / 101.0).epsilon(1e-14));
    CHECK(Stats({Box(1, 1, 0, 0, 10, 10)}, dets).Ap == Approx(1.0 / 3.0).epsilon(1e-14));

    CocoInput in;
    crowd.Crowd = true;
    in.Gt = {Box(1, 1, 0, 0, 10, 10), crowd};
    in.Dt = dets;
    const auto r = EvaluateCoco(in);
    REQUIRE(r.Ok());
    const CocoEvalImage& e = r->EvalImage(0, 0, 0);
    REQUIRE(e.DtIds == std::vector<int>{1, 2, 3});
    CHECK(e.GtIds == std::vector<int>{1, 2}); // the crowd is ignored: sorted last
    CHECK(e.DtMatches[0] == 2);               // both detections match the crowd ...
    CHECK(e.DtMatches[1] == 2);
    CHECK(e.DtIgnore[0] == 1); // ... and are ignored
    CHECK(e.DtMatches[2] == 1);
    CHECK(r->Ious[0].Iou[0 * 2 + 1] == 1.0); // 100 / area(dt) = 1
}

TEST_CASE("coco: equal scores keep input order (mergesort)", "[segmentation]")
{
    CHECK(Stats({Box(1, 1, 0, 0, 10, 10)}, {Box(1, 1, 50, 50, 5, 5, 0.5), Box(1, 1, 0, 0, 10, 10, 0.5)}).Ap == Approx(0.5));
    CHECK(Stats({Box(1, 1, 0, 0, 10, 10)}, {Box(1, 1, 0, 0, 10, 10, 0.5), Box(1, 1, 50, 50, 5, 5, 0.5)}).Ap == Approx(1.0));
}

TEST_CASE("coco: the GT's own area picks its range, a match to an ignored GT is ignored", "[segmentation]")
{
    CocoAnnotation g = Box(1, 1, 0, 0, 10, 10);
    g.Area = 5000.0;
    const CocoStats s = Stats({g}, {Box(1, 1, 0, 0, 10, 10, 0.9)});
    CHECK(s.ApSmall == -1.0);
    CHECK(s.ApMedium == Approx(1.0));
    CHECK(s.Ap == Approx(1.0));
}

TEST_CASE("coco: maxDets caps the detections per image", "[segmentation]")
{
    const CocoStats s = Stats({Box(1, 1, 0, 0, 10, 10)}, {Box(1, 1, 50, 50, 5, 5, 0.9), Box(1, 1, 0, 0, 10, 10, 0.8)});
    CHECK(s.Ap == Approx(0.5));
    CHECK(s.Ar1 == 0.0);
    CHECK(s.Ar10 == Approx(1.0));
}

TEST_CASE("coco: nothing is defined without GT", "[segmentation]")
{
    const CocoStats s = Stats({}, {Box(1, 1, 0, 0, 10, 10, 0.9)});
    for (double v : s.AsArray()) CHECK(v == -1.0);
}

TEST_CASE("coco: mask IoU 4/8 = 0.5 matches at .5 only", "[segmentation]")
{
    CocoInput in;
    in.Type = CocoIouType::Segm;
    CocoMask left{4, 4, {1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0}};
    CocoMask corner{4, 4, {1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}};
    in.Masks = {left, corner};
    CocoAnnotation g;
    g.ImageId = g.CategoryId = 1;
    g.Mask = 0;
    CocoAnnotation d = g;
    d.Mask = 1;
    d.Score = 0.9;
    in.Gt = {g};
    in.Dt = {d};
    const auto r = EvaluateCoco(in);
    REQUIRE(r.Ok());
    CHECK(r->Stats.Ap50 == Approx(1.0)); // 1 / (1 + eps): pycocotools adds np.spacing(1)
    CHECK(r->Stats.Ap == Approx(0.1));
    CHECK(r->Ious[0].Iou[0] == 0.5);
}

TEST_CASE("coco: the PR curve of a cell, envelope and 101-point sampling", "[segmentation]")
{
    CocoInput in;
    in.Gt = {Box(1, 1, 0, 0, 10, 10), Box(1, 1, 20, 0, 10, 10)};
    in.Dt = {Box(1, 1, 0, 0, 10, 10, 0.9), Box(1, 1, 50, 50, 10, 10, 0.8), Box(1, 1, 20, 0, 10, 5, 0.7)};
    const auto r = EvaluateCoco(in);
    REQUIRE(r.Ok());
    const CocoPrCurve c = CocoCurve(*r, 0, 0, 0, 2);
    REQUIRE(c.Defined);
    CHECK(c.NumGt == 2);
    CHECK(c.Recall == std::vector<double>{0.5, 0.5, 1.0});
    CHECK(c.Precision[1] == Approx(0.5));
    CHECK(c.Envelope[1] == Approx(2.0 / 3.0));
    CHECK(c.Interpolated[50] == Approx(1.0));
    CHECK(c.Interpolated[51] == Approx(2.0 / 3.0));
    CHECK(c.IsTp == std::vector<std::uint8_t>{1, 0, 1});
    for (int rr = 0; rr < kCocoR; ++rr) CHECK(r->PrecisionAt(0, rr, 0, 0, 2) == c.Interpolated[rr]);
    CHECK(r->RecallAt(0, 0, 0, 2) == 1.0);
}

TEST_CASE("coco: a sliced evaluation equals the one-shot one", "[segmentation]")
{
    CocoInput in;
    for (int img = 1; img <= 4; ++img)
        for (int k = 0; k < 5; ++k) {
            in.Gt.push_back(Box(img, 1 + k % 2, 10.0 * k, 5.0 * img, 8 + k, 9));
            in.Dt.push_back(Box(img, 1 + k % 2, 10.0 * k + 1, 5.0 * img, 8 + k, 9, 0.1 * k + 0.05 * img));
        }
    const auto whole = EvaluateCoco(in);
    auto sliced = CocoEvaluation::Start(in);
    REQUIRE(whole.Ok());
    REQUIRE(sliced.Ok());
    int steps = 0;
    while (!sliced->Done()) {
        (*sliced).Step(1.0);
        ++steps;
        CHECK(sliced->Progress() <= 1.0);
    }
    CHECK(steps >= 8);
    CHECK(sliced->Output().Stats.AsArray() == whole->Stats.AsArray());
}

TEST_CASE("coco: bad input is refused with a message", "[segmentation]")
{
    CocoInput in;
    in.Gt = {Box(1, 1, 0, 0, -1, 10)};
    CHECK_FALSE(EvaluateCoco(in).Ok());
    in.Gt = {Box(1, 1, 0, 0, 1, 10)};
    in.Dt = {Box(1, 1, 0, 0, 1, 10, std::nan(""))};
    CHECK_FALSE(EvaluateCoco(in).Ok());
    in.Type = CocoIouType::Segm;
    in.Dt.clear();
    CHECK_FALSE(EvaluateCoco(in).Ok()); // no masks
    // 300 images x 300 categories would be 360 000 per-image records: refused up front.
    in = CocoInput{};
    for (int k = 0; k < 300; ++k) {
        in.Gt.push_back(Box(k, 0, 0, 0, 1, 1));
        in.Gt.push_back(Box(0, k, 0, 0, 1, 1));
    }
    CHECK_FALSE(EvaluateCoco(in).Ok());
}

TEST_CASE("coco: the curve at a threshold between COCO's, by hand (greedy by score at that IoU)", "[segmentation]")
{
    // One GT box; d2 (score 0.9) overlaps it with IoU 0.3, d1 (0.8) with IoU 0.5, d3 (0.7) not at all.
    CocoInput in;
    in.Gt = {Box(1, 1, 0, 0, 10, 10)};
    in.Dt = {Box(1, 1, 0, 0, 10, 5, 0.8), Box(1, 1, 0, 0, 10, 3, 0.9), Box(1, 1, 20, 20, 5, 5, 0.7)};
    auto ev = CocoEvaluation::Start(in);
    REQUIRE(ev.Ok());
    while (!ev->Done()) (*ev).Step(1e9);
    const auto ap = [&](double t) {
        const CocoPrCurve c = ev->CurveAt(t, 0, 0, 2);
        REQUIRE(c.Defined);
        double s = 0.0;
        for (double p : c.Interpolated) s += p;
        return s / kCocoR;
    };
    // IoU >= 0.25: d2 comes first and takes the GT (TP), d1 and d3 are FP: precision 1 at recall 1.
    CHECK(ap(0.25) == Approx(1.0));
    const CocoPrCurve c25 = ev->CurveAt(0.25, 0, 0, 2);
    CHECK(c25.DtIds == std::vector<int>{2, 1, 3});
    CHECK(c25.MatchedGt == std::vector<int>{1, 0, 0});
    // IoU >= 0.4: d2 misses (0.3), d1 matches second: precision 1/2 at recall 1, so AP = 0.5.
    CHECK(ap(0.4) == Approx(0.5));
    // IoU >= 0.5 is COCO's first threshold: the same as accumulate's.
    CHECK(ap(0.5) == Approx(0.5));
    CHECK(ev->CurveAt(0.5, 0, 0, 2).Interpolated == CocoCurve(ev->Output(), 0, 0, 0, 2).Interpolated);
    // IoU >= 0.6: nothing matches.
    CHECK(ap(0.6) == 0.0);
    // Out of range or before Done(): an empty curve.
    CHECK_FALSE(ev->CurveAt(1.5, 0, 0, 2).Defined);
    CHECK_FALSE(ev->CurveAt(0.5, 3, 0, 2).Defined);
}

TEST_CASE("coco: MaskCellArea = s^2 is COCO on the masks upsampled s times", "[segmentation]")
{
    // Two masks on 6x4 cells and the same masks upsampled 3x (nearest): areas move from the
    // small range into the medium one, IoUs stay, so every number agrees.
    auto mask = [](int w, int h, int x0, int y0, int x1, int y1, int s) {
        CocoMask m{w * s, h * s, std::vector<std::uint8_t>(static_cast<std::size_t>(w * s * h * s), 0)};
        for (int y = y0 * s; y < y1 * s; ++y)
            for (int x = x0 * s; x < x1 * s; ++x) m.Cells[static_cast<std::size_t>(y) * w * s + x] = 1;
        return m;
    };
    CocoStats stats[2];
    for (int pass = 0; pass < 2; ++pass) {
        const int s = pass == 0 ? 1 : 3;
        CocoInput in;
        in.Type = CocoIouType::Segm;
        in.MaskCellArea = pass == 0 ? 9.0 * 16.0 * 16.0 : 16.0 * 16.0; // cells stand for 48 (or 16) pixels a side
        in.Masks = {mask(6, 4, 0, 0, 3, 3, s), mask(6, 4, 0, 0, 3, 2, s), mask(6, 4, 3, 1, 6, 4, s)};
        CocoAnnotation g;
        g.ImageId = 1, g.CategoryId = 1, g.Mask = 0;
        in.Gt = {g};
        CocoAnnotation d1 = g, d2 = g;
        d1.Mask = 1, d1.Score = 0.9;
        d2.Mask = 2, d2.Score = 0.8;
        in.Dt = {d1, d2};
        const auto r = EvaluateCoco(in);
        REQUIRE(r.Ok());
        stats[pass] = r->Stats;
    }
    CHECK(stats[0].AsArray() == stats[1].AsArray());
    CHECK(stats[0].ApLarge > 0.0); // 9 cells x 48² px = 20736 px² > 96²
    CHECK(stats[0].ApSmall == -1.0);
    CocoInput bad;
    bad.MaskCellArea = 0.0;
    CHECK_FALSE(ValidateCocoInput(bad).Empty());
}
