// Canny stage by stage, equal to cv2.Canny after the blur (see canny.h).
#include "topics/image_processing/core/canny.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "topics/image_processing/core/gauss8.h"
#include "topics/image_processing/core/kernels.h"

namespace mlviz {

namespace {

constexpr int kTg22 = 13573; // (int)(tan(22.5°) * 2^15 + 0.5), canny.cpp

// canny.cpp's sector test on the integer gradient.
CannyBin BinOf(int dx, int dy)
{
    const long long x = std::abs(dx), y = static_cast<long long>(std::abs(dy)) << 15;
    const long long tg22x = x * kTg22;
    if (y < tg22x) return CannyBin::Horizontal;
    const long long tg67x = tg22x + (x << 16);
    if (y > tg67x) return CannyBin::Vertical;
    return (dx ^ dy) < 0 ? CannyBin::DiagonalUp : CannyBin::DiagonalDown;
}

// The two neighbours compared: offsets and whether each comparison is strict.
struct BinRule {
    int Dx0, Dy0, Dx1, Dy1;
    bool Strict1; // the first comparison is always strict
};

BinRule RuleOf(CannyBin bin)
{
    switch (bin) {
    case CannyBin::Horizontal: return {-1, 0, 1, 0, false};
    case CannyBin::Vertical: return {0, -1, 0, 1, false};
    case CannyBin::DiagonalDown: return {-1, -1, 1, 1, true}; // s = 1: (x - 1, y - 1), (x + 1, y + 1)
    case CannyBin::DiagonalUp: return {1, -1, -1, 1, true};   // s = -1: (x + 1, y - 1), (x - 1, y + 1)
    }
    return {-1, 0, 1, 0, false};
}

} // namespace

Message ValidateCanny(const CannySpec& spec)
{
    if (!std::isfinite(spec.Sigma) || spec.Sigma < 0.0 || spec.Sigma > kIpMaxSigma)
        return Msg("sigma = %g: нужно число от 0 до %g", spec.Sigma, kIpMaxSigma);
    for (double t : {spec.Low, spec.High})
        if (!std::isfinite(t) || t < 0.0 || t > kIpMaxCannyThreshold)
            return Msg("порог Канни %g: нужно число от 0 до %g", t, kIpMaxCannyThreshold);
    if (spec.Sigma > 0.0) {
        const auto n = ResolveGaussianSize(GaussianBlurSpec{spec.BlurSize, spec.Sigma, BorderMode::Reflect});
        if (!n) return n.Error();
    }
    return {};
}

Result<CannyJob> CannyJob::Start(const Plane8& src, const CannySpec& spec)
{
    Message why = ValidatePlaneSize(src.Width, src.Height);
    if (why.Empty()) why = ValidateCanny(spec);
    if (!why.Empty()) return Result<CannyJob>::Fail(why);
    CannyJob job;
    job.S_ = std::make_shared<State>();
    job.Pipeline_ = std::make_shared<RowPipeline>();
    State* s = job.S_.get();
    s->W = src.Width;
    s->H = src.Height;
    s->Spec = spec;
    s->Src = src;
    double low = std::min(spec.Low, spec.High), high = std::max(spec.Low, spec.High);
    if (spec.L2) {
        low = std::min(32767.0, low);
        high = std::min(32767.0, high);
        low *= low;
        high *= high;
    }
    s->LowInt = static_cast<int>(std::floor(low));
    s->HighInt = static_cast<int>(std::floor(high));
    const std::size_t n = static_cast<std::size_t>(s->W) * s->H;
    s->Dx.assign(n, 0);
    s->Dy.assign(n, 0);
    s->Mag.assign(n, 0);
    s->Layer.assign(n, -1);
    s->Bins.assign(n, 0);
    s->LocalMax.assign(n, 0);
    s->Classes.assign(n, kCannyNone);
    const long long w = s->W;

    if (spec.Sigma > 0.0) {
        const int size = *ResolveGaussianSize(GaussianBlurSpec{spec.BlurSize, spec.Sigma, BorderMode::Reflect});
        s->BlurKernel = GaussianKernelQ8(size, spec.Sigma);
        s->BlurTmp.resize(n);
        s->Blurred = Plane8(s->W, s->H);
        job.Pipeline_->Add(s->H, w * size, [s](int y0, int y1) {
            GaussianRowsQ8(s->Src, s->BlurTmp, s->BlurKernel, BorderMode::Reflect, y0, y1);
        });
        job.Pipeline_->Add(s->H, w * size, [s](int y0, int y1) {
            GaussianColumnsQ8(s->BlurTmp, s->Blurred, s->BlurKernel, BorderMode::Reflect, y0, y1);
        });
    } else {
        s->Blurred = src;
    }

    // 3x3 Sobel, BORDER_REPLICATE, and the magnitude.
    job.Pipeline_->Add(s->H, w * 12, [s](int y0, int y1) {
        const int W = s->W, H = s->H;
        for (int y = y0; y < y1; ++y) {
            const std::uint8_t* up = s->Blurred.Row(std::max(y - 1, 0));
            const std::uint8_t* mid = s->Blurred.Row(y);
            const std::uint8_t* dn = s->Blurred.Row(std::min(y + 1, H - 1));
            for (int x = 0; x < W; ++x) {
                const int xl = std::max(x - 1, 0), xr = std::min(x + 1, W - 1);
                const int dx = (up[xr] - up[xl]) + 2 * (mid[xr] - mid[xl]) + (dn[xr] - dn[xl]);
                const int dy = (dn[xl] + 2 * dn[x] + dn[xr]) - (up[xl] + 2 * up[x] + up[xr]);
                const std::size_t i = static_cast<std::size_t>(y) * W + x;
                s->Dx[i] = static_cast<std::int16_t>(dx);
                s->Dy[i] = static_cast<std::int16_t>(dy);
                s->Mag[i] = s->Spec.L2 ? dx * dx + dy * dy : std::abs(dx) + std::abs(dy);
                s->Bins[i] = static_cast<std::uint8_t>(BinOf(dx, dy));
            }
        }
    });

    // Non-maximum suppression and the double threshold.
    job.Pipeline_->Add(s->H, w * 8, [s](int y0, int y1) {
        const int W = s->W, H = s->H;
        auto mag = [s, W, H](int x, int y) -> std::int32_t {
            return x < 0 || y < 0 || x >= W || y >= H ? 0 : s->Mag[static_cast<std::size_t>(y) * W + x];
        };
        for (int y = y0; y < y1; ++y)
            for (int x = 0; x < W; ++x) {
                const std::size_t i = static_cast<std::size_t>(y) * W + x;
                const std::int32_t m = s->Mag[i];
                if (m <= 0) continue;
                const BinRule r = RuleOf(static_cast<CannyBin>(s->Bins[i]));
                const std::int32_t m1 = mag(x + r.Dx1, y + r.Dy1);
                const bool keep = m > mag(x + r.Dx0, y + r.Dy0) && (r.Strict1 ? m > m1 : m >= m1);
                s->LocalMax[i] = keep ? 1 : 0;
                if (keep && m > s->LowInt) s->Classes[i] = m > s->HighInt ? kCannyEdge : kCannyWeak;
            }
    });
    // The strong pixels, in raster order, are the hysteresis's first frontier.
    job.Pipeline_->Add(s->H, w, [s](int y0, int y1) {
        for (std::size_t i = static_cast<std::size_t>(y0) * s->W; i < static_cast<std::size_t>(y1) * s->W; ++i)
            if (s->Classes[i] == kCannyEdge) s->Frontier.push_back(static_cast<std::int32_t>(i));
    });
    return job;
}

void CannyJob::TakeSeeds()
{
    State* s = S_.get();
    s->Map = s->Classes;
    for (std::int32_t i : s->Frontier) s->Layer[i] = 0;
    s->FrontierPos = 0;
    s->FrontierIndex = 0;
    s->SeedsTaken = true;
}

bool CannyJob::Done() const
{
    return Pipeline_->Done() && S_->SeedsTaken && S_->Frontier.empty();
}

double CannyJob::Progress() const
{
    if (!Pipeline_->Done()) return 0.9 * Pipeline_->Progress();
    return Done() ? 1.0 : 0.95;
}

void CannyJob::Step(long long budget_pixels)
{
    Advance(budget_pixels, false);
}

void CannyJob::Advance(long long budget_pixels, bool one_frontier)
{
    if (!Pipeline_->Done()) {
        Pipeline_->Step(budget_pixels);
        return;
    }
    if (!S_->SeedsTaken) {
        TakeSeeds();
        return;
    }
    State* s = S_.get();
    const int W = s->W, H = s->H;
    // Each popped pixel costs its 8 neighbour tests.
    for (long long spent = 0; !s->Frontier.empty() && spent < budget_pixels; spent += 8) {
        const std::int32_t p = s->Frontier[s->FrontierPos++];
        const int x = p % W, y = p / W;
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                const int nx = x + dx, ny = y + dy;
                if ((dx == 0 && dy == 0) || nx < 0 || ny < 0 || nx >= W || ny >= H) continue;
                const std::size_t q = static_cast<std::size_t>(ny) * W + nx;
                if (s->Map[q] != kCannyWeak) continue;
                s->Map[q] = kCannyEdge;
                s->Layer[q] = s->FrontierIndex + 1;
                s->Next.push_back(static_cast<std::int32_t>(q));
            }
        if (s->FrontierPos == s->Frontier.size()) {
            // The ring is expanded: the pixels it reached are the next frontier.
            s->Frontier.swap(s->Next);
            s->Next.clear();
            s->FrontierPos = 0;
            ++s->FrontierIndex;
            if (one_frontier) break;
        }
    }
}

bool CannyJob::StepFrontier()
{
    while (!Pipeline_->Done()) Pipeline_->Step(1LL << 40);
    if (!S_->SeedsTaken) {
        TakeSeeds();
        return true;
    }
    if (S_->Frontier.empty()) return false;
    Advance(1LL << 40, true);
    return true;
}

void CannyJob::RunToEnd()
{
    while (!Done()) Step(1LL << 40);
}

Plane8 CannyJob::Edges(int layers) const
{
    const State* s = S_.get();
    Plane8 out(s->W, s->H);
    for (std::size_t i = 0; i < s->Layer.size(); ++i)
        if (s->Layer[i] >= 0 && (layers < 0 || s->Layer[i] <= layers)) out.Pixels[i] = 255;
    return out;
}

std::size_t CannyJob::EdgeCount() const
{
    return static_cast<std::size_t>(std::count_if(S_->Layer.begin(), S_->Layer.end(), [](std::int32_t l) { return l >= 0; }));
}

Result<CannyPixelInfo> CannyJob::Explain(int x, int y) const
{
    const State* s = S_.get();
    if (x < 0 || y < 0 || x >= s->W || y >= s->H)
        return Result<CannyPixelInfo>::Fail(Msg("пиксель (%d, %d) вне изображения %dx%d", x, y, s->W, s->H));
    if (!Pipeline_->Done()) return Result<CannyPixelInfo>::Fail(Msg("градиенты ещё считаются"));
    const std::size_t i = static_cast<std::size_t>(y) * s->W + x;
    CannyPixelInfo info;
    info.Dx = s->Dx[i];
    info.Dy = s->Dy[i];
    info.Magnitude = s->Mag[i];
    info.Bin = static_cast<CannyBin>(s->Bins[i]);
    const BinRule r = RuleOf(info.Bin);
    const int offs[2][2] = {{r.Dx0, r.Dy0}, {r.Dx1, r.Dy1}};
    for (int k = 0; k < 2; ++k) {
        CannyNeighbour& n = info.Neighbours[k];
        n.X = x + offs[k][0];
        n.Y = y + offs[k][1];
        const bool inside = n.X >= 0 && n.Y >= 0 && n.X < s->W && n.Y < s->H;
        n.Magnitude = inside ? s->Mag[static_cast<std::size_t>(n.Y) * s->W + n.X] : 0;
        n.Strict = k == 0 || r.Strict1;
        n.Passed = n.Strict ? info.Magnitude > n.Magnitude : info.Magnitude >= n.Magnitude;
    }
    info.LocalMax = s->LocalMax[i] != 0;
    info.AboveLow = info.Magnitude > s->LowInt;
    info.AboveHigh = info.Magnitude > s->HighInt;
    info.MapClass = s->Classes[i];
    info.Layer = s->Layer[i];
    return info;
}

Result<Plane8> Canny(const Plane8& src, const CannySpec& spec)
{
    auto job = CannyJob::Start(src, spec);
    if (!job) return Result<Plane8>::Fail(job.Error());
    job.Value().RunToEnd();
    return job->Edges();
}

} // namespace mlviz
