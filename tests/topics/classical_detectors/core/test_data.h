// Test helpers for the classical_detectors topic: the sample images of scripts/data.sh
// (MLVIZ_DATA_DIR) as OpenCV sees them, and the checksum tools/classical_detectors_reference.py prints.
#pragma once
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/image.h"
#include "topics/classical_detectors/core/grey.h"
#include "topics/classical_detectors/core/resize_exact.h"

namespace mlviz::cd_test {

inline std::string ReadFile(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

inline std::string DataPath(const std::string& rel)
{
    return std::string(MLVIZ_DATA_DIR) + "/" + rel;
}

// cv2.cvtColor(cv2.imread(DATA/images/<name>.png), COLOR_BGR2GRAY); empty image if missing.
inline GreyImage LoadGrey(const std::string& name)
{
    auto img = DecodeImage(ReadFile(DataPath("images/" + name + ".png")));
    return img ? GreyFromRgba(img.Value()) : GreyImage{};
}

// The derived images of the reference script's sample_images().
inline GreyImage SampleImage(const std::string& name)
{
    if (name == "astronaut_mirror" || name == "astronaut_crop" || name == "astronaut_384") {
        const GreyImage a = LoadGrey("astronaut");
        if (a.Pixels.empty()) return a;
        if (name == "astronaut_384") return ResizeLinearExact(a, 384, 384).Value();
        if (name == "astronaut_mirror") {
            GreyImage m = a;
            for (int y = 0; y < a.Height; ++y)
                for (int x = 0; x < a.Width; ++x) m.At(x, y) = a.At(a.Width - 1 - x, y);
            return m;
        }
        GreyImage c = MakeGreyImage(280, 280);
        for (int y = 0; y < 280; ++y)
            for (int x = 0; x < 280; ++x) c.At(x, y) = a.At(100 + x, 20 + y);
        return c;
    }
    return LoadGrey(name);
}

// sum_i uint64(v[i]) * ((i * 2654435761 + 12345) mod 2^32) mod 2^64, v as int64.
template <typename T>
std::uint64_t Checksum(const std::vector<T>& v)
{
    std::uint64_t h = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::uint64_t w = (static_cast<std::uint64_t>(i) * 2654435761ULL + 12345ULL) & 0xFFFFFFFFULL;
        h += static_cast<std::uint64_t>(static_cast<std::int64_t>(v[i])) * w;
    }
    return h;
}

} // namespace mlviz::cd_test
