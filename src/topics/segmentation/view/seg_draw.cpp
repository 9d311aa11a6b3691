// Segmentation view: colours, label-map textures, canvases and small widgets shared by the tabs.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "topics/segmentation/view/seg_view.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

std::array<std::uint8_t, 3> InstanceRgb(int id)
{
    // Golden-ratio hues, saturated and mid-bright: distinct neighbours, readable on both themes.
    const float h = std::fmod(0.13f + 0.61803398875f * static_cast<float>(id), 1.0f);
    float r = 0, g = 0, b = 0;
    ImGui::ColorConvertHSVtoRGB(h, 0.65f, 0.92f, r, g, b);
    return {static_cast<std::uint8_t>(r * 255), static_cast<std::uint8_t>(g * 255), static_cast<std::uint8_t>(b * 255)};
}

std::array<std::uint8_t, 3> VoidRgb()
{
    return {24, 24, 24};
}

std::array<std::uint8_t, 3> CellRgb(const LabelMap& map, std::size_t i, SegColoring coloring)
{
    const int cls = map.Class[i], id = map.Instance[i];
    if (cls == kSegVoid || cls >= kSegNumClasses) return VoidRgb();
    const auto base = SegClassInfoOf(cls).Color;
    if (coloring == SegColoring::Semantic) return base;
    if (!SegIsThing(cls)) {
        if (coloring == SegColoring::Instance) return {96, 96, 96}; // instance segmentation leaves stuff unlabelled
        return base;
    }
    if (id == 0) return VoidRgb(); // a thing cell without an instance has no segment
    if (coloring == SegColoring::Instance) return InstanceRgb(id);
    // Panoptic: the class colour, shaded per instance so neighbours of one class separate.
    const auto tint = InstanceRgb(id);
    std::array<std::uint8_t, 3> out{};
    for (int k = 0; k < 3; ++k) out[k] = static_cast<std::uint8_t>((base[k] * 3 + tint[k] * 2) / 5);
    return out;
}

} // namespace

ImU32 SegClassColor(int cls, float alpha)
{
    const auto c = cls >= 0 && cls < kSegNumClasses ? SegClassInfoOf(cls).Color : VoidRgb();
    return IM_COL32(c[0], c[1], c[2], static_cast<int>(alpha * 255.0f));
}

ImU32 SegInstanceColor(int id, float alpha)
{
    const auto c = InstanceRgb(id);
    return IM_COL32(c[0], c[1], c[2], static_cast<int>(alpha * 255.0f));
}

Image SegLabelImage(const LabelMap& map, SegColoring coloring)
{
    Image img;
    img.Width = map.Width;
    img.Height = map.Height;
    img.Pixels.resize(map.Size() * 4);
    for (std::size_t i = 0; i < map.Size(); ++i) {
        const auto c = CellRgb(map, i, coloring);
        img.Pixels[i * 4 + 0] = c[0];
        img.Pixels[i * 4 + 1] = c[1];
        img.Pixels[i * 4 + 2] = c[2];
        img.Pixels[i * 4 + 3] = 255;
    }
    return img;
}

SegCanvas DrawSegCanvas(const char* id, ImTextureID tex, int w, int h, float width, const char* caption)
{
    if (caption) ImGui::TextUnformatted(caption);
    SegCanvas c;
    width = std::max(width, 32.0f);
    c.Cell = width / static_cast<float>(std::max(w, 1));
    const ImVec2 size(width, c.Cell * static_cast<float>(std::max(h, 1)));
    c.Min = ImGui::GetCursorScreenPos();
    c.Max = ImVec2(c.Min.x + size.x, c.Min.y + size.y);
    ImGui::InvisibleButton(id, size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (tex)
        dl->AddImage(tex, c.Min, c.Max);
    else
        dl->AddRectFilled(c.Min, c.Max, ImGui::GetColorU32(ImGuiCol_FrameBg));
    dl->AddRect(c.Min, c.Max, ImGui::GetColorU32(ImGuiCol_Border));
    c.Hovered = ImGui::IsItemHovered();
    if (c.Hovered) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        c.MouseX = (m.x - c.Min.x) / c.Cell;
        c.MouseY = (m.y - c.Min.y) / c.Cell;
        c.HoverX = std::clamp(static_cast<int>(std::floor(c.MouseX)), 0, w - 1);
        c.HoverY = std::clamp(static_cast<int>(std::floor(c.MouseY)), 0, h - 1);
    }
    return c;
}

void DrawSegOutlines(const SegCanvas& c, const LabelMap& map, ImU32 color, float thickness)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto key = [&](int x, int y) {
        const std::size_t i = map.Index(x, y);
        return static_cast<int>(map.Class[i]) | (static_cast<int>(map.Instance[i]) << 8);
    };
    // Merge runs of equal edges into one line each: fewer vertices than one per cell edge.
    for (int y = 0; y < map.Height; ++y) {
        int start = -1;
        for (int x = 0; x <= map.Width; ++x) {
            const bool edge = x < map.Width && y + 1 < map.Height && key(x, y) != key(x, y + 1);
            if (edge && start < 0) start = x;
            if (!edge && start >= 0) {
                dl->AddLine(c.At(start, y + 1), c.At(x, y + 1), color, thickness);
                start = -1;
            }
        }
    }
    for (int x = 0; x + 1 < map.Width; ++x) {
        int start = -1;
        for (int y = 0; y <= map.Height; ++y) {
            const bool edge = y < map.Height && key(x, y) != key(x + 1, y);
            if (edge && start < 0) start = y;
            if (!edge && start >= 0) {
                dl->AddLine(c.At(x + 1, start), c.At(x + 1, y), color, thickness);
                start = -1;
            }
        }
    }
}

void DrawSegBox(const SegCanvas& c, const std::array<double, 4>& b, ImU32 color, float thickness)
{
    ImGui::GetWindowDrawList()->AddRect(c.At(b[0], b[1]), c.At(b[0] + b[2], b[1] + b[3]), color, 0.0f, 0, thickness);
}

void DrawSegTag(ImDrawList* dl, ImVec2 pos, ImU32 color, const char* text)
{
    const ImVec2 size = ImGui::CalcTextSize(text);
    // The backing contrasts with the text, not with the theme: white GT tags stay readable in the
    // light theme, dark theme-coloured tags in either.
    const ImVec4 c = ImGui::ColorConvertU32ToFloat4(color);
    const bool light_text = 0.299f * c.x + 0.587f * c.y + 0.114f * c.z > 0.45f;
    dl->AddRectFilled(ImVec2(pos.x - 2, pos.y - 1), ImVec2(pos.x + size.x + 2, pos.y + size.y + 1),
                      light_text ? IM_COL32(0, 0, 0, 190) : IM_COL32(255, 255, 255, 210), 2.0f);
    dl->AddText(pos, color, text);
}

const char* SegClassLabel(int cls)
{
    if (cls < 0 || cls >= kSegNumClasses) return Tr("пустота");
    return Tr(SegClassInfoOf(cls).Name);
}

std::string SegCellText(const LabelMap& map, int x, int y)
{
    if (!map.Inside(x, y)) return "";
    const std::size_t i = map.Index(x, y);
    std::string s = SegClassLabel(map.Class[i]);
    if (SegIsThing(map.Class[i]))
        s += map.Instance[i] ? " #" + std::to_string(map.Instance[i]) : std::string(Tr(" без экземпляра"));
    return s;
}

ImU32 SegGoodColor(float alpha)
{
    return CurrentTheme() == Theme::Dark ? IM_COL32(90, 220, 110, static_cast<int>(alpha * 255))
                                         : IM_COL32(20, 140, 50, static_cast<int>(alpha * 255));
}

ImU32 SegBadColor(float alpha)
{
    return CurrentTheme() == Theme::Dark ? IM_COL32(255, 90, 80, static_cast<int>(alpha * 255))
                                         : IM_COL32(205, 30, 30, static_cast<int>(alpha * 255));
}

ImU32 SegNeutralColor(float alpha)
{
    return CurrentTheme() == Theme::Dark ? IM_COL32(200, 200, 200, static_cast<int>(alpha * 255))
                                         : IM_COL32(90, 90, 90, static_cast<int>(alpha * 255));
}

std::string SegNumber(const std::optional<double>& v, const char* format)
{
    if (!v || !std::isfinite(*v)) return "—";
    char buf[64];
    std::snprintf(buf, sizeof buf, format, *v);
    return buf;
}

void SegHelpMarker(const char* text)
{
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void DrawSegTabs(int& tab)
{
    const char* const names[] = {Tr("Сцена и три задачи"), Tr("Семантические метрики"), Tr("Паноптическое качество"),
                                 Tr("AP: маски и рамки"),  Tr("Размеры U-Net"),         Tr("RoIPool и RoIAlign")};
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (int t = 0; t < static_cast<int>(SegTab::Count); ++t) {
        const float w = ImGui::CalcTextSize(names[t]).x + ImGui::GetStyle().FramePadding.x * 2.0f;
        if (t > 0) {
            ImGui::SameLine(0.0f, 3.0f);
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(tab == t ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
        ImGui::PushID(t);
        if (ImGui::Button(names[t])) tab = t;
        ImGui::PopID();
        ImGui::PopStyleColor();
    }
}

void SegSwatch(ImU32 color, const char* label)
{
    const float s = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + s, p.y + s), color, 2.0f);
    ImGui::Dummy(ImVec2(s, s));
    ImGui::SameLine();
    ImGui::TextUnformatted(label);
}

} // namespace mlviz
