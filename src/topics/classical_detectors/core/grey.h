// 8-bit grey images for the classical detectors, and the colour-to-grey conversion of
// cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY) in OpenCV 4.6, bit for bit.
// (A private copy: the image_processing topic has its own; the lead may merge the two.)
#pragma once
#include <cstdint>
#include <vector>

#include "core/image.h"
#include "core/result.h"

namespace mlviz {

// Row-major, row 0 = top, one byte per pixel.
struct GreyImage {
    int Width = 0, Height = 0;
    std::vector<std::uint8_t> Pixels;

    std::uint8_t At(int x, int y) const { return Pixels[static_cast<std::size_t>(y) * Width + x]; }
    std::uint8_t& At(int x, int y) { return Pixels[static_cast<std::size_t>(y) * Width + x]; }
    const std::uint8_t* Row(int y) const { return Pixels.data() + static_cast<std::size_t>(y) * Width; }
    std::uint8_t* Row(int y) { return Pixels.data() + static_cast<std::size_t>(y) * Width; }
};

// Largest side any classical-detectors core function accepts (the CLI bounds it further).
inline constexpr int kClassicalMaxSide = 4096;

GreyImage MakeGreyImage(int width, int height, std::uint8_t fill = 0);

// Fails when the sizes are not in [1, kClassicalMaxSide] or the pixel count does not match.
Result<bool> ValidateGreyImage(const GreyImage& img);

// OpenCV 4.6 RGB2Gray<uchar> (modules/imgproc/src/color_rgb.simd.hpp; the coefficients of
// color.simd_helpers.hpp): Y = (R*9798 + G*19235 + B*3735 + (1 << 14)) >> 15, the same in its
// SIMD and scalar paths. (Fixed point with 14 bits and 4899/9617/1868 is the older table; it
// differs from 4.6 on 111 pixels of astronaut.png.) Alpha is ignored, as cv2.imread(IMREAD_COLOR)
// drops it before cvtColor.
std::uint8_t GreyFromRgb(std::uint8_t r, std::uint8_t g, std::uint8_t b);
GreyImage GreyFromRgba(const Image& rgba);

// The grey image as an opaque RGBA image (for drawing and for the derived test images).
Image RgbaFromGrey(const GreyImage& grey);

} // namespace mlviz
