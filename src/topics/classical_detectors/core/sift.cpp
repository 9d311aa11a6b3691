#include "topics/classical_detectors/core/sift.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <tuple>

#include "topics/classical_detectors/core/gauss.h"
#include "topics/classical_detectors/core/sift_local.h"

namespace mlviz {

namespace {

constexpr int kImgBorder = 5, kOriBins = 36;
constexpr float kOriSigFactor = 1.5f, kOriRadius = 3.0f * kOriSigFactor, kOriPeakRatio = 0.8f;
constexpr long long kBandCost = 400'000;

// cv::resize(INTER_LINEAR) to twice the size, float: weights (1 - f, f) with f in {0.25, 0.75},
// the border pixels repeated. Rows [row_begin, row_end) of d (sized 2w x 2h by the caller).
void DoubleRows(const GreyImage& s, FloatImage& d, int row_begin, int row_end)
{
    auto coeff = [](int dst, int src_n, int& i0, float& f) {
        const float fx = (dst + 0.5f) * 0.5f - 0.5f;
        i0 = static_cast<int>(std::floor(fx));
        f = fx - i0;
        if (i0 < 0) i0 = 0, f = 0.0f;
        if (i0 >= src_n - 1) i0 = src_n - 1, f = 0.0f;
    };
    for (int y = row_begin; y < row_end; ++y) {
        int y0;
        float fy;
        coeff(y, s.Height, y0, fy);
        const int y1 = std::min(y0 + 1, s.Height - 1);
        for (int x = 0; x < d.Width; ++x) {
            int x0;
            float fx;
            coeff(x, s.Width, x0, fx);
            const int x1 = std::min(x0 + 1, s.Width - 1);
            const float top = s.At(x0, y0) * (1 - fx) + s.At(x1, y0) * fx;
            const float bot = s.At(x0, y1) * (1 - fx) + s.At(x1, y1) * fx;
            d.At(x, y) = top * (1 - fy) + bot * fy;
        }
    }
}

bool IsExtremum(const std::vector<FloatImage>& dog, int i, int r, int c, float threshold)
{
    const float val = dog[i].At(c, r);
    if (std::fabs(val) <= threshold) return false;
    for (int l = i - 1; l <= i + 1; ++l)
        for (int dy = -1; dy <= 1; ++dy)
            for (int dx = -1; dx <= 1; ++dx) {
                if (l == i && dx == 0 && dy == 0) continue;
                const float v = dog[l].At(c + dx, r + dy);
                if (val > 0 ? val < v : val > v) return false;
            }
    return true;
}

} // namespace

Result<bool> ValidateSiftOptions(const SiftOptions& o)
{
    if (o.Features < 0 || o.Features > 10000) return Result<bool>::Fail(Msg("SIFT: число точек %d вне [0, 10000]", o.Features));
    if (o.OctaveLayers < 1 || o.OctaveLayers > 6)
        return Result<bool>::Fail(Msg("SIFT: число слоёв в октаве %d вне [1, 6]", o.OctaveLayers));
    if (!(o.ContrastThreshold >= 0.0 && o.ContrastThreshold <= 0.5))
        return Result<bool>::Fail(Msg("SIFT: порог контраста %g вне [0, 0.5]", o.ContrastThreshold));
    if (!(o.EdgeThreshold >= 1.0 && o.EdgeThreshold <= 100.0))
        return Result<bool>::Fail(Msg("SIFT: порог рёбер %g вне [1, 100]", o.EdgeThreshold));
    if (!(o.Sigma >= 0.5 && o.Sigma <= 5.0)) return Result<bool>::Fail(Msg("SIFT: sigma %g вне [0.5, 5]", o.Sigma));
    return true;
}

Result<SiftJob> SiftJob::Start(const GreyImage& grey, const SiftOptions& options)
{
    if (auto ok = ValidateGreyImage(grey); !ok) return Result<SiftJob>::Fail(ok.Error());
    if (auto ok = ValidateSiftOptions(options); !ok) return Result<SiftJob>::Fail(ok.Error());
    if (std::min(grey.Width, grey.Height) < 16)
        return Result<SiftJob>::Fail(
            Msg("SIFT: изображению нужно не меньше 16 пикселей по стороне, а здесь %dx%d", grey.Width, grey.Height));
    SiftJob job;
    job.Options_ = options;
    job.Grey_ = grey;
    job.Plan();
    return job;
}

void SiftJob::AddBlur(int o, int i, int w, int h)
{
    const long long taps = static_cast<long long>(Kernels_[i].size());
    const int rows = static_cast<int>(std::max(1LL, kBandCost / std::max<long long>(1, w * taps)));
    for (TaskKind kind : {TaskKind::BlurH, TaskKind::BlurV})
        for (int r = 0; r < h; r += rows)
            Tasks_.push_back({kind, o, i, r, std::min(h, r + rows), w * taps * (std::min(h, r + rows) - r)});
}

void SiftJob::Plan()
{
    const int L = Options_.OctaveLayers;
    Out_.FirstOctave = Options_.DoubleImage ? -1 : 0;
    const int bw = Options_.DoubleImage ? Grey_.Width * 2 : Grey_.Width,
              bh = Options_.DoubleImage ? Grey_.Height * 2 : Grey_.Height;
    const int octaves =
        static_cast<int>(std::nearbyint(std::log(static_cast<double>(std::min(bw, bh))) / std::log(2.0) - 2)) - Out_.FirstOctave;
    // Incremental sigmas (buildGaussianPyramid); [0] is the base blur (createInitialImage).
    const float s = static_cast<float>(Options_.Sigma);
    const float init = 0.5f;
    Sigmas_.assign(L + 3, 0.0);
    Sigmas_[0] = std::sqrt(std::max(s * s - init * init * (Options_.DoubleImage ? 4.0f : 1.0f), 0.01f));
    const double k = std::pow(2.0, 1.0 / L);
    for (int i = 1; i < L + 3; ++i) {
        const double prev = std::pow(k, static_cast<double>(i - 1)) * Options_.Sigma, total = prev * k;
        Sigmas_[i] = std::sqrt(total * total - prev * prev);
    }
    for (double sg : Sigmas_) Kernels_.push_back(GaussianKernel(sg));
    Out_.Octaves.resize(octaves);
    for (int o = 0, w = bw, h = bh; o < octaves; ++o, w /= 2, h /= 2) {
        SiftOctave& oc = Out_.Octaves[o];
        oc.Gauss.assign(L + 3, MakeFloatImage(0, 0));
        oc.Dog.assign(L + 2, MakeFloatImage(0, 0));
        if (o == 0) {
            const int rows = static_cast<int>(std::max(1LL, kBandCost / (8LL * w)));
            for (int r = 0; r < h; r += rows)
                Tasks_.push_back({TaskKind::Base, 0, 0, r, std::min(h, r + rows), 8LL * w * std::min(rows, h - r)});
        } else
            Tasks_.push_back({TaskKind::Downsample, o, 0, 0, 0, 1LL * w * h});
        if (o == 0) AddBlur(0, 0, w, h);
        for (int i = 1; i < L + 3; ++i) AddBlur(o, i, w, h);
        const int dog_rows = static_cast<int>(std::max(1LL, kBandCost / (4LL * w)));
        for (int i = 0; i < L + 2; ++i)
            for (int r = 0; r < h; r += dog_rows)
                Tasks_.push_back({TaskKind::Dog, o, i, r, std::min(h, r + dog_rows), 4LL * w * std::min(dog_rows, h - r)});
        const int rows = static_cast<int>(std::max(1LL, kBandCost / (20LL * std::max(1, w)))); // ~20 units a pixel
        for (int i = 1; i <= L; ++i)
            for (int r = kImgBorder; r < h - kImgBorder; r += rows)
                Tasks_.push_back({TaskKind::Extrema, o, i, r, std::min(h - kImgBorder, r + rows),
                                  20LL * w * std::min(rows, h - kImgBorder - r)});
    }
    Tasks_.push_back({TaskKind::Finish, 0, 0, 0, 0, 1000});
    CostTotal_ = 0;
    for (const Task& t : Tasks_) CostTotal_ += t.Cost;
    CostTotal_ += 60LL * 1000 * 1500; // descriptors, estimated: ~1000 keypoints of ~1500 samples
}

double SiftJob::Progress() const
{
    if (Done()) return 1.0;
    return std::min(0.999, static_cast<double>(CostDone_) / static_cast<double>(std::max(1LL, CostTotal_)));
}

void SiftJob::Step(long long budget)
{
    long long spent = 0;
    while (!Done() && spent < std::max(1LL, budget)) {
        const Task t = Tasks_[Next_++];
        Run(t);
        spent += t.Cost;
        CostDone_ += t.Cost;
    }
}

void SiftJob::Run(const Task& t)
{
    const int L = Options_.OctaveLayers;
    switch (t.Kind) {
    case TaskKind::Base:
        if (!Options_.DoubleImage) {
            if (t.Begin == 0) Upsampled_ = ToFloat(Grey_);
            return;
        }
        if (t.Begin == 0) Upsampled_ = MakeFloatImage(Grey_.Width * 2, Grey_.Height * 2);
        DoubleRows(Grey_, Upsampled_, t.Begin, t.End);
        return;
    case TaskKind::BlurH: {
        SiftOctave& oc = Out_.Octaves[t.Octave];
        const FloatImage& src = (t.Octave == 0 && t.Layer == 0) ? Upsampled_ : oc.Gauss[std::max(0, t.Layer - 1)];
        if (Tmp_.Width != src.Width || Tmp_.Height != src.Height) Tmp_ = MakeFloatImage(src.Width, src.Height);
        BlurRowsH(src, Tmp_, Kernels_[t.Layer], t.Begin, t.End);
        return;
    }
    case TaskKind::BlurV: {
        FloatImage& dst = Out_.Octaves[t.Octave].Gauss[t.Layer];
        if (dst.Width != Tmp_.Width || dst.Height != Tmp_.Height) dst = MakeFloatImage(Tmp_.Width, Tmp_.Height);
        BlurRowsV(Tmp_, dst, Kernels_[t.Layer], t.Begin, t.End);
        if (t.Octave == 0 && t.Layer == 0 && t.End >= dst.Height) Upsampled_ = FloatImage{};
        return;
    }
    case TaskKind::Downsample: { // INTER_NEAREST to half: every other pixel of layer L of the octave below
        const FloatImage& src = Out_.Octaves[t.Octave - 1].Gauss[L];
        FloatImage& dst = Out_.Octaves[t.Octave].Gauss[0];
        dst = MakeFloatImage(src.Width / 2, src.Height / 2);
        const double sx = static_cast<double>(src.Width) / dst.Width, sy = static_cast<double>(src.Height) / dst.Height;
        for (int y = 0; y < dst.Height; ++y)
            for (int x = 0; x < dst.Width; ++x)
                dst.At(x, y) = src.At(std::min(src.Width - 1, static_cast<int>(std::floor(x * sx))),
                                      std::min(src.Height - 1, static_cast<int>(std::floor(y * sy))));
        return;
    }
    case TaskKind::Dog: {
        SiftOctave& oc = Out_.Octaves[t.Octave];
        const FloatImage &a = oc.Gauss[t.Layer], &b = oc.Gauss[t.Layer + 1];
        FloatImage& d = oc.Dog[t.Layer];
        if (t.Begin == 0) d = MakeFloatImage(a.Width, a.Height);
        for (std::size_t i = static_cast<std::size_t>(t.Begin) * a.Width; i < static_cast<std::size_t>(t.End) * a.Width; ++i)
            d.Pixels[i] = b.Pixels[i] - a.Pixels[i];
        return;
    }
    case TaskKind::Extrema: {
        SiftOctave& oc = Out_.Octaves[t.Octave];
        const float threshold = static_cast<float>(std::floor(0.5 * Options_.ContrastThreshold / L * 255));
        const int cols = oc.Dog[t.Layer].Width;
        const int o = t.Octave;
        for (int r = t.Begin; r < t.End; ++r)
            for (int c = kImgBorder; c < cols - kImgBorder; ++c) {
                if (!IsExtremum(oc.Dog, t.Layer, r, c, threshold)) continue;
                ++Out_.Counts.Extrema;
                SiftExtremum e;
                const SiftRefine why =
                    RefineSiftExtremum(oc.Dog, t.Layer, r, c, L, static_cast<float>(Options_.ContrastThreshold),
                                       static_cast<float>(Options_.EdgeThreshold), e);
                if (why == SiftRefine::NotConverged) ++Out_.Counts.NotConverged;
                if (why == SiftRefine::LowContrast) ++Out_.Counts.LowContrast;
                if (why == SiftRefine::OnEdge) ++Out_.Counts.OnEdge;
                if (why != SiftRefine::Accepted) continue;
                ++Out_.Counts.Accepted;
                Keypoint kp; // base-image coordinates (the doubled image when DoubleImage)
                kp.X = (e.Col + e.Xc) * static_cast<float>(1 << o);
                kp.Y = (e.Row + e.Xr) * static_cast<float>(1 << o);
                kp.Size =
                    static_cast<float>(Options_.Sigma) * std::pow(2.0f, (e.Layer + e.Xi) / L) * static_cast<float>(1 << o) * 2;
                kp.Response = std::fabs(e.Contrast);
                kp.Octave = o;
                kp.Layer = e.Layer;
                const float scl_octv = kp.Size * 0.5f / static_cast<float>(1 << o);
                float hist[kOriBins];
                const float omax = SiftOrientationHistogram(oc.Gauss[e.Layer], e.Col, e.Row,
                                                            static_cast<int>(std::nearbyint(kOriRadius * scl_octv)),
                                                            kOriSigFactor * scl_octv, hist);
                const float mag_thr = omax * kOriPeakRatio;
                for (int j = 0; j < kOriBins; ++j) {
                    const int l = j > 0 ? j - 1 : kOriBins - 1, r2 = j < kOriBins - 1 ? j + 1 : 0;
                    if (!(hist[j] > hist[l] && hist[j] > hist[r2] && hist[j] >= mag_thr)) continue;
                    float bin = j + 0.5f * (hist[l] - hist[r2]) / (hist[l] - 2 * hist[j] + hist[r2]);
                    bin = bin < 0 ? kOriBins + bin : bin >= kOriBins ? bin - kOriBins : bin;
                    kp.Angle = 360.0f - (360.0f / kOriBins) * bin;
                    if (std::fabs(kp.Angle - 360.0f) < FLT_EPSILON) kp.Angle = 0.0f;
                    Raw_.push_back(kp);
                }
            }
        const bool last_band = t.Layer == L && t.End >= oc.Dog[t.Layer].Height - kImgBorder;
        if (!Options_.KeepScaleSpace && last_band) oc.Dog.assign(oc.Dog.size(), FloatImage{});
        return;
    }
    case TaskKind::Finish: {
        // KeyPointsFilter::removeDuplicatedSorted, then retainBest, then to input coordinates.
        std::sort(Raw_.begin(), Raw_.end(), [](const Keypoint& a, const Keypoint& b) {
            return std::make_tuple(a.X, a.Y, -a.Size, a.Angle, -a.Response, -a.Octave) <
                std::make_tuple(b.X, b.Y, -b.Size, b.Angle, -b.Response, -b.Octave);
        });
        std::vector<Keypoint> kept;
        for (const Keypoint& k : Raw_)
            if (kept.empty() || k.X != kept.back().X || k.Y != kept.back().Y || k.Size != kept.back().Size ||
                k.Angle != kept.back().Angle)
                kept.push_back(k);
        Raw_.clear();
        if (Options_.Features > 0 && static_cast<int>(kept.size()) > Options_.Features) {
            std::vector<Keypoint> by = kept;
            std::stable_sort(by.begin(), by.end(), [](const Keypoint& a, const Keypoint& b) { return a.Response > b.Response; });
            const float boundary = by[Options_.Features - 1].Response;
            kept.erase(std::remove_if(kept.begin(), kept.end(), [&](const Keypoint& k) { return k.Response < boundary; }),
                       kept.end());
        }
        const float s = Out_.FirstOctave < 0 ? 0.5f : 1.0f;
        for (Keypoint& k : kept) {
            k.X *= s;
            k.Y *= s;
            k.Size *= s;
            k.Octave += Out_.FirstOctave;
        }
        Out_.Keypoints = std::move(kept);
        Out_.Descriptors.resize(Out_.Keypoints.size());
        if (!Options_.KeepScaleSpace && Out_.Keypoints.empty())
            for (SiftOctave& oc : Out_.Octaves) oc.Gauss.assign(oc.Gauss.size(), FloatImage{});
        // Batches of ~kBandCost: a descriptor samples (2r + 1)^2 pixels, r ~ 10.6 x its octave scale,
        // at ~60 units a sample (exp, atan2, sqrt, trilinear votes).
        CostTotal_ = CostDone_ + t.Cost;
        Task batch{TaskKind::Describe, 0, 0, 0, 0, 0};
        for (std::size_t i = 0; i < Out_.Keypoints.size(); ++i) {
            const Keypoint& k = Out_.Keypoints[i];
            const float octave_scale =
                k.Octave >= 0 ? 1.0f / static_cast<float>(1 << k.Octave) : static_cast<float>(1 << -k.Octave);
            const long long r = static_cast<long long>(10.61f * k.Size * octave_scale * 0.5f) + 1;
            batch.Cost += 60 * (2 * r + 1) * (2 * r + 1);
            batch.End = static_cast<int>(i) + 1;
            if (batch.Cost >= kBandCost || i + 1 == Out_.Keypoints.size()) {
                Tasks_.push_back(batch);
                CostTotal_ += batch.Cost;
                batch = {TaskKind::Describe, 0, 0, batch.End, batch.End, 0};
            }
        }
        return;
    }
    case TaskKind::Describe:
        for (int i = t.Begin; i < t.End; ++i) {
            const Keypoint& k = Out_.Keypoints[i];
            const int o = k.Octave - Out_.FirstOctave;
            const float scale = k.Octave >= 0 ? 1.0f / static_cast<float>(1 << k.Octave) : static_cast<float>(1 << -k.Octave);
            float angle = 360.0f - k.Angle;
            if (std::fabs(angle - 360.0f) < FLT_EPSILON) angle = 0.0f;
            Out_.Descriptors[i] =
                SiftDescribe(Out_.Octaves[o].Gauss[k.Layer], k.X * scale, k.Y * scale, angle, k.Size * scale * 0.5f);
        }
        if (!Options_.KeepScaleSpace && Next_ == Tasks_.size())
            for (SiftOctave& oc : Out_.Octaves) oc.Gauss.assign(oc.Gauss.size(), FloatImage{});
        return;
    }
}

Result<SiftResult> DetectSift(const GreyImage& grey, const SiftOptions& options)
{
    auto job = SiftJob::Start(grey, options);
    if (!job) return Result<SiftResult>::Fail(job.Error());
    job.Value().RunToEnd();
    return job.Value().Output();
}

} // namespace mlviz
