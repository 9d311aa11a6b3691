// Gradient boosting with log-loss, as sklearn 1.2 GradientBoostingClassifier(subsample=1,
// max_features=None) fits it (sklearn/ensemble/_gb.py, _gb_losses.py):
// - init: DummyClassifier(strategy="prior"); raw = log(p / (1 - p)) for two classes (one output),
//   log(p_k) for K > 2 classes (K outputs), p clipped to [eps32, 1 - eps32];
// - stage m, output k: residual r = y_k - p_k(raw of stage m-1) (y - expit(raw) for two classes,
//   y_k - softmax_k for K > 2), a regression tree (cml_tree.h, squared_error or friedman_mse) fit
//   to r, then each leaf's value replaced by one Newton step
//   sum(r) / sum((y - r)(1 - y + r)), times (K - 1) / K for K > 2 (0 when |denominator| < 1e-150),
//   and raw_k += learning_rate * leaf value;
// - probabilities: expit (two classes) or softmax of the raw predictions.
// Sliced: a stage's K trees grow under the work budget of Step().
#pragma once
#include <vector>

#include "core/result.h"
#include "topics/classical_ml/core/cml_dataset.h"
#include "topics/classical_ml/core/cml_ensemble.h"
#include "topics/classical_ml/core/cml_tree.h"

namespace mlviz {

struct CmlBoostingParams {
    int NumStages = 100;                                 // [1, kCmlMaxTrees]
    double LearningRate = 0.1;                           // [0.001, 10]
    int MaxDepth = 3;                                    // [1, 10]
    int MinSamplesLeaf = 1;                              // [1, kCmlMaxTreePoints]
    CmlCriterion Criterion = CmlCriterion::SquaredError; // squared_error or friedman_mse
};

inline constexpr int kCmlMaxBoostingDepth = 10;

Message CmlValidateBoostingParams(const CmlBoostingParams& params, int dims);

// Movable, not copyable: the tree builder under way points into the job's own buffers.
class CmlBoostingJob {
public:
    CmlBoostingJob() = default;
    CmlBoostingJob(const CmlBoostingJob&) = delete;
    CmlBoostingJob& operator=(const CmlBoostingJob&) = delete;
    CmlBoostingJob(CmlBoostingJob&&) = default;
    CmlBoostingJob& operator=(CmlBoostingJob&&) = default;

    Message Begin(const CmlDataset& train, const CmlDataset* test, const CmlBoostingParams& params);
    bool Step(long long budget); // returns Done()
    bool Done() const { return Started && StageCount() >= Params.NumStages; }
    double Progress() const;
    int StageCount() const { return static_cast<int>(Stages.size()); }
    int NumOutputs() const { return Outputs; } // 1 for two classes, else the number of classes
    int NumClasses() const { return Train.NumClasses; }
    const CmlLabelCode& Labels() const { return Code; }
    const std::vector<double>& InitRaw() const { return Init; }
    double LearningRate() const { return Params.LearningRate; }
    // Tree of output k at stage s; its leaves hold the Newton values (before the learning rate).
    const CmlTree& TreeAt(int stage, int k) const { return Stages[stage][k]; }
    // Raw predictions (NumOutputs values) after `stages` stages: sklearn's staged_decision_function.
    void RawPredict(const double* x, int stages, double* raw) const;
    // Probabilities for all NumClasses() classes after `stages` stages.
    void PredictProba(const double* x, int stages, double* proba) const;
    // expit / softmax of NumOutputs() raw predictions into NumClasses() probabilities.
    void RawToProba(const double* raw, double* proba) const;
    // Curve point s is the model after s stages (point 0: the prior alone).
    const std::vector<CmlCurvePoint>& Curves() const { return Curve; }
    // The training points' raw predictions now (Size() x NumOutputs), updated as sklearn does.
    const std::vector<double>& TrainRaw() const { return Raw; }

private:
    void StartTree();
    void FinishTree();
    void RecordCurve();

    CmlDataset Train, Test;
    bool HasTest = false, Started = false, Building = false;
    CmlBoostingParams Params;
    CmlTreeParams TreeParams;
    CmlLabelCode Code;
    int Outputs = 1;
    std::vector<float> X;
    std::vector<int> Encoded;
    std::vector<double> Init;
    std::vector<double> Raw, RawAtStageStart, TestRaw; // n x Outputs
    std::vector<double> Residual, OneHot;
    int CurrentOutput = 0;
    CmlTreeBuilder Builder;
    std::vector<std::vector<CmlTree>> Stages;
    std::vector<CmlTree> Pending;
    std::vector<CmlCurvePoint> Curve;
};

} // namespace mlviz
