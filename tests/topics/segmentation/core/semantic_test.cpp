// Semantic metrics (mmseg semantics): a hand-computed confusion matrix, NaN classes as nullopt,
// accumulated vs per-image means, and boundary F1 against a brute-force distance.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "topics/segmentation/core/semantic.h"

using namespace mlviz;

TEST_CASE("semantic: hand-computed confusion, IoU, Dice, fwIoU with ignore and an absent class", "[segmentation]")
{
    // gt   0 0 1 1      pred 0 1 1 1
    //      0 0 1 255         0 0 255 2      (255 = ignore / unlabelled)
    const std::vector<int> g = {0, 0, 1, 1, 0, 0, 1, 255}, p = {0, 1, 1, 1, 0, 0, 255, 2};
    const auto cm = ComputeConfusion({4, 2, g}, {4, 2, p}, 3, 255);
    REQUIRE(cm.Ok());
    CHECK(cm->At(0, 0) == 3);
    CHECK(cm->At(0, 1) == 1);
    CHECK(cm->At(1, 1) == 2);
    CHECK(cm->Unlabelled[1] == 1);
    CHECK(cm->Ignored == 1);
    CHECK(cm->Valid() == 7);
    const SemanticMetrics m = MetricsFromConfusion(*cm);
    CHECK(*m.PixelAccuracy == Approx(5.0 / 7.0));
    CHECK(*m.ClassAccuracy[0] == Approx(0.75));
    CHECK(*m.ClassAccuracy[1] == Approx(2.0 / 3.0));
    CHECK_FALSE(m.ClassAccuracy[2].has_value());
    CHECK(*m.Iou[0] == Approx(0.75));  // 3 / (4 + 3 - 3)
    CHECK(*m.Iou[1] == Approx(0.5));   // 2 / (3 + 3 - 2): the unlabelled cell is a miss
    CHECK_FALSE(m.Iou[2].has_value()); // class 2 only on an ignored cell: absent from both
    CHECK(*m.MeanIou == Approx(0.625));
    CHECK(m.DefinedIouClasses == 2);
    CHECK(*m.MeanClassAccuracy == Approx((0.75 + 2.0 / 3.0) / 2.0));
    CHECK(*m.FwIou == Approx((4.0 * 0.75 + 3.0 * 0.5) / 7.0));
    CHECK(*m.Dice[0] == Approx(6.0 / 7.0));
    CHECK(*m.Dice[1] == Approx(4.0 / 6.0));
    CHECK_FALSE(m.Dice[2].has_value());
}

TEST_CASE("semantic: a class only in the prediction has IoU 0 and counts in the mean", "[segmentation]")
{
    const std::vector<int> g = {0, 0, 0, 0}, p = {0, 0, 0, 1};
    const SemanticMetrics m = MetricsFromConfusion(*ComputeConfusion({2, 2, g}, {2, 2, p}, 2, 255));
    CHECK(*m.Iou[0] == Approx(0.75));
    CHECK(*m.Iou[1] == 0.0);
    CHECK(*m.MeanIou == Approx(0.375));
}

TEST_CASE("semantic: accumulated over a set differs from the mean of per-image values", "[segmentation]")
{
    const std::vector<int> ga = {0, 0, 0, 0}, pa = {0, 0, 0, 0}, gb = {1, 1, 1, 1}, pb = {1, 1, 0, 0};
    const std::vector<ConfusionMatrix> set = {*ComputeConfusion({2, 2, ga}, {2, 2, pa}, 2, 255),
                                              *ComputeConfusion({2, 2, gb}, {2, 2, pb}, 2, 255)};
    const SetMetrics s = MetricsOfSet(set);
    CHECK(*s.PerImage[0].MeanIou == 1.0);          // class 1 absent from image A: left out
    CHECK(*s.PerImage[1].MeanIou == Approx(0.25)); // IoU 0 for class 0 (predicted, not in GT), 0.5 for 1
    CHECK(*s.MeanMeanIou == Approx(0.625));
    CHECK(*s.Accumulated.MeanIou == Approx((4.0 / 6.0 + 0.5) / 2.0));
    CHECK(*s.MeanPixelAccuracy == Approx(0.75));
    CHECK(*s.Accumulated.PixelAccuracy == Approx(0.75)); // equal-sized images: pixel accuracy agrees
}

TEST_CASE("semantic: bad labels and sizes are refused", "[segmentation]")
{
    const std::vector<int> g = {0, 7}, p = {0, 0};
    CHECK_FALSE(ComputeConfusion({2, 1, g}, {2, 1, p}, 3, 255).Ok());
    const std::vector<int> ok = {0, 1};
    CHECK_FALSE(ComputeConfusion({2, 1, ok}, {1, 2, p}, 3, 255).Ok());
    CHECK_FALSE(ComputeConfusion({2, 1, ok}, {2, 1, p}, 0, 255).Ok());
    CHECK(ComputeConfusion({2, 1, ok}, {2, 1, p}, 3, -1).Ok()); // any ignore value
    CHECK_FALSE(ComputeBoundaryF1({2, 1, ok}, {2, 1, p}, 3, 255, -1.0).Ok());
}

namespace {

// Boundary F1 the slow way: distances by scanning every pair of boundary cells.
std::optional<double> BruteF1(const std::vector<int>& g, const std::vector<int>& p, int w, int h, int c, double tol)
{
    auto boundary = [&](const std::vector<int>& l, bool on_pred) {
        std::vector<std::pair<int, int>> out;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                if (l[y * w + x] != c || (on_pred && g[y * w + x] == 255)) continue;
                bool e = false;
                const int dx[4] = {-1, 1, 0, 0}, dy[4] = {0, 0, -1, 1};
                for (int k = 0; k < 4; ++k) {
                    const int nx = x + dx[k], ny = y + dy[k];
                    if (nx >= 0 && ny >= 0 && nx < w && ny < h && l[ny * w + nx] != c) e = true;
                }
                if (e) out.push_back({x, y});
            }
        return out;
    };
    const auto bg = boundary(g, false), bp = boundary(p, true);
    if (bg.empty() && bp.empty()) return std::nullopt;
    auto hits = [&](const auto& from, const auto& to) {
        double n = 0;
        for (auto [x, y] : from)
            for (auto [u, v] : to)
                if ((x - u) * (x - u) + (y - v) * (y - v) <= tol * tol) {
                    ++n;
                    break;
                }
        return n;
    };
    const double P = bp.empty() ? 0.0 : hits(bp, bg) / bp.size(), R = bg.empty() ? 0.0 : hits(bg, bp) / bg.size();
    return P + R > 0 ? 2 * P * R / (P + R) : 0.0;
}

} // namespace

TEST_CASE("semantic: boundary F1 equals a brute-force distance check", "[segmentation]")
{
    std::mt19937 rng(5);
    for (int trial = 0; trial < 12; ++trial) {
        const int w = 20 + trial, h = 16;
        std::vector<int> g(w * h), p(w * h);
        // Blocky random labels, and a prediction that moves some blocks.
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                g[y * w + x] = static_cast<int>(((x / 5) * 7 + (y / 4) * 3 + trial) % 3);
                p[y * w + x] = rng() % 9 == 0 ? static_cast<int>(rng() % 3) : g[y * w + ((x + 1) % w)];
                if (rng() % 23 == 0) g[y * w + x] = 255;
            }
        const double tol = (trial % 4) * 0.75;
        const auto f = ComputeBoundaryF1({w, h, g}, {w, h, p}, 3, 255, tol);
        REQUIRE(f.Ok());
        for (int c = 0; c < 3; ++c) {
            const auto want = BruteF1(g, p, w, h, c, tol);
            REQUIRE(f->F1[c].has_value() == want.has_value());
            if (want) CHECK(*f->F1[c] == Approx(*want).epsilon(1e-12));
        }
    }
}

TEST_CASE("semantic: boundary F1 rises with the tolerance", "[segmentation]")
{
    const int w = 12, h = 12;
    std::vector<int> g(w * h, 0), p(w * h, 0);
    for (int y = 3; y < 9; ++y)
        for (int x = 3; x < 9; ++x) g[y * w + x] = 1, p[y * w + x + 1] = 1; // shifted by one cell
    double last = -1.0;
    for (double tol : {0.0, 1.0, 2.0}) {
        const auto f = ComputeBoundaryF1({w, h, g}, {w, h, p}, 2, 255, tol);
        REQUIRE(f.Ok());
        CHECK(*f->F1[1] >= last);
        last = *f->F1[1];
    }
    CHECK(last == 1.0);
}

TEST_CASE("semantic: the per-cell boundary matches of one class agree with its precision and recall", "[segmentation]")
{
    // A 2x2 square shifted by 2 cells: with tolerance 1 some boundary cells are within reach, some not.
    std::vector<int> g(8 * 6, 0), p(8 * 6, 0);
    for (int y = 1; y < 4; ++y)
        for (int x = 1; x < 4; ++x) g[y * 8 + x] = 1, p[y * 8 + x + 2] = 1;
    const auto bf = ComputeBoundaryF1({8, 6, g}, {8, 6, p}, 2, 255, 1.0, 1);
    REQUIRE(bf.Ok());
    auto share = [](const std::vector<std::uint8_t>& cells) {
        int near = 0, all = 0;
        for (std::uint8_t c : cells) near += c == 1, all += c != 0;
        return static_cast<double>(near) / all;
    };
    REQUIRE(bf->PredCells.size() == g.size());
    CHECK(share(bf->PredCells) == Approx(*bf->Precision[1]));
    CHECK(share(bf->GtCells) == Approx(*bf->Recall[1]));
    CHECK(*bf->Precision[1] > 0.0);
    CHECK(*bf->Precision[1] < 1.0);
    const auto none = ComputeBoundaryF1({8, 6, g}, {8, 6, p}, 2, 255, 1.0);
    CHECK(none->PredCells.empty());
}
