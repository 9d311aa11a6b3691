// Non-maximum suppression, step by step (q24, 40, 17, 5): every decision of greedy NMS,
// Soft-NMS and DIoU-NMS on simulated detector output, forwards and backwards, two methods side
// by side, and TP/FP/FN against the ground truth. Drawing helpers: nms_view_canvas.cpp,
// nms_view_panels.cpp.
#include <algorithm>
#include <array>
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
#include "ui/image_textures.h"

namespace mlviz {

// Defined in nms_view_canvas.cpp and nms_view_panels.cpp (topics/ has no private headers, so
// the few shared signatures are declared here; a mismatch fails at link time).
int DrawNmsCanvas(const char* id, ImVec2 size, const DetectionScene& scene, std::span<const std::string> class_labels,
                  const SimulatedDetections& d, const NmsRun& run, const NmsSnapshot& snap, ImTextureID background,
                  int selected, bool show_gt, bool show_labels, bool show_compared);
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
void DrawNmsControls(NmsState& s, int class_count);   // nms_view_controls.cpp

namespace {

const char* ClassLabelRu(const std::string& name)
{
    if (name == "person") return Tr("человек");
    if (name == "car") return Tr("машина");
    if (name == "tree") return Tr("дерево");
    if (name == "sign") return Tr("знак");
    return nullptr;
}

class NmsView final : public TopicView {
public:
    void Draw(ViewContext& ctx) override;
    std::string EncodeState() const override { return NmsStateSchema().Encode(State, NmsState()); }
    std::vector<Message> DecodeState(std::string_view fragment) override;

private:
    void Update();
    void UpdateSweeps();
    void DrawPlayback(const ViewContext& ctx);
    void DrawPictures(ViewContext& ctx);
    std::size_t StepOf(const NmsRun& run) const;   // events applied for the current State.Step
    int StepCount() const;                         // the scrub slider's range

    NmsState State;
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
    float PlayClock = 0.0f;
    bool ScrollToSelected = false;
    // The street photo, decoded once.
    Image Street;
    bool StreetTried = false;
    int StreetSlot = -1;
};

// A link restores exactly: keys it leaves out are defaults (EncodeState omits them), and the
// trace is recomputed at once so the step and the selected box are clamped to it before the
// next EncodeState.
std::vector<Message> NmsView::DecodeState(std::string_view fragment)
{
    NmsState s;
    std::vector<Message> notices = NmsStateSchema().Decode(ParseKeyValues(fragment), s);
    ClampNmsState(s);
    s.Playing = false;
    State = s;
    Built = false;   // a full rebuild: no "compare toggled, restart playback" reset of the step
    PlayClock = 0.0f;
    ScrollToSelected = State.SelectedBox >= 0;
    Update();
    return notices;
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
    if (Built && State.Compare != BuiltFor.Compare) State.Step = -1;   // steps count events or rounds
    if (!Built || !SameNmsRuns(State, BuiltFor)) {
        RunA = RunNmsOnDetections(Detections, Scene.Objects, NmsOptionsFor(State, State.Method), 0.5, State.MetricScore);
        RunB = State.Compare ? RunNmsOnDetections(Detections, Scene.Objects, NmsOptionsFor(State, State.MethodB), 0.5, State.MetricScore) : NmsRun{};
        SweepA = {};
        SweepB = {};
        SnapsValid = false;
        if (State.Step >= StepCount()) State.Step = -1;   // the end: one encoding for it
    }
    BuiltFor = State;
    Built = true;

    const std::size_t sa = StepOf(RunA), sb = StepOf(RunB);
    if (!SnapsValid || sa != SnapStepA) SnapA = NmsSnapshotAt(Detections.Scores, RunA.Trace, sa);
    if (State.Compare && (!SnapsValid || sb != SnapStepB)) SnapB = NmsSnapshotAt(Detections.Scores, RunB.Trace, sb);
    SnapStepA = sa;
    SnapStepB = sb;
    SnapsValid = true;
}

// The threshold sweep costs dozens of NMS runs: a slice per frame, so dragging stays smooth.
void NmsView::UpdateSweeps()
{
    const double start = ImGui::GetTime();
    for (int guard = 0; guard < 64 && ImGui::GetTime() - start < 0.0015; ++guard) {
        if (AdvanceNmsSweep(SweepA, Detections, Scene.Objects, RunA.Options, 0.5, State.MetricScore)) continue;
        if (!State.Compare || !AdvanceNmsSweep(SweepB, Detections, Scene.Objects, RunB.Options, 0.5, State.MetricScore)) break;
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

void NmsView::DrawPlayback(const ViewContext& ctx)
{
    const int count = StepCount();
    const bool compare = State.Compare;
    int step = State.Step < 0 ? count : std::min(State.Step, count);
    const auto next = [&](int s) { return std::min(s + 1, count); };
    const auto prev = [&](int s) { return std::max(s - 1, 0); };
    // Selection boundaries: the step just after each Select event.
    const auto next_select = [&](int s) {
        if (compare) return std::min(s + 1, count);
        for (std::size_t k : RunA.Selects)
            if (static_cast<int>(k) + 1 > s) return static_cast<int>(k) + 1;
        return count;
    };
    const auto prev_select = [&](int s) {
        if (compare) return std::max(s - 1, 0);
        int best = 0;
        for (std::size_t k : RunA.Selects)
            if (static_cast<int>(k) + 1 < s) best = static_cast<int>(k) + 1;
        return best;
    };

    int target = step;
    const auto toggle_play = [&] {
        State.Playing = !State.Playing;
        if (State.Playing && step >= count) target = 0;   // play again from the start
        PlayClock = 0.0f;
    };
    // The app's playback keys (←/→, space) work with or without the buttons on screen.
    if (ctx.Keys.StepBack) { target = prev(step); State.Playing = false; }
    if (ctx.Keys.StepForward) { target = next(step); State.Playing = false; }
    if (ctx.Keys.TogglePlay) toggle_play();
    if (ctx.ShowControls) {
        const float bw = std::max(ImGui::GetFrameHeight() * 1.25f, (ImGui::GetContentRegionAvail().x - 6.0f * ImGui::GetStyle().ItemSpacing.x) / 7.0f);
        const ImVec2 bs(std::min(bw, ImGui::GetFontSize() * 3.0f), 0.0f);
        if (ImGui::Button("⇤##start", bs)) { target = 0; State.Playing = false; }
        ImGui::SetItemTooltip("%s", Tr("В начало"));
        ImGui::SameLine();
        if (ImGui::Button("⇐##prev_sel", bs)) { target = prev_select(step); State.Playing = false; }
        ImGui::SetItemTooltip("%s", Tr("Предыдущий выбор рамки"));
        ImGui::SameLine();
        if (ImGui::Button("←##prev", bs)) { target = prev(step); State.Playing = false; }
        ImGui::SetItemTooltip("%s", Tr("Шаг назад"));
        ImGui::SameLine();
        if (ImGui::Button(State.Playing ? "‖##play" : "▶##play", bs)) toggle_play();
        ImGui::SetItemTooltip("%s", State.Playing ? Tr("Пауза") : Tr("Проиграть"));
        ImGui::SameLine();
        if (ImGui::Button("→##next", bs)) { target = next(step); State.Playing = false; }
        ImGui::SetItemTooltip("%s", Tr("Шаг вперёд"));
        ImGui::SameLine();
        if (ImGui::Button("⇒##next_sel", bs)) { target = next_select(step); State.Playing = false; }
        ImGui::SetItemTooltip("%s", Tr("Следующий выбор рамки"));
        ImGui::SameLine();
        if (ImGui::Button("⇥##end", bs)) { target = count; State.Playing = false; }
        ImGui::SetItemTooltip("%s", Tr("К результату"));
    }

    if (State.Playing) {
        PlayClock += ImGui::GetIO().DeltaTime * State.Speed;
        for (int guard = 0; PlayClock >= 1.0f && guard < 1000; ++guard) {
            PlayClock -= 1.0f;
            target = next(target);
        }
        if (target >= count) State.Playing = false;
    }
    if (ctx.ShowControls) {
        ImGui::SetNextItemWidth(-1.0f);
        ImGui::SliderInt("##scrub", &target, 0, count, compare ? Tr("выбор %d") : Tr("шаг %d"));
        ImGui::SetNextItemWidth(-1.0f);
        ImGui::SliderFloat("##speed", &State.Speed, 1.0f, 200.0f, compare ? Tr("скорость %.0f выб./с") : Tr("скорость %.0f шаг/с"),
                           ImGuiSliderFlags_Logarithmic);
        State.Speed = std::isfinite(State.Speed) ? std::clamp(State.Speed, 1.0f, 200.0f) : NmsState().Speed;
    }
    target = std::clamp(target, 0, count);
    State.Step = target >= count ? -1 : target;
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
        clicked = DrawNmsCanvas("##canvas_a", ImVec2(w, w * aspect), Scene, ClassLabels, Detections, RunA, SnapA,
                                background, State.SelectedBox, State.ShowGroundTruth, State.ShowLabels, true);
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
            ImGui::TextColored(ImVec4(1.0f, 0.85f, 0.3f, 1.0f), "%s: %s", k == 0 ? "A" : "B", NmsMethodLabel(runs[k]->Options.Method));
            const int c = DrawNmsCanvas(k == 0 ? "##canvas_a" : "##canvas_b", ImVec2(w, w * aspect), Scene, ClassLabels, Detections,
                                        *runs[k], *snaps[k], background, State.SelectedBox, State.ShowGroundTruth, State.ShowLabels,
                                        false);   // a round's last comparison is usually an IoU-0 one: noise here
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
        if (State.Compare) ImGui::TextWrapped("B: %s", NmsBoxText(Detections, ClassLabels, RunB, SnapB, State.SelectedBox).c_str());
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

void NmsView::Draw(ViewContext& ctx)
{
    Update();
    if (ctx.ShowControls) {
        const float controls_w = ImGui::GetFontSize() * 13.0f;
        ImGui::BeginChild("controls", ImVec2(controls_w, 0.0f), false);
        DrawNmsControls(State, static_cast<int>(Scene.ClassNames.size()));
        ImGui::EndChild();
        Update();   // the controls may have changed the trace the playback steps through
        ImGui::SameLine();
    }
    ImGui::BeginChild("pictures", ImVec2(0.0f, 0.0f), false);
    if (!RunA.Error.Empty()) ImGui::TextColored(ImVec4(1.0f, 0.4f, 0.4f, 1.0f), "%s", Tr(RunA.Error).c_str());
    DrawPlayback(ctx);
    Update();   // playback may have moved the step: draw the state it shows
    UpdateSweeps();
    DrawPictures(ctx);
    ImGui::EndChild();
}

} // namespace

std::unique_ptr<TopicView> CreateNmsView()
{
    return std::make_unique<NmsView>();
}

} // namespace mlviz
