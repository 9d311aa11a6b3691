// Seeded example problems for the explained convolution (question 41): small integers in X, W, b
// and ∂L/∂Y so that every product and sum shown in the view is readable. The config is plain
// fields with documented ranges, ready for the topic's state table.
#pragma once
#include <cstdint>

#include "core/result.h"
#include "topics/conv_blocks/core/conv2d_explain.h"

namespace mlviz {

struct Conv2dExampleConfig {
    int Channels = 1;    // C, [1, kConv2dMaxChannels]
    int Height = 5;      // H, [1, kConv2dMaxSide]
    int Width = 5;       // W, [1, kConv2dMaxSide]
    int OutChannels = 1; // O, [1, kConv2dMaxChannels]
    int Kernel = 3;      // KH = KW, [1, kConv2dMaxKernel]
    Conv2dSpec Spec;     // stride, padding, dilation, groups (see Conv2dSpec)
    bool Bias = true;
    int ValueRange = 3;     // values are integers in [-ValueRange, ValueRange], [1, 9]
    std::uint32_t Seed = 1; // the std::mt19937 seed

    bool operator==(const Conv2dExampleConfig&) const = default;
};

// Validates the sizes (Conv2dGeometryOf) and fills X, W, b and ∂L/∂Y from one seeded stream, in
// that order, with UniformInt (core/random.h).
Result<Conv2dProblem> MakeConv2dExample(const Conv2dExampleConfig& config);

} // namespace mlviz
