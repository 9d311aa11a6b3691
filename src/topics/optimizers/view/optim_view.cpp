// Optimizer trajectories on loss surfaces (q60, 75, 78, 23, 77, 86, 58): up to six torch.optim
// optimizers side by side on a 2-D loss, computed incrementally and played back step by step.
// Controls: optim_controls_view.cpp; surface, trails, arrows and charts: optim_canvas_view.cpp.
#include "topics/optimizers/view/optim_view.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "topics/views.h"

namespace mlviz {

namespace {

// Work per frame on the runs: chunks of kStepChunk steps per run until kTimeBudget (a run
// step costs ~0.1 µs natively, several times more in WebAssembly) or kStepCap steps.
constexpr int kStepChunk = 250;
constexpr int kStepCap = 60000;
constexpr std::chrono::microseconds kTimeBudget(1000);

} // namespace

ImU32 OptimSlotColor(int slot, float alpha)
{
    return SeriesColor(slot, alpha);
}

std::string OptimSlotSummary(const OptimSlot& slot)
{
    const OptimizerParams& o = slot.Optimizer;
    char buf[96];
    std::string s(OptimizerLabel(o.Kind));
    if (o.Kind == OptimizerKind::SGD && o.Momentum > 0.0) s += " " + std::string(o.Nesterov ? Tr("Нестеров") : Tr("+ импульс"));
    if ((o.Kind == OptimizerKind::Adam || o.Kind == OptimizerKind::AdamW) && o.Amsgrad) s += " AMSGrad";
    std::snprintf(buf, sizeof buf, ", lr %.3g", o.Lr);
    s += buf;
    if (slot.Schedule.Kind != ScheduleKind::Constant) s += ", " + std::string(ScheduleName(slot.Schedule.Kind));
    if (slot.Batch > 1) {
        std::snprintf(buf, sizeof buf, ", B %d", slot.Batch);
        s += buf;
    }
    return s;
}

OptimizersView::OptimizersView()
{
    ApplyPreset(0);
}

void OptimizersView::ApplyPreset(int index)
{
    const float speed = State.Speed;   // a viewing preference, kept across scenes
    State = OptimPresetState(index);
    State.Speed = speed;
}

std::vector<Message> OptimizersView::DecodeState(std::string_view fragment)
{
    std::vector<Message> notices = DecodeOptimizersState(ParseKeyValues(fragment), State);
    // The step was decoded for these iterations: "whole run shown" must not re-extend it.
    LastSteps = State.Steps;
    PlayAccumulator = 0.0;
    return notices;
}

RunConfig OptimizersView::SlotConfig(int i) const
{
    const OptimSlot& slot = State.Slots[static_cast<std::size_t>(i)];
    RunConfig c;
    c.Surface = State.Surface;
    c.Function = State.Function;
    c.Start = {State.StartX, State.StartY};
    c.Steps = State.Steps;
    c.Optimizer = slot.Optimizer;
    c.Schedule = slot.Schedule;
    c.Noise = {State.NoiseSigma, slot.Batch, static_cast<std::uint32_t>(State.Seed)};
    // Far outside the picture counts as diverged: nothing left to see there.
    const Bounds2 a = DefaultArea(State.Surface);
    c.Bound = 100.0 * std::max({std::fabs(a.XMin), std::fabs(a.XMax), std::fabs(a.YMin), std::fabs(a.YMax)});
    return c;
}

void OptimizersView::UpdateSurface()
{
    if (GridValid && GridSurface == State.Surface && GridFunction == State.Function) return;
    const Bounds2 area = DefaultArea(State.Surface);
    const SurfaceKind kind = State.Surface;
    const SurfaceParams fp = State.Function;
    Grid = SampleGrid([&](double x, double y) { return SurfaceLoss(kind, fp, {x, y}); }, area, 256, 256);
    Minimum = MinimizeInArea(kind, fp, area);
    ++GridVersion;
    GridValid = true;
    GridSurface = State.Surface;
    GridFunction = State.Function;
}

void OptimizersView::UpdateRuns()
{
    for (int i = 0; i < kOptimSlots; ++i) {
        auto& runner = Runners[static_cast<std::size_t>(i)];
        SlotErrors[static_cast<std::size_t>(i)].clear();
        if (!State.Slots[static_cast<std::size_t>(i)].Enabled) {
            runner.reset();
            continue;
        }
        const RunConfig cfg = SlotConfig(i);
        if (runner && runner->Config() == cfg) continue;
        const auto checked = CheckRunConfig(cfg);
        if (!checked) {
            SlotErrors[static_cast<std::size_t>(i)] = Tr(checked.Error());
            runner.reset();
            continue;
        }
        runner.emplace(cfg);
        ++RunnerGeneration[static_cast<std::size_t>(i)];
    }
    // Round-robin chunks until the frame's time budget is spent, so long runs fill in over a
    // few frames (the progress shows in the status lines) instead of blocking one.
    const auto start = std::chrono::steady_clock::now();
    for (int steps = 0; steps < kStepCap;) {
        int advanced = 0;
        for (auto& r : Runners)
            if (r && !r->Finished()) advanced += r->Advance(kStepChunk);
        steps += advanced;
        if (advanced == 0 || std::chrono::steady_clock::now() - start > kTimeBudget) break;
    }
}

void OptimizersView::UpdateSeries()
{
    const double floor_f = Minimum.F;
    const bool refresh_all = floor_f != SeriesGapFloor;
    SeriesGapFloor = floor_f;
    for (int i = 0; i < kOptimSlots; ++i) {
        OptimSeries& s = Series[static_cast<std::size_t>(i)];
        const Trajectory* t = RunOf(i);
        if (!t) {
            s = {};
            continue;
        }
        if (refresh_all || SeriesGeneration[static_cast<std::size_t>(i)] != RunnerGeneration[static_cast<std::size_t>(i)]) {
            s = {};
            SeriesGeneration[static_cast<std::size_t>(i)] = RunnerGeneration[static_cast<std::size_t>(i)];
        }
        for (std::size_t k = s.Steps.size(); k < t->Loss.size(); ++k) {
            s.Steps.push_back(static_cast<double>(k));
            s.Loss.push_back(t->Loss[k]);
            // Gap to the best value in the picture: log10 resolves the slow tail of convergence.
            s.LogGap.push_back(std::log10(std::max(t->Loss[k] - floor_f, 1e-16)));
            s.Lr.push_back(k < t->Lr.size() ? t->Lr[k] : (k > 0 ? t->Lr[k - 1] : 0.0));
            // Running means for noisy runs, bias-corrected like Adam's moments.
            s.EmaLogGap = 0.9 * s.EmaLogGap + 0.1 * s.LogGap.back();
            s.EmaLoss = 0.9 * s.EmaLoss + 0.1 * t->Loss[k];
            s.EmaWeight = 0.9 * s.EmaWeight + 0.1;
            s.SmoothLogGap.push_back(s.EmaLogGap / s.EmaWeight);
            s.SmoothLoss.push_back(s.EmaLoss / s.EmaWeight);
        }
    }
}

void OptimizersView::UpdatePlayback(const PlaybackKeys& keys)
{
    State.Steps = std::clamp(State.Steps, 1, kMaxRunSteps);
    // Showing the whole run stays so when the run gets longer or shorter.
    if (State.Step == LastSteps && State.Steps != LastSteps) State.Step = State.Steps;
    LastSteps = State.Steps;
    // The app's playback keys: ←/→ step (and pause), space plays or pauses.
    if (keys.StepBack) { State.Step -= 1; State.Playing = false; }
    if (keys.StepForward) { State.Step += 1; State.Playing = false; }
    if (keys.TogglePlay) {
        if (!State.Playing && State.Step >= State.Steps) State.Step = 0;
        State.Playing = !State.Playing;
    }
    State.Step = std::clamp(State.Step, 0, State.Steps);
    if (!State.Playing) {
        PlayAccumulator = 0.0;
        return;
    }
    PlayAccumulator += static_cast<double>(ImGui::GetIO().DeltaTime) * std::clamp(State.Speed, 1.0f, 2000.0f);
    const int whole = static_cast<int>(PlayAccumulator);
    PlayAccumulator -= whole;
    State.Step = std::min(State.Step + whole, State.Steps);
    if (State.Step >= State.Steps) State.Playing = false;
}

const Trajectory* OptimizersView::RunOf(int slot) const
{
    const auto& r = Runners[static_cast<std::size_t>(slot)];
    return r ? &r->Result() : nullptr;
}

int OptimizersView::ShownIndex(const Trajectory& t) const
{
    return std::clamp(State.Step, 0, static_cast<int>(t.Points.size()) - 1);
}

void OptimizersView::DrawPlaybackBar()
{
    const float font = ImGui::GetFontSize();
    if (ImGui::Button(State.Playing ? Tr("Пауза") : Tr("Пуск"), ImVec2(font * 4.0f, 0.0f))) {
        if (!State.Playing && State.Step >= State.Steps) State.Step = 0;
        State.Playing = !State.Playing;
    }
    ImGui::SameLine();
    if (ImGui::Button("|<")) { State.Step = 0; State.Playing = false; }
    ImGui::SameLine();
    ImGui::PushButtonRepeat(true);
    if (ImGui::Button("<")) { State.Step = std::max(0, State.Step - 1); State.Playing = false; }
    ImGui::SameLine();
    if (ImGui::Button(">")) { State.Step = std::min(State.Steps, State.Step + 1); State.Playing = false; }
    ImGui::PopButtonRepeat();
    ImGui::SameLine();
    if (ImGui::Button(">|")) { State.Step = State.Steps; State.Playing = false; }
    // Width: pushed by the caller (the canvas width).
    if (ImGui::SliderInt("##step", &State.Step, 0, State.Steps, Tr("шаг %d"), ImGuiSliderFlags_AlwaysClamp)) State.Playing = false;
}

void OptimizersView::DrawStatus()
{
    for (int i = 0; i < kOptimSlots; ++i) {
        const OptimSlot& slot = State.Slots[static_cast<std::size_t>(i)];
        if (!slot.Enabled) continue;
        const std::string name = OptimSlotSummary(slot);
        const ImVec4 color = ImGui::ColorConvertU32ToFloat4(OptimSlotColor(i));
        ImGui::PushStyleColor(ImGuiCol_Text, color);
        ImGui::Bullet();
        ImGui::PopStyleColor();
        ImGui::SameLine();
        const std::string& error = SlotErrors[static_cast<std::size_t>(i)];
        const Trajectory* t = RunOf(i);
        char buf[256];
        if (!error.empty() || !t) {
            std::snprintf(buf, sizeof buf, Tr("%s: ошибка: %s"), name.c_str(), error.c_str());
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.45f, 0.4f, 1.0f));
            ImGui::TextWrapped("%s", buf);
            ImGui::PopStyleColor();
            continue;
        }
        const int k = ShownIndex(*t);
        const auto& runner = Runners[static_cast<std::size_t>(i)];
        const char* why = t->Divergence == DivergenceKind::NonFinite ? Tr("NaN или ∞") : Tr("ушёл далеко за край");
        if (t->DivergedAt >= 0 && State.Step >= t->DivergedAt) {
            std::snprintf(buf, sizeof buf, Tr("%s: разошёлся на шаге %d (%s)"), name.c_str(), t->DivergedAt, why);
        } else if (!runner->Finished() && State.Step >= runner->StepsDone()) {
            std::snprintf(buf, sizeof buf, Tr("%s: считается… %d%%"), name.c_str(),
                          static_cast<int>(100.0 * runner->StepsDone() / std::max(1, State.Steps)));
        } else if (t->DivergedAt >= 0) {
            std::snprintf(buf, sizeof buf, Tr("%s: f = %.4g на шаге %d; разойдётся на шаге %d (%s)"), name.c_str(),
                          t->Loss[static_cast<std::size_t>(k)], k, t->DivergedAt, why);
        } else {
            std::snprintf(buf, sizeof buf, Tr("%s: f = %.4g на шаге %d"), name.c_str(), t->Loss[static_cast<std::size_t>(k)], k);
        }
        ImGui::TextWrapped("%s", buf);
    }
}

// The state may come from elsewhere (a URL): keep every field in its valid range, so the
// cores never see an out-of-range enum and the sliders never show one.
void OptimizersView::SanitizeState()
{
    OptimizersState& s = State;
    s.Preset = std::clamp(s.Preset, 0, static_cast<int>(OptimPresets().size()) - 1);
    if (static_cast<int>(s.Surface) < 0 || s.Surface >= SurfaceKind::Count) s.Surface = SurfaceKind::Quadratic;
    SurfaceParams& f = s.Function;
    auto clamp = [](double& v, double lo, double hi) { v = std::isfinite(v) ? std::clamp(v, lo, hi) : lo; };
    clamp(f.Kappa, kKappaMin, kKappaMax);
    clamp(f.AngleDeg, -360.0, 360.0);
    clamp(f.FeatureScale, kFeatureScaleMin, kFeatureScaleMax);
    clamp(f.CenterX, -1e3, 1e3);
    clamp(f.CenterY, -1e3, 1e3);
    clamp(f.RosenA, -kRosenAMax, kRosenAMax);
    clamp(f.RosenB, 0.0, kRosenBMax);
    clamp(f.RastriginA, 0.0, kRastriginAMax);
    clamp(f.L1, 0.0, kPenaltyMax);
    clamp(f.L2, 0.0, kPenaltyMax);
    const Bounds2 a = DefaultArea(s.Surface);
    clamp(s.StartX, a.XMin, a.XMax);
    clamp(s.StartY, a.YMin, a.YMax);
    clamp(s.NoiseSigma, 0.0, 1e6);
    s.Seed = std::clamp(s.Seed, 0, 1 << 30);
    s.Selected = std::clamp(s.Selected, 0, kOptimSlots - 1);
    s.Speed = std::isfinite(s.Speed) ? std::clamp(s.Speed, 1.0f, 2000.0f) : 60.0f;
    for (OptimSlot& slot : s.Slots) {
        if (static_cast<int>(slot.Optimizer.Kind) < 0 || slot.Optimizer.Kind >= OptimizerKind::Count) slot.Optimizer.Kind = OptimizerKind::SGD;
        if (static_cast<int>(slot.Schedule.Kind) < 0 || slot.Schedule.Kind >= ScheduleKind::Count) slot.Schedule.Kind = ScheduleKind::Constant;
        slot.Batch = std::clamp(slot.Batch, 1, 1 << 30);
    }
}

void OptimizersView::Draw(ViewContext& ctx)
{
    // Update, then draw.
    SanitizeState();
    UpdatePlayback(ctx.Keys);
    UpdateSurface();
    UpdateRuns();
    UpdateSeries();

    const float font = ImGui::GetFontSize();
    // Embed mode with controls=0: the pictures take the whole panel.
    if (ctx.ShowControls) {
        ImGui::BeginChild("controls", ImVec2(font * 13.0f, 0.0f), false);
        DrawControls();
        ImGui::EndChild();
        ImGui::SameLine();
    }
    ImGui::BeginChild("pictures", ImVec2(0.0f, 0.0f), false);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // Without controls (a still figure) the playback bar goes too; the keys still step.
    const float bar_h = ctx.ShowControls ? ImGui::GetFrameHeightWithSpacing() * 2.0f : 0.0f;
    // Wide panels put the charts beside the surface, narrow ones below it (scrolling).
    const bool wide = avail.x > font * 40.0f && avail.x > avail.y * 1.2f;
    // Below the picture: two legend lines and the preset's explanation.
    const float side = wide ? std::max(font * 12.0f, std::min(avail.x * 0.58f, avail.y - bar_h - font * 6.5f))
                            : std::max(font * 12.0f, std::min(avail.x, avail.y - bar_h - font * 3.0f));
    const float top = ImGui::GetCursorScreenPos().y;
    ImGui::BeginGroup();
    if (ctx.ShowControls) {
        ImGui::PushItemWidth(side);
        DrawPlaybackBar();
        ImGui::PopItemWidth();
    }
    DrawCanvas(ctx, side);
    ImGui::EndGroup();
    if (wide) {
        ImGui::SameLine();
        ImGui::BeginGroup();
        DrawStatus();
        const float left = top + bar_h + side - ImGui::GetCursorScreenPos().y;
        DrawCharts(ImGui::GetContentRegionAvail().x, std::max(font * 8.0f, left * 0.5f - ImGui::GetStyle().ItemSpacing.y));
        ImGui::EndGroup();
    } else {
        DrawStatus();
        DrawCharts(avail.x, std::clamp(avail.x * 0.45f, font * 8.0f, font * 14.0f));
    }
    // The preset's explanation, while its surface is still the one on screen.
    const OptimPreset& preset = OptimPresets()[static_cast<std::size_t>(State.Preset)];
    if (preset.Surface == State.Surface) {
        ImGui::PushTextWrapPos(0.0f);
        // Core strings (labels, preset texts) are translated through the same table.
        ImGui::TextDisabled("%s", Tr(preset.Explanation.data()));
        ImGui::PopTextWrapPos();
    }
    ImGui::EndChild();
}

std::unique_ptr<TopicView> CreateOptimizersView()
{
    return std::make_unique<OptimizersView>();
}

} // namespace mlviz
