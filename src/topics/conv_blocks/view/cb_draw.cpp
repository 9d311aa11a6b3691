// CNN building blocks view: grids of numbers, colours, number formats, tab buttons and tables
// shared by the tab panels.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "topics/conv_blocks/view/conv_blocks_view.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

ImVec4 Mix(ImVec4 a, ImVec4 b, float t)
{
    return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1.0f);
}

ImU32 WithAlpha(ImU32 c, float alpha)
{
    ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
    v.w *= alpha;
    return ImGui::ColorConvertFloat4ToU32(v);
}

} // namespace

ImU32 ValueColor(double v, double scale)
{
    const bool light = CurrentTheme() == Theme::Light;
    const ImVec4 zero = light ? ImVec4(0.97f, 0.97f, 0.97f, 1.0f) : ImGui::GetStyleColorVec4(ImGuiCol_FrameBg);
    const ImVec4 pos = light ? ImVec4(0.93f, 0.45f, 0.35f, 1.0f) : ImVec4(0.80f, 0.30f, 0.22f, 1.0f);
    const ImVec4 neg = light ? ImVec4(0.40f, 0.60f, 0.95f, 1.0f) : ImVec4(0.22f, 0.42f, 0.85f, 1.0f);
    if (!std::isfinite(v) || scale <= 0.0) return ImGui::ColorConvertFloat4ToU32(zero);
    const float t = static_cast<float>(std::min(1.0, std::fabs(v) / scale));
    return ImGui::ColorConvertFloat4ToU32(Mix(zero, v >= 0 ? pos : neg, 0.85f * t));
}

ImU32 HighlightColor(int which, float alpha)
{
    const bool light = CurrentTheme() == Theme::Light;
    ImVec4 c;
    switch (which) {
    case 0: c = light ? ImVec4(0.80f, 0.50f, 0.00f, 1.0f) : ImVec4(1.00f, 0.82f, 0.20f, 1.0f); break;
    case 1: c = light ? ImVec4(0.05f, 0.55f, 0.25f, 1.0f) : ImVec4(0.35f, 0.95f, 0.50f, 1.0f); break;
    default: c = light ? ImVec4(0.55f, 0.20f, 0.75f, 1.0f) : ImVec4(0.85f, 0.55f, 1.00f, 1.0f); break;
    }
    c.w = alpha;
    return ImGui::ColorConvertFloat4ToU32(c);
}

ImU32 HeatColor(double t)
{
    t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0);
    const bool light = CurrentTheme() == Theme::Light;
    const ImVec4 lo = light ? ImVec4(0.98f, 0.98f, 0.98f, 1.0f) : ImVec4(0.05f, 0.06f, 0.08f, 1.0f);
    const ImVec4 mid = light ? ImVec4(0.45f, 0.60f, 0.90f, 1.0f) : ImVec4(0.20f, 0.45f, 0.85f, 1.0f);
    const ImVec4 hi = light ? ImVec4(0.05f, 0.15f, 0.45f, 1.0f) : ImVec4(1.00f, 0.92f, 0.55f, 1.0f);
    const float f = static_cast<float>(t);
    return ImGui::ColorConvertFloat4ToU32(f < 0.5f ? Mix(lo, mid, 2.0f * f) : Mix(mid, hi, 2.0f * f - 1.0f));
}

std::string Num(double v)
{
    if (!std::isfinite(v)) return "—";
    if (v == 0.0) return "0";
    char buf[32];
    const double a = std::fabs(v);
    if (a == std::floor(a) && a < 1e6)
        std::snprintf(buf, sizeof buf, "%.0f", a);
    else if (a >= 100)
        std::snprintf(buf, sizeof buf, "%.1f", a);
    else if (a >= 0.01)
        std::snprintf(buf, sizeof buf, "%.3g", a);
    else
        std::snprintf(buf, sizeof buf, "%.2e", a);
    return (v < 0 ? std::string("−") : std::string()) + buf;
}

std::string Thousands(std::int64_t v)
{
    const std::string digits = std::to_string(v < 0 ? -v : v);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u202F";
        out += digits[i];
    }
    return v < 0 ? "−" + out : out;
}

std::string Short(double v)
{
    char buf[32];
    const double a = std::fabs(v);
    if (a >= 1e9)
        std::snprintf(buf, sizeof buf, "%.2f G", v / 1e9);
    else if (a >= 1e6)
        std::snprintf(buf, sizeof buf, "%.2f M", v / 1e6);
    else if (a >= 1e4)
        std::snprintf(buf, sizeof buf, "%.1f K", v / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
}

float GridWidth(const GridSpec& g)
{
    return std::max(g.Cols * g.Cell, ImGui::CalcTextSize(g.Title.c_str()).x);
}

CellGrid DrawCellGrid(const GridSpec& g)
{
    CellGrid out;
    out.Rows = g.Rows;
    out.Cols = g.Cols;
    out.Cell = g.Cell;
    ImGui::BeginGroup();
    ImGui::TextUnformatted(g.Title.c_str());
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    out.Origin = origin;
    const ImVec2 size(std::max(1.0f, g.Cols * g.Cell), std::max(1.0f, g.Rows * g.Cell));
    ImGui::InvisibleButton(g.Id, size);
    if (ImGui::IsItemHovered()) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        const int x = static_cast<int>((m.x - origin.x) / g.Cell), y = static_cast<int>((m.y - origin.y) / g.Cell);
        if (x >= 0 && x < g.Cols && y >= 0 && y < g.Rows) {
            out.HoverY = y;
            out.HoverX = x;
            out.Clicked = ImGui::IsItemClicked();
        }
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 faint = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImU32 border = ImGui::GetColorU32(ImGuiCol_Border);
    const float font = ImGui::GetFontSize();
    const bool values = g.Cell >= font * 1.25f;
    for (int y = 0; y < g.Rows; ++y)
        for (int x = 0; x < g.Cols; ++x) {
            const ImVec2 a = out.CellMin(y, x), b(a.x + g.Cell, a.y + g.Cell);
            const CellKind kind = g.Kind ? g.Kind(y, x) : CellKind::Value;
            const bool hidden = g.Hidden && g.Hidden(y, x);
            const double v = g.Value(y, x);
            if (kind == CellKind::Value && !hidden) dl->AddRectFilled(a, b, ValueColor(v, g.Scale));
            dl->AddRect(a, b, WithAlpha(border, kind == CellKind::Value ? 1.0f : 0.5f));
            if (!values || hidden) continue;
            const std::string s = Num(kind == CellKind::Value || kind == CellKind::Cropped ? v : 0.0);
            const float scale = std::min(1.0f, (g.Cell - 3.0f) / std::max(1.0f, ImGui::CalcTextSize(s.c_str()).x));
            const float fs = font * std::max(0.6f, scale);
            const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
            const ImVec2 p(a.x + (g.Cell - ts.x * fs / font) * 0.5f, a.y + (g.Cell - fs) * 0.5f);
            dl->AddText(nullptr, fs, p, kind == CellKind::Value ? text : faint, s.c_str());
        }
    ImGui::EndGroup();
    return out;
}

void OutlineCells(const CellGrid& g, int y0, int x0, int h, int w, ImU32 col, float thickness)
{
    const int y1 = std::min(g.Rows, y0 + h), x1 = std::min(g.Cols, x0 + w);
    y0 = std::max(0, y0);
    x0 = std::max(0, x0);
    if (y1 <= y0 || x1 <= x0) return;
    const ImVec2 a = g.CellMin(y0, x0), b = g.CellMin(y1, x1);
    ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), col, 0.0f, 0, thickness);
}

void TintCell(const CellGrid& g, int y, int x, ImU32 col)
{
    if (y < 0 || x < 0 || y >= g.Rows || x >= g.Cols) return;
    const ImVec2 a = g.CellMin(y, x);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(ImVec2(a.x + 1, a.y + 1), ImVec2(a.x + g.Cell - 1, a.y + g.Cell - 1), WithAlpha(col, 0.30f));
    dl->AddRect(ImVec2(a.x + 1, a.y + 1), ImVec2(a.x + g.Cell - 1, a.y + g.Cell - 1), col, 0.0f, 0, 2.0f);
}

void OperatorSign(const char* text, float height)
{
    ImGui::SameLine();
    ImGui::BeginGroup();
    const float line = ImGui::GetTextLineHeightWithSpacing();
    // The star of ⋆ is a small glyph in the font: drawn larger to read like "=" beside it.
    const float scale = std::strcmp(text, "⋆") == 0 ? 2.4f : 1.5f;
    ImGui::Dummy(ImVec2(1.0f, std::max(0.0f, line + height * 0.5f - ImGui::GetFontSize() * scale * 0.5f)));
    ImGui::SetWindowFontScale(scale);
    ImGui::TextUnformatted(text);
    ImGui::SetWindowFontScale(1.0f);
    ImGui::EndGroup();
    ImGui::SameLine();
}

bool DrawTabButtons(int& tab, const char* const* names, int count)
{
    const int before = tab;
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (int t = 0; t < count; ++t) {
        const float w = ImGui::CalcTextSize(Tr(names[t])).x + ImGui::GetStyle().FramePadding.x * 2.0f;
        if (t > 0) {
            ImGui::SameLine(0.0f, 3.0f);
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        const bool active = tab == t;
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(active ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
        ImGui::PushID(t);
        if (ImGui::Button(Tr(names[t]))) tab = t;
        ImGui::PopID();
        ImGui::PopStyleColor();
    }
    ImGui::Separator();
    return tab != before;
}

void TextTable(const char* id, const std::vector<std::vector<std::string>>& rows, int highlight_row)
{
    if (rows.empty()) return;
    const int cols = static_cast<int>(rows[0].size());
    // NoHostExtendX: as wide as its columns, so a table inside a group does not run under its neighbour.
    if (!ImGui::BeginTable(id, cols,
                           ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX | ImGuiTableFlags_BordersInnerH |
                               ImGuiTableFlags_RowBg))
        return;
    for (int c = 0; c < cols; ++c) ImGui::TableSetupColumn(rows[0][c].c_str());
    ImGui::TableHeadersRow();
    for (std::size_t i = 1; i < rows.size(); ++i) {
        ImGui::TableNextRow();
        if (static_cast<int>(i) == highlight_row)
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImGuiCol_Header));
        for (int c = 0; c < cols; ++c) {
            ImGui::TableNextColumn();
            if (c < static_cast<int>(rows[i].size())) ImGui::TextUnformatted(rows[i][c].c_str());
        }
    }
    ImGui::EndTable();
}

void ErrorText(const std::string& text)
{
    const bool light = CurrentTheme() == Theme::Light;
    ImGui::PushStyleColor(ImGuiCol_Text, light ? ImVec4(0.75f, 0.10f, 0.10f, 1.0f) : ImVec4(1.0f, 0.45f, 0.40f, 1.0f));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

} // namespace mlviz
