#include "core/png.h"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO // memory only: the web build has no filesystem
#include <stb/stb_image_write.h>

namespace mlviz {

namespace {

void Append(void* context, void* data, int size)
{
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

} // namespace

std::string EncodePng(const Image& image)
{
    std::string out;
    if (image.Width <= 0 || image.Height <= 0 || image.Pixels.size() != static_cast<std::size_t>(image.Width) * image.Height * 4)
        return out;
    if (!stbi_write_png_to_func(Append, &out, image.Width, image.Height, 4, image.Pixels.data(), image.Width * 4)) out.clear();
    return out;
}

} // namespace mlviz
