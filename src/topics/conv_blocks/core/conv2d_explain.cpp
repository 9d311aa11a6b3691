// Explained 2-D convolution: validation, forward pass, brute-force backward and the term lists
// behind every cell (conv2d_explain.h).
#include "topics/conv_blocks/core/conv2d_explain.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace mlviz {

namespace {

Message RangeError(const char* field, int value, int lo, int hi)
{
    return Msg("свёртка: %s = %d вне диапазона [%d, %d]", field, value, lo, hi);
}

template <typename Dims>
std::string JoinDims(const Dims& dims)
{
    std::string s;
    for (int d : dims) {
        if (!s.empty()) s.append("×");
        s.append(std::to_string(d));
    }
    return s;
}

std::string ShapeText(std::initializer_list<int> dims)
{
    return JoinDims(dims);
}

template <int Rank>
std::string ShapeText(const GridN<Rank>& g)
{
    return JoinDims(g.Dims);
}

Message CheckValues(const char* field, const std::vector<double>& v)
{
    for (std::size_t i = 0; i < v.size(); ++i)
        if (!std::isfinite(v[i]) || std::fabs(v[i]) > kConvMaxAbsValue)
            return Msg("свёртка: %s[%d] = %g: нужно конечное число не больше %g по модулю", field, static_cast<long long>(i),
                       v[i], kConvMaxAbsValue);
    return {};
}

} // namespace

std::int64_t Conv2dGeometry::Macs() const
{
    return std::int64_t(O) * OutH * OutW * CPerGroup * KH * KW;
}

Result<Conv2dGeometry> Conv2dGeometryOf(int channels, int height, int width, int out_channels, int kernel_h, int kernel_w,
                                        const Conv2dSpec& spec)
{
    using R = Result<Conv2dGeometry>;
    if (channels < 1 || channels > kConv2dMaxChannels) return R::Fail(RangeError("in_channels", channels, 1, kConv2dMaxChannels));
    if (height < 1 || height > kConv2dMaxSide) return R::Fail(RangeError("height", height, 1, kConv2dMaxSide));
    if (width < 1 || width > kConv2dMaxSide) return R::Fail(RangeError("width", width, 1, kConv2dMaxSide));
    if (out_channels < 1 || out_channels > kConv2dMaxChannels)
        return R::Fail(RangeError("out_channels", out_channels, 1, kConv2dMaxChannels));
    if (kernel_h < 1 || kernel_h > kConv2dMaxKernel) return R::Fail(RangeError("kernel_h", kernel_h, 1, kConv2dMaxKernel));
    if (kernel_w < 1 || kernel_w > kConv2dMaxKernel) return R::Fail(RangeError("kernel_w", kernel_w, 1, kConv2dMaxKernel));
    if (spec.Stride < 1 || spec.Stride > kConv2dMaxStride) return R::Fail(RangeError("stride", spec.Stride, 1, kConv2dMaxStride));
    if (spec.Padding < 0 || spec.Padding > kConv2dMaxPadding)
        return R::Fail(RangeError("padding", spec.Padding, 0, kConv2dMaxPadding));
    if (spec.Dilation < 1 || spec.Dilation > kConv2dMaxDilation)
        return R::Fail(RangeError("dilation", spec.Dilation, 1, kConv2dMaxDilation));
    if (spec.Groups < 1 || channels % spec.Groups != 0 || out_channels % spec.Groups != 0)
        return R::Fail(Msg("свёртка: groups = %d должно делить число входных (%d) и выходных (%d) каналов", spec.Groups, channels,
                           out_channels));
    Conv2dGeometry g;
    g.C = channels, g.H = height, g.W = width, g.O = out_channels, g.KH = kernel_h, g.KW = kernel_w;
    g.Spec = spec;
    g.CPerGroup = channels / spec.Groups;
    g.OPerGroup = out_channels / spec.Groups;
    g.PaddedH = height + 2 * spec.Padding;
    g.PaddedW = width + 2 * spec.Padding;
    g.SpanH = spec.Dilation * (kernel_h - 1) + 1;
    g.SpanW = spec.Dilation * (kernel_w - 1) + 1;
    if (g.SpanH > g.PaddedH || g.SpanW > g.PaddedW)
        return R::Fail(Msg("свёртка: ядро с dilation (%s) больше входа с отступами (%s), выход пуст",
                           ShapeText({g.SpanH, g.SpanW}), ShapeText({g.PaddedH, g.PaddedW})));
    g.OutH = (g.PaddedH - g.SpanH) / spec.Stride + 1;
    g.OutW = (g.PaddedW - g.SpanW) / spec.Stride + 1;
    g.DilatedOutH = (g.OutH - 1) * spec.Stride + 1;
    g.DilatedOutW = (g.OutW - 1) * spec.Stride + 1;
    g.ExtraH = g.PaddedH - g.SpanH - (g.OutH - 1) * spec.Stride;
    g.ExtraW = g.PaddedW - g.SpanW - (g.OutW - 1) * spec.Stride;
    return g;
}

Result<Conv2dGeometry> CheckConv2dProblem(const Conv2dProblem& p, bool need_grad_output)
{
    using R = Result<Conv2dGeometry>;
    if (!p.Input.Consistent() || !p.Weight.Consistent() || !p.GradOutput.Consistent())
        return R::Fail(Msg("свёртка: число значений тензора не совпадает с его формой"));
    const int groups = p.Spec.Groups;
    auto geo = Conv2dGeometryOf(p.Input.Dim(0), p.Input.Dim(1), p.Input.Dim(2), p.Weight.Dim(0), p.Weight.Dim(2), p.Weight.Dim(3),
                                p.Spec);
    if (!geo) return geo;
    if (p.Weight.Dim(1) != p.Input.Dim(0) / groups)
        return R::Fail(
            Msg("свёртка: у весов %s второе измерение должно быть C/groups = %d", ShapeText(p.Weight), p.Input.Dim(0) / groups));
    if (!p.Bias.empty() && static_cast<int>(p.Bias.size()) != geo->O)
        return R::Fail(Msg("свёртка: bias должен иметь %d значений (по одному на выходной канал), получено %d", geo->O,
                           static_cast<int>(p.Bias.size())));
    const bool has_grad = !p.GradOutput.Empty();
    if (need_grad_output || has_grad) {
        if (p.GradOutput.Dims != std::array<int, 3>{geo->O, geo->OutH, geo->OutW})
            return R::Fail(Msg("свёртка: grad_output должен иметь форму выхода %s, получено %s",
                               ShapeText({geo->O, geo->OutH, geo->OutW}), ShapeText(p.GradOutput)));
    }
    for (const auto& [field, values] : {std::pair{"input", &p.Input.Values}, std::pair{"weight", &p.Weight.Values},
                                        std::pair{"bias", &p.Bias}, std::pair{"grad_output", &p.GradOutput.Values}}) {
        const Message why = CheckValues(field, *values);
        if (!why.Empty()) return R::Fail(why);
    }
    return geo;
}

Result<Grid3> Conv2dForward(const Conv2dProblem& p)
{
    const auto geo = CheckConv2dProblem(p, false);
    if (!geo) return Result<Grid3>::Fail(geo.Error());
    Grid3 y;
    Conv2dForwardInto(p, *geo, y);
    return y;
}

namespace {

// Kernel taps [first, last) of one axis whose input coordinate pos + t·d lies in [0, size).
std::pair<int, int> ValidTaps(int pos, int d, int taps, int size)
{
    const int first = pos < 0 ? (-pos + d - 1) / d : 0;
    const int last = pos > size - 1 ? 0 : std::min(taps, (size - 1 - pos) / d + 1);
    return {first, std::max(first, last)};
}

} // namespace

double Conv2dOutputCell(const Conv2dProblem& p, const Conv2dGeometry& g, int o, int i, int j)
{
    const int s = g.Spec.Stride, d = g.Spec.Dilation, pad = g.Spec.Padding;
    const int c0 = g.GroupOfOutput(o) * g.CPerGroup;
    const int y0 = i * s - pad, x0 = j * s - pad; // input coordinates of tap (0, 0)
    const auto [u0, u1] = ValidTaps(y0, d, g.KH, g.H);
    const auto [v0, v1] = ValidTaps(x0, d, g.KW, g.W);
    double sum = p.Bias.empty() ? 0.0 : p.Bias[o];
    const double* weight = p.Weight.Values.data() + std::size_t(o) * g.CPerGroup * g.KH * g.KW;
    for (int cg = 0; cg < g.CPerGroup; ++cg) {
        const double* plane = p.Input.Values.data() + std::size_t(c0 + cg) * g.H * g.W;
        const double* taps = weight + std::size_t(cg) * g.KH * g.KW;
        for (int u = u0; u < u1; ++u) {
            const double* row = plane + std::size_t(y0 + u * d) * g.W + x0;
            const double* w_row = taps + u * g.KW;
            for (int v = v0; v < v1; ++v) sum += w_row[v] * row[v * d];
        }
    }
    return sum;
}

void Conv2dForwardInto(const Conv2dProblem& p, const Conv2dGeometry& g, Grid3& y)
{
    if (y.Dims != std::array<int, 3>{g.O, g.OutH, g.OutW}) y = Grid3({g.O, g.OutH, g.OutW});
    for (int o = 0; o < g.O; ++o)
        for (int i = 0; i < g.OutH; ++i)
            for (int j = 0; j < g.OutW; ++j) y(o, i, j) = Conv2dOutputCell(p, g, o, i, j);
}

Result<Conv2dGrads> Conv2dBackwardDirect(const Conv2dProblem& p)
{
    const auto geo = CheckConv2dProblem(p, true);
    if (!geo) return Result<Conv2dGrads>::Fail(geo.Error());
    const Conv2dGeometry& g = *geo;
    const int s = g.Spec.Stride, d = g.Spec.Dilation, pad = g.Spec.Padding;
    Conv2dGrads out;
    out.GradInput = Grid3({g.C, g.H, g.W});
    out.GradWeight = Grid4({g.O, g.CPerGroup, g.KH, g.KW});
    if (!p.Bias.empty()) out.GradBias.assign(g.O, 0.0);
    for (int o = 0; o < g.O; ++o) {
        const int c0 = g.GroupOfOutput(o) * g.CPerGroup;
        for (int i = 0; i < g.OutH; ++i)
            for (int j = 0; j < g.OutW; ++j) {
                const double dy = p.GradOutput(o, i, j);
                if (!out.GradBias.empty()) out.GradBias[o] += dy;
                for (int cg = 0; cg < g.CPerGroup; ++cg)
                    for (int u = 0; u < g.KH; ++u) {
                        const int iy = i * s + u * d - pad;
                        if (iy < 0 || iy >= g.H) continue;
                        for (int v = 0; v < g.KW; ++v) {
                            const int ix = j * s + v * d - pad;
                            if (ix < 0 || ix >= g.W) continue;
                            out.GradInput(c0 + cg, iy, ix) += dy * p.Weight(o, cg, u, v);
                            out.GradWeight(o, cg, u, v) += dy * p.Input(c0 + cg, iy, ix);
                        }
                    }
            }
    }
    return out;
}

std::vector<Conv2dTerm> OutputTerms(const Conv2dProblem& p, const Conv2dGeometry& g, int o, int i, int j)
{
    std::vector<Conv2dTerm> terms;
    const int s = g.Spec.Stride, d = g.Spec.Dilation, pad = g.Spec.Padding;
    const int c0 = g.GroupOfOutput(o) * g.CPerGroup;
    for (int cg = 0; cg < g.CPerGroup; ++cg)
        for (int u = 0; u < g.KH; ++u)
            for (int v = 0; v < g.KW; ++v) {
                Conv2dTerm t;
                t.C = c0 + cg, t.Y = i * s + u * d - pad, t.X = j * s + v * d - pad;
                t.O = o, t.I = i, t.J = j, t.U = u, t.V = v;
                t.InPadding = t.Y < 0 || t.Y >= g.H || t.X < 0 || t.X >= g.W;
                t.A = t.InPadding ? 0.0 : p.Input(t.C, t.Y, t.X);
                t.B = p.Weight(o, cg, u, v);
                terms.push_back(t);
            }
    return terms;
}

std::vector<Conv2dTerm> GradInputTerms(const Conv2dProblem& p, const Conv2dGeometry& g, int c, int y, int x)
{
    std::vector<Conv2dTerm> terms;
    const int s = g.Spec.Stride, d = g.Spec.Dilation, pad = g.Spec.Padding;
    const int group = g.GroupOfInput(c), cg = c - group * g.CPerGroup;
    for (int o = group * g.OPerGroup; o < (group + 1) * g.OPerGroup; ++o)
        for (int u = 0; u < g.KH; ++u) {
            // i·s = y + p - u·d must be a multiple of s inside [0, H').
            const int ny = y + pad - u * d;
            if (ny < 0 || ny % s != 0 || ny / s >= g.OutH) continue;
            for (int v = 0; v < g.KW; ++v) {
                const int nx = x + pad - v * d;
                if (nx < 0 || nx % s != 0 || nx / s >= g.OutW) continue;
                Conv2dTerm t;
                t.C = c, t.Y = y, t.X = x, t.O = o, t.I = ny / s, t.J = nx / s, t.U = u, t.V = v;
                t.A = p.GradOutput(o, t.I, t.J);
                t.B = p.Weight(o, cg, u, v);
                terms.push_back(t);
            }
        }
    return terms;
}

std::vector<Conv2dTerm> GradWeightTerms(const Conv2dProblem& p, const Conv2dGeometry& g, int o, int cg, int u, int v)
{
    std::vector<Conv2dTerm> terms;
    const int s = g.Spec.Stride, d = g.Spec.Dilation, pad = g.Spec.Padding;
    const int c = g.GroupOfOutput(o) * g.CPerGroup + cg;
    for (int i = 0; i < g.OutH; ++i)
        for (int j = 0; j < g.OutW; ++j) {
            Conv2dTerm t;
            t.C = c, t.Y = i * s + u * d - pad, t.X = j * s + v * d - pad;
            t.O = o, t.I = i, t.J = j, t.U = u, t.V = v;
            t.InPadding = t.Y < 0 || t.Y >= g.H || t.X < 0 || t.X >= g.W;
            t.A = t.InPadding ? 0.0 : p.Input(c, t.Y, t.X);
            t.B = p.GradOutput(o, i, j);
            terms.push_back(t);
        }
    return terms;
}

} // namespace mlviz
