// Pixel kernels of the augmentation job (see augment_pixels.h).
#include "topics/image_processing/core/augment_pixels.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/random.h"

namespace mlviz {

namespace {

constexpr double kPi = 3.14159265358979323846;

std::uint8_t ToByte(double v)
{
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

// Bilinear sample at continuous point (u, v) of an RGBA image, edge pixels replicated.
void Bilinear(const Image& img, double u, double v, std::uint8_t* out)
{
    const double px = u - 0.5, py = v - 0.5;
    const int x0 = static_cast<int>(std::floor(px)), y0 = static_cast<int>(std::floor(py));
    const double fx = px - x0, fy = py - y0;
    const int xa = std::clamp(x0, 0, img.Width - 1), xb = std::clamp(x0 + 1, 0, img.Width - 1);
    const int ya = std::clamp(y0, 0, img.Height - 1), yb = std::clamp(y0 + 1, 0, img.Height - 1);
    const std::uint8_t *p00 = img.At(xa, ya), *p10 = img.At(xb, ya), *p01 = img.At(xa, yb), *p11 = img.At(xb, yb);
    for (int c = 0; c < 4; ++c) {
        const double top = p00[c] + fx * (p10[c] - p00[c]), bottom = p01[c] + fx * (p11[c] - p01[c]);
        out[c] = ToByte(top + fy * (bottom - top));
    }
}

std::uint8_t Nearest(const Plane8& m, double u, double v)
{
    const int x = std::clamp(static_cast<int>(std::floor(u)), 0, m.Width - 1);
    const int y = std::clamp(static_cast<int>(std::floor(v)), 0, m.Height - 1);
    return m.At(x, y);
}

float Gray(float r, float g, float b)
{
    return 0.2989f * r + 0.587f * g + 0.114f * b;
} // torchvision rgb_to_grayscale

} // namespace

void WarpRows(const AugSample& a, AugSample& out, const AugmentParams& p, int y0, int y1)
{
    const int w = a.Rgba.Width, h = a.Rgba.Height;
    const double t = p.Angle * kPi / 180.0, c = std::cos(t), s = std::sin(t);
    const bool mask = !a.Mask.Pixels.empty();
    for (int y = y0; y < y1; ++y)
        for (int x = 0; x < w; ++x) {
            // Inverse of augment.h's forward map: rotation, flips, crop.
            double u = x + 0.5, v = y + 0.5;
            if (p.Angle != 0.0) {
                const double dx = u - 0.5 * w, dy = v - 0.5 * h;
                u = 0.5 * w + c * dx - s * dy;
                v = 0.5 * h + s * dx + c * dy;
            }
            std::uint8_t* o = out.Rgba.At(x, y);
            if (u < 0.0 || v < 0.0 || u >= w || v >= h) { // outside the rotated canvas: fill 0
                o[0] = o[1] = o[2] = 0;
                o[3] = 255;
                if (mask) out.Mask.At(x, y) = 0;
                continue;
            }
            if (p.HFlip) u = w - u;
            if (p.VFlip) v = h - v;
            if (p.Crop) {
                u = p.CropBox.X + u * p.CropBox.W / w;
                v = p.CropBox.Y + v * p.CropBox.H / h;
            }
            Bilinear(a.Rgba, u, v, o);
            if (mask) out.Mask.At(x, y) = Nearest(a.Mask, u, v);
        }
}

void RgbaToFloatRows(const Image& img, std::vector<float>& f, int y0, int y1)
{
    const std::size_t n = static_cast<std::size_t>(img.Width) * img.Height;
    for (int y = y0; y < y1; ++y)
        for (int x = 0; x < img.Width; ++x) {
            const std::size_t i = static_cast<std::size_t>(y) * img.Width + x;
            for (int c = 0; c < 3; ++c) f[c * n + i] = img.At(x, y)[c];
        }
}

void FloatToRgbaRows(const std::vector<float>& f, Image& img, int y0, int y1)
{
    const std::size_t n = static_cast<std::size_t>(img.Width) * img.Height;
    for (int y = y0; y < y1; ++y)
        for (int x = 0; x < img.Width; ++x) {
            const std::size_t i = static_cast<std::size_t>(y) * img.Width + x;
            for (int c = 0; c < 3; ++c) img.At(x, y)[c] = ToByte(f[c * n + i]);
        }
}

double MeanGray(const std::vector<float>& f, int w, int h)
{
    const std::size_t n = static_cast<std::size_t>(w) * h;
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) sum += Gray(f[i], f[n + i], f[2 * n + i]);
    return n ? sum / static_cast<double>(n) : 0.0;
}

void JitterRows(std::vector<float>& f, int w, int h, const AugmentParams& p, int op, double mean_gray, int y0, int y1)
{
    const std::size_t n = static_cast<std::size_t>(w) * h;
    float* r = f.data();
    float* g = r + n;
    float* b = g + n;
    auto blend = [](float v, float other, double k) {
        return std::clamp(static_cast<float>(k * v + (1.0 - k) * other), 0.0f, 255.0f);
    };
    for (std::size_t i = static_cast<std::size_t>(y0) * w; i < static_cast<std::size_t>(y1) * w; ++i) {
        switch (op) {
        case 0: // brightness: blend with black
            r[i] = blend(r[i], 0.0f, p.BrightnessF);
            g[i] = blend(g[i], 0.0f, p.BrightnessF);
            b[i] = blend(b[i], 0.0f, p.BrightnessF);
            break;
        case 1: { // contrast: blend with the image's mean grey
            const float m = static_cast<float>(mean_gray);
            r[i] = blend(r[i], m, p.ContrastF);
            g[i] = blend(g[i], m, p.ContrastF);
            b[i] = blend(b[i], m, p.ContrastF);
            break;
        }
        case 2: { // saturation: blend with the pixel's grey
            const float m = Gray(r[i], g[i], b[i]);
            r[i] = blend(r[i], m, p.SaturationF);
            g[i] = blend(g[i], m, p.SaturationF);
            b[i] = blend(b[i], m, p.SaturationF);
            break;
        }
        default: { // hue: rotate H by HueF turns
            float hh, ss, vv;
            RgbToHsv(r[i] / 255.0f, g[i] / 255.0f, b[i] / 255.0f, &hh, &ss, &vv);
            hh = std::fmod(hh + static_cast<float>(p.HueF) + 1.0f, 1.0f);
            float rr, gg, bb;
            HsvToRgb(hh, ss, vv, &rr, &gg, &bb);
            r[i] = rr * 255.0f;
            g[i] = gg * 255.0f;
            b[i] = bb * 255.0f;
            break;
        }
        }
    }
}

void RgbToHsv(float r, float g, float b, float* h, float* s, float* v)
{
    const float maxc = std::max({r, g, b}), minc = std::min({r, g, b});
    const bool eqc = maxc == minc;
    const float cr = maxc - minc;
    *s = cr / (eqc ? 1.0f : maxc);
    const float div = eqc ? 1.0f : cr;
    const float rc = (maxc - r) / div, gc = (maxc - g) / div, bc = (maxc - b) / div;
    float hh;
    if (maxc == r)
        hh = bc - gc;
    else if (maxc == g)
        hh = 2.0f + rc - bc;
    else
        hh = 4.0f + gc - rc;
    *h = std::fmod(hh / 6.0f + 1.0f, 1.0f);
    *v = maxc;
}

void HsvToRgb(float h, float s, float v, float* r, float* g, float* b)
{
    const float h6 = h * 6.0f;
    const float fi = std::floor(h6);
    const float f = h6 - fi;
    const int i = static_cast<int>(fi) % 6;
    const float p = std::clamp(v * (1.0f - s), 0.0f, 1.0f);
    const float q = std::clamp(v * (1.0f - s * f), 0.0f, 1.0f);
    const float t = std::clamp(v * (1.0f - s * (1.0f - f)), 0.0f, 1.0f);
    const float table[6][3] = {{v, t, p}, {q, v, p}, {p, v, t}, {p, q, v}, {t, p, v}, {v, p, q}};
    *r = table[i][0];
    *g = table[i][1];
    *b = table[i][2];
}

void ChannelRows(const Image& img, Plane8& plane, int c, int y0, int y1)
{
    for (int y = y0; y < y1; ++y)
        for (int x = 0; x < img.Width; ++x) plane.At(x, y) = img.At(x, y)[c];
}

void NoiseRows(Image& img, double sigma, std::uint32_t seed, int y0, int y1)
{
    for (int y = y0; y < y1; ++y) {
        std::seed_seq seq{seed, static_cast<std::uint32_t>(y)};
        std::mt19937 rng(seq);
        std::uint8_t* p = img.At(0, y);
        double spare = 0.0;
        bool have_spare = false;
        for (int i = 0; i < img.Width * 4; ++i) {
            if ((i & 3) == 3) continue; // alpha
            double z;
            if (have_spare) {
                z = spare;
            } else {
                // Marsaglia's polar method: two normals per accepted point, no trigonometry.
                double u, v, s;
                do {
                    u = 2.0 * Uniform01(rng) - 1.0;
                    v = 2.0 * Uniform01(rng) - 1.0;
                    s = u * u + v * v;
                } while (s >= 1.0 || s == 0.0);
                const double f = std::sqrt(-2.0 * std::log(s) / s);
                z = u * f;
                spare = v * f;
            }
            have_spare = !have_spare;
            p[i] = ToByte(p[i] + sigma * z);
        }
    }
}

void FillRows(Image& img, const CropRect& r, int y0, int y1)
{
    static constexpr std::uint8_t kMean[3] = {124, 116, 104}; // round(255 * (0.485, 0.456, 0.406))
    for (int y = std::max(y0, r.Y); y < std::min(y1, r.Y + r.H); ++y)
        for (int x = r.X; x < r.X + r.W; ++x)
            for (int c = 0; c < 3; ++c) img.At(x, y)[c] = kMean[c];
}

void ResizeRows(const AugSample& b, AugSample& out, int y0, int y1)
{
    const int w = out.Rgba.Width, h = out.Rgba.Height;
    const double sx = static_cast<double>(b.Rgba.Width) / w, sy = static_cast<double>(b.Rgba.Height) / h;
    for (int y = y0; y < y1; ++y)
        for (int x = 0; x < w; ++x) {
            const double u = (x + 0.5) * sx, v = (y + 0.5) * sy;
            Bilinear(b.Rgba, u, v, out.Rgba.At(x, y));
            if (!b.Mask.Pixels.empty()) out.Mask.At(x, y) = Nearest(b.Mask, u, v);
        }
}

void MixRows(AugSample& out, const AugSample& b, const AugmentParams& p, int y0, int y1)
{
    const int w = out.Rgba.Width;
    const bool masks = !out.Mask.Pixels.empty() && !b.Mask.Pixels.empty();
    for (int y = y0; y < y1; ++y)
        for (int x = 0; x < w; ++x) {
            std::uint8_t* o = out.Rgba.At(x, y);
            const std::uint8_t* q = b.Rgba.At(x, y);
            if (p.Mix == MixMode::Mixup) {
                for (int c = 0; c < 3; ++c) o[c] = ToByte(p.Lambda * o[c] + (1.0 - p.Lambda) * q[c]);
                if (masks && p.Lambda < 0.5) out.Mask.At(x, y) = b.Mask.At(x, y);
            } else if (x >= p.CutBox.X && x < p.CutBox.X + p.CutBox.W && y >= p.CutBox.Y && y < p.CutBox.Y + p.CutBox.H) {
                for (int c = 0; c < 3; ++c) o[c] = q[c];
                if (masks) out.Mask.At(x, y) = b.Mask.At(x, y);
            }
        }
}

} // namespace mlviz
