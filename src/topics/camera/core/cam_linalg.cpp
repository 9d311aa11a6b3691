// Small dense linear algebra for the camera topic (see cam_linalg.h).
#include "topics/camera/core/cam_linalg.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mlviz {

double Dot(const Vec3& a, const Vec3& b)
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

Vec3 Cross(const Vec3& a, const Vec3& b)
{
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

double Norm(const Vec3& a)
{
    return std::sqrt(Dot(a, a));
}

Vec3 Normalized(const Vec3& a)
{
    const double n = Norm(a);
    return n > 0.0 ? (1.0 / n) * a : a;
}

Mat3 Identity3()
{
    return {1, 0, 0, 0, 1, 0, 0, 0, 1};
}

Mat3 MatMul(const Mat3& a, const Mat3& b)
{
    Mat3 c{};
    for (int r = 0; r < 3; ++r)
        for (int k = 0; k < 3; ++k) c[r * 3 + k] = a[r * 3] * b[k] + a[r * 3 + 1] * b[3 + k] + a[r * 3 + 2] * b[6 + k];
    return c;
}

Vec3 MatVec(const Mat3& a, const Vec3& v)
{
    return {a[0] * v[0] + a[1] * v[1] + a[2] * v[2], a[3] * v[0] + a[4] * v[1] + a[5] * v[2],
            a[6] * v[0] + a[7] * v[1] + a[8] * v[2]};
}

Mat3 Transpose(const Mat3& a)
{
    return {a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]};
}

double Det(const Mat3& a)
{
    return a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6]) + a[2] * (a[3] * a[7] - a[4] * a[6]);
}

Mat3 Skew(const Vec3& v)
{
    return {0, -v[2], v[1], v[2], 0, -v[0], -v[1], v[0], 0};
}

bool Inverse(const Mat3& a, Mat3& out)
{
    const double d = Det(a);
    if (!(std::fabs(d) > 1e-300)) {
        out = Identity3();
        return false;
    }
    const double id = 1.0 / d;
    out = {(a[4] * a[8] - a[5] * a[7]) * id, (a[2] * a[7] - a[1] * a[8]) * id, (a[1] * a[5] - a[2] * a[4]) * id,
           (a[5] * a[6] - a[3] * a[8]) * id, (a[0] * a[8] - a[2] * a[6]) * id, (a[2] * a[3] - a[0] * a[5]) * id,
           (a[3] * a[7] - a[4] * a[6]) * id, (a[1] * a[6] - a[0] * a[7]) * id, (a[0] * a[4] - a[1] * a[3]) * id};
    return true;
}

SymEigen SymmetricEigen(const std::vector<double>& a_in, int n)
{
    std::vector<double> a = a_in;
    std::vector<double> v(static_cast<std::size_t>(n) * n, 0.0);
    for (int i = 0; i < n; ++i) v[i * n + i] = 1.0;
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0.0, diag = 0.0;
        for (int p = 0; p < n; ++p) {
            diag += a[p * n + p] * a[p * n + p];
            for (int q = p + 1; q < n; ++q) off += a[p * n + q] * a[p * n + q];
        }
        if (off <= 1e-32 * diag || off == 0.0) break;
        for (int p = 0; p < n - 1; ++p) {
            for (int q = p + 1; q < n; ++q) {
                const double apq = a[p * n + q];
                if (apq == 0.0) continue;
                const double theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
                const double t = (theta >= 0.0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1.0));
                const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
                for (int k = 0; k < n; ++k) { // columns p, q
                    const double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (int k = 0; k < n; ++k) { // rows p, q
                    const double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
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
    std::stable_sort(order.begin(), order.end(), [&](int i, int j) { return a[i * n + i] < a[j * n + j]; });
    SymEigen out;
    for (int k : order) {
        out.Values.push_back(a[k * n + k]);
        std::vector<double> vec(n);
        for (int r = 0; r < n; ++r) vec[r] = v[r * n + k];
        out.Vectors.push_back(std::move(vec));
    }
    return out;
}

SvdResult Svd(const std::vector<double>& a_in, int m, int n)
{
    std::vector<double> a = a_in, v(static_cast<std::size_t>(n) * n, 0.0);
    for (int i = 0; i < n; ++i) v[i * n + i] = 1.0;
    for (int sweep = 0; sweep < 80; ++sweep) {
        bool rotated = false;
        for (int p = 0; p < n - 1; ++p) {
            for (int q = p + 1; q < n; ++q) {
                double alpha = 0.0, beta = 0.0, gamma = 0.0;
                for (int i = 0; i < m; ++i) {
                    alpha += a[i * n + p] * a[i * n + p];
                    beta += a[i * n + q] * a[i * n + q];
                    gamma += a[i * n + p] * a[i * n + q];
                }
                if (gamma == 0.0 || std::fabs(gamma) <= 1e-15 * std::sqrt(alpha * beta)) continue;
                rotated = true;
                const double zeta = (beta - alpha) / (2.0 * gamma);
                const double t = (zeta >= 0.0 ? 1.0 : -1.0) / (std::fabs(zeta) + std::sqrt(1.0 + zeta * zeta));
                const double c = 1.0 / std::sqrt(1.0 + t * t), s = c * t;
                for (int i = 0; i < m; ++i) {
                    const double x = a[i * n + p], y = a[i * n + q];
                    a[i * n + p] = c * x - s * y;
                    a[i * n + q] = s * x + c * y;
                }
                for (int i = 0; i < n; ++i) {
                    const double x = v[i * n + p], y = v[i * n + q];
                    v[i * n + p] = c * x - s * y;
                    v[i * n + q] = s * x + c * y;
                }
            }
        }
        if (!rotated) break;
    }
    std::vector<double> s(n);
    for (int j = 0; j < n; ++j) {
        double ss = 0.0;
        for (int i = 0; i < m; ++i) ss += a[i * n + j] * a[i * n + j];
        s[j] = std::sqrt(ss);
    }
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int i, int j) { return s[i] > s[j]; });
    SvdResult out;
    out.U.assign(static_cast<std::size_t>(m) * n, 0.0);
    out.V.assign(static_cast<std::size_t>(n) * n, 0.0);
    const double tiny = (s[order[0]] > 0.0 ? s[order[0]] : 1.0) * 1e-14;
    for (int k = 0; k < n; ++k) {
        const int j = order[k];
        out.S.push_back(s[j]);
        for (int i = 0; i < n; ++i) out.V[i * n + k] = v[i * n + j];
        if (s[j] > tiny)
            for (int i = 0; i < m; ++i) out.U[i * n + k] = a[i * n + j] / s[j];
    }
    // Columns of U for (numerically) zero singular values: complete an orthonormal set by
    // Gram-Schmidt on the standard basis, so U stays orthonormal (needed for det(U) signs).
    for (int k = 0; k < n; ++k) {
        if (out.S[k] > tiny) continue;
        for (int e = 0; e < m; ++e) {
            std::vector<double> col(m, 0.0);
            col[e] = 1.0;
            for (int o = 0; o < n; ++o) {
                if (o == k || (out.S[o] <= tiny && o > k)) continue;
                double d = 0.0;
                for (int i = 0; i < m; ++i) d += col[i] * out.U[i * n + o];
                for (int i = 0; i < m; ++i) col[i] -= d * out.U[i * n + o];
            }
            double nn = 0.0;
            for (double x : col) nn += x * x;
            if (nn > 1e-6) {
                for (int i = 0; i < m; ++i) out.U[i * n + k] = col[i] / std::sqrt(nn);
                break;
            }
        }
    }
    return out;
}

bool CholeskySolve(const std::vector<double>& a, int n, const std::vector<double>& b, std::vector<double>& x)
{
    std::vector<double> l(static_cast<std::size_t>(n) * n, 0.0);
    for (int j = 0; j < n; ++j) {
        double d = a[j * n + j];
        for (int k = 0; k < j; ++k) d -= l[j * n + k] * l[j * n + k];
        if (!(d > 0.0)) return false;
        const double ljj = std::sqrt(d);
        l[j * n + j] = ljj;
        for (int i = j + 1; i < n; ++i) {
            double s = a[i * n + j];
            for (int k = 0; k < j; ++k) s -= l[i * n + k] * l[j * n + k];
            l[i * n + j] = s / ljj;
        }
    }
    std::vector<double> y(n);
    for (int i = 0; i < n; ++i) {
        double s = b[i];
        for (int k = 0; k < i; ++k) s -= l[i * n + k] * y[k];
        y[i] = s / l[i * n + i];
    }
    x.assign(n, 0.0);
    for (int i = n - 1; i >= 0; --i) {
        double s = y[i];
        for (int k = i + 1; k < n; ++k) s -= l[k * n + i] * x[k];
        x[i] = s / l[i * n + i];
    }
    return true;
}

Mat3 NearestRotation(const Mat3& a)
{
    const SvdResult d = Svd(std::vector<double>(a.begin(), a.end()), 3, 3);
    Mat3 u{}, vt{};
    for (int i = 0; i < 9; ++i) u[i] = d.U[i];
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) vt[r * 3 + c] = d.V[c * 3 + r];
    Mat3 r = MatMul(u, vt);
    if (Det(r) < 0.0) { // flip the axis of the smallest singular value
        for (int i = 0; i < 3; ++i) u[i * 3 + 2] = -u[i * 3 + 2];
        r = MatMul(u, vt);
    }
    return r;
}

} // namespace mlviz
