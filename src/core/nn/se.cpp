// nn core: Squeeze-and-Excitation forward and backward.
#include "core/nn/se.h"

#include <cmath>

#include "core/nn/checks.h"
#include "core/nn/gemm.h"
#include "core/nn/init.h"

namespace mlviz::nn {

Message ValidateSqueezeExcitation(const SqueezeExcitationConfig& c)
{
    if (Message m = detail::CheckRange("channels", c.Channels, 1, 4096); !m.Empty()) return m;
    return detail::CheckRange("reduction", c.Reduction, 1, c.Channels);
}

template <typename T>
SqueezeExcitation<T>::SqueezeExcitation(const SqueezeExcitationConfig& c) : C_(c),
                                                                            Hidden_(std::max(1, c.Channels / c.Reduction))
{
    const int C = c.Channels, H = Hidden_;
    W1_ = {"fc1.weight", Tensor<T>({H, C}), Tensor<T>({H, C})};
    B1_ = {"fc1.bias", Tensor<T>({H}), Tensor<T>({H})};
    W2_ = {"fc2.weight", Tensor<T>({C, H}), Tensor<T>({C, H})};
    B2_ = {"fc2.bias", Tensor<T>({C}), Tensor<T>({C})};
}

template <typename T>
std::string SqueezeExcitation<T>::Describe() const
{
    return "SqueezeExcitation(" + std::to_string(C_.Channels) + ", r " + std::to_string(C_.Reduction) + ", hidden " +
        std::to_string(Hidden_) + ")";
}

template <typename T>
Result<Shape> SqueezeExcitation<T>::OutputShape(const Shape& in, Mode) const
{
    if (in.size() < 3) return Result<Shape>::Fail(detail::WrongRank("SqueezeExcitation", "[N, C, H, W]", in));
    if (Message m = detail::CheckShape(in); !m.Empty()) return Result<Shape>::Fail(m);
    if (in[1] != C_.Channels) return Result<Shape>::Fail(detail::WrongChannels("SqueezeExcitation", C_.Channels, in[1]));
    return in;
}

template <typename T>
Tensor<T> SqueezeExcitation<T>::Forward(const Tensor<T>& x, Mode)
{
    Input_ = x;
    const int N = x.Dim(0), C = C_.Channels, H = Hidden_;
    const long S = static_cast<long>(x.SampleSize()) / C;
    Squeeze_ = Tensor<T>({N, C});
    for (long nc = 0; nc < static_cast<long>(N) * C; ++nc) {
        T s = T(0);
        for (long i = 0; i < S; ++i) s += x[nc * S + i];
        Squeeze_[nc] = s / static_cast<T>(S);
    }
    Hidden1_ = Tensor<T>({N, H});
    for (int n = 0; n < N; ++n)
        std::copy(B1_.Value.Data.begin(), B1_.Value.Data.end(), Hidden1_.Data.begin() + static_cast<long>(n) * H);
    detail::GemmNT(N, H, C, Squeeze_.Ptr(), W1_.Value.Ptr(), Hidden1_.Ptr());
    for (T& v : Hidden1_.Data) v = v > T(0) ? v : T(0);
    Excite_ = Tensor<T>({N, C});
    for (int n = 0; n < N; ++n)
        std::copy(B2_.Value.Data.begin(), B2_.Value.Data.end(), Excite_.Data.begin() + static_cast<long>(n) * C);
    detail::GemmNT(N, C, H, Hidden1_.Ptr(), W2_.Value.Ptr(), Excite_.Ptr());
    for (T& v : Excite_.Data) v = T(1) / (T(1) + std::exp(-v));
    Tensor<T> y(x.Dims);
    for (long nc = 0; nc < static_cast<long>(N) * C; ++nc)
        for (long i = 0; i < S; ++i) y[nc * S + i] = x[nc * S + i] * Excite_[nc];
    return y;
}

template <typename T>
Tensor<T> SqueezeExcitation<T>::Backward(const Tensor<T>& dy, bool need_input_grad)
{
    const int N = Input_.Dim(0), C = C_.Channels, H = Hidden_;
    const long S = static_cast<long>(Input_.SampleSize()) / C;
    // dL/de[n, c] = sum_i dy x; through the sigmoid: dz2 = de * e (1 - e).
    Tensor<T> dz2({N, C});
    for (long nc = 0; nc < static_cast<long>(N) * C; ++nc) {
        T s = T(0);
        for (long i = 0; i < S; ++i) s += dy[nc * S + i] * Input_[nc * S + i];
        dz2[nc] = s * Excite_[nc] * (T(1) - Excite_[nc]);
    }
    // fc2: z2 = h W2^T + b2.
    Tensor<T> dh({N, H});
    detail::GemmNN(N, H, C, dz2.Ptr(), W2_.Value.Ptr(), dh.Ptr());
    for (std::size_t i = 0; i < dh.Numel(); ++i)
        if (!(Hidden1_[i] > T(0))) dh[i] = T(0); // through the ReLU
    if (!this->Frozen) {
        detail::GemmTN(C, H, N, dz2.Ptr(), Hidden1_.Ptr(), W2_.Grad.Ptr());
        detail::GemmTN(H, C, N, dh.Ptr(), Squeeze_.Ptr(), W1_.Grad.Ptr());
        for (int n = 0; n < N; ++n) {
            for (int c = 0; c < C; ++c) B2_.Grad[c] += dz2[static_cast<long>(n) * C + c];
            for (int h = 0; h < H; ++h) B1_.Grad[h] += dh[static_cast<long>(n) * H + h];
        }
    }
    if (!need_input_grad) return {};
    Tensor<T> ds({N, C});
    detail::GemmNN(N, C, H, dh.Ptr(), W1_.Value.Ptr(), ds.Ptr());
    Tensor<T> dx(Input_.Dims);
    for (long nc = 0; nc < static_cast<long>(N) * C; ++nc) {
        const T from_squeeze = ds[nc] / static_cast<T>(S);
        for (long i = 0; i < S; ++i) dx[nc * S + i] = dy[nc * S + i] * Excite_[nc] + from_squeeze;
    }
    return dx;
}

template <typename T>
std::vector<Parameter<T>*> SqueezeExcitation<T>::Parameters()
{
    return {&W1_, &B1_, &W2_, &B2_};
}

template <typename T>
void SqueezeExcitation<T>::Initialize(std::mt19937& rng)
{
    TorchDefaultInit(W1_.Value, B1_.Value, C_.Channels, rng);
    TorchDefaultInit(W2_.Value, B2_.Value, Hidden_, rng);
}

template <typename T>
std::int64_t SqueezeExcitation<T>::MultiplyAdds(const Shape& in) const
{
    if (in.size() < 3) return 0;
    const std::int64_t n = in[0], per = ShapeNumel(in) / in[0];
    return n * (per /* squeeze */ + 2LL * C_.Channels * Hidden_ + per /* scale */);
}

template class SqueezeExcitation<float>;
template class SqueezeExcitation<double>;

} // namespace mlviz::nn
