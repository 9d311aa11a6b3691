// The classical-ML view's parts: one panel per tab (its derived data, updated only when its
// inputs change and advanced within a per-frame time budget, and its pictures), the controls
// column, and the drawing helpers they share (class colours, the scatter canvas with draggable
// blob handles and click-to-edit points, class histograms).
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image.h"
#include "imgui.h"
#include "topics/classical_ml/core/classical_ml_state.h"
#include "topics/classical_ml/core/cml_imbalance.h"
#include "topics/classical_ml/core/cml_projection.h"
#include "topics/classical_ml/core/cml_regions.h"
#include "ui/plot.h"
#include "ui/view.h"

namespace mlviz {

// Wall time left for the cores this frame (ImGui::GetTime() does not move within a frame).
class CmlDeadline {
public:
    explicit CmlDeadline(double ms)
        : End(std::chrono::steady_clock::now() + std::chrono::microseconds(static_cast<long long>(ms * 1000.0)))
    {
    }
    bool Passed() const { return std::chrono::steady_clock::now() >= End; }

private:
    std::chrono::steady_clock::time_point End;
};

// Colour of class k (the plot series colours, readable on both themes).
ImU32 CmlClassColor(int k, float alpha = 1.0f);
ImU32 CmlErrorTextColor();
// The PCA and LDA axes, and the forest and boosting curves.
ImU32 CmlPcaColor(float alpha = 1.0f);
ImU32 CmlLdaColor(float alpha = 1.0f);
ImVec4 CmlErrorColor();
// A class's name as shown ("класс 1" .. "класс 4").
std::string CmlClassName(int k);
// "1.23", "2.31·10⁻¹²" (plot.h FormatNumber) as a string.
std::string CmlNumber(double v);

// The world rectangle around the points (first two coordinates), padded and widened so that x
// and y have the same scale in a data area of `size` pixels.
PlotRange CmlSquareRange(const CmlDataset& data, ImVec2 size, double pad = 0.12);

// Points of a data set on a frame (first two coordinates): filled discs, or rings when hollow.
void CmlDrawPoints(const PlotFrame& f, const CmlDataset& d, float radius, float alpha, bool hollow = false);

// Mouse on the scatter canvas (the plot's own button): drags blob means and the ends of their 2σ
// ellipses' axes, and a click without a drag adds a point of the brush class or removes the
// point under it. Returns true when the state changed.
class CmlCanvasEditor {
public:
    // `data`: the points on show (edits index into the generated set through the state).
    // `blobs`: how many blob handles to draw (0: none); `edit_points`: clicks add and remove.
    bool Handle(const PlotFrame& f, ClassicalMlState& s, int blobs, bool edit_points, const CmlDataset* shown,
                const std::vector<int>* origin);
    bool Dragging() const { return Grip >= 0; }

private:
    int Grip = -1; // blob * 3 + (0 mean, 1 first axis, 2 second axis), -1 none
    bool Moved = false;
    bool Pressed = false;
    ImVec2 PressPos{};
    double OtherSigma = 1.0; // the axis not dragged keeps its length
};

// Per-class histogram of one projection on a plot.
void CmlDrawHistogram(const char* id, ImVec2 size, const CmlHistogram& h, const char* title);

// PCA vs LDA.
class CmlPcaPanel {
public:
    void Update(const ClassicalMlState& s);
    void Draw(ViewContext& ctx, ClassicalMlState& s);

private:
    void DrawPlane(ClassicalMlState& s, float side);
    void DrawOrbit(ClassicalMlState& s, float side);
    void DrawNumbers(const ClassicalMlState& s);
    struct Axis {
        std::vector<double> W; // unit direction
        double Between = 0.0, Within = 0.0, J = 0.0, VarianceShare = 0.0;
        bool HasJ = false;
    };
    Axis MakeAxis(std::vector<double> w) const;

    ClassicalMlState BuiltFor;
    bool Built = false;
    CmlDataset Data;
    std::vector<int> Origin;
    CmlScatter Scatter;
    Message Error, LdaError;
    std::optional<CmlPcaResult> Pca;
    std::optional<CmlLdaResult> Lda;
    std::vector<Axis> PcaAxes, LdaAxes;
    CmlHistogram PcaHist, LdaHist;
    CmlCanvasEditor Editor;
    bool Orbiting = false;
};

// Random forest vs gradient boosting on the same points.
class CmlEnsemblePanel {
public:
    // Restarts the jobs when their inputs changed, then grows trees and moves the regions to
    // the shown step until the deadline.
    void Update(const ClassicalMlState& s, const CmlDeadline& deadline);
    void Draw(ViewContext& ctx, ClassicalMlState& s);
    int TreesShown(const ClassicalMlState& s, bool boosting) const;
    bool Busy() const;
    double Progress() const;

private:
    void Restart(const ClassicalMlState& s);
    void DrawMap(ViewContext& ctx, ClassicalMlState& s, bool boosting, float side);
    void DrawCurves(const ClassicalMlState& s, bool loss, ImVec2 size);
    // The tree inspected at x: its index (forest tree or boosting stage) and, for boosting with
    // several classes, the output whose tree it is.
    const CmlTree* InspectedTree(const ClassicalMlState& s, bool boosting, const double* x, int& index, int& output) const;
    void DrawLeafCell(const PlotFrame& f, const CmlTree& tree, const double* x) const;
    std::string PathText(const ClassicalMlState& s, bool boosting, const double* x) const;
    void UpdateImage(bool boosting);

    ClassicalMlState BuiltFor;
    bool Built = false;
    Message Error;
    CmlDataset Train, Test;
    std::vector<int> Origin;
    CmlGridSpec Grid;
    CmlForestJob Forest;
    CmlBoostingJob Boosting;
    CmlRegionJob ForestRegions, BoostRegions; // read the jobs above only inside Step
    Image Images[2];
    std::uint64_t ImageVersion[2] = {~0ull, ~0ull};
    int Slots[2] = {-1, -1};
    CmlCanvasEditor Editors[2];
    int Target[2] = {0, 0}; // trees the regions should show: forest, boosting
};

// Class imbalance: resampling, a logistic regression retrained live, the metrics.
class CmlImbalancePanel {
public:
    void Update(const ClassicalMlState& s, const CmlDeadline& deadline);
    void Draw(ViewContext& ctx, ClassicalMlState& s);
    bool Busy() const { return Started && !Job.Done(); }

private:
    void DrawScatter(ViewContext& ctx, ClassicalMlState& s, float side);
    void DrawMetrics(const ClassicalMlState& s, float width);
    void DrawCurves(const ClassicalMlState& s, ImVec2 size);
    void UpdateBoundary(const ClassicalMlState& s);

    ClassicalMlState BuiltFor;
    bool Built = false, Started = false;
    Message Error;
    CmlImbalanceJob Job;
    CmlGridSpec Grid;
    PlotRange Range;
    std::vector<double> Probability; // Grid cells, once the model is done
    bool ProbabilityReady = false;
    double BoundaryFor = -1.0;
    std::vector<CmlSegment> Boundary;
    Image Shade;
    std::uint64_t ShadeVersion = 0;
    int Slot = -1;
    CmlCanvasEditor Editor;
};

// The controls column of each tab.
void DrawCmlControls(ClassicalMlState& s);

} // namespace mlviz
