// Elementwise sigmoid losses (BCE with logits, torchvision's focal loss, sigmoid + MSE) and soft Dice, with
// torch's formulas (see losses_batch.h) and their gradients with respect to the logits.
#include <algorithm>
#include <cmath>

#include "topics/losses/core/losses_batch.h"
#include "topics/losses/core/losses_check.h"

namespace mlviz {

using namespace losses_detail;

namespace {

Message CheckElementwise(const LossMatrix& logits, const LossMatrix& targets, LossReduction r)
{
    if (Message m = CheckLogits(logits); !m.Empty()) return m;
    if (Message m = CheckTargetMatrix(targets, logits); !m.Empty()) return m;
    return CheckReduction(r);
}

// torch's binary_cross_entropy_with_logits forward for one element (Loss.cpp), log_weight = 1 + (pw − 1)·t:
// (1 − t)·x + log_weight·(log(e^−m + e^(−x−m)) + m), m = max(−x, 0).
double BceElement(double x, double t, double log_weight)
{
    const double m = std::max(-x, 0.0);
    return (1.0 - t) * x + log_weight * (std::log(std::exp(-m) + std::exp(-x - m)) + m);
}

} // namespace

Result<LossOutput> BinaryCrossEntropyWithLogits(const LossMatrix& logits, const LossMatrix& targets, const BceOptions& o)
{
    if (Message m = CheckElementwise(logits, targets, o.Reduction); !m.Empty()) return Result<LossOutput>::Fail(m);
    const int k = logits.Cols;
    const int nk = static_cast<int>(logits.Data.size());
    if (!o.Weight.empty())
        if (Message m = CheckWeights(o.Weight, "weight", k, nk); !m.Empty()) return Result<LossOutput>::Fail(m);
    if (!o.PosWeight.empty())
        if (Message m = CheckWeights(o.PosWeight, "pos_weight", k, k); !m.Empty()) return Result<LossOutput>::Fail(m);
    const bool per_class_weight = static_cast<int>(o.Weight.size()) == k;
    const double scale = o.Reduction == LossReduction::Mean ? 1.0 / nk : 1.0;
    LossOutput out;
    out.Values.resize(nk);
    out.Grad.resize(nk);
    for (int e = 0; e < nk; ++e) {
        const int c = e % k;
        const double x = logits.Data[e], t = targets.Data[e];
        const double w = o.Weight.empty() ? 1.0 : o.Weight[per_class_weight ? c : e];
        const double pw = o.PosWeight.empty() ? 1.0 : o.PosWeight[c];
        out.Values[e] = BceElement(x, t, 1.0 + (pw - 1.0) * t) * w;
        // d/dx: (1 + (pw − 1)·t)·σ(x) − pw·t (torch's binary_cross_entropy_with_logits_backward).
        out.Grad[e] = ((pw * t + 1.0 - t) * Sigmoid(x) - pw * t) * w * scale;
    }
    Reduce(out.Values, o.Reduction, nk);
    return out;
}

Result<LossOutput> SigmoidFocalLoss(const LossMatrix& logits, const LossMatrix& targets, const FocalOptions& o)
{
    if (Message m = CheckElementwise(logits, targets, o.Reduction); !m.Empty()) return Result<LossOutput>::Fail(m);
    if (!(o.Alpha <= 1.0) || !std::isfinite(o.Alpha))
        return Result<LossOutput>::Fail(Msg("alpha = %g: нужно alpha ≤ 1 (alpha < 0 отключает множитель α)", o.Alpha));
    if (!(o.Gamma >= 0.0 && o.Gamma <= 100.0))
        return Result<LossOutput>::Fail(Msg("gamma = %g: нужно число в [0, 100]", o.Gamma));
    const int nk = static_cast<int>(logits.Data.size());
    const double scale = o.Reduction == LossReduction::Mean ? 1.0 / nk : 1.0;
    const double gamma = o.Gamma;
    LossOutput out;
    out.Values.resize(nk);
    out.Grad.resize(nk);
    for (int e = 0; e < nk; ++e) {
        const double x = logits.Data[e], t = targets.Data[e];
        const double p = Sigmoid(x), one_minus_p = Sigmoid(-x);
        // 1 − p_t from p and 1 − p separately: torch's 1 − (p·t + (1 − p)·(1 − t)) cancels for large |x|.
        const double q = p * (1.0 - t) + one_minus_p * t;
        const double ce = BceElement(x, t, 1.0);
        const double modulator = std::pow(q, gamma);
        const double alpha_t = o.Alpha >= 0.0 ? o.Alpha * t + (1.0 - o.Alpha) * (1.0 - t) : 1.0;
        out.Values[e] = alpha_t * ce * modulator;
        // d(q^γ)/dx = γ·q^(γ−1)·p(1 − p)(1 − 2t); it tends to 0 with q (ce·q^(γ−1)·p(1 − p) ~ q^(γ+1)), where
        // autograd would multiply 0 by inf for γ < 1.
        const double d_modulator =
            gamma == 0.0 || q <= 0.0 ? 0.0 : gamma * std::pow(q, gamma - 1.0) * p * one_minus_p * (1.0 - 2.0 * t);
        out.Grad[e] = alpha_t * ((p - t) * modulator + ce * d_modulator) * scale;
    }
    Reduce(out.Values, o.Reduction, nk);
    return out;
}

Result<LossOutput> SigmoidMse(const LossMatrix& logits, const LossMatrix& targets, LossReduction reduction)
{
    if (Message m = CheckElementwise(logits, targets, reduction); !m.Empty()) return Result<LossOutput>::Fail(m);
    const int nk = static_cast<int>(logits.Data.size());
    const double scale = reduction == LossReduction::Mean ? 1.0 / nk : 1.0;
    LossOutput out;
    out.Values.resize(nk);
    out.Grad.resize(nk);
    for (int e = 0; e < nk; ++e) {
        const double p = Sigmoid(logits.Data[e]), d = p - targets.Data[e];
        out.Values[e] = d * d;
        // σ'(x) = σ(x)·σ(−x): this factor is what vanishes on a confidently wrong answer.
        out.Grad[e] = 2.0 * d * p * Sigmoid(-logits.Data[e]) * scale;
    }
    Reduce(out.Values, reduction, nk);
    return out;
}

Result<LossOutput> SoftDiceLoss(const LossMatrix& logits, const LossMatrix& targets, const DiceOptions& o)
{
    if (Message m = CheckElementwise(logits, targets, LossReduction::Mean); !m.Empty()) return Result<LossOutput>::Fail(m);
    if (!(o.Eps >= 0.0 && o.Eps <= 1e6)) return Result<LossOutput>::Fail(Msg("eps = %g: нужно число в [0, 1e6]", o.Eps));
    const int n = logits.Rows, k = logits.Cols;
    const bool softmax = o.Activation == DiceActivation::Softmax;
    const int first = softmax && !o.IncludeBackground ? 1 : 0;
    if (first >= k) return Result<LossOutput>::Fail(Msg("Dice без фона: нужно хотя бы 2 класса, получено %d", k));
    // Probabilities, then per-class sums.
    std::vector<double> p(logits.Data.size()), log_p(k);
    for (int i = 0; i < n; ++i) {
        const std::size_t row = static_cast<std::size_t>(i) * k;
        if (softmax)
            LogSoftmaxRow(&logits.Data[row], k, log_p.data(), &p[row]);
        else
            for (int c = 0; c < k; ++c) p[row + c] = Sigmoid(logits.Data[row + c]);
    }
    std::vector<double> inter(k, 0.0), sum_p(k, 0.0), sum_g(k, 0.0);
    for (int i = 0; i < n; ++i)
        for (int c = 0; c < k; ++c) {
            const double pv = p[static_cast<std::size_t>(i) * k + c], gv = targets.At(i, c);
            inter[c] += pv * gv;
            sum_p[c] += pv;
            sum_g[c] += gv;
        }
    const int used = k - first;
    double dice_sum = 0.0;
    std::vector<double> num(k), den(k);
    for (int c = first; c < k; ++c) {
        num[c] = 2.0 * inter[c] + o.Eps;
        den[c] = sum_p[c] + sum_g[c] + o.Eps;
        if (!(den[c] > 0.0))
            return Result<LossOutput>::Fail(Msg("класс %d: Σp + Σg + ε = 0, Dice не определён (задайте ε > 0)", c));
        dice_sum += num[c] / den[c];
    }
    LossOutput out;
    out.Values.assign(1, 1.0 - dice_sum / used);
    out.Grad.assign(logits.Data.size(), 0.0);
    // dL/dp_ic = −(2·g_ic·den_c − num_c) / (used·den_c²), then through the activation.
    std::vector<double> g(k, 0.0);
    for (int i = 0; i < n; ++i) {
        const std::size_t row = static_cast<std::size_t>(i) * k;
        for (int c = first; c < k; ++c) g[c] = -(2.0 * targets.At(i, c) * den[c] - num[c]) / (used * den[c] * den[c]);
        if (softmax) {
            double s = 0.0;
            for (int c = 0; c < k; ++c) s += g[c] * p[row + c];
            for (int c = 0; c < k; ++c) out.Grad[row + c] = p[row + c] * (g[c] - s);
        } else {
            for (int c = 0; c < k; ++c) out.Grad[row + c] = g[c] * p[row + c] * Sigmoid(-logits.Data[row + c]);
        }
    }
    return out;
}

Result<LossOutput> DiceCrossEntropyLoss(const LossMatrix& logits, const LossMatrix& targets, const DiceOptions& o)
{
    auto dice = SoftDiceLoss(logits, targets, o);
    if (!dice) return dice;
    auto ce = o.Activation == DiceActivation::Softmax ? CrossEntropySoft(logits, targets, {})
                                                      : BinaryCrossEntropyWithLogits(logits, targets, {});
    if (!ce) return ce;
    LossOutput out = std::move(*dice);
    out.Values[0] += ce->Values[0];
    for (std::size_t e = 0; e < out.Grad.size(); ++e) out.Grad[e] += ce->Grad[e];
    return out;
}

} // namespace mlviz
