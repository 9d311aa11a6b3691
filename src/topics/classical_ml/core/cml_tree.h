// CART decision trees as sklearn 1.2 grows them (DepthFirstTreeBuilder + BestSplitter): a
// classification tree (Gini) for the random forest and regression trees (squared_error or
// friedman_mse) for gradient boosting. Sliceable: CmlTreeBuilder grows nodes under a work budget.
//
// Semantics reproduced from sklearn/tree/_splitter.pyx, _criterion.pyx, _tree.pyx:
// - features are float32 (sklearn's DTYPE): x is rounded to float before every comparison;
// - a point goes left when float(x[feature]) <= threshold; threshold = a/2 + b/2 (in double) of
//   two consecutive distinct sorted float values a < b (b's predecessor a when that rounds to b);
//   values within 1e-7 (float arithmetic, FEATURE_THRESHOLD) count as equal and are never split;
// - the best split maximises sklearn's proxy improvement (Gini: -(w_L G_L + w_R G_R); squared
//   error: S_L^2/w_L + S_R^2/w_R; friedman_mse: (w_R S_L - w_L S_R)^2 / (w_L w_R));
// - a node is a leaf when depth >= max_depth, n < min_samples_split, n < 2 min_samples_leaf,
//   impurity <= DBL_EPSILON, or no split keeps min_samples_leaf on both sides;
// - node ids in sklearn's order (depth first, left child first), children's impurity taken from
//   the split as sklearn does; leaf values: weighted class counts (tree_.value) or the weighted
//   mean target; samples of weight 0 are left out (bootstrap), as sklearn's splitter does.
// Tie-breaking (sklearn visits features in a random order, so its ties depend on random_state):
// features in ascending index, thresholds ascending, and a candidate replaces the best only when
// strictly better. With max_features < dims the features are drawn without replacement
// (Fisher-Yates, constant features skipped as sklearn does) from core/random.h.
#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "topics/classical_ml/core/cml_dataset.h"

namespace mlviz {

enum class CmlCriterion { Gini, SquaredError, FriedmanMse, Count };
// "gini", "squared_error", "friedman_mse" (sklearn's names).
std::string_view CmlCriterionName(CmlCriterion c);
std::optional<CmlCriterion> CmlCriterionFromName(std::string_view name);

inline constexpr int kCmlMaxTreeDepth = 20;
inline constexpr int kCmlMaxTreePoints = kCmlMaxPoints;

struct CmlTreeParams {
    CmlCriterion Criterion = CmlCriterion::Gini;
    int MaxDepth = 3;        // [1, kCmlMaxTreeDepth]
    int MinSamplesSplit = 2; // [2, kCmlMaxTreePoints]
    int MinSamplesLeaf = 1;  // [1, kCmlMaxTreePoints]
    int MaxFeatures = 0;     // features drawn at each split, [1, dims]; 0 = all, in index order
};

struct CmlTreeNode {
    int Feature = -1;       // -1: leaf
    double Threshold = 0.0; // left when float(x[Feature]) <= Threshold
    int Left = -1, Right = -1;
    int Parent = -1;
    int Depth = 0;
    int Samples = 0; // training points in the node (weight > 0)
    double WeightedSamples = 0.0;
    double Impurity = 0.0;
    double Improvement = 0.0; // sklearn's impurity_improvement of the split (N_t/N weighted)
    // Classification: weighted class counts (sklearn 1.2 tree_.value); regression: Value[0].
    std::array<double, kCmlMaxClasses> Value{};
};

struct CmlTree {
    int Dims = 0;
    int NumClasses = 0; // 0 for a regression tree
    std::vector<CmlTreeNode> Nodes;

    bool Empty() const { return Nodes.empty(); }
    int Apply(const double* x) const;                     // index of the leaf reached by x
    std::vector<int> DecisionPath(const double* x) const; // node ids from the root to the leaf
    // Classification: the leaf's counts normalised (sklearn predict_proba) into out[NumClasses].
    void PredictProba(const double* x, double* out) const;
    double PredictValue(const double* x) const { return Nodes[Apply(x)].Value[0]; }
    int Depth() const;
    int LeafCount() const;
};

// The points a tree is grown on. The spans must outlive the builder.
struct CmlTreeInput {
    int Dims = 2;
    std::span<const float> X;       // n x Dims
    int NumClasses = 0;             // >= 2 with Classes (Gini); 0 with Target (regression)
    std::span<const int> Classes;   // [0, NumClasses)
    std::span<const double> Target; // finite
    std::span<const double> Weight; // >= 0 and finite; empty = all 1
};

// Rounds a data set's coordinates to float32, as sklearn does on input.
std::vector<float> CmlToFloat32(const CmlDataset& data);

Message CmlValidateTreeParams(const CmlTreeParams& params, int dims, bool regression);

class CmlTreeBuilder {
public:
    // Validates and puts the root on the stack; the nodes are grown by Step().
    Message Begin(const CmlTreeInput& input, const CmlTreeParams& params, std::uint32_t seed);
    // Grows nodes until about `budget` work units are spent (one unit: one sample of one feature
    // sorted and scanned); at least one node per call, so a call overshoots by at most one node.
    // Measured natively (release): 20000 units take at most ~1.6 ms of CPU on 5000 points,
    // a finished forest tree's bookkeeping included. Returns Done().
    bool Step(long long budget);
    bool Done() const { return Started && Stack.empty(); }
    long long WorkDone() const { return Work; }
    const CmlTree& Tree() const { return Out; }
    CmlTree TakeTree() { return std::move(Out); }

private:
    struct Task {
        int Start = 0, End = 0, Depth = 0, Parent = -1;
        bool IsLeft = false;
        double Impurity = 0.0;
        std::array<int, kCmlMaxDims> Constants{}; // features known constant in this node
        int NumConstants = 0;
    };
    struct Sums {
        std::array<double, kCmlMaxClasses> Count{}; // classification: weighted class counts
        double Sum = 0.0;                           // regression: sum of w y
        double Weight = 0.0;
    };
    struct Split {
        int Pos = 0, Feature = -1;
        double Threshold = 0.0;
        double Proxy = -std::numeric_limits<double>::infinity();
    };
    void Grow(const Task& task);
    // Sorts the node's samples by `feature` and scans its thresholds; true when constant.
    bool EvaluateFeature(const Task& task, int feature, const Sums& total, Split& best);
    void AddSample(Sums& s, int sample, double sign) const;
    double Impurity(const Sums& s, double sq_sum) const;
    double Proxy(const Sums& left, const Sums& right) const;
    double SquaredSum(int start, int end) const; // sum of w y^2 over Samples[start, end)

    CmlTreeInput In;
    CmlTreeParams Params;
    std::mt19937 Rng;
    std::vector<int> Samples;
    std::vector<float> Values;
    std::vector<int> Order;
    std::vector<std::pair<float, int>> Pairs;
    std::vector<Task> Stack;
    double TotalWeight = 0.0;
    bool First = true, Started = false;
    long long Work = 0;
    CmlTree Out;
};

// The whole tree in one call (tests, CLI).
Result<CmlTree> CmlFitTree(const CmlTreeInput& input, const CmlTreeParams& params, std::uint32_t seed = 0);

} // namespace mlviz
