#include "topics/anchors/core/kmeans_anchors.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "core/random.h"
#include "core/message.h"

namespace mlviz {

namespace {

// Index of the nearest anchor (largest IoU, first on ties) and that IoU.
int Nearest(const AnchorShape& b, std::span<const AnchorShape> anchors, double& iou)
{
    int best = 0;
    iou = -1.0;
    for (std::size_t k = 0; k < anchors.size(); ++k) {
        const double v = ShapeIoU(b, anchors[k]);
        if (v > iou) {
            iou = v;
            best = static_cast<int>(k);
        }
    }
    return best;
}

} // namespace

double MeanBestIoU(std::span<const AnchorShape> boxes, std::span<const AnchorShape> anchors)
{
    if (boxes.empty() || anchors.empty()) return 0.0;
    double sum = 0.0;
    for (const AnchorShape& b : boxes) {
        double iou = 0.0;
        Nearest(b, anchors, iou);
        sum += iou;
    }
    return sum / static_cast<double>(boxes.size());
}

Result<KMeansAnchorsResult> KMeansAnchors(std::span<const AnchorShape> boxes, const KMeansAnchorsParams& p)
{
    using R = Result<KMeansAnchorsResult>;
    if (p.K < 1) return R::Fail(Msg("k должно быть не меньше 1"));
    if (static_cast<std::size_t>(p.K) > boxes.size()) return R::Fail(Msg("k = %d больше числа рамок (%zu)", p.K, boxes.size()));
    for (std::size_t i = 0; i < boxes.size(); ++i)
        if (!std::isfinite(boxes[i].Width) || !std::isfinite(boxes[i].Height) || boxes[i].Width <= 0.0 || boxes[i].Height <= 0.0)
            return R::Fail(Msg("у рамки %zu ширина и высота должны быть положительными и конечными", i));

    const std::size_t n = boxes.size(), k_count = static_cast<std::size_t>(p.K);
    std::mt19937 rng(p.Seed);
    // k-means++: first centre uniform, then proportional to squared distance (1 - IoU)^2.
    std::vector<AnchorShape> centres;
    centres.push_back(boxes[std::min(n - 1, static_cast<std::size_t>(Uniform01(rng) * static_cast<double>(n)))]);
    std::vector<double> d2(n);
    while (centres.size() < k_count) {
        double total = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            double iou = 0.0;
            Nearest(boxes[i], centres, iou);
            d2[i] = (1.0 - iou) * (1.0 - iou);
            total += d2[i];
        }
        std::size_t pick = 0;
        if (total <= 0.0) {
            // All boxes coincide with a centre (duplicates): take the next box not yet chosen.
            pick = centres.size() % n;
        } else {
            double u = Uniform01(rng) * total;
            pick = n - 1;
            for (std::size_t i = 0; i < n; ++i) {
                if (d2[i] <= 0.0) continue;
                if (u < d2[i]) {
                    pick = i;
                    break;
                }
                u -= d2[i];
            }
        }
        centres.push_back(boxes[pick]);
    }

    KMeansAnchorsResult res;
    res.Assignment.assign(n, -1);
    std::vector<double> iou_of(n);
    for (int it = 0; it < std::max(1, p.MaxIterations); ++it) {
        bool changed = false;
        for (std::size_t i = 0; i < n; ++i) {
            const int c = Nearest(boxes[i], centres, iou_of[i]);
            changed = changed || c != res.Assignment[i];
            res.Assignment[i] = c;
        }
        res.Iterations = it + 1;
        if (!changed && it > 0) {
            res.Converged = true;
            break;
        }
        std::vector<double> sw(k_count, 0.0), sh(k_count, 0.0);
        std::vector<int> count(k_count, 0);
        for (std::size_t i = 0; i < n; ++i) {
            const auto c = static_cast<std::size_t>(res.Assignment[i]);
            sw[c] += boxes[i].Width;
            sh[c] += boxes[i].Height;
            ++count[c];
        }
        for (std::size_t c = 0; c < k_count; ++c) {
            if (count[c] > 0) {
                centres[c] = {sw[c] / count[c], sh[c] / count[c]};
                continue;
            }
            // Empty cluster: restart it at the box worst served by its centre (deterministic).
            const auto worst = static_cast<std::size_t>(std::min_element(iou_of.begin(), iou_of.end()) - iou_of.begin());
            centres[c] = boxes[worst];
            iou_of[worst] = 1.0;
        }
    }

    // Sort by area so the result reads small to large; members follow their nearest final centre.
    std::stable_sort(centres.begin(), centres.end(),
                     [](const AnchorShape& a, const AnchorShape& b) { return a.Width * a.Height < b.Width * b.Height; });
    res.Anchors = centres;
    for (std::size_t i = 0; i < n; ++i) {
        double iou = 0.0;
        res.Assignment[i] = Nearest(boxes[i], res.Anchors, iou);
    }
    res.MeanBestIoU = MeanBestIoU(boxes, res.Anchors);
    return res;
}

} // namespace mlviz
