// Shared pieces of the losses view: one class per tab (controls, update, pictures), drawn by losses_view.cpp
// through DrawTopicLayout. Files: losses_softmax_view.cpp (logits, probabilities, gradient, the naive and
// log-sum-exp computations), losses_labels_view.cpp (sigmoid + MSE, BCE vs CE), losses_curves_view.cpp,
// losses_train_view.cpp (jobs, playback, controls), losses_train_draw.cpp (masks, metrics, curves) and
// losses_view_common.cpp (bars and number text).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/image.h"
#include "core/playback.h"
#include "imgui.h"
#include "topics/losses/core/losses_state.h"
#include "ui/plot.h"
#include "ui/view.h"

namespace mlviz {

// ---- common (losses_view_common.cpp) ----
// "0.1234", "2.3·10⁻¹²"; a non-finite value in words ("+∞ (переполнение …)", "не число (∞/∞ …)"), never "nan".
std::string LossesNumber(double v);
// Bars at x = 0..n−1 in a frame whose x range is [−0.5, n − 0.5]: `group` of `groups` side-by-side bars per
// class. Non-finite values draw a crossed full-height outline instead of a bar. With `labels`, the value is
// written over (or under) each bar when it fits. Bar `highlight` (if >= 0) gets `highlight_color`.
void LossesBars(const PlotFrame& f, std::span<const double> v, int group, int groups, ImU32 color, bool labels,
                int highlight = -1, ImU32 highlight_color = 0);
// The [lo, hi] range of a bar chart holding `v` (finite values; 0 always included), padded, at least `min_half`.
PlotRange LossesBarRange(std::span<const double> v, int n, double min_half, bool symmetric);
// The class index under the mouse in a bar frame, or −1.
int LossesHoveredBar(const PlotFrame& f, int n);
// A caption in the muted text colour, wrapped.
void LossesNote(const char* text);
// Widths of a row of `n` pictures with spacing, or the full width each when the row would be too narrow.
float LossesColumnWidth(int n, float min_width, bool& in_row);

// Russian keys of the training losses' names, in TrainLoss order (losses_train_view.cpp).
extern const char* const kTrainLossLabels[];

// ---- softmax tab ----
class LossesSoftmaxTab {
public:
    void Controls(LossesState& s);
    void Pictures(const ViewContext& ctx, LossesState& s);
    void Invalidate() { Valid = false; }

private:
    void Update(const LossesState& s);
    void DrawLogits(LossesState& s, float width, float height);
    void DrawComputation(const LossesState& s);
    void DrawMsePanel(const LossesState& s, float width, float height); // losses_labels_view.cpp
    void DrawLabelPanel(LossesState& s, float width, float height);     // losses_labels_view.cpp

    bool Valid = false;
    LossesState BuiltFor;
    Message Error;
    SoftmaxPanel Panel;     // in the chosen form and precision
    SoftmaxPanel Reference; // log-sum-exp in float64: what the naive form should have given
    SigmoidMsePanel Mse;
    LabelPanel Labels;
    std::vector<double> SweepZ, SweepCe, SweepMse, SweepBce; // |∂L/∂z_t| against z_t, other logits fixed
    double CeGradNow = 0.0;                                  // softmax CE's ∂L/∂z_t at the current logits, T = 1
    int Dragging = -1;                                       // the logit being dragged
    PlotRange DragRange;                                     // the bar range frozen while dragging
};

// ---- curves tab ----
class LossesCurvesTab {
public:
    void Controls(LossesState& s);
    void Pictures(const ViewContext& ctx, LossesState& s);
    void Invalidate() { Valid = false; }

private:
    void Update(const LossesState& s);
    void DrawPlot(LossesState& s, bool gradient, float width, float height);
    void DrawTable(const LossesState& s);

    bool Valid = false;
    CurveParams BuiltFor;
    Message Error;
    std::vector<double> Pt;
    std::array<std::vector<double>, kLossesCurveCount> Loss, Grad;
};

// ---- training tab ----
struct LossesShown {
    int Epoch = -1; // the epoch these were computed for
    bool HeldOut = false;
    std::vector<double> Probs; // p(foreground) per pixel
    SegMetrics Metrics;
    double OtherIoU = 0.0; // foreground IoU on the other image (held-out, or the training one)
    std::uint64_t Version = 0;
};

class LossesTrainTab {
public:
    // Restarts the jobs when their inputs changed, applies playback (keys, clock), trains within `budget_ms`
    // and brings the shown epoch's masks and metrics up to date.
    void Update(const ViewContext& ctx, LossesState& s, double budget_ms);
    void Controls(LossesState& s);
    void Pictures(const ViewContext& ctx, LossesState& s);
    void Invalidate();

private:
    int Trained() const; // epochs both jobs have run
    int ShownEpoch(const LossesState& s) const;
    void ApplyPlayback(LossesState& s, const PlaybackInput& in);
    bool Refresh(const LossesState& s); // true when something was recomputed
    void DrawPlayback(LossesState& s);
    void DrawMasks(const ViewContext& ctx, const LossesState& s); // losses_train_draw.cpp
    void DrawMetrics(const LossesState& s);                       // losses_train_draw.cpp
    void DrawHistories(LossesState& s);                           // losses_train_draw.cpp

    std::array<std::optional<TrainJob>, 2> Jobs;
    std::array<TrainConfig, 2> JobFor;
    Message Error;
    ToyImage HeldOutImage;
    PixelFeatures HeldOutFeatures;
    ToyConfig HeldOutFor;
    bool HeldOutValid = false;
    std::array<LossesShown, 2> Shown;
    double Clock = 0.0;
    double RefreshMs = 0.0; // what the last refresh took, kept out of the training budget
    std::array<int, 4> Slots = {-1, -1, -1, -1};
    std::array<Image, 4> Pictures_;
    std::array<std::uint64_t, 4> PictureVersion = {0, 0, 0, 0};
    std::uint64_t NextVersion = 1;
};

} // namespace mlviz
