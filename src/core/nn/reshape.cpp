// nn core: Flatten and Reshape (the gradient is reshaped back).
#include "core/nn/reshape.h"

#include "core/nn/checks.h"

namespace mlviz::nn {

template <typename T>
Result<Shape> Flatten<T>::OutputShape(const Shape& in, Mode) const
{
    if (in.size() < 2) return Result<Shape>::Fail(detail::WrongRank("Flatten", "[N, ...]", in));
    if (Message m = detail::CheckShape(in); !m.Empty()) return Result<Shape>::Fail(m);
    return Shape{in[0], static_cast<int>(ShapeNumel(in) / in[0])};
}

template <typename T>
Tensor<T> Flatten<T>::Forward(const Tensor<T>& x, Mode)
{
    InputDims_ = x.Dims;
    return Tensor<T>({x.Dim(0), static_cast<int>(x.SampleSize())}, x.Data);
}

template <typename T>
Tensor<T> Flatten<T>::Backward(const Tensor<T>& dy, bool need_input_grad)
{
    if (!need_input_grad) return {};
    return Tensor<T>(InputDims_, dy.Data);
}

template <typename T>
Result<Shape> Reshape<T>::OutputShape(const Shape& in, Mode) const
{
    if (in.size() < 2) return Result<Shape>::Fail(detail::WrongRank("Reshape", "[N, ...]", in));
    if (Message m = detail::CheckShape(in); !m.Empty()) return Result<Shape>::Fail(m);
    Shape out{in[0]};
    out.insert(out.end(), Sample_.begin(), Sample_.end());
    if (Message m = detail::CheckShape(out); !m.Empty()) return Result<Shape>::Fail(m);
    if (ShapeNumel(out) != ShapeNumel(in))
        return Result<Shape>::Fail(Msg("Reshape: форма %s не превращается в %s", ShapeString(in), ShapeString(out)));
    return out;
}

template <typename T>
Tensor<T> Reshape<T>::Forward(const Tensor<T>& x, Mode)
{
    InputDims_ = x.Dims;
    Shape out{x.Dim(0)};
    out.insert(out.end(), Sample_.begin(), Sample_.end());
    return Tensor<T>(std::move(out), x.Data);
}

template <typename T>
Tensor<T> Reshape<T>::Backward(const Tensor<T>& dy, bool need_input_grad)
{
    if (!need_input_grad) return {};
    return Tensor<T>(InputDims_, dy.Data);
}

template class Flatten<float>;
template class Flatten<double>;
template class Reshape<float>;
template class Reshape<double>;

} // namespace mlviz::nn
