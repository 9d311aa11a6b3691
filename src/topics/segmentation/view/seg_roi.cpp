// Segmentation view, the RoI tab (q36): one feature map and one proposal box with sub-pixel
// corners, pooled by RoIPool (Fast R-CNN: the box and the bins rounded to whole cells, max) and
// by RoIAlign (Mask R-CNN: exact bins, bilinear samples averaged), as torchvision computes them.
// Feature cell j covers [j, j + 1) on the canvas; the kernel reads its value at index j, so a
// sample at index u is drawn at u + 0.5: with aligned=False the samples sit half a cell off the box.
#include <algorithm>
#include <cfloat>
#include <cmath>

#include "core/colormap.h"
#include "core/i18n.h"
#include "topics/segmentation/view/seg_view.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

struct Range {
    float Lo = 0.0f, Hi = 1.0f;
    float T(float v) const { return Hi > Lo ? std::clamp((v - Lo) / (Hi - Lo), 0.0f, 1.0f) : 0.5f; }
};

ImU32 Viridis(float t)
{
    const Rgb8 c = SampleColormap(Colormap::Viridis, t);
    return IM_COL32(c.R, c.G, c.B, 255);
}

ImU32 TextOn(float t)
{
    return t > 0.6f ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
}

// The feature map as cells, the box (continuous), with its value in each cell when there is room.
SegCanvas FeatureCanvas(const char* id, const FeatureMap& f, const Range& r, float width, const char* caption)
{
    const SegCanvas c = DrawSegCanvas(id, nullptr, f.Width, f.Height, width, caption);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool values = c.Cell >= ImGui::CalcTextSize("0.00").x + 4.0f;
    for (int y = 0; y < f.Height; ++y)
        for (int x = 0; x < f.Width; ++x) {
            const float v = f.Values[static_cast<std::size_t>(y) * f.Width + x], t = r.T(v);
            dl->AddRectFilled(c.At(x, y), c.At(x + 1, y + 1), Viridis(t));
            if (values) {
                char buf[16];
                std::snprintf(buf, sizeof buf, "%.2f", v);
                dl->AddText(ImVec2(c.At(x, y).x + 2.0f, c.At(x, y).y + 1.0f), (TextOn(t) & 0x00FFFFFF) | 0x90000000, buf);
            }
        }
    return c;
}

void BoxOutline(const SegCanvas& c, const SegmentationState& s, float scale)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 a = c.At(s.X1 * scale, s.Y1 * scale), b = c.At(s.X2 * scale, s.Y2 * scale);
    dl->AddRect(a, b, IM_COL32(255, 80, 200, 255), 0.0f, 0, 2.5f);
    for (const ImVec2& p : {a, b, ImVec2(a.x, b.y), ImVec2(b.x, a.y)}) dl->AddCircleFilled(p, 4.0f, IM_COL32(255, 80, 200, 255));
}

// Dragging a corner (or the whole box) on either canvas, in image pixels.
void DragBox(SegmentationState& s, SegModel& m, const SegCanvas& c, float scale, int canvas)
{
    if (ImGui::IsItemActivated() && c.Hovered) {
        const double mx = c.MouseX / scale, my = c.MouseY / scale, tol = 0.7 / scale;
        const double cx[4] = {s.X1, s.X2, s.X1, s.X2}, cy[4] = {s.Y1, s.Y1, s.Y2, s.Y2};
        m.RoiDrag = -1;
        for (int k = 0; k < 4 && m.RoiDrag < 0; ++k)
            if (std::fabs(mx - cx[k]) <= tol && std::fabs(my - cy[k]) <= tol) m.RoiDrag = k;
        if (m.RoiDrag < 0 && mx > std::min(s.X1, s.X2) && mx < std::max(s.X1, s.X2) && my > std::min(s.Y1, s.Y2) &&
            my < std::max(s.Y1, s.Y2))
            m.RoiDrag = 4;
        m.RoiDragCanvas = canvas;
    }
    if (!ImGui::IsItemActive() || m.RoiDrag < 0 || m.RoiDragCanvas != canvas) return;
    const ImVec2 d = ImGui::GetIO().MouseDelta;
    const float dx = d.x / c.Cell / scale, dy = d.y / c.Cell / scale;
    if (dx == 0.0f && dy == 0.0f) return;
    if (m.RoiDrag == 4)
        s.X1 += dx, s.X2 += dx, s.Y1 += dy, s.Y2 += dy;
    else {
        (m.RoiDrag % 2 == 0 ? s.X1 : s.X2) += dx;
        (m.RoiDrag < 2 ? s.Y1 : s.Y2) += dy;
    }
    for (float* v : {&s.X1, &s.Y1, &s.X2, &s.Y2})
        *v =
            std::clamp(std::round(*v * 10.0f) / 10.0f, static_cast<float>(-kSegRoiMaxCoord), static_cast<float>(kSegRoiMaxCoord));
}

// The pooled output: out x out cells with their values; returns the hovered bin.
int OutputGrid(const char* id, const std::vector<float>& out, int n, const Range& r, float width)
{
    const float cell = std::min(width / n, ImGui::GetFontSize() * 3.2f);
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(cell * n, cell * n));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool values = cell >= ImGui::CalcTextSize("0.000").x + 4.0f;
    int hover = -1;
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) {
            const float v = out[static_cast<std::size_t>(y) * n + x], t = r.T(v);
            const ImVec2 a(o.x + x * cell, o.y + y * cell), b(a.x + cell, a.y + cell);
            dl->AddRectFilled(a, b, Viridis(t));
            dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border));
            if (values) {
                char buf[16];
                std::snprintf(buf, sizeof buf, "%.3f", v);
                dl->AddText(ImVec2(a.x + 2.0f, a.y + (cell - ImGui::GetTextLineHeight()) * 0.5f), TextOn(t), buf);
            }
            if (hovered && ImGui::IsMouseHoveringRect(a, b)) hover = y * n + x;
        }
    if (hover >= 0) ImGui::SetTooltip(Tr("бин (%d, %d): %.5f"), hover / n, hover % n, out[hover]);
    return hover;
}

} // namespace

void DrawSegRoiTab(SegmentationState& s, SegModel& m, ViewContext& ctx)
{
    (void)ctx;
    if (!m.Align || !m.Pool) {
        ImGui::TextColored(ImVec4(1.0f, 0.4f, 0.4f, 1.0f), "%s", Tr(m.RoiError).c_str());
        return;
    }
    const FeatureMap& f = m.Features;
    const RoiAlignResult& a = *m.Align;
    const RoiPoolResult& p = *m.Pool;
    Range r{FLT_MAX, -FLT_MAX};
    for (float v : f.Values) r.Lo = std::min(r.Lo, v), r.Hi = std::max(r.Hi, v);
    const float scale = static_cast<float>(SegSpatialScale(s));
    const float avail = ImGui::GetContentRegionAvail().x, sp = ImGui::GetStyle().ItemSpacing.x * 2.0f;
    const float grid_h = std::min(ImGui::GetFontSize() * 3.2f * s.Out, (ImGui::GetContentRegionAvail().x - sp) * 0.5f);
    const float room_h = ImGui::GetContentRegionAvail().y - grid_h - ImGui::GetTextLineHeightWithSpacing() * 9.0f;
    const float w = std::clamp(std::min((avail - sp) * 0.5f, room_h), 100.0f, std::max(100.0f, (avail - sp) * 0.5f));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int hover = m.RoiHoverBin;

    ImGui::BeginGroup();
    const SegCanvas pc = FeatureCanvas("##pool", f, r, w, "RoIPool (Fast R-CNN)");
    DragBox(s, m, pc, scale, 0);
    for (std::size_t k = 0; k < p.Bins.size(); ++k) {
        const RoiPoolBin& b = p.Bins[k];
        const bool hot = static_cast<int>(k) == hover;
        if (!b.Empty)
            dl->AddRect(pc.At(b.X0, b.Y0), pc.At(b.X1, b.Y1), hot ? IM_COL32(255, 255, 255, 255) : IM_COL32(255, 255, 255, 150),
                        0.0f, 0, hot ? 3.0f : 1.5f);
        if (b.ArgMaxX >= 0)
            dl->AddCircle(pc.At(b.ArgMaxX + 0.5, b.ArgMaxY + 0.5), pc.Cell * 0.3f, IM_COL32(255, 40, 40, 255), 16, 2.0f);
    }
    BoxOutline(pc, s, scale);
    ImGui::Text(Tr("Выход RoIPool %d×%d (max по клеткам бина)"), p.OutputHeight, p.OutputWidth);
    const int hp = OutputGrid("##pool_out", p.Output, p.OutputHeight, r, w);
    ImGui::EndGroup();
    ImGui::SameLine(0.0f, sp);
    ImGui::BeginGroup();
    const SegCanvas ac = FeatureCanvas(
        "##align", f, r, w, s.Aligned ? "RoIAlign (Mask R-CNN), aligned=True" : "RoIAlign (Mask R-CNN), aligned=False");
    DragBox(s, m, ac, scale, 1);
    const float off = 0.5f; // index u is drawn at u + 0.5 (the cell's centre)
    for (int by = 0; by <= a.OutputHeight; ++by) {
        const float y = a.RoiStartY + by * a.BinHeight + off;
        dl->AddLine(ac.At(a.RoiStartX + off, y), ac.At(a.RoiStartX + a.RoiWidth + off, y), IM_COL32(255, 255, 255, 170), 1.5f);
    }
    for (int bx = 0; bx <= a.OutputWidth; ++bx) {
        const float x = a.RoiStartX + bx * a.BinWidth + off;
        dl->AddLine(ac.At(x, a.RoiStartY + off), ac.At(x, a.RoiStartY + a.RoiHeight + off), IM_COL32(255, 255, 255, 170), 1.5f);
    }
    for (const RoiSample& smp : a.Samples) {
        const bool hot = smp.BinY * a.OutputWidth + smp.BinX == hover;
        const ImVec2 q = ac.At(smp.X + off, smp.Y + off);
        if (hot && smp.Inside) {
            const int xs[4] = {smp.XLow, smp.XHigh, smp.XLow, smp.XHigh}, ys[4] = {smp.YLow, smp.YLow, smp.YHigh, smp.YHigh};
            const float ws[4] = {smp.W1, smp.W2, smp.W3, smp.W4};
            for (int k = 0; k < 4; ++k)
                if (ws[k] > 0.0f)
                    dl->AddLine(q, ac.At(xs[k] + 0.5, ys[k] + 0.5), IM_COL32(255, 255, 255, static_cast<int>(60 + 195 * ws[k])),
                                1.0f + 3.0f * ws[k]);
        }
        dl->AddCircleFilled(q, hot ? 4.5f : 3.0f, smp.Inside ? IM_COL32(255, 60, 60, 255) : IM_COL32(120, 120, 120, 255));
    }
    BoxOutline(ac, s, scale);
    ImGui::Text(Tr("Выход RoIAlign %d×%d (среднее %d×%d билинейных отсчётов)"), a.OutputHeight, a.OutputWidth, a.GridH, a.GridW);
    const int ha = OutputGrid("##align_out", a.Output, a.OutputHeight, r, w);
    ImGui::EndGroup();
    m.RoiHoverBin = hp >= 0 ? hp : ha;
    for (const SegCanvas* c : {&pc, &ac})
        if (c->Hovered && c->HoverX >= 0)
            ImGui::SetTooltip(Tr("клетка (%d, %d) = %.4f\nточка (%.2f, %.2f) = пиксели (%.1f, %.1f)"), c->HoverY, c->HoverX,
                              f.Values[static_cast<std::size_t>(c->HoverY) * f.Width + c->HoverX], c->MouseX, c->MouseY,
                              c->MouseX / scale, c->MouseY / scale);

    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text(Tr("RoIPool: рамка × %g = (%.2f, %.2f, %.2f, %.2f) → round → клетки x %d…%d, y %d…%d; бин %.2f×%.2f клетки, "
                   "границы floor/ceil."),
                scale, s.X1 * scale, s.Y1 * scale, s.X2 * scale, s.Y2 * scale, p.RoiX1, p.RoiX2, p.RoiY1, p.RoiY2, p.BinWidth,
                p.BinHeight);
    ImGui::Text(Tr("RoIAlign: начало = x1·%g − %s = %.3f, %.3f; размер %.3f×%.3f; бин %.3f×%.3f; отсчётов на бин %d×%d (%s)."),
                scale, s.Aligned ? "0.5" : "0", a.RoiStartX, a.RoiStartY, a.RoiWidth, a.RoiHeight, a.BinWidth, a.BinHeight,
                a.GridH, a.GridW, s.Sampling > 0 ? "sampling_ratio" : "ceil(roi / output)");
    ImGui::TextDisabled(
        "%s",
        Tr("Отсчёт — билинейная смесь 4 соседних клеток (наведите на бин выхода: линии с толщиной по весу). RoIPool сдвигает "
           "рамку до целых клеток — признаки и пиксели расходятся; RoIAlign ничего не округляет. aligned=True сдвигает на "
           "полклетки, чтобы отсчёты легли на центры клеток. Проверено против torchvision.ops.roi_align / roi_pool до 1e-6."));
    ImGui::PopTextWrapPos();
}

} // namespace mlviz
