// Gradient flow topic: state and shared drawing helpers of the view, split over
// gradflow_view.cpp (state, controls, scheduling), gradflow_charts_view.cpp (per-layer charts,
// histogram heatmap, loss) and gradflow_rnn_view.cpp (gradient through time).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/gradflow.h"
#include "core/heatmap.h"
#include "core/rnn_grad.h"
#include "imgui.h"
#include "ui/plot.h"
#include "ui/view.h"

namespace mlviz {

// Everything the user can set: plain fields only, so a URL codec can be added later.
struct GradflowState {
    int Mode = 0;                 // 0: deep MLP, 1: RNN through time
    int Preset = 0;               // index into GradflowPresets(); -1 after a manual change
    // Network
    int Depth = 20, Width = 64;
    int Act = static_cast<int>(Activation::Sigmoid);
    float LeakySlope = 0.01f, EluAlpha = 1.0f, SwishBeta = 1.0f;
    bool GeluTanh = false;
    int Init = static_cast<int>(GradflowInit::XavierUniform);
    float InitStd = 1.0f;         // σ, or σ·√fan_in when InitStdPerFanIn
    bool InitStdPerFanIn = false;
    bool Bias = true;
    int ResidualEvery = 0;
    int Norm = 0;                 // GradflowNorm
    int NormAfter = 0;            // 0: before the activation, 1: after
    // Data
    int Dataset = 0, Batch = 256, Seed = 1;
    float Noise = 0.1f;
    // Training
    int Optimizer = 0;            // GradflowOptimizer
    float Lr = 0.1f;
    float Momentum = 0.9f;
    int Clip = 0;                 // GradflowClip
    float ClipMax = 1.0f;
    int TrainSteps = 0;           // updates to run; 0 = the network at initialisation
    int StepsPerClick = 100;
    // Pictures
    bool WeightGrads = false;     // ‖∂L/∂W_l‖ instead of ‖∂L/∂h_l‖
    bool HistPerLayer = false;    // each layer's histogram over its own mean ± 4 std
    int SelectedLayer = -1;       // read-out; -1 = none
    // RNN panel
    int RnnHidden = 32, RnnSteps = 50, RnnSeed = 1;
    float ForgetBias = 1.0f;
    bool RnnCompareZeroBias = true;   // also draw the LSTM with b_f = 0
    int RnnSelectedT = -1;
};

struct GradflowPreset {
    const char* Label;
    const char* Note;   // what to look at, shown under the presets list
    void (*Apply)(GradflowState&);
};
std::span<const GradflowPreset> GradflowPresets();

GradflowConfig GradflowConfigFromState(const GradflowState& s);
// True when the two states build the same network and data (training target aside).
bool SameGradflowModel(const GradflowState& a, const GradflowState& b);

// What the charts draw: a finished pass and the training history up to it.
struct GradflowPicture {
    bool Valid = false;
    int Depth = 0;
    GradflowPassStats Stats;
    GradflowPassStats Initial;    // the pass at step 0, drawn faintly once training moved on
    std::vector<double> Losses;
    ScalarGrid Histograms;        // layer x bin, replicated for crisp cells
    std::uint64_t HistVersion = 0;
    double HistLo = 0.0, HistHi = 1.0, HistMax = 0.0;   // value range; largest fraction (colour scale)
    bool HistPerLayer = false;
    int HistBins = 0, HistRepeat = 1;
    ScalarGrid GradHistory;       // log10 gradient norm, step (columns, sampled) x layer
    std::uint64_t HistoryVersion = 0;
    double HistoryLo = 0.0, HistoryHi = 1.0;
    int HistorySteps = 0, HistoryColumns = 0, HistoryColRepeat = 1;
    bool HistoryWeights = false;
};

// The layout of ui/plot.h's BeginPlot (same margins, so charts line up) without ticks or clipping:
// reserves the item, draws background and title, fills in the hover state.
PlotFrame ReserveFrame(const char* id, ImVec2 size, const PlotRange& range, const char* title);
// log10 of a positive finite value, NaN otherwise (PlotLine breaks the line there).
double SafeLog10(double v);
// A plot whose y axis is log10 of the values, ticks labelled as powers of ten (10⁻⁵).
// Same frame and clipping as BeginPlot; finish with EndPlot.
PlotFrame BeginLog10Plot(const char* id, ImVec2 size, double xmin, double xmax, double log_lo, double log_hi,
                         const char* title);
// log10 range covering the finite positive values (at least `min_span` decades), padded.
bool Log10Range(std::span<const double> values, double min_span, double& lo, double& hi);
// "10⁻⁵", "1", "10", "10²" for an integer exponent.
void PowerOfTenLabel(int exponent, char* buf, int size);
void FormatNumber(double v, char* buf, int size);

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
    static constexpr int kCurves = 4;   // RNN, LSTM (b_f), GRU, LSTM (b_f = 0)
    std::vector<std::optional<RnnGradRunner>> Runners;
    GradflowState BuiltFor;
    bool Built = false;
    std::string Error;
};

} // namespace mlviz
