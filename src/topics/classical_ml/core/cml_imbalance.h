// The class-imbalance pipeline of the topic's third tab: two Gaussian classes at 1:ratio (train
// and an independent test draw with the same counts), resampling of the training set only
// (cml_resample.h), a logistic regression trained in slices (cml_logreg.h), then the test-set
// scores, the confusion matrix at the decision threshold, and the PR and ROC curves
// (cml_metrics.h). Class 1 is the minority and the positive class.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"
#include "topics/classical_ml/core/cml_dataset.h"
#include "topics/classical_ml/core/cml_logreg.h"
#include "topics/classical_ml/core/cml_metrics.h"
#include "topics/classical_ml/core/cml_resample.h"

namespace mlviz {

struct CmlImbalanceConfig {
    CmlDataConfig Data;   // blobs with two classes; their counts are set from the two fields below
    int Majority = 2000;  // [10, kCmlMaxPointsPerClass]
    double Ratio = 100.0; // 1:Ratio, [1, 500]
    CmlResampling Method = CmlResampling::None;
    int SmoteK = 5; // [1, kCmlMaxSmoteK]
    std::uint32_t ResampleSeed = 1;
    CmlLogRegParams Model;
};

Message CmlValidateImbalanceConfig(const CmlImbalanceConfig& config);

class CmlImbalanceJob {
public:
    // Generates the points and resamples them. A resampling that is impossible (SMOTE with no more
    // than k minority points) is not an error: the model trains on the original points and
    // ResampleError() says why.
    Message Begin(const CmlImbalanceConfig& config);
    bool Step(int iterations); // Newton steps; when done, the test scores are computed; returns Done()
    bool Done() const { return Started && Model.Done() && ScoresReady; }
    const CmlDataset& Train() const { return TrainSet; }
    const CmlResampled& Resampled() const { return Fit; } // the points the model saw
    const Message& ResampleError() const { return ResampleMessage; }
    const CmlDataset& Test() const { return TestSet; }
    const CmlLogRegJob& Classifier() const { return Model; }
    // Test-set P(class 1), then the curves (valid once Done()).
    const std::vector<double>& TestScores() const { return Scores; }
    const CmlPrCurve& Pr() const { return PrCurve; }
    const std::optional<CmlRocCurve>& Roc() const { return RocCurve; }
    // Confusion of the test set at a threshold on P(class 1): cheap, for a live slider.
    CmlConfusion ConfusionAt(double threshold) const { return CmlConfusionAt(Scores, TestSet.Y, threshold); }

private:
    CmlDataset TrainSet, TestSet;
    CmlResampled Fit;
    Message ResampleMessage;
    CmlLogRegJob Model;
    std::vector<double> Scores;
    CmlPrCurve PrCurve;
    std::optional<CmlRocCurve> RocCurve;
    bool Started = false, ScoresReady = false;
};

} // namespace mlviz
