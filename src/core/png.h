// PNG encoding of RGBA images (stb_image_write), for figure export and screenshots.
#pragma once
#include <string>

#include "core/image.h"

namespace mlviz {

// The PNG file's bytes; empty if the image is empty or inconsistent.
std::string EncodePng(const Image& image);

} // namespace mlviz
