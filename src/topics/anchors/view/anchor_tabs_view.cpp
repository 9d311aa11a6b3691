// Anchors topic, tab "Якоря": one feature level's anchors over the scene, coloured by
// the matcher's verdict, with the per-GT table and the anchors of one location with IoUs.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "topics/anchors/view/anchor_view_state.h"
#include "ui/plot.h"

namespace mlviz {

namespace {

constexpr int kMaxDrawnPositives = 4000; // more outlines than this are a blur anyway

const char* StatusText(int code, char* buf, std::size_t n)
{
    if (code >= 0)
        std::snprintf(buf, n, Tr("позитив #%d"), code);
    else if (code == kBetweenThresholds)
        std::snprintf(buf, n, "%s", Tr("игнор"));
    else
        std::snprintf(buf, n, "%s", Tr("негатив"));
    return buf;
}

void AddBox(ImDrawList* dl, const SceneCanvas& c, const Box& b, ImU32 col, float thickness)
{
    dl->AddRect(c.ToScreen(b.X1, b.Y1), c.ToScreen(b.X2, b.Y2), col, 0.0f, 0, thickness);
}

// Cell boundaries half a stride either side of each anchor centre.
void DrawGrid(ImDrawList* dl, const SceneCanvas& c, const AnchorLevel& lv, AnchorConvention conv)
{
    if (lv.StrideX * c.Scale < 6.0 || lv.StrideY * c.Scale < 6.0) return;
    const ImU32 col = IM_COL32(255, 255, 255, 40);
    for (int i = 0; i <= lv.FeatureW; ++i) {
        const double x = LocationCenter(i, lv.StrideX, conv) - 0.5 * lv.StrideX;
        dl->AddLine(c.ToScreen(x, 0), c.ToScreen(x, 1e5), col);
    }
    for (int j = 0; j <= lv.FeatureH; ++j) {
        const double y = LocationCenter(j, lv.StrideY, conv) - 0.5 * lv.StrideY;
        dl->AddLine(c.ToScreen(0, y), c.ToScreen(1e5, y), col);
    }
}

// One dot per location: green if any anchor there is positive, amber if only ignored ones.
void DrawLocationDots(ImDrawList* dl, const SceneCanvas& c, const MatchedAnchors& m, const AnchorLevelData& d,
                      AnchorConvention conv)
{
    const AnchorLevel& lv = d.Level;
    const int a_count = lv.PerLocation();
    const bool dense = std::min(lv.StrideX, lv.StrideY) * c.Scale < 5.0;
    for (int row = 0; row < lv.FeatureH; ++row) {
        for (int col = 0; col < lv.FeatureW; ++col) {
            const std::size_t base = d.Offset + (static_cast<std::size_t>(row) * lv.FeatureW + col) * a_count;
            int best = kBelowLowThreshold;
            for (int a = 0; a < a_count && base + a < m.Matches.size(); ++a) {
                const int code = m.Matches[base + static_cast<std::size_t>(a)];
                if (code >= 0) {
                    best = code;
                    break;
                }
                if (code == kBetweenThresholds) best = code;
            }
            if (best == kBelowLowThreshold && dense) continue;
            const ImVec2 p = c.ToScreen(LocationCenter(col, lv.StrideX, conv), LocationCenter(row, lv.StrideY, conv));
            const float r = best >= 0 ? 3.0f : (best == kBetweenThresholds ? 2.5f : 1.3f);
            dl->AddCircleFilled(p, r, AnchorStatusColor(best, best == kBelowLowThreshold ? 0.45f : 1.0f));
        }
    }
}

struct LocationRef {
    int Row = -1, Col = -1;
    bool Valid() const { return Row >= 0; }
};

LocationRef LocateLevel(const AnchorLevel& lv, double x, double y, AnchorConvention conv)
{
    if (x < 0.0 || y < 0.0 || lv.FeatureW <= 0 || lv.FeatureH <= 0) return {};
    return {LocationIndex(y, lv.StrideY, lv.FeatureH, conv), LocationIndex(x, lv.StrideX, lv.FeatureW, conv)};
}

// Rows: the anchors of one location; columns: status and IoU with each GT that overlaps them.
void LocationTable(const MatchedAnchors& m, const AnchorLevelData& d, LocationRef loc, int gt_count)
{
    const AnchorLevel& lv = d.Level;
    const int a_count = lv.PerLocation();
    const std::size_t n = m.Anchors.size();
    const std::size_t base = d.Offset + (static_cast<std::size_t>(loc.Row) * lv.FeatureW + loc.Col) * a_count;
    // GTs touching this location's anchors, most overlapping first, at most 4 columns.
    std::vector<std::pair<float, int>> gts;
    for (int g = 0; g < gt_count; ++g) {
        float best = 0.0f;
        for (int a = 0; a < a_count; ++a) best = std::max(best, m.Iou[static_cast<std::size_t>(g) * n + base + a]);
        if (best > 0.0f) gts.push_back({best, g});
    }
    std::sort(gts.begin(), gts.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    if (gts.size() > 4) gts.resize(4);
    if (!ImGui::BeginTable("loc", 2 + static_cast<int>(gts.size()),
                           ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV))
        return;
    AnchorColumn(Tr("якорь w×h"), "0000×0000");
    AnchorColumn(Tr("статус"), Tr("позитив #00"));
    char head[16][8];
    for (std::size_t k = 0; k < gts.size(); ++k) {
        std::snprintf(head[k], sizeof(head[k]), "#%d", gts[k].second);
        AnchorColumn(head[k], "0.000");
    }
    ImGui::TableHeadersRow();
    for (int a = 0; a < a_count; ++a) {
        const std::size_t i = base + static_cast<std::size_t>(a);
        const Box& b = m.Anchors[i];
        const int code = m.Matches[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%.0f×%.0f", b.Width(), b.Height());
        ImGui::TableNextColumn();
        char buf[32];
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(AnchorStatusColor(code)), "%s", StatusText(code, buf, sizeof(buf)));
        for (const auto& [unused, g] : gts) {
            ImGui::TableNextColumn();
            const float v = m.Iou[static_cast<std::size_t>(g) * n + i];
            if (v > 0.0f)
                ImGui::Text("%.3f", v);
            else
                ImGui::TextDisabled("0");
        }
    }
    ImGui::EndTable();
    if (gts.empty()) ImGui::TextDisabled("%s", Tr("Ни один GT не пересекает якоря этой точки."));
}

} // namespace

void AnchorsView::DrawGtRowHead(int g)
{
    const GtBox& gt = State.Gt[static_cast<std::size_t>(g)];
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    char id[16];
    std::snprintf(id, sizeof(id), "#%d", g);
    ImGui::PushStyleColor(ImGuiCol_Text, SeriesColor(g));
    if (ImGui::Selectable(id, State.Selected == g, ImGuiSelectableFlags_SpanAllColumns)) State.Selected = g;
    ImGui::PopStyleColor();
    ImGui::TableNextColumn();
    ImGui::Text("%.0f×%.0f", gt.X2 - gt.X1, gt.Y2 - gt.Y1);
}

void AnchorsView::DrawGtTable(const MatchedAnchors& m, bool per_level)
{
    const int levels_lo = m.Levels.empty() ? 0 : m.Levels.front().LevelId,
              levels_hi = m.Levels.empty() ? -1 : m.Levels.back().LevelId;
    const int cols = per_level ? 3 + (levels_hi - levels_lo + 1) : 5;
    if (!ImGui::BeginTable("gt", std::max(cols, 1),
                           ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV))
        return;
    AnchorGtColumns();
    char level_names[8][8];
    if (per_level) {
        for (int l = levels_lo; l <= levels_hi; ++l) {
            std::snprintf(level_names[l], sizeof(level_names[l]), "P%d", l);
            AnchorColumn(level_names[l], "000");
        }
        AnchorColumn(Tr("RoI-ур."), Tr("P5 нет позитивов!"));
    } else {
        AnchorColumn(Tr("позит."), "000 (low-q)");
        AnchorColumn("IoU", "0.000");
        AnchorColumn(Tr("лучший якорь"), "(00,00) 000×000");
    }
    ImGui::TableHeadersRow();
    const ImVec4 red(1.0f, 0.42f, 0.38f, 1.0f);
    for (int g = 0; g < State.GtCount && g < static_cast<int>(m.Summary.size()); ++g) {
        const GtBox& gt = State.Gt[static_cast<std::size_t>(g)];
        const GtMatchSummary& s = m.Summary[static_cast<std::size_t>(g)];
        DrawGtRowHead(g);
        if (per_level) {
            for (int l = levels_lo; l <= levels_hi; ++l) {
                ImGui::TableNextColumn();
                AnchorLevelCount(l, m.PositivesPerLevel[static_cast<std::size_t>(g)][static_cast<std::size_t>(l)]);
            }
            ImGui::TableNextColumn();
            ImGui::Text("P%d", FpnRoiLevel(ToBox(gt)));
            if (s.Positives == 0) {
                ImGui::SameLine();
                ImGui::TextColored(red, "%s", Tr("нет позитивов!"));
            }
            continue;
        }
        ImGui::TableNextColumn();
        if (s.Positives == 0)
            ImGui::TextColored(red, "%s", Tr("0 — нет!"));
        else if (s.LowQualityOnly == s.Positives) {
            ImGui::Text("%d (low-q)", s.Positives);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("%s",
                                  Tr("Все позитивы — low-quality: IoU ниже порога, но равен максимуму этого GT.\nНичьи "
                                     "засчитываются все: у мелкой рамки внутри одинаковых якорей IoU совпадает."));
        } else
            ImGui::Text("%d", s.Positives);
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", s.BestIou);
        ImGui::TableNextColumn();
        if (s.BestAnchor >= 0 && !m.Levels.empty()) {
            const AnchorLevel& lv = m.Levels.front().Level;
            const int loc = s.BestAnchor / std::max(lv.PerLocation(), 1);
            const Box& b = m.Anchors[static_cast<std::size_t>(s.BestAnchor)];
            ImGui::Text("(%d,%d) %.0f×%.0f", loc / std::max(lv.FeatureW, 1), loc % std::max(lv.FeatureW, 1), b.Width(),
                        b.Height());
        }
    }
    ImGui::EndTable();
}

void AnchorsView::DrawAnchorsTab(ViewContext& ctx)
{
    const float fs = ImGui::GetFontSize();
    const SceneCanvas c = BeginScene(ctx, std::clamp(ImGui::GetContentRegionAvail().y * 0.58f, fs * 10.0f, fs * 40.0f));
    UpdateSingle();
    const auto conv = static_cast<AnchorConvention>(State.Gen.Convention);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    std::vector<int> positives;
    for (const GtMatchSummary& s : Single.Summary) positives.push_back(s.Positives);
    LocationRef inspect, hover;
    if (!Single.Levels.empty()) {
        const AnchorLevelData& d = Single.Levels.front();
        if (State.ShowGrid) DrawGrid(dl, c, d.Level, conv);
        DrawLocationDots(dl, c, Single, d, conv);
        inspect = LocateLevel(d.Level, State.InspectX, State.InspectY, conv);
        if (c.Hovered && !ImGui::IsMouseDown(ImGuiMouseButton_Left)) hover = LocateLevel(d.Level, c.MouseX, c.MouseY, conv);
        if (!State.OneLocation) {
            int drawn = 0;
            for (std::size_t i = 0; i < Single.Matches.size() && drawn < kMaxDrawnPositives; ++i) {
                const int code = Single.Matches[i];
                if (code < 0) continue;
                AddBox(dl, c, Single.Anchors[i], SeriesColor(code, 0.85f), 1.5f);
                ++drawn;
            }
        }
        // The inspected location's anchors (always in "one location" mode), then the hovered one.
        for (const LocationRef& loc : {State.OneLocation ? inspect : LocationRef{}, hover}) {
            if (!loc.Valid()) continue;
            const int a_count = d.Level.PerLocation();
            const std::size_t base = (static_cast<std::size_t>(loc.Row) * d.Level.FeatureW + loc.Col) * a_count;
            for (int a = 0; a < a_count; ++a)
                AddBox(dl, c, Single.Anchors[base + a], AnchorStatusColor(Single.Matches[base + a], 0.95f), 1.5f);
        }
    }
    EndScene(c, positives);

    if (hover.Valid() && !Single.Levels.empty()) {
        ImGui::BeginTooltip();
        ImGui::Text(Tr("Точка (%d, %d): IoU её якорей с GT"), hover.Row, hover.Col);
        LocationTable(Single, Single.Levels.front(), hover, State.GtCount);
        ImGui::EndTooltip();
    }
    if (!Single.Error.Empty()) {
        ImGui::TextColored(ImVec4(1.0f, 0.42f, 0.38f, 1.0f), Tr("Якоря не построены: %s"), Tr(Single.Error).c_str());
        return;
    }
    if (Single.Levels.empty()) return;
    const AnchorLevel& lv = Single.Levels.front().Level;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text(Tr("Якорей %zu = %d×%d точек × %d; шаг %.0f×%.0f px. Позитивов %d, игнор %d."), Single.Anchors.size(),
                lv.FeatureH, lv.FeatureW, lv.PerLocation(), lv.StrideY, lv.StrideX, Single.Positives, Single.Ignored);
    int missing = 0;
    for (int p : positives) missing += p == 0;
    const bool iou_rule = State.Match.Rule == static_cast<int>(MatchRule::IouMatcher);
    if (missing > 0)
        ImGui::TextColored(ImVec4(1.0f, 0.42f, 0.38f, 1.0f),
                           Tr("%d GT без единого позитивного якоря: им нечему учиться. Обычно это мелкие объекты или необычные "
                              "пропорции — уменьшите шаг (уровень FPN) или добавьте размеры."),
                           missing);
    // Why low-quality matching did not rescue a box: torchvision gives the tied anchor its own best GT.
    for (int g = 0; iou_rule && State.Match.LowQuality && g < static_cast<int>(Single.Summary.size()); ++g) {
        const GtMatchSummary& s = Single.Summary[static_cast<std::size_t>(g)];
        if (s.Positives > 0 || s.BestAnchor < 0) continue;
        const int owner = Single.Matches[static_cast<std::size_t>(s.BestAnchor)];
        if (owner >= 0 && owner != g)
            ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f),
                               Tr("GT #%d: его лучший якорь (IoU %.3f) больше перекрывает GT #%d — low-quality правило "
                                  "torchvision отдаёт якорь его собственному лучшему GT."),
                               g, s.BestIou, owner);
    }
    for (int g : Single.UnmatchedGt)
        ImGui::TextColored(ImVec4(1.0f, 0.75f, 0.3f, 1.0f),
                           Tr("GT #%d не пересекает ни одного якоря. В torchvision его максимум IoU = 0, и low-quality правило "
                              "отдаёт каждому якорю с IoU 0 к нему его собственный лучший GT — лишние позитивы."),
                           g);
    ImGui::PopTextWrapPos();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", Tr("IoU — лучший IoU этого GT с якорем; (строка,столбец) — точка того якоря."));
    ImGui::PopTextWrapPos();
    DrawGtTable(Single, false);
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    if (inspect.Valid()) {
        ImGui::TextDisabled(Tr("Якоря точки (%d, %d), центр (%.0f, %.0f):"), inspect.Row, inspect.Col,
                            LocationCenter(inspect.Col, lv.StrideX, conv), LocationCenter(inspect.Row, lv.StrideY, conv));
        LocationTable(Single, Single.Levels.front(), inspect, State.GtCount);
    } else {
        ImGui::TextDisabled("%s", Tr("Коснитесь картинки: здесь появятся якоря этой точки и их IoU с каждым GT."));
    }
    ImGui::PopTextWrapPos();
}

} // namespace mlviz
