// The imbalance demo's image: Bézier strokes stamped until the mask has exactly round(f·64²) pixels, then
// clutter blobs and noise.
#include "topics/losses/core/losses_toy.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/random.h"

namespace mlviz {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kMaxStrokes = 20000; // far more than 50% coverage ever needs; a bound, not a budget
constexpr int kClutterBlobs = 8;

struct Stamper {
    ToyImage& Image;
    int Target;
    double Radius;

    // Marks the pixels whose centre is within Radius of (px, py); false once the target count is reached.
    bool Stamp(double px, double py)
    {
        const int n = Image.Size;
        const int x0 = std::max(0, static_cast<int>(std::floor(px - Radius - 0.5)));
        const int x1 = std::min(n - 1, static_cast<int>(std::ceil(px + Radius)));
        const int y0 = std::max(0, static_cast<int>(std::floor(py - Radius - 0.5)));
        const int y1 = std::min(n - 1, static_cast<int>(std::ceil(py + Radius)));
        for (int y = y0; y <= y1; ++y)
            for (int x = x0; x <= x1; ++x) {
                const double dx = x + 0.5 - px, dy = y + 0.5 - py;
                std::uint8_t& m = Image.Mask[static_cast<std::size_t>(y) * n + x];
                if (m || dx * dx + dy * dy > Radius * Radius) continue;
                m = 1;
                if (++Image.ForegroundCount >= Target) return false;
            }
        return true;
    }
};

} // namespace

Message CheckToyConfig(const ToyConfig& c)
{
    if (!(c.ForegroundFraction >= kToyMinFraction && c.ForegroundFraction <= kToyMaxFraction))
        return Msg("доля переднего плана %g вне [%g, %g]", c.ForegroundFraction, kToyMinFraction, kToyMaxFraction);
    if (!(c.LineWidth >= 1.0 && c.LineWidth <= 4.0)) return Msg("толщина линий %g вне [1, 4] пикселей", c.LineWidth);
    if (!(c.Noise >= 0.0 && c.Noise <= 2.0)) return Msg("шум σ = %g вне [0, 2]", c.Noise);
    if (!(c.Clutter >= 0.0 && c.Clutter <= 2.0)) return Msg("фоновые пятна: амплитуда %g вне [0, 2]", c.Clutter);
    return {};
}

Result<ToyImage> MakeToyImage(const ToyConfig& c)
{
    if (Message m = CheckToyConfig(c); !m.Empty()) return Result<ToyImage>::Fail(m);
    std::mt19937 rng(c.Seed);
    ToyImage img;
    const int n = img.Size;
    img.Mask.assign(static_cast<std::size_t>(n) * n, 0);
    const int target = std::max(1, static_cast<int>(std::lround(c.ForegroundFraction * n * n)));
    Stamper stamper{img, target, 0.5 * c.LineWidth};

    bool more = true;
    for (int stroke = 0; more && stroke < kMaxStrokes; ++stroke) {
        // A quadratic Bézier P0 → P2 bent by the control point P1, starting anywhere near the image.
        const double x0 = Uniform(rng, -4.0, n + 4.0), y0 = Uniform(rng, -4.0, n + 4.0);
        const double angle = Uniform(rng, 0.0, 2.0 * kPi), length = Uniform(rng, n / 3.0, n);
        const double x2 = x0 + length * std::cos(angle), y2 = y0 + length * std::sin(angle);
        const double bend = Uniform(rng, -0.6, 0.6) * length;
        const double x1 = 0.5 * (x0 + x2) - bend * std::sin(angle), y1 = 0.5 * (y0 + y2) + bend * std::cos(angle);
        const double chord = std::hypot(x1 - x0, y1 - y0) + std::hypot(x2 - x1, y2 - y1);
        const int steps = static_cast<int>(std::ceil(chord / 0.25)); // stamps 0.25 px apart or closer
        for (int s = 0; more && s <= steps; ++s) {
            const double t = static_cast<double>(s) / steps, u = 1.0 - t;
            more = stamper.Stamp(u * u * x0 + 2.0 * u * t * x1 + t * t * x2, u * u * y0 + 2.0 * u * t * y1 + t * t * y2);
        }
    }

    img.Pixels.assign(img.Mask.begin(), img.Mask.end());
    for (int b = 0; b < kClutterBlobs; ++b) {
        const double cx = Uniform(rng, 0.0, n), cy = Uniform(rng, 0.0, n);
        const double sigma = Uniform(rng, 2.0, 8.0), amp = c.Clutter * Uniform(rng, -1.0, 1.0);
        const double inv = 1.0 / (2.0 * sigma * sigma);
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x) {
                const double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
                const double blob = amp * std::exp(-(dx * dx + dy * dy) * inv);
                img.Pixels[static_cast<std::size_t>(y) * n + x] += static_cast<float>(blob);
            }
    }
    for (float& v : img.Pixels) v += static_cast<float>(c.Noise * StandardNormal(rng));
    return img;
}

} // namespace mlviz
