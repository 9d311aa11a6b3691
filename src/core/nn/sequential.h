// nn core: Sequential, an ordered container of layers (torch.nn.Sequential) with checked
// forward and backward, per-layer activations, the gradient w.r.t. the input, freezing,
// deep copies and a state dict whose keys equal torch's ("0.weight", "1.running_mean", ...).
#pragma once
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/nn/layer.h"

namespace mlviz::nn {

template <typename T>
class Sequential {
public:
    Sequential() = default;
    Sequential(const Sequential& other); // deep copy (teacher -> student)
    Sequential& operator=(const Sequential& other);
    Sequential(Sequential&&) noexcept = default;
    Sequential& operator=(Sequential&&) noexcept = default;

    // Appends a layer (its index is its state-dict prefix). Returns *this for chaining.
    Sequential& Add(LayerPtr<T> layer);
    int Size() const { return static_cast<int>(Layers_.size()); }
    Layer<T>& At(int i) { return *Layers_[static_cast<std::size_t>(i)]; }
    const Layer<T>& At(int i) const { return *Layers_[static_cast<std::size_t>(i)]; }

    // The output shape of every layer for `input` in `mode`, or the first layer's complaint
    // prefixed with its index ("2: Linear: ...").
    Result<std::vector<Shape>> Shapes(const Shape& input, Mode mode) const;

    // Runs every layer. Checks the shapes first (cached for a repeated input shape). With
    // KeepActivations, Activation(i) is layer i's output afterwards.
    Result<Tensor<T>> Forward(const Tensor<T>& x, Mode mode);

    // Backpropagates dL/d(output) of the latest Forward: adds the parameter gradients (of
    // layers not Frozen) and returns dL/d(input) when need_input_grad (else an empty tensor).
    Result<Tensor<T>> Backward(const Tensor<T>& grad_output, bool need_input_grad = false);

    bool KeepActivations = false;
    const Tensor<T>& Activation(int i) const { return Activations_[static_cast<std::size_t>(i)]; }

    // Every parameter in state-dict order (frozen ones too); names are the full keys.
    std::vector<Parameter<T>*> Parameters();
    std::vector<std::string> ParameterNames() const;
    void ZeroGrad();

    // torch's default initialisation of every layer, in order, from one seeded stream.
    void Initialize(std::uint32_t seed);
    void Initialize(std::mt19937& rng);

    // Freezes (or unfreezes) layers [first, last] (transfer learning: freeze the backbone).
    void SetFrozen(int first, int last, bool frozen);

    std::int64_t ParameterCount(bool trainable_only = false) const;
    // Multiply-adds of a forward pass for `input` (0 when the shapes do not fit).
    std::int64_t MultiplyAdds(const Shape& input) const;
    // One line per layer: "0  Conv2d(1, 8, kernel 3x3, padding 1x1)".
    std::vector<std::string> Describe() const;

    // Parameters and buffers as torch's model.state_dict(): "<index>.<name>" in order.
    std::vector<NamedTensor<T>> StateDict() const;
    // Copies values by key; every key of this model must be present with the same shape
    // (torch's load_state_dict(strict=True): extra keys fail too). Empty message when done.
    Message LoadStateDict(const std::vector<NamedTensor<T>>& state);

private:
    std::vector<LayerPtr<T>> Layers_;
    std::vector<Tensor<T>> Activations_;
    Shape CheckedShape_, LastOutputShape_;
    Mode CheckedMode_ = Mode::Eval;
    bool Checked_ = false, HasForward_ = false;
};

} // namespace mlviz::nn
