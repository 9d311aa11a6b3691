// Segmentation view, the AP tab's numbers: AP against the IoU threshold (the ten COCO thresholds
// whose mean is AP@[.5:.95]), the formulas with the current values, the detections in score
// order as the greedy matching takes them, and pycocotools' summary.
#include <algorithm>
#include <cmath>

#include "core/i18n.h"
#include "topics/segmentation/view/seg_view.h"
#include "ui/plot.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

double MeanInterpolated(const CocoPrCurve& c)
{
    if (!c.Defined) return -1.0;
    double sum = 0.0;
    for (double p : c.Interpolated) sum += p;
    return sum / kCocoR;
}

std::string Stat(double v)
{
    return v < 0 ? std::string("—") : SegNumber(v);
}

void StatsTable(const CocoEvalResult& r)
{
    const int K = static_cast<int>(r.CategoryIds.size());
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX;
    if (!ImGui::BeginTable("##coco", 2 + K, flags)) return;
    ImGui::TableSetupColumn(Tr("метрика"));
    ImGui::TableSetupColumn(Tr("все классы"));
    for (int k = 0; k < K; ++k) ImGui::TableSetupColumn(SegClassLabel(r.CategoryIds[k]));
    ImGui::TableHeadersRow();
    const char* names[12] = {"AP@[.5:.95]", "AP50",  "AP75",   "AP small", "AP medium", "AP large",
                             "AR@1",        "AR@10", "AR@100", "AR small", "AR medium", "AR large"};
    const auto all = r.Stats.AsArray();
    for (int i = 0; i < 12; ++i) {
        ImGui::TableNextRow();
        if (i == 0) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, AccentColor(0.18f));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(names[i]);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(Stat(all[i]).c_str());
        for (int k = 0; k < K; ++k) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(Stat(r.PerCategory[k].AsArray()[i]).c_str());
        }
    }
    ImGui::EndTable();
    ImGui::TextDisabled("%s", Tr("«—»: нет разметки в этом диапазоне (pycocotools пишет −1 и не усредняет)."));
}

// The detections of the chosen class in score order, as accumulate() walks them.
void DetectionTable(const SegModel& m)
{
    const CocoPrCurve& c = m.Curve;
    const CocoEvalResult& r = m.Coco->Output();
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX | ImGuiTableFlags_ScrollY;
    const float h = std::min(ImGui::GetTextLineHeightWithSpacing() * (static_cast<float>(c.DtIds.size()) + 1.6f),
                             ImGui::GetFontSize() * 16.0f);
    if (!ImGui::BeginTable("##dets", 8, flags, ImVec2(0.0f, h))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* n :
         {"#", Tr("экземпляр"), "score", Tr("лучший IoU"), Tr("сопоставлен с"), Tr("итог"), "precision", "recall"})
        ImGui::TableSetupColumn(n);
    ImGui::TableHeadersRow();
    for (std::size_t k = 0; k < c.DtIds.size(); ++k) {
        const int d = c.DtIds[k];
        double best = 0.0;
        for (const CocoIouMatrix& iou : r.Ious) {
            const auto it = std::find(iou.DtIds.begin(), iou.DtIds.end(), d);
            if (it == iou.DtIds.end()) continue;
            const std::size_t row = static_cast<std::size_t>(it - iou.DtIds.begin());
            for (std::size_t g = 0; g < iou.GtIds.size(); ++g) best = std::max(best, iou.Iou[row * iou.GtIds.size() + g]);
        }
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%d", static_cast<int>(k) + 1);
        ImGui::TableNextColumn();
        ImGui::Text("#%d", d - 1 < static_cast<int>(m.Scored.size()) ? m.Scored[d - 1].Id : d);
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", c.Scores[k]);
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", best);
        ImGui::TableNextColumn();
        const int g = c.MatchedGt[k] - 1;
        if (g >= 0 && g < static_cast<int>(m.GtExtents.size()))
            ImGui::Text("GT #%d", m.GtExtents[g].Id);
        else
            ImGui::TextUnformatted("—");
        ImGui::TableNextColumn();
        const ImU32 col = c.IsTp[k] ? SegGoodColor() : (c.IsFp[k] ? SegBadColor() : SegNeutralColor());
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(col), "%s", c.IsTp[k] ? "TP" : (c.IsFp[k] ? "FP" : Tr("игнор")));
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", c.Precision[k]);
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", c.Recall[k]);
    }
    ImGui::EndTable();
}

} // namespace

void DrawSegApPerThreshold(const SegmentationState& s, const SegModel& m, float height)
{
    if (m.ApCurve.empty()) return;
    const float w = ImGui::GetContentRegionAvail().x;
    // A margin right of 0.95: room for its bar and its tick label inside the plot.
    const PlotFrame f = BeginPlot("##ap_t", ImVec2(w, height), PlotRange{kSegIouMin, kSegIouMax + 0.025, 0.0, 1.05},
                                  Tr("AP при каждом пороге IoU"));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    double sum = 0.0;
    int n = 0;
    for (int t = 0; t < kCocoT; ++t) {
        const double x = CocoIouThresholds()[t];
        const int i = static_cast<int>(std::lround((x - kSegIouMin) / kSegIouStep));
        const double ap = i >= 0 && i < static_cast<int>(m.ApCurve.size()) ? m.ApCurve[i] : -1.0;
        if (ap < 0) continue;
        sum += ap, ++n;
        dl->AddRectFilled(f.ToScreen(x - 0.018, ap), f.ToScreen(x + 0.018, 0.0), SeriesColor(0, 0.45f));
    }
    std::vector<double> xs, ys;
    for (std::size_t i = 0; i < m.ApCurve.size(); ++i) {
        xs.push_back(kSegIouMin + kSegIouStep * static_cast<double>(i));
        ys.push_back(m.ApCurve[i] < 0 ? std::nan("") : m.ApCurve[i]);
    }
    PlotLine(f, xs, ys, SeriesColor(1), 2.0f);
    if (n > 0) {
        const double mean = sum / n;
        dl->AddLine(f.ToScreen(0.5, mean), f.ToScreen(0.95, mean), SeriesColor(3), 1.5f);
        char buf[64];
        std::snprintf(buf, sizeof buf, "AP@[.5:.95] = %.3f", mean);
        DrawSegTag(dl,
                   ImVec2(f.ToScreen(0.95, mean).x - ImGui::CalcTextSize(buf).x - 4.0f,
                          f.ToScreen(0.95, mean).y - ImGui::GetTextLineHeight() - 2.0f),
                   SeriesColor(3), buf);
    }
    PlotVerticalLine(f, s.Iou, AccentColor());
    EndPlot(f);
    if (f.Hovered) {
        const int i = std::clamp(static_cast<int>(std::lround((f.MouseX - kSegIouMin) / kSegIouStep)), 0,
                                 static_cast<int>(m.ApCurve.size()) - 1);
        ImGui::SetTooltip("IoU ≥ %.2f: AP = %s", kSegIouMin + kSegIouStep * i, Stat(m.ApCurve[i]).c_str());
    }
}

void DrawSegApTables(const SegmentationState& s, const SegModel& m)
{
    const CocoPrCurve& c = m.Curve;
    const double ap = MeanInterpolated(c);
    ImGui::PushTextWrapPos(0.0f);
    if (c.Defined) {
        double sum = 0.0;
        for (double p : c.Interpolated) sum += p;
        const int tp = static_cast<int>(std::count(c.IsTp.begin(), c.IsTp.end(), 1));
        const int fp = static_cast<int>(std::count(c.IsFp.begin(), c.IsFp.end(), 1));
        ImGui::Text(Tr("AP(IoU ≥ %.2f) = 1/101 · Σ p_interp(r), r = 0, 0.01, …, 1 = %.3f / 101 = %.3f"), s.Iou, sum, ap);
        ImGui::Text(Tr("TP = %d, FP = %d, разметки без игнора = %d: recall в конце = %d / %d = %.3f"), tp, fp, c.NumGt, tp,
                    c.NumGt, c.Recall.empty() ? 0.0 : c.Recall.back());
    }
    ImGui::TextDisabled("%s",
                        Tr("Жадно по убыванию score: каждая detection берёт ещё свободную разметку того же класса с наибольшим "
                           "IoU ≥ порога (crowd можно брать повторно, совпадение с crowd или с объектом вне диапазона площадей "
                           "игнорируется). Равные score — в порядке ввода (устойчивая сортировка)."));
    ImGui::PopTextWrapPos();
    DetectionTable(m);
    ImGui::SeparatorText(Tr("Сводка COCO (pycocotools summarize)"));
    StatsTable(m.Coco->Output());
}

} // namespace mlviz
