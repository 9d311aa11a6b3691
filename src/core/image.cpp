#include "core/image.h"

#include <algorithm>
#include <climits>
#include <cstring>

#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_STDIO // memory only: the web build has no filesystem
#define STBI_NO_HDR
#define STBI_NO_LINEAR
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_ONLY_GIF
#include <stb/stb_image.h>

#include "core/message.h"

namespace mlviz {

bool PeekImageSize(std::string_view bytes, int& width, int& height)
{
    int comp = 0;
    return !bytes.empty() && bytes.size() <= static_cast<std::size_t>(INT_MAX) &&
        stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()), &width, &height,
                              &comp) != 0;
}

Result<Image> DecodeImage(std::string_view bytes)
{
    if (bytes.empty()) return Result<Image>::Fail(Msg("изображение пустое"));
    if (bytes.size() > 256u * 1024u * 1024u) return Result<Image>::Fail(Msg("файл изображения больше 256 МБ"));
    const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
    const int len = static_cast<int>(bytes.size());
    int w = 0, h = 0, comp = 0;
    if (!stbi_info_from_memory(data, len, &w, &h, &comp))
        return Result<Image>::Fail(Msg("формат изображения не поддерживается (PNG, JPEG, BMP, GIF): %s", stbi_failure_reason()));
    if (w <= 0 || h <= 0 || w > kMaxImageSide || h > kMaxImageSide)
        return Result<Image>::Fail(Msg("изображение %dx%d, допустимо не больше %d пикселей по стороне", w, h, kMaxImageSide));
    stbi_uc* px = stbi_load_from_memory(data, len, &w, &h, &comp, 4);
    if (!px) return Result<Image>::Fail(Msg("не удалось декодировать изображение: %s", stbi_failure_reason()));
    Image img;
    img.Width = w;
    img.Height = h;
    img.Pixels.assign(px, px + static_cast<std::size_t>(w) * h * 4);
    stbi_image_free(px);
    return img;
}

Image FitImage(const Image& src, int max_side)
{
    max_side = std::max(1, max_side);
    const int longest = std::max(src.Width, src.Height);
    if (longest <= max_side || longest == 0) return src;
    const double s = static_cast<double>(max_side) / longest;
    Image out;
    out.Width = std::max(1, static_cast<int>(src.Width * s + 0.5));
    out.Height = std::max(1, static_cast<int>(src.Height * s + 0.5));
    out.Pixels.resize(static_cast<std::size_t>(out.Width) * out.Height * 4);
    // Box filter: average every source pixel that falls in the destination pixel.
    for (int y = 0; y < out.Height; ++y) {
        const int y0 = y * src.Height / out.Height, y1 = std::max(y0 + 1, (y + 1) * src.Height / out.Height);
        for (int x = 0; x < out.Width; ++x) {
            const int x0 = x * src.Width / out.Width, x1 = std::max(x0 + 1, (x + 1) * src.Width / out.Width);
            unsigned sum[4] = {0, 0, 0, 0};
            for (int yy = y0; yy < y1; ++yy)
                for (int xx = x0; xx < x1; ++xx)
                    for (int c = 0; c < 4; ++c) sum[c] += src.At(xx, yy)[c];
            const unsigned n = static_cast<unsigned>((y1 - y0) * (x1 - x0));
            for (int c = 0; c < 4; ++c) out.At(x, y)[c] = static_cast<std::uint8_t>(sum[c] / n);
        }
    }
    return out;
}

} // namespace mlviz
