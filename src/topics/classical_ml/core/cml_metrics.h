// Binary classification metrics with sklearn 1.2's definitions (sklearn/metrics/_ranking.py,
// _classification.py). Labels are 0 / 1 (1 = positive); scores are any finite numbers, higher
// meaning more positive.
// - Confusion at a threshold: a point is predicted positive when score >= threshold (the
//   convention of precision_recall_curve's thresholds); precision, recall, F1 are 0 when their
//   denominator is 0 (zero_division=0).
// - precision_recall_curve: one point per distinct score, from the highest threshold down, in
//   sklearn's returned order (thresholds ascending, then the final point precision 1, recall 0);
//   with no positive label recall is 1 everywhere, as sklearn. average_precision_score =
//   -sum(diff(recall) * precision[:-1]).
// - roc_curve(drop_intermediate=True): collinear points dropped, a first point (0, 0) at
//   threshold max + 1 (sklearn 1.2); roc_auc_score = trapezoidal area under it.
#pragma once
#include <span>
#include <vector>

#include "core/result.h"

namespace mlviz {

inline constexpr int kCmlMaxScores = 1'000'000;

struct CmlConfusion {
    long long Tp = 0, Fp = 0, Tn = 0, Fn = 0;
    double Precision = 0.0, Recall = 0.0, F1 = 0.0, Accuracy = 0.0;
    double Specificity = 0.0;      // tn / (tn + fp), 0 when no negatives
    double BalancedAccuracy = 0.0; // (recall + specificity) / 2
};

struct CmlPrCurve {
    std::vector<double> Precision, Recall, Thresholds; // Precision / Recall have one more entry
    double AveragePrecision = 0.0;
};

struct CmlRocCurve {
    std::vector<double> Fpr, Tpr, Thresholds;
    double Auc = 0.0;
};

// Empty when sizes match, 1 <= n <= kCmlMaxScores, labels are 0 / 1 and scores finite.
Message CmlValidateScores(std::span<const double> scores, std::span<const int> labels);

CmlConfusion CmlConfusionAt(std::span<const double> scores, std::span<const int> labels, double threshold);
Result<CmlPrCurve> CmlPrecisionRecall(std::span<const double> scores, std::span<const int> labels);
// Needs both classes (sklearn raises otherwise).
Result<CmlRocCurve> CmlRoc(std::span<const double> scores, std::span<const int> labels);

} // namespace mlviz
