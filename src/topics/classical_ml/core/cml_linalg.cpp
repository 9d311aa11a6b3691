// Cyclic Jacobi eigen-decomposition and Cholesky for the classical-ML core.
#include "topics/classical_ml/core/cml_linalg.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mlviz {

CmlEigen CmlSymmetricEigen(int n, const std::vector<double>& input)
{
    std::vector<double> a(static_cast<std::size_t>(n) * n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) a[i * n + j] = input[std::min(i, j) * n + std::max(i, j)];
    std::vector<double> v(static_cast<std::size_t>(n) * n, 0.0); // columns are eigenvectors
    for (int i = 0; i < n; ++i) v[i * n + i] = 1.0;

    for (int sweep = 0; sweep < 64; ++sweep) {
        double off = 0.0, diag = 0.0;
        for (int p = 0; p < n; ++p) {
            diag += a[p * n + p] * a[p * n + p];
            for (int q = p + 1; q < n; ++q) off += a[p * n + q] * a[p * n + q];
        }
        // Off-diagonal mass far below the rounding of the diagonal: converged.
        if (off == 0.0 || off < 1e-40 * diag) break;
        for (int p = 0; p < n; ++p) {
            for (int q = p + 1; q < n; ++q) {
                const double apq = a[p * n + q];
                if (apq == 0.0) continue;
                const double app = a[p * n + p], aqq = a[q * n + q];
                // Skip rotations below rounding of both diagonal entries (Golub & Van Loan 8.5).
                if (sweep > 3 && std::fabs(apq) * 1e18 < std::fabs(app) && std::fabs(apq) * 1e18 < std::fabs(aqq)) {
                    a[p * n + q] = a[q * n + p] = 0.0;
                    continue;
                }
                const double theta = (aqq - app) / (2.0 * apq);
                const double t = (theta >= 0.0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1.0));
                const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
                for (int k = 0; k < n; ++k) {
                    const double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (int k = 0; k < n; ++k) {
                    const double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                a[p * n + q] = a[q * n + p] = 0.0;
                for (int k = 0; k < n; ++k) {
                    const double vkp = v[k * n + p], vkq = v[k * n + q];
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int i, int j) { return a[i * n + i] > a[j * n + j]; });
    CmlEigen e;
    e.Values.resize(n);
    e.Vectors.resize(static_cast<std::size_t>(n) * n);
    for (int r = 0; r < n; ++r) {
        e.Values[r] = a[order[r] * n + order[r]];
        for (int k = 0; k < n; ++k) e.Vectors[r * n + k] = v[k * n + order[r]];
    }
    return e;
}

bool CmlCholesky(int n, const std::vector<double>& a, std::vector<double>& l)
{
    l.assign(static_cast<std::size_t>(n) * n, 0.0);
    double scale = 0.0;
    for (int i = 0; i < n; ++i) scale = std::max(scale, std::fabs(a[i * n + i]));
    if (!(scale > 0.0) || !std::isfinite(scale)) return false;
    for (int j = 0; j < n; ++j) {
        double d = a[j * n + j];
        for (int k = 0; k < j; ++k) d -= l[j * n + k] * l[j * n + k];
        if (!(d > 1e-13 * scale)) return false;
        const double ljj = std::sqrt(d);
        l[j * n + j] = ljj;
        for (int i = j + 1; i < n; ++i) {
            double s = a[std::min(i, j) * n + std::max(i, j)];
            for (int k = 0; k < j; ++k) s -= l[i * n + k] * l[j * n + k];
            l[i * n + j] = s / ljj;
        }
    }
    return true;
}

void CmlSolveLower(int n, const std::vector<double>& l, std::vector<double>& b)
{
    for (int i = 0; i < n; ++i) {
        double s = b[i];
        for (int k = 0; k < i; ++k) s -= l[i * n + k] * b[k];
        b[i] = s / l[i * n + i];
    }
}

void CmlSolveLowerTransposed(int n, const std::vector<double>& l, std::vector<double>& b)
{
    for (int i = n - 1; i >= 0; --i) {
        double s = b[i];
        for (int k = i + 1; k < n; ++k) s -= l[k * n + i] * b[k];
        b[i] = s / l[i * n + i];
    }
}

} // namespace mlviz
