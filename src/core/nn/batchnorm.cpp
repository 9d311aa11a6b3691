// nn core: BatchNorm forward (train / eval) and backward, as torch's CPU batch_norm kernels.
#include "core/nn/batchnorm.h"

#include <cmath>

#include "core/nn/checks.h"

namespace mlviz::nn {

Message ValidateBatchNorm(const BatchNormConfig& c)
{
    if (Message m = detail::CheckRange("num_features", c.NumFeatures, 1, 4096); !m.Empty()) return m;
    if (!(c.Eps > 0.0) || c.Eps > 1.0) return detail::CheckRealRange("eps", c.Eps, 1e-300, 1.0);
    return detail::CheckRealRange("momentum", c.Momentum, 0.0, 1.0);
}

template <typename T>
BatchNorm<T>::BatchNorm(const BatchNormConfig& c) : C_(c)
{
    const Shape s{c.NumFeatures};
    if (c.Affine) {
        Weight_ = {"weight", Tensor<T>(s, T(1)), Tensor<T>(s)};
        Bias_ = {"bias", Tensor<T>(s), Tensor<T>(s)};
    }
    if (c.TrackRunningStats) {
        RunningMean_ = {"running_mean", Tensor<T>(s)};
        RunningVar_ = {"running_var", Tensor<T>(s, T(1))};
        NumBatches_ = {"num_batches_tracked", Tensor<T>(Shape{})};
    }
}

template <typename T>
std::string BatchNorm<T>::Describe() const
{
    return "BatchNorm(" + std::to_string(C_.NumFeatures) + ")";
}

template <typename T>
Result<Shape> BatchNorm<T>::OutputShape(const Shape& in, Mode mode) const
{
    if (in.size() < 2) return Result<Shape>::Fail(detail::WrongRank("BatchNorm", "[N, C, ...]", in));
    if (Message m = detail::CheckShape(in); !m.Empty()) return Result<Shape>::Fail(m);
    if (in[1] != C_.NumFeatures) return Result<Shape>::Fail(detail::WrongChannels("BatchNorm", C_.NumFeatures, in[1]));
    if ((mode == Mode::Train || !C_.TrackRunningStats) && ShapeNumel(in) / in[1] < 2)
        return Result<Shape>::Fail(
            Msg("BatchNorm: в режиме обучения нужно больше одного значения на канал, форма %s", ShapeString(in)));
    return in;
}

template <typename T>
Tensor<T> BatchNorm<T>::Forward(const Tensor<T>& x, Mode mode)
{
    Input_ = x;
    const int N = x.Dim(0), C = x.Dim(1);
    const long inner = static_cast<long>(x.Numel()) / (static_cast<long>(N) * C);
    const long m = static_cast<long>(N) * inner;
    Mean_.assign(C, T(0));
    InvStd_.assign(C, T(0));
    BatchStats_ = mode == Mode::Train || !C_.TrackRunningStats;
    for (int c = 0; c < C; ++c) {
        if (BatchStats_) {
            T sum = T(0);
            for (int n = 0; n < N; ++n) {
                const T* p = x.Ptr() + (static_cast<long>(n) * C + c) * inner;
                for (long i = 0; i < inner; ++i) sum += p[i];
            }
            const T mean = sum / static_cast<T>(m);
            T var_sum = T(0);
            for (int n = 0; n < N; ++n) {
                const T* p = x.Ptr() + (static_cast<long>(n) * C + c) * inner;
                for (long i = 0; i < inner; ++i) var_sum += (p[i] - mean) * (p[i] - mean);
            }
            Mean_[c] = mean;
            InvStd_[c] = T(1) / std::sqrt(var_sum / static_cast<T>(m) + static_cast<T>(C_.Eps));
            if (mode == Mode::Train && C_.TrackRunningStats) {
                const T mom = static_cast<T>(C_.Momentum);
                RunningMean_.Value[c] = mom * mean + (T(1) - mom) * RunningMean_.Value[c];
                RunningVar_.Value[c] = mom * (var_sum / static_cast<T>(m - 1)) + (T(1) - mom) * RunningVar_.Value[c];
            }
        } else {
            Mean_[c] = RunningMean_.Value[c];
            InvStd_[c] = T(1) / std::sqrt(RunningVar_.Value[c] + static_cast<T>(C_.Eps));
        }
    }
    if (mode == Mode::Train && C_.TrackRunningStats) NumBatches_.Value[0] += T(1);
    Tensor<T> y(x.Dims);
    for (int n = 0; n < N; ++n)
        for (int c = 0; c < C; ++c) {
            const T w = C_.Affine ? Weight_.Value[c] : T(1), b = C_.Affine ? Bias_.Value[c] : T(0);
            const T scale = InvStd_[c] * w, shift = b - Mean_[c] * scale;
            const long off = (static_cast<long>(n) * C + c) * inner;
            for (long i = 0; i < inner; ++i) y[off + i] = x[off + i] * scale + shift;
        }
    return y;
}

template <typename T>
Tensor<T> BatchNorm<T>::Backward(const Tensor<T>& dy, bool need_input_grad)
{
    const Tensor<T>& x = Input_;
    const int N = x.Dim(0), C = x.Dim(1);
    const long inner = static_cast<long>(x.Numel()) / (static_cast<long>(N) * C);
    const long m = static_cast<long>(N) * inner;
    Tensor<T> dx;
    if (need_input_grad) dx = Tensor<T>(x.Dims);
    for (int c = 0; c < C; ++c) {
        T sum_dy = T(0), dot = T(0); // sum dy, sum (x - mean) dy
        for (int n = 0; n < N; ++n) {
            const long off = (static_cast<long>(n) * C + c) * inner;
            for (long i = 0; i < inner; ++i) {
                sum_dy += dy[off + i];
                dot += (x[off + i] - Mean_[c]) * dy[off + i];
            }
        }
        if (C_.Affine && !this->Frozen) {
            Weight_.Grad[c] += dot * InvStd_[c];
            Bias_.Grad[c] += sum_dy;
        }
        if (!need_input_grad) continue;
        const T w = C_.Affine ? Weight_.Value[c] : T(1);
        const T grad_mean = BatchStats_ ? sum_dy / static_cast<T>(m) : T(0);
        const T proj = BatchStats_ ? dot * InvStd_[c] * InvStd_[c] / static_cast<T>(m) : T(0);
        for (int n = 0; n < N; ++n) {
            const long off = (static_cast<long>(n) * C + c) * inner;
            for (long i = 0; i < inner; ++i)
                dx[off + i] = (dy[off + i] - grad_mean - (x[off + i] - Mean_[c]) * proj) * InvStd_[c] * w;
        }
    }
    return dx;
}

template <typename T>
std::vector<Parameter<T>*> BatchNorm<T>::Parameters()
{
    if (C_.Affine) return {&Weight_, &Bias_};
    return {};
}

template <typename T>
std::vector<NamedTensor<T>*> BatchNorm<T>::Buffers()
{
    if (C_.TrackRunningStats) return {&RunningMean_, &RunningVar_, &NumBatches_};
    return {};
}

template <typename T>
void BatchNorm<T>::Initialize(std::mt19937&)
{
    if (C_.Affine) {
        Weight_.Value.Fill(T(1));
        Bias_.Value.Fill(T(0));
    }
    if (C_.TrackRunningStats) {
        RunningMean_.Value.Fill(T(0));
        RunningVar_.Value.Fill(T(1));
        NumBatches_.Value.Fill(T(0));
    }
}

template class BatchNorm<float>;
template class BatchNorm<double>;

} // namespace mlviz::nn
