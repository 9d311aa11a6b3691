// The five Haar-like feature types of Viola & Jones (2001) on an integral image, written as
// weighted rectangles the way OpenCV's cascades store them (a -1 rectangle over the whole feature
// plus +2 / +3 rectangles over its dark parts), and their response over every placement.
//
// A feature is a grid of equal cells (CellW x CellH pixels) at (X, Y):
//   EdgeX    2 x 1 cells: right - left              (-1 whole, +2 right half)
//   EdgeY    1 x 2 cells: bottom - top              (-1 whole, +2 bottom half)
//   LineX    3 x 1 cells: 2*middle - (left + right) (-1 whole, +3 middle third)
//   LineY    1 x 3 cells: 2*middle - (top + bottom) (-1 whole, +3 middle third)
//   Checker  2 x 2 cells: (top-right + bottom-left) - (top-left + bottom-right)
//                                                   (-1 whole, +2 top-right, +2 bottom-left)
// Response = sum of weight * rectangle sum (grey levels), optionally divided by the
// normalisation the cascade uses: sqrt(area * sum(p^2) - sum(p)^2) over the feature's box.
#pragma once
#include <string_view>
#include <vector>

#include "topics/classical_detectors/core/integral.h"

namespace mlviz {

enum class HaarFeatureKind { EdgeX, EdgeY, LineX, LineY, Checker, Count };

std::string_view HaarFeatureKindName(HaarFeatureKind k); // "edge_x", "edge_y", "line_x", "line_y", "checker"
bool HaarFeatureKindFromName(std::string_view name, HaarFeatureKind& out);
int HaarCellsX(HaarFeatureKind k);
int HaarCellsY(HaarFeatureKind k);

struct HaarFeature {
    HaarFeatureKind Kind = HaarFeatureKind::EdgeX;
    int X = 0, Y = 0;         // top-left, pixels
    int CellW = 4, CellH = 8; // >= 1

    IntRect Box() const { return {X, Y, CellW * HaarCellsX(Kind), CellH * HaarCellsY(Kind)}; }
};

struct WeightedRect {
    IntRect Rect;
    float Weight = 0.0f;
};

// 2 or 3 weighted rectangles as in OpenCV's cascade XML.
std::vector<WeightedRect> HaarFeatureRects(const HaarFeature& f);

struct HaarResponse {
    double Raw = 0.0;        // weighted sum, grey levels
    double Normaliser = 0.0; // sqrt(area * sqsum - sum^2) over the box (0 on a flat box)
    double Normalised = 0.0; // Raw / Normaliser, 0 when the box is flat
};

// Resizing by dragging the box's bottom-right corner to (px, py) (image pixels): the cell size
// whose box ends nearest that corner, keeping X, Y and the kind, at least 1 and at most max_cell
// pixels a cell, and with the box inside a width x height image.
struct HaarCellSize {
    int CellW = 1, CellH = 1;
};
HaarCellSize HaarCellsForCorner(const HaarFeature& f, double px, double py, int width, int height, int max_cell);

// Fails unless the feature's cells are >= 1 pixel and its box lies inside the image.
Result<HaarResponse> EvaluateHaarFeature(const IntegralImage& ii, const HaarFeature& f);

// Responses of the feature's shape at every placement: a (Height - box_h + 1) x (Width - box_w + 1)
// row-major map whose (x, y) holds the feature placed at (x, y). Rows [row_begin, row_end) are
// filled into `map` (sized by the caller with HaarMapWidth/Height), so the view can spread it.
int HaarMapWidth(const IntegralImage& ii, const HaarFeature& f); // <= 0: the feature does not fit
int HaarMapHeight(const IntegralImage& ii, const HaarFeature& f);
Result<bool> FillHaarResponseMap(const IntegralImage& ii, const HaarFeature& f, bool normalised, int row_begin, int row_end,
                                 std::vector<float>& map);

} // namespace mlviz
