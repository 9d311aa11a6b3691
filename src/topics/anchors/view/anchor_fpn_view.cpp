// Anchors topic, tabs "FPN" and "FCOS": which pyramid level each GT lands on when anchors
// of all levels are matched together, and the anchor-free FCOS assignment with centerness.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/colormap.h"
#include "topics/anchors/view/anchor_view_state.h"
#include "ui/plot.h"

namespace mlviz {

namespace {

void LevelLegend(const std::vector<int>& levels, const std::vector<int>& counts)
{
    for (std::size_t i = 0; i < levels.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(AnchorLevelColor(levels[i])), "■ P%d: %d", levels[i], counts[i]);
    }
}

ImU32 CenternessColor(double t, float alpha)
{
    const Rgb8 c = SampleColormap(Colormap::Viridis, t);
    return IM_COL32(c.R, c.G, c.B, static_cast<int>(alpha * 255.0f));
}

} // namespace

void AnchorsView::DrawFpnTab(ViewContext& ctx)
{
    const float fs = ImGui::GetFontSize();
    const SceneCanvas c = BeginScene(ctx, std::clamp(ImGui::GetContentRegionAvail().y * 0.58f, fs * 10.0f, fs * 40.0f));
    UpdateFpn();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    std::vector<int> level_ids, level_counts;
    for (const AnchorLevelData& d : Fpn.Levels) {
        int count = 0;
        const std::size_t end = d.Offset + static_cast<std::size_t>(d.Level.Count());
        for (std::size_t i = d.Offset; i < end && i < Fpn.Matches.size(); ++i) {
            if (Fpn.Matches[i] < 0) continue;
            ++count;
            const Box& b = Fpn.Anchors[i];
            dl->AddRect(c.ToScreen(b.X1, b.Y1), c.ToScreen(b.X2, b.Y2), AnchorLevelColor(d.LevelId, 0.9f), 0.0f, 0, 1.5f);
        }
        level_ids.push_back(d.LevelId);
        level_counts.push_back(count);
    }
    std::vector<int> positives;
    for (const GtMatchSummary& s : Fpn.Summary) positives.push_back(s.Positives);
    EndScene(c, positives);
    if (!Fpn.Error.Empty()) {
        ImGui::TextColored(ImVec4(1.0f, 0.42f, 0.38f, 1.0f), Tr("Якоря не построены: %s"), Tr(Fpn.Error).c_str());
        return;
    }
    ImGui::TextDisabled(Tr("Позитивные якоря по уровням (%zu якорей всего):"), Fpn.Anchors.size());
    LevelLegend(level_ids, level_counts);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s",
                        Tr("Якоря всех уровней сопоставляются разом (RPN, RetinaNet) или по лучшей форме (YOLO): крупный объект "
                           "получает позитивы на верхних уровнях, мелкий — на нижних. «RoI-ур.» — уровень, с которого Faster "
                           "R-CNN берёт признаки для этой рамки: k = floor(4 + log₂(√(wh) / 224)) в [2, 5] (LevelMapper)."));
    ImGui::PopTextWrapPos();
    DrawGtTable(Fpn, true);
}

void AnchorsView::DrawFcosTab(ViewContext& ctx)
{
    const float fs = ImGui::GetFontSize();
    AnchorFcosState& f = State.Fcos;
    ImGui::Checkbox(Tr("Центр. сэмплинг"), &f.CenterSampling);
    ImGui::SameLine();
    ImGui::BeginDisabled(!f.CenterSampling);
    ImGui::SetNextItemWidth(std::max(fs * 4.0f, ImGui::GetContentRegionAvail().x * 0.45f));
    ImGui::SliderFloat("##radius", &f.Radius, 0.5f, 4.0f, Tr("радиус %.2f·шаг"));
    ClampAnchorsState(State); // a typed radius may be anything, NaN included
    ImGui::EndDisabled();
    ImGui::TextDisabled("%s", Tr("Теплокарта центрированности:"));
    for (int l = 3; l <= 7; ++l) {
        ImGui::SameLine();
        char name[8];
        std::snprintf(name, sizeof(name), "P%d", l);
        if (ImGui::RadioButton(name, f.HeatLevel == l)) f.HeatLevel = l;
    }
    f.HeatLevel = std::clamp(f.HeatLevel, 3, 7);

    const SceneCanvas c = BeginScene(ctx, std::clamp(ImGui::GetContentRegionAvail().y * 0.55f, fs * 10.0f, fs * 40.0f));
    UpdateFcos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    std::size_t offset = 0;
    std::vector<int> level_counts;
    int heat_hover_gt = -1;
    float heat_hover = 0.0f;
    for (std::size_t l = 0; l < Fcos.PerLevel.size(); ++l) {
        const int level = Fcos.LevelIds[l];
        const std::size_t end = offset + static_cast<std::size_t>(Fcos.PerLevel[l]);
        int count = 0;
        for (std::size_t i = offset; i < end; ++i) {
            const int g = Fcos.Assignment.MatchedGt[i];
            if (g < 0) continue;
            ++count;
            const Box& a = Fcos.Anchors[i];
            const double s = a.X2 - a.X1; // = stride
            if (level == f.HeatLevel) {
                const double ctr = Fcos.Assignment.Centerness[i];
                const ImVec2 p0 = c.ToScreen(a.CenterX() - 0.5 * s, a.CenterY() - 0.5 * s),
                             p1 = c.ToScreen(a.CenterX() + 0.5 * s, a.CenterY() + 0.5 * s);
                dl->AddRectFilled(p0, p1, CenternessColor(ctr, 0.6f));
                if (c.Hovered && std::fabs(c.MouseX - a.CenterX()) <= 0.5 * s && std::fabs(c.MouseY - a.CenterY()) <= 0.5 * s) {
                    heat_hover_gt = g;
                    heat_hover = static_cast<float>(ctr);
                }
            }
        }
        // Positive points of every level on top, so levels compare at a glance.
        for (std::size_t i = offset; i < end; ++i) {
            if (Fcos.Assignment.MatchedGt[i] < 0) continue;
            const Box& a = Fcos.Anchors[i];
            dl->AddCircleFilled(c.ToScreen(a.CenterX(), a.CenterY()), 3.0f, AnchorLevelColor(level));
            dl->AddCircle(c.ToScreen(a.CenterX(), a.CenterY()), 3.0f, IM_COL32(0, 0, 0, 200));
        }
        level_counts.push_back(count);
        offset = end;
    }
    std::vector<int> positives(static_cast<std::size_t>(State.GtCount), 0);
    for (std::size_t g = 0; g < Fcos.PositivesPerLevel.size() && g < positives.size(); ++g)
        for (int v : Fcos.PositivesPerLevel[g]) positives[g] += v;
    EndScene(c, positives);
    if (heat_hover_gt >= 0) ImGui::SetTooltip(Tr("P%d: центрированность %.3f (GT #%d)"), f.HeatLevel, heat_hover, heat_hover_gt);

    ImGui::TextDisabled("%s", Tr("Позитивные точки по уровням:"));
    LevelLegend(Fcos.LevelIds, level_counts);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        Tr("Без якорей: точка позитивна, если лежит внутри GT%s и её max(l, t, r, b) в диапазоне уровня (P3 0–64, P4 64–128, P5 "
           "128–256, P6 256–512, P7 > 512 px). Из нескольких GT берётся меньший по площади. Центрированность √(min(l,r)/max(l,r) "
           "· min(t,b)/max(t,b)) гасит рамки от краёв объекта. Правила — как в torchvision FCOS."),
        f.CenterSampling ? Tr(" и ближе радиус·шаг к его центру") : "");
    ImGui::PopTextWrapPos();
    if (ImGui::BeginTable("fcos_gt", 3 + static_cast<int>(Fcos.LevelIds.size()),
                          ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
        AnchorGtColumns();
        AnchorColumn("max/2", "000");
        char names[8][8];
        for (std::size_t l = 0; l < Fcos.LevelIds.size() && l < 8; ++l) {
            std::snprintf(names[l], sizeof(names[l]), "P%d", Fcos.LevelIds[l]);
            AnchorColumn(names[l], "000");
        }
        ImGui::TableHeadersRow();
        for (int g = 0; g < State.GtCount; ++g) {
            const GtBox& gt = State.Gt[static_cast<std::size_t>(g)];
            DrawGtRowHead(g);
            ImGui::TableNextColumn();
            // At the GT centre max(l, t, r, b) = max(w, h) / 2: which range the object falls in.
            ImGui::Text("%.0f", 0.5 * std::max(gt.X2 - gt.X1, gt.Y2 - gt.Y1));
            for (std::size_t l = 0; l < Fcos.LevelIds.size(); ++l) {
                ImGui::TableNextColumn();
                const int count = g < static_cast<int>(Fcos.PositivesPerLevel.size())
                    ? Fcos.PositivesPerLevel[static_cast<std::size_t>(g)][static_cast<std::size_t>(Fcos.LevelIds[l])]
                    : 0;
                AnchorLevelCount(Fcos.LevelIds[l], count);
            }
        }
        ImGui::EndTable();
    }
}

} // namespace mlviz
