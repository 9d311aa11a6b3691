// nn core: batch normalisation over axis 1 of [N, C, *], the same as torch.nn.BatchNorm1d /
// 2d / 3d (one class for every rank >= 2), with hand-written backward.
//   Train: y = (x - mean_B) / sqrt(var_B + eps) * weight + bias with the batch's mean and
//   biased variance per channel; then running_mean = (1 - momentum) running_mean + momentum mean_B,
//   running_var = (1 - momentum) running_var + momentum var_B * m / (m - 1) (unbiased, m values
//   per channel), num_batches_tracked += 1. Needs m >= 2 (torch: "Expected more than 1 value
//   per channel when training").
//   Eval: the running statistics replace the batch's (unless TrackRunningStats is false).
// Initialisation as torch's reset_parameters: weight 1, bias 0, running_mean 0, running_var 1.
#pragma once
#include <string>

#include "core/message.h"
#include "core/nn/layer.h"

namespace mlviz::nn {

struct BatchNormConfig {
    int NumFeatures = 1;   // channels C, [1, 4096]
    double Eps = 1e-5;     // (0, 1]
    double Momentum = 0.1; // [0, 1]
    bool Affine = true;    // learnable weight and bias
    bool TrackRunningStats = true;
};

Message ValidateBatchNorm(const BatchNormConfig& c);

// Precondition: ValidateBatchNorm(c) is empty (else use MakeBatchNorm).
template <typename T>
class BatchNorm final : public Layer<T> {
public:
    explicit BatchNorm(const BatchNormConfig& c);

    LayerKind Kind() const override { return LayerKind::BatchNorm; }
    std::string Describe() const override;
    Result<Shape> OutputShape(const Shape& in, Mode mode) const override;
    Tensor<T> Forward(const Tensor<T>& x, Mode mode) override;
    Tensor<T> Backward(const Tensor<T>& grad_output, bool need_input_grad) override;
    std::vector<Parameter<T>*> Parameters() override;
    // running_mean, running_var, num_batches_tracked (a scalar), as in torch's state dict.
    std::vector<NamedTensor<T>*> Buffers() override;
    void Initialize(std::mt19937& rng) override;
    std::unique_ptr<Layer<T>> Clone() const override { return std::make_unique<BatchNorm>(*this); }

    const BatchNormConfig& Config() const { return C_; }
    const Tensor<T>& RunningMean() const { return RunningMean_.Value; }
    const Tensor<T>& RunningVar() const { return RunningVar_.Value; }

private:
    BatchNormConfig C_;
    Parameter<T> Weight_, Bias_;
    NamedTensor<T> RunningMean_, RunningVar_, NumBatches_;
    // From the latest Forward: the input, the mean and 1/sqrt(var + eps) used per channel,
    // and whether they were the batch's (so Backward differentiates through them).
    Tensor<T> Input_;
    std::vector<T> Mean_, InvStd_;
    bool BatchStats_ = false;
};

template <typename T>
Result<LayerPtr<T>> MakeBatchNorm(const BatchNormConfig& c)
{
    if (Message m = ValidateBatchNorm(c); !m.Empty()) return Result<LayerPtr<T>>::Fail(m);
    return LayerPtr<T>(std::make_unique<BatchNorm<T>>(c));
}

} // namespace mlviz::nn
