// Helpers of the conv_blocks arrays (conv_tensor.h).
#include "topics/conv_blocks/core/conv_tensor.h"

#include <cmath>
#include <limits>

namespace mlviz {

double MaxAbsDifference(std::span<const double> a, std::span<const double> b)
{
    if (a.size() != b.size()) return std::numeric_limits<double>::infinity();
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double d = std::fabs(a[i] - b[i]);
        if (std::isnan(d)) return std::numeric_limits<double>::infinity(); // a NaN is never "close"
        if (d > worst) worst = d;
    }
    return worst;
}

} // namespace mlviz
