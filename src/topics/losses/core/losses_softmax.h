// One sample's K logits through softmax + cross-entropy (naive or log-sum-exp, float32 or float64, with a
// temperature), sigmoid + MSE beside it, and BCE on K sigmoids vs CE on one softmax for multi-label and
// multi-class targets (questions 61 and 71 of the losses topic).
//
// Per-sample losses are SUMMED over the K classes (not averaged), so the gradients of CE, BCE and MSE are
// comparable bar for bar: CE = −Σ_k y_k·log p_k, BCE = Σ_k bce(z_k, y_k), MSE = Σ_k (σ(z_k) − y_k)².
// With a temperature T the probabilities are softmax(z / T) and every gradient is taken w.r.t. z, so it
// carries the 1/T factor: ∂CE/∂z = (p − y)/T.
#pragma once
#include <vector>

#include "core/message.h"
#include "core/result.h"

namespace mlviz {

enum class SoftmaxForm {
    Naive,     // p_k = e^(z_k/T) / Σ_j e^(z_j/T): e^x overflows past x ≈ 88.7 (float32) or 709.8 (float64)
    LogSumExp, // shifted by m = max_j z_j/T: p_k = e^(z_k/T − m) / Σ_j e^(z_j/T − m), log p_k = z_k/T − m − log Σ
};

enum class FloatPrecision { Float32, Float64 };

inline constexpr int kSoftmaxMinClasses = 2, kSoftmaxMaxClasses = 10;
inline constexpr double kSoftmaxMaxLogit = 1e4; // |z| bound
inline constexpr double kSoftmaxMinTemperature = 0.01, kSoftmaxMaxTemperature = 100.0;

struct SoftmaxConfig {
    std::vector<double> Logits; // K in [2, 10], each |z| <= 1e4
    int Target = 0;             // the true class, [0, K)
    double Temperature = 1.0;   // [0.01, 100]
    SoftmaxForm Form = SoftmaxForm::LogSumExp;
    FloatPrecision Precision = FloatPrecision::Float32; // the UI's floats
};

// Every value is computed in the chosen precision and stored as double; the Naive form may give ±inf or NaN
// here, on purpose: the point is to show them (DescribeNumber says which, in words).
struct SoftmaxPanel {
    std::vector<double> Scaled; // z_k / T
    double Shift = 0.0;         // m (0 for Naive)
    std::vector<double> Exps;   // e^(z_k/T − m)
    double SumExps = 0.0;
    std::vector<double> Probs; // p_k
    double Loss = 0.0;         // −log p_target: Naive takes log of p; LogSumExp uses m + log Σ − z_t/T
    std::vector<double> Grad;  // ∂Loss/∂z_k = (p_k − y_k) / T
    bool AllFinite = true;     // every number above is finite
};

Result<SoftmaxPanel> ComputeSoftmaxPanel(const SoftmaxConfig& config);

// Sigmoid + MSE next to sigmoid + BCE on the same logits and one-hot target (float64): the MSE gradient
// 2(σ − y)·σ(1 − σ) vanishes on a confidently wrong answer (z_target ≪ 0), BCE's σ − y does not.
struct SigmoidMsePanel {
    std::vector<double> Sigmoid;
    double MseLoss = 0.0, BceLoss = 0.0;
    std::vector<double> MseGrad, BceGrad; // w.r.t. z
};

Result<SigmoidMsePanel> ComputeSigmoidMsePanel(const std::vector<double>& logits, int target);

// BCE on K independent sigmoids vs CE on one softmax for a target vector y in [0, 1]^K (one-hot: multi-class;
// several ones: multi-label), float64. CE follows torch's probability targets: −Σ y_k log p_k with no
// normalisation of y, so its gradient is (Σy)·p − y and its minimum, at p = y/Σy, is above 0 for multi-label
// targets. Coupling[i][j] = ∂grad_j/∂z_i (the Hessian): diagonal for BCE (each class on its own), dense for CE
// ((Σy)·(p_j·δ_ij − p_i·p_j): raising one logit changes every other class's gradient).
struct LabelPanel {
    std::vector<double> Sigmoid, Softmax;
    double BceLoss = 0.0, CeLoss = 0.0;
    double CeMinimum = 0.0; // −Σ y_k log(y_k / Σy): the best CE a softmax can reach
    std::vector<double> BceGrad, CeGrad;
    std::vector<std::vector<double>> BceCoupling, CeCoupling; // K×K
};

Result<LabelPanel> ComputeLabelPanel(const std::vector<double>& logits, const std::vector<double>& targets);

// How the UI names a number in words: finite, +inf, −inf or NaN, and why it appears in a softmax.
enum class NumberKind { Finite, PlusInfinity, MinusInfinity, NotANumber };
NumberKind ClassifyNumber(double v);
// Empty for a finite value; else e.g. "+∞ (переполнение exp)" / "NaN (∞/∞ или 0/0)".
Message DescribeNumber(double v);

} // namespace mlviz
