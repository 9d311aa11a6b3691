#include "topics/nms/core/nms_metrics.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace mlviz {

DetectionMetrics EvaluateDetections(std::span<const LabeledBox> dets, std::span<const double> scores,
                                    std::span<const LabeledBox> gt, double iou_threshold, double min_score,
                                    std::vector<int>* matched_gt)
{
    const std::size_t n = std::min(dets.size(), scores.size());
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return scores[a] > scores[b]; });

    std::vector<int> match(n, -1);
    std::vector<char> taken(gt.size(), 0);
    for (int d : order) {
        double best = -1.0;
        int best_g = -1;
        for (std::size_t g = 0; g < gt.size(); ++g) {
            if (taken[g] || gt[g].Class != dets[d].Class) continue;
            const double iou = IoU(dets[d].Bounds, gt[g].Bounds);
            if (iou > best) {
                best = iou;
                best_g = static_cast<int>(g);
            }
        }
        if (best_g >= 0 && best >= iou_threshold) {
            taken[best_g] = 1;
            match[d] = best_g;
        }
    }

    DetectionMetrics m;
    for (std::size_t d = 0; d < n; ++d) {
        if (!(scores[d] >= min_score)) continue;
        if (match[d] >= 0)
            ++m.TruePositives;
        else
            ++m.FalsePositives;
    }
    m.FalseNegatives = static_cast<int>(gt.size()) - m.TruePositives;
    m.Precision = m.TruePositives + m.FalsePositives > 0
        ? static_cast<double>(m.TruePositives) / (m.TruePositives + m.FalsePositives)
        : 0.0;
    m.Recall = gt.empty() ? 0.0 : static_cast<double>(m.TruePositives) / static_cast<double>(gt.size());

    // AP per class: precision made monotone from the right, summed over recall steps.
    std::map<int, int> positives;
    for (const LabeledBox& g : gt) ++positives[g.Class];
    double ap_sum = 0.0;
    for (const auto& [cls, npos] : positives) {
        std::vector<double> recall, precision;
        int tp = 0, fp = 0;
        for (int d : order) {
            if (dets[d].Class != cls) continue;
            (match[d] >= 0 ? tp : fp) += 1;
            recall.push_back(static_cast<double>(tp) / npos);
            precision.push_back(static_cast<double>(tp) / (tp + fp));
        }
        for (std::size_t k = precision.size(); k-- > 1;) precision[k - 1] = std::max(precision[k - 1], precision[k]);
        double ap = 0.0, prev_recall = 0.0;
        for (std::size_t k = 0; k < recall.size(); ++k) {
            ap += (recall[k] - prev_recall) * precision[k];
            prev_recall = recall[k];
        }
        ap_sum += ap;
    }
    m.AveragePrecision = positives.empty() ? 0.0 : ap_sum / static_cast<double>(positives.size());
    if (matched_gt) *matched_gt = std::move(match);
    return m;
}

} // namespace mlviz
