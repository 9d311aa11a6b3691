// Dependency cones, path counts and mass shares (rf_erf.h).
#include <algorithm>
#include <array>
#include <functional>

#include "topics/receptive_field/core/rf_erf.h"

namespace mlviz {

RfPair MapSize(const RfAnalysis& analysis, int map)
{
    return map <= 0 ? analysis.InputSize : analysis.Layers[static_cast<std::size_t>(map - 1)].OutSize;
}

// The dependency set of one unit is a product of one row set and one column set (every layer
// acts on rows and columns separately), so two 1-D index sets per map give exact boxes. A
// box of windows would not: with stride and dilation a unit inside the box that the unit
// above does not use can reach further than the ones it does use.
std::vector<RfBox> DependencyCone(const RfStack& stack, const RfAnalysis& analysis, int map, int uy, int ux)
{
    std::vector<RfBox> cone(static_cast<std::size_t>(map) + 1);
    std::array<std::vector<char>, 2> used;
    const RfPair top = MapSize(analysis, map);
    const int unit[2] = {uy, ux};
    for (int a = 0; a < 2; ++a) {
        used[a].assign(static_cast<std::size_t>(top[a]), 0);
        if (unit[a] >= 0 && unit[a] < top[a]) used[a][static_cast<std::size_t>(unit[a])] = 1;
    }
    auto box_of_used = [&] {
        std::int64_t lo[2], hi[2];
        for (int a = 0; a < 2; ++a) {
            const auto& u = used[a];
            const auto first = std::find(u.begin(), u.end(), 1);
            if (first == u.end()) return RfBox{};
            lo[a] = first - u.begin();
            hi[a] = static_cast<std::int64_t>(u.rend() - std::find(u.rbegin(), u.rend(), 1)) - 1;
        }
        return RfBox{lo[0], hi[0], lo[1], hi[1]};
    };
    cone[static_cast<std::size_t>(map)] = box_of_used();
    for (int m = map - 1; m >= 0; --m) {
        const RfLayer& l = stack.Layers[static_cast<std::size_t>(m)];
        const RfPair n = MapSize(analysis, m);
        for (int a = 0; a < 2; ++a) {
            std::vector<char> below(static_cast<std::size_t>(n[a]), 0);
            for (std::size_t y = 0; y < used[a].size(); ++y) {
                if (!used[a][y]) continue;
                for (int k = 0; k < l.Kernel[a]; ++k) {
                    const std::int64_t pos =
                        static_cast<std::int64_t>(y) * l.Stride[a] - l.Padding[a] + static_cast<std::int64_t>(k) * l.Dilation[a];
                    if (pos >= 0 && pos < n[a]) below[static_cast<std::size_t>(pos)] = 1; // padding taps depend on nothing
                }
            }
            used[a] = std::move(below);
        }
        cone[static_cast<std::size_t>(m)] = box_of_used();
    }
    return cone;
}

double RfMapPatch::At(std::int64_t y, std::int64_t x) const
{
    if (y < Box.Y0 || y > Box.Y1 || x < Box.X0 || x > Box.X1) return 0.0;
    return Values[static_cast<std::size_t>((y - Box.Y0) * Box.Width() + (x - Box.X0))];
}

// With unit weights every layer is a product of a row operation and a column operation
// (kernel of ones, per-axis padding), so the count at (y, x) is rows[y] * cols[x]: two 1-D
// passes instead of one 2-D pass with k_h*k_w taps (hover must stay well under a frame).
RfPathCounts PathCounts(const RfStack& stack, const RfAnalysis& analysis, int map, int uy, int ux)
{
    RfPathCounts out;
    map = std::clamp(map, 0, static_cast<int>(stack.Layers.size()));
    const std::vector<RfBox> cone = DependencyCone(stack, analysis, map, uy, ux);
    out.Maps.resize(cone.size());
    std::array<std::vector<double>, 2> above, below;
    const int unit[2] = {uy, ux};
    for (int a = 0; a < 2; ++a) {
        above[a].assign(static_cast<std::size_t>(MapSize(analysis, map)[a]), 0.0);
        if (unit[a] >= 0 && unit[a] < static_cast<int>(above[a].size())) above[a][static_cast<std::size_t>(unit[a])] = 1.0;
    }
    for (int m = map; m >= 0; --m) {
        if (m < map) {
            const RfLayer& l = stack.Layers[static_cast<std::size_t>(m)];
            const RfPair n = MapSize(analysis, m);
            for (int a = 0; a < 2; ++a) {
                below[a].assign(static_cast<std::size_t>(n[a]), 0.0);
                for (std::size_t y = 0; y < above[a].size(); ++y) {
                    const double v = above[a][y];
                    if (v == 0.0) continue;
                    for (int k = 0; k < l.Kernel[a]; ++k) {
                        const std::int64_t pos = static_cast<std::int64_t>(y) * l.Stride[a] - l.Padding[a] +
                            static_cast<std::int64_t>(k) * l.Dilation[a];
                        if (pos >= 0 && pos < n[a]) below[a][static_cast<std::size_t>(pos)] += v; // padding: a constant, no path
                    }
                }
                const double peak = *std::max_element(below[a].begin(), below[a].end());
                if (peak > 1e120) { // the product of both axes must stay finite
                    for (double& v : below[a]) v /= peak;
                    out.Scaled = true;
                }
                above[a].swap(below[a]);
            }
        }
        RfMapPatch& p = out.Maps[static_cast<std::size_t>(m)];
        p.Box = cone[static_cast<std::size_t>(m)];
        p.Values.resize(static_cast<std::size_t>(p.Box.Area()));
        std::size_t i = 0;
        for (std::int64_t y = p.Box.Y0; y <= p.Box.Y1; ++y)
            for (std::int64_t x = p.Box.X0; x <= p.Box.X1; ++x)
                p.Values[i++] = above[0][static_cast<std::size_t>(y)] * above[1][static_cast<std::size_t>(x)];
    }
    return out;
}

namespace {

// The smallest k such that the k largest values sum to at least `target`: a quickselect on
// sums (expected linear time; a full sort of a 512×512 field would stall a frame).
std::int64_t CountLargestForMass(std::vector<double>& v, double target)
{
    std::int64_t count = 0;
    double acc = 0.0;
    auto lo = v.begin(), hi = v.end();
    while (lo != hi && acc < target) {
        const double a = *lo, b = *(lo + (hi - lo) / 2), c = *(hi - 1);
        const double pivot = std::max(std::min(a, b), std::min(std::max(a, b), c)); // median of three
        const auto greater_end = std::partition(lo, hi, [&](double x) { return x > pivot; });
        const auto equal_end = std::partition(greater_end, hi, [&](double x) { return x == pivot; });
        if (equal_end == lo) break; // NaN pivot: no progress possible
        double greater = 0.0;
        for (auto it = lo; it != greater_end; ++it) greater += *it;
        if (acc + greater >= target) {
            hi = greater_end;
            continue;
        } // the cut lies among the larger values
        acc += greater;
        count += greater_end - lo;
        for (auto it = greater_end; it != equal_end && acc < target; ++it) {
            acc += pivot;
            ++count;
        }
        lo = equal_end;
    }
    return count;
}

} // namespace

RfMassShare SmallestMassShare(const std::vector<double>& values, RfPair size, const RfBox& box, double share)
{
    RfMassShare out;
    const RfBox c = Clip(box, size);
    if (c.Empty() || values.size() != static_cast<std::size_t>(size[0]) * size[1]) return out;
    out.BoxCells = c.Area();
    double total = 0.0;
    for (double v : values) total += v;
    std::vector<double> inside;
    inside.reserve(static_cast<std::size_t>(c.Area()));
    for (std::int64_t y = c.Y0; y <= c.Y1; ++y)
        for (std::int64_t x = c.X0; x <= c.X1; ++x) inside.push_back(values[static_cast<std::size_t>(y * size[1] + x)]);
    if (!(total > 0.0)) return out;
    // A relative tolerance, so that mass spread evenly over exactly 95 % of the cells is not
    // pushed one cell further by rounding.
    out.Cells = CountLargestForMass(inside, share * total * (1.0 - 1e-12));
    out.Share = static_cast<double>(out.Cells) / static_cast<double>(out.BoxCells);
    return out;
}

} // namespace mlviz
