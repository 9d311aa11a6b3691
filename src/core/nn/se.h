// nn core: the Squeeze-and-Excitation block (Hu et al., 2018, "Squeeze-and-Excitation
// Networks", Fig. 2): per sample n and channel c of x [N, C, *spatial],
//   s = mean over the spatial cells of x[n, c]            (squeeze: global average pooling)
//   e = sigmoid(fc2(relu(fc1(s))))                        (excitation: C -> C/r -> C)
//   y[n, c, ...] = x[n, c, ...] * e[n, c]                 (channel scaling)
// fc1, fc2 are Linear layers with bias (fc1.weight [C/r, C], fc2.weight [C, C/r]), the same as
// torchvision.ops.SqueezeExcitation with 1x1 convolutions. Hidden width max(1, C / r).
// Backward differentiates through both paths (the direct x * e and the squeeze).
#pragma once
#include <string>

#include "core/message.h"
#include "core/nn/layer.h"

namespace mlviz::nn {

struct SqueezeExcitationConfig {
    int Channels = 16; // C, [1, 4096]
    int Reduction = 4; // r, [1, C]: hidden units = max(1, C / r)
};

Message ValidateSqueezeExcitation(const SqueezeExcitationConfig& c);

// Precondition: ValidateSqueezeExcitation(c) is empty (else use MakeSqueezeExcitation).
template <typename T>
class SqueezeExcitation final : public Layer<T> {
public:
    explicit SqueezeExcitation(const SqueezeExcitationConfig& c);

    LayerKind Kind() const override { return LayerKind::SqueezeExcitation; }
    std::string Describe() const override;
    Result<Shape> OutputShape(const Shape& in, Mode mode) const override;
    Tensor<T> Forward(const Tensor<T>& x, Mode mode) override;
    Tensor<T> Backward(const Tensor<T>& grad_output, bool need_input_grad) override;
    // fc1.weight, fc1.bias, fc2.weight, fc2.bias (torch's state-dict order for the module above).
    std::vector<Parameter<T>*> Parameters() override;
    // Each Linear as torch's reset_parameters.
    void Initialize(std::mt19937& rng) override;
    std::unique_ptr<Layer<T>> Clone() const override { return std::make_unique<SqueezeExcitation>(*this); }
    std::int64_t MultiplyAdds(const Shape& in) const override;

    int Hidden() const { return Hidden_; }
    // The excitation weights e [N, C] of the latest Forward, each in [0, 1] (a saturated sigmoid
    // rounds to exactly 0 or 1).
    const Tensor<T>& Excitation() const { return Excite_; }

private:
    SqueezeExcitationConfig C_;
    int Hidden_ = 1;
    Parameter<T> W1_, B1_, W2_, B2_;
    Tensor<T> Input_, Squeeze_, Hidden1_, Excite_; // x, s [N, C], relu(fc1 s) [N, H], e [N, C]
};

template <typename T>
Result<LayerPtr<T>> MakeSqueezeExcitation(const SqueezeExcitationConfig& c)
{
    if (Message m = ValidateSqueezeExcitation(c); !m.Empty()) return Result<LayerPtr<T>>::Fail(m);
    return LayerPtr<T>(std::make_unique<SqueezeExcitation<T>>(c));
}

} // namespace mlviz::nn
