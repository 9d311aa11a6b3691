// 3-D convolution, frame-by-frame 2-D convolution, their costs and the (2+1)-D factorisation (conv3d.h).
#include "topics/conv_blocks/core/conv3d.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace mlviz {

namespace {

const char* kAxisNames[3] = {"T", "H", "W"};

Message AxisRange(const char* field, int axis, int v, int lo, int hi)
{
    return Msg("3D-свёртка: %s (%s) = %d вне диапазона [%d, %d]", field, kAxisNames[axis], v, lo, hi);
}

// Kernel taps [first, last) of one axis whose input coordinate pos + t·d lies in [0, size).
std::pair<int, int> ValidTaps(int pos, int d, int taps, int size)
{
    const int first = pos < 0 ? (-pos + d - 1) / d : 0;
    const int last = pos > size - 1 ? 0 : std::min(taps, (size - 1 - pos) / d + 1);
    return {first, std::max(first, last)};
}

} // namespace

std::int64_t Conv3dGeometry::Weights() const
{
    return std::int64_t(O) * CPerGroup * Kernel[0] * Kernel[1] * Kernel[2];
}

std::int64_t Conv3dGeometry::Biases() const
{
    return Spec.Bias ? O : 0;
}

std::int64_t Conv3dGeometry::Macs() const
{
    return std::int64_t(Out[0]) * Out[1] * Out[2] * Weights();
}

Result<Conv3dGeometry> Conv3dGeometryOf(int channels, Axis3 input, int out_channels, Axis3 kernel, const Conv3dSpec& spec)
{
    using R = Result<Conv3dGeometry>;
    if (channels < 1 || channels > kConv3dMaxChannels)
        return R::Fail(Msg("3D-свёртка: in_channels = %d вне диапазона [%d, %d]", channels, 1, kConv3dMaxChannels));
    if (out_channels < 1 || out_channels > kConv3dMaxChannels)
        return R::Fail(Msg("3D-свёртка: out_channels = %d вне диапазона [%d, %d]", out_channels, 1, kConv3dMaxChannels));
    for (int a = 0; a < 3; ++a) {
        if (input[a] < 1 || input[a] > kConv3dMaxSide) return R::Fail(AxisRange("input", a, input[a], 1, kConv3dMaxSide));
        if (kernel[a] < 1 || kernel[a] > kConv3dMaxKernel) return R::Fail(AxisRange("kernel", a, kernel[a], 1, kConv3dMaxKernel));
        if (spec.Stride[a] < 1 || spec.Stride[a] > kConv3dMaxStride)
            return R::Fail(AxisRange("stride", a, spec.Stride[a], 1, kConv3dMaxStride));
        if (spec.Padding[a] < 0 || spec.Padding[a] > kConv3dMaxPadding)
            return R::Fail(AxisRange("padding", a, spec.Padding[a], 0, kConv3dMaxPadding));
        if (spec.Dilation[a] < 1 || spec.Dilation[a] > kConv3dMaxDilation)
            return R::Fail(AxisRange("dilation", a, spec.Dilation[a], 1, kConv3dMaxDilation));
    }
    if (spec.Groups < 1 || channels % spec.Groups != 0 || out_channels % spec.Groups != 0)
        return R::Fail(Msg("3D-свёртка: groups = %d должно делить число входных (%d) и выходных (%d) каналов", spec.Groups,
                           channels, out_channels));
    Conv3dGeometry g;
    g.C = channels, g.O = out_channels, g.In = input, g.Kernel = kernel, g.Spec = spec;
    g.CPerGroup = channels / spec.Groups;
    g.OPerGroup = out_channels / spec.Groups;
    for (int a = 0; a < 3; ++a) {
        const int span = spec.Dilation[a] * (kernel[a] - 1) + 1, padded = input[a] + 2 * spec.Padding[a];
        if (span > padded)
            return R::Fail(Msg("3D-свёртка: по оси %s ядро с dilation (%d) длиннее входа с отступами (%d), выход пуст",
                               kAxisNames[a], span, padded));
        g.Out[a] = (padded - span) / spec.Stride[a] + 1;
    }
    return g;
}

Result<Conv3dGeometry> Conv2dPerFrameGeometry(int channels, Axis3 input, int out_channels, int kernel_h, int kernel_w,
                                              const Conv3dSpec& spatial_spec)
{
    Conv3dSpec s = spatial_spec;
    s.Stride[0] = 1, s.Padding[0] = 0, s.Dilation[0] = 1;
    return Conv3dGeometryOf(channels, input, out_channels, {1, kernel_h, kernel_w}, s);
}

void Conv3dForwardFrames(const Grid4& x, const Grid5& w, std::span<const double> bias, const Conv3dGeometry& g, int t_begin,
                         int t_end, Grid4& y)
{
    const Axis3 s = g.Spec.Stride, p = g.Spec.Padding, d = g.Spec.Dilation;
    const std::size_t plane = std::size_t(g.In[1]) * g.In[2], volume = plane * g.In[0];
    const std::size_t taps = std::size_t(g.Kernel[0]) * g.Kernel[1] * g.Kernel[2];
    for (int o = 0; o < g.O; ++o) {
        const int c0 = (o / g.OPerGroup) * g.CPerGroup;
        const double* w_o = w.Values.data() + std::size_t(o) * g.CPerGroup * taps;
        for (int t = std::max(0, t_begin); t < std::min(t_end, g.Out[0]); ++t) {
            const auto [a0, a1] = ValidTaps(t * s[0] - p[0], d[0], g.Kernel[0], g.In[0]);
            for (int i = 0; i < g.Out[1]; ++i) {
                const auto [u0, u1] = ValidTaps(i * s[1] - p[1], d[1], g.Kernel[1], g.In[1]);
                for (int j = 0; j < g.Out[2]; ++j) {
                    const int x0 = j * s[2] - p[2];
                    const auto [v0, v1] = ValidTaps(x0, d[2], g.Kernel[2], g.In[2]);
                    double sum = bias.empty() ? 0.0 : bias[o];
                    for (int cg = 0; cg < g.CPerGroup; ++cg) {
                        const double* x_c = x.Values.data() + std::size_t(c0 + cg) * volume;
                        const double* w_c = w_o + std::size_t(cg) * taps;
                        for (int a = a0; a < a1; ++a) {
                            const double* x_t = x_c + std::size_t(t * s[0] + a * d[0] - p[0]) * plane;
                            for (int u = u0; u < u1; ++u) {
                                const double* x_row = x_t + std::size_t(i * s[1] + u * d[1] - p[1]) * g.In[2] + x0;
                                const double* w_row = w_c + (std::size_t(a) * g.Kernel[1] + u) * g.Kernel[2];
                                for (int v = v0; v < v1; ++v) sum += w_row[v] * x_row[v * d[2]];
                            }
                        }
                    }
                    y(o, t, i, j) = sum;
                }
            }
        }
    }
}

Result<Grid4> Conv3dForward(const Grid4& input, const Grid5& weight, std::span<const double> bias, const Conv3dSpec& spec)
{
    using R = Result<Grid4>;
    if (!input.Consistent() || !weight.Consistent())
        return R::Fail(Msg("3D-свёртка: число значений тензора не совпадает с его формой"));
    const auto geo = Conv3dGeometryOf(input.Dim(0), {input.Dim(1), input.Dim(2), input.Dim(3)}, weight.Dim(0),
                                      {weight.Dim(2), weight.Dim(3), weight.Dim(4)}, spec);
    if (!geo) return R::Fail(geo.Error());
    if (weight.Dim(1) != geo->CPerGroup)
        return R::Fail(
            Msg("3D-свёртка: второе измерение весов должно быть C/groups = %d, получено %d", geo->CPerGroup, weight.Dim(1)));
    if (!bias.empty() && static_cast<int>(bias.size()) != geo->O)
        return R::Fail(Msg("3D-свёртка: bias должен иметь %d значений, получено %d", geo->O, static_cast<int>(bias.size())));
    if (geo->Macs() > kConv3dMaxForwardMacs)
        return R::Fail(Msg("3D-свёртка: слишком много работы (%d умножений-сложений, предел %d)",
                           static_cast<long long>(geo->Macs()), static_cast<long long>(kConv3dMaxForwardMacs)));
    for (std::span<const double> values : {std::span<const double>(input.Values), std::span<const double>(weight.Values), bias})
        for (double v : values)
            if (!std::isfinite(v) || std::fabs(v) > 1e6)
                return R::Fail(Msg("3D-свёртка: значения должны быть конечными и не больше %g по модулю", 1e6));
    Grid4 y({geo->O, geo->Out[0], geo->Out[1], geo->Out[2]});
    Conv3dForwardFrames(input, weight, bias, *geo, 0, geo->Out[0], y);
    return y;
}

Result<Grid4> Conv2dPerFrame(const Grid4& input, const Grid4& weight, std::span<const double> bias,
                             const Conv3dSpec& spatial_spec)
{
    // A 2-D kernel is a 3-D kernel one frame deep.
    Grid5 w3({weight.Dim(0), weight.Dim(1), 1, weight.Dim(2), weight.Dim(3)});
    if (!weight.Consistent()) return Result<Grid4>::Fail(Msg("3D-свёртка: число значений тензора не совпадает с его формой"));
    w3.Values = weight.Values;
    Conv3dSpec s = spatial_spec;
    s.Stride[0] = 1, s.Padding[0] = 0, s.Dilation[0] = 1;
    return Conv3dForward(input, w3, bias, s);
}

Result<R2Plus1dFactorisation> FactoriseR2Plus1d(const Conv3dGeometry& full)
{
    using R = Result<R2Plus1dFactorisation>;
    if (full.Spec.Groups != 1) return R::Fail(Msg("(2+1)D: разложение определено для свёртки без групп (groups = 1)"));
    const std::int64_t t = full.Kernel[0], hw = std::int64_t(full.Kernel[1]) * full.Kernel[2];
    const std::int64_t n_in = full.C, n_out = full.O;
    const std::int64_t mid = (t * hw * n_in * n_out) / (hw * n_in + t * n_out);
    R2Plus1dFactorisation f;
    f.Full = full;
    f.Mid = static_cast<int>(std::clamp<std::int64_t>(mid, 1, kConv3dMaxChannels)); // M = 0 only for 1-channel toys
    Conv3dSpec spatial = full.Spec, temporal = full.Spec;
    spatial.Stride[0] = 1, spatial.Padding[0] = 0, spatial.Dilation[0] = 1;
    temporal.Stride[1] = temporal.Stride[2] = 1;
    temporal.Padding[1] = temporal.Padding[2] = 0;
    temporal.Dilation[1] = temporal.Dilation[2] = 1;
    auto s = Conv3dGeometryOf(full.C, full.In, f.Mid, {1, full.Kernel[1], full.Kernel[2]}, spatial);
    if (!s) return R::Fail(s.Error());
    auto q = Conv3dGeometryOf(f.Mid, s->Out, full.O, {full.Kernel[0], 1, 1}, temporal);
    if (!q) return R::Fail(q.Error());
    f.Spatial = *s;
    f.Temporal = *q;
    return f;
}

} // namespace mlviz
