#include "topics/classical_detectors/core/gauss.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

std::vector<float> GaussianKernel(double sigma, int ksize)
{
    if (!(sigma > 0.0)) sigma = 1e-3;
    if (ksize <= 0) ksize = (static_cast<int>(std::nearbyint(sigma * 8.0 + 1.0))) | 1;
    ksize = std::max(1, ksize | 1);
    std::vector<double> k(ksize);
    const double scale = -0.5 / (sigma * sigma);
    double sum = 0.0;
    for (int i = 0; i < ksize; ++i) {
        const double x = i - (ksize - 1) * 0.5;
        k[i] = std::exp(scale * x * x);
        sum += k[i];
    }
    std::vector<float> out(ksize);
    for (int i = 0; i < ksize; ++i) out[i] = static_cast<float>(k[i] / sum);
    return out;
}

int Reflect101(int p, int n)
{
    if (n <= 1) return 0;
    while (p < 0 || p >= n) p = p < 0 ? -p : 2 * n - 2 - p;
    return p;
}

void BlurRowsH(const FloatImage& src, FloatImage& tmp, const std::vector<float>& kernel, int row_begin, int row_end)
{
    const int r = static_cast<int>(kernel.size()) / 2, w = src.Width;
    std::vector<float> line(static_cast<std::size_t>(w) + 2 * r);
    for (int y = std::max(0, row_begin); y < std::min(src.Height, row_end); ++y) {
        const float* s = src.Row(y);
        for (int x = -r; x < w + r; ++x) line[x + r] = s[Reflect101(x, w)];
        float* d = tmp.Row(y);
        for (int x = 0; x < w; ++x) {
            float acc = 0.0f;
            const float* p = line.data() + x;
            for (std::size_t k = 0; k < kernel.size(); ++k) acc += kernel[k] * p[k];
            d[x] = acc;
        }
    }
}

void BlurRowsV(const FloatImage& tmp, FloatImage& dst, const std::vector<float>& kernel, int row_begin, int row_end)
{
    const int r = static_cast<int>(kernel.size()) / 2, w = tmp.Width, h = tmp.Height;
    std::vector<const float*> rows(kernel.size());
    for (int y = std::max(0, row_begin); y < std::min(h, row_end); ++y) {
        for (int k = 0; k < static_cast<int>(kernel.size()); ++k) rows[k] = tmp.Row(Reflect101(y + k - r, h));
        float* d = dst.Row(y);
        for (int x = 0; x < w; ++x) d[x] = 0.0f;
        for (std::size_t k = 0; k < kernel.size(); ++k) {
            const float c = kernel[k];
            const float* s = rows[k];
            for (int x = 0; x < w; ++x) d[x] += c * s[x];
        }
    }
}

FloatImage GaussianBlur(const FloatImage& src, double sigma, int ksize)
{
    const std::vector<float> k = GaussianKernel(sigma, ksize);
    FloatImage tmp = MakeFloatImage(src.Width, src.Height), dst = MakeFloatImage(src.Width, src.Height);
    BlurRowsH(src, tmp, k, 0, src.Height);
    BlurRowsV(tmp, dst, k, 0, src.Height);
    return dst;
}

GreyImage GaussianBlurGrey(const GreyImage& src, double sigma, int ksize)
{
    if (ksize <= 0) ksize = (static_cast<int>(std::nearbyint(sigma * 6.0 + 1.0))) | 1;
    const FloatImage b = GaussianBlur(ToFloat(src), sigma, ksize);
    GreyImage out = MakeGreyImage(src.Width, src.Height);
    for (std::size_t i = 0; i < out.Pixels.size(); ++i)
        out.Pixels[i] = static_cast<std::uint8_t>(std::clamp(std::nearbyint(b.Pixels[i]), 0.0f, 255.0f));
    return out;
}

FloatImage ToFloat(const GreyImage& g)
{
    FloatImage f = MakeFloatImage(g.Width, g.Height);
    for (std::size_t i = 0; i < g.Pixels.size(); ++i) f.Pixels[i] = g.Pixels[i];
    return f;
}

} // namespace mlviz
