// Softmax + CE for one sample (naive / log-sum-exp, float32 / float64), sigmoid + MSE, BCE vs CE panels.
#include "topics/losses/core/losses_softmax.h"

#include <algorithm>
#include <cmath>

#include "topics/losses/core/losses_batch.h"

namespace mlviz {

namespace {

Message CheckLogitVector(const std::vector<double>& z)
{
    const int k = static_cast<int>(z.size());
    if (k < kSoftmaxMinClasses || k > kSoftmaxMaxClasses)
        return Msg("нужно от %d до %d логитов, получено %d", kSoftmaxMinClasses, kSoftmaxMaxClasses, k);
    for (int i = 0; i < k; ++i)
        if (!(std::fabs(z[i]) <= kSoftmaxMaxLogit)) return Msg("логит %d = %g: нужно |z| ≤ %g", i, z[i], kSoftmaxMaxLogit);
    return {};
}

// The whole panel in one floating type, so float32 overflows and rounds exactly as the UI's floats would.
template <typename F>
SoftmaxPanel Panel(const SoftmaxConfig& c)
{
    const int k = static_cast<int>(c.Logits.size());
    const F temperature = static_cast<F>(c.Temperature);
    std::vector<F> scaled(k), e(k), p(k);
    for (int i = 0; i < k; ++i) scaled[i] = static_cast<F>(c.Logits[i]) / temperature;
    const F shift = c.Form == SoftmaxForm::LogSumExp ? *std::max_element(scaled.begin(), scaled.end()) : F(0);
    F sum = 0;
    for (int i = 0; i < k; ++i) {
        e[i] = std::exp(scaled[i] - shift);
        sum += e[i];
    }
    for (int i = 0; i < k; ++i) p[i] = e[i] / sum;
    const F loss = c.Form == SoftmaxForm::LogSumExp ? shift + std::log(sum) - scaled[c.Target] : -std::log(p[c.Target]);

    SoftmaxPanel out;
    out.Shift = shift;
    out.SumExps = sum;
    out.Loss = loss;
    for (int i = 0; i < k; ++i) {
        out.Scaled.push_back(scaled[i]);
        out.Exps.push_back(e[i]);
        out.Probs.push_back(p[i]);
        out.Grad.push_back(static_cast<double>((p[i] - (i == c.Target ? F(1) : F(0))) / temperature));
    }
    auto finite = [](double v) { return std::isfinite(v); };
    out.AllFinite = std::isfinite(out.SumExps) && std::isfinite(out.Loss) && std::isfinite(out.Shift) &&
        std::all_of(out.Exps.begin(), out.Exps.end(), finite) && std::all_of(out.Probs.begin(), out.Probs.end(), finite) &&
        std::all_of(out.Grad.begin(), out.Grad.end(), finite);
    return out;
}

} // namespace

Result<SoftmaxPanel> ComputeSoftmaxPanel(const SoftmaxConfig& c)
{
    if (Message m = CheckLogitVector(c.Logits); !m.Empty()) return Result<SoftmaxPanel>::Fail(m);
    const int k = static_cast<int>(c.Logits.size());
    if (c.Target < 0 || c.Target >= k) return Result<SoftmaxPanel>::Fail(Msg("истинный класс %d вне [0, %d]", c.Target, k - 1));
    if (!(c.Temperature >= kSoftmaxMinTemperature && c.Temperature <= kSoftmaxMaxTemperature))
        return Result<SoftmaxPanel>::Fail(
            Msg("температура T = %g вне [%g, %g]", c.Temperature, kSoftmaxMinTemperature, kSoftmaxMaxTemperature));
    return c.Precision == FloatPrecision::Float32 ? Panel<float>(c) : Panel<double>(c);
}

Result<SigmoidMsePanel> ComputeSigmoidMsePanel(const std::vector<double>& z, int target)
{
    if (Message m = CheckLogitVector(z); !m.Empty()) return Result<SigmoidMsePanel>::Fail(m);
    const int k = static_cast<int>(z.size());
    if (target < 0 || target >= k) return Result<SigmoidMsePanel>::Fail(Msg("истинный класс %d вне [0, %d]", target, k - 1));
    SigmoidMsePanel out;
    for (int i = 0; i < k; ++i) {
        const double y = i == target ? 1.0 : 0.0, s = Sigmoid(z[i]), d = s - y;
        out.Sigmoid.push_back(s);
        out.MseLoss += d * d;
        out.MseGrad.push_back(2.0 * d * s * Sigmoid(-z[i]));
        // bce = softplus(z) − y·z, written to stay finite for |z| up to the bound.
        out.BceLoss += std::max(z[i], 0.0) + std::log1p(std::exp(-std::fabs(z[i]))) - y * z[i];
        out.BceGrad.push_back(d);
    }
    return out;
}

Result<LabelPanel> ComputeLabelPanel(const std::vector<double>& z, const std::vector<double>& y)
{
    if (Message m = CheckLogitVector(z); !m.Empty()) return Result<LabelPanel>::Fail(m);
    const int k = static_cast<int>(z.size());
    if (static_cast<int>(y.size()) != k)
        return Result<LabelPanel>::Fail(Msg("целей %d, а логитов %d", static_cast<int>(y.size()), k));
    double y_sum = 0.0;
    for (int i = 0; i < k; ++i) {
        if (!(y[i] >= 0.0 && y[i] <= 1.0)) return Result<LabelPanel>::Fail(Msg("цель %d = %g: нужно число в [0, 1]", i, y[i]));
        y_sum += y[i];
    }
    if (!(y_sum > 0.0)) return Result<LabelPanel>::Fail(Msg("нужен хотя бы один положительный класс в цели"));

    LabelPanel out;
    const double m = *std::max_element(z.begin(), z.end());
    double s = 0.0;
    for (double v : z) s += std::exp(v - m);
    const double lse = m + std::log(s);
    for (int i = 0; i < k; ++i) {
        const double sg = Sigmoid(z[i]);
        out.Sigmoid.push_back(sg);
        out.Softmax.push_back(std::exp(z[i] - lse));
        out.BceLoss += std::max(z[i], 0.0) + std::log1p(std::exp(-std::fabs(z[i]))) - y[i] * z[i];
        out.BceGrad.push_back(sg - y[i]);
        out.CeLoss -= y[i] * (z[i] - lse);
        if (y[i] > 0.0) out.CeMinimum -= y[i] * std::log(y[i] / y_sum);
    }
    out.BceCoupling.assign(k, std::vector<double>(k, 0.0));
    out.CeCoupling.assign(k, std::vector<double>(k, 0.0));
    for (int i = 0; i < k; ++i) {
        out.CeGrad.push_back(y_sum * out.Softmax[i] - y[i]);
        out.BceCoupling[i][i] = out.Sigmoid[i] * Sigmoid(-z[i]);
        for (int j = 0; j < k; ++j)
            out.CeCoupling[i][j] = y_sum * ((i == j ? out.Softmax[j] : 0.0) - out.Softmax[i] * out.Softmax[j]);
    }
    return out;
}

NumberKind ClassifyNumber(double v)
{
    if (std::isnan(v)) return NumberKind::NotANumber;
    if (std::isinf(v)) return v > 0 ? NumberKind::PlusInfinity : NumberKind::MinusInfinity;
    return NumberKind::Finite;
}

Message DescribeNumber(double v)
{
    switch (ClassifyNumber(v)) {
    case NumberKind::Finite: return {};
    case NumberKind::PlusInfinity: return Msg("+∞ (переполнение или log 0)");
    case NumberKind::MinusInfinity: return Msg("−∞ (переполнение)");
    case NumberKind::NotANumber: return Msg("NaN (не число: ∞/∞, 0/0 или ∞ − ∞)");
    }
    return {};
}

} // namespace mlviz
