// Segmentation view, the scene tab (q7): the ground truth as the three tasks annotate it, and the
// prediction, painted or perturbed, with the live score of each task's metric.
#include <algorithm>
#include <cmath>
#include <string>

#include "core/i18n.h"
#include "imgui_internal.h"
#include "topics/segmentation/view/seg_view.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

SegColoring ColoringOf(int layer)
{
    switch (static_cast<SegLayer>(layer)) {
    case SegLayer::Semantic: return SegColoring::Semantic;
    case SegLayer::Instance: return SegColoring::Instance;
    default: return SegColoring::Panoptic;
    }
}

void HoverTooltip(const SegModel& m, const SegCanvas& c)
{
    if (!c.Hovered) return;
    ImGui::BeginTooltip();
    ImGui::Text(Tr("клетка (%d, %d)"), c.HoverX, c.HoverY);
    ImGui::Text(Tr("разметка: %s"), SegCellText(m.TheScene.Gt, c.HoverX, c.HoverY).c_str());
    ImGui::Text(Tr("предсказание: %s"), SegCellText(m.Pred, c.HoverX, c.HoverY).c_str());
    const std::size_t i = m.Pred.Index(c.HoverX, c.HoverY);
    if (m.Edits.Cells.size() == m.Pred.Size() && m.Edits.Cells[i] >= 0) ImGui::TextDisabled("%s", Tr("(нарисовано)"));
    ImGui::EndTooltip();
}

void DrawLiveScores(SegmentationState& s, const SegModel& m)
{
    ImGui::TextUnformatted(Tr("Метрика каждой задачи сейчас:"));
    ImGui::Text("mIoU = %s", SegNumber(m.Semantic.MeanIou).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(Tr("подробнее##sem"))) s.Tab = static_cast<int>(SegTab::Semantic);
    ImGui::Text("PQ = %s", m.Panoptic ? SegNumber(m.Panoptic->All.Pq).c_str() : "—");
    ImGui::SameLine();
    if (ImGui::SmallButton(Tr("подробнее##pq"))) s.Tab = static_cast<int>(SegTab::Panoptic);
    if (m.Coco && m.Coco->Done()) {
        const double ap = m.Coco->Output().Stats.Ap;
        ImGui::Text("%s AP = %s", s.IouType == 1 ? "box" : "mask", ap < 0 ? "—" : SegNumber(ap).c_str());
    } else {
        ImGui::Text("%s AP = …", s.IouType == 1 ? "box" : "mask");
    }
    ImGui::SameLine();
    if (ImGui::SmallButton(Tr("подробнее##ap"))) s.Tab = static_cast<int>(SegTab::Ap);
    ImGui::Spacing();
    ImGui::TextDisabled("%s", Tr("Классы (щелчок — цвет кисти):"));
    for (int c = 0; c <= kSegNumClasses; ++c) {
        const int cls = c < kSegNumClasses ? c : kSegVoid;
        ImGui::PushID(c);
        const float sz = ImGui::GetTextLineHeight();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        if (ImGui::InvisibleButton("##sw", ImVec2(sz, sz))) s.PaintClass = c;
        ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + sz, p.y + sz), SegClassColor(cls), 2.0f);
        if (s.PaintClass == c)
            ImGui::GetWindowDrawList()->AddRect(p, ImVec2(p.x + sz, p.y + sz), ImGui::GetColorU32(ImGuiCol_Text), 2.0f, 0, 2.0f);
        ImGui::SameLine();
        ImGui::Text("%s%s", SegClassLabel(cls), c < kSegNumClasses ? (SegIsThing(c) ? " (thing)" : " (stuff)") : "");
        ImGui::PopID();
    }
}

} // namespace

bool SegPaint(SegmentationState& s, SegModel& m, const SegCanvas& c)
{
    ImGuiIO& io = ImGui::GetIO();
    const bool active = ImGui::IsItemActive();
    if (!active && !c.Hovered) {
        m.PaintStroke = false;
        return false;
    }
    const auto tool = static_cast<SegTool>(s.Tool);
    const bool pick = (c.Hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) ||
        (tool == SegTool::Pick && c.Hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left));
    if (pick) {
        const PaintValue v = PickAt(m.Pred, c.HoverX, c.HoverY);
        s.PaintClass = v.Class == kSegVoid ? kSegNumClasses : v.Class;
        if (v.Instance > 0) s.PaintInstance = v.Instance;
        return false;
    }
    if (!active || !io.MouseDown[ImGuiMouseButton_Left] || tool == SegTool::Pick) {
        m.PaintStroke = false;
        return false;
    }
    const double x = (io.MousePos.x - c.Min.x) / c.Cell, y = (io.MousePos.y - c.Min.y) / c.Cell;
    int changed = 0;
    if (tool == SegTool::Fill) {
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) &&
            m.Pred.Inside(static_cast<int>(std::floor(x)), static_cast<int>(std::floor(y))))
            changed =
                PaintFill(m.Edits, m.Pred, static_cast<int>(std::floor(x)), static_cast<int>(std::floor(y)), SegPaintValue(s));
    } else {
        // Stamps along the segment from the last position, so a fast stroke leaves no gaps.
        const double x0 = m.PaintStroke ? m.LastPaintX : x, y0 = m.PaintStroke ? m.LastPaintY : y;
        const double len = std::hypot(x - x0, y - y0);
        const int steps = std::clamp(static_cast<int>(std::ceil(len / std::max(0.25, s.Brush * 0.5))), 1, 256);
        for (int k = 1; k <= steps; ++k) {
            const double t = static_cast<double>(k) / steps, px = x0 + (x - x0) * t, py = y0 + (y - y0) * t;
            if (tool == SegTool::Brush)
                changed += PaintBrush(m.Edits, px, py, s.Brush, SegPaintValue(s));
            else if (tool == SegTool::Erase)
                changed += PaintErase(m.Edits, px, py, s.Brush);
            else
                changed += PaintRevert(m.Edits, px, py, s.Brush);
        }
        m.PaintStroke = true;
        m.LastPaintX = x;
        m.LastPaintY = y;
    }
    if (changed > 0) StoreSegEdits(s, m);
    return changed > 0;
}

void DrawSegSceneTab(SegmentationState& s, SegModel& m, ViewContext& ctx)
{
    const Scene& sc = m.TheScene;
    const float avail = ImGui::GetContentRegionAvail().x, sp = ImGui::GetStyle().ItemSpacing.x;
    const float small = std::max(60.0f, (avail - 2.0f * sp) / 3.0f);
    const std::uint64_t v = m.SceneVersion;
    const char* captions[3] = {Tr("Семантическая: класс каждого пикселя"), Tr("Экземпляры: маска и id у things"),
                               Tr("Паноптическая: (класс, id) каждого пикселя")};
    SegTexture* texes[3] = {&m.GtSemantic, &m.GtInstance, &m.GtPanopticTex};
    const SegColoring colorings[3] = {SegColoring::Semantic, SegColoring::Instance, SegColoring::Panoptic};
    ImGui::TextDisabled("%s", Tr("Разметка (ground truth) одной сцены для трёх задач:"));
    for (int k = 0; k < 3; ++k) {
        if (k > 0) ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + small);
        ImGui::TextUnformatted(captions[k]);
        ImGui::PopTextWrapPos();
        const ImTextureID tex = SegTextureOf(ctx, *texes[k], v, [&] { return SegLabelImage(sc.Gt, colorings[k]); });
        ImGui::PushID(k);
        const SegCanvas c = DrawSegCanvas("##gt", tex, sc.Gt.Width, sc.Gt.Height, small, nullptr);
        ImGui::PopID();
        HoverTooltip(m, c);
        ImGui::EndGroup();
    }

    ImGui::Spacing();
    const float side = std::min(ImGui::GetFontSize() * 15.0f, avail * 0.4f);
    const float room_h = ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() * 3.0f;
    const float pred_w =
        std::clamp(std::min(avail - side - sp, room_h * sc.Gt.Width / std::max(1, sc.Gt.Height)), avail * 0.45f, avail);
    ImGui::BeginGroup();
    ImGui::TextUnformatted(Tr("Предсказание (рисуйте по нему):"));
    const auto coloring = ColoringOf(s.Layer);
    const std::uint64_t key = m.PredVersion * 4 + static_cast<std::uint64_t>(s.Layer);
    const ImTextureID tex = SegTextureOf(ctx, m.PredTex, key, [&] { return SegLabelImage(m.Pred, coloring); });
    const SegCanvas c = DrawSegCanvas("##pred", tex, m.Pred.Width, m.Pred.Height, pred_w, nullptr);
    SegPaint(s, m, c);
    if (s.ShowGtOutline) DrawSegOutlines(c, sc.Gt, IM_COL32(255, 255, 255, 150), 1.0f);
    if (c.Hovered && s.Tool != static_cast<int>(SegTool::Fill) && s.Tool != static_cast<int>(SegTool::Pick))
        ImGui::GetWindowDrawList()->AddCircle(ImGui::GetIO().MousePos, s.Brush * c.Cell, IM_COL32(255, 255, 255, 220), 32, 1.5f);
    HoverTooltip(m, c);
    ImGui::EndGroup();
    const bool row = avail - pred_w - sp >= ImGui::GetFontSize() * 10.0f;
    if (row) ImGui::SameLine();
    ImGui::BeginGroup();
    DrawLiveScores(s, m);
    ImGui::EndGroup();
    if (m.EditsOverflow) {
        ImGui::PushStyleColor(ImGuiCol_Text, SegBadColor());
        ImGui::TextWrapped(Tr("Правки (%d клеток) не помещаются в ссылку: ссылка их не содержит. Сохраните предсказание "
                              "кнопкой ниже; PNG масок, перетащенный на окно, вернёт его."),
                           m.Edits.EditedCount());
        ImGui::PopStyleColor();
    }
    // The prediction as shown (edits applied) leaves as a PNG of masks that a drop reads back.
    ImGui::PushOverrideID(ImHashStr(kSegSaveMasksScope));
    const std::string save_label = std::string(Tr("Сохранить маски (PNG)")) + kSegSaveMasksLabelId;
    if (ImGui::Button(save_label.c_str())) ctx.Files.push_back({"mlviz-segmentation-masks.png", SegMasksPng(m.Pred)});
    ImGui::PopID();
    ImGui::SameLine();
    ImGui::TextDisabled("%s", Tr("R = класс, G·256 + B = экземпляр; перетащите такой файл на окно, чтобы загрузить"));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s",
                        Tr("Stuff (дорога, небо, здание) — только класс; things (машины, люди) — ещё и экземпляр. Серое на карте "
                           "экземпляров — то, что сегментация экземпляров не размечает; чёрное — пустота (void)."));
    ImGui::PopTextWrapPos();
}

} // namespace mlviz
