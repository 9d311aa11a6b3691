// 2-D plots and canvases on ImGui's draw list: one world <-> screen transform, axes with
// nice ticks (linear, or log10 labelled in powers of ten), clipped polylines and a hover read-out.
// Views never repeat this maths.
#pragma once
#include <span>
#include <string>
#include <vector>

#include "imgui.h"

namespace mlviz {

struct PlotRange {
    double XMin = -1.0, XMax = 1.0, YMin = -1.0, YMax = 1.0;
};

// A rectangle on screen mapped to a world rectangle (y up).
struct PlotFrame {
    ImVec2 Min, Max; // screen rectangle of the data area
    PlotRange Range;
    bool Hovered = false;              // mouse over the data area
    double MouseX = 0.0, MouseY = 0.0; // world coordinates of the mouse when Hovered

    ImVec2 ToScreen(double x, double y) const;
    void ToWorld(ImVec2 p, double& x, double& y) const;
};

// Options of BeginPlot and ReservePlot, combined with |.
enum PlotFlags_ {
    PlotFlags_None = 0,
    // The y axis is log10 of the values: Range.YMin/YMax, the points given to PlotLine and friends,
    // ToScreen's y and MouseY are all exponents (use SafeLog10). Ticks sit on decades and read
    // "10⁻⁵", "1", "10", "10²"; spans under two decades get 1, 2, 5 x 10ᵏ. Implies WideYLabels.
    PlotFlags_LogY = 1 << 0,
    // Ticks at integers only, labelled "%d", with no highlighted zero: for counts (layers, steps).
    PlotFlags_IntegerX = 1 << 1,
    // A wider column for the y labels (the one LogY uses), so charts stacked with log plots line up.
    PlotFlags_WideYLabels = 1 << 2,
};
using PlotFlags = int;

// Reserves `size` (negative components: fill available space), draws background, grid,
// ticks, the x = 0 and y = 0 axes and an optional title; the data area is inset for labels.
PlotFrame BeginPlot(const char* id, ImVec2 size, const PlotRange& range, const char* title, PlotFlags flags = PlotFlags_None);
// Ends clipping started by BeginPlot.
void EndPlot(const PlotFrame& frame);
// BeginPlot's layout alone (same margins, so charts line up): reserves the item, draws background
// and title, fills in the hover state; no grid, ticks or clipping, and no EndPlot. For pictures
// that label their own axes, such as heatmaps.
PlotFrame ReservePlot(const char* id, ImVec2 size, const PlotRange& range, const char* title, PlotFlags flags = PlotFlags_None);

// Polyline in world coordinates; non-finite points break the line instead of drawing garbage.
void PlotLine(const PlotFrame& f, std::span<const double> xs, std::span<const double> ys, ImU32 color, float thickness);
void PlotVerticalLine(const PlotFrame& f, double x, ImU32 color);
void PlotMarker(const PlotFrame& f, double x, double y, ImU32 color, float radius);

// Colours for several overlaid series, readable on the dark and light themes.
ImU32 SeriesColor(int index, float alpha = 1.0f);

// log10 of a positive finite value, NaN otherwise (PlotLine breaks the line there).
double SafeLog10(double v);
// log10 range covering the finite positive values (at least `min_span` decades), padded by 6 %
// each side; false when there is no such value.
bool Log10Range(std::span<const double> values, double min_span, double& lo, double& hi);
// "10⁻⁵", "1", "10", "10²" for an integer exponent.
void PowerOfTenLabel(int exponent, char* buf, int size);
// "0.1234", "2.31·10⁻¹²": plain digits for 10⁻³ <= |v| < 10⁵, a superscript exponent outside, "—"
// for non-finite values.
void FormatNumber(double v, char* buf, int size);

struct PlotTick {
    double Pos; // in axis units (for a log10 axis: the exponent)
    std::string Label;
};
// The ticks BeginPlot draws on a PlotFlags_LogY axis over [log_lo, log_hi] with room for
// `max_ticks` labels: one per decade, thinned to every 2, 5, 10, ... decades when crowded.
std::vector<PlotTick> Log10Ticks(double log_lo, double log_hi, int max_ticks);

} // namespace mlviz
