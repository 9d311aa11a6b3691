// nn core: MaxPool2d, AvgPool2d and the adaptive pools, forward and backward (torch's CPU kernels).
#include "core/nn/pool.h"

#include <cmath>
#include <limits>

#include "core/nn/checks.h"

namespace mlviz::nn {

using detail::CheckRange;

namespace {

int StrideOf(int stride, int kernel)
{
    return stride == 0 ? kernel : stride;
}

Message CheckWindow(const std::array<int, 2>& kernel, const std::array<int, 2>& stride, const std::array<int, 2>& padding)
{
    for (int a = 0; a < 2; ++a) {
        if (Message m = CheckRange("kernel", kernel[a], 1, kPoolMaxKernel); !m.Empty()) return m;
        if (Message m = CheckRange("stride", stride[a], 0, kPoolMaxKernel); !m.Empty()) return m;
        if (Message m = CheckRange("padding", padding[a], 0, kernel[a] / 2); !m.Empty()) return m;
    }
    return {};
}

std::string Pair(const std::array<int, 2>& v)
{
    return std::to_string(v[0]) + "x" + std::to_string(v[1]);
}

} // namespace

int PoolOutputSize(int in, int kernel, int stride, int padding, int dilation, bool ceil_mode)
{
    const int span = in + 2 * padding - dilation * (kernel - 1) - 1 + (ceil_mode ? stride - 1 : 0);
    int out = (span >= 0 ? span / stride : -((-span + stride - 1) / stride)) + 1;
    if (ceil_mode && (out - 1) * stride >= in + padding) --out; // the last window starts inside
    return out;
}

AdaptiveBin AdaptivePoolBin(int i, int in, int out)
{
    const long long a = i, b = out, c = in;
    return {static_cast<int>((a / b) * c + ((a % b) * c) / b), static_cast<int>(1 + ((a + 1) * c - 1) / b)};
}

Message ValidateMaxPool2d(const MaxPool2dConfig& c)
{
    if (Message m = CheckWindow(c.Kernel, c.Stride, c.Padding); !m.Empty()) return m;
    for (int a = 0; a < 2; ++a)
        if (Message m = CheckRange("dilation", c.Dilation[a], 1, kPoolMaxKernel); !m.Empty()) return m;
    return {};
}

Message ValidateAvgPool2d(const AvgPool2dConfig& c)
{
    if (Message m = CheckWindow(c.Kernel, c.Stride, c.Padding); !m.Empty()) return m;
    return CheckRange("divisor_override", c.DivisorOverride, 0, 1 << 20);
}

Message ValidateAdaptivePool2d(const AdaptivePool2dConfig& c)
{
    for (int a = 0; a < 2; ++a)
        if (Message m = CheckRange("output_size", c.Output[a], 1, kPoolMaxOutput); !m.Empty()) return m;
    return {};
}

template <typename T>
Result<Shape> Pool2dBase<T>::OutputShape(const Shape& in, Mode) const
{
    const std::string name = this->Describe();
    if (in.size() != 4) return Result<Shape>::Fail(detail::WrongRank(name, "[N, C, H, W]", in));
    if (Message m = detail::CheckShape(in); !m.Empty()) return Result<Shape>::Fail(m);
    if (Message m = CheckAxes(in[2], in[3]); !m.Empty()) return Result<Shape>::Fail(m);
    const std::array<int, 2> o = OutSize(in[2], in[3]);
    const Shape out{in[0], in[1], o[0], o[1]};
    if (Message m = detail::CheckShape(out); !m.Empty()) return Result<Shape>::Fail(m);
    return out;
}

// ---- MaxPool2d -----------------------------------------------------------------------------

template <typename T>
MaxPool2d<T>::MaxPool2d(const MaxPool2dConfig& c) : C_(c)
{
    for (int a = 0; a < 2; ++a) C_.Stride[a] = StrideOf(c.Stride[a], c.Kernel[a]);
}

template <typename T>
std::string MaxPool2d<T>::Describe() const
{
    return "MaxPool2d(kernel " + Pair(C_.Kernel) + ", stride " + Pair(C_.Stride) + ", padding " + Pair(C_.Padding) +
        (C_.Dilation != std::array<int, 2>{1, 1} ? ", dilation " + Pair(C_.Dilation) : "") + (C_.CeilMode ? ", ceil_mode)" : ")");
}

template <typename T>
std::array<int, 2> MaxPool2d<T>::OutSize(int h, int w) const
{
    return {PoolOutputSize(h, C_.Kernel[0], C_.Stride[0], C_.Padding[0], C_.Dilation[0], C_.CeilMode),
            PoolOutputSize(w, C_.Kernel[1], C_.Stride[1], C_.Padding[1], C_.Dilation[1], C_.CeilMode)};
}

template <typename T>
Message MaxPool2d<T>::CheckAxes(int h, int w) const
{
    const std::array<int, 2> in{h, w}, o = OutSize(h, w);
    for (int a = 0; a < 2; ++a)
        if (o[a] < 1)
            return detail::EmptyOutput("MaxPool2d", a + 2, in[a], C_.Kernel[a], C_.Stride[a], C_.Padding[a], C_.Dilation[a]);
    return {};
}

template <typename T>
Tensor<T> MaxPool2d<T>::Forward(const Tensor<T>& x, Mode)
{
    this->Input_ = x;
    const int planes = x.Dim(0) * x.Dim(1), H = x.Dim(2), W = x.Dim(3);
    const auto [OH, OW] = OutSize(H, W);
    Tensor<T> y({x.Dim(0), x.Dim(1), OH, OW});
    ArgMax_.assign(y.Numel(), 0);
    for (int p = 0; p < planes; ++p) {
        const T* in = x.Ptr() + static_cast<long>(p) * H * W;
        for (int oh = 0; oh < OH; ++oh)
            for (int ow = 0; ow < OW; ++ow) {
                int h0 = oh * C_.Stride[0] - C_.Padding[0], w0 = ow * C_.Stride[1] - C_.Padding[1];
                const int h1 = std::min(h0 + (C_.Kernel[0] - 1) * C_.Dilation[0] + 1, H);
                const int w1 = std::min(w0 + (C_.Kernel[1] - 1) * C_.Dilation[1] + 1, W);
                while (h0 < 0) h0 += C_.Dilation[0];
                while (w0 < 0) w0 += C_.Dilation[1];
                int best = h0 * W + w0;
                T best_value = -std::numeric_limits<T>::infinity();
                for (int ih = h0; ih < h1; ih += C_.Dilation[0])
                    for (int iw = w0; iw < w1; iw += C_.Dilation[1]) {
                        const T v = in[ih * W + iw];
                        if (v > best_value || std::isnan(v)) {
                            best_value = v;
                            best = ih * W + iw;
                        }
                    }
                const long o = (static_cast<long>(p) * OH + oh) * OW + ow;
                y[o] = best_value;
                ArgMax_[o] = best;
            }
    }
    return y;
}

template <typename T>
Tensor<T> MaxPool2d<T>::Backward(const Tensor<T>& dy, bool need_input_grad)
{
    if (!need_input_grad) return {};
    const Tensor<T>& x = this->Input_;
    Tensor<T> dx(x.Dims);
    const long plane_in = static_cast<long>(x.Dim(2)) * x.Dim(3), plane_out = static_cast<long>(dy.Dim(2)) * dy.Dim(3);
    for (long o = 0; o < static_cast<long>(dy.Numel()); ++o) dx[(o / plane_out) * plane_in + ArgMax_[o]] += dy[o];
    return dx;
}

// ---- AvgPool2d -----------------------------------------------------------------------------

template <typename T>
AvgPool2d<T>::AvgPool2d(const AvgPool2dConfig& c) : C_(c)
{
    for (int a = 0; a < 2; ++a) C_.Stride[a] = StrideOf(c.Stride[a], c.Kernel[a]);
}

template <typename T>
std::string AvgPool2d<T>::Describe() const
{
    return "AvgPool2d(kernel " + Pair(C_.Kernel) + ", stride " + Pair(C_.Stride) + ", padding " + Pair(C_.Padding) +
        (C_.CeilMode ? ", ceil_mode" : "") + (C_.CountIncludePad ? "" : ", count_include_pad=False") +
        (C_.DivisorOverride ? ", divisor " + std::to_string(C_.DivisorOverride) : "") + ")";
}

template <typename T>
std::array<int, 2> AvgPool2d<T>::OutSize(int h, int w) const
{
    return {PoolOutputSize(h, C_.Kernel[0], C_.Stride[0], C_.Padding[0], 1, C_.CeilMode),
            PoolOutputSize(w, C_.Kernel[1], C_.Stride[1], C_.Padding[1], 1, C_.CeilMode)};
}

template <typename T>
Message AvgPool2d<T>::CheckAxes(int h, int w) const
{
    const std::array<int, 2> in{h, w}, o = OutSize(h, w);
    for (int a = 0; a < 2; ++a)
        if (o[a] < 1) return detail::EmptyOutput("AvgPool2d", a + 2, in[a], C_.Kernel[a], C_.Stride[a], C_.Padding[a], 1);
    return {};
}

template <typename T>
void AvgPool2d<T>::Window(int oh, int ow, int H, int W, int& h0, int& h1, int& w0, int& w1, int& divisor) const
{
    h0 = oh * C_.Stride[0] - C_.Padding[0];
    w0 = ow * C_.Stride[1] - C_.Padding[1];
    h1 = std::min(h0 + C_.Kernel[0], H + C_.Padding[0]);
    w1 = std::min(w0 + C_.Kernel[1], W + C_.Padding[1]);
    const int pool_size = (h1 - h0) * (w1 - w0);
    h0 = std::max(h0, 0);
    w0 = std::max(w0, 0);
    h1 = std::min(h1, H);
    w1 = std::min(w1, W);
    if (h0 >= h1 || w0 >= w1)
        divisor = 0;
    else if (C_.DivisorOverride)
        divisor = C_.DivisorOverride;
    else
        divisor = C_.CountIncludePad ? pool_size : (h1 - h0) * (w1 - w0);
}

template <typename T>
Tensor<T> AvgPool2d<T>::Forward(const Tensor<T>& x, Mode)
{
    this->Input_ = x;
    const int planes = x.Dim(0) * x.Dim(1), H = x.Dim(2), W = x.Dim(3);
    const auto [OH, OW] = OutSize(H, W);
    Tensor<T> y({x.Dim(0), x.Dim(1), OH, OW});
    for (int p = 0; p < planes; ++p) {
        const T* in = x.Ptr() + static_cast<long>(p) * H * W;
        for (int oh = 0; oh < OH; ++oh)
            for (int ow = 0; ow < OW; ++ow) {
                int h0, h1, w0, w1, divisor;
                Window(oh, ow, H, W, h0, h1, w0, w1, divisor);
                if (divisor == 0) continue;
                T s = T(0);
                for (int ih = h0; ih < h1; ++ih)
                    for (int iw = w0; iw < w1; ++iw) s += in[ih * W + iw];
                y[(static_cast<long>(p) * OH + oh) * OW + ow] = s / static_cast<T>(divisor);
            }
    }
    return y;
}

template <typename T>
Tensor<T> AvgPool2d<T>::Backward(const Tensor<T>& dy, bool need_input_grad)
{
    if (!need_input_grad) return {};
    const Tensor<T>& x = this->Input_;
    Tensor<T> dx(x.Dims);
    const int planes = x.Dim(0) * x.Dim(1), H = x.Dim(2), W = x.Dim(3), OH = dy.Dim(2), OW = dy.Dim(3);
    for (int p = 0; p < planes; ++p) {
        T* d = dx.Ptr() + static_cast<long>(p) * H * W;
        for (int oh = 0; oh < OH; ++oh)
            for (int ow = 0; ow < OW; ++ow) {
                int h0, h1, w0, w1, divisor;
                Window(oh, ow, H, W, h0, h1, w0, w1, divisor);
                if (divisor == 0) continue;
                const T g = dy[(static_cast<long>(p) * OH + oh) * OW + ow] / static_cast<T>(divisor);
                for (int ih = h0; ih < h1; ++ih)
                    for (int iw = w0; iw < w1; ++iw) d[ih * W + iw] += g;
            }
    }
    return dx;
}

// ---- Adaptive pools ------------------------------------------------------------------------

template <typename T>
AdaptivePool2d<T>::AdaptivePool2d(const AdaptivePool2dConfig& c, bool max) : C_(c),
                                                                             Max_(max)
{
}

template <typename T>
std::string AdaptivePool2d<T>::Describe() const
{
    return std::string(Max_ ? "AdaptiveMaxPool2d(" : "AdaptiveAvgPool2d(") + Pair(C_.Output) + ")";
}

template <typename T>
std::array<int, 2> AdaptivePool2d<T>::OutSize(int, int) const
{
    return C_.Output;
}

template <typename T>
Message AdaptivePool2d<T>::CheckAxes(int, int) const
{
    return {};
}

template <typename T>
Tensor<T> AdaptivePool2d<T>::Forward(const Tensor<T>& x, Mode)
{
    this->Input_ = x;
    const int planes = x.Dim(0) * x.Dim(1), H = x.Dim(2), W = x.Dim(3), OH = C_.Output[0], OW = C_.Output[1];
    Tensor<T> y({x.Dim(0), x.Dim(1), OH, OW});
    ArgMax_.assign(Max_ ? y.Numel() : 0, 0);
    for (int p = 0; p < planes; ++p) {
        const T* in = x.Ptr() + static_cast<long>(p) * H * W;
        for (int oh = 0; oh < OH; ++oh) {
            const AdaptiveBin bh = AdaptivePoolBin(oh, H, OH);
            for (int ow = 0; ow < OW; ++ow) {
                const AdaptiveBin bw = AdaptivePoolBin(ow, W, OW);
                const long o = (static_cast<long>(p) * OH + oh) * OW + ow;
                if (Max_) {
                    int best = bh.Begin * W + bw.Begin;
                    T best_value = -std::numeric_limits<T>::infinity();
                    for (int ih = bh.Begin; ih < bh.End; ++ih)
                        for (int iw = bw.Begin; iw < bw.End; ++iw) {
                            const T v = in[ih * W + iw];
                            if (v > best_value || std::isnan(v)) {
                                best_value = v;
                                best = ih * W + iw;
                            }
                        }
                    y[o] = best_value;
                    ArgMax_[o] = best;
                } else {
                    T s = T(0);
                    for (int ih = bh.Begin; ih < bh.End; ++ih)
                        for (int iw = bw.Begin; iw < bw.End; ++iw) s += in[ih * W + iw];
                    y[o] = s / static_cast<T>((bh.End - bh.Begin) * (bw.End - bw.Begin));
                }
            }
        }
    }
    return y;
}

template <typename T>
Tensor<T> AdaptivePool2d<T>::Backward(const Tensor<T>& dy, bool need_input_grad)
{
    if (!need_input_grad) return {};
    const Tensor<T>& x = this->Input_;
    Tensor<T> dx(x.Dims);
    const int planes = x.Dim(0) * x.Dim(1), H = x.Dim(2), W = x.Dim(3), OH = C_.Output[0], OW = C_.Output[1];
    for (int p = 0; p < planes; ++p) {
        T* d = dx.Ptr() + static_cast<long>(p) * H * W;
        for (int oh = 0; oh < OH; ++oh) {
            const AdaptiveBin bh = AdaptivePoolBin(oh, H, OH);
            for (int ow = 0; ow < OW; ++ow) {
                const AdaptiveBin bw = AdaptivePoolBin(ow, W, OW);
                const long o = (static_cast<long>(p) * OH + oh) * OW + ow;
                if (Max_) {
                    d[ArgMax_[o]] += dy[o];
                    continue;
                }
                const T g = dy[o] / static_cast<T>((bh.End - bh.Begin) * (bw.End - bw.Begin));
                for (int ih = bh.Begin; ih < bh.End; ++ih)
                    for (int iw = bw.Begin; iw < bw.End; ++iw) d[ih * W + iw] += g;
            }
        }
    }
    return dx;
}

template class Pool2dBase<float>;
template class Pool2dBase<double>;
template class MaxPool2d<float>;
template class MaxPool2d<double>;
template class AvgPool2d<float>;
template class AvgPool2d<double>;
template class AdaptivePool2d<float>;
template class AdaptivePool2d<double>;

} // namespace mlviz::nn
