// Receptive-field arithmetic of a stack of 2-D layers (convolution, max pool, average pool),
// as defined in Araujo, Norris, Sim, "Computing Receptive Fields of Convolutional Neural
// Networks", Distill 2019. Output sizes follow torch.nn.Conv2d / MaxPool2d / AvgPool2d
// (floor mode, symmetric zero padding): out = floor((n + 2p - d(k-1) - 1) / s) + 1.
//
// Coordinates: pixel i of a map has its centre at i (0-based); rows (H) first, then columns (W).
// For the output of layer l, with all layers up to l:
//   r     receptive field size: input pixels between the first and last one a unit can see,
//         dilation gaps included (the span, as in Araujo et al.); it may pass the border;
//   j     jump (effective stride): input pixels between neighbouring units;
//   start input coordinate of the centre of unit 0's field (half-integer when r is even);
//   unit u sees input pixels [u*j - P, u*j - P + r - 1] with P = (r - 1)/2 - start.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace mlviz {

enum class RfLayerType { Conv, MaxPool, AvgPool, Count };

using RfPair = std::array<int, 2>; // {height, width} / {y, x}

struct RfLayer {
    RfLayerType Type = RfLayerType::Conv;
    RfPair Kernel{3, 3};
    RfPair Stride{1, 1};
    RfPair Padding{0, 0};        // zeros on each side (symmetric, as torch's int padding)
    RfPair Dilation{1, 1};       // AvgPool2d has none: must stay 1
    int InChannels = 0;          // conv only; 0 = the channels arriving from below
    int OutChannels = 0;         // conv only; 0 = same as the input channels
    int Groups = 1;              // conv only; groups = in_channels is depthwise
    bool Bias = true;            // conv only; counts C_out extra parameters
    std::array<char, 32> Name{}; // e.g. "layer1.0.conv2"; empty = unnamed

    std::string_view NameView() const;
    void SetName(std::string_view name);
};

struct RfStack {
    RfPair InputSize{224, 224};
    int InputChannels = 3;
    std::vector<RfLayer> Layers;
};

// Limits that keep every product exact in 64-bit integers and every picture finite.
inline constexpr int kRfMaxLayers = 256;
inline constexpr int kRfMaxInputSide = 16384;
inline constexpr int kRfMaxKernel = 1024;
inline constexpr int kRfMaxStride = 1024;
inline constexpr int kRfMaxDilation = 1024;
inline constexpr int kRfMaxPadding = 4096;
inline constexpr int kRfMaxChannels = 1 << 20;
inline constexpr std::int64_t kRfMaxField = std::int64_t(1) << 40; // r and j above this are an error

struct RfLayerInfo {
    RfPair InSize{}, OutSize{};
    int InChannels = 0, OutChannels = 0;
    std::array<std::int64_t, 2> Rf{}, Jump{};
    std::array<double, 2> Start{};
    std::int64_t Params = 0; // (kh*kw*C_in/groups + bias) * C_out for conv; 0 for pools
    std::int64_t Macs = 0;   // out_h*out_w*C_out*kh*kw*C_in/groups for conv; 0 for pools (no multiplies)
};

struct RfAnalysis {
    RfPair InputSize{};
    int InputChannels = 0;
    std::vector<RfLayerInfo> Layers; // one per stack layer, bottom to top

    std::int64_t TotalParams() const;
    std::int64_t TotalMacs() const;
};

// Validates the stack and runs the bottom-up recurrence (r_l = r_{l-1} + (k'_l - 1) j_{l-1},
// j_l = j_{l-1} s_l, start_l = start_{l-1} + ((k'_l - 1)/2 - p_l) j_{l-1}, k' = d(k-1)+1).
// Errors name the layer ("layer 3 'features.3' (conv): ...") and the reason.
Result<RfAnalysis> AnalyzeStack(const RfStack& stack);

// Araujo et al.'s closed form for a run of layers (sizes not needed):
//   r = 1 + sum_l (k'_l - 1) prod_{i<l} s_i,  j = prod s_i,  P = sum_l p_l prod_{i<l} s_i.
// Used to check the recurrence, and by the view to map a unit to any lower layer.
struct RfClosedForm {
    std::array<std::int64_t, 2> Rf{1, 1}, Jump{1, 1}, Padding{0, 0};
    std::array<double, 2> Start{0.0, 0.0}; // (r - 1)/2 - P
};
RfClosedForm ClosedFormField(std::span<const RfLayer> layers);

// Inclusive box of map coordinates; may lie partly outside the map (padding).
struct RfBox {
    std::int64_t Y0 = 0, Y1 = -1, X0 = 0, X1 = -1;
    bool Empty() const { return Y1 < Y0 || X1 < X0; }
    std::int64_t Height() const { return Empty() ? 0 : Y1 - Y0 + 1; }
    std::int64_t Width() const { return Empty() ? 0 : X1 - X0 + 1; }
    std::int64_t Area() const { return Height() * Width(); }
};
// The box seen by unit (uy, ux) of the output of `layers` (last layer) in the input of the first.
RfBox UnitField(std::span<const RfLayer> layers, std::int64_t uy, std::int64_t ux);
RfBox Clip(const RfBox& box, RfPair size);

std::int64_t EffectiveKernel(int kernel, int dilation); // d (k - 1) + 1
// torch's floor-mode output size; may be <= 0 for an invalid layer.
std::int64_t OutputSize(std::int64_t in, int kernel, int stride, int padding, int dilation);
// torch's padding='same' for stride 1: d (k - 1) / 2 on each side; -1 when d (k - 1) is odd
// (torch then pads asymmetrically, which this symmetric model cannot express).
int SamePadding(int kernel, int dilation);

// "conv", "maxpool", "avgpool" (CLI and state names) and short display labels.
std::string_view RfLayerTypeName(RfLayerType t);
bool RfLayerTypeFromName(std::string_view name, RfLayerType& out);
// "layer 3 'features.3' (conv)" or "layer 3 (conv)": the prefix of every error about a layer.
Message RfLayerLabel(const RfLayer& layer, int index);

} // namespace mlviz
