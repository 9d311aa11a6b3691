// Augmentation geometry: RandomResizedCrop parameters, flips and rotation of points and boxes,
// cutmix's patch and the Beta sampler (see augment.h).
#include "topics/image_processing/core/augment.h"

#include <algorithm>
#include <cmath>

#include "core/random.h"

namespace mlviz {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Python's round(): to nearest, ties to even.
int RoundHalfEven(double v)
{
    return static_cast<int>(std::nearbyint(v));
}

double Gamma(std::mt19937& rng, double a)
{
    if (a < 1.0) { // Gamma(a) = Gamma(a + 1) * U^(1 / a)
        const double u = Uniform01(rng);
        return Gamma(rng, a + 1.0) * std::pow(u, 1.0 / a);
    }
    const double d = a - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = StandardNormal(rng);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        const double u = Uniform01(rng);
        if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
        if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
    }
}

struct Rect {
    double X1, Y1, X2, Y2;
};

// Enclosing box of the 4 transformed corners, clipped to [0, W] x [0, H].
template <typename F>
Rect MapBox(const Rect& r, double w, double h, F&& f)
{
    const double xs[2] = {r.X1, r.X2}, ys[2] = {r.Y1, r.Y2};
    Rect out{1e300, 1e300, -1e300, -1e300};
    for (double x : xs)
        for (double y : ys) {
            const auto p = f(x, y);
            out.X1 = std::min(out.X1, p[0]);
            out.Y1 = std::min(out.Y1, p[1]);
            out.X2 = std::max(out.X2, p[0]);
            out.Y2 = std::max(out.Y2, p[1]);
        }
    out.X1 = std::clamp(out.X1, 0.0, w);
    out.X2 = std::clamp(out.X2, 0.0, w);
    out.Y1 = std::clamp(out.Y1, 0.0, h);
    out.Y2 = std::clamp(out.Y2, 0.0, h);
    return out;
}

bool HasArea(const Rect& r)
{
    return r.X2 > r.X1 && r.Y2 > r.Y1;
}

} // namespace

double SampleBeta(std::mt19937& rng, double a, double b)
{
    const double x = Gamma(rng, a), y = Gamma(rng, b);
    return x + y > 0.0 ? x / (x + y) : 0.5;
}

CropRect RandomResizedCropParams(int width, int height, double scale_min, double scale_max, double ratio_min, double ratio_max,
                                 std::mt19937& rng)
{
    const double area = static_cast<double>(width) * height;
    const double log_r0 = std::log(ratio_min), log_r1 = std::log(ratio_max);
    for (int attempt = 0; attempt < 10; ++attempt) {
        const double target_area = area * Uniform(rng, scale_min, scale_max);
        const double aspect = std::exp(Uniform(rng, log_r0, log_r1));
        const int w = RoundHalfEven(std::sqrt(target_area * aspect));
        const int h = RoundHalfEven(std::sqrt(target_area / aspect));
        if (0 < w && w <= width && 0 < h && h <= height) {
            const int i = UniformInt(rng, height - h + 1); // torch.randint(0, H - h + 1)
            const int j = UniformInt(rng, width - w + 1);
            return {j, i, w, h};
        }
    }
    // Fallback to the central crop.
    const double in_ratio = static_cast<double>(width) / height;
    int w = width, h = height;
    if (in_ratio < std::min(ratio_min, ratio_max)) {
        h = RoundHalfEven(w / std::min(ratio_min, ratio_max));
    } else if (in_ratio > std::max(ratio_min, ratio_max)) {
        w = RoundHalfEven(h * std::max(ratio_min, ratio_max));
    }
    return {(width - w) / 2, (height - h) / 2, w, h};
}

CropRect CutMixBox(int width, int height, double lambda, std::mt19937& rng)
{
    const double cut_rat = std::sqrt(1.0 - lambda);
    const int cut_w = static_cast<int>(width * cut_rat), cut_h = static_cast<int>(height * cut_rat);
    const int cx = UniformInt(rng, width), cy = UniformInt(rng, height); // np.random.randint(W)
    const int x1 = std::clamp(cx - cut_w / 2, 0, width), y1 = std::clamp(cy - cut_h / 2, 0, height);
    const int x2 = std::clamp(cx + cut_w / 2, 0, width), y2 = std::clamp(cy + cut_h / 2, 0, height);
    return {x1, y1, x2 - x1, y2 - y1};
}

std::array<double, 2> TransformPoint(double x, double y, int width, int height, const AugmentParams& p)
{
    const double w = width, h = height;
    if (p.Crop && p.CropBox.W > 0 && p.CropBox.H > 0) {
        x = (x - p.CropBox.X) * w / p.CropBox.W;
        y = (y - p.CropBox.Y) * h / p.CropBox.H;
    }
    if (p.HFlip) x = w - x;
    if (p.VFlip) y = h - y;
    if (p.Angle != 0.0) {
        const double t = p.Angle * kPi / 180.0, c = std::cos(t), s = std::sin(t);
        const double dx = x - 0.5 * w, dy = y - 0.5 * h;
        x = 0.5 * w + c * dx + s * dy;
        y = 0.5 * h - s * dx + c * dy;
    }
    return {x, y};
}

BoxTransformResult TransformBoxes(const std::vector<AugBox>& boxes, int width, int height, const AugmentParams& p)
{
    const double w = width, h = height;
    BoxTransformResult out;
    for (std::size_t k = 0; k < boxes.size(); ++k) {
        Rect r{boxes[k].X1, boxes[k].Y1, boxes[k].X2, boxes[k].Y2};
        // One stage at a time: each stage's canvas cuts what it does not show.
        if (p.Crop && p.CropBox.W > 0 && p.CropBox.H > 0) {
            AugmentParams only;
            only.Crop = true;
            only.CropBox = p.CropBox;
            r = MapBox(r, w, h, [&](double x, double y) { return TransformPoint(x, y, width, height, only); });
        }
        if (HasArea(r) && (p.HFlip || p.VFlip)) {
            AugmentParams only;
            only.HFlip = p.HFlip;
            only.VFlip = p.VFlip;
            r = MapBox(r, w, h, [&](double x, double y) { return TransformPoint(x, y, width, height, only); });
        }
        if (HasArea(r) && p.Angle != 0.0) {
            AugmentParams only;
            only.Angle = p.Angle;
            r = MapBox(r, w, h, [&](double x, double y) { return TransformPoint(x, y, width, height, only); });
        }
        if (!HasArea(r)) continue;
        out.Boxes.push_back({r.X1, r.Y1, r.X2, r.Y2, boxes[k].Label});
        out.Source.push_back(static_cast<int>(k));
    }
    return out;
}

} // namespace mlviz
