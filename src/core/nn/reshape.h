// nn core: layers that only change the shape: Flatten (torch.nn.Flatten(start_dim=1)) turns
// [N, d1, d2, ...] into [N, d1 * d2 * ...]; Reshape (torch.nn.Unflatten(1, sizes)) turns
// [N, k] into [N, sizes...] with prod(sizes) = k. The values and their order never change.
#pragma once
#include <string>

#include "core/nn/layer.h"

namespace mlviz::nn {

template <typename T>
class Flatten final : public Layer<T> {
public:
    LayerKind Kind() const override { return LayerKind::Flatten; }
    std::string Describe() const override { return "Flatten()"; }
    Result<Shape> OutputShape(const Shape& in, Mode mode) const override;
    Tensor<T> Forward(const Tensor<T>& x, Mode mode) override;
    Tensor<T> Backward(const Tensor<T>& grad_output, bool need_input_grad) override;
    std::unique_ptr<Layer<T>> Clone() const override { return std::make_unique<Flatten>(*this); }

private:
    Shape InputDims_;
};

template <typename T>
class Reshape final : public Layer<T> {
public:
    explicit Reshape(Shape sample_dims) : Sample_(std::move(sample_dims)) {}
    LayerKind Kind() const override { return LayerKind::Reshape; }
    std::string Describe() const override { return "Reshape(N, " + ShapeString(Sample_).substr(1); }
    Result<Shape> OutputShape(const Shape& in, Mode mode) const override;
    Tensor<T> Forward(const Tensor<T>& x, Mode mode) override;
    Tensor<T> Backward(const Tensor<T>& grad_output, bool need_input_grad) override;
    std::unique_ptr<Layer<T>> Clone() const override { return std::make_unique<Reshape>(*this); }

private:
    Shape Sample_;
    Shape InputDims_;
};

template <typename T>
LayerPtr<T> MakeFlatten()
{
    return std::make_unique<Flatten<T>>();
}
template <typename T>
LayerPtr<T> MakeReshape(Shape sample_dims)
{
    return std::make_unique<Reshape<T>>(std::move(sample_dims));
}

} // namespace mlviz::nn
