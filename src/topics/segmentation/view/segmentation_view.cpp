// Segmentation (q7, 8, 9, 10, 17, 25, 36): one synthetic street scene and a prediction that can
// be perturbed and painted, seen as semantic / instance / panoptic annotations, scored by the
// semantic metrics, panoptic quality and COCO AP; plus U-Net's shapes and RoIPool vs RoIAlign.
// Update, then draw: the model (seg_view.h) is brought up to date once per frame, only what the
// state's changes invalidate, heavy work (the set of scenes, COCO evaluation) sliced by wall time.
#include <chrono>
#include <cmath>
#include <cstring>

#include "core/i18n.h"
#include "topics/segmentation/view/seg_view.h"
#include "topics/views.h"
#include "ui/playback_bar.h"
#include "ui/topic_layout.h"
#include "ui/topic_view_base.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kSliceBudget = std::chrono::microseconds(1200);

int CategoryIndex(const CocoEvalResult& r, int cls)
{
    for (std::size_t k = 0; k < r.CategoryIds.size(); ++k)
        if (r.CategoryIds[k] == cls) return static_cast<int>(k);
    return -1;
}

class SegmentationView final : public TopicViewOf<SegmentationState> {
public:
    SegmentationView() : TopicViewOf(SegmentationCodec()) {}

    void Draw(ViewContext& ctx) override
    {
        const auto start = Clock::now();
        Update(start);
        if (State.Tab == static_cast<int>(SegTab::Ap)) ApplySegIouPlayback(State, Model, PlaybackInputFromKeys(ctx));
        DrawTopicLayout(
            ctx,
            [&] {
                if (DrawSegControls(State, Model)) {
                    State.Edits.clear();
                    Model.EditsFor = "~"; // reload: an overflowing layer is not in State.Edits
                }
                ClampState();
            },
            [&] {
                if (ctx.ShowControls) DrawSegTabs(State.Tab);
                if (!Model.Error.Empty()) {
                    ImGui::TextColored(ImVec4(1.0f, 0.4f, 0.4f, 1.0f), "%s", Tr(Model.Error).c_str());
                    return;
                }
                if (!Model.Notice.empty()) ImGui::TextWrapped("%s", Model.Notice.c_str());
                switch (static_cast<SegTab>(State.Tab)) {
                case SegTab::Scene: DrawSegSceneTab(State, Model, ctx); break;
                case SegTab::Semantic: DrawSegSemanticTab(State, Model, ctx); break;
                case SegTab::Panoptic: DrawSegPanopticTab(State, Model, ctx); break;
                case SegTab::Ap: DrawSegApTab(State, Model, ctx); break;
                case SegTab::Unet: DrawSegUnetTab(State, Model, ctx); break;
                case SegTab::Roi: DrawSegRoiTab(State, Model, ctx); break;
                default: break;
                }
            });
    }

    // A PNG of the masks (R = class, G/B = instance id, as the export writes them) becomes the
    // prediction: the cells where it differs from the perturbed prediction are the edits.
    bool OnFileDropped(std::string_view name, std::string_view bytes, std::string& error) override
    {
        const std::string quoted = "«" + std::string(name) + "»";
        const auto img = DecodeImage(bytes);
        if (!img) {
            error = quoted + ": " + Tr(img.Error());
            return false;
        }
        if (img->Width != kSegSceneWidth || img->Height != kSegSceneHeight) {
            error = FormatString(Tr("%s: маски должны быть PNG %d×%d (R = класс, G·256 + B = экземпляр), а это %d×%d"),
                                 quoted.c_str(), kSegSceneWidth, kSegSceneHeight, img->Width, img->Height);
            return false;
        }
        const auto map = LabelMapFromRgba(img->Pixels, img->Width, img->Height);
        if (!map) {
            error = quoted + ": " + Tr(map.Error());
            return false;
        }
        Update(Clock::now());
        if (!Model.Error.Empty()) {
            error = Tr(Model.Error);
            return false;
        }
        EditLayer e = EditLayer::Empty(kSegSceneWidth, kSegSceneHeight);
        for (std::size_t i = 0; i < e.Cells.size(); ++i)
            if (map->Class[i] != Model.Base.Class[i] || map->Instance[i] != Model.Base.Instance[i])
                e.Cells[i] = static_cast<std::int32_t>(map->Class[i]) | (static_cast<std::int32_t>(map->Instance[i]) << 8);
        Model.Edits = e;
        StoreSegEdits(State, Model);
        Model.Notice = FormatString(Tr("Маски из %s: %d клеток отличаются от предсказания"), quoted.c_str(), e.EditedCount());
        return true;
    }

private:
    void OnStateDecoded(const KeyValues&, std::vector<Message>&) override
    {
        Model.EditsFor = "~"; // a link's edits replace whatever was painted
        Model.PlayClock = 0.0;
        Model.Notice.clear();
    }

    void Update(Clock::time_point start);
    void UpdateCoco(Clock::time_point start);

    SegModel Model;
};

void SegmentationView::Update(Clock::time_point start)
{
    SegModel& m = Model;
    const bool scene_changed = !m.Built || !SameSegScene(State, m.BuiltFor);
    if (scene_changed) {
        auto r = GenerateScene(SegSceneConfig(State));
        m.Error = r ? Message{} : r.Error();
        if (r) m.TheScene = std::move(*r);
        m.CrowdIdsOfScene = CrowdIds(m.TheScene);
        m.GtExtents = InstanceExtents(m.TheScene.Gt);
        ++m.SceneVersion;
    }
    if (State.Edits != m.EditsFor) { // a link, a reset or "clear"
        m.Edits = EditLayer::Empty(kSegSceneWidth, kSegSceneHeight);
        if (auto e = DecodeEdits(State.Edits, kSegSceneWidth, kSegSceneHeight); e && !State.Edits.empty()) m.Edits = *e;
        m.EditsFor = State.Edits;
        m.EditsOverflow = false;
        ++m.EditsVersion;
    }
    const bool perturbed = scene_changed || !SameSegPerturbation(State, m.BuiltFor);
    if (m.Error.Empty() && perturbed) {
        auto p = PerturbPrediction(m.TheScene, SegPerturbConfig(State));
        m.Error = p ? Message{} : p.Error();
        if (p) m.Base = std::move(*p);
    }
    m.BuiltFor = State;
    m.Built = true;
    if (!m.Error.Empty()) return;
    if (perturbed || m.EditsVersion != m.PredEditsVersion) {
        // Cheap on 96 x 64 cells (well under a millisecond): redone while painting.
        m.Pred = ApplyEdits(m.Base, m.Edits);
        m.PredEditsVersion = m.EditsVersion;
        ++m.PredVersion;
        if (auto cm = SceneConfusion(m.TheScene, m.Pred)) {
            m.Confusion = *cm;
            m.Semantic = MetricsFromConfusion(*cm);
        }
        m.GtPanoptic = ToPanoptic(m.TheScene.Gt, m.CrowdIdsOfScene);
        m.PredPanoptic = ToPanoptic(m.Pred);
        const PanopticImagePair pair{&m.GtPanoptic, &m.PredPanoptic};
        const auto categories = ScenePanopticCategories();
        auto pq = ComputePanopticQuality(std::span<const PanopticImagePair>(&pair, 1), categories);
        m.PanopticError = pq ? Message{} : pq.Error();
        m.Panoptic = pq ? std::optional<PanopticResult>(std::move(*pq)) : std::nullopt;
        m.Scored = ScorePrediction(m.TheScene, m.Pred, static_cast<std::uint32_t>(State.PredSeed), State.ScoreNoise);
    }
    const auto tab = static_cast<SegTab>(State.Tab);
    if (tab == SegTab::Semantic) {
        if (m.BoundaryVersion != m.PredVersion || m.BoundaryFor != State.Tolerance || m.BoundaryClassFor != State.BoundaryClass) {
            const std::vector<int> g = SemanticLabels(m.TheScene.Gt), p = SemanticLabels(m.Pred);
            auto bf = ComputeBoundaryF1({m.TheScene.Gt.Width, m.TheScene.Gt.Height, g}, {m.Pred.Width, m.Pred.Height, p},
                                        kSegNumClasses, kSegVoid, State.Tolerance, State.BoundaryClass);
            m.Boundary = bf ? std::optional<BoundaryF1>(std::move(*bf)) : std::nullopt;
            m.BoundaryVersion = m.PredVersion;
            m.BoundaryFor = State.Tolerance;
            m.BoundaryClassFor = State.BoundaryClass;
        }
        const SceneSetConfig want = SegSetConfig(State);
        // The set: restarted when its inputs change, then a few images per frame.
        const bool same_set = m.SetStarted && m.SetFor.Images == want.Images && m.SetFor.Scene.Seed == want.Scene.Seed &&
            m.SetFor.Scene.Cars == want.Scene.Cars && m.SetFor.Scene.People == want.Scene.People &&
            m.SetFor.Scene.Crowd == want.Scene.Crowd && m.SetFor.Scene.VoidBorder == want.Scene.VoidBorder &&
            m.SetFor.Perturb.Seed == want.Perturb.Seed && m.SetFor.Perturb.DropInstance == want.Perturb.DropInstance &&
            m.SetFor.Perturb.MergeInstance == want.Perturb.MergeInstance &&
            m.SetFor.Perturb.SplitInstance == want.Perturb.SplitInstance && m.SetFor.Perturb.ShiftX == want.Perturb.ShiftX &&
            m.SetFor.Perturb.ShiftY == want.Perturb.ShiftY && m.SetFor.Perturb.Morph == want.Perturb.Morph &&
            m.SetFor.Perturb.ConfuseFrom == want.Perturb.ConfuseFrom && m.SetFor.Perturb.ConfuseTo == want.Perturb.ConfuseTo &&
            m.SetFor.Perturb.ConfuseFraction == want.Perturb.ConfuseFraction &&
            m.SetFor.Perturb.FalsePositives == want.Perturb.FalsePositives;
        if (!same_set) {
            auto job = SceneSetJob::Start(want);
            m.Set = job ? std::optional<SceneSetJob>(std::move(*job)) : std::nullopt;
            m.SetFor = want;
            m.SetStarted = true;
        }
        while (m.Set && !m.Set->Done() && Clock::now() - start < kSliceBudget) m.Set->Step(1);
    }
    if (tab == SegTab::Scene || tab == SegTab::Ap) UpdateCoco(start);
    if (tab == SegTab::Unet) {
        const UnetConfig u = SegUnetConfig(State);
        if (!m.UnetBuilt || u.InputSize != m.UnetFor.InputSize || u.Depth != m.UnetFor.Depth ||
            u.ConvsPerLevel != m.UnetFor.ConvsPerLevel || u.Padded != m.UnetFor.Padded ||
            u.BaseChannels != m.UnetFor.BaseChannels) {
            auto r = ComputeUnetShapes(u);
            m.Unet = r ? std::optional<UnetShapes>(std::move(*r)) : std::nullopt;
            m.UnetFor = u;
            m.UnetBuilt = true;
        }
        const SkipDemoConfig k = SegSkipConfig(State);
        if (!m.Skip || m.SkipScene != m.SceneVersion || k.Depth != m.SkipFor.Depth || k.SkipMask != m.SkipFor.SkipMask ||
            k.Bilinear != m.SkipFor.Bilinear) {
            auto r = RunSkipDemo(m.TheScene.Full, k);
            m.SkipError = r ? Message{} : r.Error();
            m.Skip = r ? std::optional<SkipDemoResult>(std::move(*r)) : std::nullopt;
            m.SkipFor = k;
            m.SkipScene = m.SceneVersion;
        }
    }
    if (tab == SegTab::Roi) {
        if (m.FeaturesSide != State.MapSide || m.FeaturesSeed != State.MapSeed) {
            m.Features = MakeFeatureMap(State.MapSide, State.MapSide, static_cast<std::uint32_t>(State.MapSeed));
            m.FeaturesSide = State.MapSide;
            m.FeaturesSeed = State.MapSeed;
        }
        // Microseconds at these sizes (<= 14 x 14 bins x 8 x 8 samples): redone every frame.
        auto a = RoiAlign(m.Features, SegRoiBox(State), SegRoiConfig(State));
        auto p = RoiPool(m.Features, SegRoiBox(State), State.Out, State.Out, SegSpatialScale(State));
        m.RoiError = !a ? a.Error() : (!p ? p.Error() : Message{});
        m.Align = a ? std::optional<RoiAlignResult>(std::move(*a)) : std::nullopt;
        m.Pool = p ? std::optional<RoiPoolResult>(std::move(*p)) : std::nullopt;
    }
}

void SegmentationView::UpdateCoco(Clock::time_point start)
{
    SegModel& m = Model;
    const std::uint64_t key =
        m.PredVersion * 64 + static_cast<std::uint64_t>(State.IouType) * 32 + static_cast<std::uint64_t>(State.CellPx);
    if (m.CocoFor != key) {
        auto ev = CocoEvaluation::Start(SceneCocoInput(m.TheScene, m.Pred, m.Scored, SegIouType(State), 1, State.CellPx));
        m.Coco = ev ? std::optional<CocoEvaluation>(std::move(*ev)) : std::nullopt;
        m.CocoFor = key;
        m.CurveFor = ~0ull;
    }
    while (m.Coco && !m.Coco->Done() && Clock::now() - start < kSliceBudget) m.Coco->Step(2e4);
    if (!m.Coco || !m.Coco->Done()) return;
    std::uint32_t iou_bits = 0;
    static_assert(sizeof(float) == sizeof(iou_bits));
    std::memcpy(&iou_bits, &State.Iou, sizeof iou_bits);
    const std::uint64_t curve_key = key * 1315423911ull ^ (static_cast<std::uint64_t>(iou_bits) << 8) ^
        static_cast<std::uint64_t>(State.Category * 16 + State.Area * 4 + State.MaxDets);
    const int k = CategoryIndex(m.Coco->Output(), State.Category == 0 ? kSegCar : kSegPerson);
    if (m.CurveFor != curve_key) {
        m.Curve = k < 0 ? CocoPrCurve{} : m.Coco->CurveAt(State.Iou, k, State.Area, State.MaxDets);
        m.CurveFor = curve_key;
    }
    // AP against the threshold over the slider's range: the matching redone 91 times on the
    // stored IoUs (tens of microseconds each at this size).
    const std::uint64_t ap_key = key * 64 + static_cast<std::uint64_t>(State.Category * 16 + State.Area * 4 + State.MaxDets);
    if (m.ApCurveFor != ap_key) {
        const int n = static_cast<int>(std::lround((kSegIouMax - kSegIouMin) / kSegIouStep)) + 1;
        m.ApCurve.assign(n, -1.0);
        for (int i = 0; k >= 0 && i < n; ++i) {
            const CocoPrCurve c = m.Coco->CurveAt(kSegIouMin + kSegIouStep * i, k, State.Area, State.MaxDets);
            if (!c.Defined) continue;
            double sum = 0.0;
            for (double p : c.Interpolated) sum += p;
            m.ApCurve[i] = sum / kCocoR;
        }
        m.ApCurveFor = ap_key;
    }
}

} // namespace

void StoreSegEdits(SegmentationState& s, SegModel& m)
{
    ++m.EditsVersion;
    if (m.Edits.EditedCount() == 0) {
        s.Edits.clear();
        m.EditsOverflow = false;
    } else if (auto text = EncodeEdits(m.Edits)) {
        s.Edits = *text;
        m.EditsOverflow = false;
    } else {
        s.Edits.clear(); // the link cannot carry them: it says "no edits", the view warns
        m.EditsOverflow = true;
    }
    m.EditsFor = s.Edits;
}

std::unique_ptr<TopicView> CreateSegmentationView()
{
    return std::make_unique<SegmentationView>();
}

} // namespace mlviz
