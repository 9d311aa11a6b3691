// The segmentation toy of the imbalance demo (question 30): a 64×64 grey image with thin curved foreground
// structures (quadratic Bézier strokes) over smooth clutter and white noise, and its exact foreground mask.
//
// Units: pixel (x, y), x right, y down, pixel centres at (x + 0.5, y + 0.5); the foreground amplitude is 1.
// The strokes are drawn until the mask holds exactly round(f·64²) pixels (at least 1), so the foreground
// fraction is what the slider says. Deterministic for a seed (core/random.h).
#pragma once
#include <cstdint>
#include <vector>

#include "core/result.h"

namespace mlviz {

inline constexpr int kToySize = 64;
inline constexpr double kToyMinFraction = 0.005, kToyMaxFraction = 0.5;

struct ToyConfig {
    double ForegroundFraction = 0.01; // f, [0.005, 0.5]
    double LineWidth = 1.5;           // stroke width in pixels, [1, 4]
    double Noise = 0.6;               // σ of the white noise, [0, 2]
    double Clutter = 0.6;             // amplitude of the smooth background blobs, [0, 2]
    std::uint32_t Seed = 1;

    bool operator==(const ToyConfig&) const = default;
};

struct ToyImage {
    int Size = kToySize;
    std::vector<float> Pixels;      // Size², row-major
    std::vector<std::uint8_t> Mask; // 1 = foreground
    int ForegroundCount = 0;

    double Fraction() const { return static_cast<double>(ForegroundCount) / (Size * Size); }
};

Message CheckToyConfig(const ToyConfig& c);
Result<ToyImage> MakeToyImage(const ToyConfig& c);

} // namespace mlviz
