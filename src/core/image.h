// RGBA8 images decoded with stb_image (PNG, JPEG, BMP, GIF first frame), for sample
// pictures under assets/images and user images. Bad input is an error value, never a crash.
#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace mlviz {

struct Image {
    int Width = 0, Height = 0;
    std::vector<std::uint8_t> Pixels; // RGBA, row-major, row 0 = top

    std::uint8_t* At(int x, int y) { return &Pixels[(static_cast<std::size_t>(y) * Width + x) * 4]; }
    const std::uint8_t* At(int x, int y) const { return &Pixels[(static_cast<std::size_t>(y) * Width + x) * 4]; }
};

inline constexpr int kMaxImageSide = 8192;

// Decodes an encoded image file held in memory. Fails with a readable message on unknown
// formats, truncated data and images larger than kMaxImageSide on a side.
Result<Image> DecodeImage(std::string_view bytes);
// Width and height from the file's header alone (nothing decoded); false for unknown formats.
// Lets a caller with a smaller limit refuse a huge image before paying for its decoding.
bool PeekImageSize(std::string_view bytes, int& width, int& height);

// Nearest-neighbour or box-filtered resize so that the longer side is at most max_side.
Image FitImage(const Image& src, int max_side);

} // namespace mlviz
