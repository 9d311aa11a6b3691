// Helpers shared by the image_processing tests: sample photos from MLVIZ_DATA_DIR, the checksum and
// the LCG images of tools/image_processing_reference.py.
#pragma once
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "core/image.h"
#include "topics/image_processing/core/planes.h"

namespace mlviz::iptest {

inline Image LoadSample(const std::string& name)
{
    std::ifstream f(std::string(MLVIZ_DATA_DIR) + "/images/" + name + ".png", std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    auto img = DecodeImage(ss.str());
    return img ? *img : Image{};
}

// The grey sample, as cv2.cvtColor(cv2.imread(path), COLOR_BGR2GRAY).
inline Plane8 LoadGray(const std::string& name)
{
    const Image img = LoadSample(name);
    auto g = GrayFromImage(img);
    return g ? *g : Plane8{};
}

// (sum of v, sum of v_i * ((i * 2654435761) mod 2^32) mod 2^64), as checksum() in the tool.
inline std::pair<std::uint64_t, std::uint64_t> Checksum(const std::uint8_t* v, std::size_t n)
{
    std::uint64_t sum = 0, weighted = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sum += v[i];
        weighted += static_cast<std::uint64_t>(v[i]) * ((static_cast<std::uint64_t>(i) * 2654435761ull) & 0xFFFFFFFFull);
    }
    return {sum, weighted};
}
inline std::pair<std::uint64_t, std::uint64_t> Checksum(const Plane8& p)
{
    return Checksum(p.Pixels.data(), p.Pixels.size());
}

// lcg_image() of the tool: 0 uniform, 1 two clusters, 2 three values with gaps.
inline Plane8 LcgImage(int w, int h, std::uint64_t seed, int kind)
{
    Plane8 out(w, h);
    std::uint64_t x = seed;
    for (int y = 0; y < h; ++y)
        for (int c = 0; c < w; ++c) {
            x = (1103515245ull * x + 12345ull) % (1ull << 31);
            const int r = static_cast<int>((x >> 16) & 0x7FFF);
            int v = 0;
            if (kind == 0)
                v = r % 256;
            else if (kind == 1)
                v = (r & 1) ? 60 + r % 40 : 170 + r % 50;
            else
                v = (r % 3 == 0) ? 30 : (r % 3 == 1) ? 100 : 220;
            out.At(c, y) = static_cast<std::uint8_t>(v);
        }
    return out;
}

} // namespace mlviz::iptest
