#include "topics/classical_detectors/core/grey.h"

namespace mlviz {

GreyImage MakeGreyImage(int width, int height, std::uint8_t fill)
{
    GreyImage img;
    img.Width = width;
    img.Height = height;
    img.Pixels.assign(static_cast<std::size_t>(width) * height, fill);
    return img;
}

Result<bool> ValidateGreyImage(const GreyImage& img)
{
    if (img.Width < 1 || img.Height < 1 || img.Width > kClassicalMaxSide || img.Height > kClassicalMaxSide)
        return Result<bool>::Fail(
            Msg("изображение %dx%d: стороны должны быть от 1 до %d пикселей", img.Width, img.Height, kClassicalMaxSide));
    if (img.Pixels.size() != static_cast<std::size_t>(img.Width) * img.Height)
        return Result<bool>::Fail(Msg("изображение %dx%d: в нём %d пикселей вместо %d", img.Width, img.Height,
                                      static_cast<long long>(img.Pixels.size()), static_cast<long long>(img.Width) * img.Height));
    return true;
}

std::uint8_t GreyFromRgb(std::uint8_t r, std::uint8_t g, std::uint8_t b)
{
    constexpr int kShift = 15, kRy = 9798, kGy = 19235, kBy = 3735; // RY15, GY15, BY15
    return static_cast<std::uint8_t>((r * kRy + g * kGy + b * kBy + (1 << (kShift - 1))) >> kShift);
}

GreyImage GreyFromRgba(const Image& rgba)
{
    GreyImage out = MakeGreyImage(rgba.Width, rgba.Height);
    const std::size_t n = static_cast<std::size_t>(rgba.Width) * rgba.Height;
    for (std::size_t i = 0; i < n && i * 4 + 2 < rgba.Pixels.size(); ++i)
        out.Pixels[i] = GreyFromRgb(rgba.Pixels[i * 4], rgba.Pixels[i * 4 + 1], rgba.Pixels[i * 4 + 2]);
    return out;
}

Image RgbaFromGrey(const GreyImage& grey)
{
    Image out;
    out.Width = grey.Width;
    out.Height = grey.Height;
    out.Pixels.resize(grey.Pixels.size() * 4);
    for (std::size_t i = 0; i < grey.Pixels.size(); ++i) {
        out.Pixels[i * 4] = out.Pixels[i * 4 + 1] = out.Pixels[i * 4 + 2] = grey.Pixels[i];
        out.Pixels[i * 4 + 3] = 255;
    }
    return out;
}

} // namespace mlviz
