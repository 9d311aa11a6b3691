#include "core/heatmap.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlviz {

ScalarGrid SampleGrid(const std::function<double(double, double)>& f, const Bounds2& area, int width, int height)
{
    ScalarGrid g;
    g.Width = std::clamp(width, 1, 4096);
    g.Height = std::clamp(height, 1, 4096);
    g.Area = area;
    g.Values.resize(static_cast<std::size_t>(g.Width) * g.Height);
    for (int j = 0; j < g.Height; ++j)
        for (int i = 0; i < g.Width; ++i)
            g.Values[static_cast<std::size_t>(j) * g.Width + i] = static_cast<float>(f(g.CellX(i), g.CellY(j)));
    return g;
}

double SampleBilinear(const ScalarGrid& g, double x, double y)
{
    if (g.Width <= 0 || g.Height <= 0) return std::numeric_limits<double>::quiet_NaN();
    // Continuous cell coordinates with cell centres at integers.
    const double u = std::clamp((x - g.Area.XMin) / (g.Area.XMax - g.Area.XMin) * g.Width - 0.5, 0.0, g.Width - 1.0);
    const double v = std::clamp((y - g.Area.YMin) / (g.Area.YMax - g.Area.YMin) * g.Height - 0.5, 0.0, g.Height - 1.0);
    const int i0 = static_cast<int>(u), j0 = static_cast<int>(v);
    const int i1 = std::min(i0 + 1, g.Width - 1), j1 = std::min(j0 + 1, g.Height - 1);
    const double fu = u - i0, fv = v - j0;
    const double a = g.At(i0, j0) * (1 - fu) + g.At(i1, j0) * fu;
    const double b = g.At(i0, j1) * (1 - fu) + g.At(i1, j1) * fu;
    return a * (1 - fv) + b * fv;
}

ValueRange FiniteRange(const std::vector<float>& values)
{
    ValueRange r;
    for (float v : values) {
        if (!std::isfinite(v)) continue;
        if (!r.Valid) {
            r.Min = r.Max = v;
            r.Valid = true;
            continue;
        }
        r.Min = std::min<double>(r.Min, v);
        r.Max = std::max<double>(r.Max, v);
    }
    return r;
}

double ColorMapping::Normalize(double v) const
{
    if (!std::isfinite(v)) return std::numeric_limits<double>::quiet_NaN();
    const double width = Max - Min;
    if (!(width > 0.0)) return 0.5;
    const double d = std::clamp(v - Min, 0.0, width);
    if (Scale == ColorScale::Linear) return d / width;
    const double s = std::max(LogFloor, 1e-12) * width;
    return std::log1p(d / s) / std::log1p(width / s);
}

double Denormalize(const ColorMapping& m, double t)
{
    const double width = m.Max - m.Min;
    t = std::clamp(t, 0.0, 1.0);
    if (!(width > 0.0)) return m.Min;
    if (m.Scale == ColorScale::Linear) return m.Min + t * width;
    const double s = std::max(m.LogFloor, 1e-12) * width;
    return m.Min + s * std::expm1(t * std::log1p(width / s));
}

ColorMapping SymmetricMapping(const ValueRange& range)
{
    ColorMapping m;
    const double a = range.Valid ? std::max(std::fabs(range.Min), std::fabs(range.Max)) : 1.0;
    m.Min = -(a > 0.0 ? a : 1.0);
    m.Max = -m.Min;
    return m;
}

std::vector<double> ContourLevels(const ColorMapping& mapping, int count)
{
    std::vector<double> levels;
    count = std::clamp(count, 0, 256);
    for (int k = 1; k <= count; ++k) levels.push_back(Denormalize(mapping, static_cast<double>(k) / (count + 1)));
    return levels;
}

} // namespace mlviz
