#include "topics/receptive_field/core/rf_stack.h"

#include <algorithm>
#include <cmath>

#include "core/message.h"

namespace mlviz {

namespace {

Message AxisName(int axis)
{
    return axis == 0 ? Msg("высота") : Msg("ширина");
}

std::string PairText(std::int64_t h, std::int64_t w)
{
    return std::to_string(h) + "×" + std::to_string(w);
}

// The first problem with the layer's own values (no sizes involved), or empty.
Message CheckLayerValues(const RfLayer& l)
{
    if (l.Type != RfLayerType::Conv && l.Type != RfLayerType::MaxPool && l.Type != RfLayerType::AvgPool)
        return Msg("неизвестный тип слоя");
    for (int a = 0; a < 2; ++a) {
        const Message axis = AxisName(a);
        if (l.Kernel[a] < 1 || l.Kernel[a] > kRfMaxKernel)
            return Msg("kernel (%s) должен быть в [1, %d], получено %d", axis, kRfMaxKernel, l.Kernel[a]);
        if (l.Stride[a] < 1 || l.Stride[a] > kRfMaxStride)
            return Msg("stride (%s) должен быть в [1, %d], получено %d", axis, kRfMaxStride, l.Stride[a]);
        if (l.Dilation[a] < 1 || l.Dilation[a] > kRfMaxDilation)
            return Msg("dilation (%s) должен быть в [1, %d], получено %d", axis, kRfMaxDilation, l.Dilation[a]);
        if (l.Padding[a] < 0 || l.Padding[a] > kRfMaxPadding)
            return Msg("padding (%s) должен быть в [0, %d], получено %d", axis, kRfMaxPadding, l.Padding[a]);
    }
    if (l.Type == RfLayerType::AvgPool && (l.Dilation[0] != 1 || l.Dilation[1] != 1))
        return Msg("у avgpool нет dilation (как у torch.nn.AvgPool2d), получено %s", PairText(l.Dilation[0], l.Dilation[1]));
    // torch rejects pooling windows that could lie entirely in the padding.
    if (l.Type != RfLayerType::Conv && (2 * l.Padding[0] > l.Kernel[0] || 2 * l.Padding[1] > l.Kernel[1]))
        return Msg("padding пулинга %s должен быть не больше половины ядра %s (как в torch)",
                   PairText(l.Padding[0], l.Padding[1]), PairText(l.Kernel[0], l.Kernel[1]));
    return {};
}

} // namespace

std::string_view RfLayer::NameView() const
{
    const auto end = std::find(Name.begin(), Name.end(), '\0');
    return std::string_view(Name.data(), static_cast<std::size_t>(end - Name.begin()));
}

void RfLayer::SetName(std::string_view name)
{
    Name.fill('\0');
    const std::size_t n = std::min(name.size(), Name.size() - 1);
    std::copy_n(name.begin(), n, Name.begin());
}

std::int64_t RfAnalysis::TotalParams() const
{
    std::int64_t s = 0;
    for (const auto& l : Layers) s += l.Params;
    return s;
}

std::int64_t RfAnalysis::TotalMacs() const
{
    std::int64_t s = 0;
    for (const auto& l : Layers) s += l.Macs;
    return s;
}

std::int64_t EffectiveKernel(int kernel, int dilation)
{
    return static_cast<std::int64_t>(dilation) * (kernel - 1) + 1;
}

std::int64_t OutputSize(std::int64_t in, int kernel, int stride, int padding, int dilation)
{
    const std::int64_t num = in + 2 * static_cast<std::int64_t>(padding) - EffectiveKernel(kernel, dilation);
    if (num < 0) return 0; // floor of a negative fraction: no complete window
    return num / stride + 1;
}

int SamePadding(int kernel, int dilation)
{
    const std::int64_t total = EffectiveKernel(kernel, dilation) - 1;
    return total % 2 == 0 ? static_cast<int>(total / 2) : -1;
}

std::string_view RfLayerTypeName(RfLayerType t)
{
    switch (t) {
    case RfLayerType::Conv: return "conv";
    case RfLayerType::MaxPool: return "maxpool";
    case RfLayerType::AvgPool: return "avgpool";
    case RfLayerType::Count: break;
    }
    return "?";
}

bool RfLayerTypeFromName(std::string_view name, RfLayerType& out)
{
    for (int t = 0; t < static_cast<int>(RfLayerType::Count); ++t)
        if (RfLayerTypeName(static_cast<RfLayerType>(t)) == name) {
            out = static_cast<RfLayerType>(t);
            return true;
        }
    return false;
}

Message RfLayerLabel(const RfLayer& layer, int index)
{
    const std::string name = layer.NameView().empty() ? std::string() : " '" + std::string(layer.NameView()) + "'";
    return Msg("%s%s (%s)", Msg("слой %d", index + 1), name, RfLayerTypeName(layer.Type));
}

Result<RfAnalysis> AnalyzeStack(const RfStack& stack)
{
    using R = Result<RfAnalysis>;
    for (int a = 0; a < 2; ++a)
        if (stack.InputSize[a] < 1 || stack.InputSize[a] > kRfMaxInputSide)
            return R::Fail(Msg("%s входа должна быть в [1, %d], получено %d", AxisName(a), kRfMaxInputSide, stack.InputSize[a]));
    if (stack.InputChannels < 1 || stack.InputChannels > kRfMaxChannels)
        return R::Fail(Msg("число каналов входа должно быть в [1, %d], получено %d", kRfMaxChannels, stack.InputChannels));
    if (stack.Layers.size() > static_cast<std::size_t>(kRfMaxLayers))
        return R::Fail(Msg("не больше %d слоёв, получено %zu", kRfMaxLayers, stack.Layers.size()));

    RfAnalysis out;
    out.InputSize = stack.InputSize;
    out.InputChannels = stack.InputChannels;
    RfPair size = stack.InputSize;
    int channels = stack.InputChannels;
    std::array<std::int64_t, 2> r{1, 1}, j{1, 1};
    std::array<double, 2> start{0.0, 0.0};
    for (std::size_t i = 0; i < stack.Layers.size(); ++i) {
        const RfLayer& l = stack.Layers[i];
        const Message label = RfLayerLabel(l, static_cast<int>(i));
        const auto fail = [&](const Message& why) { return R::Fail(Msg("%s: %s", label, why)); };
        if (Message e = CheckLayerValues(l); !e.Empty()) return fail(e);

        RfLayerInfo info;
        info.InSize = size;
        info.InChannels = channels;
        info.OutChannels = channels;
        if (l.Type == RfLayerType::Conv) {
            if (l.InChannels < 0 || l.InChannels > kRfMaxChannels)
                return fail(Msg("in_channels должен быть в [1, %d], получено %d", kRfMaxChannels, l.InChannels));
            if (l.OutChannels < 0 || l.OutChannels > kRfMaxChannels)
                return fail(Msg("out_channels должен быть в [1, %d], получено %d", kRfMaxChannels, l.OutChannels));
            if (l.InChannels != 0 && l.InChannels != channels)
                return fail(Msg("in_channels %d не совпадает с числом каналов %d, приходящих %s", l.InChannels, channels,
                                i == 0 ? Msg("со входа") : Msg("с нижнего слоя")));
            info.OutChannels = l.OutChannels == 0 ? channels : l.OutChannels;
            if (l.Groups < 1) return fail(Msg("groups должен быть >= 1, получено %d", l.Groups));
            if (channels % l.Groups != 0) return fail(Msg("in_channels %d не делится на groups %d", channels, l.Groups));
            if (info.OutChannels % l.Groups != 0)
                return fail(Msg("out_channels %d не делится на groups %d", info.OutChannels, l.Groups));
        }
        for (int a = 0; a < 2; ++a) {
            const std::int64_t n = OutputSize(size[a], l.Kernel[a], l.Stride[a], l.Padding[a], l.Dilation[a]);
            if (n < 1)
                return fail(Msg("выход (%s) %lld <= 0: вход %d + 2×padding %d меньше эффективного ядра %lld", AxisName(a),
                                static_cast<long long>(n), size[a], l.Padding[a],
                                static_cast<long long>(EffectiveKernel(l.Kernel[a], l.Dilation[a]))));
            info.OutSize[a] = static_cast<int>(n);
            const std::int64_t k_eff = EffectiveKernel(l.Kernel[a], l.Dilation[a]);
            start[a] += (0.5 * static_cast<double>(k_eff - 1) - l.Padding[a]) * static_cast<double>(j[a]);
            r[a] += (k_eff - 1) * j[a];
            j[a] *= l.Stride[a];
            if (r[a] > kRfMaxField || j[a] > kRfMaxField)
                return fail(Msg("рецептивное поле или шаг (%s) больше 2^40 пикселей входа", AxisName(a)));
        }
        info.Rf = r;
        info.Jump = j;
        info.Start = start;
        if (l.Type == RfLayerType::Conv) {
            // Doubles first: the products can exceed 64 bits for absurd inputs.
            const double per_out = static_cast<double>(l.Kernel[0]) * l.Kernel[1] * (channels / l.Groups);
            const double params = (per_out + (l.Bias ? 1.0 : 0.0)) * info.OutChannels;
            const double macs = per_out * info.OutChannels * info.OutSize[0] * info.OutSize[1];
            if (params > 4e18 || macs > 4e18) return fail(Msg("число параметров или умножений-сложений больше 4e18"));
            info.Params = (static_cast<std::int64_t>(l.Kernel[0]) * l.Kernel[1] * (channels / l.Groups) + (l.Bias ? 1 : 0)) *
                info.OutChannels;
            info.Macs = static_cast<std::int64_t>(l.Kernel[0]) * l.Kernel[1] * (channels / l.Groups) * info.OutChannels *
                info.OutSize[0] * info.OutSize[1];
        }
        out.Layers.push_back(info);
        size = info.OutSize;
        channels = info.OutChannels;
    }
    return out;
}

RfClosedForm ClosedFormField(std::span<const RfLayer> layers)
{
    RfClosedForm f;
    for (int a = 0; a < 2; ++a) {
        std::int64_t prod = 1, r = 1, p = 0;
        for (const RfLayer& l : layers) {
            r += (EffectiveKernel(l.Kernel[a], l.Dilation[a]) - 1) * prod;
            p += static_cast<std::int64_t>(l.Padding[a]) * prod;
            prod *= l.Stride[a];
        }
        f.Rf[a] = r;
        f.Jump[a] = prod;
        f.Padding[a] = p;
        f.Start[a] = 0.5 * static_cast<double>(r - 1) - static_cast<double>(p);
    }
    return f;
}

RfBox UnitField(std::span<const RfLayer> layers, std::int64_t uy, std::int64_t ux)
{
    const RfClosedForm f = ClosedFormField(layers);
    RfBox b;
    b.Y0 = uy * f.Jump[0] - f.Padding[0];
    b.Y1 = b.Y0 + f.Rf[0] - 1;
    b.X0 = ux * f.Jump[1] - f.Padding[1];
    b.X1 = b.X0 + f.Rf[1] - 1;
    return b;
}

RfBox Clip(const RfBox& box, RfPair size)
{
    RfBox c;
    c.Y0 = std::max<std::int64_t>(box.Y0, 0);
    c.Y1 = std::min<std::int64_t>(box.Y1, size[0] - 1);
    c.X0 = std::max<std::int64_t>(box.X0, 0);
    c.X1 = std::min<std::int64_t>(box.X1, size[1] - 1);
    return c;
}

} // namespace mlviz
