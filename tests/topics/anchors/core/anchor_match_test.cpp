// Matching: torchvision Matcher reference outputs (ties, low-quality matches, float32
// thresholds), a brute-force re-implementation on random matrices, YOLO-style assignment
// on crafted cases, presets and per-GT summaries.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <algorithm>
#include <random>
#include <vector>

#include "topics/anchors/core/anchor.h"
#include "topics/anchors/core/anchor_match.h"

using namespace mlviz;

namespace {

std::vector<int> Match(const std::vector<Box>& gt, const std::vector<Box>& anchors, double high, double low, bool lq)
{
    const auto q = BoxIouMatrix(gt, anchors);
    return MatchQuality(q, static_cast<int>(gt.size()), static_cast<int>(anchors.size()), {high, low, lq});
}

} // namespace

TEST_CASE("Matcher: thresholds, ties and low-quality matches as torchvision", "[anchor]")
{
    // Reference: torchvision 0.14, Matcher(0.7, 0.3, lq)(box_iou(gt, anchors)).
    const std::vector<Box> anchors = {{0, 0, 10, 10}, {10, 0, 20, 10},  {0, 0, 7, 10},
                                      {5, 0, 15, 10}, {30, 30, 40, 40}, {100, 100, 110, 110}};
    const std::vector<Box> gt = {{0, 0, 10, 10}, {2, 0, 12, 10}, {50, 50, 60, 60}};
    // lq = False -> [0, -1, 0, -2, -1, -1]: anchor 2 has IoU float32(0.7) and 0.7 >= 0.7 in float32.
    CHECK(Match(gt, anchors, 0.7, 0.3, false) == std::vector<int>{0, -1, 0, -2, -1, -1});
    // lq = True -> [0, 1, 0, 1, 0, 0]: GT 2 overlaps nothing, so its maximum is 0 and every
    // anchor with IoU 0 to it (all of them) gets its own best GT back; anchors 4 and 5 overlap
    // nothing at all and fall to GT 0 (first index of an all-zero column).
    CHECK(Match(gt, anchors, 0.7, 0.3, true) == std::vector<int>{0, 1, 0, 1, 0, 0});
}

TEST_CASE("Matcher: thresholds compare in float32", "[anchor]")
{
    // torchvision: Matcher(0.7, 0.3)(box_iou([[0,0,10,10]], [[0,0,7,10],[0,0,6.9,10]])) = [0, -2]
    CHECK(Match({{0, 0, 10, 10}}, {{0, 0, 7, 10}, {0, 0, 6.9f, 10}}, 0.7, 0.3, false) == std::vector<int>{0, -2});
    // In double the same IoU (0.699999988) would be below 0.7: the float32 cast is the point.
    CHECK(static_cast<double>(BoxIouF32({0, 0, 10, 10}, {0, 0, 7, 10})) < 0.7);
}

TEST_CASE("Matcher: every anchor tied at a GT's maximum is kept", "[anchor]")
{
    // torchvision: Matcher(0.7, 0.3, True)(box_iou([[0,0,4,4]], [[0,0,10,10],[2,2,12,12],[-6,-6,4,4]]))
    // = [0, -1, 0]; IoUs [0.16, 0.0357, 0.16]: both anchors at the maximum 0.16 are positive.
    CHECK(Match({{0, 0, 4, 4}}, {{0, 0, 10, 10}, {2, 2, 12, 12}, {-6, -6, 4, 4}}, 0.7, 0.3, true) == std::vector<int>{0, -1, 0});
    CHECK(Match({{0, 0, 4, 4}}, {{0, 0, 10, 10}, {2, 2, 12, 12}, {-6, -6, 4, 4}}, 0.7, 0.3, false) ==
          std::vector<int>{-1, -1, -1});
}

TEST_CASE("Matcher: a low-quality match restores the anchor's own best GT", "[anchor]")
{
    // torchvision: Matcher(0.9, 0.8, True)(box_iou(gt, anchors)) = [0, -1, 0] with
    // gt = [[0,0,10,10],[0,0,100,100]], anchors = [[0,0,12,12],[50,50,55,55],[0,0,10,10]].
    // Anchor 0 is GT 1's best (IoU 0.0144) but its own best GT is 0, so it becomes
    // positive for GT 0 and GT 1 is left with no positive anchor.
    const std::vector<int> m =
        Match({{0, 0, 10, 10}, {0, 0, 100, 100}}, {{0, 0, 12, 12}, {50, 50, 55, 55}, {0, 0, 10, 10}}, 0.9, 0.8, true);
    CHECK(m == std::vector<int>{0, -1, 0});
}

TEST_CASE("Matcher: random case equals torchvision", "[anchor]")
{
    // torchvision 0.14: 40 anchors A and 5 GTs G drawn with torch.Generator().manual_seed(3) on a
    // quarter-pixel grid (x1, y1 = randint(0, 240) / 4, w, h = randint(4 lo, 4 hi) / 4), then
    // Matcher(hi, lo, lq)(box_iou(G, A)) for RPN (0.7, 0.3, True) and RetinaNet (0.5, 0.4, True / False).
    const std::vector<Box> a = {
        {26.5f, 2.0f, 55.75f, 25.75f},    {54.25f, 36.75f, 80.75f, 43.5f}, {10.0f, 30.0f, 15.0f, 41.0f},
        {0.0f, 1.25f, 20.75f, 6.0f},      {15.25f, 4.75f, 23.25f, 26.5f},  {38.5f, 42.75f, 44.5f, 46.75f},
        {46.25f, 22.25f, 52.25f, 42.75f}, {46.5f, 57.25f, 59.0f, 66.0f},   {33.75f, 13.5f, 41.5f, 21.5f},
        {20.0f, 41.0f, 43.75f, 56.25f},   {39.0f, 7.25f, 54.25f, 32.75f},  {57.75f, 11.5f, 69.75f, 18.75f},
        {18.0f, 54.5f, 36.25f, 59.5f},    {4.25f, 58.5f, 26.5f, 87.5f},    {53.5f, 12.5f, 70.0f, 29.0f},
        {52.5f, 7.75f, 65.5f, 16.75f},    {31.0f, 48.25f, 37.5f, 52.25f},  {24.75f, 30.5f, 31.75f, 48.5f},
        {13.25f, 10.0f, 26.0f, 26.5f},    {15.5f, 20.25f, 23.0f, 38.25f},  {3.25f, 58.5f, 32.25f, 63.25f},
        {14.0f, 18.75f, 30.25f, 24.0f},   {23.5f, 57.75f, 37.75f, 61.75f}, {34.0f, 50.75f, 38.0f, 80.5f},
        {44.25f, 42.75f, 67.5f, 46.75f},  {35.75f, 4.0f, 55.75f, 32.25f},  {57.25f, 21.0f, 63.5f, 48.75f},
        {3.5f, 36.25f, 31.25f, 59.25f},   {5.25f, 55.75f, 29.25f, 61.5f},  {11.5f, 53.0f, 36.25f, 72.0f},
        {31.0f, 5.75f, 59.5f, 13.75f},    {37.5f, 48.0f, 65.5f, 67.0f},    {36.0f, 54.25f, 53.0f, 67.25f},
        {24.5f, 17.0f, 39.5f, 41.75f},    {55.75f, 21.25f, 84.5f, 33.25f}, {42.0f, 14.0f, 54.0f, 34.5f},
        {29.75f, 9.25f, 57.5f, 23.75f},   {19.25f, 27.5f, 39.5f, 42.25f},  {28.25f, 0.25f, 37.5f, 10.75f},
        {12.25f, 1.25f, 27.25f, 21.5f}};
    const std::vector<Box> g = {{48.5f, 7.75f, 65.25f, 31.5f},
                                {40.5f, 53.75f, 60.75f, 76.0f},
                                {12.75f, 45.0f, 37.5f, 59.0f},
                                {27.5f, 20.25f, 40.5f, 49.25f},
                                {57.5f, 11.0f, 86.5f, 37.0f}};
    std::vector<int> rpn(40, -1), retina(40, -1), retina_no_lq(40, -1);
    rpn[9] = 2;
    rpn[14] = 0;
    rpn[27] = -2;
    rpn[31] = 1;
    rpn[32] = -2;
    rpn[33] = 3;
    rpn[34] = 4;
    rpn[37] = -2;
    retina[9] = 2;
    retina[14] = 0;
    retina[31] = 1;
    retina[33] = 3;
    retina[34] = 4;
    retina_no_lq[14] = -2;
    retina_no_lq[33] = 3;
    retina_no_lq[34] = -2;
    CHECK(Match(g, a, 0.7, 0.3, true) == rpn);
    CHECK(Match(g, a, 0.5, 0.4, true) == retina);
    CHECK(Match(g, a, 0.5, 0.4, false) == retina_no_lq);
}

TEST_CASE("Matcher: brute force on random float matrices with ties", "[anchor]")
{
    std::mt19937 rng(5);
    for (int trial = 0; trial < 200; ++trial) {
        const int m = 1 + static_cast<int>(rng() % 5), n = 1 + static_cast<int>(rng() % 30);
        std::vector<float> q(static_cast<std::size_t>(m * n));
        for (float& v : q) v = static_cast<float>(rng() % 11) / 10.0f; // many ties on purpose
        const MatcherParams p{0.7, 0.3, (trial % 2) == 0};
        const auto got = MatchQuality(q, m, n, p);
        for (int j = 0; j < n; ++j) {
            int best = 0;
            for (int i = 1; i < m; ++i)
                if (q[static_cast<std::size_t>(i * n + j)] > q[static_cast<std::size_t>(best * n + j)]) best = i;
            const float v = q[static_cast<std::size_t>(best * n + j)];
            int expect = v >= 0.7f ? best : (v >= 0.3f ? -2 : -1);
            if (p.AllowLowQuality) {
                for (int i = 0; i < m; ++i) {
                    float row_max = 0.0f;
                    for (int k = 0; k < n; ++k) row_max = std::max(row_max, q[static_cast<std::size_t>(i * n + k)]);
                    if (q[static_cast<std::size_t>(i * n + j)] == row_max) expect = best;
                }
            }
            REQUIRE(got[static_cast<std::size_t>(j)] == expect);
        }
    }
}

TEST_CASE("Matcher: empty inputs and validation", "[anchor]")
{
    const std::vector<float> none;
    CHECK(MatchQuality(none, 0, 3, {}) == std::vector<int>{-1, -1, -1});
    CHECK(MatchQuality(none, 2, 0, {}).empty());
    CHECK(ValidateMatcherParams({0.7, 0.3, true}).Empty());
    CHECK_FALSE(ValidateMatcherParams({0.3, 0.7, true}).Empty());
    CHECK_FALSE(ValidateMatcherParams({NAN, 0.3, true}).Empty());
}

TEST_CASE("Presets carry torchvision's thresholds and anchor sizes", "[anchor]")
{
    const PresetInfo rpn = GetPresetInfo(MatchPreset::FasterRcnnRpn);
    CHECK(rpn.Matcher.High == 0.7);
    CHECK(rpn.Matcher.Low == 0.3);
    CHECK(rpn.Matcher.AllowLowQuality);
    const PresetInfo retina = GetPresetInfo(MatchPreset::RetinaNet);
    CHECK(retina.Matcher.High == 0.5);
    CHECK(retina.Matcher.Low == 0.4);
    CHECK(GetPresetInfo(MatchPreset::Yolo).Rule == MatchRule::YoloBest);
    // torchvision _default_anchorgen: RPN ((32,), ..., (512,)) on P2-P6; RetinaNet
    // (x, int(x 2^(1/3)), int(x 2^(2/3))) for x = 32 .. 512 on P3-P7.
    CHECK(PresetLevelAnchors(MatchPreset::FasterRcnnRpn, 2).Sizes == std::vector<double>{32});
    CHECK(PresetLevelAnchors(MatchPreset::FasterRcnnRpn, 6).Sizes == std::vector<double>{512});
    CHECK(PresetLevelAnchors(MatchPreset::RetinaNet, 3).Sizes == std::vector<double>{32, 40, 50});
    CHECK(PresetLevelAnchors(MatchPreset::RetinaNet, 4).Sizes == std::vector<double>{64, 80, 101});
    CHECK(PresetLevelAnchors(MatchPreset::RetinaNet, 7).Sizes == std::vector<double>{512, 645, 812});
    CHECK(PresetLevelAnchors(MatchPreset::RetinaNet, 3).Ratios == std::vector<double>{0.5, 1.0, 2.0});
    const auto yolo5 = PresetLevelAnchors(MatchPreset::Yolo, 5).Shapes;
    REQUIRE(yolo5.size() == 3);
    CHECK(yolo5[2].Width == 373);
    CHECK(yolo5[2].Height == 326);
}

TEST_CASE("YOLO-style: each GT takes the best-shaped anchor in its centre cell", "[anchor]")
{
    // One level, 4 x 4 grid of stride 16 (centred), shapes 10x10, 30x15, 15x30.
    AnchorLevel lv;
    lv.FeatureH = lv.FeatureW = 4;
    lv.StrideX = lv.StrideY = 16;
    const std::vector<AnchorShape> shapes = {{10, 10}, {30, 15}, {15, 30}};
    lv.Cell = ShapeCellAnchors(shapes);
    const auto anchors = PlaceAnchors(lv, AnchorConvention::Centered).Value();
    // GT 0: 28 x 14 centred at (40, 20): cell (row 1, col 2); shape best = 30x15 (a = 1).
    // GT 1: 12 x 28 centred at (8, 56): cell (row 3, col 0); best = 15x30 (a = 2).
    const std::vector<Box> gt = {{26, 13, 54, 27}, {2, 42, 14, 70}};
    const std::vector<AnchorLevel> levels = {lv};
    const auto m = AssignYolo(levels, anchors, gt, AnchorConvention::Centered, 0.5);
    REQUIRE(m.size() == 48);
    CHECK(m[(1 * 4 + 2) * 3 + 1] == 0);
    CHECK(m[(3 * 4 + 0) * 3 + 2] == 1);
    int positives = 0, ignored = 0;
    for (std::size_t i = 0; i < m.size(); ++i) {
        if (m[i] >= 0) ++positives;
        if (m[i] == kBetweenThresholds) {
            ++ignored;
            // Ignored anchors overlap some GT with IoU > 0.5.
            CHECK(std::max(BoxIouF32(anchors[i], gt[0]), BoxIouF32(anchors[i], gt[1])) > 0.5f);
        }
    }
    CHECK(positives == 2);
    // Passing the precomputed IoU matrix gives the same codes.
    const auto q = BoxIouMatrix(gt, anchors);
    CHECK(AssignYolo(levels, anchors, gt, AnchorConvention::Centered, 0.5, q) == m);
    CHECK(AssignYolo(levels, anchors, gt, AnchorConvention::Centered, 0.2, q) ==
          AssignYolo(levels, anchors, gt, AnchorConvention::Centered, 0.2));
    // Two GTs in the same cell wanting the same anchor: the later one wins (darknet order).
    const std::vector<Box> clash = {{26, 13, 54, 27}, {27, 14, 53, 26}};
    const auto m2 = AssignYolo(levels, anchors, clash, AnchorConvention::Centered, 0.99);
    CHECK(m2[(1 * 4 + 2) * 3 + 1] == 1);
}

TEST_CASE("YOLO-style over levels picks the level of the best shape", "[anchor]")
{
    std::vector<AnchorLevel> levels;
    std::vector<Box> all;
    for (int level = 3; level <= 5; ++level) {
        AnchorLevel lv;
        const int s = 1 << level;
        lv.FeatureH = FeatureSide(128, s);
        lv.FeatureW = FeatureSide(128, s);
        lv.StrideX = lv.StrideY = s;
        lv.Cell = ShapeCellAnchors(PresetLevelAnchors(MatchPreset::Yolo, level).Shapes);
        const auto placed = PlaceAnchors(lv, AnchorConvention::Centered).Value();
        all.insert(all.end(), placed.begin(), placed.end());
        levels.push_back(lv);
    }
    // A 60 x 44 GT is closest in shape to (62, 45) on P4 (index 1 of that level).
    const std::vector<Box> gt = {{30, 40, 90, 84}};
    const auto m = AssignYolo(levels, all, gt, AnchorConvention::Centered, 0.5);
    const std::size_t p3 = 16 * 16 * 3;
    const std::size_t expect = p3 +
        (static_cast<std::size_t>(LocationIndex(62, 16, 8, AnchorConvention::Centered)) * 8 +
         LocationIndex(60, 16, 8, AnchorConvention::Centered)) *
            3 +
        1;
    CHECK(m[expect] == 0);
    CHECK(std::count(m.begin(), m.end(), 0) == 1);
}

TEST_CASE("Per-GT summary counts positives and finds the best anchor", "[anchor]")
{
    const std::vector<Box> anchors = {{0, 0, 10, 10}, {10, 0, 20, 10}, {0, 0, 7, 10}, {5, 0, 15, 10}};
    const std::vector<Box> gt = {{0, 0, 10, 10}, {2, 0, 12, 10}, {50, 50, 60, 60}};
    const auto q = BoxIouMatrix(gt, anchors);
    const auto m = MatchQuality(q, 3, 4, {0.7, 0.3, false});
    const auto s = SummarizeMatches(q, 3, 4, m, 0.7);
    REQUIRE(s.size() == 3);
    CHECK(s[0].Positives == 2);
    CHECK(s[0].BestIou == 1.0f);
    CHECK(s[0].BestAnchor == 0);
    CHECK(s[1].Positives == 0); // its best IoU 0.667 (anchor 0) is below 0.7
    CHECK(s[1].BestAnchor == 0);
    CHECK(s[2].Positives == 0);
    CHECK(s[2].BestIou == 0.0f);
}
