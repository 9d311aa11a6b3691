// nn core: ReLU, Sigmoid, Tanh and Softmax forward and backward.
#include "core/nn/activation.h"

#include <cmath>

#include "core/nn/checks.h"

namespace mlviz::nn {

template <typename T>
LayerKind Activation<T>::Kind() const
{
    switch (Kind_) {
    case ActivationKind::ReLU: return LayerKind::ReLU;
    case ActivationKind::Sigmoid: return LayerKind::Sigmoid;
    case ActivationKind::Tanh: return LayerKind::Tanh;
    }
    return LayerKind::ReLU;
}

template <typename T>
std::string Activation<T>::Describe() const
{
    switch (Kind_) {
    case ActivationKind::ReLU: return "ReLU()";
    case ActivationKind::Sigmoid: return "Sigmoid()";
    case ActivationKind::Tanh: return "Tanh()";
    }
    return "";
}

template <typename T>
Result<Shape> Activation<T>::OutputShape(const Shape& in, Mode) const
{
    if (in.empty()) return Result<Shape>::Fail(detail::WrongRank(Describe(), "[N, ...]", in));
    if (Message m = detail::CheckShape(in); !m.Empty()) return Result<Shape>::Fail(m);
    return in;
}

template <typename T>
Tensor<T> Activation<T>::Forward(const Tensor<T>& x, Mode)
{
    Tensor<T> y(x.Dims);
    const std::size_t n = x.Numel();
    switch (Kind_) {
    case ActivationKind::ReLU:
        Cache_ = x;
        for (std::size_t i = 0; i < n; ++i) y[i] = x[i] > T(0) ? x[i] : T(0);
        break;
    case ActivationKind::Sigmoid:
        for (std::size_t i = 0; i < n; ++i) y[i] = T(1) / (T(1) + std::exp(-x[i]));
        Cache_ = y;
        break;
    case ActivationKind::Tanh:
        for (std::size_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
        Cache_ = y;
        break;
    }
    return y;
}

template <typename T>
Tensor<T> Activation<T>::Backward(const Tensor<T>& dy, bool need_input_grad)
{
    if (!need_input_grad) return {};
    Tensor<T> dx(dy.Dims);
    const std::size_t n = dy.Numel();
    switch (Kind_) {
    case ActivationKind::ReLU:
        for (std::size_t i = 0; i < n; ++i) dx[i] = Cache_[i] > T(0) ? dy[i] : T(0);
        break;
    case ActivationKind::Sigmoid:
        for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * (T(1) - Cache_[i]) * Cache_[i];
        break;
    case ActivationKind::Tanh:
        for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * (T(1) - Cache_[i] * Cache_[i]);
        break;
    }
    return dx;
}

template <typename T>
Tensor<T> SoftmaxAxis1(const Tensor<T>& x)
{
    Tensor<T> y(x.Dims);
    const int N = x.Dim(0), C = x.Dim(1);
    const long inner = static_cast<long>(x.Numel()) / (static_cast<long>(N) * C);
    for (int n = 0; n < N; ++n)
        for (long i = 0; i < inner; ++i) {
            const long base = static_cast<long>(n) * C * inner + i;
            T m = x[base];
            for (int c = 1; c < C; ++c) m = std::max(m, x[base + c * inner]);
            T s = T(0);
            for (int c = 0; c < C; ++c) s += y[base + c * inner] = std::exp(x[base + c * inner] - m);
            for (int c = 0; c < C; ++c) y[base + c * inner] /= s;
        }
    return y;
}

template <typename T>
Result<Shape> Softmax<T>::OutputShape(const Shape& in, Mode) const
{
    if (in.size() < 2) return Result<Shape>::Fail(detail::WrongRank("Softmax", "[N, C, ...]", in));
    if (Message m = detail::CheckShape(in); !m.Empty()) return Result<Shape>::Fail(m);
    return in;
}

template <typename T>
Tensor<T> Softmax<T>::Forward(const Tensor<T>& x, Mode)
{
    Output_ = SoftmaxAxis1(x);
    return Output_;
}

// dx_c = y_c (dy_c - sum_k dy_k y_k)
template <typename T>
Tensor<T> Softmax<T>::Backward(const Tensor<T>& dy, bool need_input_grad)
{
    if (!need_input_grad) return {};
    Tensor<T> dx(dy.Dims);
    const int N = dy.Dim(0), C = dy.Dim(1);
    const long inner = static_cast<long>(dy.Numel()) / (static_cast<long>(N) * C);
    for (int n = 0; n < N; ++n)
        for (long i = 0; i < inner; ++i) {
            const long base = static_cast<long>(n) * C * inner + i;
            T dot = T(0);
            for (int c = 0; c < C; ++c) dot += dy[base + c * inner] * Output_[base + c * inner];
            for (int c = 0; c < C; ++c) dx[base + c * inner] = Output_[base + c * inner] * (dy[base + c * inner] - dot);
        }
    return dx;
}

template class Activation<float>;
template class Activation<double>;
template class Softmax<float>;
template class Softmax<double>;
template Tensor<float> SoftmaxAxis1<float>(const Tensor<float>&);
template Tensor<double> SoftmaxAxis1<double>(const Tensor<double>&);

} // namespace mlviz::nn
