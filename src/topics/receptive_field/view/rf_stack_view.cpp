// Receptive field: the maps of the stack drawn as oblique grids in input coordinates, input at
// the bottom; the field of the hovered or selected unit lit in every map below it.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/colormap.h"
#include "topics/receptive_field/view/rf_view.h"
#include "ui/image_textures.h"
#include "ui/theme.h"

namespace mlviz {

namespace {

// Where map m's cells lie in input coordinates: cell u spans start + (u ± 0.5) j, so the
// maps line up above the pixels they see and the field of a unit is a vertical cone.
struct MapGeometry {
    RfPair Size{};
    std::array<double, 2> Start{}, Jump{};

    double Edge(int axis, double u) const
    {
        return Start[static_cast<std::size_t>(axis)] + (u - 0.5) * Jump[static_cast<std::size_t>(axis)];
    }
};

MapGeometry GeometryOf(const RfModel& m, int map)
{
    MapGeometry g;
    g.Size = MapSize(*m.Analysis, map);
    if (map == 0) {
        g.Jump = {1.0, 1.0};
        return g;
    }
    const RfLayerInfo& info = m.Analysis->Layers[static_cast<std::size_t>(map - 1)];
    g.Start = info.Start;
    g.Jump = {static_cast<double>(info.Jump[0]), static_cast<double>(info.Jump[1])};
    return g;
}

// Oblique projection of the input plane: x to the right, rows recede up and to the right
// (row 0 at the back), so every map is a parallelogram slab.
struct Projection {
    double XMin = 0.0, XSpan = 1.0, YMin = 0.0, YSpan = 1.0;
    float Left = 0.0f, Front = 1.0f, Skew = 0.0f, SlabH = 1.0f;

    ImVec2 At(float slab_top, double x, double y) const
    {
        const double t = std::clamp((y - YMin) / YSpan, -0.5, 1.5); // 0 = back row, 1 = front
        const double u = (x - XMin) / XSpan;
        return {Left + static_cast<float>(u * Front + (1.0 - t) * Skew), slab_top + static_cast<float>(t * SlabH)};
    }
    // Inverse of At within one slab.
    void ToInput(float slab_top, ImVec2 p, double& x, double& y) const
    {
        const double t = (p.y - slab_top) / SlabH;
        y = YMin + t * YSpan;
        x = XMin + (p.x - Left - (1.0 - t) * Skew) / Front * XSpan;
    }
};

void Quad(ImDrawList* dl, const Projection& pr, float top, double x0, double x1, double y0, double y1, ImU32 col, float thick,
          bool fill)
{
    const ImVec2 a = pr.At(top, x0, y0), b = pr.At(top, x1, y0), c = pr.At(top, x1, y1), d = pr.At(top, x0, y1);
    if (fill)
        dl->AddQuadFilled(a, b, c, d, col);
    else
        dl->AddQuad(a, b, c, d, col, thick);
}

} // namespace

void RfStackPicture::UpdatePaths(const RfModel& m, RfUnit shown)
{
    if (PathsModel == m.Version && PathsUnit == shown) return;
    Paths = PathCounts(m.Stack, *m.Analysis, shown.Map, shown.Y, shown.X);
    PathsModel = m.Version;
    PathsUnit = shown;
    ++PathsVersion;
}

// The lit cells of one map as an RGBA image of its cone box: colour by the number of paths
// (relative to the map's maximum), transparent where no path arrives (dilation holes).
void RfStackPicture::BuildImage(int map)
{
    const RfMapPatch& p = Paths.Maps[static_cast<std::size_t>(map)];
    Image& img = Images[static_cast<std::size_t>(map)];
    img.Width = static_cast<int>(p.Box.Width());
    img.Height = static_cast<int>(p.Box.Height());
    img.Pixels.assign(static_cast<std::size_t>(img.Width) * img.Height * 4, 0);
    double peak = 0.0;
    for (double v : p.Values) peak = std::max(peak, v);
    for (std::size_t i = 0; i < p.Values.size(); ++i) {
        if (!(p.Values[i] > 0.0) || !(peak > 0.0)) continue;
        const Rgb8 c = SampleColormap(Colormap::Viridis, 0.3 + 0.7 * p.Values[i] / peak);
        img.Pixels[i * 4 + 0] = c.R;
        img.Pixels[i * 4 + 1] = c.G;
        img.Pixels[i * 4 + 2] = c.B;
        img.Pixels[i * 4 + 3] = 255;
    }
    ImageVersion[static_cast<std::size_t>(map)] = PathsVersion;
}

void RfStackPicture::Draw(ViewContext& ctx, ReceptiveFieldState& s, const RfModel& m)
{
    const int maps = m.MapCount();
    // A hover from last frame may belong to another stack (preset switched meanwhile).
    if (HasHover && (HoverModel != m.Version || Hover.Map >= maps)) HasHover = false;
    const RfUnit selected = SelectedUnit(s, m);
    const RfUnit shown = HasHover ? Hover : selected;
    UpdatePaths(m, shown);
    if (static_cast<int>(Images.size()) < maps) {
        Images.resize(static_cast<std::size_t>(maps));
        ImageVersion.resize(static_cast<std::size_t>(maps), 0);
    }
    while (static_cast<int>(Slots.size()) < maps) Slots.push_back(ctx.Images->CreateSlot());

    // Read-out of the shown unit: r, j, start and its field in input pixels.
    const std::span<const RfLayer> below(m.Stack.Layers.data(), static_cast<std::size_t>(shown.Map));
    const RfClosedForm f = ClosedFormField(below);
    const RfBox field = UnitField(below, shown.Y, shown.X);
    const RfLayer* layer = shown.Map > 0 ? &m.Stack.Layers[static_cast<std::size_t>(shown.Map - 1)] : nullptr;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text(Tr("%s %d%s, нейрон (%d, %d)"), shown.Map == 0 ? Tr("Вход") : Tr("Слой"), shown.Map,
                layer && !layer->NameView().empty() ? (" " + std::string(layer->NameView())).c_str() : "", shown.Y, shown.X);
    ImGui::Text("r = %s   j = %s   start = (%s, %s)", PairText(f.Rf[0], f.Rf[1]).c_str(), PairText(f.Jump[0], f.Jump[1]).c_str(),
                HalfText(f.Start[0]).c_str(), HalfText(f.Start[1]).c_str());
    const bool outside = field.Y0 < 0 || field.X0 < 0 || field.Y1 >= m.Stack.InputSize[0] || field.X1 >= m.Stack.InputSize[1];
    ImGui::TextDisabled(Tr("поле во входе: y %lld…%lld, x %lld…%lld%s"), static_cast<long long>(field.Y0),
                        static_cast<long long>(field.Y1), static_cast<long long>(field.X0), static_cast<long long>(field.X1),
                        outside ? Tr(" — заходит в паддинг (нули)") : "");
    bool dilated = false;
    for (const RfLayer& l : below) dilated = dilated || l.Dilation[0] > 1 || l.Dilation[1] > 1;
    ImGui::TextDisabled(Tr("Яркость ячейки — число путей к нейрону (от максимума в слое)%s."),
                        dilated ? Tr("; пустые ячейки внутри рамки — дыры dilation") : "");
    ImGui::PopTextWrapPos();

    // Layout: one text line and one slab per map, top map first; deep stacks scroll.
    ImGui::BeginChild("stack_picture", ImVec2(0.0f, 0.0f), false);
    const float font = ImGui::GetFontSize();
    const float width = std::max(ImGui::GetContentRegionAvail().x - 4.0f, 120.0f);
    const float avail_h = ImGui::GetContentRegionAvail().y;
    const float line_h = font * 1.25f;
    const float slab_h = std::clamp(avail_h / static_cast<float>(maps) - line_h - 6.0f, font * 1.6f, width * 0.32f);
    const float row_h = line_h + slab_h + 6.0f;

    Projection pr;
    double x0 = -0.5, x1 = m.Stack.InputSize[1] - 0.5, y0 = -0.5, y1 = m.Stack.InputSize[0] - 0.5;
    for (int k = 1; k < maps; ++k) {
        const MapGeometry g = GeometryOf(m, k);
        x0 = std::min(x0, g.Edge(1, 0));
        x1 = std::max(x1, g.Edge(1, g.Size[1]));
        y0 = std::min(y0, g.Edge(0, 0));
        y1 = std::max(y1, g.Edge(0, g.Size[0]));
    }
    x0 = std::min(x0, field.X0 - 0.5);
    x1 = std::max(x1, field.X1 + 0.5);
    y0 = std::min(y0, field.Y0 - 0.5);
    y1 = std::max(y1, field.Y1 + 0.5);
    pr.XMin = x0;
    pr.XSpan = x1 - x0;
    pr.YMin = y0;
    pr.YSpan = y1 - y0;
    pr.Skew = width * 0.22f;
    pr.Front = width - pr.Skew - 2.0f;
    pr.SlabH = slab_h;

    const ImVec2 origin = ImGui::GetCursorScreenPos();
    pr.Left = origin.x + 1.0f;
    ImGui::InvisibleButton("maps", ImVec2(width, row_h * static_cast<float>(maps)));
    const bool hovered = ImGui::IsItemHovered();
    const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 text_col = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 faint = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.35f);
    const ImU32 accent = AccentColor();
    const ImU32 slab_col = ImGui::GetColorU32(ImGuiCol_FrameBg);
    const ImU32 pad_col = IM_COL32(150, 150, 150, 70);

    HasHover = false;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    std::array<ImVec2, 4> prev_corners{};
    bool have_prev = false;
    for (int k = maps - 1; k >= 0; --k) {
        const float row_top = origin.y + static_cast<float>(maps - 1 - k) * row_h;
        const float top = row_top + line_h;
        const MapGeometry g = GeometryOf(m, k);
        const bool visible = ImGui::IsRectVisible(ImVec2(origin.x, row_top), ImVec2(origin.x + width, row_top + row_h));

        // The shown unit's field in this map (unclipped: may pass into the padding).
        RfBox fb{};
        const bool in_cone = k <= shown.Map;
        if (in_cone) {
            fb = UnitField(std::span<const RfLayer>(m.Stack.Layers.data() + k, static_cast<std::size_t>(shown.Map - k)), shown.Y,
                           shown.X);
        }
        std::array<ImVec2, 4> corners{};
        if (in_cone) {
            const double fx0 = g.Edge(1, static_cast<double>(fb.X0)), fx1 = g.Edge(1, static_cast<double>(fb.X1 + 1));
            const double fy0 = g.Edge(0, static_cast<double>(fb.Y0)), fy1 = g.Edge(0, static_cast<double>(fb.Y1 + 1));
            corners = {pr.At(top, fx0, fy0), pr.At(top, fx1, fy0), pr.At(top, fx1, fy1), pr.At(top, fx0, fy1)};
        }
        if (visible) {
            char label[160];
            if (k == 0)
                std::snprintf(label, sizeof label, Tr("вход %d×%d×%d"), g.Size[0], g.Size[1], m.Stack.InputChannels);
            else {
                const RfLayer& l = m.Stack.Layers[static_cast<std::size_t>(k - 1)];
                const RfLayerInfo& info = m.Analysis->Layers[static_cast<std::size_t>(k - 1)];
                std::snprintf(label, sizeof label, "%d %s · %s → %d×%d · r %s", k,
                              l.NameView().empty() ? "" : std::string(l.NameView()).c_str(), RfLayerSummary(l).c_str(), g.Size[0],
                              g.Size[1], PairText(info.Rf[0], info.Rf[1]).c_str());
            }
            dl->PushClipRect(ImVec2(origin.x, row_top), ImVec2(origin.x + width, row_top + line_h), true);
            dl->AddText(ImVec2(origin.x + 2.0f, row_top + 1.0f), k == shown.Map ? accent : text_col, label);
            dl->PopClipRect();

            // The map, then the padding part of the field, the lit cells and the grid.
            Quad(dl, pr, top, g.Edge(1, 0), g.Edge(1, g.Size[1]), g.Edge(0, 0), g.Edge(0, g.Size[0]), slab_col, 0.0f, true);
            if (in_cone && (fb.X0 < 0 || fb.Y0 < 0 || fb.X1 >= g.Size[1] || fb.Y1 >= g.Size[0])) {
                dl->AddQuadFilled(corners[0], corners[1], corners[2], corners[3], pad_col);
                Quad(dl, pr, top, g.Edge(1, 0), g.Edge(1, g.Size[1]), g.Edge(0, 0), g.Edge(0, g.Size[0]), slab_col, 0.0f, true);
            }
            if (in_cone && !Paths.Maps[static_cast<std::size_t>(k)].Box.Empty()) {
                if (ImageVersion[static_cast<std::size_t>(k)] != PathsVersion) BuildImage(k);
                const RfBox& b = Paths.Maps[static_cast<std::size_t>(k)].Box;
                const ImTextureID tex =
                    ctx.Images->Upload(Slots[static_cast<std::size_t>(k)], Images[static_cast<std::size_t>(k)],
                                       ImageVersion[static_cast<std::size_t>(k)], false);
                const double bx0 = g.Edge(1, static_cast<double>(b.X0)), bx1 = g.Edge(1, static_cast<double>(b.X1 + 1));
                const double by0 = g.Edge(0, static_cast<double>(b.Y0)), by1 = g.Edge(0, static_cast<double>(b.Y1 + 1));
                dl->AddImageQuad(tex, pr.At(top, bx0, by0), pr.At(top, bx1, by0), pr.At(top, bx1, by1), pr.At(top, bx0, by1));
            }
            const float cell_px = static_cast<float>(pr.Front * g.Jump[1] / pr.XSpan);
            const float cell_py = static_cast<float>(pr.SlabH * g.Jump[0] / pr.YSpan);
            if (cell_px >= 5.0f && cell_py >= 3.0f) {
                for (int i = 0; i <= g.Size[1]; ++i)
                    dl->AddLine(pr.At(top, g.Edge(1, i), g.Edge(0, 0)), pr.At(top, g.Edge(1, i), g.Edge(0, g.Size[0])), faint);
                for (int i = 0; i <= g.Size[0]; ++i)
                    dl->AddLine(pr.At(top, g.Edge(1, 0), g.Edge(0, i)), pr.At(top, g.Edge(1, g.Size[1]), g.Edge(0, i)), faint);
            }
            Quad(dl, pr, top, g.Edge(1, 0), g.Edge(1, g.Size[1]), g.Edge(0, 0), g.Edge(0, g.Size[0]), faint, 1.0f, false);
            if (in_cone) dl->AddQuad(corners[0], corners[1], corners[2], corners[3], accent, k == shown.Map ? 2.5f : 1.5f);
            if (k == selected.Map && !(shown == selected))
                Quad(dl, pr, top, g.Edge(1, selected.X), g.Edge(1, selected.X + 1), g.Edge(0, selected.Y),
                     g.Edge(0, selected.Y + 1), text_col, 2.0f, false);
        }
        // Cone edges between this map's field and the one above it.
        if (in_cone && have_prev && visible) {
            dl->AddLine(prev_corners[3], corners[0], ImGui::GetColorU32(ImGuiCol_Text, 0.25f));
            dl->AddLine(prev_corners[2], corners[1], ImGui::GetColorU32(ImGuiCol_Text, 0.25f));
        }
        if (in_cone) {
            prev_corners = corners;
            have_prev = true;
        }

        // Hit test: which unit of this map is under the mouse.
        if (hovered && mouse.y >= top && mouse.y <= top + slab_h) {
            double x = 0.0, y = 0.0;
            pr.ToInput(top, mouse, x, y);
            const int uy = static_cast<int>(std::floor((y - g.Edge(0, 0)) / g.Jump[0]));
            const int ux = static_cast<int>(std::floor((x - g.Edge(1, 0)) / g.Jump[1]));
            if (uy >= 0 && uy < g.Size[0] && ux >= 0 && ux < g.Size[1]) {
                HasHover = true;
                Hover = {k, uy, ux};
                HoverModel = m.Version;
                Quad(dl, pr, top, g.Edge(1, ux), g.Edge(1, ux + 1), g.Edge(0, uy), g.Edge(0, uy + 1),
                     IM_COL32(255, 255, 255, 220), 1.5f, false);
            }
        }
    }
    if (clicked && HasHover) {
        s.SelMap = Hover.Map;
        s.SelY = Hover.Y;
        s.SelX = Hover.X;
    }
    ImGui::EndChild();
}

} // namespace mlviz
