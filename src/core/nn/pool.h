// nn core: 2-D pooling over [N, C, H, W] with hand-written backward, the same as torch's
//   MaxPool2d(kernel, stride, padding, dilation, ceil_mode)    (padding is -inf: never chosen)
//   AvgPool2d(kernel, stride, padding, ceil_mode, count_include_pad, divisor_override)
//   AdaptiveAvgPool2d(out) and AdaptiveMaxPool2d(out)
// Output size per axis (torch's pooling_output_shape): floor or, with ceil_mode, ceil of
// (in + 2 padding - dilation (kernel - 1) - 1) / stride, plus 1; with ceil_mode the last window
// must start inside the input or its left padding. Padding must be <= kernel / 2.
// Max: the first maximum in row-major window order wins (torch's CPU kernel: `val > max || isnan`),
// and the whole gradient goes to it. Average: the divisor is divisor_override if set, else the
// window clipped to the padded input (count_include_pad) or to the input; windows entirely in
// the padding give 0. Adaptive bins (torch's start_index / end_index): bin i of Out over In
// cells covers [floor(i In / Out), ceil((i + 1) In / Out)), so neighbouring bins may overlap.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "core/message.h"
#include "core/nn/layer.h"

namespace mlviz::nn {

inline constexpr int kPoolMaxKernel = 64;
inline constexpr int kPoolMaxOutput = 1024; // adaptive output size per axis

struct MaxPool2dConfig {
    std::array<int, 2> Kernel{2, 2};   // [1, kPoolMaxKernel]
    std::array<int, 2> Stride{0, 0};   // 0 = the kernel size (torch's stride=None)
    std::array<int, 2> Padding{0, 0};  // [0, kernel / 2]
    std::array<int, 2> Dilation{1, 1}; // [1, kPoolMaxKernel]
    bool CeilMode = false;
};

struct AvgPool2dConfig {
    std::array<int, 2> Kernel{2, 2};
    std::array<int, 2> Stride{0, 0};  // 0 = the kernel size
    std::array<int, 2> Padding{0, 0}; // [0, kernel / 2]
    bool CeilMode = false;
    bool CountIncludePad = true;
    int DivisorOverride = 0; // 0 = none
};

struct AdaptivePool2dConfig {
    std::array<int, 2> Output{1, 1}; // (out H, out W) in [1, kPoolMaxOutput]
};

Message ValidateMaxPool2d(const MaxPool2dConfig& c);
Message ValidateAvgPool2d(const AvgPool2dConfig& c);
Message ValidateAdaptivePool2d(const AdaptivePool2dConfig& c);

// torch's pooling_output_shape for one axis (may be < 1 when the input is too small).
int PoolOutputSize(int in, int kernel, int stride, int padding, int dilation, bool ceil_mode);

// The cells [Begin, End) of adaptive bin `i` of `out` bins over `in` cells.
struct AdaptiveBin {
    int Begin = 0, End = 0;
};
AdaptiveBin AdaptivePoolBin(int i, int in, int out);

// Shared by the four pooling layers: shape checks and the cached input.
template <typename T>
class Pool2dBase : public Layer<T> {
public:
    Result<Shape> OutputShape(const Shape& in, Mode mode) const override;

protected:
    // Output (H, W) for input (H, W); the layer checks ranges, the base checks rank and emptiness.
    virtual std::array<int, 2> OutSize(int h, int w) const = 0;
    virtual Message CheckAxes(int h, int w) const = 0;
    Tensor<T> Input_;
};

template <typename T>
class MaxPool2d final : public Pool2dBase<T> {
public:
    explicit MaxPool2d(const MaxPool2dConfig& c);
    LayerKind Kind() const override { return LayerKind::MaxPool2d; }
    std::string Describe() const override;
    Tensor<T> Forward(const Tensor<T>& x, Mode mode) override;
    Tensor<T> Backward(const Tensor<T>& grad_output, bool need_input_grad) override;
    std::unique_ptr<Layer<T>> Clone() const override { return std::make_unique<MaxPool2d>(*this); }
    // Flat index (h * W + w) in its input plane of each output's maximum, from the latest Forward.
    const std::vector<int>& ArgMax() const { return ArgMax_; }

private:
    std::array<int, 2> OutSize(int h, int w) const override;
    Message CheckAxes(int h, int w) const override;
    MaxPool2dConfig C_;
    std::vector<int> ArgMax_;
};

template <typename T>
class AvgPool2d final : public Pool2dBase<T> {
public:
    explicit AvgPool2d(const AvgPool2dConfig& c);
    LayerKind Kind() const override { return LayerKind::AvgPool2d; }
    std::string Describe() const override;
    Tensor<T> Forward(const Tensor<T>& x, Mode mode) override;
    Tensor<T> Backward(const Tensor<T>& grad_output, bool need_input_grad) override;
    std::unique_ptr<Layer<T>> Clone() const override { return std::make_unique<AvgPool2d>(*this); }

private:
    std::array<int, 2> OutSize(int h, int w) const override;
    Message CheckAxes(int h, int w) const override;
    // Window of output (oh, ow) clipped to the input, and its divisor (0 = empty window).
    void Window(int oh, int ow, int h, int w, int& h0, int& h1, int& w0, int& w1, int& divisor) const;
    AvgPool2dConfig C_;
};

// Adaptive average (Max = false) or max (Max = true) pooling to a fixed output size.
template <typename T>
class AdaptivePool2d final : public Pool2dBase<T> {
public:
    AdaptivePool2d(const AdaptivePool2dConfig& c, bool max);
    LayerKind Kind() const override { return Max_ ? LayerKind::AdaptiveMaxPool2d : LayerKind::AdaptiveAvgPool2d; }
    std::string Describe() const override;
    Tensor<T> Forward(const Tensor<T>& x, Mode mode) override;
    Tensor<T> Backward(const Tensor<T>& grad_output, bool need_input_grad) override;
    std::unique_ptr<Layer<T>> Clone() const override { return std::make_unique<AdaptivePool2d>(*this); }
    const std::vector<int>& ArgMax() const { return ArgMax_; } // max only, as MaxPool2d::ArgMax

private:
    std::array<int, 2> OutSize(int h, int w) const override;
    Message CheckAxes(int h, int w) const override;
    AdaptivePool2dConfig C_;
    bool Max_ = false;
    std::vector<int> ArgMax_;
};

template <typename T>
Result<LayerPtr<T>> MakeMaxPool2d(const MaxPool2dConfig& c)
{
    if (Message m = ValidateMaxPool2d(c); !m.Empty()) return Result<LayerPtr<T>>::Fail(m);
    return LayerPtr<T>(std::make_unique<MaxPool2d<T>>(c));
}

template <typename T>
Result<LayerPtr<T>> MakeAvgPool2d(const AvgPool2dConfig& c)
{
    if (Message m = ValidateAvgPool2d(c); !m.Empty()) return Result<LayerPtr<T>>::Fail(m);
    return LayerPtr<T>(std::make_unique<AvgPool2d<T>>(c));
}

template <typename T>
Result<LayerPtr<T>> MakeAdaptivePool2d(const AdaptivePool2dConfig& c, bool max)
{
    if (Message m = ValidateAdaptivePool2d(c); !m.Empty()) return Result<LayerPtr<T>>::Fail(m);
    return LayerPtr<T>(std::make_unique<AdaptivePool2d<T>>(c, max));
}

} // namespace mlviz::nn
