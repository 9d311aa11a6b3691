// Hand features and the logistic / two-layer per-pixel model of the imbalance demo.
#include "topics/losses/core/losses_model.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/random.h"

namespace mlviz {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Mean of a (2r + 1)² window at every pixel, edges replicated, through a summed-area table of the padded image.
std::vector<double> BoxMean(const std::vector<float>& img, int n, int r)
{
    const int m = n + 2 * r, stride = m + 1;
    std::vector<double> sat(static_cast<std::size_t>(stride) * stride, 0.0);
    for (int y = 0; y < m; ++y)
        for (int x = 0; x < m; ++x) {
            const int sy = std::clamp(y - r, 0, n - 1), sx = std::clamp(x - r, 0, n - 1);
            sat[(y + 1) * stride + x + 1] =
                img[sy * n + sx] + sat[y * stride + x + 1] + sat[(y + 1) * stride + x] - sat[y * stride + x];
        }
    const int w = 2 * r + 1;
    std::vector<double> out(static_cast<std::size_t>(n) * n);
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x)
            out[y * n + x] =
                (sat[(y + w) * stride + x + w] - sat[y * stride + x + w] - sat[(y + w) * stride + x] + sat[y * stride + x]) /
                (w * w);
    return out;
}

} // namespace

PixelFeatures ComputePixelFeatures(const ToyImage& image)
{
    const int n = image.Size, count = n * n;
    const std::vector<double> mean3 = BoxMean(image.Pixels, n, 1), mean9 = BoxMean(image.Pixels, n, 4);
    // The 8 segment directions as rounded pixel offsets for t = −3..3.
    int off_x[8][7], off_y[8][7];
    for (int o = 0; o < 8; ++o)
        for (int t = -3; t <= 3; ++t) {
            off_x[o][t + 3] = static_cast<int>(std::lround(t * std::cos(o * kPi / 8.0)));
            off_y[o][t + 3] = static_cast<int>(std::lround(t * std::sin(o * kPi / 8.0)));
        }
    PixelFeatures f;
    f.Pixels = count;
    f.Values.resize(static_cast<std::size_t>(kPixelFeatures) * count);
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) {
            double line = -INFINITY;
            for (int o = 0; o < 8; ++o) {
                double s = 0.0;
                for (int t = 0; t < 7; ++t)
                    s += image.Pixels[std::clamp(y + off_y[o][t], 0, n - 1) * n + std::clamp(x + off_x[o][t], 0, n - 1)];
                line = std::max(line, s / 7.0);
            }
            const int i = y * n + x;
            const double v[kPixelFeatures] = {image.Pixels[i], mean3[i], line, line - mean9[i], mean9[i], mean3[i] - mean9[i]};
            for (int k = 0; k < kPixelFeatures; ++k) f.Values[static_cast<std::size_t>(k) * count + i] = v[k];
        }
    for (int k = 0; k < kPixelFeatures; ++k) {
        double* ch = &f.Values[static_cast<std::size_t>(k) * count];
        double mean = 0.0, var = 0.0;
        for (int i = 0; i < count; ++i) mean += ch[i];
        mean /= count;
        for (int i = 0; i < count; ++i) var += (ch[i] - mean) * (ch[i] - mean);
        // A constant feature (a noiseless, clutter-free image) stays 0 rather than dividing by 0.
        const double inv_sd = var > 0.0 ? 1.0 / std::sqrt(var / count) : 0.0;
        for (int i = 0; i < count; ++i) ch[i] = (ch[i] - mean) * inv_sd;
    }
    return f;
}

int PixelModelParamCount(int hidden)
{
    return hidden == 0 ? kPixelFeatures + 1 : hidden * kPixelFeatures + 2 * hidden + 1;
}

PixelModel InitPixelModel(int hidden, std::uint32_t seed)
{
    PixelModel m;
    m.Hidden = hidden;
    m.Params.assign(PixelModelParamCount(hidden), 0.0);
    if (hidden == 0) return m;
    std::mt19937 rng(seed);
    const int h = hidden, nf = kPixelFeatures;
    for (int i = 0; i < h * nf; ++i) m.Params[i] = Normal(rng, 0.0, std::sqrt(2.0 / nf));
    for (int i = 0; i < h; ++i) m.Params[h * nf + h + i] = Normal(rng, 0.0, std::sqrt(2.0 / h));
    return m;
}

std::vector<double> PixelModelForward(const PixelModel& model, const PixelFeatures& f, PixelModelCache* cache)
{
    const int n = f.Pixels, h = model.Hidden, nf = kPixelFeatures;
    const std::vector<double>& p = model.Params;
    std::vector<double> z(n);
    if (h == 0) {
        for (int i = 0; i < n; ++i) z[i] = p[nf];
        for (int k = 0; k < nf; ++k)
            for (int i = 0; i < n; ++i) z[i] += p[k] * f.At(k, i);
        return z;
    }
    const double* w = &p[0];
    const double* b1 = &p[h * nf];
    const double* v = &p[h * nf + h];
    const double b2 = p[h * nf + 2 * h];
    if (cache) cache->Hidden.assign(static_cast<std::size_t>(n) * h, 0.0);
    double x[kPixelFeatures];
    for (int i = 0; i < n; ++i) {
        for (int k = 0; k < nf; ++k) x[k] = f.At(k, i);
        double out = b2;
        for (int u = 0; u < h; ++u) {
            double a = b1[u];
            for (int k = 0; k < nf; ++k) a += w[u * nf + k] * x[k];
            a = a > 0.0 ? a : 0.0;
            if (cache) cache->Hidden[static_cast<std::size_t>(i) * h + u] = a;
            out += v[u] * a;
        }
        z[i] = out;
    }
    return z;
}

std::vector<double> PixelModelBackward(const PixelModel& model, const PixelFeatures& f, const PixelModelCache& cache,
                                       std::span<const double> dz)
{
    const int n = f.Pixels, h = model.Hidden, nf = kPixelFeatures;
    std::vector<double> g(model.Params.size(), 0.0);
    if (h == 0) {
        for (int k = 0; k < nf; ++k)
            for (int i = 0; i < n; ++i) g[k] += dz[i] * f.At(k, i);
        for (int i = 0; i < n; ++i) g[nf] += dz[i];
        return g;
    }
    const double* v = &model.Params[h * nf + h];
    double* gw = &g[0];
    double* gb1 = &g[h * nf];
    double* gv = &g[h * nf + h];
    double& gb2 = g[h * nf + 2 * h];
    for (int i = 0; i < n; ++i) {
        const double d = dz[i];
        gb2 += d;
        for (int u = 0; u < h; ++u) {
            const double a = cache.Hidden[static_cast<std::size_t>(i) * h + u];
            gv[u] += d * a;
            if (a <= 0.0) continue; // ReLU closed (its output is 0 exactly when the pre-activation is <= 0)
            const double da = d * v[u];
            gb1[u] += da;
            for (int k = 0; k < nf; ++k) gw[u * nf + k] += da * f.At(k, i);
        }
    }
    return g;
}

} // namespace mlviz
