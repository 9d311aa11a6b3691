#include "topics/anchors/core/anchor_pipeline.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

namespace {

bool SameBox(const Box& a, const Box& b)
{
    return a.X1 == b.X1 && a.Y1 == b.Y1 && a.X2 == b.X2 && a.Y2 == b.Y2;
}

// Interactive budget: matching this many anchors against ~24 boxes stays within a few ms per
// drag frame (only the dragged box's IoU row is recomputed, the matcher pass is O(boxes x anchors)).
constexpr std::size_t kViewMaxAnchors = 150'000;

} // namespace

bool SameAnchorGt(const AnchorsState& a, const AnchorsState& b)
{
    if (a.GtCount != b.GtCount) return false;
    for (int i = 0; i < a.GtCount; ++i) {
        const GtBox &x = a.Gt[static_cast<std::size_t>(i)], &y = b.Gt[static_cast<std::size_t>(i)];
        if (x.X1 != y.X1 || x.Y1 != y.Y1 || x.X2 != y.X2 || x.Y2 != y.Y2) return false;
    }
    return true;
}

int BaseLevel(const AnchorGenState& g)
{
    if (!g.CustomStride) return g.Level;
    return std::clamp(static_cast<int>(std::lround(std::log2(std::max(g.Stride, 1)))), kAnchorMinLevel, kAnchorMaxLevel);
}

// Cell anchors from the controls, scaled by `scale` (FPN levels of a custom set).
std::vector<Box> CellFromState(const AnchorGenState& g, AnchorConvention c, double scale)
{
    if (g.UseShapes) {
        std::vector<AnchorShape> shapes;
        for (int i = 0; i < g.ShapeCount; ++i)
            shapes.push_back(
                {g.Shapes[static_cast<std::size_t>(2 * i)] * scale, g.Shapes[static_cast<std::size_t>(2 * i + 1)] * scale});
        return ShapeCellAnchors(shapes);
    }
    std::vector<double> sizes, ratios;
    for (int i = 0; i < g.SizeCount; ++i) sizes.push_back(g.Sizes[static_cast<std::size_t>(i)] * scale);
    for (int i = 0; i < g.RatioCount; ++i) ratios.push_back(g.Ratios[static_cast<std::size_t>(i)]);
    return CellAnchors(sizes, ratios, c);
}

std::vector<Box> CellFromSpec(const LevelAnchorSpec& spec, AnchorConvention c)
{
    return spec.Shapes.empty() ? CellAnchors(spec.Sizes, spec.Ratios, c) : ShapeCellAnchors(spec.Shapes);
}

// Builds one level's grid for the scene; nominal stride s, torchvision's stride = side // ceil(side / s).
AnchorLevelData MakeLevel(int level_id, int nominal, int image_w, int image_h, AnchorConvention c, std::vector<Box> cell)
{
    AnchorLevelData d;
    d.LevelId = level_id;
    d.Level.FeatureH = FeatureSide(image_h, nominal);
    d.Level.FeatureW = FeatureSide(image_w, nominal);
    d.Level.StrideY = c == AnchorConvention::Torchvision ? TorchvisionStride(image_h, d.Level.FeatureH) : nominal;
    d.Level.StrideX = c == AnchorConvention::Torchvision ? TorchvisionStride(image_w, d.Level.FeatureW) : nominal;
    d.Level.Cell = std::move(cell);
    return d;
}

// Places every level's anchors, concatenated in level order.
void BuildAnchors(MatchedAnchors& m, AnchorConvention c)
{
    m.Anchors.clear();
    m.IouBoxes.clear();
    std::size_t total = 0;
    for (const AnchorLevelData& lv : m.Levels) total += static_cast<std::size_t>(std::max(lv.Level.Count(), 0));
    if (total > kViewMaxAnchors) {
        m.Error = Msg("слишком много якорей (%lld, предел %lld): увеличьте шаг или уменьшите число размеров и соотношений",
                      static_cast<long long>(total), static_cast<long long>(kViewMaxAnchors));
        m.Levels.clear();
        return;
    }
    for (AnchorLevelData& lv : m.Levels) {
        auto placed = PlaceAnchors(lv.Level, c);
        if (!placed.Ok()) {
            m.Error = placed.Error();
            m.Levels.clear();
            m.Anchors.clear();
            return;
        }
        lv.Offset = m.Anchors.size();
        m.Anchors.insert(m.Anchors.end(), placed.Value().begin(), placed.Value().end());
    }
}

namespace {

// IoU rows only for boxes that changed since the last call (a drag moves one box per frame).
void RefreshIou(MatchedAnchors& m, const std::vector<Box>& gt)
{
    const std::size_t n = m.Anchors.size();
    if (m.IouBoxes.size() != gt.size() || m.Iou.size() != gt.size() * n) {
        m.Iou = BoxIouMatrix(gt, m.Anchors);
        m.IouBoxes = gt;
        return;
    }
    for (std::size_t g = 0; g < gt.size(); ++g) {
        if (SameBox(gt[g], m.IouBoxes[g])) continue;
        float* row = m.Iou.data() + g * n;
        for (std::size_t i = 0; i < n; ++i) row[i] = BoxIouF32(gt[g], m.Anchors[i]);
        m.IouBoxes[g] = gt[g];
    }
}

} // namespace

// Matches all anchors at once (as RetinaNet / RPN do over FPN levels) and summarises per GT.
void MatchAnchors(MatchedAnchors& m, const std::vector<Box>& gt, AnchorConvention c, const AnchorMatchState& ms)
{
    RefreshIou(m, gt);
    const int n_gt = static_cast<int>(gt.size()), n = static_cast<int>(m.Anchors.size());
    if (ms.Rule == static_cast<int>(MatchRule::YoloBest)) {
        std::vector<AnchorLevel> levels;
        for (const AnchorLevelData& lv : m.Levels) levels.push_back(lv.Level);
        m.Matches = AssignYolo(levels, m.Anchors, gt, c, ms.Ignore, m.Iou);
    } else {
        m.Matches = MatchQuality(m.Iou, n_gt, n, MatcherParams{ms.High, ms.Low, ms.LowQuality});
    }
    m.Summary = SummarizeMatches(m.Iou, n_gt, n, m.Matches, ms.Rule == static_cast<int>(MatchRule::YoloBest) ? 0.0 : ms.High);
    m.PositivesPerLevel.assign(gt.size(), {});
    m.Positives = m.Ignored = 0;
    for (const AnchorLevelData& lv : m.Levels) {
        const std::size_t end = lv.Offset + static_cast<std::size_t>(lv.Level.Count());
        for (std::size_t i = lv.Offset; i < end && i < m.Matches.size(); ++i) {
            const int code = m.Matches[i];
            if (code >= 0) {
                ++m.Positives;
                ++m.PositivesPerLevel[static_cast<std::size_t>(code)][static_cast<std::size_t>(std::clamp(lv.LevelId, 0, 7))];
            } else if (code == kBetweenThresholds) {
                ++m.Ignored;
            }
        }
    }
    m.UnmatchedGt.clear();
    if (ms.Rule == static_cast<int>(MatchRule::IouMatcher) && ms.LowQuality)
        for (int g = 0; g < n_gt; ++g)
            if (m.Summary[static_cast<std::size_t>(g)].BestIou <= 0.0f) m.UnmatchedGt.push_back(g);
}

Box ToBox(const GtBox& g)
{
    return Box{g.X1, g.Y1, g.X2, g.Y2};
}

std::vector<Box> AnchorGtBoxes(const AnchorsState& s)
{
    std::vector<Box> out;
    for (int i = 0; i < s.GtCount; ++i) out.push_back(ToBox(s.Gt[static_cast<std::size_t>(i)]));
    return out;
}

} // namespace mlviz
