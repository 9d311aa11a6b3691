#include "core/ticks.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

double NiceStep(double span, int target)
{
    if (!(span > 0.0) || !std::isfinite(span)) return 0.0;
    const double raw = span / std::max(target, 1);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    const double f = raw / mag;
    const double nice = f < 1.5 ? 1.0 : f < 3.0 ? 2.0 : f < 7.0 ? 5.0 : 10.0;
    return nice * mag;
}

std::vector<double> NiceTicks(double lo, double hi, int target)
{
    std::vector<double> ticks;
    if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo)) return ticks;
    const double step = NiceStep(hi - lo, target);
    if (!(step > 0.0)) return ticks;
    const double first = std::ceil(lo / step - 1e-9);
    for (double k = first; k * step <= hi + step * 1e-9 && ticks.size() < 1000; k += 1.0) {
        const double v = k * step;
        ticks.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
    }
    return ticks;
}

} // namespace mlviz
