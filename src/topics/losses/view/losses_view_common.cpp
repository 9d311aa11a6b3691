// Losses view: bar charts and number text shared by the tabs.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "topics/losses/view/losses_view.h"
#include "ui/tr.h"

namespace mlviz {

std::string LossesNumber(double v)
{
    // Not the letters "NaN": the learner reads what happened, in words.
    if (std::isnan(v)) return Tr("не число (∞/∞, 0/0 или ∞ − ∞)");
    if (!std::isfinite(v)) return Tr(DescribeNumber(v));
    char buf[64];
    FormatNumber(v, buf, sizeof buf);
    return buf;
}

void LossesBars(const PlotFrame& f, std::span<const double> v, int group, int groups, ImU32 color_all, bool labels, int highlight,
                ImU32 highlight_color)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const double slot = 0.8 / std::max(groups, 1);
    const float font = ImGui::GetFontSize();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    for (std::size_t k = 0; k < v.size(); ++k) {
        const double x0 = static_cast<double>(k) - 0.4 + slot * group, x1 = x0 + slot;
        const ImU32 color = static_cast<int>(k) == highlight ? highlight_color : color_all;
        if (!std::isfinite(v[k])) {
            // Overflowed: an outline over the whole height, crossed, so nothing pretends to be a value.
            const ImVec2 a = f.ToScreen(x0, f.Range.YMax), b = f.ToScreen(x1, f.Range.YMin);
            dl->AddRect(a, b, color, 0.0f, 0, 1.5f);
            dl->AddLine(a, b, color, 1.5f);
            dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, a.y), color, 1.5f);
            continue;
        }
        const double y = std::clamp(v[k], f.Range.YMin, f.Range.YMax);
        const double base = std::clamp(0.0, f.Range.YMin, f.Range.YMax);
        ImVec2 a = f.ToScreen(x0, std::max(y, base)), b = f.ToScreen(x1, std::min(y, base));
        if (b.y - a.y < 1.0f) b.y = a.y + 1.0f;
        dl->AddRectFilled(a, b, color);
        if (!labels) continue;
        char buf[32];
        FormatNumber(v[k], buf, sizeof buf);
        const ImVec2 size = ImGui::CalcTextSize(buf);
        if (size.x > (b.x - a.x) + font * 1.2f) continue; // no room: the hover read-out has it
        const float cx = 0.5f * (a.x + b.x) - 0.5f * size.x;
        float ty = v[k] >= 0.0 ? a.y - size.y : b.y;
        ty = std::clamp(ty, f.Min.y, f.Max.y - size.y);
        dl->AddText(ImVec2(cx, ty), text, buf);
    }
}

PlotRange LossesBarRange(std::span<const double> v, int n, double min_half, bool symmetric)
{
    double lo = 0.0, hi = 0.0;
    for (double x : v)
        if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
    if (symmetric) {
        const double m = std::max({-lo, hi, min_half});
        lo = -m;
        hi = m;
    } else {
        hi = std::max(hi, min_half);
        if (lo < 0.0) lo = std::min(lo, -min_half);
    }
    const double pad = 0.12 * (hi - lo);
    return PlotRange{-0.5, n - 0.5, lo < 0.0 ? lo - pad : 0.0, hi + pad};
}

int LossesHoveredBar(const PlotFrame& f, int n)
{
    if (!f.Hovered) return -1;
    const int k = static_cast<int>(std::lround(f.MouseX));
    return k >= 0 && k < n ? k : -1;
}

void LossesNote(const char* text)
{
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

float LossesColumnWidth(int n, float min_width, bool& in_row)
{
    const float avail = ImGui::GetContentRegionAvail().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float w = (avail - spacing * (n - 1)) / n;
    in_row = w >= min_width;
    return in_row ? w : avail;
}

} // namespace mlviz
