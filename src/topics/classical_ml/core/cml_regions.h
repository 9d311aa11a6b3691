// Pictures over a grid for the classical-ML views: the decision regions of a forest or a boosted
// ensemble after t trees, and iso-lines of a scalar field (a classifier's probability).
//
// CmlRegionJob keeps, per grid cell, the forest's sum of tree probabilities or boosting's raw
// prediction, for a tree count that moves (play adds trees one by one, the scrub slider goes
// back): going from t to t' trees adds or takes away the trees in between, one tree lookup per
// cell each, instead of t' lookups per cell. The ensemble is passed to every call and never kept,
// so the job cannot outlive the forest or boosting job it reads; Begin again whenever that job
// restarts. Steps forward sum in the order of CmlForestJob::PredictProba and
// CmlBoostingJob::RawPredict, so the probabilities are theirs bit for bit; a step back subtracts
// (rounding ~1e-16), so labels are taken with CmlArgMaxWithin and a tolerance of 1e-9.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"
#include "topics/classical_ml/core/cml_boosting.h"
#include "topics/classical_ml/core/cml_ensemble.h"
#include "topics/classical_ml/core/cml_forest.h"

namespace mlviz {

inline constexpr double kCmlLabelTolerance = 1e-9;

class CmlRegionJob {
public:
    // Sets up the grid for the ensemble (2-D data), with 0 trees.
    Message Begin(const CmlGridSpec& grid, const CmlForestJob& forest);
    Message Begin(const CmlGridSpec& grid, const CmlBoostingJob& boosting);
    // Moves the sums by at most `max_trees` trees (boosting: stages) towards `target`, clamped to
    // [0, the trees built], then refreshes Proba() and Label(). Pass the job given to Begin.
    // Returns true when the sums hold the target.
    bool Step(const CmlForestJob& forest, int target, int max_trees);
    bool Step(const CmlBoostingJob& boosting, int target, int max_trees);
    bool Started() const { return Classes > 0; }
    int Trees() const { return Count; }
    const CmlGridSpec& Spec() const { return Grid; }
    int NumClasses() const { return Classes; }
    // Height x Width x NumClasses probabilities (row 0 = Y0) and the label of each cell (-1: a
    // forest of 0 trees says nothing).
    const std::vector<double>& Proba() const { return Probabilities; }
    const std::vector<int>& Label() const { return Labels; }
    // Changes whenever Proba() does (for texture uploads).
    std::uint64_t Version() const { return Revision; }

private:
    Message Setup(const CmlGridSpec& grid, int classes, int accumulators);
    void CellCentre(std::size_t cell, double* x) const;

    CmlGridSpec Grid;
    int Classes = 0, Accumulators = 0, Count = 0;
    std::vector<double> Sums; // cells x Accumulators: forest probability sums, or raw predictions
    std::vector<double> Probabilities;
    std::vector<int> Labels;
    std::uint64_t Revision = 0;
};

// Marching squares: the line segments where a scalar field sampled at the cell centres of a
// width x height grid (row-major, row 0 first) crosses `level`, in cell-centre coordinates
// (x in [0, width - 1], y in [0, height - 1]). Saddles are split by the centre's mean value.
struct CmlSegment {
    double X0 = 0.0, Y0 = 0.0, X1 = 0.0, Y1 = 0.0;
};
std::vector<CmlSegment> CmlIsoLines(std::span<const double> values, int width, int height, double level);

} // namespace mlviz
