// Linear Kalman filter and SORT's box model (see trk_kalman.h).
#include "topics/tracking/core/trk_kalman.h"

#include <cmath>

namespace mlviz {

namespace {

constexpr int S = kKalmanMaxState; // row stride of every stored matrix is its column count

// Inverse of the m x m matrix `a` (stride m) by Gauss-Jordan with partial pivoting.
bool InvertSmall(const double* a, int m, double* out)
{
    double w[kKalmanMaxMeasure][2 * kKalmanMaxMeasure];
    for (int r = 0; r < m; ++r)
        for (int c = 0; c < 2 * m; ++c) w[r][c] = c < m ? a[r * m + c] : (c - m == r ? 1.0 : 0.0);
    for (int c = 0; c < m; ++c) {
        int piv = c;
        for (int r = c + 1; r < m; ++r)
            if (std::fabs(w[r][c]) > std::fabs(w[piv][c])) piv = r;
        if (!(std::fabs(w[piv][c]) > 1e-300)) return false;
        if (piv != c)
            for (int k = 0; k < 2 * m; ++k) std::swap(w[c][k], w[piv][k]);
        const double d = w[c][c];
        for (int k = 0; k < 2 * m; ++k) w[c][k] /= d;
        for (int r = 0; r < m; ++r) {
            if (r == c) continue;
            const double f = w[r][c];
            for (int k = 0; k < 2 * m; ++k) w[r][k] -= f * w[c][k];
        }
    }
    for (int r = 0; r < m; ++r)
        for (int c = 0; c < m; ++c) out[r * m + c] = w[r][m + c];
    return true;
}

} // namespace

void KalmanPredict(KalmanFilter& kf)
{
    const int n = kf.N;
    double x[S] = {}, fp[S * S] = {};
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) x[r] += kf.F[r * n + c] * kf.X[c];
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
            for (int k = 0; k < n; ++k) fp[r * n + c] += kf.F[r * n + k] * kf.P[k * n + c];
    for (int r = 0; r < n; ++r) {
        kf.X[r] = x[r];
        for (int c = 0; c < n; ++c) {
            double s = 0.0;
            for (int k = 0; k < n; ++k) s += fp[r * n + k] * kf.F[c * n + k];
            kf.P[r * n + c] = s + kf.Q[r * n + c];
        }
    }
}

bool KalmanUpdate(KalmanFilter& kf, const double* z, CovarianceForm form, KalmanUpdateInfo* info)
{
    const int n = kf.N, m = kf.M;
    double hp[kKalmanMaxMeasure * S] = {}, s[kKalmanMaxMeasure * kKalmanMaxMeasure], si[kKalmanMaxMeasure * kKalmanMaxMeasure];
    double y[kKalmanMaxMeasure], k[S * kKalmanMaxMeasure] = {};
    for (int r = 0; r < m; ++r)
        for (int c = 0; c < n; ++c)
            for (int q = 0; q < n; ++q) hp[r * n + c] += kf.H[r * n + q] * kf.P[q * n + c];
    for (int r = 0; r < m; ++r)
        for (int c = 0; c < m; ++c) {
            double v = 0.0;
            for (int q = 0; q < n; ++q) v += hp[r * n + q] * kf.H[c * n + q];
            s[r * m + c] = v + kf.R[r * m + c];
        }
    if (!InvertSmall(s, m, si)) return false;
    // K = P H^T S^-1 = (H P)^T S^-1 (P symmetric)
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < m; ++c)
            for (int q = 0; q < m; ++q) k[r * m + c] += hp[q * n + r] * si[q * m + c];
    for (int r = 0; r < m; ++r) {
        double hx = 0.0;
        for (int q = 0; q < n; ++q) hx += kf.H[r * n + q] * kf.X[q];
        y[r] = z[r] - hx;
    }
    for (int r = 0; r < n; ++r) {
        double d = 0.0;
        for (int c = 0; c < m; ++c) d += k[r * m + c] * y[c];
        kf.X[r] += d;
    }
    if (form == CovarianceForm::Standard) {
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                double v = 0.0;
                for (int q = 0; q < m; ++q) v += k[r * m + q] * hp[q * n + c];
                kf.P[r * n + c] -= v;
            }
    } else {
        double a[S * S], ap[S * S] = {}, p[S * S];
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                double kh = 0.0;
                for (int q = 0; q < m; ++q) kh += k[r * m + q] * kf.H[q * n + c];
                a[r * n + c] = (r == c ? 1.0 : 0.0) - kh;
            }
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c)
                for (int q = 0; q < n; ++q) ap[r * n + c] += a[r * n + q] * kf.P[q * n + c];
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                double v = 0.0;
                for (int q = 0; q < n; ++q) v += ap[r * n + q] * a[c * n + q];
                double krk = 0.0;
                for (int i = 0; i < m; ++i)
                    for (int j = 0; j < m; ++j) krk += k[r * m + i] * kf.R[i * m + j] * k[c * m + j];
                p[r * n + c] = v + krk;
            }
        for (int i = 0; i < n * n; ++i) kf.P[i] = p[i];
    }
    if (info) {
        for (int i = 0; i < m; ++i) info->Residual[i] = y[i];
        for (int i = 0; i < m * m; ++i) info->S[i] = s[i];
        for (int i = 0; i < n * m; ++i) info->Gain[i] = k[i];
    }
    return true;
}

std::array<double, 4> BoxToMeasurement(const BoxD& b)
{
    const double w = b.X2 - b.X1, h = b.Y2 - b.Y1;
    return {b.X1 + w / 2.0, b.Y1 + h / 2.0, w * h, w / h};
}

BoxD StateToBox(const double* x)
{
    const double w = std::sqrt(x[2] * x[3]);
    const double h = x[2] / w;
    return {x[0] - w / 2.0, x[1] - h / 2.0, x[0] + w / 2.0, x[1] + h / 2.0};
}

KalmanFilter MakeSortKalman(const BoxD& first)
{
    KalmanFilter kf;
    kf.N = 7;
    kf.M = 4;
    for (int i = 0; i < 7; ++i) kf.F[i * 7 + i] = 1.0;
    kf.F[0 * 7 + 4] = kf.F[1 * 7 + 5] = kf.F[2 * 7 + 6] = 1.0;
    for (int i = 0; i < 4; ++i) kf.H[i * 7 + i] = 1.0;
    const double r[4] = {1.0, 1.0, 10.0, 10.0};
    for (int i = 0; i < 4; ++i) kf.R[i * 4 + i] = r[i];
    const double p[7] = {10.0, 10.0, 10.0, 10.0, 10000.0, 10000.0, 10000.0};
    const double q[7] = {1.0, 1.0, 1.0, 1.0, 0.01, 0.01, 0.0001};
    for (int i = 0; i < 7; ++i) {
        kf.P[i * 7 + i] = p[i];
        kf.Q[i * 7 + i] = q[i];
    }
    const auto z = BoxToMeasurement(first);
    for (int i = 0; i < 4; ++i) kf.X[i] = z[i];
    return kf;
}

} // namespace mlviz
