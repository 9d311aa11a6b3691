// Convolution job and hover breakdown (see convolve.h).
#include "topics/image_processing/core/convolve.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

namespace {

Message ValidateInputs(const PlaneF& src, const FilterKernel& kernel)
{
    Message why = ValidatePlaneSize(src.Width, src.Height);
    if (!why.Empty()) return why;
    if (src.Values.size() != static_cast<std::size_t>(src.Width) * src.Height)
        return Msg("изображение повреждено: число пикселей не совпадает с размером");
    if (kernel.Size < 1 || kernel.Size % 2 == 0 || kernel.Size > kIpMaxKernelSize ||
        kernel.Weights.size() != static_cast<std::size_t>(kernel.Size) * kernel.Size)
        return Msg("размер ядра %d: нужно нечётное число от 1 до %d", kernel.Size, kIpMaxKernelSize);
    for (double w : kernel.Weights)
        if (!std::isfinite(w)) return Msg("вес ядра не конечен");
    return {};
}

// Horizontal 1-D pass of rows [y0, y1) of `in` into `out`.
void RowPass(const PlaneF& in, PlaneF& out, const std::vector<double>& w, BorderMode border, int y0, int y1)
{
    const int r = static_cast<int>(w.size()) / 2, width = in.Width;
    std::vector<int> idx(static_cast<std::size_t>(width) + 2 * r);
    for (int x = -r; x < width + r; ++x) idx[x + r] = BorderIndex(x, width, border);
    for (int y = y0; y < y1; ++y) {
        const float* s = in.Row(y);
        float* d = out.Row(y);
        for (int x = 0; x < width; ++x) {
            double acc = 0.0;
            for (int i = 0; i <= 2 * r; ++i) {
                const int sx = idx[x + i];
                if (sx >= 0) acc += w[i] * s[sx];
            }
            d[x] = static_cast<float>(acc);
        }
    }
}

// Vertical 1-D pass; the intermediate is kept in float like OpenCV's separable filter.
void ColumnPass(const PlaneF& in, PlaneF& out, const std::vector<double>& w, BorderMode border, int y0, int y1)
{
    const int r = static_cast<int>(w.size()) / 2, width = in.Width;
    std::vector<double> acc(width);
    for (int y = y0; y < y1; ++y) {
        std::fill(acc.begin(), acc.end(), 0.0);
        for (int j = 0; j <= 2 * r; ++j) {
            const int sy = BorderIndex(y + j - r, in.Height, border);
            if (sy < 0) continue;
            const float* s = in.Row(sy);
            for (int x = 0; x < width; ++x) acc[x] += w[j] * s[x];
        }
        float* d = out.Row(y);
        for (int x = 0; x < width; ++x) d[x] = static_cast<float>(acc[x]);
    }
}

void DirectPass(const PlaneF& in, PlaneF& out, const FilterKernel& k, BorderMode border, int y0, int y1)
{
    const int r = k.Size / 2, w = in.Width;
    std::vector<int> idx(static_cast<std::size_t>(w) + 2 * r);
    for (int x = -r; x < w + r; ++x) idx[x + r] = BorderIndex(x, w, border);
    std::vector<const float*> rows(k.Size);
    for (int y = y0; y < y1; ++y) {
        for (int j = 0; j < k.Size; ++j) {
            const int sy = BorderIndex(y + j - r, in.Height, border);
            rows[j] = sy < 0 ? nullptr : in.Row(sy);
        }
        for (int x = 0; x < w; ++x) {
            double acc = 0.0;
            const bool inside = x >= r && x < w - r; // no border lookups in the interior
            for (int j = 0; j < k.Size; ++j) {
                if (!rows[j]) continue;
                const double* kw = k.Weights.data() + static_cast<std::size_t>(j) * k.Size;
                if (inside) {
                    const float* s = rows[j] + x - r;
                    for (int i = 0; i < k.Size; ++i) acc += kw[i] * s[i];
                } else {
                    for (int i = 0; i < k.Size; ++i)
                        if (idx[x + i] >= 0) acc += kw[i] * rows[j][idx[x + i]];
                }
            }
            out.At(x, y) = static_cast<float>(acc);
        }
    }
}

} // namespace

PlaneF PlaneFromGray(const Plane8& gray)
{
    PlaneF p(gray.Width, gray.Height);
    for (std::size_t i = 0; i < gray.Pixels.size(); ++i) p.Values[i] = gray.Pixels[i];
    return p;
}

Result<ConvolutionBreakdown> ExplainConvolution(const PlaneF& src, const FilterKernel& kernel, BorderMode border, int x, int y)
{
    const Message why = ValidateInputs(src, kernel);
    if (!why.Empty()) return Result<ConvolutionBreakdown>::Fail(why);
    if (x < 0 || y < 0 || x >= src.Width || y >= src.Height)
        return Result<ConvolutionBreakdown>::Fail(Msg("пиксель (%d, %d) вне изображения %dx%d", x, y, src.Width, src.Height));
    ConvolutionBreakdown b;
    const int r = kernel.Size / 2;
    for (int j = 0; j < kernel.Size; ++j)
        for (int i = 0; i < kernel.Size; ++i) {
            ConvolutionTerm t;
            t.Dx = i - r;
            t.Dy = j - r;
            t.X = x + t.Dx;
            t.Y = y + t.Dy;
            t.Inside = t.X >= 0 && t.Y >= 0 && t.X < src.Width && t.Y < src.Height;
            t.SourceX = BorderIndex(t.X, src.Width, border);
            t.SourceY = BorderIndex(t.Y, src.Height, border);
            if (t.SourceX < 0 || t.SourceY < 0) t.SourceX = t.SourceY = -1;
            t.Value = t.SourceX < 0 ? 0.0 : src.At(t.SourceX, t.SourceY);
            t.Weight = kernel.At(i, j);
            t.Product = t.Weight * t.Value;
            b.Sum += t.Product;
            b.Terms.push_back(t);
        }
    return b;
}

Result<ConvolveJob> ConvolveJob::Start(const PlaneF& src, const FilterKernel& kernel, BorderMode border)
{
    const Message why = ValidateInputs(src, kernel);
    if (!why.Empty()) return Result<ConvolveJob>::Fail(why);
    ConvolveJob job;
    job.State_ = std::make_shared<State>();
    job.Pipeline_ = std::make_shared<RowPipeline>();
    State* s = job.State_.get();
    s->Src = src;
    s->K = kernel;
    s->Border = border;
    s->Out = PlaneF(src.Width, src.Height);
    const int h = src.Height;
    const long long w = src.Width;
    if (!kernel.Row.empty() && !kernel.Column.empty()) {
        s->Tmp = PlaneF(src.Width, src.Height);
        job.Pipeline_->Add(h, w * kernel.Size, [s](int y0, int y1) { RowPass(s->Src, s->Tmp, s->K.Row, s->Border, y0, y1); });
        job.Pipeline_->Add(h, w * kernel.Size,
                           [s](int y0, int y1) { ColumnPass(s->Tmp, s->Out, s->K.Column, s->Border, y0, y1); });
    } else {
        job.Pipeline_->Add(h, w * kernel.Size * kernel.Size,
                           [s](int y0, int y1) { DirectPass(s->Src, s->Out, s->K, s->Border, y0, y1); });
    }
    return job;
}

Result<PlaneF> Convolve(const PlaneF& src, const FilterKernel& kernel, BorderMode border)
{
    auto job = ConvolveJob::Start(src, kernel, border);
    if (!job) return Result<PlaneF>::Fail(job.Error());
    while (!job->Done()) job.Value().Step(1LL << 40);
    return job->Output();
}

} // namespace mlviz
