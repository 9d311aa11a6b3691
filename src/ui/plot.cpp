#include "ui/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

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

const char* const kSuperscripts[10] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};

void FormatTick(char* buf, std::size_t n, double v, double step)
{
    if (std::fabs(v) >= 1e4 || (step < 1e-3 && v != 0.0))
        std::snprintf(buf, n, "%.0e", v);
    else if (step >= 1.0)
        std::snprintf(buf, n, "%.0f", v);
    else if (step >= 0.1)
        std::snprintf(buf, n, "%.1f", v);
    else if (step >= 0.01)
        std::snprintf(buf, n, "%.2f", v);
    else
        std::snprintf(buf, n, "%.3f", v);
}

void DrawXTicks(const PlotFrame& f, PlotFlags flags)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float font = ImGui::GetFontSize();
    const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 faint = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.35f);
    const ImU32 axis = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.9f);
    const bool integer = (flags & PlotFlags_IntegerX) != 0;
    // Integer labels are short, so they can stand closer.
    const int xt = std::max(2, static_cast<int>((f.Max.x - f.Min.x) / (font * (integer ? 3.5f : 5.0f))));
    const double xstep = NiceStep(f.Range.XMax - f.Range.XMin, xt);
    char buf[32];
    for (double x : NiceTicks(f.Range.XMin, f.Range.XMax, xt)) {
        if (integer && x != std::floor(x)) continue;
        const ImVec2 p = f.ToScreen(x, f.Range.YMin);
        dl->AddLine(ImVec2(p.x, f.Min.y), ImVec2(p.x, f.Max.y), x == 0.0 && !integer ? axis : faint);
        if (integer)
            std::snprintf(buf, sizeof buf, "%d", static_cast<int>(x));
        else
            FormatTick(buf, sizeof buf, x, xstep);
        const float w = ImGui::CalcTextSize(buf).x;
        dl->AddText(ImVec2(p.x - w * 0.5f, f.Max.y + font * 0.2f), text_col, buf);
    }
}

void DrawYTick(const PlotFrame& f, double y, const char* label, ImU32 line_col)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float font = ImGui::GetFontSize();
    const ImVec2 p = f.ToScreen(f.Range.XMin, y);
    dl->AddLine(ImVec2(f.Min.x, p.y), ImVec2(f.Max.x, p.y), line_col);
    const float w = ImGui::CalcTextSize(label).x;
    dl->AddText(ImVec2(f.Min.x - w - font * 0.3f, p.y - font * 0.5f), ImGui::GetColorU32(ImGuiCol_Text), label);
}

void DrawYTicks(const PlotFrame& f, PlotFlags flags)
{
    const float font = ImGui::GetFontSize();
    const ImU32 faint = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.35f);
    if (flags & PlotFlags_LogY) {
        // log10(1) = 0 is no axis: every decade line is alike.
        const int max_ticks = std::max(2, static_cast<int>((f.Max.y - f.Min.y) / (font * 1.5f)));
        for (const PlotTick& t : Log10Ticks(f.Range.YMin, f.Range.YMax, max_ticks)) DrawYTick(f, t.Pos, t.Label.c_str(), faint);
        return;
    }
    const ImU32 axis = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.9f);
    const int yt = std::max(2, static_cast<int>((f.Max.y - f.Min.y) / (font * 2.5f)));
    const double ystep = NiceStep(f.Range.YMax - f.Range.YMin, yt);
    char buf[32];
    for (double y : NiceTicks(f.Range.YMin, f.Range.YMax, yt)) {
        FormatTick(buf, sizeof buf, y, ystep);
        DrawYTick(f, y, buf, y == 0.0 ? axis : faint);
    }
}

} // namespace

PlotFrame ReservePlot(const char* id, ImVec2 size, const PlotRange& range, const char* title, PlotFlags flags)
{
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (size.x <= 0.0f) size.x = std::max(avail.x + size.x, 50.0f);
    if (size.y <= 0.0f) size.y = std::max(avail.y + size.y, 50.0f);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);

    const float font = ImGui::GetFontSize();
    // Powers of ten with superscript exponents ("10⁻¹²") need a little more room than plain ticks.
    const float left = (flags & (PlotFlags_LogY | PlotFlags_WideYLabels)) ? 3.4f : 3.2f;
    PlotFrame f;
    f.Range = range;
    f.Min = ImVec2(origin.x + font * left, origin.y + (title ? font * 1.5f : font * 0.5f));
    f.Max = ImVec2(origin.x + size.x - font * 0.6f, origin.y + size.y - font * 1.6f);
    if (f.Max.x - f.Min.x < 10.0f) f.Max.x = f.Min.x + 10.0f;
    if (f.Max.y - f.Min.y < 10.0f) f.Max.y = f.Min.y + 10.0f;

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(f.Min, f.Max, ImGui::GetColorU32(ImGuiCol_FrameBg), ImGui::GetStyle().FrameRounding);
    if (title) dl->AddText(ImVec2(f.Min.x, origin.y + font * 0.1f), ImGui::GetColorU32(ImGuiCol_Text), title);

    const ImVec2 mouse = ImGui::GetIO().MousePos;
    f.Hovered = ImGui::IsItemHovered() && mouse.x >= f.Min.x && mouse.x <= f.Max.x && mouse.y >= f.Min.y && mouse.y <= f.Max.y;
    if (f.Hovered) f.ToWorld(mouse, f.MouseX, f.MouseY);
    return f;
}

PlotFrame BeginPlot(const char* id, ImVec2 size, const PlotRange& range, const char* title, PlotFlags flags)
{
    const PlotFrame f = ReservePlot(id, size, range, title, flags);
    DrawXTicks(f, flags);
    DrawYTicks(f, flags);
    ImGui::GetWindowDrawList()->PushClipRect(f.Min, f.Max, true);
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
    static const ImU32 kColors[] = {IM_COL32(78, 121, 167, 255),  IM_COL32(242, 142, 43, 255),  IM_COL32(225, 87, 89, 255),
                                    IM_COL32(118, 183, 178, 255), IM_COL32(89, 161, 79, 255),   IM_COL32(237, 201, 72, 255),
                                    IM_COL32(176, 122, 161, 255), IM_COL32(255, 157, 167, 255), IM_COL32(156, 117, 95, 255),
                                    IM_COL32(186, 176, 172, 255)};
    ImU32 c = kColors[static_cast<unsigned>(index) % 10];
    const ImU32 a = static_cast<ImU32>(alpha * 255.0f + 0.5f);
    return (c & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

double SafeLog10(double v)
{
    return std::isfinite(v) && v > 0.0 ? std::log10(v) : std::nan("");
}

bool Log10Range(std::span<const double> values, double min_span, double& lo, double& hi)
{
    lo = std::numeric_limits<double>::infinity();
    hi = -lo;
    for (double v : values) {
        const double l = SafeLog10(v);
        if (std::isnan(l)) continue;
        lo = std::min(lo, l);
        hi = std::max(hi, l);
    }
    if (!(lo <= hi)) return false;
    if (hi - lo < min_span) {
        const double mid = 0.5 * (lo + hi);
        lo = mid - 0.5 * min_span;
        hi = mid + 0.5 * min_span;
    }
    const double pad = 0.06 * (hi - lo);
    lo -= pad;
    hi += pad;
    return true;
}

void PowerOfTenLabel(int exponent, char* buf, int size)
{
    if (exponent == 0) {
        std::snprintf(buf, static_cast<std::size_t>(size), "1");
        return;
    }
    if (exponent == 1) {
        std::snprintf(buf, static_cast<std::size_t>(size), "10");
        return;
    }
    std::string s = "10";
    if (exponent < 0) s += "⁻";
    const std::string digits = std::to_string(std::abs(exponent));
    for (char d : digits) s += kSuperscripts[d - '0'];
    std::snprintf(buf, static_cast<std::size_t>(size), "%s", s.c_str());
}

void FormatNumber(double v, char* buf, int size)
{
    const auto n = static_cast<std::size_t>(size);
    if (!std::isfinite(v)) {
        std::snprintf(buf, n, "—");
        return;
    }
    const double a = std::fabs(v);
    if (a == 0.0 || (a >= 1e-3 && a < 1e5)) {
        std::snprintf(buf, n, "%.4g", v);
        return;
    }
    int e = static_cast<int>(std::floor(std::log10(a)));
    double mant = v / std::pow(10.0, e);
    if (std::fabs(mant) >= 9.995) {
        mant /= 10.0;
        ++e;
    } // "10.0·10⁻⁵" would read badly
    char pow10[32];
    PowerOfTenLabel(e, pow10, sizeof pow10);
    std::snprintf(buf, n, "%.2f·%s", mant, pow10);
}

std::vector<PlotTick> Log10Ticks(double log_lo, double log_hi, int max_ticks)
{
    std::vector<PlotTick> ticks;
    // One tick per decade, thinned (1, 2, 5, 10, ... decades) so labels never overlap.
    const double span = std::floor(log_hi) - std::ceil(log_lo);
    static const int kSteps[] = {1, 2, 5, 10, 20, 50, 100};
    int step = kSteps[0];
    for (int s : kSteps) {
        step = s;
        if (span / s + 1.0 <= max_ticks) break;
    }
    // Less than two decades in view: 1, 2 and 5 x 10^k, written out alike (0.1, 0.2, 0.5).
    const bool fine = span < 2.0 && 3.0 * (span + 1.0) <= max_ticks;
    char buf[32];
    for (int e = static_cast<int>(std::floor(log_lo)); e <= static_cast<int>(std::ceil(log_hi)); ++e) {
        if (!fine) {
            if (e % step != 0 || e < log_lo || e > log_hi) continue;
            PowerOfTenLabel(e, buf, sizeof buf);
            ticks.push_back({static_cast<double>(e), buf});
            continue;
        }
        for (double m : {1.0, 2.0, 5.0}) {
            const double y = e + std::log10(m);
            if (y < log_lo || y > log_hi) continue;
            if (e >= -3 && e < 5) {
                FormatNumber(m * std::pow(10.0, e), buf, sizeof buf);
            } else { // short labels for large and small values ("2·10¹¹", not "2.00·10¹¹"): the margin is narrow
                char pow10[24];
                PowerOfTenLabel(e, pow10, sizeof pow10);
                if (m == 1.0)
                    std::snprintf(buf, sizeof buf, "%s", pow10);
                else
                    std::snprintf(buf, sizeof buf, "%d·%s", static_cast<int>(m), pow10);
            }
            ticks.push_back({y, buf});
        }
    }
    return ticks;
}

} // namespace mlviz
