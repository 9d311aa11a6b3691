#include "topics/anchors/core/anchor_match.h"

#include <algorithm>
#include <cmath>

#include "core/message.h"

namespace mlviz {

Message ValidateMatcherParams(const MatcherParams& p)
{
    if (!std::isfinite(p.High)) return Msg("high должен быть конечным");
    if (!std::isfinite(p.Low)) return Msg("low должен быть конечным");
    if (p.Low > p.High) return Msg("low должен быть <= high (torchvision требует low_threshold <= high_threshold)");
    return {};
}

std::vector<int> MatchQuality(std::span<const float> quality, int num_gt, int num_anchors, const MatcherParams& p)
{
    const std::size_t n_anchors = static_cast<std::size_t>(std::max(num_anchors, 0));
    std::vector<int> matches(n_anchors, kBelowLowThreshold);
    if (num_gt <= 0 || n_anchors == 0 || quality.size() < static_cast<std::size_t>(num_gt) * n_anchors) return matches;

    // matched_vals, matches = match_quality_matrix.max(dim=0): first maximum wins (strict >).
    // Row by row, so the matrix is read in memory order.
    std::vector<float> best(quality.begin(), quality.begin() + static_cast<std::ptrdiff_t>(n_anchors));
    std::fill(matches.begin(), matches.end(), 0);
    for (int m = 1; m < num_gt; ++m) {
        const float* row = quality.data() + static_cast<std::size_t>(m) * n_anchors;
        for (std::size_t n = 0; n < n_anchors; ++n)
            if (row[n] > best[n]) {
                best[n] = row[n];
                matches[n] = m;
            }
    }
    const std::vector<int> all_matches = matches;

    // The Python float thresholds meet a float32 tensor, so torch compares in float32.
    const float low = static_cast<float>(p.Low), high = static_cast<float>(p.High);
    for (std::size_t n = 0; n < n_anchors; ++n) {
        if (best[n] < low)
            matches[n] = kBelowLowThreshold;
        else if (best[n] < high)
            matches[n] = kBetweenThresholds;
    }
    if (!p.AllowLowQuality) return matches;

    // set_low_quality_matches_: anchors tied at a GT's maximum take their own best GT back.
    for (int m = 0; m < num_gt; ++m) {
        const float* row = quality.data() + static_cast<std::size_t>(m) * n_anchors;
        const float gt_max = *std::max_element(row, row + n_anchors);
        for (std::size_t n = 0; n < n_anchors; ++n)
            if (row[n] == gt_max) matches[n] = all_matches[n];
    }
    return matches;
}

PresetInfo GetPresetInfo(MatchPreset p)
{
    switch (p) {
    case MatchPreset::FasterRcnnRpn: return {MatchRule::IouMatcher, {0.7, 0.3, true}, 0.5, 2, 6};
    case MatchPreset::RetinaNet: return {MatchRule::IouMatcher, {0.5, 0.4, true}, 0.5, 3, 7};
    case MatchPreset::Yolo: return {MatchRule::YoloBest, {0.5, 0.5, false}, 0.5, 3, 5};
    default: return {MatchRule::IouMatcher, {0.5, 0.4, false}, 0.5, 3, 7};
    }
}

std::string_view PresetName(MatchPreset p)
{
    switch (p) {
    case MatchPreset::FasterRcnnRpn: return "rpn";
    case MatchPreset::RetinaNet: return "retinanet";
    case MatchPreset::Yolo: return "yolo";
    default: return "custom";
    }
}

std::vector<AnchorShape> YoloV3Anchors()
{
    // darknet yolov3.cfg, COCO, 416 x 416 input: 3 per level on strides 8, 16, 32.
    return {{10, 13}, {16, 30}, {33, 23}, {30, 61}, {62, 45}, {59, 119}, {116, 90}, {156, 198}, {373, 326}};
}

LevelAnchorSpec PresetLevelAnchors(MatchPreset p, int level)
{
    LevelAnchorSpec spec;
    const double scale = std::ldexp(1.0, level); // 2^level
    switch (p) {
    case MatchPreset::FasterRcnnRpn:
        spec.Sizes = {8.0 * scale}; // 32 at P2 (stride 4)
        spec.Ratios = {0.5, 1.0, 2.0};
        break;
    case MatchPreset::Yolo: {
        const auto all = YoloV3Anchors();
        const int k = std::clamp(level, 3, 5) - 3;
        spec.Shapes.assign(all.begin() + 3 * k, all.begin() + 3 * k + 3);
        break;
    }
    default: {
        const double x = 4.0 * scale; // 32 at P3 (stride 8)
        // Python int() truncates, as torchvision's _default_anchorgen does.
        spec.Sizes = {x, std::trunc(x * std::pow(2.0, 1.0 / 3.0)), std::trunc(x * std::pow(2.0, 2.0 / 3.0))};
        spec.Ratios = {0.5, 1.0, 2.0};
        break;
    }
    }
    return spec;
}

std::vector<int> AssignYolo(std::span<const AnchorLevel> levels, std::span<const Box> anchors, std::span<const Box> gt,
                            AnchorConvention c, double ignore_threshold, std::span<const float> quality)
{
    std::vector<int> matches(anchors.size(), kBelowLowThreshold);
    std::vector<bool> positive(anchors.size(), false);
    for (std::size_t g = 0; g < gt.size(); ++g) {
        const AnchorShape gs{static_cast<double>(gt[g].X2) - gt[g].X1, static_cast<double>(gt[g].Y2) - gt[g].Y1};
        double best = -1.0;
        std::size_t best_level = 0, best_a = 0;
        for (std::size_t l = 0; l < levels.size(); ++l) {
            for (std::size_t a = 0; a < levels[l].Cell.size(); ++a) {
                const Box& cb = levels[l].Cell[a];
                const double iou = ShapeIoU(gs, {static_cast<double>(cb.X2) - cb.X1, static_cast<double>(cb.Y2) - cb.Y1});
                if (iou > best) {
                    best = iou;
                    best_level = l;
                    best_a = a;
                }
            }
        }
        if (best < 0.0) continue; // no anchors at all
        std::size_t offset = 0;
        for (std::size_t l = 0; l < best_level; ++l) offset += static_cast<std::size_t>(levels[l].Count());
        const AnchorLevel& lv = levels[best_level];
        const int col = LocationIndex(gt[g].CenterX(), lv.StrideX, lv.FeatureW, c);
        const int row = LocationIndex(gt[g].CenterY(), lv.StrideY, lv.FeatureH, c);
        const std::size_t idx = offset + (static_cast<std::size_t>(row) * lv.FeatureW + col) * lv.Cell.size() + best_a;
        if (idx < matches.size()) {
            matches[idx] = static_cast<int>(g); // later GT overwrites, as darknet's loop does
            positive[idx] = true;
        }
    }
    const float ignore = static_cast<float>(ignore_threshold);
    const bool have_quality = quality.size() == gt.size() * anchors.size();
    for (std::size_t g = 0; g < gt.size(); ++g) {
        for (std::size_t n = 0; n < anchors.size(); ++n) {
            if (positive[n] || matches[n] == kBetweenThresholds) continue;
            const float iou = have_quality ? quality[g * anchors.size() + n] : BoxIouF32(gt[g], anchors[n]);
            if (iou > ignore) matches[n] = kBetweenThresholds;
        }
    }
    return matches;
}

std::vector<GtMatchSummary> SummarizeMatches(std::span<const float> quality, int num_gt, int num_anchors,
                                             std::span<const int> matches, double high)
{
    std::vector<GtMatchSummary> out(static_cast<std::size_t>(std::max(num_gt, 0)));
    const std::size_t n_anchors = static_cast<std::size_t>(std::max(num_anchors, 0));
    if (quality.size() < out.size() * n_anchors || matches.size() < n_anchors) return out;
    const float high_f = static_cast<float>(high);
    for (std::size_t m = 0; m < out.size(); ++m) {
        const float* row = quality.data() + m * n_anchors;
        GtMatchSummary& s = out[m];
        for (std::size_t n = 0; n < n_anchors; ++n) {
            if (s.BestAnchor < 0 || row[n] > s.BestIou) {
                s.BestIou = row[n];
                s.BestAnchor = static_cast<int>(n);
            }
            if (matches[n] == static_cast<int>(m)) {
                ++s.Positives;
                if (row[n] < high_f) ++s.LowQualityOnly;
            }
        }
    }
    return out;
}

} // namespace mlviz
