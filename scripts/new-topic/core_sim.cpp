#include "topics/@id@/core/@id@_sim.h"

#include <cmath>

namespace mlviz {

Result<@Camel@Curve> Simulate@Camel@(const @Camel@Config& c)
{
    if (!std::isfinite(c.Amplitude) || !std::isfinite(c.Damping) || !std::isfinite(c.Frequency))
        return Result<@Camel@Curve>::Fail(Msg("параметры должны быть конечными числами"));
    if (c.Samples < 2 || c.Samples > 100000) return Result<@Camel@Curve>::Fail(Msg("samples должно быть в [2, 100000], получено %d", c.Samples));
    @Camel@Curve out;
    for (int i = 0; i < c.Samples; ++i) {
        const double t = 10.0 * i / (c.Samples - 1);
        out.T.push_back(t);
        out.X.push_back(c.Amplitude * std::exp(-c.Damping * t) * std::cos(2.0 * 3.14159265358979323846 * c.Frequency * t));
    }
    return out;
}

} // namespace mlviz
