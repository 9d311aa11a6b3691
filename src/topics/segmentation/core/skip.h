// What skip connections carry, on a fixed, hand-built encoder-decoder (NOT a trained network):
// the input is the scene's labels as one-hot channels; the encoder average-pools 2x2 per level;
// the decoder upsamples 2x (bilinear like F.interpolate(align_corners=False), or nearest) and,
// where the skip of a level is on, adds that level's encoder map minus the upsampled coarser
// map - the detail the pooling removed (a Laplacian pyramid, Burt & Adelson 1983). With every
// skip on, the decoder telescopes back to the input exactly; without skips the output is the
// upsampled bottleneck and thin things (people's legs, far cars) vanish in the argmax.
// Odd sizes pool with the last row / column repeated (output side = ceil(side / 2)).
#pragma once
#include <cstdint>
#include <vector>

#include "core/result.h"
#include "topics/segmentation/core/scene.h"
#include "topics/segmentation/core/semantic.h"

namespace mlviz {

struct SkipDemoConfig {
    int Depth = 3;              // [1, kSkipMaxDepth] pooling levels
    std::uint32_t SkipMask = 0; // bit l (0 = finest level) on: that level's skip is used
    bool Bilinear = true;       // upsampling: bilinear or nearest
};
inline constexpr int kSkipMaxDepth = 5;
inline constexpr std::uint32_t kSkipAll = (1u << kSkipMaxDepth) - 1;

struct SkipDemoResult {
    int Width = 0, Height = 0;
    std::vector<std::vector<float>> Scores;   // per class, the decoder's full-resolution output
    std::vector<int> Output;                  // argmax class per cell (lowest class on ties); 255 where all scores are 0
    std::vector<int> LevelWidth, LevelHeight; // map size per level 0..Depth
    std::vector<double> DetailEnergy;         // per level < Depth: mean |encoder - upsampled coarser| (what the skip adds)
    SemanticMetrics Metrics;                  // output against the input labels (void ignored)
    BoundaryF1 Boundary;                      // tolerance 1 cell
};

Result<SkipDemoResult> RunSkipDemo(const LabelMap& labels, const SkipDemoConfig& config);

} // namespace mlviz
