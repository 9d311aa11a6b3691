#include "core/colormap.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

const unsigned char (&ColormapTable(Colormap map))[256][3]
{
    return map == Colormap::Diverging ? kDiverging : kViridis;
}

Rgb8 SampleColormap(Colormap map, double t)
{
    if (!std::isfinite(t)) return {128, 128, 128};
    const auto& lut = ColormapTable(map);
    const double x = std::clamp(t, 0.0, 1.0) * 255.0;
    const int i0 = std::min(static_cast<int>(x), 254);
    const double f = x - i0;
    auto mix = [&](int c) { return static_cast<std::uint8_t>(std::lround(lut[i0][c] * (1.0 - f) + lut[i0 + 1][c] * f)); };
    return {mix(0), mix(1), mix(2)};
}

} // namespace mlviz
