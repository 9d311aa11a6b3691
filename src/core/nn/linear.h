// nn core: fully connected layer, the same as torch.nn.Linear: y = x W^T + b with W [out, in].
// Input [N, in] -> output [N, out]. Backward: dx = dy W, dW += dy^T x, db += sum_n dy.
#pragma once
#include <string>

#include "core/message.h"
#include "core/nn/layer.h"

namespace mlviz::nn {

inline constexpr int kLinearMaxFeatures = 1 << 16;

struct LinearConfig {
    int InFeatures = 1, OutFeatures = 1; // [1, kLinearMaxFeatures]
    bool Bias = true;
};

Message ValidateLinear(const LinearConfig& c);

// Precondition: ValidateLinear(c) is empty (else use MakeLinear).
template <typename T>
class Linear final : public Layer<T> {
public:
    explicit Linear(const LinearConfig& c);

    LayerKind Kind() const override { return LayerKind::Linear; }
    std::string Describe() const override;
    Result<Shape> OutputShape(const Shape& in, Mode mode) const override;
    Tensor<T> Forward(const Tensor<T>& x, Mode mode) override;
    Tensor<T> Backward(const Tensor<T>& grad_output, bool need_input_grad) override;
    std::vector<Parameter<T>*> Parameters() override;
    // kaiming_uniform_(a=sqrt(5)) weight, U(-1/sqrt(in), 1/sqrt(in)) bias (torch's reset_parameters).
    void Initialize(std::mt19937& rng) override;
    std::unique_ptr<Layer<T>> Clone() const override { return std::make_unique<Linear>(*this); }
    std::int64_t MultiplyAdds(const Shape& in) const override;

    const LinearConfig& Config() const { return C_; }
    Parameter<T>& Weight() { return Weight_; }
    Parameter<T>& Bias() { return Bias_; }

private:
    LinearConfig C_;
    Parameter<T> Weight_, Bias_;
    Tensor<T> Input_;
};

template <typename T>
Result<LayerPtr<T>> MakeLinear(const LinearConfig& c)
{
    if (Message m = ValidateLinear(c); !m.Empty()) return Result<LayerPtr<T>>::Fail(m);
    return LayerPtr<T>(std::make_unique<Linear<T>>(c));
}

} // namespace mlviz::nn
