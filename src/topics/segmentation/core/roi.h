// RoIPool (Fast R-CNN) and RoIAlign (Mask R-CNN) on one single-channel feature map, exactly as
// torchvision 0.14's CPU kernels (csrc/ops/cpu/roi_pool_kernel.cpp, roi_align_kernel.cpp with
// roi_align_common.h) compute torchvision.ops.roi_pool / roi_align for float32 tensors: all
// arithmetic in float, the same operation order.
//
// Coordinates: the box (x1, y1, x2, y2) is in input-image pixels; spatial_scale maps it onto the
// feature map (e.g. 1/16 for a stride-16 map). Feature cell (i, j) has its value at the point
// (x = j, y = i) for bilinear sampling (its centre with aligned=true's half-pixel shift).
// RoIAlign: roi start = box * scale - (aligned ? 0.5 : 0); width / height forced >= 1 when not
// aligned; the roi is cut into output_h x output_w bins; each bin averages grid_h x grid_w
// bilinear samples at the sub-cell centres, grid = sampling_ratio if > 0 else ceil(roi / output)
// (adaptive); a sample beyond [-1, size] reads 0, one in [-1, 0] is clamped to 0.
// RoIPool: the box is rounded (std::round: halves away from zero) to whole cells, bin edges are
// floor / ceil of the bin size, each bin takes the max of its cells (0 for an empty bin).
#pragma once
#include <cstdint>
#include <vector>

#include "core/result.h"

namespace mlviz {

struct FeatureMap {
    int Width = 0, Height = 0;
    std::vector<float> Values; // row-major
};

struct RoiBox {
    float X1 = 0.0f, Y1 = 0.0f, X2 = 0.0f, Y2 = 0.0f; // torchvision takes float32 boxes
};

struct RoiAlignConfig {
    int OutputHeight = 7, OutputWidth = 7; // [1, kRoiMaxOutput]
    double SpatialScale = 1.0;             // (0, 1e3]; used as float like the kernel
    int SamplingRatio = -1;                // [-1, kRoiMaxSampling]; <= 0 = adaptive
    bool Aligned = false;
};
inline constexpr int kRoiMaxOutput = 64, kRoiMaxSampling = 64, kRoiMaxSide = 1024;
inline constexpr std::int64_t kRoiMaxSamples = 1'000'000;

// One bilinear sample, for drawing: its position on the feature map and the 4 cells it reads.
struct RoiSample {
    int BinY = 0, BinX = 0;
    float X = 0.0f, Y = 0.0f; // where the kernel samples (before clamping)
    bool Inside = true;       // false: beyond [-1, size], contributes 0
    int XLow = 0, YLow = 0, XHigh = 0, YHigh = 0;
    float W1 = 0.0f, W2 = 0.0f, W3 = 0.0f, W4 = 0.0f; // weights of (yl,xl), (yl,xh), (yh,xl), (yh,xh)
    float Value = 0.0f;
};

struct RoiAlignResult {
    int OutputHeight = 0, OutputWidth = 0;
    std::vector<float> Output; // row-major OutputHeight x OutputWidth
    float RoiStartX = 0, RoiStartY = 0, RoiWidth = 0, RoiHeight = 0, BinWidth = 0, BinHeight = 0;
    int GridH = 0, GridW = 0;       // samples per bin
    std::vector<RoiSample> Samples; // bin by bin (row-major), then iy, ix
};

struct RoiPoolBin {
    int Y0 = 0, X0 = 0, Y1 = 0, X1 = 0; // cells [Y0, Y1) x [X0, X1) after clipping
    bool Empty = false;
    int ArgMaxX = -1, ArgMaxY = -1; // -1 for an empty bin
};

struct RoiPoolResult {
    int OutputHeight = 0, OutputWidth = 0;
    std::vector<float> Output;
    int RoiX1 = 0, RoiY1 = 0, RoiX2 = 0, RoiY2 = 0; // rounded, on the feature map (inclusive)
    float BinWidth = 0, BinHeight = 0;
    std::vector<RoiPoolBin> Bins; // row-major
};

Message ValidateFeatureMap(const FeatureMap& features);
Result<RoiAlignResult> RoiAlign(const FeatureMap& features, const RoiBox& box, const RoiAlignConfig& config);
Result<RoiPoolResult> RoiPool(const FeatureMap& features, const RoiBox& box, int output_height, int output_width,
                              double spatial_scale);

// A smooth synthetic feature map (a few Gaussian blobs plus a ramp), for the view.
FeatureMap MakeFeatureMap(int width, int height, std::uint32_t seed);

} // namespace mlviz
