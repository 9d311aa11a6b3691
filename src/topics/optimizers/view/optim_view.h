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
#include "topics/optimizers/core/optim_series.h"
#include "topics/optimizers/core/optim_state.h"
#include "imgui.h"
#include "ui/plot.h"
#include "ui/playback_bar.h"
#include "ui/topic_view_base.h"
#include "ui/view.h"

namespace mlviz {

class OptimizersView final : public TopicViewOf<OptimizersState> {
public:
    OptimizersView();
    void Draw(ViewContext& ctx) override;

private:
    // optim_view.cpp
    void OnStateDecoded(const KeyValues& kv, std::vector<Message>& notices) override;
    void ApplyPreset(int index);
    void DrawPictures(ViewContext& ctx);
    RunConfig SlotConfig(int slot) const;
    void UpdateSurface();
    void UpdateRuns();
    void UpdateSeries();
    void ApplyPlayback(const PlaybackInput& in);
    void DrawPlaybackBar();
    void DrawStatus();
    // optim_controls_view.cpp
    void DrawControls();
    void DrawSurfaceControls();
    void DrawSlotList();
    void DrawSlotEditor(int slot);
    // optim_canvas_view.cpp
    void DrawCanvas(ViewContext& ctx, float side);
    std::string DrawArrows(const PlotFrame& f, float data_side); // returns the legend line
    void DrawCharts(float width, float height);

    const Trajectory* RunOf(int slot) const;
    int ShownIndex(const Trajectory& t) const; // index of the point at the playback step

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
    double SeriesGapFloor = 0.0; // the f* the log-gap series were computed with
    int HeatmapSlot = -1;
    double PlayClock = 0.0;
    int LastSteps = -1; // State.Steps of the previous frame
};

// Slot colours: the plot series palette.
ImU32 OptimSlotColor(int slot, float alpha = 1.0f);
// "Adam, lr 0.05" (plus the schedule when there is one).
std::string OptimSlotSummary(const OptimSlot& slot);

} // namespace mlviz
