// Anchor generation: torchvision AnchorGenerator reference numbers, the centred convention by
// hand, counts, ordering, strides and the FPN level mapper.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cmath>
#include <vector>

#include "topics/anchors/core/anchor.h"
#include "topics/anchors/core/anchor_match.h"

using namespace mlviz;

namespace {

std::vector<Box> Generate(std::vector<double> sizes, std::vector<double> ratios, int fh, int fw, double sy, double sx,
                          AnchorConvention c)
{
    AnchorLevel lv;
    lv.FeatureH = fh;
    lv.FeatureW = fw;
    lv.StrideY = sy;
    lv.StrideX = sx;
    lv.Cell = CellAnchors(sizes, ratios, c);
    auto r = PlaceAnchors(lv, c);
    REQUIRE(r.Ok());
    return r.Value();
}

void CheckBox(const Box& b, float x1, float y1, float x2, float y2)
{
    CHECK(b.X1 == x1);
    CHECK(b.Y1 == y1);
    CHECK(b.X2 == x2);
    CHECK(b.Y2 == y2);
}

} // namespace

TEST_CASE("Torchvision anchors equal AnchorGenerator output", "[anchor]")
{
    // torchvision 0.14: AnchorGenerator(((32, 45),), ((0.5, 1.0, 2.0),)) on an image of
    // 64 x 96 (H x W) with one 2 x 3 feature map (stride 32 x 32), all 36 anchors:
    const float ref[36][4] = {
        {-23, -11, 23, 11}, {-32, -16, 32, 16}, {-16, -16, 16, 16}, {-22, -22, 22, 22}, {-11, -23, 11, 23}, {-16, -32, 16, 32},
        {9, -11, 55, 11},   {0, -16, 64, 16},   {16, -16, 48, 16},  {10, -22, 54, 22},  {21, -23, 43, 23},  {16, -32, 48, 32},
        {41, -11, 87, 11},  {32, -16, 96, 16},  {48, -16, 80, 16},  {42, -22, 86, 22},  {53, -23, 75, 23},  {48, -32, 80, 32},
        {-23, 21, 23, 43},  {-32, 16, 32, 48},  {-16, 16, 16, 48},  {-22, 10, 22, 54},  {-11, 9, 11, 55},   {-16, 0, 16, 64},
        {9, 21, 55, 43},    {0, 16, 64, 48},    {16, 16, 48, 48},   {10, 10, 54, 54},   {21, 9, 43, 55},    {16, 0, 48, 64},
        {41, 21, 87, 43},   {32, 16, 96, 48},   {48, 16, 80, 48},   {42, 10, 86, 54},   {53, 9, 75, 55},    {48, 0, 80, 64}};
    const int fh = 2, fw = 3;
    const auto a = Generate({32, 45}, {0.5, 1.0, 2.0}, fh, fw, TorchvisionStride(64, fh), TorchvisionStride(96, fw),
                            AnchorConvention::Torchvision);
    REQUIRE(a.size() == 36);
    for (int i = 0; i < 36; ++i) {
        INFO("anchor " << i);
        CheckBox(a[static_cast<std::size_t>(i)], ref[i][0], ref[i][1], ref[i][2], ref[i][3]);
    }
}

TEST_CASE("Torchvision cell anchors round half to even", "[anchor]")
{
    // torchvision 0.14: AnchorGenerator().generate_anchors([5, 7, 10, 13], [0.5, 1.0, 2.0, 3.0]).
    // Size 5, ratio 1 gives half-width 2.5 -> 2 and size 7 gives 3.5 -> 4 (torch.round).
    const float ref[16][4] = {{-4, -2, 4, 2}, {-5, -2, 5, 2}, {-7, -4, 7, 4}, {-9, -5, 9, 5},  {-2, -2, 2, 2}, {-4, -4, 4, 4},
                              {-5, -5, 5, 5}, {-6, -6, 6, 6}, {-2, -4, 2, 4}, {-2, -5, 2, 5},  {-4, -7, 4, 7}, {-5, -9, 5, 9},
                              {-1, -4, 1, 4}, {-2, -6, 2, 6}, {-3, -9, 3, 9}, {-4, -11, 4, 11}};
    const std::vector<double> sizes = {5, 7, 10, 13}, ratios = {0.5, 1.0, 2.0, 3.0};
    const auto cell = CellAnchors(sizes, ratios, AnchorConvention::Torchvision);
    REQUIRE(cell.size() == 16);
    for (int i = 0; i < 16; ++i) {
        INFO("cell anchor " << i);
        CheckBox(cell[static_cast<std::size_t>(i)], ref[i][0], ref[i][1], ref[i][2], ref[i][3]);
    }
}

TEST_CASE("Torchvision strides use integer division of the image size", "[anchor]")
{
    // torchvision 0.14: AnchorGenerator(((16,),), ((1.0,),)) on 480 x 640 with an 8 x 10 map:
    // 80 anchors, strides 60 (y) and 64 (x): a[0] = [-8,-8,8,8], a[1] = [56,-8,72,8],
    // a[10] = [-8,52,8,68], a[79] = [568,412,584,428].
    CHECK(TorchvisionStride(480, 8) == 60);
    CHECK(TorchvisionStride(640, 10) == 64);
    const auto a = Generate({16}, {1.0}, 8, 10, 60, 64, AnchorConvention::Torchvision);
    REQUIRE(a.size() == 80);
    CheckBox(a[0], -8, -8, 8, 8);
    CheckBox(a[1], 56, -8, 72, 8);
    CheckBox(a[10], -8, 52, 8, 68);
    CheckBox(a[79], 568, 412, 584, 428);
    // Feature sides of a stride-2 backbone: ceil(480 / 64) = 8, so P6's "stride" is 60.
    CHECK(FeatureSide(480, 64) == 8);
    CHECK(FeatureSide(640, 8) == 80);
    CHECK(FeatureSide(1, 128) == 1);
}

TEST_CASE("Centered anchors: cell centres, no rounding, same order", "[anchor]")
{
    // Size 10, ratio 2 (h / w): w = 10 / sqrt 2 = 7.0710678, h = 14.1421356, centred at
    // ((col + 0.5) * 16, (row + 0.5) * 8). Ratio 0.5 first, then 2; sizes 10 then 20.
    const auto a = Generate({10, 20}, {0.5, 2.0}, 2, 3, 8, 16, AnchorConvention::Centered);
    REQUIRE(a.size() == 2 * 3 * 4);
    const double r = std::sqrt(2.0);
    // Location (row 1, col 2) = index 5, its anchor (ratio 2, size 20) = 5 * 4 + 1 * 2 + 1.
    const Box& b = a[5 * 4 + 3];
    const double cx = 2.5 * 16, cy = 1.5 * 8, w = 20 / r, h = 20 * r;
    CHECK(b.X1 == Approx(cx - w / 2).epsilon(1e-6));
    CHECK(b.X2 == Approx(cx + w / 2).epsilon(1e-6));
    CHECK(b.Y1 == Approx(cy - h / 2).epsilon(1e-6));
    CHECK(b.Y2 == Approx(cy + h / 2).epsilon(1e-6));
    // First anchor: location (0, 0), ratio 0.5, size 10: w = 10 sqrt 2, h = 10 / sqrt 2.
    CHECK(a[0].CenterX() == Approx(8.0));
    CHECK(a[0].CenterY() == Approx(4.0));
    CHECK(a[0].Width() == Approx(10 * r).epsilon(1e-6));
    CHECK(a[0].Height() == Approx(10 / r).epsilon(1e-6));
    // Every anchor keeps area size^2 and h / w = ratio.
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double size = (i % 2 == 0) ? 10 : 20, ratio = ((i / 2) % 2 == 0) ? 0.5 : 2.0;
        REQUIRE(a[i].Width() * a[i].Height() == Approx(size * size).epsilon(1e-5));
        REQUIRE(a[i].Height() / a[i].Width() == Approx(ratio).epsilon(1e-5));
    }
}

TEST_CASE("Anchor generation rejects bad grids and parameters", "[anchor]")
{
    AnchorLevel lv;
    lv.FeatureH = 2;
    lv.FeatureW = 2;
    lv.StrideY = 8;
    lv.StrideX = 8.5;
    const double size = 8, ratio = 1;
    lv.Cell = CellAnchors({&size, 1}, {&ratio, 1}, AnchorConvention::Torchvision);
    CHECK_FALSE(PlaceAnchors(lv, AnchorConvention::Torchvision).Ok()); // fractional stride
    CHECK(PlaceAnchors(lv, AnchorConvention::Centered).Ok());
    lv.StrideX = 0;
    CHECK_FALSE(PlaceAnchors(lv, AnchorConvention::Centered).Ok());
    lv.StrideX = 8;
    lv.FeatureW = 0;
    CHECK_FALSE(PlaceAnchors(lv, AnchorConvention::Centered).Ok());
    lv.FeatureW = 5000;
    lv.FeatureH = 5000;
    CHECK_FALSE(PlaceAnchors(lv, AnchorConvention::Centered).Ok()); // 25M anchors
    const std::vector<double> none, neg = {-1.0}, ok = {1.0}, zero_ratio = {0.0};
    CHECK_FALSE(ValidateAnchorParams(none, ok).Empty());
    CHECK_FALSE(ValidateAnchorParams(neg, ok).Empty());
    CHECK_FALSE(ValidateAnchorParams(ok, zero_ratio).Empty());
    CHECK(ValidateAnchorParams(ok, ok).Empty());
}

TEST_CASE("Location index picks the nearest anchor centre", "[anchor]")
{
    // Centered: cell [16 k, 16 (k + 1)) holds x. Torchvision: centres at 16 k.
    CHECK(LocationIndex(0.0, 16, 10, AnchorConvention::Centered) == 0);
    CHECK(LocationIndex(15.9, 16, 10, AnchorConvention::Centered) == 0);
    CHECK(LocationIndex(16.0, 16, 10, AnchorConvention::Centered) == 1);
    CHECK(LocationIndex(7.9, 16, 10, AnchorConvention::Torchvision) == 0);
    CHECK(LocationIndex(8.0, 16, 10, AnchorConvention::Torchvision) == 1);
    CHECK(LocationIndex(1e9, 16, 10, AnchorConvention::Centered) == 9);
    CHECK(LocationIndex(-5, 16, 10, AnchorConvention::Centered) == 0);
    CHECK(LocationIndex(NAN, 16, 10, AnchorConvention::Centered) == 0);
}

TEST_CASE("FPN RoI level equals torchvision LevelMapper", "[anchor]")
{
    // torchvision 0.14: LevelMapper(2, 5)([boxes]) + 2 for the boxes below:
    // [2, 3, 2, 4, 3, 5, 5, 2, 3]
    const Box boxes[] = {{0, 0, 10, 10},   {0, 0, 112, 112},  {0, 0, 111, 112}, {0, 0, 224, 224}, {0, 0, 223, 224},
                         {0, 0, 448, 448}, {0, 0, 1000, 900}, {0, 0, 0, 0},     {3, 3, 160, 100}};
    const int ref[] = {2, 3, 2, 4, 3, 5, 5, 2, 3};
    for (int i = 0; i < 9; ++i) {
        INFO("box " << i);
        CHECK(FpnRoiLevel(boxes[i]) == ref[i]);
    }
}

TEST_CASE("RetinaNet preset cell anchors equal torchvision's default generator", "[anchor]")
{
    // torchvision 0.14: retinanet._default_anchorgen().cell_anchors[0] (P3) and [4] (P7).
    const float p3[9][4] = {{-23, -11, 23, 11}, {-28, -14, 28, 14}, {-35, -18, 35, 18}, {-16, -16, 16, 16}, {-20, -20, 20, 20},
                            {-25, -25, 25, 25}, {-11, -23, 11, 23}, {-14, -28, 14, 28}, {-18, -35, 18, 35}};
    const float p7[9][4] = {{-362, -181, 362, 181}, {-456, -228, 456, 228}, {-574, -287, 574, 287},
                            {-256, -256, 256, 256}, {-322, -322, 322, 322}, {-406, -406, 406, 406},
                            {-181, -362, 181, 362}, {-228, -456, 228, 456}, {-287, -574, 287, 574}};
    for (int level : {3, 7}) {
        const LevelAnchorSpec spec = PresetLevelAnchors(MatchPreset::RetinaNet, level);
        const auto cell = CellAnchors(spec.Sizes, spec.Ratios, AnchorConvention::Torchvision);
        REQUIRE(cell.size() == 9);
        const auto& ref = level == 3 ? p3 : p7;
        for (int i = 0; i < 9; ++i) {
            INFO("P" << level << " anchor " << i);
            CheckBox(cell[static_cast<std::size_t>(i)], ref[i][0], ref[i][1], ref[i][2], ref[i][3]);
        }
    }
}
