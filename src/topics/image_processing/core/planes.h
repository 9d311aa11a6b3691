// Single-channel image planes for the image-processing topic (8-bit and float), OpenCV's exact
// colour-to-grey conversion, border handling shared by every filter, and the size limits.
//
// Coordinates: pixel (x, y) is column x, row y, row 0 at the top; its centre is at (x + 0.5, y + 0.5)
// in continuous coordinates where the image spans [0, W] x [0, H] (boxes use these).
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/image.h"
#include "core/result.h"

namespace mlviz {

// Sizes every core function accepts: any accepted input answers well within a second natively.
inline constexpr int kIpMaxSide = 4096;
inline constexpr long long kIpMaxPixels = 1LL << 22; // 4 Mpx, e.g. 2048 x 2048

struct Plane8 {
    int Width = 0, Height = 0;
    std::vector<std::uint8_t> Pixels; // row-major, row 0 = top

    Plane8() = default;
    Plane8(int w, int h, std::uint8_t fill = 0) : Width(w), Height(h), Pixels(static_cast<std::size_t>(w) * h, fill) {}
    std::uint8_t& At(int x, int y) { return Pixels[static_cast<std::size_t>(y) * Width + x]; }
    std::uint8_t At(int x, int y) const { return Pixels[static_cast<std::size_t>(y) * Width + x]; }
    const std::uint8_t* Row(int y) const { return Pixels.data() + static_cast<std::size_t>(y) * Width; }
    std::uint8_t* Row(int y) { return Pixels.data() + static_cast<std::size_t>(y) * Width; }
    bool Empty() const { return Width <= 0 || Height <= 0; }
};

struct PlaneF {
    int Width = 0, Height = 0;
    std::vector<float> Values; // row-major, row 0 = top

    PlaneF() = default;
    PlaneF(int w, int h, float fill = 0.0f) : Width(w), Height(h), Values(static_cast<std::size_t>(w) * h, fill) {}
    float& At(int x, int y) { return Values[static_cast<std::size_t>(y) * Width + x]; }
    float At(int x, int y) const { return Values[static_cast<std::size_t>(y) * Width + x]; }
    const float* Row(int y) const { return Values.data() + static_cast<std::size_t>(y) * Width; }
    float* Row(int y) { return Values.data() + static_cast<std::size_t>(y) * Width; }
};

// Fails unless 1 <= w, h <= kIpMaxSide and w * h <= kIpMaxPixels.
Message ValidatePlaneSize(int width, int height);

// An image file the learner gives (a drop or a path): at most 64 MB and 40 megapixels, checked from
// its header before anything is decoded; then decoded (core/image.h). Errors say which limit.
inline constexpr std::size_t kIpMaxFileBytes = 64u << 20;
inline constexpr long long kIpMaxFilePixels = 40LL << 20;
Result<Image> DecodeUserImage(std::string_view bytes);

// Grey exactly as OpenCV 4.6 cv2.cvtColor(img, COLOR_BGR2GRAY) on the same pixels read by cv2.imread
// (stb_image gives R, G, B; cv2.imread gives B, G, R; so this is COLOR_RGB2GRAY on our order):
// Y = (3735 B + 19235 G + 9798 R + 2^14) >> 15, the 15-bit weights of color_rgb.simd.hpp
// RGB2Gray<uchar> (0.114, 0.587, 0.299 rounded to /32768, summing to 32768). The older 14-bit
// table (1868, 9617, 4899) of OpenCV 3 differs on 43 864 of the 2^24 colours. Alpha is ignored,
// as cv2.imread(IMREAD_COLOR) drops it.
std::uint8_t OpenCvGray(std::uint8_t r, std::uint8_t g, std::uint8_t b);
Result<Plane8> GrayFromImage(const Image& rgba);

// Grey plane as an opaque RGBA image (for display and PNG export).
Image ImageFromGray(const Plane8& gray);

// A float plane mapped to grey: v -> clamp((v - lo) / (hi - lo)) * 255; hi <= lo gives mid grey.
Image ImageFromFloat(const PlaneF& plane, float lo, float hi);

// Border extrapolation, named as in OpenCV:
//   Zero      = cv2.BORDER_CONSTANT with value 0   (000|abcd|000)
//   Replicate = cv2.BORDER_REPLICATE               (aaa|abcd|ddd)
//   Reflect   = cv2.BORDER_REFLECT_101 (BORDER_DEFAULT; np.pad 'reflect', torch 'reflect')  (dcb|abcd|cba)
// Reflect is the edge-pixel-not-repeated variant because it is every library's default;
// cv2.BORDER_REFLECT (cba|abcd|dcb) is not offered.
enum class BorderMode { Zero, Replicate, Reflect, Count };

std::string_view BorderModeName(BorderMode mode); // "zero", "replicate", "reflect"
bool BorderModeFromName(std::string_view name, BorderMode* out);

// The source index for coordinate p on an axis of length n (n >= 1), or -1 for Zero outside.
// Reflect folds repeatedly, so any p is valid even when the kernel is wider than the image.
int BorderIndex(int p, int n, BorderMode mode);

} // namespace mlviz
