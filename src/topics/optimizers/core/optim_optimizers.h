// Optimizers with exactly the update rules of torch.optim (single-tensor path, float64
// parameters, maximize=False), for a 2-parameter model. Same hyper-parameter names,
// defaults and validity checks as PyTorch:
//   SGD(lr, momentum=0, dampening=0, weight_decay=0, nesterov=False)
//   Adagrad(lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10)
//   RMSprop(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False)
//   Adam(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False)
//   AdamW(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False)
//   NAdam(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3)
// NAdam uses mu_product_next = mu_product * mu_next as documented and as in PyTorch >= 2.0
// (torch 1.13's single-tensor path multiplied by mu twice, a bug fixed in pytorch#92699; its
// foreach path was already correct). The step counter and mu_product are float64, as torch
// keeps them with torch.set_default_dtype(torch.float64). The arithmetic repeats torch 1.13's
// CPU kernels operation by operation, fused multiply-adds included, so the parameters are
// bit-identical to PyTorch's on x86 (tests/core/optim_optimizers_test.cpp); 2.x's lerp_ for
// the first moment can differ in the last bit.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace mlviz {

enum class OptimizerKind { SGD, Adagrad, RMSprop, Adam, AdamW, NAdam, Count };

// One struct for every optimizer; each reads only its own fields (see the banner).
struct OptimizerParams {
    OptimizerKind Kind = OptimizerKind::SGD;
    double Lr = 0.01;
    double Momentum = 0.0;                // SGD, RMSprop
    double Dampening = 0.0;               // SGD
    bool Nesterov = false;                // SGD
    double WeightDecay = 0.0;             // all; AdamW decays the weights directly (decoupled)
    double LrDecay = 0.0;                 // Adagrad
    double InitialAccumulatorValue = 0.0; // Adagrad
    double Alpha = 0.99;                  // RMSprop smoothing constant
    bool Centered = false;                // RMSprop
    double Beta1 = 0.9, Beta2 = 0.999;    // Adam, AdamW, NAdam
    bool Amsgrad = false;                 // Adam, AdamW
    double Eps = 1e-8;                    // Adagrad's default is 1e-10
    double MomentumDecay = 4e-3;          // NAdam

    bool operator==(const OptimizerParams&) const = default;
};

// PyTorch's defaults for `kind` (SGD has no default lr in torch; 0.01 is used here).
OptimizerParams DefaultOptimizerParams(OptimizerKind kind);

// PyTorch's constructor checks, with its messages' meaning and the PyTorch field name,
// e.g. "Invalid beta parameter at index 0 (betas[0] = 1)". Ok holds the params unchanged.
Result<OptimizerParams> CheckOptimizerParams(const OptimizerParams& p);

using Vec2Array = std::array<double, 2>;

// The optimizer's state for one parameter tensor of 2 elements ("state[p]" in torch).
struct OptimizerState {
    double Step = 0.0;              // state['step']
    bool HasMomentumBuffer = false; // SGD creates its buffer on the first step
    Vec2Array MomentumBuffer{};     // SGD, RMSprop: state['momentum_buffer']
    Vec2Array Sum{};                // Adagrad: state['sum']
    Vec2Array SquareAvg{};          // RMSprop
    Vec2Array GradAvg{};            // RMSprop centered
    Vec2Array ExpAvg{};             // Adam family: first moment
    Vec2Array ExpAvgSq{};           // Adam family: second moment
    Vec2Array MaxExpAvgSq{};        // amsgrad
    double MuProduct = 1.0;         // NAdam
};

// Fresh state, as the optimizer's constructor and lazy initialisation leave it.
OptimizerState MakeOptimizerState(const OptimizerParams& p);

// One optimizer.step(): updates `param` in place from `grad` (the raw gradient of the
// loss) with the group learning rate `lr` (which a scheduler may have changed; p.Lr is
// only the initial value).
void OptimizerStep(const OptimizerParams& p, OptimizerState& s, Vec2Array& param, const Vec2Array& grad, double lr);

// The optimizer's momentum-like vector after a step, for drawing: SGD's momentum buffer,
// RMSprop's momentum buffer, the Adam family's first moment; nullopt when it has none.
std::optional<Vec2Array> MomentVector(const OptimizerParams& p, const OptimizerState& s);

// Stable names "sgd", "adagrad", "rmsprop", "adam", "adamw", "nadam" and display labels.
std::string_view OptimizerName(OptimizerKind kind);
std::string_view OptimizerLabel(OptimizerKind kind);
std::optional<OptimizerKind> OptimizerFromName(std::string_view name);

} // namespace mlviz
