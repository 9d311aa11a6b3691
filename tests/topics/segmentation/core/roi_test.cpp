// RoIAlign / RoIPool: hand-computed cases, sample-point invariants, and torchvision 0.14's values
// (tools/segmentation_roi_reference.py) on 48 generated maps to 1e-6.
#include <catch2/catch.hpp>

#include <cmath>
#include <nlohmann/json.hpp>

#include "topics/segmentation/core/roi.h"

namespace mlviz::roi_reference {
extern const char* const kCaseChunks[];
extern const int kCaseChunkCount;
} // namespace mlviz::roi_reference

using namespace mlviz;

namespace {

// f(x, y) = x + 10 y: bilinear interpolation reproduces it exactly inside the map.
FeatureMap Ramp(int w, int h)
{
    FeatureMap f{w, h, {}};
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) f.Values.push_back(static_cast<float>(x + 10 * y));
    return f;
}

} // namespace

TEST_CASE("roi_align: on a linear ramp each bin is the ramp at the bin centre", "[segmentation]")
{
    const FeatureMap f = Ramp(8, 8);
    RoiAlignConfig c;
    c.OutputHeight = c.OutputWidth = 2;
    c.SamplingRatio = 2;
    c.Aligned = true;
    // aligned: roi = box - 0.5 = [1.0, 1.0, 5.0, 5.0]; bins 2x2 cells; bin (0,0) centre (2, 2).
    const auto r = RoiAlign(f, {1.5f, 1.5f, 5.5f, 5.5f}, c);
    REQUIRE(r.Ok());
    CHECK(r->Output[0] == Approx(2 + 10 * 2));
    CHECK(r->Output[1] == Approx(4 + 10 * 2));
    CHECK(r->Output[2] == Approx(2 + 10 * 4));
    CHECK(r->Output[3] == Approx(4 + 10 * 4));
    REQUIRE(r->Samples.size() == 16);
    CHECK(r->Samples[0].X == 1.5f); // 1 + (0 + .5) * 2 / 2
    CHECK(r->Samples[0].Y == 1.5f);
    CHECK(r->Samples[0].W1 + r->Samples[0].W2 + r->Samples[0].W3 + r->Samples[0].W4 == Approx(1.0));
    // Not aligned, the same box samples half a cell further: +0.5 in x and y.
    c.Aligned = false;
    const auto u = RoiAlign(f, {1.5f, 1.5f, 5.5f, 5.5f}, c);
    REQUIRE(u.Ok());
    CHECK(u->Output[0] == Approx(2.5 + 10 * 2.5));
}

TEST_CASE("roi_align: adaptive sampling is ceil(roi / output), outside samples read 0", "[segmentation]")
{
    const FeatureMap f = Ramp(10, 10);
    RoiAlignConfig c;
    c.OutputHeight = 2;
    c.OutputWidth = 3;
    c.SamplingRatio = 0;
    const auto r = RoiAlign(f, {0.0f, 0.0f, 7.0f, 3.0f}, c);
    REQUIRE(r.Ok());
    CHECK(r->GridH == 2); // ceil(3 / 2)
    CHECK(r->GridW == 3); // ceil(7 / 3)
    CHECK(r->Samples.size() == 2u * 3u * 2u * 3u);
    // A box far outside the map: every sample beyond [-1, size] reads 0.
    const auto out = RoiAlign(f, {30.0f, 30.0f, 34.0f, 34.0f}, c);
    REQUIRE(out.Ok());
    for (float v : out->Output) CHECK(v == 0.0f);
    for (const RoiSample& s : out->Samples) CHECK_FALSE(s.Inside);
}

TEST_CASE("roi_pool: the box is rounded to cells and each bin takes its max", "[segmentation]")
{
    const FeatureMap f = Ramp(8, 8);
    // 1.4 -> 1, 4.6 -> 5 (round half away): cells 1..5, 5 wide; 2 bins of 2.5 -> [0,3) and [2,5).
    const auto r = RoiPool(f, {1.4f, 1.4f, 4.6f, 4.6f}, 2, 2, 1.0);
    REQUIRE(r.Ok());
    CHECK(r->RoiX1 == 1);
    CHECK(r->RoiX2 == 5);
    CHECK(r->Bins[0].X0 == 1);
    CHECK(r->Bins[0].X1 == 4);
    CHECK(r->Bins[1].X0 == 3);
    CHECK(r->Bins[1].X1 == 6);
    CHECK(r->Output[0] == 3 + 10 * 3); // max of cells 1..3 x 1..3
    CHECK(r->Output[3] == 5 + 10 * 5);
    CHECK(r->Bins[3].ArgMaxX == 5);
    // 2.5 rounds to 3 (away from zero), not to the even 2.
    CHECK(RoiPool(f, {2.5f, 0.0f, 4.0f, 1.0f}, 1, 1, 1.0)->RoiX1 == 3);
    // A bin clipped away entirely is 0.
    const auto e = RoiPool(f, {20.0f, 20.0f, 30.0f, 30.0f}, 2, 2, 1.0);
    REQUIRE(e.Ok());
    CHECK(e->Bins[0].Empty);
    CHECK(e->Output[0] == 0.0f);
}

TEST_CASE("roi: bad input is refused", "[segmentation]")
{
    const FeatureMap f = Ramp(4, 4);
    RoiAlignConfig c;
    c.OutputHeight = 0;
    CHECK_FALSE(RoiAlign(f, {0, 0, 1, 1}, c).Ok());
    c = RoiAlignConfig{};
    c.SpatialScale = 0.0;
    CHECK_FALSE(RoiAlign(f, {0, 0, 1, 1}, c).Ok());
    c = RoiAlignConfig{};
    CHECK_FALSE(RoiAlign(f, {0, 0, std::nanf(""), 1}, c).Ok());
    CHECK_FALSE(RoiAlign(FeatureMap{2, 2, {1, 2, 3}}, {0, 0, 1, 1}, c).Ok());
    // The adaptive grid of a huge box would be millions of samples.
    c.OutputHeight = c.OutputWidth = 64;
    CHECK_FALSE(RoiAlign(f, {0, 0, 900000, 900000}, c).Ok());
    CHECK_FALSE(RoiPool(f, {0, 0, 1, 1}, 2, 2, -1.0).Ok());
}

TEST_CASE("roi: matches torchvision 0.14 roi_align / roi_pool to 1e-6", "[segmentation]")
{
    std::string text;
    for (int k = 0; k < roi_reference::kCaseChunkCount; ++k) text += roi_reference::kCaseChunks[k];
    const auto cases = nlohmann::json::parse(text);
    REQUIRE(cases.size() == 48);
    double worst = 0.0;
    for (std::size_t n = 0; n < cases.size(); ++n) {
        const auto& c = cases[n];
        FeatureMap f;
        f.Height = static_cast<int>(c["features"].size());
        f.Width = static_cast<int>(c["features"][0].size());
        for (const auto& row : c["features"])
            for (const auto& v : row) f.Values.push_back(static_cast<float>(v.get<double>()));
        const RoiBox box{static_cast<float>(c["box"][0].get<double>()), static_cast<float>(c["box"][1].get<double>()),
                         static_cast<float>(c["box"][2].get<double>()), static_cast<float>(c["box"][3].get<double>())};
        RoiAlignConfig cfg;
        cfg.OutputHeight = c["output_size"][0].get<int>();
        cfg.OutputWidth = c["output_size"][1].get<int>();
        cfg.SpatialScale = c["spatial_scale"].get<double>();
        cfg.SamplingRatio = c["sampling_ratio"].get<int>();
        cfg.Aligned = c["aligned"].get<bool>();
        const auto a = RoiAlign(f, box, cfg);
        const auto p = RoiPool(f, box, cfg.OutputHeight, cfg.OutputWidth, cfg.SpatialScale);
        INFO("case " << n);
        REQUIRE(a.Ok());
        REQUIRE(p.Ok());
        for (int y = 0; y < cfg.OutputHeight; ++y)
            for (int x = 0; x < cfg.OutputWidth; ++x) {
                const double ea = c["align"][y][x].get<double>(), ep = c["pool"][y][x].get<double>();
                const double da = std::fabs(a->Output[y * cfg.OutputWidth + x] - ea);
                const double dp = std::fabs(p->Output[y * cfg.OutputWidth + x] - ep);
                worst = std::max({worst, da, dp});
                CHECK(da <= 1e-6);
                CHECK(dp <= 1e-6);
            }
    }
    CHECK(worst <= 1e-6); // measured: 0 (bit for bit)
}
