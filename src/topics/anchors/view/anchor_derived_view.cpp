// Anchors topic: derived data (anchors, IoU matrices, matches, FCOS, k-means), each
// recomputed only when the state it depends on changes. All maths lives in core/.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "topics/anchors/view/anchor_view_state.h"

namespace mlviz {

namespace {

bool SameGt(const AnchorsState& a, const AnchorsState& b)
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
            shapes.push_back({g.Shapes[static_cast<std::size_t>(2 * i)] * scale, g.Shapes[static_cast<std::size_t>(2 * i + 1)] * scale});
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

// Interactive budget: matching this many anchors against ~24 boxes stays within a few ms per
// drag frame (only the dragged box's IoU row is recomputed, the matcher pass is O(boxes x anchors)).
constexpr std::size_t kViewMaxAnchors = 150'000;

// Places every level's anchors, concatenated in level order.
void BuildAnchors(MatchedAnchors& m, AnchorConvention c)
{
    m.Anchors.clear();
    m.IouBoxes.clear();
    std::size_t total = 0;
    for (const AnchorLevelData& lv : m.Levels) total += static_cast<std::size_t>(std::max(lv.Level.Count(), 0));
    if (total > kViewMaxAnchors) {
        char buf[256];
        std::snprintf(buf, sizeof buf, Tr("слишком много якорей (%lld, предел %lld): увеличьте шаг или уменьшите число размеров и соотношений"),
                      static_cast<long long>(total), static_cast<long long>(kViewMaxAnchors));
        m.Error = buf;
        m.Levels.clear();
        return;
    }
    for (AnchorLevelData& lv : m.Levels) {
        auto placed = PlaceAnchors(lv.Level, c);
        if (!placed.Ok()) {
            m.Error = Tr(placed.Error());
            m.Levels.clear();
            m.Anchors.clear();
            return;
        }
        lv.Offset = m.Anchors.size();
        m.Anchors.insert(m.Anchors.end(), placed.Value().begin(), placed.Value().end());
    }
}

bool SameBox(const Box& a, const Box& b)
{
    return a.X1 == b.X1 && a.Y1 == b.Y1 && a.X2 == b.X2 && a.Y2 == b.Y2;
}

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

// Matches all anchors at once (as RetinaNet / RPN do over FPN levels) and summarises per GT.
void MatchAll(MatchedAnchors& m, const std::vector<Box>& gt, AnchorConvention c, const AnchorMatchState& ms)
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

} // namespace

std::vector<Box> AnchorsView::GtBoxes() const
{
    std::vector<Box> out;
    for (int i = 0; i < State.GtCount; ++i) out.push_back(ToBox(State.Gt[static_cast<std::size_t>(i)]));
    return out;
}

void AnchorsView::UpdateSingle()
{
    const bool anchors_same = SingleValid && State.Gen == SingleFor.Gen && State.Scene == SingleFor.Scene;
    if (anchors_same && SameGt(State, SingleFor) && State.Match == SingleFor.Match) return;
    const auto c = static_cast<AnchorConvention>(State.Gen.Convention);
    if (!anchors_same) {
        Single = MatchedAnchors();
        const int nominal = State.Gen.CustomStride ? State.Gen.Stride : 1 << State.Gen.Level;
        Single.Levels.push_back(MakeLevel(State.Gen.CustomStride ? 0 : State.Gen.Level, nominal, State.Scene.Width,
                                          State.Scene.Height, c, CellFromState(State.Gen, c, 1.0)));
        BuildAnchors(Single, c);
    }
    if (Single.Error.empty()) MatchAll(Single, GtBoxes(), c, State.Match);
    SingleFor = State;
    SingleValid = true;
}

void AnchorsView::UpdateFpn()
{
    const bool anchors_same = FpnValid && State.Gen == FpnFor.Gen && State.Scene == FpnFor.Scene;
    if (anchors_same && SameGt(State, FpnFor) && State.Match == FpnFor.Match) return;
    const auto c = static_cast<AnchorConvention>(State.Gen.Convention);
    if (!anchors_same) {
        Fpn = MatchedAnchors();
        const auto preset = static_cast<MatchPreset>(State.Gen.Preset);
        const PresetInfo info = GetPresetInfo(preset);
        const int base = BaseLevel(State.Gen);
        for (int l = info.MinLevel; l <= info.MaxLevel; ++l) {
            // A detector preset has its own anchors per level; a custom set keeps size / stride fixed.
            std::vector<Box> cell = preset == MatchPreset::Custom ? CellFromState(State.Gen, c, std::ldexp(1.0, l - base))
                                                                  : CellFromSpec(PresetLevelAnchors(preset, l), c);
            Fpn.Levels.push_back(MakeLevel(l, 1 << l, State.Scene.Width, State.Scene.Height, c, std::move(cell)));
        }
        BuildAnchors(Fpn, c);
    }
    if (Fpn.Error.empty()) MatchAll(Fpn, GtBoxes(), c, State.Match);
    FpnFor = State;
    FpnValid = true;
}

void AnchorsView::UpdateFcos()
{
    if (FcosValid && SameGt(State, FcosFor) && State.Fcos == FcosFor.Fcos && State.Gen.Convention == FcosFor.Gen.Convention &&
        State.Scene == FcosFor.Scene)
        return;
    const auto c = static_cast<AnchorConvention>(State.Gen.Convention);
    Fcos = FcosData();
    Fcos.LevelIds = {3, 4, 5, 6, 7};   // torchvision FCOS: P3-P7, anchor size = stride
    Fcos.Anchors = FcosAnchors(State.Scene.Height, State.Scene.Width, Fcos.LevelIds, c, Fcos.PerLevel);
    const std::vector<Box> gt = GtBoxes();
    Fcos.Assignment = AssignFcos(Fcos.Anchors, Fcos.PerLevel, gt, FcosParams{State.Fcos.CenterSampling, State.Fcos.Radius});
    Fcos.PositivesPerLevel.assign(gt.size(), {});
    std::size_t n = 0;
    for (std::size_t l = 0; l < Fcos.PerLevel.size(); ++l) {
        for (int k = 0; k < Fcos.PerLevel[l]; ++k, ++n) {
            const int g = Fcos.Assignment.MatchedGt[n];
            if (g >= 0) ++Fcos.PositivesPerLevel[static_cast<std::size_t>(g)][static_cast<std::size_t>(Fcos.LevelIds[l])];
        }
    }
    FcosFor = State;
    FcosValid = true;
}

void AnchorsView::UpdateKMeans()
{
    const bool same_boxes = State.KMeans.UseDataset || SameGt(State, KMeansFor);
    if (KMeansValid && same_boxes && State.KMeans == KMeansFor.KMeans && State.Gen == KMeansFor.Gen) return;
    KMeans = KMeansData();
    if (State.KMeans.UseDataset) {
        KMeans.Boxes = MakeBoxDataset(2024, State.KMeans.DatasetSize);
    } else {
        for (int i = 0; i < State.GtCount; ++i) {
            const GtBox& g = State.Gt[static_cast<std::size_t>(i)];
            if (g.X2 - g.X1 > 0.0f && g.Y2 - g.Y1 > 0.0f) KMeans.Boxes.push_back({static_cast<double>(g.X2) - g.X1, static_cast<double>(g.Y2) - g.Y1});
        }
    }
    const int k = std::min(State.KMeans.K, static_cast<int>(KMeans.Boxes.size()));
    auto fit = KMeansAnchors(KMeans.Boxes, KMeansAnchorsParams{std::max(k, 1), static_cast<std::uint32_t>(State.KMeans.Seed), 300});
    if (fit.Ok()) KMeans.Fit = std::move(fit.Value());
    else KMeans.Error = Tr(fit.Error());
    KMeans.YoloIoU = MeanBestIoU(KMeans.Boxes, YoloV3Anchors());
    std::vector<AnchorShape> current;
    for (const Box& b : CellFromState(State.Gen, static_cast<AnchorConvention>(State.Gen.Convention), 1.0))
        current.push_back({static_cast<double>(b.X2) - b.X1, static_cast<double>(b.Y2) - b.Y1});
    KMeans.CurrentIoU = MeanBestIoU(KMeans.Boxes, current);
    KMeans.CurrentCount = static_cast<int>(current.size());
    KMeansFor = State;
    KMeansValid = true;
}

} // namespace mlviz
