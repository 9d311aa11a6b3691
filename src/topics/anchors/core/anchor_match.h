// Anchor-to-ground-truth matching (q19, 5, 16, 17): torchvision's Matcher exactly, the
// Faster R-CNN RPN / RetinaNet / YOLOv3-style presets, and per-GT summaries for the view.
//
// Codes per anchor, as torchvision.models.detection._utils.Matcher returns them:
//   >= 0  index of the matched GT (positive),
//   -1    kBelowLowThreshold (negative, background),
//   -2    kBetweenThresholds (ignored in the loss).
#pragma once
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "topics/anchors/core/anchor.h"
#include "core/box.h"

namespace mlviz {

inline constexpr int kBelowLowThreshold = -1;
inline constexpr int kBetweenThresholds = -2;

struct MatcherParams {
    double High = 0.7; // IoU >= High: positive
    double Low = 0.3;  // IoU < Low: negative; in between: ignored
    bool AllowLowQuality = true;
};

// Same as torchvision's Matcher(high, low, allow_low_quality_matches) called on `quality`
// (num_gt x num_anchors, row-major float32, e.g. BoxIouMatrix(gt, anchors)):
//  - per anchor the best GT (first index on ties, as torch.max(dim=0) on CPU);
//  - below Low -> -1, in [Low, High) -> -2; thresholds compared in float32 as torch does;
//  - with AllowLowQuality, for every GT each anchor whose IoU equals that GT's maximum
//    (ties included) gets back its own best GT (torchvision's all_matches, which may be a
//    different GT than the one it ties for). A GT that overlaps no anchor has maximum 0, so
//    every anchor with IoU 0 to it is restored to its best GT: torchvision's behaviour, kept.
// Torchvision raises on an empty matrix; here no GT gives all -1 (detectors treat the
// image as background) and no anchors gives an empty result.
std::vector<int> MatchQuality(std::span<const float> quality, int num_gt, int num_anchors, const MatcherParams& p);

// Empty when low <= high and both are finite, else a message naming the field.
Message ValidateMatcherParams(const MatcherParams& p);

enum class MatchRule {
    IouMatcher, // torchvision Matcher on the IoU matrix
    YoloBest,   // each GT to the anchor of best shape IoU in the GT centre's cell
};

enum class MatchPreset {
    FasterRcnnRpn, // Matcher(0.7, 0.3, allow_low_quality_matches=True), torchvision rpn.py
    RetinaNet,     // Matcher(0.5, 0.4, allow_low_quality_matches=True), torchvision retinanet.py
    Yolo,          // YOLOv2/v3-style: best shape IoU in the centre cell; other anchors with
                   // IoU > 0.5 to some GT are ignored (YOLOv3's ignore_thresh)
    Custom,
    Count,
};

struct PresetInfo {
    MatchRule Rule;
    MatcherParams Matcher;
    double IgnoreThreshold; // YoloBest only
    int MinLevel, MaxLevel; // FPN levels the detector uses (P2-P6, P3-P7, P3-P5)
};
PresetInfo GetPresetInfo(MatchPreset p);
std::string_view PresetName(MatchPreset p); // "rpn", "retinanet", "yolo", "custom"

// Anchors a preset places at FPN level `level` (stride 2^level) as (w, h) shapes in output
// order: RPN: size 32 * 2^(level - 2) (torchvision FPN sizes 32..512 on P2..P6), ratios
// 0.5, 1, 2; RetinaNet: x = 32 * 2^(level - 3), sizes (x, int(x 2^(1/3)), int(x 2^(2/3))),
// ratios 0.5, 1, 2; YOLO: YOLOv3's 9 COCO anchors, 3 per level on P3-P5 (outside: the
// nearest of those levels). Sizes/ratios presets return them through `sizes`/`ratios`.
struct LevelAnchorSpec {
    std::vector<double> Sizes, Ratios; // used when Shapes is empty
    std::vector<AnchorShape> Shapes;   // YOLO
};
LevelAnchorSpec PresetLevelAnchors(MatchPreset p, int level);
std::vector<AnchorShape> YoloV3Anchors(); // all 9, small to large

// YOLOv2/v3-style assignment over one or more levels (anchors = the levels' PlaceAnchors
// concatenated in order). Each GT goes to the single anchor, among all levels' cell
// anchors, whose shape IoU with the GT is best (first on ties), placed at the location
// nearest the GT centre on that level (LocationIndex); if two GTs claim the same anchor the
// later GT wins, as in darknet's target loop. Other anchors whose box IoU with any GT
// exceeds `ignore_threshold` are -2, the rest -1. `quality` may pass BoxIouMatrix(gt, anchors)
// when the caller has it (else it is computed).
std::vector<int> AssignYolo(std::span<const AnchorLevel> levels, std::span<const Box> anchors, std::span<const Box> gt,
                            AnchorConvention c, double ignore_threshold, std::span<const float> quality = {});

// Per-GT summary of an assignment: positives, the best IoU over all anchors and its anchor.
struct GtMatchSummary {
    int Positives = 0;
    float BestIou = 0.0f;
    int BestAnchor = -1;    // first anchor with BestIou; -1 without anchors
    int LowQualityOnly = 0; // positives whose IoU is below the high threshold (low-quality matches)
};
std::vector<GtMatchSummary> SummarizeMatches(std::span<const float> quality, int num_gt, int num_anchors,
                                             std::span<const int> matches, double high);

} // namespace mlviz
