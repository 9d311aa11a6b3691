// EfficientNet B0-B7 parameter and multiply-add counts, built like torchvision 0.14 (efficientnet.h).
#include "topics/conv_blocks/core/efficientnet.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

namespace {

constexpr EfficientNetVariantInfo kVariants[] = {
    {"b0", 1.0, 1.0, 224, 224, 0.2, 5'288'548},  {"b1", 1.0, 1.1, 240, 240, 0.2, 7'794'184},
    {"b2", 1.1, 1.2, 288, 260, 0.3, 9'109'994},  {"b3", 1.2, 1.4, 300, 300, 0.3, 12'233'232},
    {"b4", 1.4, 1.8, 380, 380, 0.4, 19'341'616}, {"b5", 1.6, 2.2, 456, 456, 0.4, 30'389'784},
    {"b6", 1.8, 2.6, 528, 528, 0.5, 43'040'704}, {"b7", 2.0, 3.1, 600, 600, 0.5, 66'347'960},
};

// torchvision's _efficientnet_conf("efficientnet_b*"): expand ratio, kernel, stride, in, out, repeats.
struct StageRow {
    int Expand, Kernel, Stride, In, Out, Layers;
};
constexpr StageRow kB0Stages[] = {
    {1, 3, 1, 32, 16, 1},  {6, 3, 2, 16, 24, 2},   {6, 5, 2, 24, 40, 2},   {6, 3, 2, 40, 80, 3},
    {6, 5, 1, 80, 112, 3}, {6, 5, 2, 112, 192, 4}, {6, 3, 1, 192, 320, 1},
};

int ConvOutSide(int in, int kernel, int stride)
{
    const int pad = (kernel - 1) / 2; // Conv2dNormActivation's default padding
    return (in + 2 * pad - kernel) / stride + 1;
}

// One MBConv block added to `stage`; returns the output side.
int AddMBConv(EfficientNetStage& stage, int expand_ratio, int kernel, int stride, int in, int out, int side)
{
    const int expanded = MakeDivisible(double(in) * expand_ratio); // adjust_channels(in, expand_ratio)
    const std::int64_t in_cells = std::int64_t(side) * side;
    if (expanded != in) {
        stage.ConvParams += std::int64_t(in) * expanded;
        stage.BnParams += 2 * expanded;
        stage.Macs += in_cells * in * expanded;
    }
    const int out_side = ConvOutSide(side, kernel, stride);
    const std::int64_t out_cells = std::int64_t(out_side) * out_side;
    stage.ConvParams += std::int64_t(expanded) * kernel * kernel; // depthwise: one k×k filter per channel
    stage.BnParams += 2 * expanded;
    stage.Macs += out_cells * expanded * kernel * kernel;
    const int squeeze = std::max(1, in / 4);
    const std::int64_t se_weights = 2 * std::int64_t(expanded) * squeeze;
    stage.SeParams += se_weights + squeeze + expanded;
    stage.SeMacs += se_weights;
    stage.Macs += se_weights;
    stage.ConvParams += std::int64_t(expanded) * out;
    stage.BnParams += 2 * out;
    stage.Macs += out_cells * expanded * out;
    return out_side;
}

} // namespace

std::span<const EfficientNetVariantInfo> EfficientNetVariants()
{
    return kVariants;
}

std::optional<EfficientNetVariant> EfficientNetVariantFromName(std::string_view name)
{
    for (int i = 0; i < static_cast<int>(EfficientNetVariant::Count); ++i)
        if (name == kVariants[i].Name) return static_cast<EfficientNetVariant>(i);
    return std::nullopt;
}

const EfficientNetVariantInfo& EfficientNetVariantOf(EfficientNetVariant v)
{
    const int i = std::clamp(static_cast<int>(v), 0, static_cast<int>(EfficientNetVariant::Count) - 1);
    return kVariants[i];
}

int MakeDivisible(double v, int divisor)
{
    // new_v = max(min_value, int(v + divisor / 2) // divisor * divisor), min_value = divisor
    int new_v = std::max(divisor, static_cast<int>(v + divisor / 2.0) / divisor * divisor);
    if (new_v < 0.9 * v) new_v += divisor; // never round down by more than 10 %
    return new_v;
}

int ScaleDepth(int layers, double depth)
{
    return static_cast<int>(std::ceil(layers * depth));
}

Result<EfficientNetSummary> BuildEfficientNet(const EfficientNetScaling& s)
{
    using R = Result<EfficientNetSummary>;
    if (!(s.Width >= 0.1 && s.Width <= 4.0))
        return R::Fail(Msg("EfficientNet: множитель ширины %g вне диапазона [%g, %g]", s.Width, 0.1, 4.0));
    if (!(s.Depth >= 0.1 && s.Depth <= 5.0))
        return R::Fail(Msg("EfficientNet: множитель глубины %g вне диапазона [%g, %g]", s.Depth, 0.1, 5.0));
    if (s.Resolution < 32 || s.Resolution > 1024)
        return R::Fail(Msg("EfficientNet: разрешение %d вне диапазона [%d, %d]", s.Resolution, 32, 1024));
    if (s.NumClasses < 1 || s.NumClasses > 100000)
        return R::Fail(Msg("EfficientNet: число классов %d вне диапазона [%d, %d]", s.NumClasses, 1, 100000));

    EfficientNetSummary net;
    net.Scaling = s;
    int side = s.Resolution;

    EfficientNetStage stem;
    stem.Kind = EfficientNetStageKind::Stem;
    stem.Kernel = 3, stem.Stride = 2, stem.InChannels = 3;
    stem.OutChannels = MakeDivisible(kB0Stages[0].In * s.Width);
    stem.InSide = side;
    stem.OutSide = side = ConvOutSide(side, 3, 2);
    stem.ConvParams = std::int64_t(3) * stem.OutChannels * 9;
    stem.BnParams = 2 * stem.OutChannels;
    stem.Macs = std::int64_t(side) * side * stem.OutChannels * 3 * 9;
    net.Stages.push_back(stem);

    for (const StageRow& row : kB0Stages) {
        EfficientNetStage st;
        st.Kind = EfficientNetStageKind::MBConv;
        st.ExpandRatio = row.Expand, st.Kernel = row.Kernel, st.Stride = row.Stride;
        st.InChannels = MakeDivisible(row.In * s.Width);
        st.OutChannels = MakeDivisible(row.Out * s.Width);
        st.Layers = ScaleDepth(row.Layers, s.Depth);
        st.InSide = side;
        for (int b = 0; b < st.Layers; ++b)
            side = AddMBConv(st, row.Expand, row.Kernel, b == 0 ? row.Stride : 1, b == 0 ? st.InChannels : st.OutChannels,
                             st.OutChannels, side);
        st.OutSide = side;
        net.Stages.push_back(st);
    }

    EfficientNetStage head;
    head.Kind = EfficientNetStageKind::Head;
    head.InChannels = net.Stages.back().OutChannels;
    head.OutChannels = 4 * head.InChannels;
    head.InSide = head.OutSide = side;
    head.ConvParams = std::int64_t(head.InChannels) * head.OutChannels;
    head.BnParams = 2 * head.OutChannels;
    head.Macs = std::int64_t(side) * side * head.InChannels * head.OutChannels;
    net.Stages.push_back(head);

    EfficientNetStage fc;
    fc.Kind = EfficientNetStageKind::Classifier;
    fc.InChannels = head.OutChannels, fc.OutChannels = s.NumClasses;
    fc.InSide = side, fc.OutSide = 1;
    fc.ConvParams = std::int64_t(fc.InChannels) * fc.OutChannels + fc.OutChannels;
    fc.Macs = std::int64_t(fc.InChannels) * fc.OutChannels;
    net.Stages.push_back(fc);

    for (const auto& st : net.Stages) net.Params += st.Params(), net.Macs += st.Macs;
    return net;
}

EfficientNetSummary BuildEfficientNetVariant(EfficientNetVariant v)
{
    const EfficientNetVariantInfo& info = EfficientNetVariantOf(v);
    return *BuildEfficientNet({info.Width, info.Depth, info.Resolution, 1000});
}

Result<CompoundScaling> CompoundScale(double phi, double alpha, double beta, double gamma)
{
    using R = Result<CompoundScaling>;
    if (!(phi >= 0.0 && phi <= 8.0)) return R::Fail(Msg("EfficientNet: φ = %g вне диапазона [%g, %g]", phi, 0.0, 8.0));
    for (double v : {alpha, beta, gamma})
        if (!(v >= 1.0 && v <= 3.0))
            return R::Fail(Msg("EfficientNet: коэффициенты α, β, γ должны быть в [%g, %g], получено %g", 1.0, 3.0, v));
    CompoundScaling c;
    c.Phi = phi, c.Alpha = alpha, c.Beta = beta, c.Gamma = gamma;
    c.Depth = std::pow(alpha, phi);
    c.Width = std::pow(beta, phi);
    c.Resolution = std::pow(gamma, phi);
    c.FlopsFactor = std::pow(alpha * beta * beta * gamma * gamma, phi);
    return c;
}

} // namespace mlviz
