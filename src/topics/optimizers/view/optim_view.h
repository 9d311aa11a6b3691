// Optimizer trajectories on loss surfaces (q60, 75, 78, 23, 77, 86, 58): declarations shared by
// optim_view.cpp (incremental runs, playback, URL state), optim_controls_view.cpp (the controls
// column) and optim_canvas_view.cpp (surface, trails, arrows, charts). The state struct and its
// URL codec are in core/optim_state.h.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/heatmap.h"
#include "ui/tr.h"
#include "topics/optimizers/core/optim_presets.h"
#include "topics/optimizers/core/optim_run.h"
#include "topics/optimizers/core/optim_state.h"
#include "imgui.h"
#include "ui/plot.h"
#include "ui/view.h"

namespace mlviz {

// A chart series of one run, appended to as the run grows.
struct OptimSeries {
    std::vector<double> Steps, LogGap, Loss, Lr;
    std::vector<double> SmoothLogGap, SmoothLoss;   // bias-corrected running means (EMA, 0.9)
    double EmaLogGap = 0.0, EmaLoss = 0.0, EmaWeight = 0.0;
};

class OptimizersView final : public TopicView {
public:
    OptimizersView();
    void Draw(ViewContext& ctx) override;
    std::string EncodeState() const override { return EncodeOptimizersState(State); }
    std::vector<Message> DecodeState(std::string_view fragment) override;

private:
    // optim_view.cpp
    void ApplyPreset(int index);
    void SanitizeState();
    RunConfig SlotConfig(int slot) const;
    void UpdateSurface();
    void UpdateRuns();
    void UpdateSeries();
    void UpdatePlayback(const PlaybackKeys& keys);
    void DrawPlaybackBar();
    void DrawStatus();
    // optim_controls_view.cpp
    void DrawControls();
    void DrawSurfaceControls();
    void DrawSlotList();
    void DrawSlotEditor(OptimSlot& slot);
    // optim_canvas_view.cpp
    void DrawCanvas(ViewContext& ctx, float side);
    std::string DrawArrows(const PlotFrame& f, float data_side);   // returns the legend line
    void DrawCharts(float width, float height);

    const Trajectory* RunOf(int slot) const;
    int ShownIndex(const Trajectory& t) const;   // index of the point at the playback step

    OptimizersState State;

    // Derived data, recomputed only when its inputs change.
    ScalarGrid Grid;
    std::uint64_t GridVersion = 0;
    bool GridValid = false;
    SurfaceKind GridSurface = SurfaceKind::Count;
    SurfaceParams GridFunction;
    AreaMinimum Minimum;
    std::array<std::optional<TrajectoryRunner>, kOptimSlots> Runners;
    std::array<std::string, kOptimSlots> SlotErrors;
    std::array<std::uint64_t, kOptimSlots> RunnerGeneration{};
    std::array<std::uint64_t, kOptimSlots> SeriesGeneration{};
    std::array<OptimSeries, kOptimSlots> Series;
    double SeriesGapFloor = 0.0;   // the f* the log-gap series were computed with
    int HeatmapSlot = -1;
    double PlayAccumulator = 0.0;
    int LastSteps = -1;            // State.Steps of the previous frame
};

// Slot colours: the plot series palette.
ImU32 OptimSlotColor(int slot, float alpha = 1.0f);
// "Adam, lr 0.05" (plus the schedule when there is one).
std::string OptimSlotSummary(const OptimSlot& slot);

} // namespace mlviz
