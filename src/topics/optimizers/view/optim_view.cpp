// Optimizer trajectories on loss surfaces (q60, 75, 78, 23, 77, 86, 58): up to six torch.optim
// optimizers side by side on a 2-D loss, computed incrementally and played back step by step.
// Controls: optim_controls_view.cpp; surface, trails, arrows and charts: optim_canvas_view.cpp.
#include "topics/optimizers/view/optim_view.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "topics/views.h"
#include "ui/topic_layout.h"

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

OptimizersView::OptimizersView() : TopicViewOf(OptimizersCodec())
{
    ApplyPreset(0);
}

void OptimizersView::ApplyPreset(int index)
{
    const float speed = State.Speed; // a viewing preference, kept across scenes
    State = OptimPresetState(index);
    State.Speed = speed;
}

void OptimizersView::OnStateDecoded(const KeyValues&, std::vector<Message>&)
{
    // The step was decoded for these iterations: "whole run shown" must not re-extend it.
    LastSteps = State.Steps;
    PlayClock = 0.0;
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
        ExtendOptimSeries(s, *t, floor_f);
    }
}

// Keys, buttons, the scrub slider and the clock all go through core/playback.h.
void OptimizersView::ApplyPlayback(const PlaybackInput& in)
{
    // Showing the whole run stays so when the run gets longer or shorter.
    if (State.Step == LastSteps && State.Steps != LastSteps) State.Step = State.Steps;
    LastSteps = State.Steps;
    PlaybackState p{State.Step, State.Playing, State.Speed, PlayClock};
    UpdatePlayback(p, State.Steps, in);
    State.Step = p.Step;
    State.Playing = p.Playing;
    PlayClock = p.Clock;
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
    PlaybackInput in;
    const PlaybackState shown{State.Step, State.Playing, State.Speed, PlayClock};
    DrawPlaybackButtons(shown, in);
    DrawPlaybackScrub(shown, State.Steps, Tr("шаг %d"), in);
    ApplyPlayback(in);
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

void OptimizersView::Draw(ViewContext& ctx)
{
    // Update, then draw: what the widgets change is read by the next frame's update.
    ClampOptimizersState(State);
    ApplyPlayback(PlaybackInputFromKeys(ctx));
    UpdateSurface();
    UpdateRuns();
    UpdateSeries();
    DrawTopicLayout(
        ctx, [&] { DrawControls(); }, [&] { DrawPictures(ctx); });
}

void OptimizersView::DrawPictures(ViewContext& ctx)
{
    const float font = ImGui::GetFontSize();
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
}

std::unique_ptr<TopicView> CreateOptimizersView()
{
    return std::make_unique<OptimizersView>();
}

} // namespace mlviz
