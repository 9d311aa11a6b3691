// The chart series of one optimizer run, appended to as the run grows: the loss, its gap to the
// best value in the picture on a log10 scale (which resolves the slow tail of convergence), the
// learning rate, and running means for noisy runs, bias-corrected like Adam's moments.
#pragma once
#include <vector>

#include "topics/optimizers/core/optim_run.h"

namespace mlviz {

struct OptimSeries {
    std::vector<double> Steps, LogGap, Loss, Lr;
    std::vector<double> SmoothLogGap, SmoothLoss; // EMA with decay 0.9, divided by (1 - 0.9^n)
    double EmaLogGap = 0.0, EmaLoss = 0.0, EmaWeight = 0.0;
};

inline constexpr double kOptimSeriesDecay = 0.9;
inline constexpr double kOptimSeriesGapFloor = 1e-16; // log10 of a gap below this is -16

// Appends the points of `t` the series does not have yet (from s.Steps.size() on). `best` is
// the loss the gap is measured to (the minimum over the picture).
void ExtendOptimSeries(OptimSeries& s, const Trajectory& t, double best);

} // namespace mlviz
