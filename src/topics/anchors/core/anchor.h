// Anchor boxes on feature-map grids (q19, 37, 43): generation in torchvision's convention
// and a centred one, the float32 IoU matrix torchvision matches with, and FPN level helpers.
//
// Coordinates are image pixels, x right, y down, boxes (x1, y1, x2, y2) as core/box.h.
// Aspect ratio r = h / w (torchvision's convention): w = size / sqrt(r), h = size * sqrt(r).
// Anchor order (both conventions, same as torchvision.models.detection.anchor_utils.
// AnchorGenerator): location row-major (y outer, x inner), then aspect ratio, then size, i.e.
// anchor index = (row * feature_w + col) * A + ratio_index * num_sizes + size_index.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/box.h"
#include "core/result.h"

namespace mlviz {

enum class AnchorConvention {
    // Same as torchvision AnchorGenerator: float32 arithmetic, base anchors rounded to integers
    // (torch.round: half to even), centres at (col * stride_x, row * stride_y), i.e. the
    // top-left corner of each cell; strides must be integers.
    Torchvision,
    // Centres at ((col + 0.5) * stride_x, (row + 0.5) * stride_y), no rounding.
    Centered,
};

struct AnchorShape {
    double Width = 0.0, Height = 0.0;
};

// One feature level: its grid, stride and the anchors placed at every location.
struct AnchorLevel {
    int FeatureH = 0, FeatureW = 0;
    double StrideY = 0.0, StrideX = 0.0;
    std::vector<Box> Cell; // anchors around (0, 0) in output order, from CellAnchors/ShapeCellAnchors

    int PerLocation() const { return static_cast<int>(Cell.size()); }
    int Count() const { return FeatureH * FeatureW * PerLocation(); }
};

inline constexpr int kMaxAnchorsTotal = 4'000'000; // guards the CLI and views against huge grids

// Cell anchors for sizes x aspect ratios (ratio outer, size inner). Torchvision: exactly
// AnchorGenerator.generate_anchors in float32 (round half to even); Centered: exact halves.
// Sizes and ratios must be positive and finite (checked by ValidateAnchorParams).
std::vector<Box> CellAnchors(std::span<const double> sizes, std::span<const double> aspect_ratios, AnchorConvention c);
// Cell anchors for explicit (w, h) shapes (YOLO, k-means), centred on (0, 0), no rounding.
std::vector<Box> ShapeCellAnchors(std::span<const AnchorShape> shapes);

// Empty when sizes / ratios are usable, else a message naming the field.
Message ValidateAnchorParams(std::span<const double> sizes, std::span<const double> aspect_ratios);

// All anchors of a level: for each location, Cell shifted to the location's centre.
// Torchvision: float(col * stride) + cell coordinate in float32, as grid_anchors does.
Result<std::vector<Box>> PlaceAnchors(const AnchorLevel& level, AnchorConvention c);

// Centre of location (row, col) in image pixels for the convention.
double LocationCenter(int index, double stride, AnchorConvention c);
// Index of the location whose centre is nearest to `coord` along one axis, clamped to
// [0, count - 1]: floor(x / stride) for Centered (the cell holding x), floor(x / stride + 0.5)
// for Torchvision (centres on cell corners). YOLO-style matching uses it for "the GT's cell".
int LocationIndex(double coord, double stride, int count, AnchorConvention c);

// Feature-map side of level `stride` for an image side: ceil(side / stride), what a ResNet/FPN
// backbone of stride-2 3x3 convolutions with padding 1 produces.
int FeatureSide(int image_side, int stride);
// torchvision's stride for a grid: image_side // feature_side (so 480 / ceil(480 / 64) = 60).
int TorchvisionStride(int image_side, int feature_side);

// IoU matrix in float32 with torchvision.ops.box_iou's operation order (rows = a, row-major),
// so thresholds and ties compare exactly as in torchvision. Where torchvision divides 0 by 0
// (two zero-area boxes) this returns 0.
std::vector<float> BoxIouMatrix(std::span<const Box> a, std::span<const Box> b);
float BoxIouF32(const Box& a, const Box& b);

// IoU of two shapes aligned at a common centre (YOLOv2/v3 anchor choice, k-means distance).
double ShapeIoU(AnchorShape a, AnchorShape b);

// FPN paper eq. (1) as torchvision.ops.poolers.LevelMapper: floor(4 + log2(sqrt(area) / 224)
// + 1e-6) clamped to [k_min, k_max], in float32; returns the level k (not k - k_min).
int FpnRoiLevel(const Box& b, int k_min = 2, int k_max = 5);

} // namespace mlviz
