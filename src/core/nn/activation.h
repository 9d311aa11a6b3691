// nn core: element-wise activations and softmax, the same as torch.nn.ReLU, Sigmoid, Tanh and
// Softmax(dim=1), with hand-written backward. Any input of rank >= 1 (Softmax: rank >= 2, over
// axis 1, i.e. over the classes of [N, C] or the channels of each pixel of [N, C, H, W]).
// ReLU's derivative at exactly 0 is 0 (torch's threshold_backward: x <= 0 passes no gradient).
#pragma once
#include <string>

#include "core/nn/layer.h"

namespace mlviz::nn {

enum class ActivationKind { ReLU, Sigmoid, Tanh };

template <typename T>
class Activation final : public Layer<T> {
public:
    explicit Activation(ActivationKind kind) : Kind_(kind) {}
    LayerKind Kind() const override;
    std::string Describe() const override;
    Result<Shape> OutputShape(const Shape& in, Mode mode) const override;
    Tensor<T> Forward(const Tensor<T>& x, Mode mode) override;
    Tensor<T> Backward(const Tensor<T>& grad_output, bool need_input_grad) override;
    std::unique_ptr<Layer<T>> Clone() const override { return std::make_unique<Activation>(*this); }

private:
    ActivationKind Kind_;
    Tensor<T> Cache_; // ReLU: the input; Sigmoid, Tanh: the output
};

template <typename T>
class Softmax final : public Layer<T> {
public:
    LayerKind Kind() const override { return LayerKind::Softmax; }
    std::string Describe() const override { return "Softmax(dim=1)"; }
    Result<Shape> OutputShape(const Shape& in, Mode mode) const override;
    Tensor<T> Forward(const Tensor<T>& x, Mode mode) override;
    Tensor<T> Backward(const Tensor<T>& grad_output, bool need_input_grad) override;
    std::unique_ptr<Layer<T>> Clone() const override { return std::make_unique<Softmax>(*this); }

private:
    Tensor<T> Output_;
};

// softmax over axis 1 of [N, C, *] (max-subtracted, as torch).
template <typename T>
Tensor<T> SoftmaxAxis1(const Tensor<T>& x);

template <typename T>
LayerPtr<T> MakeReLU()
{
    return std::make_unique<Activation<T>>(ActivationKind::ReLU);
}
template <typename T>
LayerPtr<T> MakeSigmoid()
{
    return std::make_unique<Activation<T>>(ActivationKind::Sigmoid);
}
template <typename T>
LayerPtr<T> MakeTanh()
{
    return std::make_unique<Activation<T>>(ActivationKind::Tanh);
}
template <typename T>
LayerPtr<T> MakeSoftmax()
{
    return std::make_unique<Softmax<T>>();
}

} // namespace mlviz::nn
