// Homographies, Zhang's closed-form intrinsics and per-view poses (see cam_zhang.h).
#include "topics/camera/core/cam_zhang.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

namespace {

// Hartley's normalisation: centroid to the origin, mean distance sqrt(2).
Mat3 NormalisingTransform(const std::vector<double>& xs, const std::vector<double>& ys)
{
    const std::size_t n = xs.size();
    double mx = 0.0, my = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        mx += xs[i];
        my += ys[i];
    }
    mx /= n;
    my /= n;
    double md = 0.0;
    for (std::size_t i = 0; i < n; ++i) md += std::hypot(xs[i] - mx, ys[i] - my);
    md /= n;
    const double s = md > 0.0 ? std::sqrt(2.0) / md : 1.0;
    return {s, 0.0, -s * mx, 0.0, s, -s * my, 0.0, 0.0, 1.0};
}

// Zhang's v_ij from columns i, j of H.
std::array<double, 6> Vij(const Mat3& h, int i, int j)
{
    const double hi1 = h[i], hi2 = h[3 + i], hi3 = h[6 + i];
    const double hj1 = h[j], hj2 = h[3 + j], hj3 = h[6 + j];
    return {hi1 * hj1, hi1 * hj2 + hi2 * hj1, hi2 * hj2, hi3 * hj1 + hi1 * hj3, hi3 * hj2 + hi2 * hj3, hi3 * hj3};
}

} // namespace

Result<CamHomography> EstimateHomography(std::span<const Vec3> board, std::span<const Pixel> image)
{
    const std::size_t n = board.size();
    if (n < 4 || image.size() != n) return Result<CamHomography>::Fail(Msg("для гомографии нужно не меньше 4 пар точек"));
    std::vector<double> bx(n), by(n), ix(n), iy(n);
    for (std::size_t i = 0; i < n; ++i) {
        bx[i] = board[i][0];
        by[i] = board[i][1];
        ix[i] = image[i].U;
        iy[i] = image[i].V;
    }
    const Mat3 tb = NormalisingTransform(bx, by), ti = NormalisingTransform(ix, iy);
    const int rows = static_cast<int>(std::max<std::size_t>(2 * n, 9));
    std::vector<double> a(static_cast<std::size_t>(rows) * 9, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const double X = tb[0] * bx[i] + tb[2], Y = tb[4] * by[i] + tb[5];
        const double u = ti[0] * ix[i] + ti[2], v = ti[4] * iy[i] + ti[5];
        double* r0 = &a[(2 * i) * 9];
        double* r1 = &a[(2 * i + 1) * 9];
        const double row0[9] = {-X, -Y, -1.0, 0.0, 0.0, 0.0, u * X, u * Y, u};
        const double row1[9] = {0.0, 0.0, 0.0, -X, -Y, -1.0, v * X, v * Y, v};
        for (int k = 0; k < 9; ++k) {
            r0[k] = row0[k];
            r1[k] = row1[k];
        }
    }
    const SvdResult svd = Svd(a, rows, 9);
    // Rank 8 is needed: a second (near) zero singular value means degenerate (collinear) points.
    if (!(svd.S[7] > 1e-10 * svd.S[0]))
        return Result<CamHomography>::Fail(Msg("точки для гомографии вырождены (лежат на одной прямой?)"));
    Mat3 hn{};
    for (int k = 0; k < 9; ++k) hn[k] = svd.V[k * 9 + 8];
    Mat3 ti_inv{};
    Inverse(ti, ti_inv);
    CamHomography h;
    h.H = MatMul(MatMul(ti_inv, hn), tb);
    double scale = h.H[8];
    if (std::fabs(scale) < 1e-12) {
        scale = 0.0;
        for (double v : h.H) scale += v * v;
        scale = std::sqrt(scale);
    }
    for (double& v : h.H) v /= scale;
    return h;
}

Result<Intrinsics> ZhangIntrinsics(std::span<const CamHomography> hs, bool zero_skew, int image_w, int image_h)
{
    const int need = zero_skew ? 2 : 3;
    if (static_cast<int>(hs.size()) < need)
        return Result<Intrinsics>::Fail(Msg("для формулы Чжана нужно не меньше %d видов", need));
    // Condition the problem: pixels scaled to about [-1, 1] (K' = N K, undone at the end).
    const double s = 2.0 / std::max(1, std::max(image_w, image_h));
    const Mat3 nrm = {s, 0.0, -0.5 * s * image_w, 0.0, s, -0.5 * s * image_h, 0.0, 0.0, 1.0};
    std::vector<double> v;
    int rows = 0;
    for (const CamHomography& h : hs) {
        Mat3 hn = MatMul(nrm, h.H);
        double len = 0.0;
        for (double x : hn) len += x * x;
        for (double& x : hn) x /= std::sqrt(len);
        const auto v12 = Vij(hn, 0, 1), v11 = Vij(hn, 0, 0), v22 = Vij(hn, 1, 1);
        for (int k = 0; k < 6; ++k) v.push_back(v12[k]);
        for (int k = 0; k < 6; ++k) v.push_back(v11[k] - v22[k]);
        rows += 2;
    }
    if (zero_skew) {
        const double row[6] = {0.0, 1.0, 0.0, 0.0, 0.0, 0.0};
        v.insert(v.end(), row, row + 6);
        ++rows;
    }
    while (rows < 6) { // Svd needs m >= n; zero rows change nothing
        v.insert(v.end(), 6, 0.0);
        ++rows;
    }
    const SvdResult svd = Svd(v, rows, 6);
    double b[6];
    for (int k = 0; k < 6; ++k) b[k] = svd.V[k * 6 + 5];
    if (b[0] < 0.0)
        for (double& x : b) x = -x;
    const double B11 = b[0], B12 = b[1], B22 = b[2], B13 = b[3], B23 = b[4], B33 = b[5];
    const double den = B11 * B22 - B12 * B12;
    auto fail = [] {
        return Result<Intrinsics>::Fail(Msg("формула Чжана не дала положительно определённую матрицу (виды вырождены?)"));
    };
    if (!(B11 > 0.0) || !(den > 0.0)) return fail();
    const double v0 = (B12 * B13 - B11 * B23) / den;
    const double lambda = B33 - (B13 * B13 + v0 * (B12 * B13 - B11 * B23)) / B11;
    if (!(lambda / B11 > 0.0)) return fail();
    const double alpha = std::sqrt(lambda / B11);
    const double beta = std::sqrt(lambda * B11 / den);
    const double gamma = zero_skew ? 0.0 : -B12 * alpha * alpha * beta / lambda;
    const double u0 = gamma * v0 / beta - B13 * alpha * alpha / lambda;
    // Undo the conditioning: K = N^-1 K'.
    Intrinsics k;
    k.Fx = alpha / s;
    k.Fy = beta / s;
    k.Skew = gamma / s;
    k.Cx = u0 / s + 0.5 * image_w;
    k.Cy = v0 / s + 0.5 * image_h;
    if (!std::isfinite(k.Fx) || !std::isfinite(k.Fy) || !std::isfinite(k.Cx) || !std::isfinite(k.Cy)) return fail();
    return k;
}

Pose PoseFromHomography(const Intrinsics& k, const CamHomography& h)
{
    Mat3 kinv{};
    Inverse(KMatrix(k), kinv);
    const Vec3 h1 = {h.H[0], h.H[3], h.H[6]}, h2 = {h.H[1], h.H[4], h.H[7]}, h3 = {h.H[2], h.H[5], h.H[8]};
    Vec3 r1 = MatVec(kinv, h1), r2 = MatVec(kinv, h2), t = MatVec(kinv, h3);
    double lambda = 2.0 / (Norm(r1) + Norm(r2));
    if (t[2] * lambda < 0.0) lambda = -lambda;
    r1 = lambda * r1;
    r2 = lambda * r2;
    t = lambda * t;
    const Vec3 r3 = Cross(r1, r2);
    const Mat3 q = {r1[0], r2[0], r3[0], r1[1], r2[1], r3[1], r1[2], r2[2], r3[2]};
    Pose p;
    p.R = NearestRotation(q);
    p.T = t;
    return p;
}

} // namespace mlviz
