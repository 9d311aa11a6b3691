// sklearn's _binary_clf_curve, precision_recall_curve, average_precision_score, roc_curve, auc.
#include "topics/classical_ml/core/cml_metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mlviz {

namespace {

// Cumulative false / true positives at each distinct score, highest score first.
struct ClfCurve {
    std::vector<double> Fps, Tps, Thresholds;
};

ClfCurve BinaryClfCurve(std::span<const double> scores, std::span<const int> labels)
{
    const int n = static_cast<int>(scores.size());
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return scores[a] > scores[b]; });
    ClfCurve c;
    double tps = 0.0;
    for (int i = 0; i < n; ++i) {
        tps += labels[order[i]];
        // The last index of each run of equal scores (np.diff != 0), and the very last one.
        if (i == n - 1 || scores[order[i + 1]] != scores[order[i]]) {
            c.Tps.push_back(tps);
            c.Fps.push_back(1.0 + i - tps);
            c.Thresholds.push_back(scores[order[i]]);
        }
    }
    return c;
}

} // namespace

Message CmlValidateScores(std::span<const double> scores, std::span<const int> labels)
{
    if (scores.size() != labels.size())
        return Msg("%d оценок, но %d меток", static_cast<long long>(scores.size()), static_cast<long long>(labels.size()));
    if (scores.empty() || scores.size() > static_cast<std::size_t>(kCmlMaxScores))
        return Msg("нужно от %d до %d оценок", 1, kCmlMaxScores);
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (!std::isfinite(scores[i])) return Msg("оценка %d не является конечным числом", static_cast<long long>(i));
        if (labels[i] != 0 && labels[i] != 1)
            return Msg("метка %d должна быть 0 или 1, а не %d", static_cast<long long>(i), labels[i]);
    }
    return {};
}

CmlConfusion CmlConfusionAt(std::span<const double> scores, std::span<const int> labels, double threshold)
{
    CmlConfusion c;
    const std::size_t n = std::min(scores.size(), labels.size());
    for (std::size_t i = 0; i < n; ++i) {
        const bool predicted = scores[i] >= threshold, actual = labels[i] == 1;
        (predicted ? (actual ? c.Tp : c.Fp) : (actual ? c.Fn : c.Tn)) += 1;
    }
    const auto ratio = [](long long a, long long b) { return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0; };
    c.Precision = ratio(c.Tp, c.Tp + c.Fp);
    c.Recall = ratio(c.Tp, c.Tp + c.Fn);
    c.Specificity = ratio(c.Tn, c.Tn + c.Fp);
    c.F1 = ratio(2 * c.Tp, 2 * c.Tp + c.Fp + c.Fn); // sklearn's f1 = 2 tp / (2 tp + fp + fn)
    c.Accuracy = ratio(c.Tp + c.Tn, static_cast<long long>(n));
    c.BalancedAccuracy = 0.5 * (c.Recall + c.Specificity);
    return c;
}

Result<CmlPrCurve> CmlPrecisionRecall(std::span<const double> scores, std::span<const int> labels)
{
    if (Message m = CmlValidateScores(scores, labels); !m.Empty()) return Result<CmlPrCurve>::Fail(m);
    const ClfCurve c = BinaryClfCurve(scores, labels);
    const std::size_t m = c.Tps.size();
    const double positives = c.Tps.back();
    CmlPrCurve r;
    for (std::size_t i = m; i-- > 0;) { // reversed: recall decreasing
        const double ps = c.Tps[i] + c.Fps[i];
        r.Precision.push_back(ps != 0.0 ? c.Tps[i] / ps : 0.0);
        r.Recall.push_back(positives == 0.0 ? 1.0 : c.Tps[i] / positives);
        r.Thresholds.push_back(c.Thresholds[i]);
    }
    r.Precision.push_back(1.0);
    r.Recall.push_back(0.0);
    double ap = 0.0;
    for (std::size_t i = 0; i + 1 < r.Recall.size(); ++i) ap += (r.Recall[i + 1] - r.Recall[i]) * r.Precision[i];
    r.AveragePrecision = -ap;
    return r;
}

Result<CmlRocCurve> CmlRoc(std::span<const double> scores, std::span<const int> labels)
{
    if (Message m = CmlValidateScores(scores, labels); !m.Empty()) return Result<CmlRocCurve>::Fail(m);
    const ClfCurve c = BinaryClfCurve(scores, labels);
    const double positives = c.Tps.back(), negatives = c.Fps.back();
    if (positives == 0.0 || negatives == 0.0)
        return Result<CmlRocCurve>::Fail(Msg("ROC: нужны и положительные, и отрицательные примеры"));
    // drop_intermediate: keep the ends and every point where the second difference is nonzero.
    std::vector<std::size_t> keep;
    const std::size_t m = c.Tps.size();
    for (std::size_t i = 0; i < m; ++i) {
        const bool corner = i == 0 || i + 1 == m || m <= 2 || (c.Fps[i + 1] - 2.0 * c.Fps[i] + c.Fps[i - 1]) != 0.0 ||
            (c.Tps[i + 1] - 2.0 * c.Tps[i] + c.Tps[i - 1]) != 0.0;
        if (corner) keep.push_back(i);
    }
    CmlRocCurve r;
    r.Fpr.push_back(0.0);
    r.Tpr.push_back(0.0);
    r.Thresholds.push_back(c.Thresholds[keep.front()] + 1.0);
    for (std::size_t i : keep) {
        r.Fpr.push_back(c.Fps[i] / negatives);
        r.Tpr.push_back(c.Tps[i] / positives);
        r.Thresholds.push_back(c.Thresholds[i]);
    }
    double area = 0.0; // np.trapz(tpr, fpr); fpr is non-decreasing
    for (std::size_t i = 1; i < r.Fpr.size(); ++i) area += (r.Fpr[i] - r.Fpr[i - 1]) * (r.Tpr[i] + r.Tpr[i - 1]) / 2.0;
    r.Auc = area;
    return r;
}

} // namespace mlviz
