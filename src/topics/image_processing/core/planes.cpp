// Planes, OpenCV grey and border extrapolation (see planes.h).
#include "topics/image_processing/core/planes.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

Result<Image> DecodeUserImage(std::string_view bytes)
{
    if (bytes.size() > kIpMaxFileBytes)
        return Result<Image>::Fail(Msg("файл %d МБ, допустимо не больше %d МБ", static_cast<int>(bytes.size() >> 20),
                                       static_cast<int>(kIpMaxFileBytes >> 20)));
    int w = 0, h = 0;
    if (PeekImageSize(bytes, w, h) && static_cast<long long>(w) * h > kIpMaxFilePixels)
        return Result<Image>::Fail(
            Msg("изображение %dx%d больше %d мегапикселей", w, h, static_cast<int>(kIpMaxFilePixels >> 20)));
    return DecodeImage(bytes);
}

Message ValidatePlaneSize(int width, int height)
{
    if (width < 1 || height < 1 || width > kIpMaxSide || height > kIpMaxSide)
        return Msg("изображение %dx%d: каждая сторона должна быть от 1 до %d пикселей", width, height, kIpMaxSide);
    if (static_cast<long long>(width) * height > kIpMaxPixels)
        return Msg("изображение %dx%d больше %d мегапикселей", width, height, static_cast<int>(kIpMaxPixels >> 20));
    return {};
}

std::uint8_t OpenCvGray(std::uint8_t r, std::uint8_t g, std::uint8_t b)
{
    // color_rgb.simd.hpp: BY15 = 3735, GY15 = 19235, RY15 = 9798, CV_DESCALE(.., gray_shift = 15).
    return static_cast<std::uint8_t>((b * 3735 + g * 19235 + r * 9798 + (1 << 14)) >> 15);
}

Result<Plane8> GrayFromImage(const Image& rgba)
{
    const Message why = ValidatePlaneSize(rgba.Width, rgba.Height);
    if (!why.Empty()) return Result<Plane8>::Fail(why);
    if (rgba.Pixels.size() != static_cast<std::size_t>(rgba.Width) * rgba.Height * 4)
        return Result<Plane8>::Fail(Msg("изображение повреждено: число пикселей не совпадает с размером"));
    Plane8 out(rgba.Width, rgba.Height);
    const std::uint8_t* p = rgba.Pixels.data();
    for (std::size_t i = 0; i < out.Pixels.size(); ++i, p += 4) out.Pixels[i] = OpenCvGray(p[0], p[1], p[2]);
    return out;
}

Image ImageFromGray(const Plane8& gray)
{
    Image out;
    out.Width = gray.Width;
    out.Height = gray.Height;
    out.Pixels.resize(gray.Pixels.size() * 4);
    for (std::size_t i = 0; i < gray.Pixels.size(); ++i) {
        const std::uint8_t v = gray.Pixels[i];
        out.Pixels[i * 4 + 0] = v;
        out.Pixels[i * 4 + 1] = v;
        out.Pixels[i * 4 + 2] = v;
        out.Pixels[i * 4 + 3] = 255;
    }
    return out;
}

Image ImageFromFloat(const PlaneF& plane, float lo, float hi)
{
    Plane8 g(plane.Width, plane.Height, 128);
    if (hi > lo) {
        const float scale = 255.0f / (hi - lo);
        for (std::size_t i = 0; i < plane.Values.size(); ++i) {
            const float v = (plane.Values[i] - lo) * scale;
            g.Pixels[i] = static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
        }
    }
    return ImageFromGray(g);
}

std::string_view BorderModeName(BorderMode mode)
{
    switch (mode) {
    case BorderMode::Zero: return "zero";
    case BorderMode::Replicate: return "replicate";
    case BorderMode::Reflect: return "reflect";
    case BorderMode::Count: break;
    }
    return "?";
}

bool BorderModeFromName(std::string_view name, BorderMode* out)
{
    for (int i = 0; i < static_cast<int>(BorderMode::Count); ++i) {
        if (BorderModeName(static_cast<BorderMode>(i)) == name) {
            *out = static_cast<BorderMode>(i);
            return true;
        }
    }
    return false;
}

int BorderIndex(int p, int n, BorderMode mode)
{
    if (p >= 0 && p < n) return p;
    switch (mode) {
    case BorderMode::Zero: return -1;
    case BorderMode::Replicate: return p < 0 ? 0 : n - 1;
    case BorderMode::Reflect:
        if (n == 1) return 0;
        // OpenCV's borderInterpolate(BORDER_REFLECT_101): fold until inside.
        do {
            p = p < 0 ? -p : 2 * (n - 1) - p;
        } while (p < 0 || p >= n);
        return p;
    case BorderMode::Count: break;
    }
    return -1;
}

} // namespace mlviz
