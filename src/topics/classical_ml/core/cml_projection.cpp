// PCA (eigenvectors of the covariance, sklearn's svd_flip signs) and LDA (generalised symmetric
// eigenproblem by Cholesky reduction, as LAPACK's dsygv used by scipy.linalg.eigh(Sb, Sw)).
#include "topics/classical_ml/core/cml_projection.h"

#include <algorithm>
#include <cmath>

#include "topics/classical_ml/core/cml_linalg.h"

namespace mlviz {

namespace {

// Biased covariance (1/m) of the rows in `rows`, as np.cov(X.T, bias=1).
std::vector<double> Covariance(const CmlDataset& d, const std::vector<int>& rows, std::vector<double>& mean)
{
    const int n = d.Dims;
    mean.assign(n, 0.0);
    for (int i : rows)
        for (int j = 0; j < n; ++j) mean[j] += d.At(i, j);
    for (double& m : mean) m /= static_cast<double>(rows.size());
    std::vector<double> cov(static_cast<std::size_t>(n) * n, 0.0);
    for (int i : rows)
        for (int a = 0; a < n; ++a)
            for (int b = 0; b < n; ++b) cov[a * n + b] += (d.At(i, a) - mean[a]) * (d.At(i, b) - mean[b]);
    for (double& c : cov) c /= static_cast<double>(rows.size());
    return cov;
}

double Quadratic(int n, const std::vector<double>& m, std::span<const double> w)
{
    double s = 0.0;
    for (int a = 0; a < n; ++a)
        for (int b = 0; b < n; ++b) s += w[a] * m[a * n + b] * w[b];
    return s;
}

} // namespace

Result<CmlPcaResult> CmlPca(const CmlDataset& data, int n_components)
{
    using R = Result<CmlPcaResult>;
    if (Message m = CmlValidateDataset(data); !m.Empty()) return R::Fail(m);
    const int n = data.Size(), dims = data.Dims;
    if (n < 2) return R::Fail(Msg("PCA: нужно хотя бы %d точки, есть %d", 2, n));
    const int max_components = std::min(n, dims);
    if (n_components == 0) n_components = max_components;
    if (n_components < 1 || n_components > max_components)
        return R::Fail(Msg("поле '%s' = %d вне диапазона [%d, %d]", "n_components", n_components, 1, max_components));

    std::vector<int> all(n);
    for (int i = 0; i < n; ++i) all[i] = i;
    CmlPcaResult r;
    r.Dims = dims;
    r.NumComponents = n_components;
    std::vector<double> cov = Covariance(data, all, r.Mean);
    for (double& c : cov) c *= static_cast<double>(n) / (n - 1); // ddof = 1, as explained_variance_
    double total = 0.0;
    for (int j = 0; j < dims; ++j) total += cov[j * dims + j];
    if (!(total > 0.0)) return R::Fail(Msg("PCA: все точки совпадают, дисперсия равна нулю"));

    const CmlEigen e = CmlSymmetricEigen(dims, cov);
    r.Projected.assign(static_cast<std::size_t>(n) * n_components, 0.0);
    for (int c = 0; c < n_components; ++c) {
        std::vector<double> v(e.Vectors.begin() + c * dims, e.Vectors.begin() + (c + 1) * dims);
        // svd_flip(u_based_decision=True): the largest |u_i| of U's column (u proportional to the
        // projections) becomes positive; the first such i on ties, as np.argmax.
        int arg = 0;
        double best = -1.0;
        std::vector<double> p(n);
        for (int i = 0; i < n; ++i) {
            double s = 0.0;
            for (int j = 0; j < dims; ++j) s += (data.At(i, j) - r.Mean[j]) * v[j];
            p[i] = s;
            if (std::fabs(s) > best) {
                best = std::fabs(s);
                arg = i;
            }
        }
        const double sign = p[arg] < 0.0 ? -1.0 : 1.0;
        for (double& x : v) x *= sign;
        r.Components.insert(r.Components.end(), v.begin(), v.end());
        for (int i = 0; i < n; ++i) r.Projected[static_cast<std::size_t>(i) * n_components + c] = sign * p[i];
        const double var = std::max(0.0, e.Values[c]);
        r.ExplainedVariance.push_back(var);
        r.ExplainedVarianceRatio.push_back(var / total);
    }
    return r;
}

CmlScatter CmlScatterMatrices(const CmlDataset& data)
{
    CmlScatter s;
    const int dims = data.Dims, n = data.Size();
    s.Dims = dims;
    s.Within.assign(static_cast<std::size_t>(dims) * dims, 0.0);
    if (n == 0) {
        s.Total = s.Between = s.Within;
        return s;
    }
    std::vector<std::vector<int>> members(std::max(0, data.NumClasses));
    for (int i = 0; i < n; ++i) members[data.Y[i]].push_back(i);
    for (int k = 0; k < data.NumClasses; ++k) {
        if (members[k].empty()) continue;
        std::vector<double> mean;
        const std::vector<double> cov = Covariance(data, members[k], mean);
        const double prior = static_cast<double>(members[k].size()) / n;
        s.Classes.push_back(k);
        s.Priors.push_back(prior);
        s.Means.insert(s.Means.end(), mean.begin(), mean.end());
        for (std::size_t t = 0; t < cov.size(); ++t) s.Within[t] += prior * cov[t];
    }
    std::vector<int> all(n);
    for (int i = 0; i < n; ++i) all[i] = i;
    std::vector<double> mean;
    s.Total = Covariance(data, all, mean);
    s.Between.resize(s.Total.size());
    for (std::size_t t = 0; t < s.Total.size(); ++t) s.Between[t] = s.Total[t] - s.Within[t];
    return s;
}

Result<CmlLdaResult> CmlLda(const CmlDataset& data, int n_components)
{
    using R = Result<CmlLdaResult>;
    if (Message m = CmlValidateDataset(data); !m.Empty()) return R::Fail(m);
    CmlLdaResult r;
    r.Scatter = CmlScatterMatrices(data);
    const int dims = data.Dims, classes = static_cast<int>(r.Scatter.Classes.size());
    if (classes < 2) return R::Fail(Msg("LDA: нужны точки хотя бы %d классов, есть %d", 2, classes));
    if (data.Size() <= classes) return R::Fail(Msg("LDA: точек (%d) должно быть больше, чем классов (%d)", data.Size(), classes));
    r.Dims = dims;
    r.MaxComponents = std::min(classes - 1, dims);
    if (n_components == 0) n_components = r.MaxComponents;
    if (n_components < 1 || n_components > r.MaxComponents)
        return R::Fail(Msg("поле '%s' = %d вне диапазона [%d, %d]: LDA даёт не больше min(C - 1, d) осей", "n_components",
                           n_components, 1, r.MaxComponents));
    r.NumComponents = n_components;

    // S_W = L L^T; C = L^-1 S_B L^-T; C y = lambda y; v = L^-T y, so v^T S_W v = y^T y = 1.
    std::vector<double> l;
    if (!CmlCholesky(dims, r.Scatter.Within, l))
        return R::Fail(Msg("LDA: внутриклассовый разброс S_W вырожден (признак постоянен внутри каждого класса?)"));
    std::vector<double> c(static_cast<std::size_t>(dims) * dims);
    for (int col = 0; col < dims; ++col) { // columns of L^-1 S_B
        std::vector<double> b(dims);
        for (int i = 0; i < dims; ++i) b[i] = r.Scatter.Between[i * dims + col];
        CmlSolveLower(dims, l, b);
        for (int i = 0; i < dims; ++i) c[i * dims + col] = b[i];
    }
    for (int row = 0; row < dims; ++row) { // rows of (L^-1 S_B) L^-T = solve L x = row^T
        std::vector<double> b(c.begin() + row * dims, c.begin() + (row + 1) * dims);
        CmlSolveLower(dims, l, b);
        for (int i = 0; i < dims; ++i) c[row * dims + i] = b[i];
    }
    for (int i = 0; i < dims; ++i) // symmetrise the rounding
        for (int j = i + 1; j < dims; ++j) c[i * dims + j] = c[j * dims + i] = 0.5 * (c[i * dims + j] + c[j * dims + i]);
    const CmlEigen e = CmlSymmetricEigen(dims, c);

    double sum = 0.0;
    for (double v : e.Values) sum += v;
    r.Eigenvalues = e.Values;
    for (int k = 0; k < dims; ++k) {
        std::vector<double> v(e.Vectors.begin() + k * dims, e.Vectors.begin() + (k + 1) * dims);
        CmlSolveLowerTransposed(dims, l, v);
        int arg = 0;
        for (int j = 1; j < dims; ++j)
            if (std::fabs(v[j]) > std::fabs(v[arg])) arg = j;
        if (v[arg] < 0.0)
            for (double& x : v) x = -x;
        r.Scalings.insert(r.Scalings.end(), v.begin(), v.end());
    }
    for (int k = 0; k < n_components; ++k) r.ExplainedVarianceRatio.push_back(e.Values[k] / sum);
    const int n = data.Size();
    r.Projected.assign(static_cast<std::size_t>(n) * n_components, 0.0);
    for (int i = 0; i < n; ++i)
        for (int k = 0; k < n_components; ++k) {
            double s = 0.0;
            for (int j = 0; j < dims; ++j) s += data.At(i, j) * r.Scalings[k * dims + j];
            r.Projected[static_cast<std::size_t>(i) * n_components + k] = s;
        }
    return r;
}

std::optional<double> CmlFisherRatio(const CmlScatter& s, std::span<const double> w)
{
    if (static_cast<int>(w.size()) != s.Dims || s.Within.empty()) return std::nullopt;
    const double den = Quadratic(s.Dims, s.Within, w);
    if (!(den > 0.0) || !std::isfinite(den)) return std::nullopt;
    return Quadratic(s.Dims, s.Between, w) / den;
}

CmlHistogram CmlClassHistogram(std::span<const double> values, int stride, int column, std::span<const int> labels,
                               int num_classes, int bins)
{
    CmlHistogram h;
    h.Bins = std::clamp(bins, 1, 1000);
    h.NumClasses = std::clamp(num_classes, 1, kCmlMaxClasses);
    h.Counts.assign(static_cast<std::size_t>(h.NumClasses) * h.Bins, 0);
    if (stride < 1 || column < 0 || column >= stride) return h;
    const std::size_t n = std::min(values.size() / stride, labels.size());
    if (n == 0) return h;
    double lo = values[column], hi = values[column];
    for (std::size_t i = 0; i < n; ++i) {
        lo = std::min(lo, values[i * stride + column]);
        hi = std::max(hi, values[i * stride + column]);
    }
    const double pad = hi > lo ? 0.05 * (hi - lo) : 0.5;
    h.Lo = lo - pad;
    h.Hi = hi + pad;
    for (std::size_t i = 0; i < n; ++i) {
        if (labels[i] < 0 || labels[i] >= h.NumClasses) continue;
        const int b = std::clamp(static_cast<int>((values[i * stride + column] - h.Lo) / (h.Hi - h.Lo) * h.Bins), 0, h.Bins - 1);
        h.MaxCount = std::max(h.MaxCount, ++h.Counts[static_cast<std::size_t>(labels[i]) * h.Bins + b]);
    }
    return h;
}

} // namespace mlviz
