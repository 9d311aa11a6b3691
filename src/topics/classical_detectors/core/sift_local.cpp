#include "topics/classical_detectors/core/sift_local.h"

#include <algorithm>
#include <cfloat>
#include <climits>
#include <cmath>

#include "topics/classical_detectors/core/sift.h"

namespace mlviz {

namespace {

constexpr int kImgBorder = 5, kMaxInterpSteps = 5;
constexpr float kPi = 3.14159265358979323846f;

// Matx33f::solve(b, DECOMP_LU) for 3x3: Cramer's rule; a singular matrix gives zeros.
void Solve3(const float a[3][3], const float b[3], float x[3])
{
    const float d = a[0][0] * (a[1][1] * a[2][2] - a[2][1] * a[1][2]) - a[0][1] * (a[1][0] * a[2][2] - a[2][0] * a[1][2]) +
        a[0][2] * (a[1][0] * a[2][1] - a[2][0] * a[1][1]);
    if (d == 0.0f) {
        x[0] = x[1] = x[2] = 0.0f;
        return;
    }
    const float id = 1.0f / d;
    x[0] = id *
        (b[0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (b[1] * a[2][2] - a[1][2] * b[2]) +
         a[0][2] * (b[1] * a[2][1] - a[1][1] * b[2]));
    x[1] = id *
        (a[0][0] * (b[1] * a[2][2] - a[1][2] * b[2]) - b[0] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
         a[0][2] * (a[1][0] * b[2] - b[1] * a[2][0]));
    x[2] = id *
        (a[0][0] * (a[1][1] * b[2] - b[1] * a[2][1]) - a[0][1] * (a[1][0] * b[2] - b[1] * a[2][0]) +
         b[0] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]));
}

float Degrees(float y, float x)
{
    float a = std::atan2(y, x) * (180.0f / kPi);
    if (a < 0.0f) a += 360.0f;
    return a >= 360.0f ? a - 360.0f : a;
}

} // namespace

SiftRefine RefineSiftExtremum(const std::vector<FloatImage>& dog, int layer, int r, int c, int layers, float contrast_threshold,
                              float edge_threshold, SiftExtremum& out)
{
    const float img_scale = 1.0f / 255.0f;
    const float deriv_scale = img_scale * 0.5f, second_deriv_scale = img_scale, cross_deriv_scale = img_scale * 0.25f;
    float xi = 0, xr = 0, xc = 0;
    int i = 0;
    for (; i < kMaxInterpSteps; ++i) {
        const FloatImage &img = dog[layer], &prev = dog[layer - 1], &next = dog[layer + 1];
        const float dD[3] = {(img.At(c + 1, r) - img.At(c - 1, r)) * deriv_scale,
                             (img.At(c, r + 1) - img.At(c, r - 1)) * deriv_scale, (next.At(c, r) - prev.At(c, r)) * deriv_scale};
        const float v2 = img.At(c, r) * 2;
        const float dxx = (img.At(c + 1, r) + img.At(c - 1, r) - v2) * second_deriv_scale;
        const float dyy = (img.At(c, r + 1) + img.At(c, r - 1) - v2) * second_deriv_scale;
        const float dss = (next.At(c, r) + prev.At(c, r) - v2) * second_deriv_scale;
        const float dxy =
            (img.At(c + 1, r + 1) - img.At(c - 1, r + 1) - img.At(c + 1, r - 1) + img.At(c - 1, r - 1)) * cross_deriv_scale;
        const float dxs = (next.At(c + 1, r) - next.At(c - 1, r) - prev.At(c + 1, r) + prev.At(c - 1, r)) * cross_deriv_scale;
        const float dys = (next.At(c, r + 1) - next.At(c, r - 1) - prev.At(c, r + 1) + prev.At(c, r - 1)) * cross_deriv_scale;
        const float H[3][3] = {{dxx, dxy, dxs}, {dxy, dyy, dys}, {dxs, dys, dss}};
        float X[3];
        Solve3(H, dD, X);
        xi = -X[2];
        xr = -X[1];
        xc = -X[0];
        if (std::fabs(xi) < 0.5f && std::fabs(xr) < 0.5f && std::fabs(xc) < 0.5f) break;
        const float big = static_cast<float>(INT_MAX / 3);
        if (std::fabs(xi) > big || std::fabs(xr) > big || std::fabs(xc) > big) return SiftRefine::NotConverged;
        c += static_cast<int>(std::nearbyint(xc));
        r += static_cast<int>(std::nearbyint(xr));
        layer += static_cast<int>(std::nearbyint(xi));
        if (layer < 1 || layer > layers || c < kImgBorder || c >= img.Width - kImgBorder || r < kImgBorder ||
            r >= img.Height - kImgBorder)
            return SiftRefine::NotConverged;
    }
    if (i >= kMaxInterpSteps) return SiftRefine::NotConverged;
    const FloatImage &img = dog[layer], &prev = dog[layer - 1], &next = dog[layer + 1];
    const float dD[3] = {(img.At(c + 1, r) - img.At(c - 1, r)) * deriv_scale, (img.At(c, r + 1) - img.At(c, r - 1)) * deriv_scale,
                         (next.At(c, r) - prev.At(c, r)) * deriv_scale};
    const float t = dD[0] * xc + dD[1] * xr + dD[2] * xi;
    const float contr = img.At(c, r) * img_scale + t * 0.5f;
    if (std::fabs(contr) * layers < contrast_threshold) return SiftRefine::LowContrast;
    const float v2 = img.At(c, r) * 2.0f;
    const float dxx = (img.At(c + 1, r) + img.At(c - 1, r) - v2) * second_deriv_scale;
    const float dyy = (img.At(c, r + 1) + img.At(c, r - 1) - v2) * second_deriv_scale;
    const float dxy =
        (img.At(c + 1, r + 1) - img.At(c - 1, r + 1) - img.At(c + 1, r - 1) + img.At(c - 1, r - 1)) * cross_deriv_scale;
    const float tr = dxx + dyy, det = dxx * dyy - dxy * dxy;
    if (det <= 0 || tr * tr * edge_threshold >= (edge_threshold + 1) * (edge_threshold + 1) * det) return SiftRefine::OnEdge;
    out = {layer, r, c, xc, xr, xi, contr};
    return SiftRefine::Accepted;
}

float SiftOrientationHistogram(const FloatImage& img, int px, int py, int radius, float sigma, float hist[36])
{
    constexpr int n = 36;
    float temphist[n + 4] = {};
    float* th = temphist + 2;
    const float expf_scale = -1.0f / (2.0f * sigma * sigma);
    for (int i = -radius; i <= radius; ++i) {
        const int y = py + i;
        if (y <= 0 || y >= img.Height - 1) continue;
        for (int j = -radius; j <= radius; ++j) {
            const int x = px + j;
            if (x <= 0 || x >= img.Width - 1) continue;
            const float dx = img.At(x + 1, y) - img.At(x - 1, y);
            const float dy = img.At(x, y - 1) - img.At(x, y + 1);
            const float w = std::exp((i * i + j * j) * expf_scale);
            const float ori = Degrees(dy, dx), mag = std::sqrt(dx * dx + dy * dy);
            int bin = static_cast<int>(std::nearbyint((n / 360.0f) * ori));
            if (bin >= n) bin -= n;
            if (bin < 0) bin += n;
            th[bin] += w * mag;
        }
    }
    th[-1] = th[n - 1];
    th[-2] = th[n - 2];
    th[n] = th[0];
    th[n + 1] = th[1];
    float maxval = 0.0f;
    for (int i = 0; i < n; ++i) {
        hist[i] = (th[i - 2] + th[i + 2]) * (1.0f / 16.0f) + (th[i - 1] + th[i + 1]) * (4.0f / 16.0f) + th[i] * (6.0f / 16.0f);
        maxval = i == 0 ? hist[0] : std::max(maxval, hist[i]);
    }
    return maxval;
}

SiftDescriptor SiftDescribe(const FloatImage& img, float fx, float fy, float ori, float scl)
{
    constexpr int d = 4, n = 8;
    const int ptx = static_cast<int>(std::nearbyint(fx)), pty = static_cast<int>(std::nearbyint(fy));
    float cos_t = std::cos(ori * (kPi / 180.0f)), sin_t = std::sin(ori * (kPi / 180.0f));
    const float bins_per_rad = n / 360.0f, exp_scale = -1.0f / (d * d * 0.5f);
    const float hist_width = 3.0f * scl;
    int radius = static_cast<int>(std::nearbyint(hist_width * 1.4142135623730951f * (d + 1) * 0.5f));
    radius = std::min(
        radius,
        static_cast<int>(std::sqrt(static_cast<double>(img.Width) * img.Width + static_cast<double>(img.Height) * img.Height)));
    cos_t /= hist_width;
    sin_t /= hist_width;
    float hist[(d + 2) * (d + 2) * (n + 2)] = {};
    for (int i = -radius; i <= radius; ++i)
        for (int j = -radius; j <= radius; ++j) {
            const float c_rot = j * cos_t - i * sin_t, r_rot = j * sin_t + i * cos_t;
            float rbin = r_rot + d / 2 - 0.5f, cbin = c_rot + d / 2 - 0.5f;
            const int r = pty + i, c = ptx + j;
            if (!(rbin > -1 && rbin < d && cbin > -1 && cbin < d && r > 0 && r < img.Height - 1 && c > 0 && c < img.Width - 1))
                continue;
            const float dx = img.At(c + 1, r) - img.At(c - 1, r), dy = img.At(c, r - 1) - img.At(c, r + 1);
            const float w = std::exp((c_rot * c_rot + r_rot * r_rot) * exp_scale);
            float obin = (Degrees(dy, dx) - ori) * bins_per_rad;
            const float mag = std::sqrt(dx * dx + dy * dy) * w;
            const int r0 = static_cast<int>(std::floor(rbin)), c0 = static_cast<int>(std::floor(cbin));
            int o0 = static_cast<int>(std::floor(obin));
            rbin -= r0;
            cbin -= c0;
            obin -= o0;
            if (o0 < 0) o0 += n;
            if (o0 >= n) o0 -= n;
            const float v_r1 = mag * rbin, v_r0 = mag - v_r1;
            const float v_rc11 = v_r1 * cbin, v_rc10 = v_r1 - v_rc11, v_rc01 = v_r0 * cbin, v_rc00 = v_r0 - v_rc01;
            const float v_rco111 = v_rc11 * obin, v_rco110 = v_rc11 - v_rco111;
            const float v_rco101 = v_rc10 * obin, v_rco100 = v_rc10 - v_rco101;
            const float v_rco011 = v_rc01 * obin, v_rco010 = v_rc01 - v_rco011;
            const float v_rco001 = v_rc00 * obin, v_rco000 = v_rc00 - v_rco001;
            const int idx = ((r0 + 1) * (d + 2) + c0 + 1) * (n + 2) + o0;
            hist[idx] += v_rco000;
            hist[idx + 1] += v_rco001;
            hist[idx + (n + 2)] += v_rco010;
            hist[idx + (n + 3)] += v_rco011;
            hist[idx + (d + 2) * (n + 2)] += v_rco100;
            hist[idx + (d + 2) * (n + 2) + 1] += v_rco101;
            hist[idx + (d + 3) * (n + 2)] += v_rco110;
            hist[idx + (d + 3) * (n + 2) + 1] += v_rco111;
        }
    SiftDescriptor raw{};
    for (int i = 0; i < d; ++i)
        for (int j = 0; j < d; ++j) {
            const int idx = ((i + 1) * (d + 2) + (j + 1)) * (n + 2);
            hist[idx] += hist[idx + n];
            hist[idx + 1] += hist[idx + n + 1];
            for (int k = 0; k < n; ++k) raw[(i * d + j) * n + k] = hist[idx + k];
        }
    float nrm2 = 0.0f;
    for (float v : raw) nrm2 += v * v;
    const float thr = std::sqrt(nrm2) * 0.2f;
    nrm2 = 0.0f;
    for (float& v : raw) {
        v = std::min(v, thr);
        nrm2 += v * v;
    }
    nrm2 = 512.0f / std::max(std::sqrt(nrm2), FLT_EPSILON);
    for (float& v : raw) v = std::clamp(std::nearbyint(v * nrm2), 0.0f, 255.0f);
    return raw;
}

} // namespace mlviz
