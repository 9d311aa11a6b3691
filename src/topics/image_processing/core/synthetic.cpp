// The uneven-lighting test page (see synthetic.h).
#include "topics/image_processing/core/synthetic.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>

#include "core/random.h"

namespace mlviz {

namespace {

// 5 x 7 block glyphs, one byte per row, bit 4 = leftmost column.
struct Glyph {
    char C;
    std::uint8_t Rows[7];
};

constexpr Glyph kGlyphs[] = {
    {'A', {0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}}, {'C', {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}},
    {'D', {0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E}}, {'E', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}},
    {'G', {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F}}, {'H', {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}},
    {'I', {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}}, {'L', {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F}},
    {'N', {0x11, 0x19, 0x15, 0x13, 0x11, 0x11, 0x11}}, {'O', {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
    {'P', {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10}}, {'R', {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11}},
    {'S', {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}}, {'T', {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}},
    {'U', {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}}, {'V', {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04}},
    {'Y', {0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04}}, {'2', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}},
    {'5', {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}},
};

const Glyph* FindGlyph(char c)
{
    for (const Glyph& g : kGlyphs)
        if (g.C == c) return &g;
    return nullptr;
}

void DrawText(Plane8& ink, const char* text, int x0, int y0, int cell)
{
    for (int k = 0; text[k]; ++k) {
        const Glyph* g = FindGlyph(text[k]);
        const int gx = x0 + k * 6 * cell;
        if (!g) continue;
        for (int r = 0; r < 7; ++r)
            for (int c = 0; c < 5; ++c) {
                if (!(g->Rows[r] & (0x10 >> c))) continue;
                for (int y = y0 + r * cell; y < y0 + (r + 1) * cell; ++y)
                    for (int x = gx + c * cell; x < gx + (c + 1) * cell; ++x)
                        if (x >= 0 && y >= 0 && x < ink.Width && y < ink.Height) ink.At(x, y) = 1;
            }
    }
}

// Filled disc (inner = 0) or ring of radii [inner, outer].
void DrawRing(Plane8& ink, double cx, double cy, double inner, double outer)
{
    for (int y = std::max(0, static_cast<int>(cy - outer)); y < std::min(ink.Height, static_cast<int>(cy + outer) + 1); ++y)
        for (int x = std::max(0, static_cast<int>(cx - outer)); x < std::min(ink.Width, static_cast<int>(cx + outer) + 1); ++x) {
            const double d = std::hypot(x + 0.5 - cx, y + 0.5 - cy);
            if (d <= outer && d >= inner) ink.At(x, y) = 1;
        }
}

void DrawRect(Plane8& ink, int x0, int y0, int x1, int y1, int thickness)
{
    for (int y = std::max(0, y0); y < std::min(ink.Height, y1); ++y)
        for (int x = std::max(0, x0); x < std::min(ink.Width, x1); ++x)
            if (thickness <= 0 || x < x0 + thickness || x >= x1 - thickness || y < y0 + thickness || y >= y1 - thickness)
                ink.At(x, y) = 1;
}

} // namespace

Result<SyntheticImage> MakeUnevenLightingImage(const SyntheticSpec& spec)
{
    if (spec.Width < 64 || spec.Height < 64 || spec.Width > 2048 || spec.Height > 2048)
        return Result<SyntheticImage>::Fail(
            Msg("синтетическое изображение %dx%d: каждая сторона от 64 до 2048", spec.Width, spec.Height));
    if (!std::isfinite(spec.Gradient) || spec.Gradient < 0.0 || spec.Gradient > 0.95)
        return Result<SyntheticImage>::Fail(Msg("перепад освещения %g: нужно число от 0 до 0.95", spec.Gradient));
    if (!std::isfinite(spec.Noise) || spec.Noise < 0.0 || spec.Noise > 50.0)
        return Result<SyntheticImage>::Fail(Msg("шум %g: нужно число от 0 до 50", spec.Noise));
    const int w = spec.Width, h = spec.Height;
    SyntheticImage out;
    out.Ink = Plane8(w, h);
    const int cell = std::max(1, std::min(w / 128, h / 64));
    const char* lines[] = {"ADAPTIVE THRESHOLD", "OTSU CANNY 52", "UNEVEN LIGHTING"};
    for (int i = 0; i < 3; ++i) DrawText(out.Ink, lines[i], w / 16, h / 12 + i * 10 * cell, cell);
    const double r = std::min(w, h) * 0.09;
    // Strokes stay thin next to the block sizes that suit the page: a block inside a large filled
    // shape would see only ink and call its middle paper.
    DrawRing(out.Ink, w * 0.15, h * 0.78, r - 2.0 * cell, r);
    DrawRing(out.Ink, w * 0.15, h * 0.78, 0.0, 1.5 * cell);
    DrawRing(out.Ink, w * 0.40, h * 0.78, r * 0.75, r);
    DrawRect(out.Ink, static_cast<int>(w * 0.56), static_cast<int>(h * 0.66), static_cast<int>(w * 0.72),
             static_cast<int>(h * 0.9), cell);
    DrawRect(out.Ink, static_cast<int>(w * 0.76), static_cast<int>(h * 0.62), static_cast<int>(w * 0.94),
             static_cast<int>(h * 0.92), cell * 2);
    for (int k = 0; k < 6; ++k) // thin strokes: hard for a large block
        DrawRect(out.Ink, static_cast<int>(w * (0.56 + 0.06 * k)), static_cast<int>(h * 0.52),
                 static_cast<int>(w * (0.56 + 0.06 * k)) + cell, static_cast<int>(h * 0.6), 0);

    out.Gray = Plane8(w, h);
    out.Light = PlaneF(w, h);
    std::mt19937 rng(spec.Seed);
    const double lo = 1.0 - spec.Gradient;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            // Dark at the bottom left, bright at the top right, bent by a smoothstep.
            const double u = 0.7 * (x + 0.5) / w + 0.3 * (1.0 - (y + 0.5) / h);
            const double s = u * u * (3.0 - 2.0 * u);
            const double light = lo + (1.0 - lo) * s;
            const double reflect = out.Ink.At(x, y) ? 0.22 : 0.9;
            const double v = 255.0 * light * reflect + (spec.Noise > 0.0 ? Normal(rng, 0.0, spec.Noise) : 0.0);
            out.Gray.At(x, y) = static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
            out.Light.At(x, y) = static_cast<float>(light);
        }
    return out;
}

} // namespace mlviz
