#include "topics/anchors/core/fcos.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlviz {

FcosAssignment AssignFcos(std::span<const Box> anchors, std::span<const int> per_level, std::span<const Box> gt,
                          const FcosParams& p)
{
    FcosAssignment out;
    out.MatchedGt.assign(anchors.size(), -1);
    out.Centerness.assign(anchors.size(), 0.0f);
    if (gt.empty() || anchors.empty()) return out;

    // Level of each anchor, for the regression-range bounds.
    const int n_levels = static_cast<int>(per_level.size());
    std::vector<float> gt_cx(gt.size()), gt_cy(gt.size()), key(gt.size());
    for (std::size_t g = 0; g < gt.size(); ++g) {
        gt_cx[g] = (gt[g].X1 + gt[g].X2) / 2.0f;
        gt_cy[g] = (gt[g].Y1 + gt[g].Y2) / 2.0f;
        const float area = (gt[g].X2 - gt[g].X1) * (gt[g].Y2 - gt[g].Y1);
        key[g] = 1e8f - area; // smallest area wins
    }
    const float radius = static_cast<float>(p.Radius);
    const float inf = std::numeric_limits<float>::infinity();
    std::size_t n = 0;
    for (int level = 0; level < n_levels; ++level) {
        const std::size_t end = std::min(anchors.size(), n + static_cast<std::size_t>(std::max(per_level[level], 0)));
        for (; n < end; ++n) {
            const Box& a = anchors[n];
            const float cx = (a.X1 + a.X2) / 2.0f, cy = (a.Y1 + a.Y2) / 2.0f;
            const float size = a.X2 - a.X1;
            const float lower = level == 0 ? 0.0f : size * 4.0f;
            const float upper = level == n_levels - 1 ? inf : size * 8.0f;
            float best = 0.0f;
            int best_g = 0;
            for (std::size_t g = 0; g < gt.size(); ++g) {
                bool match = true;
                if (p.CenterSampling) match = std::max(std::fabs(cx - gt_cx[g]), std::fabs(cy - gt_cy[g])) < radius * size;
                const float l = cx - gt[g].X1, t = cy - gt[g].Y1, r = gt[g].X2 - cx, b = gt[g].Y2 - cy;
                match = match && std::min(std::min(l, t), std::min(r, b)) > 0.0f;
                const float reach = std::max(std::max(l, t), std::max(r, b));
                match = match && reach > lower && reach < upper;
                const float v = (match ? 1.0f : 0.0f) * key[g];
                if (g == 0 || v > best) {
                    best = v;
                    best_g = static_cast<int>(g);
                }
            }
            if (best < 1e-5f) continue; // matched_idx[min_values < 1e-5] = -1
            out.MatchedGt[n] = best_g;
            out.Centerness[n] = static_cast<float>(Centerness(gt[static_cast<std::size_t>(best_g)], cx, cy));
        }
    }
    return out;
}

std::vector<Box> FcosAnchors(int image_h, int image_w, std::span<const int> levels, AnchorConvention c,
                             std::vector<int>& per_level)
{
    std::vector<Box> all;
    per_level.clear();
    for (int level : levels) {
        const int s = 1 << std::clamp(level, 0, 12);
        AnchorLevel lv;
        lv.FeatureH = FeatureSide(image_h, s);
        lv.FeatureW = FeatureSide(image_w, s);
        lv.StrideY = c == AnchorConvention::Torchvision ? TorchvisionStride(image_h, lv.FeatureH) : s;
        lv.StrideX = c == AnchorConvention::Torchvision ? TorchvisionStride(image_w, lv.FeatureW) : s;
        const double size = s, ratio = 1.0;
        lv.Cell = CellAnchors({&size, 1}, {&ratio, 1}, c);
        auto placed = PlaceAnchors(lv, c);
        per_level.push_back(placed.Ok() ? static_cast<int>(placed.Value().size()) : 0);
        if (placed.Ok()) all.insert(all.end(), placed.Value().begin(), placed.Value().end());
    }
    return all;
}

FcosRange FcosLevelRange(int i, int count, double anchor_size)
{
    return {i == 0 ? 0.0 : 4.0 * anchor_size, i == count - 1 ? std::numeric_limits<double>::infinity() : 8.0 * anchor_size};
}

double Centerness(const Box& b, double x, double y)
{
    const double l = x - b.X1, t = y - b.Y1, r = b.X2 - x, d = b.Y2 - y;
    if (!(l > 0.0 && t > 0.0 && r > 0.0 && d > 0.0)) return 0.0;
    return std::sqrt(std::min(l, r) / std::max(l, r) * (std::min(t, d) / std::max(t, d)));
}

} // namespace mlviz
