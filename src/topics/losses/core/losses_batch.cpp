// Cross-entropy with torch's semantics (index and probability targets) and the checks shared by the batch losses.
#include "topics/losses/core/losses_batch.h"

#include <algorithm>
#include <cmath>

#include "topics/losses/core/losses_check.h"

namespace mlviz {

namespace losses_detail {

Message CheckLogits(const LossMatrix& logits)
{
    if (logits.Rows < 1 || logits.Cols < 1 || logits.Cols > kLossesMaxClasses)
        return Msg("логиты: нужна матрица N×K с N ≥ 1 и K в [1, %d], получено %d×%d", kLossesMaxClasses, logits.Rows,
                   logits.Cols);
    if (static_cast<std::size_t>(logits.Rows) * static_cast<std::size_t>(logits.Cols) > kLossesMaxElements)
        return Msg("логиты: %d×%d элементов, допустимо не больше %d", logits.Rows, logits.Cols,
                   static_cast<long long>(kLossesMaxElements));
    if (logits.Data.size() != static_cast<std::size_t>(logits.Rows) * logits.Cols)
        return Msg("логиты: %d значений не образуют матрицу %d×%d", static_cast<long long>(logits.Data.size()), logits.Rows,
                   logits.Cols);
    for (std::size_t e = 0; e < logits.Data.size(); ++e)
        if (!(std::fabs(logits.Data[e]) <= kLossesMaxLogit))
            return Msg("логит [%d, %d] = %g: нужно конечное число, |z| ≤ %g", static_cast<int>(e / logits.Cols),
                       static_cast<int>(e % logits.Cols), logits.Data[e], kLossesMaxLogit);
    return {};
}

Message CheckTargetMatrix(const LossMatrix& targets, const LossMatrix& logits)
{
    if (targets.Rows != logits.Rows || targets.Cols != logits.Cols ||
        targets.Data.size() != static_cast<std::size_t>(targets.Rows) * targets.Cols)
        return Msg("цели: нужна матрица %d×%d, как у логитов, получено %d×%d", logits.Rows, logits.Cols, targets.Rows,
                   targets.Cols);
    for (std::size_t e = 0; e < targets.Data.size(); ++e) {
        const double t = targets.Data[e];
        if (!(t >= 0.0 && t <= 1.0))
            return Msg("цель [%d, %d] = %g: нужно число в [0, 1]", static_cast<int>(e / targets.Cols),
                       static_cast<int>(e % targets.Cols), t);
    }
    return {};
}

Message CheckWeights(std::span<const double> values, const char* what, int size_a, int size_b)
{
    const int n = static_cast<int>(values.size());
    if (n != size_a && n != size_b) {
        if (size_b == size_a || size_b < 0) return Msg("%s: нужно %d значений, получено %d", what, size_a, n);
        return Msg("%s: нужно %d или %d значений, получено %d", what, size_a, size_b, n);
    }
    for (int i = 0; i < n; ++i)
        if (!(values[i] >= 0.0 && values[i] <= kLossesMaxWeight))
            return Msg("%s[%d] = %g: нужен вес в [0, %g]", what, i, values[i], kLossesMaxWeight);
    return {};
}

Message CheckReduction(LossReduction r)
{
    if (r == LossReduction::None || r == LossReduction::Mean || r == LossReduction::Sum) return {};
    return Msg("неизвестная редукция %d", static_cast<int>(r));
}

void LogSoftmaxRow(const double* z, int k, double* log_p, double* p)
{
    const double m = *std::max_element(z, z + k);
    double s = 0.0;
    for (int c = 0; c < k; ++c) s += std::exp(z[c] - m);
    const double log_s = std::log(s);
    for (int c = 0; c < k; ++c) {
        log_p[c] = z[c] - m - log_s;
        p[c] = std::exp(log_p[c]);
    }
}

void Reduce(std::vector<double>& values, LossReduction r, double divisor)
{
    if (r == LossReduction::None) return;
    double s = 0.0;
    for (double v : values) s += v;
    values.assign(1, r == LossReduction::Mean ? s / divisor : s);
}

} // namespace losses_detail

using namespace losses_detail;

namespace {

constexpr std::string_view kReductionNames[] = {"none", "mean", "sum"};

Message CheckCrossEntropyOptions(const LossMatrix& logits, const CrossEntropyOptions& o)
{
    if (Message m = CheckLogits(logits); !m.Empty()) return m;
    if (Message m = CheckReduction(o.Reduction); !m.Empty()) return m;
    if (!o.Weight.empty())
        if (Message m = CheckWeights(o.Weight, "weight", logits.Cols, logits.Cols); !m.Empty()) return m;
    if (!(o.LabelSmoothing >= 0.0 && o.LabelSmoothing <= 1.0))
        return Msg("label_smoothing = %g: нужно число в [0, 1]", o.LabelSmoothing);
    return {};
}

// From the gradient G w.r.t. one row's log-probabilities to the gradient w.r.t. its logits:
// d log p_c / d z_j = δ_cj − p_j, so dz_j = G_j − p_j·Σ_c G_c.
void BackThroughLogSoftmax(const double* g_log_p, const double* p, int k, double* dz)
{
    double s = 0.0;
    for (int c = 0; c < k; ++c) s += g_log_p[c];
    for (int c = 0; c < k; ++c) dz[c] = g_log_p[c] - p[c] * s;
}

} // namespace

std::string_view LossReductionName(LossReduction r)
{
    const int i = static_cast<int>(r);
    return i >= 0 && i < static_cast<int>(LossReduction::Count) ? kReductionNames[i] : "?";
}

std::optional<LossReduction> LossReductionFromName(std::string_view name)
{
    for (int i = 0; i < static_cast<int>(LossReduction::Count); ++i)
        if (kReductionNames[i] == name) return static_cast<LossReduction>(i);
    return std::nullopt;
}

double Sigmoid(double x)
{
    if (x >= 0.0) return 1.0 / (1.0 + std::exp(-x));
    const double e = std::exp(x);
    return e / (1.0 + e);
}

Result<LossMatrix> OneHotTargets(std::span<const int> targets, int classes)
{
    if (classes < 1 || classes > kLossesMaxClasses)
        return Result<LossMatrix>::Fail(Msg("число классов K = %d вне [1, %d]", classes, kLossesMaxClasses));
    if (targets.size() * static_cast<std::size_t>(classes) > kLossesMaxElements)
        return Result<LossMatrix>::Fail(Msg("логиты: %d×%d элементов, допустимо не больше %d", static_cast<int>(targets.size()),
                                            classes, static_cast<long long>(kLossesMaxElements)));
    LossMatrix m{static_cast<int>(targets.size()), classes, {}};
    m.Data.assign(targets.size() * classes, 0.0);
    for (std::size_t i = 0; i < targets.size(); ++i) {
        if (targets[i] < 0 || targets[i] >= classes)
            return Result<LossMatrix>::Fail(Msg("цель %d: класс %d вне [0, %d]", static_cast<int>(i), targets[i], classes - 1));
        m.Data[i * classes + targets[i]] = 1.0;
    }
    return m;
}

Result<LossOutput> CrossEntropy(const LossMatrix& logits, std::span<const int> targets, const CrossEntropyOptions& o)
{
    if (Message m = CheckCrossEntropyOptions(logits, o); !m.Empty()) return Result<LossOutput>::Fail(m);
    const int n = logits.Rows, k = logits.Cols;
    if (static_cast<int>(targets.size()) != n)
        return Result<LossOutput>::Fail(Msg("целей %d, а примеров (строк логитов) %d", static_cast<int>(targets.size()), n));
    const bool weighted = !o.Weight.empty();
    auto w = [&](int c) { return weighted ? o.Weight[c] : 1.0; };
    double divisor = 0.0; // Σ w[y_i] over the rows not ignored (their count without weights)
    for (int i = 0; i < n; ++i) {
        if (targets[i] == o.IgnoreIndex) continue;
        if (targets[i] < 0 || targets[i] >= k)
            return Result<LossOutput>::Fail(Msg("цель %d: класс %d вне [0, %d]", i, targets[i], k - 1));
        divisor += w(targets[i]);
    }
    if (o.Reduction == LossReduction::Mean && !(divisor > 0.0)) {
        // torch answers 0/0 = NaN here; a silent NaN is not an answer.
        if (weighted) return Result<LossOutput>::Fail(Msg("сумма весов целей равна 0: взвешенное среднее не определено"));
        return Result<LossOutput>::Fail(Msg("все цели равны ignore_index = %d: среднее не определено", o.IgnoreIndex));
    }
    const double eps = o.LabelSmoothing;
    const double scale = o.Reduction == LossReduction::Mean ? 1.0 / divisor : 1.0;
    LossOutput out;
    out.Values.assign(n, 0.0);
    out.Grad.assign(logits.Data.size(), 0.0);
    std::vector<double> log_p(k), p(k), g(k);
    for (int i = 0; i < n; ++i) {
        const int y = targets[i];
        if (y == o.IgnoreIndex) continue;
        LogSoftmaxRow(&logits.Data[static_cast<std::size_t>(i) * k], k, log_p.data(), p.data());
        double smooth = 0.0;
        for (int c = 0; c < k; ++c) smooth -= w(c) * log_p[c];
        const double nll = -w(y) * log_p[y];
        out.Values[i] = eps > 0.0 ? (1.0 - eps) * nll + smooth * (eps / k) : nll;
        for (int c = 0; c < k; ++c) g[c] = -(eps / k) * w(c) * scale;
        g[y] -= (1.0 - eps) * w(y) * scale;
        BackThroughLogSoftmax(g.data(), p.data(), k, &out.Grad[static_cast<std::size_t>(i) * k]);
    }
    Reduce(out.Values, o.Reduction, divisor);
    return out;
}

Result<LossOutput> CrossEntropySoft(const LossMatrix& logits, const LossMatrix& targets, const CrossEntropyOptions& o)
{
    if (Message m = CheckCrossEntropyOptions(logits, o); !m.Empty()) return Result<LossOutput>::Fail(m);
    if (Message m = CheckTargetMatrix(targets, logits); !m.Empty()) return Result<LossOutput>::Fail(m);
    const int n = logits.Rows, k = logits.Cols;
    const bool weighted = !o.Weight.empty();
    const double eps = o.LabelSmoothing;
    const double scale = o.Reduction == LossReduction::Mean ? 1.0 / n : 1.0;
    LossOutput out;
    out.Values.assign(n, 0.0);
    out.Grad.assign(logits.Data.size(), 0.0);
    std::vector<double> log_p(k), p(k), g(k);
    for (int i = 0; i < n; ++i) {
        LogSoftmaxRow(&logits.Data[static_cast<std::size_t>(i) * k], k, log_p.data(), p.data());
        double v = 0.0;
        for (int c = 0; c < k; ++c) {
            const double t = eps > 0.0 ? targets.At(i, c) * (1.0 - eps) + eps / k : targets.At(i, c);
            const double wt = (weighted ? o.Weight[c] : 1.0) * t;
            v -= wt * log_p[c];
            g[c] = -wt * scale;
        }
        out.Values[i] = v;
        BackThroughLogSoftmax(g.data(), p.data(), k, &out.Grad[static_cast<std::size_t>(i) * k]);
    }
    Reduce(out.Values, o.Reduction, n);
    return out;
}

} // namespace mlviz
