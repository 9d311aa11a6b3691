// Non-maximum suppression, step by step (q24, 40, 17, 5): every decision of greedy NMS,
// Soft-NMS and DIoU-NMS on simulated detector output, forwards and backwards, two methods side
// by side, and TP/FP/FN against the ground truth. Drawing helpers: nms_view_canvas.cpp,
// nms_view_panels.cpp.
#include <algorithm>
#include <array>
#include <chrono>
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include "core/assets.h"
#include "core/deeplink.h"
#include "topics/nms/core/detections_sim.h"
#include "ui/tr.h"
#include "core/image.h"
#include "topics/nms/core/nms.h"
#include "topics/nms/core/nms_runs.h"
#include "topics/nms/core/nms_state.h"
#include "topics/nms/core/nms_replay.h"
#include "imgui.h"
#include "topics/views.h"
#include "ui/controls.h"
#include "ui/playback_bar.h"
#include "ui/topic_layout.h"
#include "ui/topic_view_base.h"
#include "ui/image_textures.h"

namespace mlviz {

// Defined in nms_view_canvas.cpp and nms_view_panels.cpp (topics/ has no private headers, so
// the few shared signatures are declared here; a mismatch fails at link time).
int DrawNmsCanvas(const char* id, ImVec2 size, const DetectionScene& scene, std::span<const std::string> class_labels,
                  const SimulatedDetections& d, const NmsRun& run, const NmsSnapshot& snap, ImTextureID background, int selected,
                  bool show_gt, bool show_labels, bool show_compared);
void DrawNmsLegend(bool soft);
std::string NmsStepText(const NmsRun& run, const NmsSnapshot& snap, std::size_t step);
std::string NmsRoundText(const NmsRun& run, const NmsSnapshot& snap, int round);
std::string NmsBoxText(const SimulatedDetections& d, std::span<const std::string> class_labels, const NmsRun& run,
                       const NmsSnapshot& snap, int box);
int DrawNmsTable(const SimulatedDetections& d, std::span<const std::string> class_labels, const NmsRun& run,
                 const NmsSnapshot& snap, std::span<const int> order, int selected, bool scroll_to_selected, float height);
void DrawNmsMetrics(const NmsRun& a, const NmsRun* b, const char* name_a, const char* name_b, double min_score);
void DrawNmsSweep(const NmsSweep& a, const NmsSweep* b, NmsMethod method, double current_x, float height);
void DrawNmsNotes();
const char* NmsMethodLabel(NmsMethod m);
void DrawNmsControls(NmsState& s, int class_count); // nms_view_controls.cpp

namespace {

const char* ClassLabelRu(const std::string& name)
{
    if (name == "person") return Tr("человек");
    if (name == "car") return Tr("машина");
    if (name == "tree") return Tr("дерево");
    if (name == "sign") return Tr("знак");
    return nullptr;
}

class NmsView final : public TopicViewOf<NmsState> {
public:
    NmsView() : TopicViewOf(NmsCodec()) {}
    void Draw(ViewContext& ctx) override;

private:
    void OnStateDecoded(const KeyValues& kv, std::vector<Message>& notices) override;
    void Update();
    void UpdateSnapshots();
    void UpdateSweeps();
    void ApplyPlayback(const PlaybackInput& in);
    void DrawPlayback();
    void DrawPictures(ViewContext& ctx);
    std::size_t StepOf(const NmsRun& run) const; // events applied for the current State.Step
    int StepCount() const;                       // the scrub slider's range

    // Derived data, recomputed only when the state it depends on changes.
    NmsState BuiltFor;
    bool Built = false;
    DetectionScene Scene;
    std::vector<std::string> ClassLabels;
    SimulatedDetections Detections;
    std::vector<int> ScoreOrderCache;
    NmsRun RunA, RunB;
    NmsSweep SweepA, SweepB;
    NmsSnapshot SnapA, SnapB;
    std::size_t SnapStepA = SIZE_MAX, SnapStepB = SIZE_MAX;
    bool SnapsValid = false;
    double PlayClock = 0.0;
    bool ScrollToSelected = false;
    // The street photo, decoded once.
    Image Street;
    bool StreetTried = false;
    int StreetSlot = -1;
};

// The trace is recomputed at once so the step and the selected box are clamped to it before the
// next EncodeState.
void NmsView::OnStateDecoded(const KeyValues&, std::vector<Message>&)
{
    Built = false; // a full rebuild: no "compare toggled, restart playback" reset of the step
    PlayClock = 0.0;
    ScrollToSelected = State.SelectedBox >= 0;
    Update();
    UpdateSnapshots();
}

void NmsView::Update()
{
    if (!Built || !SameNmsScene(State, BuiltFor)) {
        Scene = MakeDetectionScene(static_cast<SimSceneKind>(State.Scene), State.RandomObjects, State.RandomClasses,
                                   static_cast<std::uint32_t>(State.Seed));
        ClassLabels.clear();
        for (const std::string& name : Scene.ClassNames) {
            const char* ru = ClassLabelRu(name);
            ClassLabels.push_back(ru ? ru : Tr("класс ") + std::to_string(ClassLabels.size() + 1));
        }
    }
    if (!Built || !SameNmsDetections(State, BuiltFor)) {
        Detections = SimulateDetections(Scene, NmsSimConfigFor(State));
        ScoreOrderCache = ScoreOrder(Detections.Scores);
        if (State.SelectedBox >= static_cast<int>(Detections.Boxes.size())) State.SelectedBox = -1;
    }
    if (Built && State.Compare != BuiltFor.Compare) State.Step = -1; // steps count events or rounds
    if (!Built || !SameNmsRuns(State, BuiltFor)) {
        RunA =
            RunNmsOnDetections(Detections, Scene.Objects, NmsOptionsFor(State, State.Method), kNmsMetricIou, State.MetricScore);
        RunB = State.Compare
            ? RunNmsOnDetections(Detections, Scene.Objects, NmsOptionsFor(State, State.MethodB), kNmsMetricIou, State.MetricScore)
            : NmsRun{};
        SweepA = {};
        SweepB = {};
        SnapsValid = false;
        if (State.Step >= StepCount()) State.Step = -1; // the end: one encoding for it
    }
    BuiltFor = State;
    Built = true;
}

// The boxes' states at the shown step; cheap, and redone whenever the step moved.
void NmsView::UpdateSnapshots()
{
    const std::size_t sa = StepOf(RunA), sb = StepOf(RunB);
    if (!SnapsValid || sa != SnapStepA) SnapA = NmsSnapshotAt(Detections.Scores, RunA.Trace, sa);
    if (State.Compare && (!SnapsValid || sb != SnapStepB)) SnapB = NmsSnapshotAt(Detections.Scores, RunB.Trace, sb);
    SnapStepA = sa;
    SnapStepB = sb;
    SnapsValid = true;
}

// The threshold sweep costs dozens of NMS runs: a slice per frame, so dragging stays smooth.
// (Wall time, not ImGui::GetTime(): that is the frame's start time and does not move within it.)
void NmsView::UpdateSweeps()
{
    const auto start = std::chrono::steady_clock::now();
    for (int guard = 0; guard < 64 && std::chrono::steady_clock::now() - start < std::chrono::microseconds(1500); ++guard) {
        if (AdvanceNmsSweep(SweepA, Detections, Scene.Objects, RunA.Options, kNmsMetricIou, State.MetricScore)) continue;
        if (!State.Compare || !AdvanceNmsSweep(SweepB, Detections, Scene.Objects, RunB.Options, kNmsMetricIou, State.MetricScore))
            break;
    }
}

std::size_t NmsView::StepOf(const NmsRun& run) const
{
    if (State.Step < 0) return run.Trace.size();
    if (!State.Compare) return static_cast<std::size_t>(State.Step);
    // Side by side, a step is one selection: show each method after k complete rounds.
    const std::size_t k = static_cast<std::size_t>(State.Step);
    return k < run.Selects.size() ? run.Selects[k] : run.Trace.size();
}

int NmsView::StepCount() const
{
    if (!State.Compare) return static_cast<int>(RunA.Trace.size());
    return static_cast<int>(std::max(RunA.Selects.size(), RunB.Selects.size()));
}

// Keys, buttons, the scrub slider and the clock all go through core/playback.h; State.Step
// keeps -1 for "the end" (one encoding of it in links, whatever the trace length).
void NmsView::ApplyPlayback(const PlaybackInput& in)
{
    const int count = StepCount();
    PlaybackState p{State.Step < 0 ? count : std::min(State.Step, count), State.Playing, State.Speed, PlayClock};
    UpdatePlayback(p, count, in);
    State.Step = p.Step >= count ? -1 : p.Step;
    State.Playing = p.Playing;
    PlayClock = p.Clock;
}

void NmsView::DrawPlayback()
{
    const int count = StepCount();
    const int step = State.Step < 0 ? count : std::min(State.Step, count);
    // Coarse jumps: to the step just after the previous / next Select event (rounds side by side).
    PlaybackJumps jumps{std::max(step - 1, 0), std::min(step + 1, count), Tr("Предыдущий выбор рамки"),
                        Tr("Следующий выбор рамки")};
    if (!State.Compare) {
        jumps.Back = 0;
        jumps.Forward = count;
        for (std::size_t k : RunA.Selects) {
            const int boundary = static_cast<int>(k) + 1;
            if (boundary < step) jumps.Back = boundary;
            if (boundary > step && jumps.Forward == count) jumps.Forward = boundary;
        }
    }
    PlaybackInput in;
    const PlaybackState shown{step, State.Playing, State.Speed, PlayClock};
    DrawPlaybackButtons(shown, in, jumps);
    DrawPlaybackScrub(shown, count, State.Compare ? Tr("выбор %d") : Tr("шаг %d"), in);
    FieldSlider(NmsStateSchema(), "speed", State, "", State.Compare ? Tr("скорость %.0f выб./с") : Tr("скорость %.0f шаг/с"));
    ApplyPlayback(in); // the snapshots follow on the next frame's update
}

void NmsView::DrawPictures(ViewContext& ctx)
{
    ImTextureID background = nullptr;
    if (State.Scene == static_cast<int>(SimSceneKind::Street)) {
        if (!StreetTried) {
            StreetTried = true;
            const auto decoded = DecodeImage(FindAsset(BinaryAssets(), "assets/images/street_scene.png"));
            if (decoded) Street = decoded.Value();
        }
        if (Street.Width > 0) {
            if (StreetSlot < 0) StreetSlot = ctx.Images->CreateSlot();
            background = ctx.Images->Upload(StreetSlot, Street, 1, true);
        }
    }
    const float avail = ImGui::GetContentRegionAvail().x;
    const float aspect = Scene.Height / std::max(1.0f, Scene.Width);
    // A still figure (embed, controls=0): the canvas fits the height too, leaving room for the
    // step text and the legend, so the whole picture is in view without scrolling.
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float fit_h = ctx.ShowControls ? FLT_MAX : std::max(line * 8.0f, ImGui::GetContentRegionAvail().y - line * 5.0f);
    const bool soft = IsSoftNms(RunA.Options.Method) || (State.Compare && IsSoftNms(RunB.Options.Method));
    int clicked = -1;
    if (!State.Compare) {
        ImGui::TextWrapped("%s", NmsStepText(RunA, SnapA, StepOf(RunA)).c_str());
        const float w = std::min(avail, fit_h / aspect);
        clicked = DrawNmsCanvas("##canvas_a", ImVec2(w, w * aspect), Scene, ClassLabels, Detections, RunA, SnapA, background,
                                State.SelectedBox, State.ShowGroundTruth, State.ShowLabels, true);
    } else {
        // Side by side when there is room, else one above the other.
        const float spacing = ImGui::GetStyle().ItemSpacing.x;
        const bool row = avail >= ImGui::GetFontSize() * 36.0f;
        const float w = std::min(row ? (avail - spacing) * 0.5f : avail, (row ? fit_h : fit_h * 0.5f) / aspect);
        const NmsRun* runs[2] = {&RunA, &RunB};
        const NmsSnapshot* snaps[2] = {&SnapA, &SnapB};
        for (int k = 0; k < 2; ++k) {
            if (row && k == 1) ImGui::SameLine();
            ImGui::BeginGroup();
            ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.3f, 1.0f), "%s: %s", k == 0 ? "A" : "B",
                               NmsMethodLabel(runs[k]->Options.Method));
            const int c =
                DrawNmsCanvas(k == 0 ? "##canvas_a" : "##canvas_b", ImVec2(w, w * aspect), Scene, ClassLabels, Detections,
                              *runs[k], *snaps[k], background, State.SelectedBox, State.ShowGroundTruth, State.ShowLabels,
                              false); // a round's last comparison is usually an IoU-0 one: noise here
            ImGui::PushTextWrapPos(ImGui::GetCursorPos().x + w);
            const int round = State.Step < 0 ? StepCount() : State.Step;
            ImGui::TextWrapped("%s", NmsRoundText(*runs[k], *snaps[k], round).c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndGroup();
            if (c >= 0) clicked = c;
        }
    }
    if (clicked >= 0) {
        State.SelectedBox = clicked == State.SelectedBox ? -1 : clicked;
        ScrollToSelected = true;
    }
    DrawNmsLegend(soft);
    if (State.SelectedBox >= 0) {
        ImGui::TextWrapped("%s", NmsBoxText(Detections, ClassLabels, RunA, SnapA, State.SelectedBox).c_str());
        if (State.Compare)
            ImGui::TextWrapped("B: %s", NmsBoxText(Detections, ClassLabels, RunB, SnapB, State.SelectedBox).c_str());
    }

    ImGui::SeparatorText(Tr("Метрики (IoU ≥ 0.5 с разметкой)"));
    DrawNmsMetrics(RunA, State.Compare ? &RunB : nullptr, NmsMethodLabel(RunA.Options.Method),
                   NmsMethodLabel(RunB.Options.Method), State.MetricScore);
    const double x = RunA.Options.Method == NmsMethod::SoftGaussian ? State.Sigma : State.IouThreshold;
    DrawNmsSweep(SweepA, State.Compare ? &SweepB : nullptr, RunA.Options.Method, x, ImGui::GetFontSize() * 11.0f);

    ImGui::SeparatorText(State.Compare ? Tr("Рамки по убыванию score (метод A)") : Tr("Рамки по убыванию score"));
    const int row = DrawNmsTable(Detections, ClassLabels, RunA, SnapA, ScoreOrderCache, State.SelectedBox, ScrollToSelected,
                                 ImGui::GetFontSize() * 16.0f);
    ScrollToSelected = false;
    if (row >= 0) State.SelectedBox = row == State.SelectedBox ? -1 : row;
    DrawNmsNotes();
}

// Update, then draw: the keys and the clock move the step, the simulation and the snapshots are
// brought up to date once, then everything is drawn; what the widgets change is read by the next
// frame's update.
void NmsView::Draw(ViewContext& ctx)
{
    Update();
    ApplyPlayback(PlaybackInputFromKeys(ctx));
    UpdateSnapshots();
    UpdateSweeps();
    DrawTopicLayout(
        ctx, [&] { DrawNmsControls(State, static_cast<int>(Scene.ClassNames.size())); },
        [&] {
            if (!RunA.Error.Empty()) ImGui::TextColored(ImVec4(1.0f, 0.4f, 0.4f, 1.0f), "%s", Tr(RunA.Error).c_str());
            if (ctx.ShowControls) DrawPlayback();
            DrawPictures(ctx);
        });
}

} // namespace

std::unique_ptr<TopicView> CreateNmsView()
{
    return std::make_unique<NmsView>();
}

} // namespace mlviz
