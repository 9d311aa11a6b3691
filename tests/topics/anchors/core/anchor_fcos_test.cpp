// FCOS assignment: torchvision FCOS.compute_loss reference (centre sampling, regression ranges,
// smallest-area tie break, centerness), crafted cases, and the ranges by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <tuple>
#include <vector>

#include "topics/anchors/core/fcos.h"

using namespace mlviz;

namespace {

// (anchor index, matched GT, centerness) for every positive location.
using Positive = std::tuple<int, int, double>;

std::vector<Positive> Positives(const FcosAssignment& a)
{
    std::vector<Positive> out;
    for (std::size_t i = 0; i < a.MatchedGt.size(); ++i)
        if (a.MatchedGt[i] >= 0) out.emplace_back(static_cast<int>(i), a.MatchedGt[i], a.Centerness[i]);
    return out;
}

void CheckPositives(const std::vector<Positive>& got, const std::vector<Positive>& ref)
{
    REQUIRE(got.size() == ref.size());
    for (std::size_t i = 0; i < ref.size(); ++i) {
        INFO("positive " << i << ": anchor " << std::get<0>(ref[i]));
        CHECK(std::get<0>(got[i]) == std::get<0>(ref[i]));
        CHECK(std::get<1>(got[i]) == std::get<1>(ref[i]));
        CHECK(std::get<2>(got[i]) == Approx(std::get<2>(ref[i])).margin(2e-7));
    }
}

const std::vector<int> kLevels = {3, 4, 5, 6, 7};

} // namespace

TEST_CASE("FCOS anchors: one per location, strides 8..128", "[anchor]")
{
    std::vector<int> per_level;
    const auto anchors = FcosAnchors(256, 320, kLevels, AnchorConvention::Torchvision, per_level);
    // torchvision: feature maps ceil(256 / s) x ceil(320 / s): 32x40, 16x20, 8x10, 4x5, 2x3.
    CHECK(per_level == std::vector<int>{1280, 320, 80, 20, 6});
    REQUIRE(anchors.size() == 1706);
    CHECK(anchors[0].X1 == -4.0f);
    CHECK(anchors[0].X2 == 4.0f);
    CHECK(anchors[1].CenterX() == 8.0f);
}

TEST_CASE("FCOS assignment equals torchvision FCOS.compute_loss", "[anchor]")
{
    // Reference: torchvision 0.14 FCOS.compute_loss on a 256 x 320 image with the default
    // AnchorGenerator(((8,), (16,), (32,), (64,), (128,)), ((1.0,),) * 5), matched_idxs captured
    // from the head; centerness computed as FCOSHead.compute_loss does. Radius 1.5.
    const std::vector<Box> gt = {{20, 24, 60, 90}, {100, 40, 300, 200}, {30, 30, 50, 50}, {150, 100, 170, 112}, {0, 0, 256, 320}};
    std::vector<int> per_level;
    const auto anchors = FcosAnchors(256, 320, kLevels, AnchorConvention::Torchvision, per_level);
    const auto a = AssignFcos(anchors, per_level, gt, FcosParams{true, 1.5});
    CheckPositives(Positives(a),
                   {{164, 2, 0.1111111},  {165, 2, 0.3333333},  {166, 2, 0.1111111},  {204, 2, 0.3333333},  {205, 2, 1.0},
                    {206, 2, 0.3333333},  {244, 2, 0.1111111},  {245, 2, 0.3333333},  {246, 2, 0.1111111},  {284, 0, 0.6351073},
                    {285, 0, 0.9701425},  {286, 0, 0.6351073},  {324, 0, 0.5277987},  {325, 0, 0.8062258},  {326, 0, 0.5277987},
                    {539, 3, 0.2357023},  {540, 3, 0.7071068},  {541, 3, 0.2357023},  {1432, 1, 0.8348471}, {1433, 1, 0.8348471},
                    {1452, 1, 0.8348471}, {1453, 1, 0.8348471}, {1635, 1, 0.4803845}, {1643, 4, 0.6324556}, {1644, 4, 0.8164966},
                    {1645, 1, 0.5921565}, {1653, 4, 0.7745967}, {1654, 4, 1.0},       {1655, 1, 0.3779645}, {1663, 4, 0.6324556},
                    {1664, 4, 0.8164966}, {1665, 4, 0.6324556}});
}

TEST_CASE("FCOS with a huge radius equals torchvision (centre sampling off)", "[anchor]")
{
    // Same reference setup, first four GTs, center_sampling_radius = 100.
    const std::vector<Box> gt = {{20, 24, 60, 90}, {100, 40, 300, 200}, {30, 30, 50, 50}, {150, 100, 170, 112}};
    std::vector<int> per_level;
    const auto anchors = FcosAnchors(256, 320, kLevels, AnchorConvention::Torchvision, per_level);
    const std::vector<Positive> ref = {
        {163, 0, 0.1237969},  {164, 2, 0.1111111},  {165, 2, 0.3333333},  {166, 2, 0.1111111},  {167, 0, 0.1237969},
        {203, 0, 0.1885618},  {204, 2, 0.3333333},  {205, 2, 1.0},        {206, 2, 0.3333333},  {207, 0, 0.1885618},
        {243, 0, 0.2519763},  {244, 2, 0.1111111},  {245, 2, 0.3333333},  {246, 2, 0.1111111},  {247, 0, 0.2519763},
        {283, 0, 0.3233808},  {284, 0, 0.6351073},  {285, 0, 0.9701425},  {286, 0, 0.6351073},  {287, 0, 0.3233808},
        {323, 0, 0.2687419},  {324, 0, 0.5277987},  {325, 0, 0.8062258},  {326, 0, 0.5277987},  {327, 0, 0.2687419},
        {363, 0, 0.2041242},  {364, 0, 0.4008919},  {365, 0, 0.6123725},  {366, 0, 0.4008919},  {367, 0, 0.2041242},
        {403, 0, 0.140859},   {404, 0, 0.2766417},  {405, 0, 0.4225771},  {406, 0, 0.2766417},  {407, 0, 0.140859},
        {539, 3, 0.2357023},  {540, 3, 0.7071068},  {541, 3, 0.2357023},  {1391, 1, 0.4519968}, {1392, 1, 0.5328702},
        {1393, 1, 0.5328702}, {1394, 1, 0.4519968}, {1411, 1, 0.5744779}, {1412, 1, 0.6772662}, {1413, 1, 0.6772662},
        {1414, 1, 0.5744779}, {1431, 1, 0.7081428}, {1432, 1, 0.8348471}, {1433, 1, 0.8348471}, {1434, 1, 0.7081428},
        {1451, 1, 0.7081428}, {1452, 1, 0.8348471}, {1453, 1, 0.8348471}, {1454, 1, 0.7081428}, {1471, 1, 0.5744779},
        {1472, 1, 0.6772662}, {1473, 1, 0.6772662}, {1474, 1, 0.5744779}, {1491, 1, 0.4519968}, {1492, 1, 0.5328702},
        {1493, 1, 0.5328702}, {1494, 1, 0.4519968}, {1624, 1, 0.1694927}, {1625, 1, 0.2750095}, {1626, 1, 0.38772},
        {1627, 1, 0.328876},  {1628, 1, 0.2231003}, {1629, 1, 0.1061324}, {1634, 1, 0.2960685}, {1635, 1, 0.4803845},
        {1638, 1, 0.3897099}, {1639, 1, 0.1853912}, {1644, 1, 0.3649553}, {1645, 1, 0.5921565}, {1648, 1, 0.4803845},
        {1649, 1, 0.2285265}, {1654, 1, 0.2329454}, {1655, 1, 0.3779645}, {1658, 1, 0.3066221}, {1659, 1, 0.145865},
        {1664, 1, 0.0925631}, {1665, 1, 0.1501878}, {1666, 1, 0.2117411}, {1667, 1, 0.1796053}, {1668, 1, 0.1218393},
        {1669, 1, 0.0579609}};
    CheckPositives(Positives(AssignFcos(anchors, per_level, gt, FcosParams{true, 100.0})), ref);
    // Switching centre sampling off is the same as an unbounded radius.
    CheckPositives(Positives(AssignFcos(anchors, per_level, gt, FcosParams{false, 1.5})), ref);
}

TEST_CASE("FCOS crafted: inside, range bounds and the smaller box wins", "[anchor]")
{
    // Two levels of one location each: level 0 (size 8) centre (20, 20), level 1 (size 16) centre (20, 20).
    const std::vector<Box> anchors = {{16, 16, 24, 24}, {12, 12, 28, 28}};
    const std::vector<int> per_level = {1, 1};
    const FcosParams no_cs{false, 1.5};
    // A 20 x 20 box around the point: max distance 10 < 8 * 8, so level 0 takes it; level 1
    // needs a distance above 4 * 16 = 64 and stays negative.
    auto a = AssignFcos(anchors, per_level, std::vector<Box>{{10, 10, 30, 30}}, no_cs);
    CHECK(a.MatchedGt == std::vector<int>{0, -1});
    CHECK(a.Centerness[0] == Approx(1.0));
    // A box reaching 70 px from the point: above 64 = 8 * 8 (level 0's upper bound, strict)
    // and above 4 * 16 (level 1's lower bound); level 1 is the last level (no upper bound).
    a = AssignFcos(anchors, per_level, std::vector<Box>{{10, 10, 90, 30}}, no_cs);
    CHECK(a.MatchedGt == std::vector<int>{-1, 0});
    // Centerness by hand: l = 10, r = 70, t = b = 10 -> sqrt(10 / 70).
    CHECK(a.Centerness[1] == Approx(std::sqrt(10.0 / 70.0)).epsilon(1e-6));
    // Point on the border is outside (min distance must be > 0).
    a = AssignFcos(anchors, per_level, std::vector<Box>{{20, 10, 40, 30}}, no_cs);
    CHECK(a.MatchedGt == std::vector<int>{-1, -1});
    // Two GTs contain the point: the smaller area wins regardless of order.
    a = AssignFcos(anchors, per_level, std::vector<Box>{{0, 0, 40, 40}, {15, 15, 25, 25}}, no_cs);
    CHECK(a.MatchedGt[0] == 1);
    a = AssignFcos(anchors, per_level, std::vector<Box>{{15, 15, 25, 25}, {0, 0, 40, 40}}, no_cs);
    CHECK(a.MatchedGt[0] == 0);
    // Centre sampling: GT centre 14 px away is outside 1.5 * 8 = 12 on level 0.
    a = AssignFcos(anchors, per_level, std::vector<Box>{{0, 0, 68, 40}}, FcosParams{true, 1.5});
    CHECK(a.MatchedGt[0] == -1);
    a = AssignFcos(anchors, per_level, std::vector<Box>{{0, 0, 68, 40}}, FcosParams{true, 2.0});
    CHECK(a.MatchedGt[0] == 0);
    // No GT: everything negative.
    a = AssignFcos(anchors, per_level, std::vector<Box>{}, no_cs);
    CHECK(a.MatchedGt == std::vector<int>{-1, -1});
}

TEST_CASE("FCOS regression ranges and centerness", "[anchor]")
{
    // torchvision / FCOS paper: P3 (0, 64), P4 (64, 128), ..., P7 (512, inf).
    CHECK(FcosLevelRange(0, 5, 8).Lower == 0.0);
    CHECK(FcosLevelRange(0, 5, 8).Upper == 64.0);
    CHECK(FcosLevelRange(1, 5, 16).Lower == 64.0);
    CHECK(FcosLevelRange(1, 5, 16).Upper == 128.0);
    CHECK(std::isinf(FcosLevelRange(4, 5, 128).Upper));
    const Box b{0, 0, 10, 20};
    CHECK(Centerness(b, 5, 10) == 1.0);
    CHECK(Centerness(b, 2.5, 10) == Approx(std::sqrt(2.5 / 7.5)));
    CHECK(Centerness(b, 0, 10) == 0.0);
    CHECK(Centerness(b, -1, 10) == 0.0);
}
