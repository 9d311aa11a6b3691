// Shared pieces of the receptive-field view: its state, the derived stack analysis, and the
// panels drawn by rf_view.cpp (controls, tabs), rf_stack_view.cpp (stacked grids),
// rf_table_view.cpp (layer table editor), rf_erf_view.cpp (effective receptive field) and
// rf_panels_view.cpp (padding and parameter panels).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/heatmap.h"
#include "ui/tr.h"
#include "core/image.h"
#include "topics/receptive_field/core/rf_erf.h"
#include "topics/receptive_field/core/rf_presets.h"
#include "topics/receptive_field/core/rf_state.h"
#include "imgui.h"
#include "ui/view.h"

namespace mlviz {

// The stack built from the state and its analysis, rebuilt only when the state's stack changes.
struct RfModel {
    RfStack Stack;
    std::optional<RfAnalysis> Analysis; // empty when the stack is invalid
    std::string Error;                  // the core's message when invalid
    int ErrorLayer = -1;                // index of the first invalid layer, -1 = input or none
    std::uint64_t Version = 0;

    int MapCount() const { return static_cast<int>(Stack.Layers.size()) + 1; }
};

// A unit of one map: map 0 is the input, map m > 0 the output of layer m - 1.
struct RfUnit {
    int Map = 0, Y = 0, X = 0;
    bool operator==(const RfUnit&) const = default;
};
// The selected unit, clamped to the current maps (the top map's centre by default).
RfUnit SelectedUnit(const ReceptiveFieldState& s, const RfModel& m);
// The layer the padding and parameter panels describe: the one producing the selected map.
int PanelLayer(const ReceptiveFieldState& s, const RfModel& m);

// Short text for a layer, e.g. "conv 3×3 /2 d2" (kernel, stride, dilation when not 1).
std::string RfLayerSummary(const RfLayer& l);
// "1 234 567" with thin spaces: parameter and MAC counts stay readable.
std::string GroupDigits(std::int64_t v);
// "15" or "15×7" for a pair that may differ.
std::string PairText(std::int64_t a, std::int64_t b);
std::string HalfText(double v); // "3" or "3.5"

// A small read-only table whose column widths come from its text, so that it is laid out
// right in its first frame (figures are rendered in one frame). rows[0] is the header.
void RfTextTable(const char* id, const std::vector<std::vector<std::string>>& rows);

// A label above a full-width widget (the controls column is narrow, Russian labels long).
void RfLabel(const char* text);

// Stacked grids with the selected unit's field; hover previews, click / tap selects.
class RfStackPicture {
public:
    void Draw(ViewContext& ctx, ReceptiveFieldState& s, const RfModel& m);

private:
    void UpdatePaths(const RfModel& m, RfUnit shown);
    void BuildImage(int map);

    std::uint64_t PathsModel = ~std::uint64_t(0);
    RfUnit PathsUnit{-1, -1, -1};
    RfPathCounts Paths;
    std::uint64_t PathsVersion = 0;
    std::vector<Image> Images;               // per map: lit cells of the field, RGBA
    std::vector<std::uint64_t> ImageVersion; // PathsVersion each image was built for
    std::vector<int> Slots;                  // ctx.Images slot per map
    bool HasHover = false;
    RfUnit Hover;
    std::uint64_t HoverModel = 0;
};

// Returns true when the table changed the stack.
bool DrawRfTable(ReceptiveFieldState& s, const RfModel& m);

// The effective receptive field of the selected unit, computed a little every frame.
class RfErfPanel {
public:
    void DrawControls(ReceptiveFieldState& s);
    void Draw(ViewContext& ctx, ReceptiveFieldState& s, const RfModel& m);

private:
    void Restart(const ReceptiveFieldState& s, const RfModel& m, RfUnit unit);
    void Advance();
    void BuildGrid();
    void UpdateSampleImage(RfPair size);
    void DrawHeatmap(ViewContext& ctx, float width, bool log_scale);
    void DrawProfile(float width);
    void DrawOnImage(ViewContext& ctx, float width, bool log_scale);

    // Inputs of the running job: restart when any changes.
    std::uint64_t JobModel = ~std::uint64_t(0);
    RfUnit JobUnit{-1, -1, -1};
    int JobWeights = -1, JobSeeds = -1, JobChannels = -1, JobSeed = -1;
    bool JobRelu = false;
    ErfJob Job;
    std::string JobError;
    int SeedsShown = -1; // Output().SeedsUsed + vanished when the grid was built
    bool DoneShown = false;
    ScalarGrid Grid;                        // ERF over the clipped theoretical field
    std::vector<double> ProfileX, ProfileY; // its mass per input column
    ValueRange GridRange;
    std::uint64_t GridVersion = 0;
    int HeatSlot = -1, OverlaySlot = -1, ImageSlot = -1;
    std::optional<Result<Image>> Sample; // decoded once
    Image Resized;                       // the sample cropped and resized to the input
    RfPair ResizedFor{0, 0};
    std::uint64_t ResizedVersion = 0;
    Image Overlay;                // the ERF as colour + opacity over the sample
    std::uint64_t OverlayFor = 0; // GridVersion it was built for
    bool OverlayLog = false;
    std::uint64_t OverlayVersion = 0;
};

void DrawRfPaddingPanel(ReceptiveFieldState& s, const RfModel& m);
void DrawRfParamsPanel(const ReceptiveFieldState& s, const RfModel& m);

} // namespace mlviz
