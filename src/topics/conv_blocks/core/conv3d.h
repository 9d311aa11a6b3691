// 3-D convolution over a short clip (question 38): shapes, parameters and multiply-adds of a
// T×H×W convolution, of a 2-D convolution applied frame by frame, and of the (2+1)-D
// factorisation of Tran et al., "A Closer Look at Spatiotemporal Convolutions for Action
// Recognition", CVPR 2018 (a 1×KH×KW spatial conv to M channels, then a KT×1×1 temporal one).
// Semantics of torch.nn.functional.conv3d (torch 1.13) on one sample without a batch axis:
//   X: C×T×H×W,  W: O×(C/g)×KT×KH×KW,  Y: O×T'×H'×W',
//   Y[o,t,i,j] = b[o] + Σ W[o,c',a,u,v] · Xp[g(o)·C/g + c', t·st + a·dt, i·sh + u·dh, j·sw + v·dw]
// with Xp zero-padded by (pt, ph, pw) and T' = floor((T + 2pt - dt(KT-1) - 1)/st) + 1 (same for
// H', W'). Axis order everywhere: {time, height, width}. FLOPs = 2 × multiply-adds.
#pragma once
#include <array>
#include <cstdint>
#include <span>

#include "core/result.h"
#include "topics/conv_blocks/core/conv_tensor.h"

namespace mlviz {

// Limits of a layer whose cost is counted (realistic video networks fit).
inline constexpr int kConv3dMaxChannels = 4096;
inline constexpr int kConv3dMaxSide = 4096; // T, H, W
inline constexpr int kConv3dMaxKernel = 11;
inline constexpr int kConv3dMaxStride = 8;
inline constexpr int kConv3dMaxPadding = 16;
inline constexpr int kConv3dMaxDilation = 8;
// Limit of a layer that is actually computed (Conv3dForward): about 50 ms natively.
inline constexpr std::int64_t kConv3dMaxForwardMacs = 50'000'000;

using Axis3 = std::array<int, 3>; // {time, height, width}

struct Conv3dSpec {
    Axis3 Stride{1, 1, 1};
    Axis3 Padding{0, 0, 0};
    Axis3 Dilation{1, 1, 1};
    int Groups = 1;
    bool Bias = true; // counted in the parameters (O values)

    bool operator==(const Conv3dSpec&) const = default;
};

struct Conv3dGeometry {
    int C = 0, O = 0, CPerGroup = 0, OPerGroup = 0;
    Axis3 In{}, Kernel{}, Out{};
    Conv3dSpec Spec;

    std::int64_t Weights() const; // O·(C/g)·KT·KH·KW
    std::int64_t Biases() const;  // O when Spec.Bias
    std::int64_t Params() const { return Weights() + Biases(); }
    std::int64_t Macs() const; // O·T'·H'·W'·(C/g)·KT·KH·KW
    std::int64_t Flops() const { return 2 * Macs(); }
};

// Validates sizes and spec; the output must not be empty.
Result<Conv3dGeometry> Conv3dGeometryOf(int channels, Axis3 input, int out_channels, Axis3 kernel, const Conv3dSpec& spec);

// The same 2-D kernel (O×(C/g)×KH×KW) applied to every frame independently: a 3-D conv with
// KT = 1, temporal stride 1, padding 0, dilation 1. Out = O×T×H'×W'.
Result<Conv3dGeometry> Conv2dPerFrameGeometry(int channels, Axis3 input, int out_channels, int kernel_h, int kernel_w,
                                              const Conv3dSpec& spatial_spec);

// Y = conv3d(X, W, b); bias empty or O values. Fails beyond kConv3dMaxForwardMacs or on
// non-finite values.
Result<Grid4> Conv3dForward(const Grid4& input, const Grid5& weight, std::span<const double> bias, const Conv3dSpec& spec);
// Output frames [t_begin, t_end) of a validated problem into y (O×T'×H'×W', allocated by the
// caller): lets a view spread a clip over frames.
void Conv3dForwardFrames(const Grid4& input, const Grid5& weight, std::span<const double> bias, const Conv3dGeometry& g,
                         int t_begin, int t_end, Grid4& y);
// A 2-D kernel O×(C/g)×KH×KW frame by frame (Conv2dPerFrameGeometry): O×T×H'×W'.
Result<Grid4> Conv2dPerFrame(const Grid4& input, const Grid4& weight, std::span<const double> bias,
                             const Conv3dSpec& spatial_spec);

// (2+1)-D factorisation of a full KT×KH×KW conv N_{i-1} → N_i (groups 1): M_i intermediate
// channels chosen so the parameters match (Tran et al. 2018, section 3.5):
//   M_i = floor( KT·KH·KW·N_{i-1}·N_i / (KH·KW·N_{i-1} + KT·N_i) ).
// Spatial: 1×KH×KW, stride (1, sh, sw), padding (0, ph, pw), dilation (1, dh, dw), C → M.
// Temporal: KT×1×1, stride (st, 1, 1), padding (pt, 0, 0), dilation (dt, 1, 1), M → O.
// The output shape equals the full conv's. (The paper puts BN + ReLU between the two, which
// doubles the nonlinearities; they are not counted here.)
struct R2Plus1dFactorisation {
    int Mid = 0; // M_i
    Conv3dGeometry Full, Spatial, Temporal;
    std::int64_t Params() const { return Spatial.Params() + Temporal.Params(); }
    std::int64_t Macs() const { return Spatial.Macs() + Temporal.Macs(); }
};
Result<R2Plus1dFactorisation> FactoriseR2Plus1d(const Conv3dGeometry& full);

} // namespace mlviz
