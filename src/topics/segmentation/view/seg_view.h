// Internal to the segmentation view (seg_*.cpp): the derived data every tab reads, and the
// drawing helpers the tabs share. The view (segmentation_view.cpp) owns one SegModel, brings it
// up to date at the start of each frame (only what the state's changes invalidate, heavy work
// sliced), then the tabs draw from it.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image.h"
#include "core/playback.h"
#include "imgui.h"
#include "topics/segmentation/core/segmentation_state.h"
#include "ui/image_textures.h"
#include "ui/view.h"

namespace mlviz {

// A texture made from the model, re-made and re-uploaded only when its key changes.
struct SegTexture {
    int Slot = -1;
    std::uint64_t Key = ~0ull;
    Image Pixels;
};

struct SegModel {
    // The scene and the prediction (perturbed, then painted).
    SegmentationState BuiltFor;
    bool Built = false;
    Message Error;
    Scene TheScene;
    LabelMap Base;              // the perturbed prediction, before the edits
    EditLayer Edits;            // the painted overlay
    std::string EditsFor = "~"; // the State.Edits text Edits was decoded from
    bool EditsOverflow = false; // the edits do not fit in a link (kept here, not in State)
    std::uint64_t EditsVersion = 0, PredEditsVersion = ~0ull;
    LabelMap Pred; // Base with the edits
    std::uint64_t SceneVersion = 0, PredVersion = 0;
    std::string Notice; // the last file drop's outcome
    double PlayClock = 0.0;
    bool PaintStroke = false; // the left button is held on the prediction
    double LastPaintX = 0.0, LastPaintY = 0.0;
    std::vector<int> CrowdIdsOfScene;
    std::vector<InstanceExtent> GtExtents; // COCO GT annotation id k + 1 is GtExtents[k]

    // Semantic (cheap: every frame the prediction changed).
    ConfusionMatrix Confusion;
    SemanticMetrics Semantic;
    std::optional<BoundaryF1> Boundary;
    float BoundaryFor = -1.0f;
    int BoundaryClassFor = -1;
    std::uint64_t BoundaryVersion = ~0ull;
    // The set of scenes (sliced).
    std::optional<SceneSetJob> Set;
    SceneSetConfig SetFor;
    bool SetStarted = false;

    // Panoptic.
    PanopticMap GtPanoptic, PredPanoptic;
    std::optional<PanopticResult> Panoptic;
    Message PanopticError;

    // COCO AP (sliced), and the curve at the slider's threshold.
    std::vector<ScoredInstance> Scored;
    std::optional<CocoEvaluation> Coco;
    std::uint64_t CocoFor = ~0ull; // PredVersion * 64 + type * 32 + px
    CocoPrCurve Curve;
    std::uint64_t CurveFor = ~0ull;
    std::vector<double> ApCurve; // AP at thresholds kSegIouMin + k * kSegIouStep (-1: undefined)
    std::uint64_t ApCurveFor = ~0ull;

    // U-Net and the skip demo.
    std::optional<UnetShapes> Unet;
    UnetConfig UnetFor;
    bool UnetBuilt = false;
    std::optional<SkipDemoResult> Skip;
    SkipDemoConfig SkipFor;
    std::uint64_t SkipScene = ~0ull;
    Message SkipError;

    // RoI.
    FeatureMap Features;
    int FeaturesSide = -1, FeaturesSeed = -1;
    std::optional<RoiAlignResult> Align;
    std::optional<RoiPoolResult> Pool;
    Message RoiError;
    int RoiDrag = -1, RoiDragCanvas = -1; // corner 0..3 (x1y1, x2y1, x1y2, x2y2) or 4 = the whole box
    int RoiHoverBin = -1;                 // output bin hovered last frame (highlighted on the maps)

    // Textures.
    SegTexture GtSemantic, GtInstance, GtPanopticTex, PredTex, ErrorTex, PanGt, PanPred, ApTex, SkipIn, SkipOut, SkipNone;
};

// ---- colours and textures (seg_draw.cpp) ---------------------------------------------------

enum class SegColoring { Semantic, Instance, Panoptic };
ImU32 SegClassColor(int cls, float alpha = 1.0f);   // void: near black
ImU32 SegInstanceColor(int id, float alpha = 1.0f); // distinct hues by id
Image SegLabelImage(const LabelMap& map, SegColoring coloring);
// Upload `make()` into `tex` when `key` changed; the texture id for ImDrawList::AddImage.
template <typename Make>
ImTextureID SegTextureOf(ViewContext& ctx, SegTexture& tex, std::uint64_t key, Make make)
{
    if (tex.Slot < 0) tex.Slot = ctx.Images->CreateSlot();
    if (tex.Key != key) {
        tex.Pixels = make();
        tex.Key = key;
    }
    return ctx.Images->Upload(tex.Slot, tex.Pixels, key, false);
}

// A canvas over a label map of w x h cells: the image, a frame, the hovered cell.
struct SegCanvas {
    ImVec2 Min, Max;
    float Cell = 1.0f; // screen pixels per cell
    bool Hovered = false;
    int HoverX = -1, HoverY = -1;  // the cell under the mouse
    double MouseX = 0, MouseY = 0; // in cells (continuous)
    ImVec2 At(double x, double y) const
    {
        return ImVec2(Min.x + static_cast<float>(x) * Cell, Min.y + static_cast<float>(y) * Cell);
    }
};
// Reserves width x (width * h / w), draws the texture (or a plain frame for a null one) and a
// caption above it when `caption` is not null.
SegCanvas DrawSegCanvas(const char* id, ImTextureID tex, int w, int h, float width, const char* caption);
// Lines along the borders between different (class, instance) cells of `map`.
void DrawSegOutlines(const SegCanvas& c, const LabelMap& map, ImU32 color, float thickness);
// Cell-covering box [x, y, w, h] in cells.
void DrawSegBox(const SegCanvas& c, const std::array<double, 4>& box, ImU32 color, float thickness);
// Text with a dark/light backing box, readable over any label colour.
void DrawSegTag(ImDrawList* dl, ImVec2 pos, ImU32 color, const char* text);
// "класс #id" for hover read-outs: "машина #3", "дорога", "пустота".
std::string SegCellText(const LabelMap& map, int x, int y);
const char* SegClassLabel(int cls); // translated class name, or "пустота" for void
// Colours with meaning, readable in both themes.
ImU32 SegGoodColor(float alpha = 1.0f);
ImU32 SegBadColor(float alpha = 1.0f);
ImU32 SegNeutralColor(float alpha = 1.0f);
// A number, or "—" when undefined.
std::string SegNumber(const std::optional<double>& v, const char* format = "%.3f");
void SegHelpMarker(const char* text);
// Tab buttons (a row of buttons: they draw fully on a figure's single frame too).
void DrawSegTabs(int& tab);
// A colour swatch and its label on one line.
void SegSwatch(ImU32 color, const char* label);

// ---- the tabs ------------------------------------------------------------------------------

void DrawSegSceneTab(SegmentationState& s, SegModel& m, ViewContext& ctx);
void DrawSegSemanticTab(SegmentationState& s, SegModel& m, ViewContext& ctx);
void DrawSegPanopticTab(SegmentationState& s, SegModel& m, ViewContext& ctx);
void DrawSegApTab(SegmentationState& s, SegModel& m, ViewContext& ctx);
void DrawSegUnetTab(SegmentationState& s, SegModel& m, ViewContext& ctx);
void DrawSegRoiTab(SegmentationState& s, SegModel& m, ViewContext& ctx);

// Controls column (seg_controls.cpp); true when the edits are to be cleared ("clear", "reset").
bool DrawSegControls(SegmentationState& s, const SegModel& m);
// Painting on the prediction canvas (seg_scene.cpp): applies the tool at the hovered cell.
bool SegPaint(SegmentationState& s, SegModel& m, const SegCanvas& c);

// The AP tab's IoU threshold as a timeline (core/playback.h) in steps of kSegIouStep: keys,
// buttons and the clock move it (seg_ap.cpp).
void ApplySegIouPlayback(SegmentationState& s, SegModel& m, const PlaybackInput& in);
void DrawSegIouPlayback(SegmentationState& s, SegModel& m);
// The scene tab's "save the masks" button has a fixed ID (a scope of its own, a ### label) so that
// tests can press it with ImGui::ActivateItemByID.
inline constexpr const char* kSegSaveMasksScope = "mlviz.segmentation.save";
inline constexpr const char* kSegSaveMasksLabelId = "###save_masks";

// After painting: encode the layer into State.Edits, or keep it in the model when it does not fit.
void StoreSegEdits(SegmentationState& s, SegModel& m);

} // namespace mlviz
