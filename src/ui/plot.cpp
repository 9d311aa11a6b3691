#include "ui/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/ticks.h"

namespace mlviz {

ImVec2 PlotFrame::ToScreen(double x, double y) const
{
    const double u = (x - Range.XMin) / (Range.XMax - Range.XMin);
    const double v = (y - Range.YMin) / (Range.YMax - Range.YMin);
    return {static_cast<float>(Min.x + u * (Max.x - Min.x)), static_cast<float>(Max.y - v * (Max.y - Min.y))};
}

void PlotFrame::ToWorld(ImVec2 p, double& x, double& y) const
{
    x = Range.XMin + (p.x - Min.x) / static_cast<double>(Max.x - Min.x) * (Range.XMax - Range.XMin);
    y = Range.YMin + (Max.y - p.y) / static_cast<double>(Max.y - Min.y) * (Range.YMax - Range.YMin);
}

namespace {

void FormatTick(char* buf, std::size_t n, double v, double step)
{
    if (std::fabs(v) >= 1e4 || (step < 1e-3 && v != 0.0)) std::snprintf(buf, n, "%.0e", v);
    else if (step >= 1.0) std::snprintf(buf, n, "%.0f", v);
    else if (step >= 0.1) std::snprintf(buf, n, "%.1f", v);
    else if (step >= 0.01) std::snprintf(buf, n, "%.2f", v);
    else std::snprintf(buf, n, "%.3f", v);
}

} // namespace

PlotFrame BeginPlot(const char* id, ImVec2 size, const PlotRange& range, const char* title)
{
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (size.x <= 0.0f) size.x = std::max(avail.x + size.x, 50.0f);
    if (size.y <= 0.0f) size.y = std::max(avail.y + size.y, 50.0f);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);

    const ImGuiStyle& style = ImGui::GetStyle();
    const float font = ImGui::GetFontSize();
    PlotFrame f;
    f.Range = range;
    f.Min = ImVec2(origin.x + font * 3.2f, origin.y + (title ? font * 1.5f : font * 0.5f));
    f.Max = ImVec2(origin.x + size.x - font * 0.6f, origin.y + size.y - font * 1.6f);
    if (f.Max.x - f.Min.x < 10.0f) f.Max.x = f.Min.x + 10.0f;
    if (f.Max.y - f.Min.y < 10.0f) f.Max.y = f.Min.y + 10.0f;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 faint = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.35f);
    const ImU32 axis = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.9f);
    dl->AddRectFilled(f.Min, f.Max, ImGui::GetColorU32(ImGuiCol_FrameBg), style.FrameRounding);
    if (title) dl->AddText(ImVec2(f.Min.x, origin.y + font * 0.1f), text_col, title);

    char buf[32];
    const int xt = std::max(2, static_cast<int>((f.Max.x - f.Min.x) / (font * 5.0f)));
    const int yt = std::max(2, static_cast<int>((f.Max.y - f.Min.y) / (font * 2.5f)));
    const double xstep = NiceStep(range.XMax - range.XMin, xt);
    for (double x : NiceTicks(range.XMin, range.XMax, xt)) {
        const ImVec2 p = f.ToScreen(x, range.YMin);
        dl->AddLine(ImVec2(p.x, f.Min.y), ImVec2(p.x, f.Max.y), x == 0.0 ? axis : faint);
        FormatTick(buf, sizeof buf, x, xstep);
        const float w = ImGui::CalcTextSize(buf).x;
        dl->AddText(ImVec2(p.x - w * 0.5f, f.Max.y + font * 0.2f), text_col, buf);
    }
    const double ystep = NiceStep(range.YMax - range.YMin, yt);
    for (double y : NiceTicks(range.YMin, range.YMax, yt)) {
        const ImVec2 p = f.ToScreen(range.XMin, y);
        dl->AddLine(ImVec2(f.Min.x, p.y), ImVec2(f.Max.x, p.y), y == 0.0 ? axis : faint);
        FormatTick(buf, sizeof buf, y, ystep);
        const float w = ImGui::CalcTextSize(buf).x;
        dl->AddText(ImVec2(f.Min.x - w - font * 0.3f, p.y - font * 0.5f), text_col, buf);
    }

    const ImVec2 mouse = ImGui::GetIO().MousePos;
    f.Hovered = ImGui::IsItemHovered() && mouse.x >= f.Min.x && mouse.x <= f.Max.x && mouse.y >= f.Min.y && mouse.y <= f.Max.y;
    if (f.Hovered) f.ToWorld(mouse, f.MouseX, f.MouseY);
    dl->PushClipRect(f.Min, f.Max, true);
    return f;
}

void EndPlot(const PlotFrame&)
{
    ImGui::GetWindowDrawList()->PopClipRect();
}

void PlotLine(const PlotFrame& f, std::span<const double> xs, std::span<const double> ys, ImU32 color, float thickness)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const std::size_t n = xs.size() < ys.size() ? xs.size() : ys.size();
    // Values far outside the frame are clamped so ImGui never sees huge coordinates.
    const double span_y = f.Range.YMax - f.Range.YMin;
    const double lo = f.Range.YMin - 10.0 * span_y, hi = f.Range.YMax + 10.0 * span_y;
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) {
            dl->PathStroke(color, 0, thickness);
            continue;
        }
        const double y = ys[i] < lo ? lo : (ys[i] > hi ? hi : ys[i]);
        dl->PathLineTo(f.ToScreen(xs[i], y));
    }
    dl->PathStroke(color, 0, thickness);
}

void PlotVerticalLine(const PlotFrame& f, double x, ImU32 color)
{
    const ImVec2 p = f.ToScreen(x, f.Range.YMin);
    ImGui::GetWindowDrawList()->AddLine(ImVec2(p.x, f.Min.y), ImVec2(p.x, f.Max.y), color);
}

void PlotMarker(const PlotFrame& f, double x, double y, ImU32 color, float radius)
{
    if (!std::isfinite(x) || !std::isfinite(y)) return;
    ImGui::GetWindowDrawList()->AddCircleFilled(f.ToScreen(x, y), radius, color);
}

ImU32 SeriesColor(int index, float alpha)
{
    // Tableau-10: distinct, colour-blind-friendlier than HSV steps.
    static const ImU32 kColors[] = {
        IM_COL32(78, 121, 167, 255), IM_COL32(242, 142, 43, 255), IM_COL32(225, 87, 89, 255),
        IM_COL32(118, 183, 178, 255), IM_COL32(89, 161, 79, 255), IM_COL32(237, 201, 72, 255),
        IM_COL32(176, 122, 161, 255), IM_COL32(255, 157, 167, 255), IM_COL32(156, 117, 95, 255),
        IM_COL32(186, 176, 172, 255)};
    ImU32 c = kColors[static_cast<unsigned>(index) % 10];
    const ImU32 a = static_cast<ImU32>(alpha * 255.0f + 0.5f);
    return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

} // namespace mlviz
