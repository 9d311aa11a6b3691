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
        return Result<bool>::Fail(Msg("величина преобразования %s %g вне [%g, %g]", std::string(TransformKindName(t.Kind)), a, lo, hi));
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
    const double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
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

GreyImage WarpGrey(const GreyImage& img, const Homography& h)
{
    const Homography inv = h.Inverse();
    GreyImage out = MakeGreyImage(img.Width, img.Height);
    auto px = [&](int x, int y) -> double {
        return x >= 0 && y >= 0 && x < img.Width && y < img.Height ? img.At(x, y) : 0.0;
    };
    for (int y = 0; y < out.Height; ++y)
        for (int x = 0; x < out.Width; ++x) {
            double sx, sy;
            inv.Apply(x, y, sx, sy);
            if (!(sx > -1.0 && sy > -1.0 && sx < img.Width && sy < img.Height)) continue;
            const int x0 = static_cast<int>(std::floor(sx)), y0 = static_cast<int>(std::floor(sy));
            const double fx = sx - x0, fy = sy - y0;
            const double v = (px(x0, y0) * (1 - fx) + px(x0 + 1, y0) * fx) * (1 - fy) +
                             (px(x0, y0 + 1) * (1 - fx) + px(x0 + 1, y0 + 1) * fx) * fy;
            out.At(x, y) = static_cast<std::uint8_t>(std::clamp(std::nearbyint(v), 0.0, 255.0));
        }
    return out;
}

Result<TransformedImage> ApplyTransform(const GreyImage& img, const TransformSpec& t)
{
    if (auto ok = ValidateGreyImage(img); !ok) return Result<TransformedImage>::Fail(ok.Error());
    if (auto ok = ValidateTransform(t); !ok) return Result<TransformedImage>::Fail(ok.Error());
    TransformedImage out;
    switch (t.Kind) {
    case TransformKind::Rotate:
    case TransformKind::Scale:
        out.H = t.Kind == TransformKind::Rotate ? CentredSimilarity(img.Width, img.Height, t.Amount, 1.0)
                                                : CentredSimilarity(img.Width, img.Height, 0.0, t.Amount);
        out.Image = WarpGrey(img, out.H);
        break;
    case TransformKind::Blur: out.Image = t.Amount > 0.0 ? GaussianBlurGrey(img, t.Amount) : img; break;
    case TransformKind::Noise: {
        std::mt19937 rng(t.Seed);
        out.Image = img;
        for (auto& p : out.Image.Pixels) p = static_cast<std::uint8_t>(std::clamp(std::nearbyint(p + Normal(rng, 0.0, t.Amount)), 0.0, 255.0));
        break;
    }
    default:
        out.Image = img;
        for (auto& p : out.Image.Pixels) p = static_cast<std::uint8_t>(std::clamp(std::nearbyint(p + t.Amount), 0.0, 255.0));
        break;
    }
    return out;
}

} // namespace mlviz
