// nn core: Linear forward and backward.
#include "core/nn/linear.h"

#include "core/nn/checks.h"
#include "core/nn/gemm.h"
#include "core/nn/init.h"

namespace mlviz::nn {

Message ValidateLinear(const LinearConfig& c)
{
    if (Message m = detail::CheckRange("in_features", c.InFeatures, 1, kLinearMaxFeatures); !m.Empty()) return m;
    return detail::CheckRange("out_features", c.OutFeatures, 1, kLinearMaxFeatures);
}

template <typename T>
Linear<T>::Linear(const LinearConfig& c) : C_(c)
{
    Weight_ = {"weight", Tensor<T>({c.OutFeatures, c.InFeatures}), Tensor<T>({c.OutFeatures, c.InFeatures})};
    if (c.Bias) Bias_ = {"bias", Tensor<T>({c.OutFeatures}), Tensor<T>({c.OutFeatures})};
}

template <typename T>
std::string Linear<T>::Describe() const
{
    return "Linear(" + std::to_string(C_.InFeatures) + ", " + std::to_string(C_.OutFeatures) + (C_.Bias ? ")" : ", no bias)");
}

template <typename T>
Result<Shape> Linear<T>::OutputShape(const Shape& in, Mode) const
{
    if (in.size() != 2) return Result<Shape>::Fail(detail::WrongRank("Linear", "[N, in_features]", in));
    if (Message m = detail::CheckShape(in); !m.Empty()) return Result<Shape>::Fail(m);
    if (in[1] != C_.InFeatures)
        return Result<Shape>::Fail(Msg("Linear: ожидается %d признаков на входе, получено %d", C_.InFeatures, in[1]));
    Shape out{in[0], C_.OutFeatures};
    if (Message m = detail::CheckShape(out); !m.Empty()) return Result<Shape>::Fail(m);
    return out;
}

template <typename T>
Tensor<T> Linear<T>::Forward(const Tensor<T>& x, Mode)
{
    Input_ = x;
    const int n = x.Dim(0);
    Tensor<T> y({n, C_.OutFeatures});
    if (C_.Bias)
        for (int i = 0; i < n; ++i)
            std::copy(Bias_.Value.Data.begin(), Bias_.Value.Data.end(), y.Data.begin() + static_cast<long>(i) * C_.OutFeatures);
    detail::GemmNT(n, C_.OutFeatures, C_.InFeatures, x.Ptr(), Weight_.Value.Ptr(), y.Ptr());
    return y;
}

template <typename T>
Tensor<T> Linear<T>::Backward(const Tensor<T>& dy, bool need_input_grad)
{
    const int n = Input_.Dim(0);
    if (!this->Frozen) {
        detail::GemmTN(C_.OutFeatures, C_.InFeatures, n, dy.Ptr(), Input_.Ptr(), Weight_.Grad.Ptr());
        if (C_.Bias)
            for (int i = 0; i < n; ++i)
                for (int o = 0; o < C_.OutFeatures; ++o) Bias_.Grad[o] += dy[static_cast<long>(i) * C_.OutFeatures + o];
    }
    Tensor<T> dx;
    if (!need_input_grad) return dx;
    dx = Tensor<T>(Input_.Dims);
    detail::GemmNN(n, C_.InFeatures, C_.OutFeatures, dy.Ptr(), Weight_.Value.Ptr(), dx.Ptr());
    return dx;
}

template <typename T>
std::vector<Parameter<T>*> Linear<T>::Parameters()
{
    if (C_.Bias) return {&Weight_, &Bias_};
    return {&Weight_};
}

template <typename T>
void Linear<T>::Initialize(std::mt19937& rng)
{
    TorchDefaultInit(Weight_.Value, Bias_.Value, C_.InFeatures, rng);
}

template <typename T>
std::int64_t Linear<T>::MultiplyAdds(const Shape& in) const
{
    return in.empty() ? 0 : static_cast<std::int64_t>(in[0]) * C_.InFeatures * C_.OutFeatures;
}

template class Linear<float>;
template class Linear<double>;

} // namespace mlviz::nn
