// Decision regions that follow the tree count, and marching-squares iso-lines.
#include "topics/classical_ml/core/cml_regions.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

Message CmlRegionJob::Setup(const CmlGridSpec& grid, int classes, int accumulators)
{
    Grid = grid;
    Classes = Accumulators = Count = 0;
    Sums.clear();
    Probabilities.clear();
    Labels.clear();
    ++Revision;
    if (Message m = CmlValidateGrid(grid); !m.Empty()) return m;
    if (classes < 2 || accumulators < 1) return Msg("нужны точки хотя бы %d классов", 2);
    Classes = classes;
    Accumulators = accumulators;
    const std::size_t cells = static_cast<std::size_t>(grid.Width) * grid.Height;
    Sums.assign(cells * accumulators, 0.0);
    Probabilities.assign(cells * classes, 0.0);
    Labels.assign(cells, -1);
    return {};
}

void CmlRegionJob::CellCentre(std::size_t cell, double* x) const
{
    const int row = static_cast<int>(cell / Grid.Width), col = static_cast<int>(cell % Grid.Width);
    x[0] = Grid.X0 + (Grid.X1 - Grid.X0) * (col + 0.5) / Grid.Width;
    x[1] = Grid.Y0 + (Grid.Y1 - Grid.Y0) * (row + 0.5) / Grid.Height;
}

Message CmlRegionJob::Begin(const CmlGridSpec& grid, const CmlForestJob& forest)
{
    return Setup(grid, forest.NumClasses(), forest.NumClasses());
}

Message CmlRegionJob::Begin(const CmlGridSpec& grid, const CmlBoostingJob& boosting)
{
    if (Message m = Setup(grid, boosting.NumClasses(), boosting.NumOutputs()); !m.Empty()) return m;
    const std::vector<double>& init = boosting.InitRaw();
    if (static_cast<int>(init.size()) != Accumulators) {
        Classes = 0;
        return Msg("нужны точки хотя бы %d классов", 2);
    }
    for (std::size_t cell = 0; cell < Labels.size(); ++cell)
        std::copy(init.begin(), init.end(), Sums.begin() + static_cast<std::ptrdiff_t>(cell * Accumulators));
    return {};
}

bool CmlRegionJob::Step(const CmlForestJob& forest, int target, int max_trees)
{
    if (!Started() || forest.NumClasses() != Classes) return false;
    target = std::clamp(target, 0, forest.TreeCount());
    const std::vector<int>& classes = forest.Labels().Classes;
    std::vector<double> p(classes.size());
    double x[2];
    for (int moved = 0; Count != target && moved < std::max(1, max_trees); ++moved) {
        const bool forward = Count < target;
        const CmlTree& tree = forest.TreeAt(forward ? Count : Count - 1);
        const double sign = forward ? 1.0 : -1.0;
        for (std::size_t cell = 0; cell < Labels.size(); ++cell) {
            CellCentre(cell, x);
            tree.PredictProba(x, p.data());
            double* sum = Sums.data() + cell * Accumulators;
            for (std::size_t c = 0; c < classes.size(); ++c) sum[classes[c]] += sign * p[c];
        }
        Count += forward ? 1 : -1;
        if (Count == 0) std::fill(Sums.begin(), Sums.end(), 0.0); // no rounding left over
    }
    for (std::size_t cell = 0; cell < Labels.size(); ++cell) {
        double* out = Probabilities.data() + cell * Classes;
        const double* sum = Sums.data() + cell * Accumulators;
        for (int c = 0; c < Classes; ++c) out[c] = Count > 0 ? sum[c] / Count : 0.0;
        Labels[cell] = Count > 0 ? CmlArgMaxWithin(out, Classes, kCmlLabelTolerance) : -1;
    }
    ++Revision;
    return Count == target;
}

bool CmlRegionJob::Step(const CmlBoostingJob& boosting, int target, int max_trees)
{
    if (!Started() || boosting.NumClasses() != Classes || boosting.NumOutputs() != Accumulators) return false;
    target = std::clamp(target, 0, boosting.StageCount());
    const double rate = boosting.LearningRate();
    double x[2];
    for (int moved = 0; Count != target && moved < std::max(1, max_trees); ++moved) {
        const bool forward = Count < target;
        const int stage = forward ? Count : Count - 1;
        for (std::size_t cell = 0; cell < Labels.size(); ++cell) {
            CellCentre(cell, x);
            double* raw = Sums.data() + cell * Accumulators;
            for (int k = 0; k < Accumulators; ++k) {
                const double v = rate * boosting.TreeAt(stage, k).PredictValue(x);
                if (forward)
                    raw[k] += v;
                else
                    raw[k] -= v;
            }
        }
        Count += forward ? 1 : -1;
        if (Count == 0) { // back to the prior exactly
            const std::vector<double>& init = boosting.InitRaw();
            for (std::size_t cell = 0; cell < Labels.size(); ++cell)
                std::copy(init.begin(), init.end(), Sums.begin() + static_cast<std::ptrdiff_t>(cell * Accumulators));
        }
    }
    for (std::size_t cell = 0; cell < Labels.size(); ++cell) {
        double* out = Probabilities.data() + cell * Classes;
        boosting.RawToProba(Sums.data() + cell * Accumulators, out);
        Labels[cell] = CmlArgMaxWithin(out, Classes, kCmlLabelTolerance);
    }
    ++Revision;
    return Count == target;
}

std::vector<CmlSegment> CmlIsoLines(std::span<const double> v, int w, int h, double level)
{
    std::vector<CmlSegment> out;
    if (w < 2 || h < 2 || v.size() < static_cast<std::size_t>(w) * h) return out;
    // Corners of a square, counter-clockwise from (i, j): 0 = (i, j), 1 = (i+1, j), 2 = (i+1, j+1), 3 = (i, j+1).
    for (int j = 0; j + 1 < h; ++j)
        for (int i = 0; i + 1 < w; ++i) {
            const double c[4] = {v[static_cast<std::size_t>(j) * w + i], v[static_cast<std::size_t>(j) * w + i + 1],
                                 v[static_cast<std::size_t>(j + 1) * w + i + 1], v[static_cast<std::size_t>(j + 1) * w + i]};
            const double cx[4] = {0.0, 1.0, 1.0, 0.0}, cy[4] = {0.0, 0.0, 1.0, 1.0};
            bool finite = true;
            for (double x : c) finite = finite && std::isfinite(x);
            if (!finite) continue;
            int mask = 0;
            for (int k = 0; k < 4; ++k) mask |= (c[k] >= level ? 1 : 0) << k;
            if (mask == 0 || mask == 15) continue;
            // The crossing on edge e (from corner e to corner e+1).
            const auto cross = [&](int e, double& x, double& y) {
                const int a = e, b = (e + 1) % 4;
                const double t = c[b] == c[a] ? 0.5 : std::clamp((level - c[a]) / (c[b] - c[a]), 0.0, 1.0);
                x = i + cx[a] + t * (cx[b] - cx[a]);
                y = j + cy[a] + t * (cy[b] - cy[a]);
            };
            std::vector<int> edges;
            for (int e = 0; e < 4; ++e)
                if (((mask >> e) & 1) != ((mask >> ((e + 1) % 4)) & 1)) edges.push_back(e);
            if (edges.size() == 2) {
                CmlSegment s;
                cross(edges[0], s.X0, s.Y0);
                cross(edges[1], s.X1, s.Y1);
                out.push_back(s);
                continue;
            }
            // Saddle (corners 0 and 2 on one side, 1 and 3 on the other): the centre decides
            // whether corner 0's side is joined across the middle.
            const bool centre_high = (c[0] + c[1] + c[2] + c[3]) * 0.25 >= level;
            const bool zero_high = (mask & 1) != 0;
            const int pairs[2][2][2] = {{{0, 3}, {1, 2}}, {{0, 1}, {2, 3}}}; // [joined][pair][edge]
            const int k = centre_high == zero_high ? 1 : 0;
            for (int q = 0; q < 2; ++q) {
                CmlSegment s;
                cross(pairs[k][q][0], s.X0, s.Y0);
                cross(pairs[k][q][1], s.X1, s.Y1);
                out.push_back(s);
            }
        }
    return out;
}

} // namespace mlviz
