// The augmentation job: geometry warp, colour jitter, blur, noise, cutout and mixing as row passes
// (see augment.h for the semantics, augment_job.h for the API).
#include "topics/image_processing/core/augment_job.h"

#include <algorithm>
#include <cmath>

#include "core/random.h"
#include "topics/image_processing/core/augment_pixels.h"
#include "topics/image_processing/core/gauss8.h"
#include "topics/image_processing/core/kernels.h"

namespace mlviz {

struct AugmentJob::State {
    std::shared_ptr<const AugSample> A, B;
    AugmentParams P;
    int W = 0, H = 0;
    AugResult Out;
    std::vector<float> F; // jitter: R, G, B planes in [0, 255]
    Plane8 Ch[3];         // blur: channel planes
    std::vector<std::uint16_t> Tmp;
    std::vector<int> BlurKernel;
    AugSample BResized;
};

namespace {

using State = AugmentJob::State;

bool HasGeometry(const AugmentParams& p)
{
    return p.Crop || p.HFlip || p.VFlip || p.Angle != 0.0;
}

// Output boxes and label weights: they depend on the parameters only.
AugResult PlanBoxes(const BoxSet& a, const BoxSet* b, const AugmentParams& p)
{
    AugResult r;
    r.Params = p;
    const int w = a.Width, h = a.Height;
    const BoxTransformResult ta = TransformBoxes(a.Boxes, w, h, p);
    double wa = 1.0;
    if (p.Mix == MixMode::Mixup) wa = p.Lambda;
    if (p.Mix == MixMode::CutMix) wa = 1.0 - static_cast<double>(p.CutBox.W) * p.CutBox.H / (static_cast<double>(w) * h);
    r.WeightA = wa;
    r.WeightB = 1.0 - wa;
    for (std::size_t i = 0; i < ta.Boxes.size(); ++i) {
        r.Sample.Boxes.push_back(ta.Boxes[i]);
        r.BoxSource.push_back(ta.Source[i]);
        r.BoxWeight.push_back(wa);
    }
    if (p.Mix != MixMode::None && b) {
        const double sx = static_cast<double>(w) / b->Width, sy = static_cast<double>(h) / b->Height;
        const CropRect c = p.CutBox;
        for (std::size_t k = 0; k < b->Boxes.size(); ++k) {
            AugBox q = b->Boxes[k];
            q.X1 *= sx;
            q.X2 *= sx;
            q.Y1 *= sy;
            q.Y2 *= sy;
            const double lo_x = p.Mix == MixMode::CutMix ? c.X : 0.0, hi_x = p.Mix == MixMode::CutMix ? c.X + c.W : w;
            const double lo_y = p.Mix == MixMode::CutMix ? c.Y : 0.0, hi_y = p.Mix == MixMode::CutMix ? c.Y + c.H : h;
            q.X1 = std::clamp(q.X1, lo_x, hi_x);
            q.X2 = std::clamp(q.X2, lo_x, hi_x);
            q.Y1 = std::clamp(q.Y1, lo_y, hi_y);
            q.Y2 = std::clamp(q.Y2, lo_y, hi_y);
            if (!(q.X2 > q.X1 && q.Y2 > q.Y1)) continue;
            r.Sample.Boxes.push_back(q);
            r.BoxSource.push_back(-1 - static_cast<int>(k));
            r.BoxWeight.push_back(r.WeightB);
        }
    }
    return r;
}

BoxSet BoxesOf(const AugSample& s)
{
    return {s.Rgba.Width, s.Rgba.Height, s.Boxes};
}

Message ValidateParams(int w, int h, bool have_b, const AugmentParams& p)
{
    if (p.Mix != MixMode::None) {
        if (!have_b) return Msg("для mixup и cutmix нужно второе изображение");
        if (!std::isfinite(p.Lambda) || p.Lambda < 0.0 || p.Lambda > 1.0)
            return Msg("lambda = %g: нужно число от 0 до 1", p.Lambda);
    }
    auto inside = [w, h](const CropRect& r) {
        return r.X >= 0 && r.Y >= 0 && r.W >= 0 && r.H >= 0 && r.X + r.W <= w && r.Y + r.H <= h;
    };
    if (p.Crop && (!inside(p.CropBox) || p.CropBox.W < 1 || p.CropBox.H < 1))
        return Msg("кадрирование (%d, %d, %d, %d) не внутри изображения %dx%d", p.CropBox.X, p.CropBox.Y, p.CropBox.W,
                   p.CropBox.H, w, h);
    if (p.Cutout && !inside(p.CutoutBox)) return Msg("вырез не внутри изображения");
    if (p.Mix == MixMode::CutMix && !inside(p.CutBox)) return Msg("вставка cutmix не внутри изображения");
    if (!std::isfinite(p.Angle) || std::fabs(p.Angle) > 360.0) return Msg("угол %g: нужно число от -360 до 360", p.Angle);
    if (!std::isfinite(p.BlurSigma) || p.BlurSigma < 0.0 || p.BlurSigma > 10.0)
        return Msg("sigma размытия %g: нужно от 0 до 10", p.BlurSigma);
    if (!std::isfinite(p.NoiseSigma) || p.NoiseSigma < 0.0 || p.NoiseSigma > 100.0)
        return Msg("шум %g: нужно от 0 до 100", p.NoiseSigma);
    for (double f : {p.BrightnessF, p.ContrastF, p.SaturationF})
        if (!std::isfinite(f) || f < 0.0 || f > 2.0) return Msg("множитель цвета %g: нужно от 0 до 2", f);
    if (!std::isfinite(p.HueF) || std::fabs(p.HueF) > 0.5) return Msg("сдвиг тона %g: нужно от -0.5 до 0.5", p.HueF);
    return {};
}

} // namespace

Message ValidateBoxSet(const BoxSet& s, const char* which)
{
    Message m = ValidatePlaneSize(s.Width, s.Height);
    if (m.Empty()) {
        AugSample probe; // the box checks of ValidateSample, without pixels
        probe.Boxes = s.Boxes;
        probe.Rgba.Width = 1;
        probe.Rgba.Height = 1;
        probe.Rgba.Pixels.resize(4);
        return ValidateSample(probe, which);
    }
    return WithContext(m, which);
}

Result<AugResult> AugmentBoxes(const BoxSet& a, const BoxSet* b, const AugmentParams& p)
{
    Message m = ValidateBoxSet(a, "a");
    if (m.Empty() && b && p.Mix != MixMode::None) m = ValidateBoxSet(*b, "b");
    if (m.Empty()) m = ValidateParams(a.Width, a.Height, b != nullptr, p);
    if (!m.Empty()) return Result<AugResult>::Fail(m);
    return PlanBoxes(a, p.Mix != MixMode::None ? b : nullptr, p);
}

const AugResult& AugmentJob::Output() const
{
    return S_->Out;
}

Result<AugmentJob> AugmentJob::Start(const AugSample& a, const AugSample* b, const AugmentParams& p)
{
    return Start(std::make_shared<const AugSample>(a),
                 b && p.Mix != MixMode::None ? std::make_shared<const AugSample>(*b) : nullptr, p);
}

Result<AugmentJob> AugmentJob::Start(std::shared_ptr<const AugSample> a_ptr, std::shared_ptr<const AugSample> b_ptr,
                                     const AugmentParams& p)
{
    if (!a_ptr) return Result<AugmentJob>::Fail(Msg("изображение пустое"));
    const AugSample& a = *a_ptr;
    const AugSample* b = b_ptr.get();
    Message m = ValidateSample(a, "a");
    if (m.Empty() && b && p.Mix != MixMode::None) m = ValidateSample(*b, "b");
    if (m.Empty()) m = ValidateParams(a.Rgba.Width, a.Rgba.Height, b != nullptr, p);
    if (!m.Empty()) return Result<AugmentJob>::Fail(m);
    AugmentJob job;
    job.S_ = std::make_shared<State>();
    job.Pipeline_ = std::make_shared<RowPipeline>();
    State* s = job.S_.get();
    s->A = std::move(a_ptr);
    if (p.Mix != MixMode::None) s->B = std::move(b_ptr);
    s->P = p;
    s->W = a.Rgba.Width;
    s->H = a.Rgba.Height;
    const BoxSet boxes_b = s->B ? BoxesOf(*s->B) : BoxSet{};
    s->Out = PlanBoxes(BoxesOf(a), s->B ? &boxes_b : nullptr, p);
    AugSample& out = s->Out.Sample;
    out.Rgba = a.Rgba;
    out.Mask = a.Mask;
    RowPipeline& pl = *job.Pipeline_;
    const int H = s->H;
    const long long W = s->W;

    if (HasGeometry(p)) pl.Add(H, W * 50, [s](int y0, int y1) { WarpRows(*s->A, s->Out.Sample, s->P, y0, y1); });
    if (p.Jitter) {
        s->F.resize(static_cast<std::size_t>(W) * H * 3);
        pl.Add(H, W * 8, [s](int y0, int y1) { RgbaToFloatRows(s->Out.Sample.Rgba, s->F, y0, y1); });
        for (int op : p.JitterOrder) {
            auto mean = std::make_shared<double>(0.0);
            pl.Add(
                H, W * (op == 3 ? 80 : 10),
                [s, op, mean](int y0, int y1) { JitterRows(s->F, s->W, s->H, s->P, op, *mean, y0, y1); },
                [s, op, mean] {
                    if (op == 1) *mean = MeanGray(s->F, s->W, s->H);
                });
        }
        pl.Add(H, W * 10, [s](int y0, int y1) { FloatToRgbaRows(s->F, s->Out.Sample.Rgba, y0, y1); });
    }
    if (p.BlurSigma > 0.0) {
        const int n = GaussianAutoSize(p.BlurSigma, true);
        s->BlurKernel = GaussianKernelQ8(n, p.BlurSigma);
        s->Tmp.resize(static_cast<std::size_t>(W) * H);
        for (int c = 0; c < 3; ++c) {
            pl.Add(
                H, W * 3, [s, c](int y0, int y1) { ChannelRows(s->Out.Sample.Rgba, s->Ch[c], c, y0, y1); },
                [s, c] { s->Ch[c] = Plane8(s->W, s->H); });
            pl.Add(H, W * n,
                   [s, c](int y0, int y1) { GaussianRowsQ8(s->Ch[c], s->Tmp, s->BlurKernel, BorderMode::Reflect, y0, y1); });
            pl.Add(H, W * n, [s, c](int y0, int y1) {
                GaussianColumnsQ8(s->Tmp, s->Ch[c], s->BlurKernel, BorderMode::Reflect, y0, y1);
                for (int y = y0; y < y1; ++y)
                    for (int x = 0; x < s->W; ++x) s->Out.Sample.Rgba.At(x, y)[c] = s->Ch[c].At(x, y);
            });
        }
    }
    if (p.NoiseSigma > 0.0)
        pl.Add(H, W * 60, [s](int y0, int y1) { NoiseRows(s->Out.Sample.Rgba, s->P.NoiseSigma, s->P.NoiseSeed, y0, y1); });
    if (p.Cutout) pl.Add(H, W * 2, [s](int y0, int y1) { FillRows(s->Out.Sample.Rgba, s->P.CutoutBox, y0, y1); });
    if (s->B) {
        s->BResized.Rgba.Width = s->W;
        s->BResized.Rgba.Height = s->H;
        s->BResized.Rgba.Pixels.resize(static_cast<std::size_t>(W) * H * 4);
        if (!s->B->Mask.Pixels.empty()) s->BResized.Mask = Plane8(s->W, s->H);
        pl.Add(H, W * 50, [s](int y0, int y1) { ResizeRows(*s->B, s->BResized, y0, y1); });
        pl.Add(H, W * 12, [s](int y0, int y1) { MixRows(s->Out.Sample, s->BResized, s->P, y0, y1); });
    }
    return job;
}

void AugmentGridJob::Step(long long budget_pixels)
{
    if (Done()) return;
    if (!Current_) {
        auto job = AugmentJob::Start(A_, B_, Draws_[Finished_]);
        Current_ = std::make_shared<AugmentJob>(std::move(job.Value())); // validated in Start()
    }
    Current_->Step(budget_pixels);
    if (Current_->Done()) {
        Outputs_[Finished_] = Current_->Output();
        Current_.reset();
        ++Finished_;
    }
}

double AugmentGridJob::Progress() const
{
    if (Draws_.empty()) return 1.0;
    const double part = Current_ ? Current_->Progress() : 0.0;
    return std::min(1.0, (static_cast<double>(Finished_) + part) / static_cast<double>(Draws_.size()));
}

Result<AugmentGridJob> AugmentGridJob::Start(const AugSample& a, const AugSample* b, const AugmentPolicy& policy,
                                             std::uint32_t seed, int count)
{
    Message m = ValidatePolicy(policy);
    if (m.Empty() && (count < 1 || count > 16)) m = Msg("число вариантов %d: нужно от 1 до 16", count);
    if (m.Empty()) m = ValidateSample(a, "a");
    if (m.Empty() && policy.Mix != MixMode::None && !b) m = Msg("для mixup и cutmix нужно второе изображение");
    if (m.Empty() && b) m = ValidateSample(*b, "b");
    if (!m.Empty()) return Result<AugmentGridJob>::Fail(m);
    AugmentGridJob g;
    g.A_ = std::make_shared<const AugSample>(a);
    if (b) g.B_ = std::make_shared<const AugSample>(*b);
    std::mt19937 rng(seed);
    for (int i = 0; i < count; ++i) g.Draws_.push_back(DrawAugment(policy, a.Rgba.Width, a.Rgba.Height, rng));
    g.Outputs_.resize(count);
    return g;
}

} // namespace mlviz
