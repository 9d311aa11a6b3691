// Gradient flow topic: a plot with a log10 y axis labelled in powers of ten (ui/plot.h's BeginPlot
// is linear), and number formatting with superscript exponents (2.31·10⁻¹²).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "core/ticks.h"
#include "topics/gradflow_view.h"

namespace mlviz {

namespace {

const char* const kSuperscripts[10] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};

ImU32 TextColor() { return ImGui::GetColorU32(ImGuiCol_Text); }

} // namespace

double SafeLog10(double v)
{
    return std::isfinite(v) && v > 0.0 ? std::log10(v) : std::nan("");
}

PlotFrame ReserveFrame(const char* id, ImVec2 size, const PlotRange& range, const char* title)
{
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    if (size.x <= 0.0f) size.x = std::max(avail.x + size.x, 50.0f);
    if (size.y <= 0.0f) size.y = std::max(avail.y + size.y, 50.0f);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    const float font = ImGui::GetFontSize();
    PlotFrame f;
    f.Range = range;
    f.Min = ImVec2(origin.x + font * 3.4f, origin.y + (title ? font * 1.5f : font * 0.5f));
    f.Max = ImVec2(origin.x + size.x - font * 0.6f, origin.y + size.y - font * 1.6f);
    if (f.Max.x - f.Min.x < 10.0f) f.Max.x = f.Min.x + 10.0f;
    if (f.Max.y - f.Min.y < 10.0f) f.Max.y = f.Min.y + 10.0f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(f.Min, f.Max, ImGui::GetColorU32(ImGuiCol_FrameBg), ImGui::GetStyle().FrameRounding);
    if (title) dl->AddText(ImVec2(f.Min.x, origin.y + font * 0.1f), TextColor(), title);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    f.Hovered = ImGui::IsItemHovered() && mouse.x >= f.Min.x && mouse.x <= f.Max.x && mouse.y >= f.Min.y && mouse.y <= f.Max.y;
    if (f.Hovered) f.ToWorld(mouse, f.MouseX, f.MouseY);
    return f;
}

void PowerOfTenLabel(int exponent, char* buf, int size)
{
    if (exponent == 0) { std::snprintf(buf, static_cast<std::size_t>(size), "1"); return; }
    if (exponent == 1) { std::snprintf(buf, static_cast<std::size_t>(size), "10"); return; }
    std::string s = "10";
    if (exponent < 0) s += "⁻";
    const std::string digits = std::to_string(std::abs(exponent));
    for (char d : digits) s += kSuperscripts[d - '0'];
    std::snprintf(buf, static_cast<std::size_t>(size), "%s", s.c_str());
}

void FormatNumber(double v, char* buf, int size)
{
    const auto n = static_cast<std::size_t>(size);
    if (!std::isfinite(v)) { std::snprintf(buf, n, "—"); return; }
    const double a = std::fabs(v);
    if (a == 0.0 || (a >= 1e-3 && a < 1e5)) { std::snprintf(buf, n, "%.4g", v); return; }
    int e = static_cast<int>(std::floor(std::log10(a)));
    double mant = v / std::pow(10.0, e);
    if (std::fabs(mant) >= 9.995) { mant /= 10.0; ++e; }   // "10.0·10⁻⁵" would read badly
    char pow10[32];
    PowerOfTenLabel(e, pow10, sizeof pow10);
    std::snprintf(buf, n, "%.2f·%s", mant, pow10);
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

PlotFrame BeginLog10Plot(const char* id, ImVec2 size, double xmin, double xmax, double log_lo, double log_hi,
                         const char* title)
{
    PlotFrame f = ReserveFrame(id, size, PlotRange{xmin, xmax, log_lo, log_hi}, title);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float font = ImGui::GetFontSize();
    const ImU32 faint = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.35f);

    // One tick per decade, thinned (1, 2, 5, 10, ... decades) so labels never overlap.
    const int max_ticks = std::max(2, static_cast<int>((f.Max.y - f.Min.y) / (font * 1.5f)));
    const double span = std::floor(log_hi) - std::ceil(log_lo);
    static const int kSteps[] = {1, 2, 5, 10, 20, 50, 100};
    int step = kSteps[0];
    for (int s : kSteps) {
        step = s;
        if (span / s + 1.0 <= max_ticks) break;
    }
    char buf[32];
    auto tick = [&](double y, const char* text) {
        const ImVec2 p = f.ToScreen(xmin, y);
        dl->AddLine(ImVec2(f.Min.x, p.y), ImVec2(f.Max.x, p.y), faint);
        const float w = ImGui::CalcTextSize(text).x;
        dl->AddText(ImVec2(f.Min.x - w - font * 0.3f, p.y - font * 0.5f), TextColor(), text);
    };
    // Less than two decades in view: 1, 2 and 5 x 10^k, written out alike (0.1, 0.2, 0.5).
    const bool fine = span < 2.0 && 3.0 * (span + 1.0) <= max_ticks;
    for (int e = static_cast<int>(std::floor(log_lo)); e <= static_cast<int>(std::ceil(log_hi)); ++e) {
        if (!fine) {
            if (e % step != 0 || e < log_lo || e > log_hi) continue;
            PowerOfTenLabel(e, buf, sizeof buf);
            tick(e, buf);
            continue;
        }
        for (double m : {1.0, 2.0, 5.0}) {
            const double y = e + std::log10(m);
            if (y < log_lo || y > log_hi) continue;
            FormatNumber(m * std::pow(10.0, e), buf, sizeof buf);
            tick(y, buf);
        }
    }
    const int xt = std::max(2, static_cast<int>((f.Max.x - f.Min.x) / (font * 3.5f)));
    for (double x : NiceTicks(xmin, xmax, xt)) {
        if (x != std::floor(x)) continue;
        const ImVec2 p = f.ToScreen(x, log_lo);
        dl->AddLine(ImVec2(p.x, f.Min.y), ImVec2(p.x, f.Max.y), faint);
        std::snprintf(buf, sizeof buf, "%d", static_cast<int>(x));
        const float w = ImGui::CalcTextSize(buf).x;
        dl->AddText(ImVec2(p.x - w * 0.5f, f.Max.y + font * 0.2f), TextColor(), buf);
    }
    dl->PushClipRect(f.Min, f.Max, true);
    return f;
}

} // namespace mlviz
