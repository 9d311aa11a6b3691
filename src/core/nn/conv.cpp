// nn core: Conv2d / Conv3d forward and backward by im2col and small matrix products.
#include "core/nn/conv.h"

#include <algorithm>

#include "core/nn/checks.h"
#include "core/nn/gemm.h"
#include "core/nn/init.h"

namespace mlviz::nn {

using detail::CheckRange;

int ConvOutputSize(int in, int kernel, int stride, int padding, int dilation)
{
    const int span = in + 2 * padding - dilation * (kernel - 1) - 1;
    // floor division, also for a negative span (torch then reports an empty output)
    return (span >= 0 ? span / stride : -((-span + stride - 1) / stride)) + 1;
}

namespace {

Message ValidateGeometry(const ConvGeometry& g, int dims)
{
    if (Message m = CheckRange("in_channels", g.InChannels, 1, kConvMaxChannels); !m.Empty()) return m;
    if (Message m = CheckRange("out_channels", g.OutChannels, 1, kConvMaxChannels); !m.Empty()) return m;
    if (Message m = CheckRange("groups", g.Groups, 1, kConvMaxChannels); !m.Empty()) return m;
    if (g.InChannels % g.Groups != 0 || g.OutChannels % g.Groups != 0)
        return Msg("in_channels (%d) и out_channels (%d) должны делиться на groups (%d)", g.InChannels, g.OutChannels, g.Groups);
    for (int a = 3 - dims; a < 3; ++a) {
        if (Message m = CheckRange("kernel", g.Kernel[a], 1, kConvMaxKernel); !m.Empty()) return m;
        if (Message m = CheckRange("stride", g.Stride[a], 1, kConvMaxStride); !m.Empty()) return m;
        if (Message m = CheckRange("padding", g.Padding[a], 0, kConvMaxPadding); !m.Empty()) return m;
        if (Message m = CheckRange("dilation", g.Dilation[a], 1, kConvMaxDilation); !m.Empty()) return m;
    }
    return {};
}

ConvGeometry FromConfig(const Conv2dConfig& c)
{
    ConvGeometry g;
    g.InChannels = c.InChannels;
    g.OutChannels = c.OutChannels;
    g.Groups = c.Groups;
    g.Bias = c.Bias;
    for (int a = 0; a < 2; ++a) {
        g.Kernel[a + 1] = c.Kernel[a];
        g.Stride[a + 1] = c.Stride[a];
        g.Padding[a + 1] = c.Padding[a];
        g.Dilation[a + 1] = c.Dilation[a];
    }
    return g;
}

ConvGeometry FromConfig(const Conv3dConfig& c)
{
    return ConvGeometry{c.InChannels, c.OutChannels, c.Groups, c.Kernel, c.Stride, c.Padding, c.Dilation, c.Bias};
}

// Rows (c, kz, ky, kx) x columns (oz, oy, ox) of one group of one sample, written at `cols`
// with `ld` values between rows (several samples share the rows); zeros for padding.
template <typename T>
void Im2Col(const T* x, int channels, const std::array<int, 3>& in, const std::array<int, 3>& out, const ConvGeometry& g, T* cols,
            long ld)
{
    long row = 0;
    for (int c = 0; c < channels; ++c) {
        const T* xc = x + static_cast<long>(c) * in[0] * in[1] * in[2];
        for (int kz = 0; kz < g.Kernel[0]; ++kz)
            for (int ky = 0; ky < g.Kernel[1]; ++ky)
                for (int kx = 0; kx < g.Kernel[2]; ++kx, ++row) {
                    T* dst = cols + row * ld;
                    for (int oz = 0; oz < out[0]; ++oz) {
                        const int iz = oz * g.Stride[0] - g.Padding[0] + kz * g.Dilation[0];
                        for (int oy = 0; oy < out[1]; ++oy) {
                            const int iy = oy * g.Stride[1] - g.Padding[1] + ky * g.Dilation[1];
                            if (iz < 0 || iz >= in[0] || iy < 0 || iy >= in[1]) {
                                std::fill(dst, dst + out[2], T(0));
                                dst += out[2];
                                continue;
                            }
                            const T* src = xc + (static_cast<long>(iz) * in[1] + iy) * in[2];
                            for (int ox = 0; ox < out[2]; ++ox) {
                                const int ix = ox * g.Stride[2] - g.Padding[2] + kx * g.Dilation[2];
                                *dst++ = ix >= 0 && ix < in[2] ? src[ix] : T(0);
                            }
                        }
                    }
                }
    }
}

// The adjoint of Im2Col: adds each column entry back to the input position it came from.
template <typename T>
void Col2Im(const T* cols, int channels, const std::array<int, 3>& in, const std::array<int, 3>& out, const ConvGeometry& g,
            T* dx, long ld)
{
    long row = 0;
    for (int c = 0; c < channels; ++c) {
        T* xc = dx + static_cast<long>(c) * in[0] * in[1] * in[2];
        for (int kz = 0; kz < g.Kernel[0]; ++kz)
            for (int ky = 0; ky < g.Kernel[1]; ++ky)
                for (int kx = 0; kx < g.Kernel[2]; ++kx, ++row) {
                    const T* src = cols + row * ld;
                    for (int oz = 0; oz < out[0]; ++oz) {
                        const int iz = oz * g.Stride[0] - g.Padding[0] + kz * g.Dilation[0];
                        for (int oy = 0; oy < out[1]; ++oy, src += out[2]) {
                            const int iy = oy * g.Stride[1] - g.Padding[1] + ky * g.Dilation[1];
                            if (iz < 0 || iz >= in[0] || iy < 0 || iy >= in[1]) continue;
                            T* dst = xc + (static_cast<long>(iz) * in[1] + iy) * in[2];
                            for (int ox = 0; ox < out[2]; ++ox) {
                                const int ix = ox * g.Stride[2] - g.Padding[2] + kx * g.Dilation[2];
                                if (ix >= 0 && ix < in[2]) dst[ix] += src[ox];
                            }
                        }
                    }
                }
    }
}

} // namespace

Message ValidateConv2d(const Conv2dConfig& c)
{
    return ValidateGeometry(FromConfig(c), 2);
}
Message ValidateConv3d(const Conv3dConfig& c)
{
    return ValidateGeometry(FromConfig(c), 3);
}

template <typename T>
ConvNd<T>::ConvNd(const ConvGeometry& g, int spatial_dims) : G_(g),
                                                             SpatialDims_(spatial_dims)
{
    Shape w{G_.OutChannels, G_.InChannels / G_.Groups};
    for (int a = 3 - spatial_dims; a < 3; ++a) w.push_back(G_.Kernel[a]);
    Weight_ = {"weight", Tensor<T>(w), Tensor<T>(w)};
    if (G_.Bias) Bias_ = {"bias", Tensor<T>({G_.OutChannels}), Tensor<T>({G_.OutChannels})};
}

template <typename T>
void ConvNd<T>::Sizes(const Shape& in, std::array<int, 3>& in_sz, std::array<int, 3>& out_sz) const
{
    for (int a = 0; a < 3; ++a) {
        const int axis = a - (3 - SpatialDims_); // spatial axis index in `in` after N, C
        in_sz[a] = axis < 0 ? 1 : in[static_cast<std::size_t>(2 + axis)];
        out_sz[a] = ConvOutputSize(in_sz[a], G_.Kernel[a], G_.Stride[a], G_.Padding[a], G_.Dilation[a]);
    }
}

template <typename T>
Result<Shape> ConvNd<T>::OutputShape(const Shape& in, Mode) const
{
    const std::string name = SpatialDims_ == 2 ? "Conv2d" : "Conv3d";
    if (static_cast<int>(in.size()) != 2 + SpatialDims_)
        return Result<Shape>::Fail(detail::WrongRank(name, SpatialDims_ == 2 ? "[N, C, H, W]" : "[N, C, D, H, W]", in));
    if (Message m = detail::CheckShape(in); !m.Empty()) return Result<Shape>::Fail(m);
    if (in[1] != G_.InChannels) return Result<Shape>::Fail(detail::WrongChannels(name, G_.InChannels, in[1]));
    std::array<int, 3> in_sz{}, out_sz{};
    Sizes(in, in_sz, out_sz);
    Shape out{in[0], G_.OutChannels};
    for (int a = 3 - SpatialDims_; a < 3; ++a) {
        if (out_sz[a] < 1)
            return Result<Shape>::Fail(detail::EmptyOutput(name, a - (3 - SpatialDims_) + 2, in_sz[a], G_.Kernel[a], G_.Stride[a],
                                                           G_.Padding[a], G_.Dilation[a]));
        out.push_back(out_sz[a]);
    }
    if (Message m = detail::CheckShape(out); !m.Empty()) return Result<Shape>::Fail(m);
    // Bounds on the work per sample and on the im2col matrix of one sample and group.
    const long long k_rows = static_cast<long long>(G_.Kernel[0]) * G_.Kernel[1] * G_.Kernel[2] * (G_.InChannels / G_.Groups);
    const long long macs = k_rows * (ShapeNumel(out) / in[0]);
    const long long cols = k_rows * (ShapeNumel(out) / in[0] / G_.OutChannels);
    if (macs > detail::kMaxTensorElements || cols > kConvMaxColumns)
        return Result<Shape>::Fail(Msg("%s: слишком большая свёртка (%d умножений на пример)", name, macs));
    return out;
}

// Samples are processed in chunks whose columns sit side by side, so that each group needs one
// matrix product per chunk instead of one per sample (long rows vectorise well).
template <typename T>
int ConvNd<T>::ChunkSamples(int n, long k_rows, long l_cols) const
{
    const long per = std::max(1L, k_rows * l_cols);
    return static_cast<int>(std::clamp(kColsBudget / per, 1L, static_cast<long>(n)));
}

template <typename T>
Tensor<T> ConvNd<T>::Forward(const Tensor<T>& x, Mode)
{
    Input_ = x;
    std::array<int, 3> in_sz{}, out_sz{};
    Sizes(x.Dims, in_sz, out_sz);
    Shape out_shape{x.Dim(0), G_.OutChannels};
    for (int a = 3 - SpatialDims_; a < 3; ++a) out_shape.push_back(out_sz[a]);
    Tensor<T> y(out_shape);
    const int N = x.Dim(0), cg = G_.InChannels / G_.Groups, og = G_.OutChannels / G_.Groups;
    const int K = cg * G_.Kernel[0] * G_.Kernel[1] * G_.Kernel[2];
    const long L = static_cast<long>(out_sz[0]) * out_sz[1] * out_sz[2];
    const long in_plane = static_cast<long>(in_sz[0]) * in_sz[1] * in_sz[2];
    const int chunk = ChunkSamples(N, K, L);
    for (int n0 = 0; n0 < N; n0 += chunk) {
        const int nc = std::min(chunk, N - n0);
        const long J = nc * L;
        Cols_.resize(static_cast<std::size_t>(K * J));
        Prod_.resize(static_cast<std::size_t>(og * J));
        for (int g = 0; g < G_.Groups; ++g) {
            for (int s = 0; s < nc; ++s)
                Im2Col(x.Ptr() + (static_cast<long>(n0 + s) * G_.InChannels + g * cg) * in_plane, cg, in_sz, out_sz, G_,
                       Cols_.data() + s * L, J);
            std::fill(Prod_.begin(), Prod_.end(), T(0));
            detail::GemmNN(og, static_cast<int>(J), K, Weight_.Value.Ptr() + static_cast<long>(g) * og * K, Cols_.data(),
                           Prod_.data());
            for (int s = 0; s < nc; ++s)
                for (int o = 0; o < og; ++o) {
                    const int oc = g * og + o;
                    const T b = G_.Bias ? Bias_.Value[oc] : T(0);
                    const T* src = Prod_.data() + o * J + s * L;
                    T* dst = y.Ptr() + (static_cast<long>(n0 + s) * G_.OutChannels + oc) * L;
                    for (long l = 0; l < L; ++l) dst[l] = src[l] + b;
                }
        }
    }
    return y;
}

template <typename T>
Tensor<T> ConvNd<T>::Backward(const Tensor<T>& dy, bool need_input_grad)
{
    std::array<int, 3> in_sz{}, out_sz{};
    Sizes(Input_.Dims, in_sz, out_sz);
    const int N = Input_.Dim(0), cg = G_.InChannels / G_.Groups, og = G_.OutChannels / G_.Groups;
    const int K = cg * G_.Kernel[0] * G_.Kernel[1] * G_.Kernel[2];
    const long L = static_cast<long>(out_sz[0]) * out_sz[1] * out_sz[2];
    const long in_plane = static_cast<long>(in_sz[0]) * in_sz[1] * in_sz[2];
    const bool param_grads = !this->Frozen;
    Tensor<T> dx;
    if (need_input_grad) dx = Tensor<T>(Input_.Dims);
    if (!param_grads && !need_input_grad) return dx;
    if (param_grads && G_.Bias)
        for (int n = 0; n < N; ++n)
            for (int o = 0; o < G_.OutChannels; ++o) {
                const T* d = dy.Ptr() + (static_cast<long>(n) * G_.OutChannels + o) * L;
                T s = T(0);
                for (long l = 0; l < L; ++l) s += d[l];
                Bias_.Grad[o] += s;
            }
    const int chunk = ChunkSamples(N, K, L);
    for (int n0 = 0; n0 < N; n0 += chunk) {
        const int nc = std::min(chunk, N - n0);
        const long J = nc * L;
        Cols_.resize(static_cast<std::size_t>(K * J));
        Prod_.resize(static_cast<std::size_t>(og * J));
        for (int g = 0; g < G_.Groups; ++g) {
            // dL/dy of this group's outputs as an og x J matrix, samples side by side.
            for (int s = 0; s < nc; ++s)
                for (int o = 0; o < og; ++o) {
                    const T* src = dy.Ptr() + (static_cast<long>(n0 + s) * G_.OutChannels + g * og + o) * L;
                    std::copy(src, src + L, Prod_.data() + o * J + s * L);
                }
            const T* w = Weight_.Value.Ptr() + static_cast<long>(g) * og * K;
            if (param_grads) {
                for (int s = 0; s < nc; ++s)
                    Im2Col(Input_.Ptr() + (static_cast<long>(n0 + s) * G_.InChannels + g * cg) * in_plane, cg, in_sz, out_sz, G_,
                           Cols_.data() + s * L, J);
                detail::GemmNT(og, K, static_cast<int>(J), Prod_.data(), Cols_.data(),
                               Weight_.Grad.Ptr() + static_cast<long>(g) * og * K);
            }
            if (need_input_grad) {
                std::fill(Cols_.begin(), Cols_.end(), T(0));
                detail::GemmTN(K, static_cast<int>(J), og, w, Prod_.data(), Cols_.data());
                for (int s = 0; s < nc; ++s)
                    Col2Im(Cols_.data() + s * L, cg, in_sz, out_sz, G_,
                           dx.Ptr() + (static_cast<long>(n0 + s) * G_.InChannels + g * cg) * in_plane, J);
            }
        }
    }
    return dx;
}

template <typename T>
std::vector<Parameter<T>*> ConvNd<T>::Parameters()
{
    if (G_.Bias) return {&Weight_, &Bias_};
    return {&Weight_};
}

template <typename T>
void ConvNd<T>::Initialize(std::mt19937& rng)
{
    const int fan_in = G_.InChannels / G_.Groups * G_.Kernel[0] * G_.Kernel[1] * G_.Kernel[2];
    TorchDefaultInit(Weight_.Value, Bias_.Value, fan_in, rng);
}

template <typename T>
std::int64_t ConvNd<T>::MultiplyAdds(const Shape& in) const
{
    const Result<Shape> out = OutputShape(in, Mode::Eval);
    if (!out) return 0;
    const std::int64_t k = static_cast<std::int64_t>(G_.InChannels / G_.Groups) * G_.Kernel[0] * G_.Kernel[1] * G_.Kernel[2];
    return ShapeNumel(*out) * k;
}

template <typename T>
std::string ConvNd<T>::DescribeAs(const char* name) const
{
    auto axes = [&](const std::array<int, 3>& v) {
        std::string s;
        for (int a = 3 - SpatialDims_; a < 3; ++a) {
            if (!s.empty()) s += 'x';
            s += std::to_string(v[a]);
        }
        return s;
    };
    std::string s = std::string(name) + "(" + std::to_string(G_.InChannels) + ", " + std::to_string(G_.OutChannels) +
        ", kernel " + axes(G_.Kernel);
    if (G_.Stride != std::array<int, 3>{1, 1, 1}) s += ", stride " + axes(G_.Stride);
    if (G_.Padding != std::array<int, 3>{0, 0, 0}) s += ", padding " + axes(G_.Padding);
    if (G_.Dilation != std::array<int, 3>{1, 1, 1}) s += ", dilation " + axes(G_.Dilation);
    if (G_.Groups != 1) s += ", groups " + std::to_string(G_.Groups);
    if (!G_.Bias) s += ", no bias";
    return s + ")";
}

template <typename T>
Conv2d<T>::Conv2d(const Conv2dConfig& c) : ConvNd<T>(FromConfig(c), 2)
{
}

template <typename T>
Conv3d<T>::Conv3d(const Conv3dConfig& c) : ConvNd<T>(FromConfig(c), 3)
{
}

template class ConvNd<float>;
template class ConvNd<double>;
template class Conv2d<float>;
template class Conv2d<double>;
template class Conv3d<float>;
template class Conv3d<double>;

} // namespace mlviz::nn
