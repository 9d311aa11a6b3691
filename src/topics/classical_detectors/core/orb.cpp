#include "topics/classical_detectors/core/orb.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "topics/classical_detectors/core/fast.h"
#include "topics/classical_detectors/core/gauss.h"
#include "topics/classical_detectors/core/resize_exact.h"

namespace mlviz {

namespace {

constexpr float kHarrisK = 0.04f;
constexpr int kHalfPatch = kOrbPatchSize / 2;

// KeyPointsFilter::retainBest: the n best by response and every keypoint tied with the n-th.
void RetainBest(std::vector<Keypoint>& kp, int n)
{
    if (n < 0 || static_cast<int>(kp.size()) <= n) return;
    if (n == 0) {
        kp.clear();
        return;
    }
    std::stable_sort(kp.begin(), kp.end(), [](const Keypoint& a, const Keypoint& b) { return a.Response > b.Response; });
    const float boundary = kp[n - 1].Response;
    std::size_t end = n;
    while (end < kp.size() && kp[end].Response >= boundary) ++end;
    kp.resize(end);
}

// The end of each row of the circular patch (computeKeyPoints' umax), symmetric in u and v.
std::vector<int> PatchRowEnds()
{
    std::vector<int> umax(kHalfPatch + 2);
    const int vmax = static_cast<int>(std::floor(kHalfPatch * std::sqrt(2.0f) / 2 + 1));
    const int vmin = static_cast<int>(std::ceil(kHalfPatch * std::sqrt(2.0f) / 2));
    for (int v = 0; v <= vmax; ++v)
        umax[v] = static_cast<int>(std::nearbyint(std::sqrt(static_cast<double>(kHalfPatch) * kHalfPatch - v * v)));
    for (int v = kHalfPatch, v0 = 0; v >= vmin; --v) {
        while (umax[v0] == umax[v0 + 1]) ++v0;
        umax[v] = v0;
        ++v0;
    }
    return umax;
}

} // namespace

Result<bool> ValidateOrbOptions(const OrbOptions& o)
{
    if (o.Features < 1 || o.Features > kOrbMaxFeatures)
        return Result<bool>::Fail(Msg("ORB: число точек %d вне [1, %d]", o.Features, kOrbMaxFeatures));
    if (!(o.ScaleFactor >= 1.05f && o.ScaleFactor <= 2.0f))
        return Result<bool>::Fail(Msg("ORB: масштабный множитель %g вне [1.05, 2]", o.ScaleFactor));
    if (o.Levels < 1 || o.Levels > kOrbMaxLevels)
        return Result<bool>::Fail(Msg("ORB: число уровней %d вне [1, %d]", o.Levels, kOrbMaxLevels));
    if (o.FastThreshold < 1 || o.FastThreshold > 100)
        return Result<bool>::Fail(Msg("ORB: порог FAST %d вне [1, 100]", o.FastThreshold));
    return true;
}

float OrbHarrisResponse(const GreyImage& img, int x0, int y0)
{
    const int r = kOrbHarrisBlock / 2;
    if (x0 - r - 1 < 0 || y0 - r - 1 < 0 || x0 + r + 1 >= img.Width || y0 + r + 1 >= img.Height) return 0.0f;
    long long a = 0, b = 0, c = 0;
    for (int y = y0 - r; y <= y0 + r; ++y)
        for (int x = x0 - r; x <= x0 + r; ++x) {
            auto p = [&](int dx, int dy) { return static_cast<int>(img.At(x + dx, y + dy)); };
            const int ix = (p(1, 0) - p(-1, 0)) * 2 + (p(1, -1) - p(-1, -1)) + (p(1, 1) - p(-1, 1));
            const int iy = (p(0, 1) - p(0, -1)) * 2 + (p(-1, 1) - p(-1, -1)) + (p(1, 1) - p(1, -1));
            a += ix * ix;
            b += iy * iy;
            c += ix * iy;
        }
    const float scale = 1.0f / ((1 << 2) * kOrbHarrisBlock * 255.0f);
    const float s4 = scale * scale * scale * scale;
    const float fa = static_cast<float>(a), fb = static_cast<float>(b), fc = static_cast<float>(c);
    return (fa * fb - fc * fc - kHarrisK * (fa + fb) * (fa + fb)) * s4;
}

float OrbIntensityCentroidAngle(const GreyImage& img, int cx, int cy)
{
    static const std::vector<int> umax = PatchRowEnds();
    if (cx < kHalfPatch || cy < kHalfPatch || cx + kHalfPatch >= img.Width || cy + kHalfPatch >= img.Height) return 0.0f;
    int m01 = 0, m10 = 0;
    for (int u = -kHalfPatch; u <= kHalfPatch; ++u) m10 += u * img.At(cx + u, cy);
    for (int v = 1; v <= kHalfPatch; ++v) {
        int v_sum = 0;
        const int d = umax[v];
        for (int u = -d; u <= d; ++u) {
            const int plus = img.At(cx + u, cy + v), minus = img.At(cx + u, cy - v);
            v_sum += plus - minus;
            m10 += u * (plus + minus);
        }
        m01 += v * v_sum;
    }
    float a = static_cast<float>(std::atan2(static_cast<double>(m01), static_cast<double>(m10)) * 180.0 / 3.14159265358979323846);
    if (a < 0.0f) a += 360.0f;
    if (a >= 360.0f) a -= 360.0f;
    return a;
}

OrbDescriptor OrbDescribe(const GreyImage& img, int cx, int cy, float angle_deg)
{
    OrbDescriptor d{};
    const float angle = angle_deg * static_cast<float>(3.14159265358979323846 / 180.0);
    const float a = std::cos(angle), b = std::sin(angle);
    auto value = [&](const int* pt) {
        const float x = pt[0] * a - pt[1] * b, y = pt[0] * b + pt[1] * a;
        const int ix = std::clamp(cx + static_cast<int>(std::nearbyint(x)), 0, img.Width - 1);
        const int iy = std::clamp(cy + static_cast<int>(std::nearbyint(y)), 0, img.Height - 1);
        return img.At(ix, iy);
    };
    for (int i = 0; i < 256; ++i) {
        const int* t = kOrbBitPattern31 + i * 4;
        if (value(t) < value(t + 2)) d[i / 8] = static_cast<std::uint8_t>(d[i / 8] | (1u << (i % 8)));
    }
    return d;
}

int HammingDistance(const OrbDescriptor& a, const OrbDescriptor& b)
{
    int n = 0;
    for (int i = 0; i < 32; i += 8) {
        std::uint64_t x, y;
        std::memcpy(&x, a.data() + i, 8);
        std::memcpy(&y, b.data() + i, 8);
        n += std::popcount(x ^ y);
    }
    return n;
}

Result<OrbJob> OrbJob::Start(const GreyImage& grey, const OrbOptions& options)
{
    if (auto ok = ValidateGreyImage(grey); !ok) return Result<OrbJob>::Fail(ok.Error());
    if (auto ok = ValidateOrbOptions(options); !ok) return Result<OrbJob>::Fail(ok.Error());
    OrbJob job;
    job.Options_ = options;
    job.Grey_ = grey;
    const int n = options.Levels;
    job.Out_.Levels.resize(n);
    job.PerLevel_.resize(n);
    job.SmoothKernel_ = GaussianKernel(2.0, 7);
    // computeKeyPoints' shares: a geometric series in 1 / scaleFactor, float as OpenCV.
    const float factor = static_cast<float>(1.0 / options.ScaleFactor);
    float desired = options.Features * (1 - factor) / (1 - static_cast<float>(std::pow(static_cast<double>(factor), n)));
    int sum = 0;
    for (int l = 0; l < n; ++l) {
        OrbLevel& lv = job.Out_.Levels[l];
        lv.Scale = static_cast<float>(std::pow(static_cast<double>(options.ScaleFactor), l));
        job.Scales_.push_back(lv.Scale);
        if (l < n - 1) {
            lv.Quota = static_cast<int>(std::nearbyint(desired));
            sum += lv.Quota;
            desired *= factor;
        } else
            lv.Quota = std::max(options.Features - sum, 0);
    }
    constexpr long long kBand = 300'000;
    for (int l = 0; l < n; ++l) {
        const float inv = 1.0f / job.Scales_[l];
        const int w = std::max(1, static_cast<int>(std::nearbyint(grey.Width * inv)));
        const int h = std::max(1, static_cast<int>(std::nearbyint(grey.Height * inv)));
        job.Tasks_.push_back({TaskKind::Resize, l, w, h, 1LL * w * h});
        const int fast_rows = static_cast<int>(std::max(1LL, kBand / (4LL * w)));
        for (int r = 0; r < h; r += fast_rows)
            job.Tasks_.push_back({TaskKind::FastRows, l, r, std::min(h, r + fast_rows), 4LL * w * std::min(fast_rows, h - r)});
        job.Tasks_.push_back({TaskKind::FastCollect, l, 0, 0, 1LL * w * h});
    }
    for (int l = 0; l < n; ++l) job.Tasks_.push_back({TaskKind::Score, l, 0, 0, 2000LL * job.Out_.Levels[l].Quota + 1});
    for (int l = 0; l < n; ++l) {
        const float inv = 1.0f / job.Scales_[l];
        const int w = std::max(1, static_cast<int>(std::nearbyint(grey.Width * inv)));
        const int h = std::max(1, static_cast<int>(std::nearbyint(grey.Height * inv)));
        const int rows = static_cast<int>(std::max(1LL, kBand / (8LL * w)));
        for (TaskKind k : {TaskKind::SmoothH, TaskKind::SmoothV})
            for (int r = 0; r < h; r += rows)
                job.Tasks_.push_back({k, l, r, std::min(h, r + rows), 8LL * w * std::min(rows, h - r)});
    }
    for (int l = 0; l < n; ++l) job.Tasks_.push_back({TaskKind::Describe, l, 0, 0, 600LL * job.Out_.Levels[l].Quota + 1});
    job.CostTotal_ = 0;
    for (const Task& t : job.Tasks_) job.CostTotal_ += t.Cost;
    return job;
}

double OrbJob::Progress() const
{
    return Done() ? 1.0 : static_cast<double>(CostDone_) / static_cast<double>(CostTotal_);
}

void OrbJob::Step(long long budget)
{
    long long spent = 0;
    while (!Done() && spent < std::max(1LL, budget)) {
        const Task t = Tasks_[Next_++];
        Run(t);
        spent += t.Cost;
        CostDone_ += t.Cost;
    }
}

void OrbJob::Run(const Task& t)
{
    OrbLevel& lv = Out_.Levels[t.Level];
    std::vector<Keypoint>& kp = PerLevel_[t.Level];
    switch (t.Kind) {
    case TaskKind::Resize: // each level from the previous one (ORB_Impl::detectAndCompute)
        lv.Image = t.Level == 0 ? Grey_ : ResizeLinearExact(Out_.Levels[t.Level - 1].Image, t.Begin, t.End).Value();
        return;
    case TaskKind::FastRows: FastScoreRows(lv.Image, Options_.FastThreshold, t.Begin, t.End, FastMap_); return;
    case TaskKind::FastCollect: { // border filter, then the best 2n (or n) by FAST score
        const GreyImage& img = lv.Image;
        const int b = kOrbEdgeThreshold;
        if (img.Width > 2 * b && img.Height > 2 * b)
            for (const FastCorner& c : FastCollect(img, FastMap_, true))
                if (c.X >= b && c.Y >= b && c.X < img.Width - b && c.Y < img.Height - b) {
                    Keypoint k;
                    k.X = static_cast<float>(c.X);
                    k.Y = static_cast<float>(c.Y);
                    k.Response = static_cast<float>(c.Score);
                    k.Octave = t.Level;
                    k.Size = kOrbPatchSize * lv.Scale;
                    kp.push_back(k);
                }
        FastMap_.clear();
        lv.FastCorners = static_cast<int>(kp.size());
        RetainBest(kp, Options_.HarrisScore ? 2 * lv.Quota : lv.Quota);
        return;
    }
    case TaskKind::Score: // Harris ranking and the orientation, on the unsmoothed level
        if (Options_.HarrisScore) {
            for (Keypoint& k : kp) k.Response = OrbHarrisResponse(lv.Image, static_cast<int>(k.X), static_cast<int>(k.Y));
            RetainBest(kp, lv.Quota);
        }
        for (Keypoint& k : kp) k.Angle = OrbIntensityCentroidAngle(lv.Image, static_cast<int>(k.X), static_cast<int>(k.Y));
        lv.Kept = static_cast<int>(kp.size());
        return;
    case TaskKind::SmoothH:
        if (t.Begin == 0) {
            SmoothSrc_ = ToFloat(lv.Image);
            SmoothTmp_ = MakeFloatImage(lv.Image.Width, lv.Image.Height);
        }
        BlurRowsH(SmoothSrc_, SmoothTmp_, SmoothKernel_, t.Begin, t.End);
        return;
    case TaskKind::SmoothV:
        if (t.Begin == 0) {
            SmoothDst_ = MakeFloatImage(lv.Image.Width, lv.Image.Height);
            lv.Smoothed = MakeGreyImage(lv.Image.Width, lv.Image.Height);
        }
        BlurRowsV(SmoothTmp_, SmoothDst_, SmoothKernel_, t.Begin, t.End);
        for (int y = t.Begin; y < t.End; ++y)
            for (int x = 0; x < lv.Image.Width; ++x)
                lv.Smoothed.At(x, y) = static_cast<std::uint8_t>(std::clamp(std::nearbyint(SmoothDst_.At(x, y)), 0.0f, 255.0f));
        return;
    case TaskKind::Describe: // rBRIEF, then to input coordinates
        for (Keypoint k : kp) {
            Out_.Descriptors.push_back(OrbDescribe(lv.Smoothed, static_cast<int>(k.X), static_cast<int>(k.Y), k.Angle));
            k.X *= lv.Scale;
            k.Y *= lv.Scale;
            Out_.Keypoints.push_back(k);
        }
        kp.clear();
        return;
    }
}

Result<OrbResult> DetectOrb(const GreyImage& grey, const OrbOptions& options)
{
    auto job = OrbJob::Start(grey, options);
    if (!job) return Result<OrbResult>::Fail(job.Error());
    job.Value().RunToEnd();
    return job.Value().Output();
}

} // namespace mlviz
