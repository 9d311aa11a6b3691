// CNN building blocks view: what the tab panels (cb_*_view.cpp) share. Each panel updates its
// core only when its inputs changed (Update), spreads heavy work over frames (Advance: a slice of
// at most ~1.2 ms), draws its controls into the controls column and its pictures into the rest.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "imgui.h"
#include "topics/conv_blocks/core/conv2d_check.h"
#include "topics/conv_blocks/core/conv2d_textbook.h"
#include "topics/conv_blocks/core/conv3d.h"
#include "topics/conv_blocks/core/conv_blocks_state.h"
#include "topics/conv_blocks/core/efficientnet.h"
#include "topics/conv_blocks/core/inception.h"
#include "topics/conv_blocks/core/spp.h"
#include "ui/view.h"

namespace mlviz::nn {
class SeDigitsJob;
struct DigitsData;
} // namespace mlviz::nn

namespace mlviz {

// ---- drawing helpers (cb_draw.cpp) ---------------------------------------------------------

// A grid of cells drawn at the cursor (a title line above it); what the caller needs to add
// highlights afterwards and the cell under the mouse.
struct CellGrid {
    ImVec2 Origin{}; // top-left of cell (0, 0)
    float Cell = 0.0f;
    int Rows = 0, Cols = 0;
    int HoverY = -1, HoverX = -1;
    bool Clicked = false; // the hovered cell was clicked
    ImVec2 CellMin(int y, int x) const { return ImVec2(Origin.x + x * Cell, Origin.y + y * Cell); }
    bool Hovered() const { return HoverY >= 0; }
};

// Cell kinds: a value, a padding zero, a zero inserted by the construction (stride, dilation).
// Cropped: a computed value the construction throws away (drawn faint, without colour).
enum class CellKind { Value, Padding, Inserted, Cropped };

struct GridSpec {
    const char* Id = "";
    std::string Title;
    int Rows = 0, Cols = 0;
    float Cell = 20.0f;
    double Scale = 1.0; // |value| that gets the full colour
    std::function<double(int, int)> Value;
    std::function<CellKind(int, int)> Kind; // empty: every cell is a value
    std::function<bool(int, int)> Hidden;   // cells not computed yet (drawn empty)
};

CellGrid DrawCellGrid(const GridSpec& g);
// Outline of cells [y0, y0 + h) × [x0, x0 + w), clipped to the grid.
void OutlineCells(const CellGrid& g, int y0, int x0, int h, int w, ImU32 col, float thickness = 2.0f);
void TintCell(const CellGrid& g, int y, int x, ImU32 col);
// The width a grid of `cols` cells takes with its title (for laying out a row of grids).
float GridWidth(const GridSpec& g);
// A big operator sign ("⋆", "=", "→") vertically centred beside a row of grids of `height`.
void OperatorSign(const char* text, float height);

// Diverging colour for a value: blue (negative), the frame colour (0), red (positive); `scale`
// gets the full colour. Readable in both themes.
ImU32 ValueColor(double v, double scale);
// Highlight colours: 0 = the selected output, 1 = the inputs it reads, 2 = the kernel taps.
ImU32 HighlightColor(int which, float alpha = 1.0f);
// A heat colour for a value in [0, 1] (images, excitations).
ImU32 HeatColor(double t);

// "3", "−2.5", "0.125": short, with a real minus sign.
std::string Num(double v);
// "163 328": digits grouped by thin spaces.
std::string Thousands(std::int64_t v);
// "3.86 G", "128 M", "5.29 M", "928".
std::string Short(double v);

// Tab buttons (RF style: wrap in a narrow panel); returns true when the tab changed.
bool DrawTabButtons(int& tab, const char* const* names, int count);
// A table of text cells with a header row, columns fitted to their text.
void TextTable(const char* id, const std::vector<std::vector<std::string>>& rows, int highlight_row = -1);
// Red text for an error.
void ErrorText(const std::string& text);

// ---- q41: the explained convolution (cb_conv_view.cpp, cb_conv_grids.cpp) -------------------

struct ConvModel {
    bool Ok = false;
    std::string Error; // translated
    Conv2dProblem Problem;
    Conv2dGeometry Geo;
    Grid3 Y;                 // forward output, bias included
    Conv2dTextbook Book;     // ∂L/∂X as a full convolution, ∂L/∂W as a correlation
    double NnMaxDiff = -1.0; // max |nn core − textbook| over Y and every gradient (-1: not run)
};

// The channels drawn: output channel O, input channel C (in O's group), C' = C − group·C/g.
struct ConvFocus {
    int O = 0, C = 0, Cg = 0;
};
ConvFocus FocusOf(const ConvModel& m, const ConvBlocksState& s);
// Rows and columns of the grid the current pass computes (Y[o], ∂L/∂X[c] or ∂L/∂W[o, c']).
void ResultGridSize(const ConvModel& m, const ConvBlocksState& s, int& rows, int& cols);
// Draws the pass's grids in a row with the active cell's terms highlighted; a click on a result
// cell moves the step there. Returns the active cell (row-major index) or -1.
int DrawConvGrids(const ConvModel& m, ConvBlocksState& s, float max_height);

// ---- tab panels ------------------------------------------------------------------------------

class ConvPanel {
public:
    void Update(const ConvBlocksState& s);
    void Advance(); // the finite-difference check, a slice
    int TimelineCount(const ConvBlocksState& s) const;
    void DrawControls(ConvBlocksState& s);
    void Draw(const ViewContext& ctx, ConvBlocksState& s);
    ~ConvPanel();
    ConvPanel();

private:
    struct Impl;
    std::unique_ptr<Impl> P;
};

class Conv3dPanel {
public:
    void Update(const ConvBlocksState& s);
    int TimelineCount() const;
    void DrawControls(ConvBlocksState& s);
    void Draw(const ViewContext& ctx, ConvBlocksState& s);
    ~Conv3dPanel();
    Conv3dPanel();

private:
    struct Impl;
    std::unique_ptr<Impl> P;
};

class InceptionPanel {
public:
    void Update(const ConvBlocksState& s);
    void DrawControls(ConvBlocksState& s);
    void Draw(const ViewContext& ctx, const ConvBlocksState& s);
    ~InceptionPanel();
    InceptionPanel();

private:
    struct Impl;
    std::unique_ptr<Impl> P;
};

class SePanel {
public:
    void Update(ViewContext& ctx, const ConvBlocksState& s);
    void Advance(); // training, a slice
    void DrawControls(ConvBlocksState& s);
    void Draw(const ViewContext& ctx, ConvBlocksState& s);
    ~SePanel();
    SePanel();

private:
    struct Impl;
    std::unique_ptr<Impl> P;
};

class SppPanel {
public:
    void Update(const ConvBlocksState& s);
    void DrawControls(ConvBlocksState& s);
    void Draw(const ViewContext& ctx, ConvBlocksState& s);
    ~SppPanel();
    SppPanel();

private:
    struct Impl;
    std::unique_ptr<Impl> P;
};

class EfficientNetPanel {
public:
    void Update(const ConvBlocksState& s);
    void DrawControls(ConvBlocksState& s);
    void Draw(const ViewContext& ctx, const ConvBlocksState& s);
    ~EfficientNetPanel();
    EfficientNetPanel();

private:
    struct Impl;
    std::unique_ptr<Impl> P;
};

} // namespace mlviz
