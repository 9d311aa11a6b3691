// nn core: the layer interface (forward, hand-written backward, parameters, buffers) shared by
// every layer, and the parameter type the optimizers update. Semantics follow torch.nn.Module.
#pragma once
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/nn/tensor.h"
#include "core/result.h"

namespace mlviz::nn {

// torch's module.train() / module.eval(): only BatchNorm behaves differently.
enum class Mode { Train, Eval };

enum class LayerKind {
    Linear,
    Conv2d,
    Conv3d,
    MaxPool2d,
    AvgPool2d,
    AdaptiveAvgPool2d,
    AdaptiveMaxPool2d,
    ReLU,
    Sigmoid,
    Tanh,
    Softmax,
    BatchNorm,
    Flatten,
    Reshape,
    SqueezeExcitation,
    Count
};

// A learnable tensor and its gradient (torch.nn.Parameter with .grad).
template <typename T>
struct Parameter {
    std::string Name; // torch's attribute name: "weight", "bias", "fc1.weight", ...
    Tensor<T> Value;
    Tensor<T> Grad; // same shape; Backward adds into it (as torch accumulates .grad)
};

// A named tensor of a state dict (parameters and buffers such as BatchNorm's running stats).
template <typename T>
struct NamedTensor {
    std::string Name; // "0.weight", "3.running_mean", ... (torch's state_dict keys)
    Tensor<T> Value;
};

// One layer. Forward caches what Backward needs, so Backward refers to the latest Forward.
// Inputs are batch first: [N, features] for Linear, [N, C, H, W] for 2-D layers, [N, C, D, H, W]
// for Conv3d. Layers are created by their constructors (config checked by ValidateXxx in each
// header) and initialised by Initialize (torch's reset_parameters with our own RNG stream).
template <typename T>
class Layer {
public:
    virtual ~Layer() = default;

    virtual LayerKind Kind() const = 0;
    // "Conv2d(1, 8, kernel 3x3, stride 1, padding 1)": for tables and tooltips.
    virtual std::string Describe() const = 0;

    // The output shape for an input of shape `in` in `mode`, or why the layer cannot take it
    // (wrong rank or channels, an output smaller than 1, a BatchNorm batch of one value).
    virtual Result<Shape> OutputShape(const Shape& in, Mode mode) const = 0;

    // y = f(x). Precondition: OutputShape(x.Dims, mode) is Ok (Sequential checks it).
    virtual Tensor<T> Forward(const Tensor<T>& x, Mode mode) = 0;

    // Given dL/dy for the latest Forward, adds dL/dparameters into each Parameter::Grad (unless
    // Frozen) and returns dL/dx (an empty tensor when !need_input_grad, to save time).
    virtual Tensor<T> Backward(const Tensor<T>& grad_output, bool need_input_grad) = 0;

    // Learnable tensors in torch's registration order (weight before bias); empty if none.
    virtual std::vector<Parameter<T>*> Parameters() { return {}; }
    // Non-learnable state saved in the state dict (running_mean, running_var, ...).
    virtual std::vector<NamedTensor<T>*> Buffers() { return {}; }

    // torch's default initialisation of this layer (see core/nn/init.h), drawn from `rng`.
    virtual void Initialize(std::mt19937& rng) { (void)rng; }

    virtual std::unique_ptr<Layer<T>> Clone() const = 0;

    // Multiply-adds of one forward pass for input shape `in` (0 for parameter-free layers).
    virtual std::int64_t MultiplyAdds(const Shape& in) const
    {
        (void)in;
        return 0;
    }

    std::int64_t ParameterCount()
    {
        std::int64_t n = 0;
        for (const Parameter<T>* p : Parameters()) n += static_cast<std::int64_t>(p->Value.Numel());
        return n;
    }

    // torch's requires_grad_(False) on every parameter: Backward still returns dL/dx but leaves
    // the parameter gradients alone, and the optimizers skip the layer (transfer learning).
    bool Frozen = false;
};

template <typename T>
using LayerPtr = std::unique_ptr<Layer<T>>;

} // namespace mlviz::nn
