// Segmentation view, the panoptic quality tab (q9): the ground truth and predicted segments side
// by side, the matching (IoU > 0.5, same category) drawn between them, TP / FP / FN and the
// void / crowd rules, and PQ = SQ × RQ per class and for things / stuff with the numbers filled in.
#include <algorithm>
#include <cmath>
#include <map>

#include "core/i18n.h"
#include "topics/segmentation/view/seg_view.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

struct SegmentInfo {
    double Sx = 0, Sy = 0;
    std::int64_t Area = 0;
    int Category = 0;
    ImVec2 Centre(const SegCanvas& c) const
    {
        return c.At(Sx / std::max<std::int64_t>(Area, 1) + 0.5, Sy / std::max<std::int64_t>(Area, 1) + 0.5);
    }
};

std::map<int, SegmentInfo> Segments(const PanopticMap& p)
{
    std::map<int, SegmentInfo> out;
    for (std::size_t i = 0; i < p.Ids.size(); ++i) {
        if (p.Ids[i] == 0) continue;
        SegmentInfo& s = out[p.Ids[i]];
        s.Sx += static_cast<double>(i % p.Width);
        s.Sy += static_cast<double>(i / p.Width);
        ++s.Area;
    }
    for (const PanopticSegment& s : p.Segments)
        if (auto it = out.find(s.Id); it != out.end()) it->second.Category = s.Category;
    return out;
}

std::string SegmentName(int id, int category)
{
    if (id >= kSegStuffSegmentBase) return SegClassLabel(category);
    return std::string(SegClassLabel(category)) + " #" + std::to_string(id);
}

bool Contains(const std::vector<int>& v, int id)
{
    return std::find(v.begin(), v.end(), id) != v.end();
}

// Highlights the cells of segment `id` (on hover only: a few hundred rectangles at most).
void HighlightSegment(const SegCanvas& c, const PanopticMap& p, int id)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t i = 0; i < p.Ids.size(); ++i)
        if (p.Ids[i] == id) {
            const int x = static_cast<int>(i % p.Width), y = static_cast<int>(i / p.Width);
            dl->AddRectFilled(c.At(x, y), c.At(x + 1, y + 1), IM_COL32(255, 255, 255, 110));
        }
}

void Tags(const SegCanvas& c, const std::map<int, SegmentInfo>& segs, const PanopticImageResult& r, bool gt)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const auto& [id, s] : segs) {
        if (id >= kSegStuffSegmentBase) continue; // stuff: the colour says it
        ImU32 col = SegGoodColor();
        std::string text = "#" + std::to_string(id);
        if (gt && Contains(r.Fn, id)) col = SegBadColor(), text += " FN";
        if (gt && Contains(r.CrowdGt, id)) col = SegNeutralColor(), text += " crowd";
        if (!gt && Contains(r.Fp, id)) col = SegBadColor(), text += " FP";
        if (!gt)
            for (const PanopticIgnored& ig : r.IgnoredPred)
                if (ig.PredId == id) col = SegNeutralColor(), text += Tr(" игнор");
        const ImVec2 p = s.Centre(c);
        const ImVec2 size = ImGui::CalcTextSize(text.c_str());
        const float x = std::clamp(p.x - size.x * 0.5f, c.Min.x + 3.0f, std::max(c.Min.x + 3.0f, c.Max.x - size.x - 3.0f));
        DrawSegTag(dl, ImVec2(x, p.y - size.y * 0.5f), col, text.c_str());
    }
}

void ClassTable(const PanopticResult& r)
{
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX;
    if (!ImGui::BeginTable("##pq", 9, flags)) return;
    for (const char* h : {Tr("класс"), Tr("тип"), "TP", "FP", "FN", "ΣIoU", "SQ", "RQ", "PQ"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const PanopticClassStat& s : r.PerClass) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(SegClassLabel(s.Category));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s.IsThing ? "thing" : "stuff");
        for (int v : {s.Tp, s.Fp, s.Fn}) {
            ImGui::TableNextColumn();
            ImGui::Text("%d", v);
        }
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", s.IouSum);
        for (const auto* v : {&s.Sq, &s.Rq, &s.Pq}) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(SegNumber(*v).c_str());
        }
    }
    const auto summary = [&](const char* name, const PanopticSummary& s) {
        ImGui::TableNextRow();
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, AccentColor(0.18f));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(name);
        ImGui::TableNextColumn();
        ImGui::Text(Tr("%d кл."), s.N);
        for (int k = 0; k < 4; ++k) ImGui::TableNextColumn();
        for (const auto* v : {&s.Sq, &s.Rq, &s.Pq}) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(SegNumber(*v).c_str());
        }
    };
    summary(Tr("все"), r.All);
    summary("things", r.Things);
    summary("stuff", r.Stuff);
    ImGui::EndTable();
}

} // namespace

void DrawSegPanopticTab(SegmentationState& s, SegModel& m, ViewContext& ctx)
{
    (void)s;
    if (!m.Panoptic) {
        ImGui::TextColored(ImVec4(1.0f, 0.4f, 0.4f, 1.0f), "%s", Tr(m.PanopticError).c_str());
        return;
    }
    const PanopticResult& r = *m.Panoptic;
    const PanopticImageResult& img = r.Images.front();
    const float avail = ImGui::GetContentRegionAvail().x, sp = ImGui::GetStyle().ItemSpacing.x * 3.0f;
    const float w = std::max(80.0f, (avail - sp) * 0.5f);
    const auto gsegs = Segments(m.GtPanoptic), psegs = Segments(m.PredPanoptic);
    const ImTextureID gtex =
        SegTextureOf(ctx, m.PanGt, m.SceneVersion, [&] { return SegLabelImage(m.TheScene.Gt, SegColoring::Panoptic); });
    const ImTextureID ptex =
        SegTextureOf(ctx, m.PanPred, m.PredVersion, [&] { return SegLabelImage(m.Pred, SegColoring::Panoptic); });
    ImGui::BeginGroup();
    const SegCanvas gc = DrawSegCanvas("##pgt", gtex, m.GtPanoptic.Width, m.GtPanoptic.Height, w, Tr("Разметка (GT)"));
    ImGui::EndGroup();
    ImGui::SameLine(0.0f, sp);
    ImGui::BeginGroup();
    const SegCanvas pc = DrawSegCanvas("##ppred", ptex, m.PredPanoptic.Width, m.PredPanoptic.Height, w, Tr("Предсказание"));
    ImGui::EndGroup();
    DrawSegOutlines(gc, m.TheScene.Gt, IM_COL32(255, 255, 255, 120), 1.0f);
    DrawSegOutlines(pc, m.Pred, IM_COL32(255, 255, 255, 120), 1.0f);

    // The hovered segment (either side) and its partner.
    int hover_gt = 0, hover_pred = 0;
    if (gc.Hovered) hover_gt = m.GtPanoptic.Ids[m.TheScene.Gt.Index(gc.HoverX, gc.HoverY)];
    if (pc.Hovered) hover_pred = m.PredPanoptic.Ids[m.Pred.Index(pc.HoverX, pc.HoverY)];
    if (hover_gt) HighlightSegment(gc, m.GtPanoptic, hover_gt);
    if (hover_pred) HighlightSegment(pc, m.PredPanoptic, hover_pred);

    // The matching: a line from each matched GT segment to its prediction, labelled with the IoU.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(gc.Min, pc.Max, true);
    for (const PanopticPair& p : img.Tp) {
        const auto g = gsegs.find(p.GtId), q = psegs.find(p.PredId);
        if (g == gsegs.end() || q == psegs.end()) continue;
        const bool hot = p.GtId == hover_gt || p.PredId == hover_pred;
        if (p.GtId >= kSegStuffSegmentBase && !hot) continue; // stuff: on hover only (the lines would cross everything)
        const ImVec2 a = g->second.Centre(gc), b = q->second.Centre(pc);
        dl->AddLine(a, b, SegGoodColor(hot ? 1.0f : 0.55f), hot ? 3.0f : 1.5f);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f", p.Iou);
        const ImVec2 mid((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f - ImGui::GetFontSize() * 0.5f);
        DrawSegTag(dl, mid, SegGoodColor(), buf);
    }
    dl->PopClipRect();
    Tags(gc, gsegs, img, true);
    Tags(pc, psegs, img, false);

    const auto hover_text = [&](int id, bool gt) {
        if (!id) return;
        const auto& segs = gt ? gsegs : psegs;
        const auto it = segs.find(id);
        if (it == segs.end()) return;
        ImGui::BeginTooltip();
        ImGui::Text(Tr("%s: %lld клеток"), SegmentName(id, it->second.Category).c_str(), static_cast<long long>(it->second.Area));
        for (const PanopticPair& p : img.Candidates) {
            if ((gt ? p.GtId : p.PredId) != id) continue;
            const int other = gt ? p.PredId : p.GtId;
            ImGui::Text(Tr("  с %s: ∩ = %lld, IoU = %.3f %s"), SegmentName(other, p.Category).c_str(),
                        static_cast<long long>(p.Intersection), p.Iou, p.Iou > 0.5 ? Tr("> 0.5: TP") : Tr("≤ 0.5"));
        }
        if (gt && Contains(img.CrowdGt, id)) ImGui::TextUnformatted(Tr("crowd: не сопоставляется и не даёт FN"));
        for (const PanopticIgnored& ig : img.IgnoredPred)
            if (!gt && ig.PredId == id)
                ImGui::Text(Tr("%.0f%% площади на void/crowd > 50%%: не FP"), 100.0 * ig.VoidCrowdFraction);
        ImGui::EndTooltip();
    };
    hover_text(hover_gt, true);
    hover_text(hover_pred, false);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s",
                        Tr("Линии — пары TP (один класс, IoU > 0.5; при таком пороге пара единственна). IoU = |g∩p| / (|g| + |p| "
                           "− |g∩p| − |p∩void|): клетки предсказания на void из объединения выпадают."));
    ImGui::PopTextWrapPos();

    ImGui::Spacing();
    ClassTable(r);
    // The formula with the numbers of the class with the lowest PQ.
    const PanopticClassStat* worst = nullptr;
    for (const PanopticClassStat& c : r.PerClass)
        if (c.Pq && (!worst || *c.Pq < *worst->Pq)) worst = &c;
    if (worst) {
        const PanopticClassStat& c = *worst;
        ImGui::Text("PQ(%s) = ΣIoU / (TP + ½FP + ½FN) = %.3f / (%d + %.1f + %.1f) = %s = SQ·RQ = %s · %s",
                    SegClassLabel(c.Category), c.IouSum, c.Tp, 0.5 * c.Fp, 0.5 * c.Fn, SegNumber(c.Pq).c_str(),
                    SegNumber(c.Sq).c_str(), SegNumber(c.Rq).c_str());
    }
    ImGui::Text(Tr("PQ = среднее PQ по %d классам = %s (things %s, stuff %s)"), r.All.N, SegNumber(r.All.Pq).c_str(),
                SegNumber(r.Things.Pq).c_str(), SegNumber(r.Stuff.Pq).c_str());

    std::string tp, fp, fn, ignored;
    for (const PanopticPair& p : img.Tp)
        tp += (tp.empty() ? "" : ", ") + SegmentName(p.GtId, p.Category) +
            (p.PredId >= kSegStuffSegmentBase ? "" : "↔#" + std::to_string(p.PredId)) + FormatString(" (%.2f)", p.Iou);
    for (int id : img.Fp) fp += (fp.empty() ? "" : ", ") + SegmentName(id, psegs.count(id) ? psegs.at(id).Category : 0);
    for (int id : img.Fn) fn += (fn.empty() ? "" : ", ") + SegmentName(id, gsegs.count(id) ? gsegs.at(id).Category : 0);
    for (const PanopticIgnored& ig : img.IgnoredPred)
        ignored +=
            (ignored.empty() ? "" : ", ") + SegmentName(ig.PredId, psegs.count(ig.PredId) ? psegs.at(ig.PredId).Category : 0);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(SegGoodColor()), "TP (%d): %s", static_cast<int>(img.Tp.size()),
                       tp.c_str());
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(SegBadColor()), "FP (%d): %s", static_cast<int>(img.Fp.size()),
                       fp.empty() ? "—" : fp.c_str());
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(SegBadColor()), "FN (%d): %s", static_cast<int>(img.Fn.size()),
                       fn.empty() ? "—" : fn.c_str());
    ImGui::TextDisabled(Tr("Не FP (больше половины на void или crowd): %s"), ignored.empty() ? "—" : ignored.c_str());
    ImGui::PopTextWrapPos();
}

} // namespace mlviz
