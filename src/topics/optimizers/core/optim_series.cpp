#include "topics/optimizers/core/optim_series.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

void ExtendOptimSeries(OptimSeries& s, const Trajectory& t, double best)
{
    const double a = kOptimSeriesDecay;
    for (std::size_t k = s.Steps.size(); k < t.Loss.size(); ++k) {
        s.Steps.push_back(static_cast<double>(k));
        s.Loss.push_back(t.Loss[k]);
        s.LogGap.push_back(std::log10(std::max(t.Loss[k] - best, kOptimSeriesGapFloor)));
        s.Lr.push_back(k < t.Lr.size() ? t.Lr[k] : (k > 0 ? t.Lr[k - 1] : 0.0));
        s.EmaLogGap = a * s.EmaLogGap + (1.0 - a) * s.LogGap.back();
        s.EmaLoss = a * s.EmaLoss + (1.0 - a) * t.Loss[k];
        s.EmaWeight = a * s.EmaWeight + (1.0 - a);
        s.SmoothLogGap.push_back(s.EmaLogGap / s.EmaWeight);
        s.SmoothLoss.push_back(s.EmaLoss / s.EmaWeight);
    }
}

} // namespace mlviz
