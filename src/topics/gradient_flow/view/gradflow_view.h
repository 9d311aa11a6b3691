// Gradient flow topic: state and shared drawing helpers of the view, split over
// gradflow_view.cpp (state, controls, scheduling), gradflow_charts_view.cpp (per-layer charts,
// histogram heatmap, loss) and gradflow_rnn_view.cpp (gradient through time).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "topics/gradient_flow/core/gradflow.h"
#include "topics/gradient_flow/core/gradflow_state.h"
#include "core/heatmap.h"
#include "topics/gradient_flow/core/rnn_grad.h"
#include "imgui.h"
#include "ui/plot.h"
#include "ui/view.h"

namespace mlviz {

// What a preset shows; the preset's state is core/gradflow_state.h's GradflowPresetState.
struct GradflowPreset {
    const char* Label;
    const char* Note; // what to look at, shown under the presets list
};
// In the interface language of the moment of the call (the pointers live as long as the program).
std::array<GradflowPreset, kGradflowPresetCount> GradflowPresets();

// What the charts draw: a finished pass and the training history up to it.
struct GradflowPicture {
    bool Valid = false;
    int Depth = 0;
    GradflowPassStats Stats;
    GradflowPassStats Initial; // the pass at step 0, drawn faintly once training moved on
    std::vector<double> Losses;
    ScalarGrid Histograms; // layer x bin, replicated for crisp cells
    std::uint64_t HistVersion = 0;
    double HistLo = 0.0, HistHi = 1.0, HistMax = 0.0; // value range; largest fraction (colour scale)
    bool HistPerLayer = false;
    int HistBins = 0, HistRepeat = 1;
    ScalarGrid GradHistory; // log10 gradient norm, step (columns, sampled) x layer
    std::uint64_t HistoryVersion = 0;
    double HistoryLo = 0.0, HistoryHi = 1.0;
    int HistorySteps = 0, HistoryColumns = 0, HistoryColRepeat = 1;
    bool HistoryWeights = false;
};

// The per-layer, loss and RNN charts: log10 values over layers or steps (ui/plot.h).
constexpr PlotFlags kGradflowLogPlot = PlotFlags_LogY | PlotFlags_IntegerX;

// Per-layer charts; each returns a clicked layer (0-based) or -1.
int DrawGradientChart(const GradflowPicture& p, const GradflowState& s, float height);
int DrawHistogramChart(ViewContext& ctx, int& slot, const GradflowPicture& p, const GradflowState& s, float height);
int DrawFractionsChart(const GradflowPicture& p, const GradflowState& s, float height);
int DrawStdChart(const GradflowPicture& p, const GradflowState& s, float height);
void DrawLossChart(const GradflowPicture& p, int target_steps, float height);
void DrawLayerReadout(const GradflowPicture& p, int layer);
// Builds the histogram grid of the model's current buffers into p.
void ComputeHistograms(const GradflowModel& m, bool per_layer, GradflowPicture& p);
// The step x layer heatmap of the runner's per-step gradient norms (nothing before step 1).
void ComputeGradHistory(const GradflowRunner& r, bool weights, GradflowPicture& p);
void DrawGradHistoryChart(ViewContext& ctx, int& slot, const GradflowPicture& p, float height);

// The RNN panel: its own runners, advanced within `budget_ms` per frame.
class RnnPanel {
public:
    void DrawControls(GradflowState& s);
    void Draw(GradflowState& s, double budget_ms);

private:
    void Rebuild(const GradflowState& s);
    static constexpr int kCurves = 4; // RNN, LSTM (b_f), GRU, LSTM (b_f = 0)
    std::vector<std::optional<RnnGradRunner>> Runners;
    GradflowState BuiltFor;
    bool Built = false;
    std::string Error;
};

} // namespace mlviz
