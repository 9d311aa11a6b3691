// nn core: 2-D and 3-D convolution with stride, zero padding, dilation and groups, the same as
// torch.nn.Conv2d / torch.nn.Conv3d (padding_mode='zeros'), with hand-written backward.
//
// Shapes: Conv2d input [N, C, H, W] -> output [N, O, H', W'], weight [O, C/groups, kH, kW];
// Conv3d input [N, C, D, H, W] -> [N, O, D', H', W'], weight [O, C/groups, kD, kH, kW]; bias [O].
// Per axis: out = floor((in + 2 * padding - dilation * (kernel - 1) - 1) / stride) + 1 >= 1.
// Cross-correlation as in torch: y[n, o, i] = b[o] + sum_{c in o's group, k} w[o, c, k] *
// x[n, c, i * stride - padding + k * dilation] (x = 0 outside the input).
// Backward: dL/dx is the transposed convolution of dL/dy (the full correlation with the flipped
// kernel, zeros inserted for the stride, cropped by the padding); dL/dw is the correlation of x
// with dL/dy; dL/db sums dL/dy. Computed by im2col + matrix products per sample and group.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/message.h"
#include "core/nn/layer.h"

namespace mlviz::nn {

// Bounds for the UI and the CLI; they keep any accepted layer within a second per call.
inline constexpr int kConvMaxChannels = 4096;
inline constexpr int kConvMaxKernel = 64;
inline constexpr int kConvMaxStride = 64;
inline constexpr int kConvMaxPadding = 64;
inline constexpr int kConvMaxDilation = 64;
// Per sample: multiply-adds <= 2^26, and (C/groups * kernel volume) x output cells <= 2^22
// (the im2col matrix: 32 MB in float64).
inline constexpr long long kConvMaxColumns = 1LL << 22;

struct Conv2dConfig {
    int InChannels = 1, OutChannels = 1; // [1, kConvMaxChannels], both divisible by Groups
    std::array<int, 2> Kernel{3, 3};     // (kH, kW) in [1, kConvMaxKernel]
    std::array<int, 2> Stride{1, 1};     // [1, kConvMaxStride]
    std::array<int, 2> Padding{0, 0};    // zeros on both sides, [0, kConvMaxPadding]
    std::array<int, 2> Dilation{1, 1};   // [1, kConvMaxDilation]
    int Groups = 1;
    bool Bias = true;
};

struct Conv3dConfig {
    int InChannels = 1, OutChannels = 1;
    std::array<int, 3> Kernel{3, 3, 3}; // (kD, kH, kW)
    std::array<int, 3> Stride{1, 1, 1};
    std::array<int, 3> Padding{0, 0, 0};
    std::array<int, 3> Dilation{1, 1, 1};
    int Groups = 1;
    bool Bias = true;
};

// Empty when valid, else the first bad field ("groups", "kernel", ...).
Message ValidateConv2d(const Conv2dConfig& c);
Message ValidateConv3d(const Conv3dConfig& c);

// One spatial axis's output size (torch's formula), possibly < 1 for a too small input.
int ConvOutputSize(int in, int kernel, int stride, int padding, int dilation);

// The geometry both convolutions share: three spatial axes (Conv2d uses depth 1).
struct ConvGeometry {
    int InChannels = 1, OutChannels = 1, Groups = 1;
    std::array<int, 3> Kernel{1, 1, 1}, Stride{1, 1, 1}, Padding{0, 0, 0}, Dilation{1, 1, 1};
    bool Bias = true;
};

// The shared implementation; Conv2d and Conv3d differ only in the shapes they accept.
template <typename T>
class ConvNd : public Layer<T> {
public:
    ConvNd(const ConvGeometry& g, int spatial_dims);

    Result<Shape> OutputShape(const Shape& in, Mode mode) const override;
    Tensor<T> Forward(const Tensor<T>& x, Mode mode) override;
    Tensor<T> Backward(const Tensor<T>& grad_output, bool need_input_grad) override;
    std::vector<Parameter<T>*> Parameters() override;
    // kaiming_uniform_(a=sqrt(5)) weights, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) bias,
    // fan_in = C/groups * prod(kernel).
    void Initialize(std::mt19937& rng) override;
    std::int64_t MultiplyAdds(const Shape& in) const override;

    const ConvGeometry& Geometry() const { return G_; }
    Parameter<T>& Weight() { return Weight_; }
    Parameter<T>& Bias() { return Bias_; } // empty Value when the layer has no bias
    bool HasBias() const { return G_.Bias; }

protected:
    std::string DescribeAs(const char* name) const;

private:
    // Input spatial sizes and output sizes of the cached input, as 3 axes.
    void Sizes(const Shape& in, std::array<int, 3>& in_sz, std::array<int, 3>& out_sz) const;

    ConvGeometry G_;
    int SpatialDims_ = 2;
    Parameter<T> Weight_, Bias_;
    Tensor<T> Input_;
    int ChunkSamples(int n, long k_rows, long l_cols) const;
    static constexpr long kColsBudget = 1L << 19; // im2col scratch per chunk (values)
    std::vector<T> Cols_, Prod_;                  // scratch, kept to avoid reallocation
};

// Precondition of both constructors: ValidateConv2d / ValidateConv3d is empty (else use MakeConv2d).
template <typename T>
class Conv2d final : public ConvNd<T> {
public:
    explicit Conv2d(const Conv2dConfig& c);
    LayerKind Kind() const override { return LayerKind::Conv2d; }
    std::string Describe() const override { return this->DescribeAs("Conv2d"); }
    std::unique_ptr<Layer<T>> Clone() const override { return std::make_unique<Conv2d>(*this); }
};

template <typename T>
class Conv3d final : public ConvNd<T> {
public:
    explicit Conv3d(const Conv3dConfig& c);
    LayerKind Kind() const override { return LayerKind::Conv3d; }
    std::string Describe() const override { return this->DescribeAs("Conv3d"); }
    std::unique_ptr<Layer<T>> Clone() const override { return std::make_unique<Conv3d>(*this); }
};

// Checked construction (the layer's weights are zero until Initialize or a state dict load).
template <typename T>
Result<LayerPtr<T>> MakeConv2d(const Conv2dConfig& c)
{
    if (Message m = ValidateConv2d(c); !m.Empty()) return Result<LayerPtr<T>>::Fail(m);
    return LayerPtr<T>(std::make_unique<Conv2d<T>>(c));
}

template <typename T>
Result<LayerPtr<T>> MakeConv3d(const Conv3dConfig& c)
{
    if (Message m = ValidateConv3d(c); !m.Empty()) return Result<LayerPtr<T>>::Fail(m);
    return LayerPtr<T>(std::make_unique<Conv3d<T>>(c));
}

} // namespace mlviz::nn
