// A synthetic page under uneven lighting, for adaptive thresholding: dark block letters and shapes
// (reflectance 0.22) on paper (0.9), lit by a diagonal gradient from (1 - Gradient) to 1, plus
// Gaussian sensor noise. With the default gradient the paper in the dark corner is darker than the
// ink in the bright one, so no single global threshold separates them; a local one does.
#pragma once
#include <cstdint>

#include "core/result.h"
#include "topics/image_processing/core/planes.h"

namespace mlviz {

struct SyntheticSpec {
    int Width = 512, Height = 384; // 64..2048 each
    double Gradient = 0.85;        // [0, 0.95]: illumination falls to 1 - Gradient in the dark corner
    double Noise = 3.0;            // [0, 50] grey levels, standard deviation
    std::uint32_t Seed = 1;
};

struct SyntheticImage {
    Plane8 Gray;
    Plane8 Ink;   // ground truth: 1 where ink, 0 paper
    PlaneF Light; // the illumination in [1 - Gradient, 1]
};

Result<SyntheticImage> MakeUnevenLightingImage(const SyntheticSpec& spec);

} // namespace mlviz
