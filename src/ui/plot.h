// 2-D plots and canvases on ImGui's draw list: one world <-> screen transform, axes with
// nice ticks, clipped polylines and a hover read-out. Views never repeat this maths.
#pragma once
#include <span>

#include "imgui.h"

namespace mlviz {

struct PlotRange {
    double XMin = -1.0, XMax = 1.0, YMin = -1.0, YMax = 1.0;
};

// A rectangle on screen mapped to a world rectangle (y up).
struct PlotFrame {
    ImVec2 Min, Max;           // screen rectangle of the data area
    PlotRange Range;
    bool Hovered = false;      // mouse over the data area
    double MouseX = 0.0, MouseY = 0.0;   // world coordinates of the mouse when Hovered

    ImVec2 ToScreen(double x, double y) const;
    void ToWorld(ImVec2 p, double& x, double& y) const;
};

// Reserves `size` (negative components: fill available space), draws background, grid,
// ticks, the x = 0 and y = 0 axes and an optional title; the data area is inset for labels.
PlotFrame BeginPlot(const char* id, ImVec2 size, const PlotRange& range, const char* title);
// Ends clipping started by BeginPlot.
void EndPlot(const PlotFrame& frame);

// Polyline in world coordinates; non-finite points break the line instead of drawing garbage.
void PlotLine(const PlotFrame& f, std::span<const double> xs, std::span<const double> ys, ImU32 color, float thickness);
void PlotVerticalLine(const PlotFrame& f, double x, ImU32 color);
void PlotMarker(const PlotFrame& f, double x, double y, ImU32 color, float radius);

// Colours for several overlaid series, readable on the dark and light themes.
ImU32 SeriesColor(int index, float alpha = 1.0f);

} // namespace mlviz
