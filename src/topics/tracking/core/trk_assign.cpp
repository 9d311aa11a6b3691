// Linear sum assignment equal to SciPy's, and greedy matching (see trk_assign.h).
#include "topics/tracking/core/trk_assign.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mlviz {

namespace {

// One shortest augmenting path from free row `start`; returns the sink column or -1.
int AugmentingPath(int nc, const std::vector<double>& c, const std::vector<double>& u, const std::vector<double>& v,
                   std::vector<int>& path, const std::vector<int>& row4col, std::vector<double>& spc, int start,
                   std::vector<char>& sr, std::vector<char>& sc, std::vector<int>& remaining, double& min_val_out)
{
    double min_val = 0.0;
    int num_remaining = nc;
    for (int it = 0; it < nc; ++it) remaining[it] = nc - it - 1;
    std::fill(sr.begin(), sr.end(), 0);
    std::fill(sc.begin(), sc.end(), 0);
    std::fill(spc.begin(), spc.end(), INFINITY);
    int i = start, sink = -1;
    while (sink == -1) {
        int index = -1;
        double lowest = INFINITY;
        sr[i] = 1;
        for (int it = 0; it < num_remaining; ++it) {
            const int j = remaining[it];
            const double r = min_val + c[static_cast<std::size_t>(i) * nc + j] - u[i] - v[j];
            if (r < spc[j]) {
                path[j] = i;
                spc[j] = r;
            }
            if (spc[j] < lowest || (spc[j] == lowest && row4col[j] == -1)) {
                lowest = spc[j];
                index = it;
            }
        }
        min_val = lowest;
        if (min_val == INFINITY) return -1;
        const int j = remaining[index];
        if (row4col[j] == -1)
            sink = j;
        else
            i = row4col[j];
        sc[j] = 1;
        remaining[index] = remaining[--num_remaining];
    }
    min_val_out = min_val;
    return sink;
}

} // namespace

Result<Assignment> LinearSumAssignment(const std::vector<double>& cost, int rows, int cols, bool maximize)
{
    using R = Result<Assignment>;
    if (rows < 0 || cols < 0 || rows > kAssignMaxSide || cols > kAssignMaxSide)
        return R::Fail(Msg("размер матрицы стоимостей должен быть не больше %d x %d", kAssignMaxSide, kAssignMaxSide));
    if (cost.size() != static_cast<std::size_t>(rows) * cols) return R::Fail(Msg("матрица стоимостей не прямоугольная"));
    Assignment out;
    if (rows == 0 || cols == 0) return out;
    const bool transpose = cols < rows;
    int nr = rows, nc = cols;
    std::vector<double> c(cost.size());
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) {
            const double x = cost[static_cast<std::size_t>(i) * cols + j];
            if (transpose)
                c[static_cast<std::size_t>(j) * rows + i] = x;
            else
                c[static_cast<std::size_t>(i) * cols + j] = x;
        }
    if (transpose) std::swap(nr, nc);
    if (maximize)
        for (double& x : c) x = -x;
    for (double x : c)
        if (std::isnan(x) || x == -INFINITY) return R::Fail(Msg("матрица стоимостей содержит NaN или -inf"));

    std::vector<double> u(nr, 0.0), v(nc, 0.0), spc(nc);
    std::vector<int> path(nc, -1), col4row(nr, -1), row4col(nc, -1), remaining(nc);
    std::vector<char> sr(nr), sc(nc);
    for (int cur = 0; cur < nr; ++cur) {
        double min_val = 0.0;
        const int sink = AugmentingPath(nc, c, u, v, path, row4col, spc, cur, sr, sc, remaining, min_val);
        if (sink < 0) return R::Fail(Msg("задача назначения неразрешима: не хватает конечных стоимостей"));
        u[cur] += min_val;
        for (int i = 0; i < nr; ++i)
            if (sr[i] && i != cur) u[i] += min_val - spc[col4row[i]];
        for (int j = 0; j < nc; ++j)
            if (sc[j]) v[j] -= min_val - spc[j];
        int j = sink;
        while (true) {
            const int i = path[j];
            row4col[j] = i;
            std::swap(col4row[i], j);
            if (i == cur) break;
        }
    }
    if (transpose) {
        // Pairs (col4row[k], k) sorted by their original row (col4row[k]), like SciPy's argsort.
        std::vector<int> order(nr);
        std::iota(order.begin(), order.end(), 0);
        std::sort(order.begin(), order.end(), [&](int a, int b) { return col4row[a] < col4row[b]; });
        for (int k : order) {
            out.Rows.push_back(col4row[k]);
            out.Cols.push_back(k);
        }
    } else {
        for (int i = 0; i < nr; ++i) {
            out.Rows.push_back(i);
            out.Cols.push_back(col4row[i]);
        }
    }
    for (std::size_t k = 0; k < out.Rows.size(); ++k)
        out.Total += cost[static_cast<std::size_t>(out.Rows[k]) * cols + out.Cols[k]];
    return out;
}

Assignment GreedyMaxAssignment(const std::vector<double>& value, int rows, int cols, double min_value)
{
    std::vector<int> order;
    for (int k = 0; k < rows * cols; ++k)
        if (!std::isnan(value[k]) && value[k] >= min_value) order.push_back(k);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return value[a] > value[b]; });
    std::vector<char> row_used(rows, 0), col_used(cols, 0);
    std::vector<std::pair<int, int>> pairs;
    for (int k : order) {
        const int i = k / cols, j = k % cols;
        if (row_used[i] || col_used[j]) continue;
        row_used[i] = col_used[j] = 1;
        pairs.push_back({i, j});
    }
    std::sort(pairs.begin(), pairs.end());
    Assignment out;
    for (const auto& [i, j] : pairs) {
        out.Rows.push_back(i);
        out.Cols.push_back(j);
        out.Total += value[static_cast<std::size_t>(i) * cols + j];
    }
    return out;
}

} // namespace mlviz
