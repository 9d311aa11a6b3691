// nn core: cross-entropy and MSE with gradients; accuracy.
#include "core/nn/loss.h"

#include <cmath>

namespace mlviz::nn {

template <typename T>
Result<LossResult<T>> CrossEntropyLoss(const Tensor<T>& logits, std::span<const int> labels)
{
    using R = Result<LossResult<T>>;
    if (logits.Rank() != 2 || logits.Dim(0) != static_cast<int>(labels.size()) || logits.Dim(0) < 1 || logits.Dim(1) < 1)
        return R::Fail(
            Msg("cross-entropy: логиты формы %s, меток %d", ShapeString(logits.Dims), static_cast<long long>(labels.size())));
    const int N = logits.Dim(0), C = logits.Dim(1);
    for (int n = 0; n < N; ++n)
        if (labels[n] < 0 || labels[n] >= C) return R::Fail(Msg("cross-entropy: метка %d вне [0, %d)", labels[n], C));
    LossResult<T> out;
    out.Grad = Tensor<T>(logits.Dims);
    T total = T(0);
    for (int n = 0; n < N; ++n) {
        const T* z = logits.Ptr() + static_cast<long>(n) * C;
        T* g = out.Grad.Ptr() + static_cast<long>(n) * C;
        T m = z[0];
        for (int c = 1; c < C; ++c) m = std::max(m, z[c]);
        T s = T(0);
        for (int c = 0; c < C; ++c) s += g[c] = std::exp(z[c] - m);
        const T lse = m + std::log(s);
        total += lse - z[labels[n]];
        for (int c = 0; c < C; ++c) g[c] = g[c] / s / static_cast<T>(N);
        g[labels[n]] -= T(1) / static_cast<T>(N);
    }
    out.Value = total / static_cast<T>(N);
    if (!std::isfinite(out.Value)) return R::Fail(Msg("функция потерь не конечна (%s)", "cross-entropy"));
    return out;
}

template <typename T>
Result<LossResult<T>> MseLoss(const Tensor<T>& prediction, const Tensor<T>& target)
{
    using R = Result<LossResult<T>>;
    if (prediction.Dims != target.Dims || prediction.Numel() != target.Numel() || prediction.Empty())
        return R::Fail(Msg("MSE: формы %s и %s различаются", ShapeString(prediction.Dims), ShapeString(target.Dims)));
    LossResult<T> out;
    out.Grad = Tensor<T>(prediction.Dims);
    const T n = static_cast<T>(prediction.Numel());
    T total = T(0);
    for (std::size_t i = 0; i < prediction.Numel(); ++i) {
        const T d = prediction[i] - target[i];
        total += d * d;
        out.Grad[i] = T(2) * d / n;
    }
    out.Value = total / n;
    if (!std::isfinite(out.Value)) return R::Fail(Msg("функция потерь не конечна (%s)", "MSE"));
    return out;
}

template <typename T>
std::vector<int> ArgMaxRows(const Tensor<T>& logits)
{
    std::vector<int> out;
    if (logits.Rank() != 2) return out;
    const int N = logits.Dim(0), C = logits.Dim(1);
    for (int n = 0; n < N; ++n) {
        const T* z = logits.Ptr() + static_cast<long>(n) * C;
        int best = 0;
        for (int c = 1; c < C; ++c)
            if (z[c] > z[best]) best = c;
        out.push_back(best);
    }
    return out;
}

template <typename T>
double Accuracy(const Tensor<T>& logits, std::span<const int> labels)
{
    const std::vector<int> pred = ArgMaxRows(logits);
    if (pred.empty() || pred.size() != labels.size()) return 0.0;
    int hits = 0;
    for (std::size_t i = 0; i < pred.size(); ++i) hits += pred[i] == labels[i];
    return static_cast<double>(hits) / static_cast<double>(pred.size());
}

#define MLVIZ_NN_LOSS(T)                                                                                                         \
    template Result<LossResult<T>> CrossEntropyLoss<T>(const Tensor<T>&, std::span<const int>);                                  \
    template Result<LossResult<T>> MseLoss<T>(const Tensor<T>&, const Tensor<T>&);                                               \
    template std::vector<int> ArgMaxRows<T>(const Tensor<T>&);                                                                   \
    template double Accuracy<T>(const Tensor<T>&, std::span<const int>);
MLVIZ_NN_LOSS(float)
MLVIZ_NN_LOSS(double)
#undef MLVIZ_NN_LOSS

} // namespace mlviz::nn
