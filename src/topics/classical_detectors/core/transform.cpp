#include "topics/classical_detectors/core/transform.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/random.h"
#include "topics/classical_detectors/core/gauss.h"

namespace mlviz {

namespace {
constexpr std::string_view kNames[] = {"rotate", "scale", "blur", "noise", "brightness"};
}

std::string_view TransformKindName(TransformKind k)
{
    const int i = static_cast<int>(k);
    return i >= 0 && i < static_cast<int>(TransformKind::Count) ? kNames[i] : "?";
}

bool TransformKindFromName(std::string_view name, TransformKind& out)
{
    for (int i = 0; i < static_cast<int>(TransformKind::Count); ++i)
        if (name == kNames[i]) {
            out = static_cast<TransformKind>(i);
            return true;
        }
    return false;
}

Result<bool> ValidateTransform(const TransformSpec& t)
{
    const double a = t.Amount;
    auto range = [&](double lo, double hi) -> Result<bool> {
        if (std::isfinite(a) && a >= lo && a <= hi) return true;
        return Result<bool>::Fail(
            Msg("величина преобразования %s %g вне [%g, %g]", std::string(TransformKindName(t.Kind)), a, lo, hi));
    };
    switch (t.Kind) {
    case TransformKind::Rotate: return range(-360.0, 360.0);
    case TransformKind::Scale: return range(0.25, 4.0);
    case TransformKind::Blur: return range(0.0, 20.0);
    case TransformKind::Noise: return range(0.0, 128.0);
    case TransformKind::Brightness: return range(-255.0, 255.0);
    default: return Result<bool>::Fail(Msg("неизвестное преобразование %d", static_cast<int>(t.Kind)));
    }
}

void Homography::Apply(double x, double y, double& ox, double& oy) const
{
    const double w = M[6] * x + M[7] * y + M[8];
    ox = (M[0] * x + M[1] * y + M[2]) / w;
    oy = (M[3] * x + M[4] * y + M[5]) / w;
}

Homography Homography::Inverse() const
{
    const auto& m = M;
    const double det =
        m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
    const double id = det != 0.0 ? 1.0 / det : 0.0;
    Homography r;
    r.M = {(m[4] * m[8] - m[5] * m[7]) * id, (m[2] * m[7] - m[1] * m[8]) * id, (m[1] * m[5] - m[2] * m[4]) * id,
           (m[5] * m[6] - m[3] * m[8]) * id, (m[0] * m[8] - m[2] * m[6]) * id, (m[2] * m[3] - m[0] * m[5]) * id,
           (m[3] * m[7] - m[4] * m[6]) * id, (m[1] * m[6] - m[0] * m[7]) * id, (m[0] * m[4] - m[1] * m[3]) * id};
    return r;
}

Homography CentredSimilarity(int w, int h, double angle_deg, double scale)
{
    const double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
    const double a = angle_deg * 3.14159265358979323846 / 180.0;
    const double c = std::cos(a) * scale, s = std::sin(a) * scale;
    Homography H;
    H.M = {c, s, cx - c * cx - s * cy, -s, c, cy + s * cx - c * cy, 0, 0, 1};
    return H;
}

namespace {

void WarpRows(const GreyImage& img, const Homography& inv, GreyImage& out, int r0, int r1)
{
    auto px = [&](int x, int y) -> double { return x >= 0 && y >= 0 && x < img.Width && y < img.Height ? img.At(x, y) : 0.0; };
    for (int y = r0; y < r1; ++y)
        for (int x = 0; x < out.Width; ++x) {
            double sx, sy;
            inv.Apply(x, y, sx, sy);
            std::uint8_t v = 0;
            if (sx > -1.0 && sy > -1.0 && sx < img.Width && sy < img.Height) {
                const int x0 = static_cast<int>(std::floor(sx)), y0 = static_cast<int>(std::floor(sy));
                const double fx = sx - x0, fy = sy - y0;
                const double b = (px(x0, y0) * (1 - fx) + px(x0 + 1, y0) * fx) * (1 - fy) +
                    (px(x0, y0 + 1) * (1 - fx) + px(x0 + 1, y0 + 1) * fx) * fy;
                v = static_cast<std::uint8_t>(std::clamp(std::nearbyint(b), 0.0, 255.0));
            }
            out.At(x, y) = v;
        }
}

std::uint8_t Clamp8(double v)
{
    return static_cast<std::uint8_t>(std::clamp(std::nearbyint(v), 0.0, 255.0));
}

} // namespace

GreyImage WarpGrey(const GreyImage& img, const Homography& h)
{
    GreyImage out = MakeGreyImage(img.Width, img.Height);
    WarpRows(img, h.Inverse(), out, 0, img.Height);
    return out;
}

Result<TransformJob> TransformJob::Start(const GreyImage& img, const TransformSpec& t)
{
    if (auto ok = ValidateGreyImage(img); !ok) return Result<TransformJob>::Fail(ok.Error());
    if (auto ok = ValidateTransform(t); !ok) return Result<TransformJob>::Fail(ok.Error());
    TransformJob job;
    job.Src_ = img;
    job.Spec_ = t;
    job.Out_.Image = MakeGreyImage(img.Width, img.Height);
    job.Rng_.seed(t.Seed);
    long long per_pixel = 1;
    if (t.Kind == TransformKind::Rotate || t.Kind == TransformKind::Scale) {
        job.Out_.H = t.Kind == TransformKind::Rotate ? CentredSimilarity(img.Width, img.Height, t.Amount, 1.0)
                                                     : CentredSimilarity(img.Width, img.Height, 0.0, t.Amount);
        per_pixel = 20;
        job.Pass_ = 1; // one pass
    } else if (t.Kind == TransformKind::Blur && t.Amount > 0.0) {
        job.Kernel_ = GaussianKernel(t.Amount, (static_cast<int>(std::nearbyint(t.Amount * 6.0 + 1.0))) | 1);
        job.Tmp_.assign(img.Pixels.size(), 0.0f);
        per_pixel = static_cast<long long>(job.Kernel_.size());
    } else {
        per_pixel = t.Kind == TransformKind::Noise ? 30 : 1;
        job.Pass_ = 1;
    }
    job.RowsPerBand_ = static_cast<int>(std::max(1LL, 200000 / std::max(1LL, per_pixel * img.Width)));
    return job;
}

double TransformJob::Progress() const
{
    if (Done()) return 1.0;
    const bool two = Spec_.Kind == TransformKind::Blur && !Kernel_.empty();
    const double rows = static_cast<double>(Src_.Height) * (two ? 2 : 1);
    const double done = (two && Pass_ == 1 ? Src_.Height : 0) + Row_;
    return done / rows;
}

void TransformJob::Step(long long budget)
{
    const long long per_band = 200000;
    long long spent = 0;
    while (!Done() && spent < std::max(1LL, budget)) {
        const int r0 = Row_, r1 = std::min(Src_.Height, Row_ + RowsPerBand_);
        const int w = Src_.Width;
        switch (Spec_.Kind) {
        case TransformKind::Rotate:
        case TransformKind::Scale: WarpRows(Src_, Out_.H.Inverse(), Out_.Image, r0, r1); break;
        case TransformKind::Blur:
            if (Kernel_.empty()) {
                for (int y = r0; y < r1; ++y)
                    for (int x = 0; x < w; ++x) Out_.Image.At(x, y) = Src_.At(x, y);
            } else if (Pass_ == 0) { // horizontal, reflect-101 borders as GaussianBlurGrey
                const int r = static_cast<int>(Kernel_.size()) / 2;
                for (int y = r0; y < r1; ++y)
                    for (int x = 0; x < w; ++x) {
                        float acc = 0.0f;
                        for (int k = -r; k <= r; ++k) acc += Kernel_[k + r] * Src_.At(Reflect101(x + k, w), y);
                        Tmp_[static_cast<std::size_t>(y) * w + x] = acc;
                    }
            } else {
                const int r = static_cast<int>(Kernel_.size()) / 2;
                for (int y = r0; y < r1; ++y)
                    for (int x = 0; x < w; ++x) {
                        float acc = 0.0f;
                        for (int k = -r; k <= r; ++k)
                            acc += Kernel_[k + r] * Tmp_[static_cast<std::size_t>(Reflect101(y + k, Src_.Height)) * w + x];
                        Out_.Image.At(x, y) = static_cast<std::uint8_t>(std::clamp(std::nearbyint(acc), 0.0f, 255.0f));
                    }
            }
            break;
        case TransformKind::Noise:
            for (int y = r0; y < r1; ++y)
                for (int x = 0; x < w; ++x) Out_.Image.At(x, y) = Clamp8(Src_.At(x, y) + Normal(Rng_, 0.0, Spec_.Amount));
            break;
        default:
            for (int y = r0; y < r1; ++y)
                for (int x = 0; x < w; ++x) Out_.Image.At(x, y) = Clamp8(Src_.At(x, y) + Spec_.Amount);
            break;
        }
        Row_ = r1;
        spent += per_band;
        if (Row_ >= Src_.Height) {
            ++Pass_;
            Row_ = 0;
        }
    }
}

Result<TransformedImage> ApplyTransform(const GreyImage& img, const TransformSpec& t)
{
    auto job = TransformJob::Start(img, t);
    if (!job) return Result<TransformedImage>::Fail(job.Error());
    job.Value().RunToEnd();
    return job.Value().Output();
}

} // namespace mlviz
