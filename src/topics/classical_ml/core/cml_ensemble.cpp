// Label encoding, log-loss / accuracy bookkeeping and the sliced decision-region grid.
#include "topics/classical_ml/core/cml_ensemble.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace mlviz {

CmlLabelCode CmlEncodeLabels(const CmlDataset& data)
{
    CmlLabelCode code;
    code.Index.assign(std::max(0, data.NumClasses), -1);
    const std::vector<int> counts = CmlClassCounts(data);
    for (int k = 0; k < data.NumClasses; ++k)
        if (counts[k] > 0) {
            code.Index[k] = static_cast<int>(code.Classes.size());
            code.Classes.push_back(k);
        }
    return code;
}

double CmlLogLossTerm(const double* proba, int num_classes, int label)
{
    double sum = 0.0, mine = 0.0;
    for (int k = 0; k < num_classes; ++k) {
        const double p = std::clamp(proba[k], DBL_EPSILON, 1.0 - DBL_EPSILON);
        sum += p;
        if (k == label) mine = p;
    }
    return -std::log(mine / sum);
}

int CmlArgMax(const double* v, int n)
{
    int best = 0;
    for (int k = 1; k < n; ++k)
        if (v[k] > v[best]) best = k;
    return best;
}

void CmlScoreboard::Reset(const CmlDataset& data)
{
    Sum.assign(static_cast<std::size_t>(data.Size()) * data.NumClasses, 0.0);
}

void CmlScoreboard::Score(const CmlDataset& data, double divisor, double& loss, double& accuracy) const
{
    loss = accuracy = 0.0;
    if (data.Size() == 0 || Sum.size() != static_cast<std::size_t>(data.Size()) * data.NumClasses) return;
    const int k = data.NumClasses, n = data.Size();
    std::vector<double> p(k);
    int right = 0;
    for (int i = 0; i < n; ++i) {
        for (int c = 0; c < k; ++c) p[c] = Sum[static_cast<std::size_t>(i) * k + c] / divisor;
        loss += CmlLogLossTerm(p.data(), k, data.Y[i]);
        right += CmlArgMax(p.data(), k) == data.Y[i];
    }
    loss /= n;
    accuracy = static_cast<double>(right) / n;
}

Message CmlValidateGrid(const CmlGridSpec& g)
{
    if (g.Width < 2 || g.Width > kCmlMaxGridSide || g.Height < 2 || g.Height > kCmlMaxGridSide)
        return Msg("сетка: размер %dx%d вне [%d, %d]", g.Width, g.Height, 2, kCmlMaxGridSide);
    if (!std::isfinite(g.X0) || !std::isfinite(g.X1) || !std::isfinite(g.Y0) || !std::isfinite(g.Y1) || !(g.X1 > g.X0) ||
        !(g.Y1 > g.Y0))
        return Msg("сетка: границы должны быть конечны и X0 < X1, Y0 < Y1");
    return {};
}

int CmlArgMaxWithin(const double* v, int n, double tolerance)
{
    if (n <= 0) return -1;
    double top = v[0];
    for (int k = 1; k < n; ++k) top = std::max(top, v[k]);
    for (int k = 0; k < n; ++k)
        if (v[k] >= top - tolerance) return k;
    return 0;
}

} // namespace mlviz
