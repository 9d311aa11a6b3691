// "Nice" axis ticks (1, 2, 5 x 10^k steps) for plots.
#pragma once
#include <vector>

namespace mlviz {

// Tick values covering [lo, hi] with about `target` ticks; step is 1, 2 or 5 times a power
// of ten. Returns an empty vector for an empty or non-finite range.
std::vector<double> NiceTicks(double lo, double hi, int target);
double NiceStep(double span, int target);

} // namespace mlviz
