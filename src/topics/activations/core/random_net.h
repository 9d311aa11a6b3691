// A small random MLP R^2 -> R evaluated over a plane: shows what an activation function
// does to a network's output surface (q57: without a non-linearity the stack collapses to
// an affine map, so the surface is a plane).
#pragma once
#include <cstdint>
#include <vector>

#include "topics/activations/core/activations.h"
#include "core/heatmap.h"

namespace mlviz {

struct RandomNetConfig {
    int HiddenLayers = 3; // clamped to [1, 8]
    int Width = 16;       // clamped to [1, 64]
    std::uint32_t Seed = 1;
    double WeightScale = 1.0; // weights ~ N(0, (WeightScale^2) * 2 / fan_in), biases ~ N(0, 0.1^2)
};

struct RandomNet {
    std::vector<int> Sizes;                   // 2, Width, ..., Width, 1
    std::vector<std::vector<double>> Weights; // layer l: Sizes[l+1] x Sizes[l], row-major
    std::vector<std::vector<double>> Biases;
};

// Weights drawn from a seeded std::mt19937 in a fixed order, so the same seed gives the same
// network on every platform (normals via Box-Muller, not std::normal_distribution, whose
// algorithm is implementation-defined).
RandomNet MakeRandomNet(const RandomNetConfig& config);

// Output of the net at (x, y); the activation is applied after every hidden layer, not after
// the output layer.
double EvaluateRandomNet(const RandomNet& net, Activation a, const ActivationParams& p, double x, double y);

ScalarGrid RandomNetField(const RandomNet& net, Activation a, const ActivationParams& p, const Bounds2& area, int resolution);

// Fills row j of `grid` (its Width, Height and Area set), evaluating the net on all points of
// the row at once, layer by layer: the inner loops run over the row and vectorise.
void FillRandomNetRow(const RandomNet& net, Activation a, const ActivationParams& p, ScalarGrid& grid, int j);

} // namespace mlviz
