// Anchor-free assignment as in FCOS (q43), with the exact rules of torchvision's
// FCOS.compute_loss (torchvision/models/detection/fcos.py, 0.14): one "anchor" per location
// (AnchorGenerator sizes = strides, ratio 1), so the location is the anchor's centre and its
// size s is the stride. A location is positive for a GT when, in float32:
//   - centre sampling: max(|cx - gx|, |cy - gy|) < radius * s (radius 1.5 in torchvision;
//     the original FCOS paper has no centre sampling, CenterSampling = false);
//   - it lies inside the GT: min(l, t, r, b) > 0 with l = cx - x1, t = cy - y1, r = x2 - cx, b = y2 - cy;
//   - the regression range of its level: 4 s < max(l, t, r, b) < 8 s, with 0 instead of 4 s on
//     the first level and infinity instead of 8 s on the last;
// and among several GTs the one of smallest area wins (key 1e8 - area in float32, first on ties).
// Centerness = sqrt(min(l, r) / max(l, r) * min(t, b) / max(t, b)) for the matched GT.
#pragma once
#include <span>
#include <vector>

#include "topics/anchors/core/anchor.h"
#include "core/box.h"

namespace mlviz {

struct FcosParams {
    bool CenterSampling = true;
    double Radius = 1.5; // in units of the stride
};

struct FcosAssignment {
    std::vector<int> MatchedGt;    // per location (anchor): GT index or -1
    std::vector<float> Centerness; // centerness of the matched GT; 0 where unmatched
};

// `anchors` are the per-location anchors of all levels concatenated (FcosAnchors), and
// `per_level` how many belong to each level, first level first.
FcosAssignment AssignFcos(std::span<const Box> anchors, std::span<const int> per_level, std::span<const Box> gt,
                          const FcosParams& p);

// Anchors FCOS uses on the given levels: AnchorGenerator(((s,),...), ((1.0,),...)) with s = 2^level,
// on a grid of FeatureSide(image, s) per axis; torchvision's strides (image // feature) in the
// Torchvision convention. Fills per_level.
std::vector<Box> FcosAnchors(int image_h, int image_w, std::span<const int> levels, AnchorConvention c,
                             std::vector<int>& per_level);

// The regression range (lower, upper) of level index `i` of `count` levels for anchor size s.
struct FcosRange {
    double Lower = 0.0, Upper = 0.0; // Upper = +inf on the last level
};
FcosRange FcosLevelRange(int i, int count, double anchor_size);

// Centerness of a point for a box; 0 outside or on the border.
double Centerness(const Box& b, double x, double y);

} // namespace mlviz
