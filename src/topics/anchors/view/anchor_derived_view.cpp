// Anchors topic: derived data (anchors, IoU matrices, matches, FCOS, k-means), each recomputed
// only when the state it depends on changes; the pipeline itself is core/anchor_pipeline.h.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "topics/anchors/view/anchor_view_state.h"

namespace mlviz {

std::vector<Box> AnchorsView::GtBoxes() const
{
    return AnchorGtBoxes(State);
}

void AnchorsView::UpdateSingle()
{
    const bool anchors_same = SingleValid && State.Gen == SingleFor.Gen && State.Scene == SingleFor.Scene;
    if (anchors_same && SameAnchorGt(State, SingleFor) && State.Match == SingleFor.Match) return;
    const auto c = static_cast<AnchorConvention>(State.Gen.Convention);
    if (!anchors_same) {
        Single = MatchedAnchors();
        const int nominal = State.Gen.CustomStride ? State.Gen.Stride : 1 << State.Gen.Level;
        Single.Levels.push_back(MakeLevel(State.Gen.CustomStride ? 0 : State.Gen.Level, nominal, State.Scene.Width,
                                          State.Scene.Height, c, CellFromState(State.Gen, c, 1.0)));
        BuildAnchors(Single, c);
    }
    if (Single.Error.Empty()) MatchAnchors(Single, GtBoxes(), c, State.Match);
    SingleFor = State;
    SingleValid = true;
}

void AnchorsView::UpdateFpn()
{
    const bool anchors_same = FpnValid && State.Gen == FpnFor.Gen && State.Scene == FpnFor.Scene;
    if (anchors_same && SameAnchorGt(State, FpnFor) && State.Match == FpnFor.Match) return;
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
    if (Fpn.Error.Empty()) MatchAnchors(Fpn, GtBoxes(), c, State.Match);
    FpnFor = State;
    FpnValid = true;
}

void AnchorsView::UpdateFcos()
{
    if (FcosValid && SameAnchorGt(State, FcosFor) && State.Fcos == FcosFor.Fcos &&
        State.Gen.Convention == FcosFor.Gen.Convention && State.Scene == FcosFor.Scene)
        return;
    const auto c = static_cast<AnchorConvention>(State.Gen.Convention);
    Fcos = FcosData();
    Fcos.LevelIds = {3, 4, 5, 6, 7}; // torchvision FCOS: P3-P7, anchor size = stride
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
    const bool same_boxes = State.KMeans.UseDataset || SameAnchorGt(State, KMeansFor);
    if (KMeansValid && same_boxes && State.KMeans == KMeansFor.KMeans && State.Gen == KMeansFor.Gen) return;
    KMeans = KMeansData();
    if (State.KMeans.UseDataset) {
        KMeans.Boxes = MakeBoxDataset(2024, State.KMeans.DatasetSize);
    } else {
        for (int i = 0; i < State.GtCount; ++i) {
            const GtBox& g = State.Gt[static_cast<std::size_t>(i)];
            if (g.X2 - g.X1 > 0.0f && g.Y2 - g.Y1 > 0.0f)
                KMeans.Boxes.push_back({static_cast<double>(g.X2) - g.X1, static_cast<double>(g.Y2) - g.Y1});
        }
    }
    const int k = std::min(State.KMeans.K, static_cast<int>(KMeans.Boxes.size()));
    auto fit =
        KMeansAnchors(KMeans.Boxes, KMeansAnchorsParams{std::max(k, 1), static_cast<std::uint32_t>(State.KMeans.Seed), 300});
    if (fit.Ok())
        KMeans.Fit = std::move(fit.Value());
    else
        KMeans.Error = fit.Error();
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
