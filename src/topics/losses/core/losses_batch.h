// Batch classification losses with PyTorch's semantics, in float64, with the exact gradient with respect to
// the logits (what autograd gives for loss.backward(), or for loss.sum().backward() with reduction "none").
//
// Shapes: logits are N×K, row-major (N samples or pixels, K classes; N·K <= 1e6, K <= 1000, |logit| <= 1e6);
// "elementwise" losses (BCE, focal, MSE) read N×K targets in [0, 1].
// Reference semantics (torch 1.13, torchvision 0.14; checked by tools/losses_reference.py):
//   CrossEntropy      = torch.nn.functional.cross_entropy(logits, target_index, weight, ignore_index=IgnoreIndex,
//                       reduction, label_smoothing). Weighted "mean" divides by the sum of the TARGETS' weights
//                       (Σ_i w[y_i]), not by N. With label smoothing ε the loss is (1 − ε)·NLL + (ε/K)·smooth,
//                       where smooth_i = −Σ_c w[c]·log p_ic weights every class by ITS OWN weight and, under
//                       "mean", is divided by that same Σ_i w[y_i] (torch's LossNLL.cpp,
//                       cross_entropy_loss_label_smoothing). Ignored rows count nowhere.
//   CrossEntropySoft  = the same with probability targets (target shape == input shape): the target becomes
//                       t·(1 − ε) + ε/K, loss_i = −Σ_c w[c]·t_ic·log p_ic and "mean" divides by N, weights or not.
//   BinaryCrossEntropyWithLogits = F.binary_cross_entropy_with_logits(logits, targets, weight, pos_weight=...):
//                       loss = −w·[pw·t·log σ(x) + (1 − t)·log(1 − σ(x))]; "mean" divides by N·K.
//   SigmoidFocalLoss  = torchvision.ops.sigmoid_focal_loss(logits, targets, alpha, gamma, reduction):
//                       BCE·(1 − p_t)^γ·α_t, α_t = α·t + (1 − α)·(1 − t), no α factor when alpha < 0.
//   SoftDiceLoss      = 1 − mean over classes of (2·Σ_i p_ik·g_ik + ε) / (Σ_i p_ik + Σ_i g_ik + ε), p = σ(x) or
//                       softmax over each row (MONAI's DiceLoss(sigmoid|softmax, batch=True, smooth_nr=smooth_dr=ε)).
//   SigmoidMse        = F.mse_loss(torch.sigmoid(logits), targets, reduction).
#pragma once
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace mlviz {

enum class LossReduction { None, Mean, Sum, Count };

// "none", "mean", "sum" (torch's names).
std::string_view LossReductionName(LossReduction r);
std::optional<LossReduction> LossReductionFromName(std::string_view name);

// N×K, row-major.
struct LossMatrix {
    int Rows = 0, Cols = 0;
    std::vector<double> Data;

    double At(int i, int k) const { return Data[static_cast<std::size_t>(i) * Cols + k]; }
};

// Bounds that keep any accepted call well under a second.
inline constexpr int kLossesMaxClasses = 1000;
inline constexpr std::size_t kLossesMaxElements = 1'000'000;
// |logit| and weight bounds: far beyond any real network's outputs, and they keep every sum finite.
inline constexpr double kLossesMaxLogit = 1e6, kLossesMaxWeight = 1e6;

struct LossOutput {
    // One value when reduced; else one per row (cross-entropy) or one per element, row-major (BCE, focal, MSE).
    std::vector<double> Values;
    std::vector<double> Grad; // N×K: d(Σ Values) / d logits
};

struct CrossEntropyOptions {
    std::vector<double> Weight;  // empty, or K values in [0, 1e6] (torch's per-class rescaling weight)
    double LabelSmoothing = 0.0; // [0, 1]
    LossReduction Reduction = LossReduction::Mean;
    int IgnoreIndex = -100; // index targets equal to this are skipped (torch's default -100)
};

Result<LossOutput> CrossEntropy(const LossMatrix& logits, std::span<const int> targets, const CrossEntropyOptions& options);
// Probability targets (N×K, each in [0, 1]; rows need not sum to 1, as in torch). IgnoreIndex is unused.
Result<LossOutput> CrossEntropySoft(const LossMatrix& logits, const LossMatrix& targets, const CrossEntropyOptions& options);

struct BceOptions {
    std::vector<double> Weight;    // empty, K (one per class, broadcast over rows) or N×K; in [0, 1e6]
    std::vector<double> PosWeight; // empty or K, in [0, 1e6] (weight of the positive term, per class)
    LossReduction Reduction = LossReduction::Mean;
};

Result<LossOutput> BinaryCrossEntropyWithLogits(const LossMatrix& logits, const LossMatrix& targets, const BceOptions& options);

struct FocalOptions {
    double Alpha = 0.25;                           // <= 1; < 0 switches the α factor off (torchvision's "-1 for ignore")
    double Gamma = 2.0;                            // [0, 100]
    LossReduction Reduction = LossReduction::None; // torchvision's default
};

Result<LossOutput> SigmoidFocalLoss(const LossMatrix& logits, const LossMatrix& targets, const FocalOptions& options);

enum class DiceActivation { Sigmoid, Softmax };

struct DiceOptions {
    DiceActivation Activation = DiceActivation::Sigmoid;
    double Eps = 1.0;              // smoothing ε in numerator and denominator, [0, 1e6]
    bool IncludeBackground = true; // Softmax only: false leaves class 0 out of the mean (still in the softmax)
};

// Targets: N×K in [0, 1] (one-hot rows for Softmax). Always one value.
Result<LossOutput> SoftDiceLoss(const LossMatrix& logits, const LossMatrix& targets, const DiceOptions& options);
// Dice + cross-entropy with equal weights (MONAI DiceCELoss): Sigmoid adds BCE-with-logits "mean", Softmax adds
// CrossEntropySoft "mean" on the same targets.
Result<LossOutput> DiceCrossEntropyLoss(const LossMatrix& logits, const LossMatrix& targets, const DiceOptions& options);

Result<LossOutput> SigmoidMse(const LossMatrix& logits, const LossMatrix& targets, LossReduction reduction);

// Index targets as one-hot rows (what Softmax Dice reads); fails like CrossEntropy on a bad index.
Result<LossMatrix> OneHotTargets(std::span<const int> targets, int classes);

// Logistic σ(x) = 1 / (1 + e^−x), accurate in both tails.
double Sigmoid(double x);

} // namespace mlviz
