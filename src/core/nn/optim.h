// nn core: optimizers with torch.optim's update rules (torch 1.13, single-tensor path):
//   SGD(lr, momentum=0, dampening=0, weight_decay=0, nesterov=False)
//   Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False)
// The element-wise steps round as torch's x86 kernels do (fused multiply-add; see
// core/optim_optimizers.cpp, which the 2-parameter optimizer topic checks bit for bit).
// A parameter of a Frozen layer is skipped, as torch skips parameters whose .grad is None.
// State is kept per parameter index of Sequential::Parameters(), so build the model first.
#pragma once
#include <memory>
#include <vector>

#include "core/message.h"
#include "core/nn/sequential.h"

namespace mlviz::nn {

struct SgdConfig {
    double Lr = 0.01;         // (0, 1e3]
    double Momentum = 0.0;    // [0, 1)
    double Dampening = 0.0;   // [0, 1]
    double WeightDecay = 0.0; // [0, 1]
    bool Nesterov = false;    // needs momentum > 0 and dampening 0 (torch's check)
};

struct AdamConfig {
    double Lr = 1e-3;
    double Beta1 = 0.9, Beta2 = 0.999; // [0, 1)
    double Eps = 1e-8;                 // (0, 1]
    double WeightDecay = 0.0;          // L2 added to the gradient (Adam, not AdamW)
    bool Amsgrad = false;
};

Message ValidateSgd(const SgdConfig& c);
Message ValidateAdam(const AdamConfig& c);

template <typename T>
class Optimizer {
public:
    virtual ~Optimizer() = default;
    // One optimizer.step() over every trainable parameter of `net` (gradients as left by
    // Backward; call net.ZeroGrad() before the next backward, as in torch).
    virtual void Step(Sequential<T>& net) = 0;
    virtual std::unique_ptr<Optimizer<T>> Clone() const = 0;
    double Lr = 0.0; // the group learning rate (a schedule may change it between steps)
    int Steps = 0;   // steps taken
};

template <typename T>
class Sgd final : public Optimizer<T> {
public:
    explicit Sgd(const SgdConfig& c) : C_(c) { this->Lr = c.Lr; }
    void Step(Sequential<T>& net) override;
    std::unique_ptr<Optimizer<T>> Clone() const override { return std::make_unique<Sgd>(*this); }

private:
    SgdConfig C_;
    std::vector<Tensor<T>> Momentum_; // state['momentum_buffer'], empty until first used
};

template <typename T>
class Adam final : public Optimizer<T> {
public:
    explicit Adam(const AdamConfig& c) : C_(c) { this->Lr = c.Lr; }
    void Step(Sequential<T>& net) override;
    std::unique_ptr<Optimizer<T>> Clone() const override { return std::make_unique<Adam>(*this); }

private:
    AdamConfig C_;
    struct State {
        double Step = 0.0;
        Tensor<T> ExpAvg, ExpAvgSq, MaxExpAvgSq;
    };
    std::vector<State> State_;
};

} // namespace mlviz::nn
