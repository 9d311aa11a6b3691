// What the random forest and gradient boosting share: labels encoded as sklearn does, the
// per-tree-count curves (log-loss and accuracy on train and test), and the sliced evaluation of
// an ensemble over a grid for decision-region pictures (cml_regions.h).
#pragma once
#include <vector>

#include "core/result.h"
#include "topics/classical_ml/core/cml_dataset.h"

namespace mlviz {

inline constexpr int kCmlMaxTrees = 500;
inline constexpr int kCmlMaxGridSide = 256;

// sklearn's LabelEncoder: the classes that occur in the training labels, ascending. Models work on
// the encoded indices and report probabilities for all NumClasses of the data set (0 for a class
// with no training point).
struct CmlLabelCode {
    std::vector<int> Classes; // encoded index -> data-set class
    std::vector<int> Index;   // data-set class -> encoded index or -1
};
CmlLabelCode CmlEncodeLabels(const CmlDataset& data);

// One term of sklearn.metrics.log_loss(eps="auto"): probabilities clipped to [eps, 1 - eps]
// (eps = DBL_EPSILON), the row renormalised, -log of the true class's entry.
double CmlLogLossTerm(const double* proba, int num_classes, int label);
// np.argmax: the first maximum.
int CmlArgMax(const double* v, int n);

// Quality after a given number of trees (boosting: stages). Loss is sklearn's log_loss of the
// predicted probabilities, accuracy the fraction of argmax predictions that are right.
struct CmlCurvePoint {
    int Trees = 0;
    double TrainLoss = 0.0, TestLoss = 0.0;
    double TrainAccuracy = 0.0, TestAccuracy = 0.0;
};

// Running class-probability sums of the points of one data set, turned into a curve point.
struct CmlScoreboard {
    std::vector<double> Sum; // Size() x NumClasses of the data set
    void Reset(const CmlDataset& data);
    // Loss and accuracy of Sum / divisor (divisor 1 when Sum already holds probabilities).
    void Score(const CmlDataset& data, double divisor, double& loss, double& accuracy) const;
};

// A w x h grid of cell centres over [X0, X1] x [Y0, Y1] (2-D data); row 0 is Y0.
struct CmlGridSpec {
    double X0 = -3.0, X1 = 3.0, Y0 = -3.0, Y1 = 3.0;
    int Width = 64, Height = 64; // [2, kCmlMaxGridSide]
};
Message CmlValidateGrid(const CmlGridSpec& grid);

// np.argmax with a tolerance: the first entry within `tolerance` of the maximum (-1 for n = 0).
// Decision regions use it so that sums rounded differently (a step back subtracts a tree) keep
// the same label on exact ties (two trees of a forest voting 1 : 1).
int CmlArgMaxWithin(const double* v, int n, double tolerance);

} // namespace mlviz
