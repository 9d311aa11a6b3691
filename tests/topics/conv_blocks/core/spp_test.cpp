// Spatial pyramid pooling against torch.nn.AdaptiveMaxPool2d / AdaptiveAvgPool2d (values and
// return_indices), float64, from tools/conv_blocks_reference.py (spp section) with Debian's
// python3-torch 1.13 ("1.13.0a0"); torch's bin rule by hand; the fixed length over input sizes.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cmath>

#include "topics/conv_blocks/core/spp.h"

using namespace mlviz;

namespace {

double CaseValue(int seed, int k)
{
    return static_cast<double>((k * 37 + seed * 101) % 29 - 14) / 8.0;
}

struct SppCase {
    int C, H, W;
    std::vector<int> Levels;
};
const SppCase kCases[] = {{2, 5, 7, {1, 2, 4}}, {1, 13, 9, {1, 2, 4}}, {3, 3, 3, {1, 2, 4}}, {1, 10, 6, {3, 5}}};

struct TorchSpp {
    std::vector<double> Max, Indices, Avg;
};

// torch 1.13.0a0 AdaptiveMaxPool2d(return_indices=True) / AdaptiveAvgPool2d, float64, input CaseValue(60+n, k)
const TorchSpp kTorch[] = {
    {// case 0: 2x5x7 levels [1, 2, 4]
     {1.75,  1.75,  1.75,  1.625, 1.75,  1.625, 1.5,   1.625, 1.75,  1.375, 1.75,  1.125, 1.125, 0.5,
      1.5,   0.875, 1.625, 0.25,  1.25,  0.625, 1.625, 0,     1.75,  1.75,  1.375, -0.25, 1.5,   1.5,
      1.625, 1.625, 1.25,  1.25,  1.625, 1.625, 1,     1.75,  1.375, 1.375, 0.75,  1.75,  1.125, 1.125},
     {0,  23, 0,  18, 29, 18, 1, 12, 23, 19, 0, 3,  3,  6,  7,  10, 18, 13, 14, 17, 18,
      20, 29, 29, 25, 27, 1,  1, 12, 12, 8,  8, 12, 12, 15, 23, 19, 19, 22, 23, 26, 26},
     {0.0035714285714285713,
      -0.0035714285714285713,
      0.28125,
      -0.041666666666666664,
      0.08333333333333333,
      0.0625,
      -0.0625,
      -0.08333333333333333,
      0.041666666666666664,
      -0.28125,
      0.3125,
      0,
      -0.4166666666666667,
      -0.125,
      0.0625,
      -0.25,
      -0.0625,
      -0.375,
      -0.1875,
      -0.5,
      0.2916666666666667,
      -0.625,
      0.46875,
      -0.14583333333333334,
      0.041666666666666664,
      -0.875,
      0.875,
      -0.041666666666666664,
      0.14583333333333334,
      -0.46875,
      0.625,
      -0.2916666666666667,
      0.5,
      0.1875,
      0.375,
      0.0625,
      0.25,
      -0.0625,
      0.125,
      0.4166666666666667,
      0,
      -0.3125}},
    {// case 1: 1x13x9 levels [1, 2, 4]
     {1.75, 1.75, 1.75, 1.625, 1.75, 1.75, 1.75, 1.25, 1.375, 1.625, 1.75,
      1.75, 1.25, 1.5,  1.625, 1.75, 1.75, 1.25, 1.5,  1.625, 1.75},
     {20, 20, 49, 67, 78, 20, 20, 5, 16, 38, 49, 49, 34, 56, 67, 78, 78, 92, 85, 96, 107},
     {-0.0010683760683760685, 0.08214285714285714,  -0.16428571428571428, 0.017857142857142856, 0.08214285714285714,
      0.17708333333333334,    -0.23958333333333334, -0.3541666666666667,  -0.16666666666666666, 0.2916666666666667,
      0.17708333333333334,    -0.23958333333333334, -0.3541666666666667,  0.10416666666666667,  0.2916666666666667,
      0.17708333333333334,    -0.23958333333333334, -0.08333333333333333, 0.10416666666666667,  0.2916666666666667,
      0.17708333333333334}},
    {// case 2: 3x3x3 levels [1, 2, 4]
     {1.625, 1.75,   1.5,    1.625, 0,     1.375,  1.375,  0.75,   1.75,  0.125, 1.125,  1.5,   -0.125, 1.25,  1.25,  1.625,
      1.625, 0,      0,      1.625, 1.625, 0,      0,      1,      1.375, 1.375, -0.625, 0.375, 1.375,  1.375, -1.25, -0.25,
      0.75,  1.75,   1.75,   -0.25, 0.75,  1.75,   1.75,   -0.875, 0.125, 1.125, 1.125,  -1.5,  -0.5,   0.5,   0.5,   1.5,
      1.5,   -0.125, -0.125, 1.5,   1.5,   -0.125, -0.125, 0.875,  1.25,  1.25,  -0.75,  0.25,  1.25,   1.25,  -1.375},
     {0, 2, 0, 0, 2, 7, 7, 1, 2, 4, 5, 0, 2, 7, 7, 0, 0, 2, 2, 0, 0, 2, 2, 3, 7, 7, 5, 6, 7, 7, 8, 0,
      1, 2, 2, 0, 1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 8, 0, 0, 2, 2, 0, 0, 2, 2, 3, 7, 7, 5, 6, 7, 7, 8},
     {-0.013888888888888888,
      0.125,
      -0.1388888888888889,
      0,
      -0.8125,
      0.28125,
      -0.53125,
      -0.0625,
      0.9375,
      -0.6875,
      0.3125,
      -0.125,
      -0.9375,
      0.15625,
      -0.65625,
      1.625,
      0.3125,
      -0.5,
      0,
      1.3125,
      0,
      -0.8125,
      -0.3125,
      0.6875,
      0.28125,
      -0.53125,
      -0.9375,
      0.375,
      0.875,
      0.0625,
      -1.25,
      -0.25,
      0.25,
      1.25,
      1.75,
      -0.5625,
      -0.0625,
      0.9375,
      1.4375,
      -1.1875,
      -0.6875,
      0.3125,
      0.8125,
      -1.5,
      -1,
      0,
      0.5,
      1.5,
      0.1875,
      -0.625,
      -0.125,
      1.1875,
      -0.125,
      -0.9375,
      -0.4375,
      0.5625,
      0.15625,
      -0.65625,
      -1.0625,
      0.25,
      0.75,
      -0.0625,
      -1.375}},
    {// case 3: 1x10x6 levels [3, 5]
     {0.875, 1.75, 1.25, 1.75, 1.625, 1.125, 1.625, 1.5, 1,   0.75, 1.75, 1.75,  1.5,   1.125, 0.875, 1.625, 1.625,
      1.25,  1.25, 1.75, 1.75, 1.375, 1.375, 1.125, 0.5, 1.5, 1.5,  1.25, 0.875, 1.625, 1.625, 1.375, 1,     1},
     {12, 2,  16, 31, 20, 34, 49, 38, 52, 1,  2,  2,  9,  5,  12, 20, 20,
      16, 16, 31, 31, 27, 27, 34, 37, 38, 38, 45, 41, 49, 49, 56, 52, 52},
     {-0.265625, 0.375, 0.109375, 0.0625,   0.25,    -0.015625, -0.0625, 0.125,    -0.140625, -0.375,  0.625,   0.71875,
      -0.09375,  0,     -0.15625, -0.0625,  0.03125, 0.125,     0.21875, 0.0625,   0.15625,   0.25,    0.34375, -0.46875,
      -0.625,    0.375, 0.46875,  -0.34375, -0.25,   0.5,       0.59375, -0.21875, -0.125,    -0.03125}},
};

Grid3 CaseInput(const SppCase& c, int n)
{
    Grid3 x({c.C, c.H, c.W});
    for (std::size_t k = 0; k < x.Size(); ++k) x.Values[k] = CaseValue(60 + n, static_cast<int>(k));
    return x;
}

} // namespace

TEST_CASE("SPP equals torch's adaptive max and average pooling, indices included", "[conv_blocks]")
{
    for (int n = 0; n < static_cast<int>(std::size(kCases)); ++n) {
        CAPTURE(n);
        const SppCase& c = kCases[n];
        const auto mx = SpatialPyramidPool(CaseInput(c, n), c.Levels, SppPool::Max);
        const auto av = SpatialPyramidPool(CaseInput(c, n), c.Levels, SppPool::Avg);
        REQUIRE((mx.Ok() && av.Ok()));
        CHECK(mx->Vector == kTorch[n].Max);
        std::vector<double> indices;
        for (const auto& level : mx->Levels) indices.insert(indices.end(), level.ArgMax.begin(), level.ArgMax.end());
        CHECK(indices == kTorch[n].Indices);
        // Exact except the 1×1 level, where torch takes mean() (another summation order).
        CHECK(MaxAbsDifference(av->Vector, kTorch[n].Avg) < 1e-15);
        CHECK(static_cast<long long>(mx->Vector.size()) == SppLength(c.C, c.Levels));
    }
}

TEST_CASE("SPP bins follow floor(i·L/n) .. ceil((i+1)·L/n), overlapping when n does not divide L", "[conv_blocks]")
{
    using B = AdaptiveBin;
    CHECK(AdaptiveBins(7, 2) == std::vector<B>{{0, 4}, {3, 7}});
    CHECK(AdaptiveBins(7, 4) == std::vector<B>{{0, 2}, {1, 4}, {3, 6}, {5, 7}});
    CHECK(AdaptiveBins(8, 4) == std::vector<B>{{0, 2}, {2, 4}, {4, 6}, {6, 8}});
    CHECK(AdaptiveBins(3, 4) == std::vector<B>{{0, 1}, {0, 2}, {1, 3}, {2, 3}}); // fewer cells than bins
    CHECK(AdaptiveBins(5, 1) == std::vector<B>{{0, 5}});
    for (int length = 1; length <= 64; ++length)
        for (int n = 1; n <= 16; ++n) {
            const auto bins = AdaptiveBins(length, n);
            CHECK(bins.front().Start == 0);
            CHECK(bins.back().End == length);
            for (std::size_t i = 0; i < bins.size(); ++i) {
                CHECK(bins[i].End > bins[i].Start);             // never empty
                if (i) CHECK(bins[i].Start <= bins[i - 1].End); // no cell is skipped
            }
        }
}

TEST_CASE("SPP: maps of different sizes give vectors of the same length", "[conv_blocks]")
{
    const std::vector<int> levels{1, 2, 4};
    for (auto [h, w] : {std::pair{1, 1}, std::pair{4, 4}, std::pair{13, 21}, std::pair{100, 37}}) {
        Grid3 x({3, h, w});
        for (std::size_t k = 0; k < x.Size(); ++k) x.Values[k] = std::sin(0.37 * static_cast<double>(k));
        const auto r = SpatialPyramidPool(x, levels);
        REQUIRE(r.Ok());
        CHECK(r->Vector.size() == 3u * 21u);
        // The 1×1 level is the global maximum of each channel.
        for (int c = 0; c < 3; ++c) {
            double best = -1e300;
            for (int k = 0; k < h * w; ++k) best = std::max(best, x.Values[static_cast<std::size_t>(c) * h * w + k]);
            CHECK(r->Levels[0].Values[c] == best);
        }
    }
}

TEST_CASE("SPP: ties keep the first maximum, bad input fails", "[conv_blocks]")
{
    Grid3 x({1, 2, 2}, 1.0);
    const std::vector<int> one{1};
    const auto r = SpatialPyramidPool(x, one);
    REQUIRE(r.Ok());
    CHECK(r->Levels[0].ArgMax == std::vector<int>{0});
    CHECK_FALSE(SpatialPyramidPool(x, std::vector<int>{}).Ok());
    CHECK_FALSE(SpatialPyramidPool(x, std::vector<int>{0}).Ok());
    CHECK_FALSE(SpatialPyramidPool(x, std::vector<int>{kSppMaxLevel + 1}).Ok());
    x.Values[3] = INFINITY;
    const auto bad = SpatialPyramidPool(x, one);
    REQUIRE_FALSE(bad.Ok());
    CHECK_THAT(Text(bad.Error(), Language::En), Catch::Contains("[3]"));
    CHECK_FALSE(SpatialPyramidPool(Grid3({1, 0, 3}), one).Ok());
}

TEST_CASE("SPP blob maps: one seed at two sizes pools to nearly the same vector", "[conv_blocks]")
{
    const std::vector<int> levels{1, 2, 4};
    // 48×64 and 96×128 have the same relative bins; the coarser grid samples each bump's peak at
    // most half a cell off (a few per cent of its height for the narrowest bump).
    const auto small = MakeBlobMap(3, 48, 64, 4, 9);
    const auto large = MakeBlobMap(3, 96, 128, 4, 9);
    REQUIRE((small.Ok() && large.Ok()));
    const auto a = SpatialPyramidPool(*small, levels);
    const auto b = SpatialPyramidPool(*large, levels);
    REQUIRE((a.Ok() && b.Ok()));
    REQUIRE(a->Vector.size() == b->Vector.size());
    CHECK(MaxAbsDifference(a->Vector, b->Vector) < 0.06); // measured 0.044
    const auto other = SpatialPyramidPool(*MakeBlobMap(3, 48, 64, 4, 10), levels);
    CHECK(MaxAbsDifference(a->Vector, other->Vector) > 0.2); // another seed, another picture
    CHECK(MakeBlobMap(3, 48, 64, 4, 9)->Values == small->Values);
    CHECK_FALSE(MakeBlobMap(17, 8, 8, 1, 1).Ok());
    CHECK_FALSE(MakeBlobMap(1, 8, 8, 0, 1).Ok());
}
