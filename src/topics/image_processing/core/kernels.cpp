// FilterKernel presets and OpenCV's Gaussian kernels (see kernels.h).
#include "topics/image_processing/core/kernels.h"

#include <cmath>

namespace mlviz {

namespace {

constexpr const char* kPresetNames[] = {"box", "gaussian", "sharpen", "sobel_x", "sobel_y", "laplacian", "emboss", "custom"};

FilterKernel FromRows(int size, std::vector<double> w)
{
    FilterKernel k;
    k.Size = size;
    k.Weights = std::move(w);
    return k;
}

FilterKernel Separable(const std::vector<double>& column, const std::vector<double>& row)
{
    FilterKernel k;
    k.Size = static_cast<int>(row.size());
    k.Row = row;
    k.Column = column;
    k.Weights.resize(row.size() * column.size());
    for (std::size_t j = 0; j < column.size(); ++j)
        for (std::size_t i = 0; i < row.size(); ++i) k.Weights[j * row.size() + i] = column[j] * row[i];
    return k;
}

// OpenCV's round-half-to-even cvRound for doubles.
long long CvRound(double v)
{
    return std::llrint(v);
}

} // namespace

std::string_view KernelPresetName(KernelPreset p)
{
    const int i = static_cast<int>(p);
    return i >= 0 && i < static_cast<int>(KernelPreset::Count) ? kPresetNames[i] : "?";
}

bool KernelPresetFromName(std::string_view name, KernelPreset* out)
{
    for (int i = 0; i < static_cast<int>(KernelPreset::Count); ++i) {
        if (name == kPresetNames[i]) {
            *out = static_cast<KernelPreset>(i);
            return true;
        }
    }
    return false;
}

double FilterKernel::Sum() const
{
    double s = 0.0;
    for (double w : Weights) s += w;
    return s;
}

Result<FilterKernel> MakeKernel(const KernelSpec& spec)
{
    switch (spec.Preset) {
    case KernelPreset::Box:
    case KernelPreset::Gaussian: {
        if (spec.Size < 1 || spec.Size > kIpMaxKernelSize || spec.Size % 2 == 0)
            return Result<FilterKernel>::Fail(
                Msg("размер ядра %d: нужно нечётное число от 1 до %d", spec.Size, kIpMaxKernelSize));
        if (spec.Preset == KernelPreset::Box) {
            const std::vector<double> v(spec.Size, 1.0 / spec.Size);
            return Separable(v, v);
        }
        if (!std::isfinite(spec.Sigma) || spec.Sigma > kIpMaxSigma)
            return Result<FilterKernel>::Fail(Msg("sigma = %g: нужно число не больше %g", spec.Sigma, kIpMaxSigma));
        const std::vector<double> g = GaussianKernel1D(spec.Size, spec.Sigma);
        return Separable(g, g);
    }
    case KernelPreset::Sharpen: return FromRows(3, {0, -1, 0, -1, 5, -1, 0, -1, 0});
    case KernelPreset::SobelX: return Separable({1, 2, 1}, {-1, 0, 1});
    case KernelPreset::SobelY: return Separable({-1, 0, 1}, {1, 2, 1});
    case KernelPreset::Laplacian: return FromRows(3, {0, 1, 0, 1, -4, 1, 0, 1, 0});
    case KernelPreset::Emboss: return FromRows(3, {-2, -1, 0, -1, 1, 1, 0, 1, 2});
    case KernelPreset::Custom: {
        if (spec.Size != 3 && spec.Size != 5)
            return Result<FilterKernel>::Fail(Msg("своё ядро бывает 3x3 или 5x5, а не %dx%d", spec.Size, spec.Size));
        if (spec.Custom.size() != static_cast<std::size_t>(spec.Size) * spec.Size)
            return Result<FilterKernel>::Fail(Msg("своё ядро %dx%d: нужно %d весов, получено %d", spec.Size, spec.Size,
                                                  spec.Size * spec.Size, static_cast<int>(spec.Custom.size())));
        for (std::size_t i = 0; i < spec.Custom.size(); ++i)
            if (!std::isfinite(spec.Custom[i]) || std::fabs(spec.Custom[i]) > 1e6)
                return Result<FilterKernel>::Fail(
                    Msg("вес ядра %d = %g: нужно конечное число по модулю не больше 1e6", static_cast<int>(i), spec.Custom[i]));
        return FromRows(spec.Size, spec.Custom);
    }
    case KernelPreset::Count: break;
    }
    return Result<FilterKernel>::Fail(Msg("неизвестное ядро"));
}

std::vector<double> GaussianKernel1D(int n, double sigma)
{
    if (sigma <= 0.0) {
        // smooth.dispatch.cpp getGaussianKernelBitExact: exact binomial kernels for small sizes.
        switch (n) {
        case 1: return {1.0};
        case 3: return {0.25, 0.5, 0.25};
        case 5: return {0.0625, 0.25, 0.375, 0.25, 0.0625};
        case 7: return {0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125};
        case 9: return {4 / 256.0, 13 / 256.0, 30 / 256.0, 51 / 256.0, 60 / 256.0, 51 / 256.0, 30 / 256.0, 13 / 256.0, 4 / 256.0};
        default: break;
        }
    }
    // Same association of operations as getGaussianKernelBitExact (x runs over even numbers so that
    // x^2 * (-0.125 / sigma^2) = -d^2 / (2 sigma^2)).
    const double s = sigma > 0.0 ? sigma : std::fma(static_cast<double>(n), 0.15, 0.35);
    const double scale2x = -0.125 / (s * s);
    const int half = (n - 1) / 2;
    std::vector<double> values(half);
    double sum = 0.0;
    for (int i = 0, x = 1 - n; i < half; ++i, x += 2) {
        values[i] = std::exp(static_cast<double>(x * x) * scale2x);
        sum += values[i];
    }
    sum = sum * 2.0 + 1.0;
    const double mul = 1.0 / sum;
    std::vector<double> out(n);
    for (int i = 0; i < half; ++i) out[i] = out[n - 1 - i] = values[i] * mul;
    out[half] = mul;
    return out;
}

std::vector<int> GaussianKernelQ8(int n, double sigma)
{
    const std::vector<double> k = GaussianKernel1D(n, sigma);
    std::vector<int> out(n);
    const int half = n / 2;
    double err = 0.0;
    int sum = 0;
    for (int i = 0; i < half; ++i) {
        const double adj = k[i] * 256.0 + err;
        const int v = static_cast<int>(CvRound(adj));
        err = adj - v;
        out[i] = out[n - 1 - i] = v;
        sum += v;
    }
    out[half] = 256 - 2 * sum;
    return out;
}

int GaussianAutoSize(double sigma, bool eight_bit)
{
    return static_cast<int>(CvRound(sigma * (eight_bit ? 3.0 : 4.0) * 2.0 + 1.0)) | 1;
}

} // namespace mlviz
