// Random forest of CART classification trees (Gini), as sklearn 1.2 RandomForestClassifier builds
// it: each tree sees a bootstrap sample (n draws with replacement, kept as integer sample weights)
// and draws max_features features at every split; the forest's probability is the mean of the
// trees' leaf frequencies. Grown tree by tree under a work budget, with train / test curves.
// Randomness: core/random.h; tree t uses std::seed_seq{seed, t}, so a tree does not depend on how
// the work was sliced. With bootstrap off and all features every tree equals
// sklearn.tree.DecisionTreeClassifier on the same points (see cml_tree.h for ties).
#pragma once
#include <cstdint>
#include <vector>

#include "core/result.h"
#include "topics/classical_ml/core/cml_dataset.h"
#include "topics/classical_ml/core/cml_ensemble.h"
#include "topics/classical_ml/core/cml_tree.h"

namespace mlviz {

struct CmlForestParams {
    int NumTrees = 100;     // [1, kCmlMaxTrees]
    int MaxDepth = 8;       // [1, kCmlMaxTreeDepth]
    int MinSamplesLeaf = 1; // [1, kCmlMaxTreePoints]
    int MaxFeatures = 0;    // features per split: 0 = sklearn's "sqrt" (max(1, floor(sqrt(d)))), else [1, d]; d = all
    bool Bootstrap = true;
    std::uint32_t Seed = 1;
};

Message CmlValidateForestParams(const CmlForestParams& params, int dims);

// Movable, not copyable: the tree builder under way points into the job's own buffers.
class CmlForestJob {
public:
    CmlForestJob() = default;
    CmlForestJob(const CmlForestJob&) = delete;
    CmlForestJob& operator=(const CmlForestJob&) = delete;
    CmlForestJob(CmlForestJob&&) = default;
    CmlForestJob& operator=(CmlForestJob&&) = default;

    // Copies the points; `test` may be null (test curves stay 0).
    Message Begin(const CmlDataset& train, const CmlDataset* test, const CmlForestParams& params);
    // Grows trees for about `budget` work units (see CmlTreeBuilder::Step); returns Done().
    bool Step(long long budget);
    bool Done() const { return Started && static_cast<int>(Trees.size()) >= Params.NumTrees; }
    double Progress() const;
    int TreeCount() const { return static_cast<int>(Trees.size()); }
    const CmlTree& TreeAt(int i) const { return Trees[i]; }
    int NumClasses() const { return Train.NumClasses; }
    const CmlLabelCode& Labels() const { return Code; }
    // Mean of the first `trees` trees' probabilities, for all NumClasses() classes.
    void PredictProba(const double* x, int trees, double* proba) const;
    // Curve point t-1 is the forest of t trees.
    const std::vector<CmlCurvePoint>& Curves() const { return Curve; }

private:
    void Finish(CmlTree tree);

    CmlDataset Train, Test;
    bool HasTest = false, Started = false;
    CmlForestParams Params;
    CmlLabelCode Code;
    std::vector<float> X;
    std::vector<int> Encoded;
    std::vector<double> Weight;
    CmlTreeParams TreeParams;
    CmlTreeBuilder Builder;
    bool Building = false;
    std::vector<CmlTree> Trees;
    CmlScoreboard TrainBoard, TestBoard;
    std::vector<CmlCurvePoint> Curve;
};

} // namespace mlviz
