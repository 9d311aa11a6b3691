// Bit-exact 8-bit Gaussian blur (see gauss8.h).
#include "topics/image_processing/core/gauss8.h"

#include <algorithm>
#include <cmath>

#include "topics/image_processing/core/kernels.h"

namespace mlviz {

Result<int> ResolveGaussianSize(const GaussianBlurSpec& spec)
{
    if (!std::isfinite(spec.Sigma) || spec.Sigma > kIpMaxSigma)
        return Result<int>::Fail(Msg("sigma = %g: нужно число не больше %g", spec.Sigma, kIpMaxSigma));
    int n = spec.KernelSize;
    if (n == 0) {
        if (spec.Sigma <= 0.0) return Result<int>::Fail(Msg("размытие: задайте sigma > 0 или размер ядра"));
        n = GaussianAutoSize(spec.Sigma, true);
    }
    if (n < 1 || n % 2 == 0 || n > 6 * static_cast<int>(kIpMaxSigma) + 1)
        return Result<int>::Fail(
            Msg("размер ядра %d: нужно нечётное число от 1 до %d", n, 6 * static_cast<int>(kIpMaxSigma) + 1));
    return n;
}

void GaussianRowsQ8(const Plane8& src, std::vector<std::uint16_t>& tmp, const std::vector<int>& kernel, BorderMode border, int y0,
                    int y1)
{
    const int w = src.Width, r = static_cast<int>(kernel.size()) / 2;
    std::vector<int> idx(static_cast<std::size_t>(w) + 2 * r);
    for (int x = -r; x < w + r; ++x) idx[x + r] = BorderIndex(x, w, border);
    for (int y = y0; y < y1; ++y) {
        const std::uint8_t* in = src.Row(y);
        std::uint16_t* out = tmp.data() + static_cast<std::size_t>(y) * w;
        for (int x = 0; x < w; ++x) {
            unsigned acc = 0; // <= 255 * 256: exact in 16 bits, as OpenCV's ufixedpoint16
            for (int i = 0; i <= 2 * r; ++i)
                if (idx[x + i] >= 0) acc += static_cast<unsigned>(kernel[i]) * in[idx[x + i]];
            out[x] = static_cast<std::uint16_t>(acc);
        }
    }
}

void GaussianColumnsQ8(const std::vector<std::uint16_t>& tmp, Plane8& out, const std::vector<int>& kernel, BorderMode border,
                       int y0, int y1)
{
    const int w = out.Width, h = out.Height, r = static_cast<int>(kernel.size()) / 2;
    std::vector<std::uint32_t> acc(w);
    for (int y = y0; y < y1; ++y) {
        std::fill(acc.begin(), acc.end(), 0u);
        for (int j = 0; j <= 2 * r; ++j) {
            const int sy = BorderIndex(y + j - r, h, border);
            if (sy < 0) continue;
            const std::uint16_t* t = tmp.data() + static_cast<std::size_t>(sy) * w;
            const std::uint32_t k = static_cast<std::uint32_t>(kernel[j]);
            for (int x = 0; x < w; ++x) acc[x] += k * t[x];
        }
        std::uint8_t* o = out.Row(y);
        for (int x = 0; x < w; ++x) o[x] = static_cast<std::uint8_t>(std::min<std::uint32_t>(255u, (acc[x] + (1u << 15)) >> 16));
    }
}

Result<GaussianBlur8Job> GaussianBlur8Job::Start(const Plane8& src, const GaussianBlurSpec& spec)
{
    const Message why = ValidatePlaneSize(src.Width, src.Height);
    if (!why.Empty()) return Result<GaussianBlur8Job>::Fail(why);
    const auto n = ResolveGaussianSize(spec);
    if (!n) return Result<GaussianBlur8Job>::Fail(n.Error());
    GaussianBlur8Job job;
    job.State_ = std::make_shared<State>();
    job.Pipeline_ = std::make_shared<RowPipeline>();
    State* s = job.State_.get();
    s->Src = src;
    s->Out = Plane8(src.Width, src.Height);
    s->Tmp.resize(src.Pixels.size());
    s->K = GaussianKernelQ8(*n, spec.Sigma);
    s->Border = spec.Border;
    const long long cost = static_cast<long long>(src.Width) * *n;
    job.Pipeline_->Add(src.Height, cost, [s](int y0, int y1) { GaussianRowsQ8(s->Src, s->Tmp, s->K, s->Border, y0, y1); });
    job.Pipeline_->Add(src.Height, cost, [s](int y0, int y1) { GaussianColumnsQ8(s->Tmp, s->Out, s->K, s->Border, y0, y1); });
    return job;
}

Result<Plane8> GaussianBlur8(const Plane8& src, const GaussianBlurSpec& spec)
{
    auto job = GaussianBlur8Job::Start(src, spec);
    if (!job) return Result<Plane8>::Fail(job.Error());
    while (!job->Done()) job.Value().Step(1LL << 40);
    return job->Output();
}

} // namespace mlviz
