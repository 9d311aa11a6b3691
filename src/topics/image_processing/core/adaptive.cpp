// Adaptive thresholding as cv2.adaptiveThreshold (see adaptive.h).
#include "topics/image_processing/core/adaptive.h"

#include <algorithm>
#include <cmath>

#include "topics/image_processing/core/kernels.h"

namespace mlviz {

namespace {

std::uint8_t SaturateRoundEven(float v)
{
    const long r = std::lrint(v); // default rounding: nearest, ties to even (cvRound)
    return static_cast<std::uint8_t>(std::clamp(r, 0L, 255L));
}

// fmaf(a, b, c) without a library call: the product of two floats is exact in double, so only the
// final sum is rounded twice (double, then float), which differs from one rounding only when the
// double lands exactly on a float midpoint (about 2^-29 of the cases).
inline float FusedMulAdd(float a, float b, float c)
{
    return static_cast<float>(static_cast<double>(a) * static_cast<double>(b) + static_cast<double>(c));
}

// Box mean of one row of column sums (box_filter.simd.hpp ColumnSum<ushort|int, uchar>).
struct BoxDivider {
    bool FixedPoint = false;
    int DivScale = 1, DivDelta = 0;
    float ScaleF = 1.0f;

    explicit BoxDivider(int block)
    {
        const int area = block * block;
        const double scale = 1.0 / area;
        FixedPoint = area <= 256; // createBoxFilter picks CV_16U sums for ksize area <= 256
        if (FixedPoint) {
            const int d = static_cast<int>(std::lrint(1.0 / scale));
            double scalef = static_cast<double>(1 << 23) / d;
            DivScale = static_cast<int>(std::floor(scalef));
            scalef -= DivScale;
            DivDelta = d / 2;
            if (scalef < 0.5)
                ++DivDelta;
            else
                ++DivScale;
        }
        ScaleF = static_cast<float>(scale);
    }
    std::uint8_t operator()(std::int32_t s) const
    {
        if (FixedPoint) return static_cast<std::uint8_t>((static_cast<std::int64_t>(s) + DivDelta) * DivScale >> 23);
        return SaturateRoundEven(static_cast<float>(s) * ScaleF);
    }
};

} // namespace

std::string_view AdaptiveMethodName(AdaptiveMethod m)
{
    return m == AdaptiveMethod::Mean ? "mean" : m == AdaptiveMethod::Gaussian ? "gaussian" : "?";
}

bool AdaptiveMethodFromName(std::string_view name, AdaptiveMethod* out)
{
    if (name == "mean")
        *out = AdaptiveMethod::Mean;
    else if (name == "gaussian")
        *out = AdaptiveMethod::Gaussian;
    else
        return false;
    return true;
}

Message ValidateAdaptive(const AdaptiveSpec& spec)
{
    if (spec.Method != AdaptiveMethod::Mean && spec.Method != AdaptiveMethod::Gaussian)
        return Msg("неизвестный метод адаптивного порога");
    if (spec.BlockSize < 3 || spec.BlockSize > kIpMaxBlockSize || spec.BlockSize % 2 == 0)
        return Msg("размер блока %d: нужно нечётное число от 3 до %d", spec.BlockSize, kIpMaxBlockSize);
    if (!std::isfinite(spec.C) || std::fabs(spec.C) > 255.0) return Msg("C = %g: нужно число от -255 до 255", spec.C);
    return {};
}

Result<AdaptiveJob> AdaptiveJob::Start(const Plane8& src, const AdaptiveSpec& spec)
{
    Message why = ValidatePlaneSize(src.Width, src.Height);
    if (why.Empty()) why = ValidateAdaptive(spec);
    if (!why.Empty()) return Result<AdaptiveJob>::Fail(why);
    AdaptiveJob job;
    job.State_ = std::make_shared<State>();
    job.Pipeline_ = std::make_shared<RowPipeline>();
    State* s = job.State_.get();
    s->Src = src;
    s->Spec = spec;
    s->Mean = Plane8(src.Width, src.Height);
    s->Out = Plane8(src.Width, src.Height);
    s->Delta = spec.Invert ? static_cast<int>(std::floor(spec.C)) : static_cast<int>(std::ceil(spec.C));
    const int w = src.Width, h = src.Height, k = spec.BlockSize, r = k / 2;
    const long long cost = static_cast<long long>(w) * k;

    if (spec.Method == AdaptiveMethod::Mean) {
        // Horizontal sums over the replicated border, then a vertical sum per output row.
        s->RowSums.resize(src.Pixels.size());
        job.Pipeline_->Add(h, 3LL * w, [s, w, r](int y0, int y1) {
            for (int y = y0; y < y1; ++y) {
                const std::uint8_t* in = s->Src.Row(y);
                std::int32_t* out = s->RowSums.data() + static_cast<std::size_t>(y) * w;
                std::int32_t acc = 0;
                for (int x = -r; x <= r; ++x) acc += in[std::clamp(x, 0, w - 1)];
                for (int x = 0; x < w; ++x) {
                    out[x] = acc;
                    acc += in[std::min(x + r + 1, w - 1)] - in[std::max(x - r, 0)];
                }
            }
        });
        // Vertical sums slide down the rows of a call (the first row of each call is summed whole).
        job.Pipeline_->Add(h, 4LL * w, [s, w, h, r, k](int y0, int y1) {
            const BoxDivider div(k);
            auto row = [s, w, h](int y) { return s->RowSums.data() + static_cast<std::size_t>(std::clamp(y, 0, h - 1)) * w; };
            std::vector<std::int32_t> acc(w, 0);
            for (int j = -r; j <= r; ++j) {
                const std::int32_t* p = row(y0 + j);
                for (int x = 0; x < w; ++x) acc[x] += p[x];
            }
            for (int y = y0; y < y1; ++y) {
                if (y > y0) {
                    const std::int32_t *add = row(y + r), *sub = row(y - r - 1);
                    for (int x = 0; x < w; ++x) acc[x] += add[x] - sub[x];
                }
                std::uint8_t* m = s->Mean.Row(y);
                for (int x = 0; x < w; ++x) m[x] = div(acc[x]);
            }
        });
    } else {
        // Float separable Gaussian as filter.simd.hpp runs it on AVX2 (RowVec_32f: a product, then fused
        // multiply-adds left to right; SymmColumnVec_32f: the centre, then fma(up + down, k, acc)).
        for (double v : GaussianKernel1D(k, 0.0)) s->KernelF.push_back(static_cast<float>(v));
        s->RowF.resize(src.Pixels.size());
        job.Pipeline_->Add(h, cost, [s, w, r](int y0, int y1) {
            const float* kf = s->KernelF.data();
            std::vector<float> padded(static_cast<std::size_t>(w) + 2 * r);
            for (int y = y0; y < y1; ++y) {
                const std::uint8_t* in = s->Src.Row(y);
                for (int x = -r; x < w + r; ++x) padded[x + r] = in[std::clamp(x, 0, w - 1)];
                float* out = s->RowF.data() + static_cast<std::size_t>(y) * w;
                // Tap-major so that the loop over x vectorises (each pixel's chain keeps its order).
                for (int x = 0; x < w; ++x) out[x] = kf[0] * padded[x];
                for (int i = 1; i <= 2 * r; ++i) {
                    const float k = kf[i];
                    const float* p = padded.data() + i;
                    for (int x = 0; x < w; ++x) out[x] = FusedMulAdd(k, p[x], out[x]);
                }
            }
        });
        job.Pipeline_->Add(h, cost / 2, [s, w, h, r](int y0, int y1) {
            const float* kf = s->KernelF.data();
            std::vector<float> acc(w);
            for (int y = y0; y < y1; ++y) {
                const float* c = s->RowF.data() + static_cast<std::size_t>(y) * w;
                for (int x = 0; x < w; ++x) acc[x] = kf[r] * c[x];
                for (int j = 1; j <= r; ++j) {
                    const float* up = s->RowF.data() + static_cast<std::size_t>(std::max(y - j, 0)) * w;
                    const float* dn = s->RowF.data() + static_cast<std::size_t>(std::min(y + j, h - 1)) * w;
                    for (int x = 0; x < w; ++x) acc[x] = FusedMulAdd(up[x] + dn[x], kf[r + j], acc[x]);
                }
                std::uint8_t* m = s->Mean.Row(y);
                for (int x = 0; x < w; ++x) m[x] = SaturateRoundEven(acc[x]);
            }
        });
    }
    job.Pipeline_->Add(h, 2LL * w, [s, w](int y0, int y1) {
        for (int y = y0; y < y1; ++y) {
            const std::uint8_t* in = s->Src.Row(y);
            const std::uint8_t* m = s->Mean.Row(y);
            std::uint8_t* out = s->Out.Row(y);
            for (int x = 0; x < w; ++x) {
                const int d = in[x] - m[x];
                const bool fg = s->Spec.Invert ? d <= -s->Delta : d > -s->Delta;
                out[x] = fg ? 255 : 0;
            }
        }
    });
    return job;
}

Result<AdaptiveResult> AdaptiveThreshold(const Plane8& src, const AdaptiveSpec& spec)
{
    auto job = AdaptiveJob::Start(src, spec);
    if (!job) return Result<AdaptiveResult>::Fail(job.Error());
    while (!job->Done()) job.Value().Step(1LL << 40);
    return AdaptiveResult{job->Mean(), job->Output()};
}

} // namespace mlviz
