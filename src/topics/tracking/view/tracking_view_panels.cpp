// Tracking topic: the SORT stages of the shown frame in words, the IoU cost matrix with the
// assignment and the gate, one track's Kalman predict and update with their numbers, and the
// metrics of both matchers (MOTA with its terms, IDF1) over the sequence and up to this frame.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "topics/tracking/view/tracking_view.h"
#include "ui/theme.h"

namespace mlviz {

namespace {

const SortTrackerInfo* FindTracker(const std::vector<SortTrackerInfo>& list, int id)
{
    for (const SortTrackerInfo& t : list)
        if (t.Id == id) return &t;
    return nullptr;
}

bool Has(const std::vector<std::array<int, 2>>& pairs, int a, int b)
{
    for (const auto& p : pairs)
        if (p[0] == a && p[1] == b) return true;
    return false;
}

} // namespace

void TrackingView::DrawStageText()
{
    if (!FrameReady()) {
        ImGui::TextDisabled("%s", Tr("Кадр ещё не обработан…"));
        return;
    }
    const SortFrameTrace& t = Shown()->Trace(State.Step);
    ImGui::TextWrapped(Tr("Кадр %d: 1) прогноз Калмана для %d трекеров; 2) IoU %d детекций × %d прогнозов; 3) %s: назначено %d "
                          "пар, порог IoU %.2f "
                          "отсёк %d; 4) обновлено %d, родилось %d, умерло %d; выведено треков %d (нужно %d попаданий подряд)"),
                       State.Step, static_cast<int>(t.Predicted.size()), static_cast<int>(t.Detections.size()),
                       static_cast<int>(t.Predicted.size()),
                       t.Shortcut ? Tr("у каждого не больше одного кандидата — пары взяты сразу")
                                  : (State.Method == static_cast<int>(Association::Greedy) ? Tr("жадно по убыванию IoU")
                                                                                           : Tr("венгерский алгоритм")),
                       static_cast<int>(t.Assigned.size()), State.IouThreshold, static_cast<int>(t.Gated.size()),
                       static_cast<int>(t.Matches.size()), static_cast<int>(t.Born.size()), static_cast<int>(t.Died.size()),
                       static_cast<int>(t.Output.size()), State.MinHits);
}

void TrackingView::DrawCostTable(float height)
{
    ImGui::SeparatorText(Tr("Матрица IoU: детекции × прогнозы"));
    if (!FrameReady()) return;
    const SortFrameTrace& t = Shown()->Trace(State.Step);
    const int rows = static_cast<int>(t.Detections.size()), cols = static_cast<int>(t.Predicted.size());
    if (rows == 0 || cols == 0) {
        ImGui::TextDisabled("%s",
                            rows == 0 ? Tr("Детекций нет: все трекеры идут по прогнозу")
                                      : Tr("Трекеров нет: каждая детекция рождает трек"));
        return;
    }
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
    const float cell = ImGui::CalcTextSize("0.00").x + ImGui::GetStyle().CellPadding.x * 2.0f;
    const float want = ImGui::GetTextLineHeightWithSpacing() * (rows + 2.5f);
    if (!ImGui::BeginTable("##iou", cols + 2, flags, ImVec2(0.0f, std::min(height, want)))) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("d00").x);
    char buf[32];
    for (int j = 0; j < cols; ++j) {
        std::snprintf(buf, sizeof buf, "#%d", t.Predicted[j].Id + 1);
        ImGui::TableSetupColumn(buf, ImGuiTableColumnFlags_WidthFixed, cell);
    }
    ImGui::TableSetupColumn(Tr("итог"), ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("+ ID 000").x);
    ImGui::TableHeadersRow();
    const ImU32 match = IM_COL32(60, 170, 90, 140), gated = IM_COL32(220, 70, 60, 140),
                candidate = ImGui::GetColorU32(ImGuiCol_Text, 0.08f);
    for (int i = 0; i < rows; ++i) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("d%d", i);
        for (int j = 0; j < cols; ++j) {
            ImGui::TableNextColumn();
            const double v = t.Iou[static_cast<std::size_t>(i) * cols + j];
            if (Has(t.Matches, i, j))
                ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, match);
            else if (Has(t.Gated, i, j))
                ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, gated);
            else if (v >= State.IouThreshold && v > 0.0)
                ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, candidate);
            if (v > 0.0)
                ImGui::Text("%.2f", v);
            else
                ImGui::TextDisabled("·");
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip(Tr("IoU(d%d, #%d) = %.4f; стоимость для венгерского = −IoU"), i, t.Predicted[j].Id + 1, v);
        }
        ImGui::TableNextColumn();
        int matched = -1;
        for (const auto& m : t.Matches)
            if (m[0] == i) matched = m[1];
        if (matched >= 0) {
            ImGui::Text("→ #%d", t.Predicted[matched].Id + 1);
        } else {
            const auto it = std::find(t.UnmatchedDetections.begin(), t.UnmatchedDetections.end(), i);
            const std::size_t k = static_cast<std::size_t>(it - t.UnmatchedDetections.begin());
            if (k < t.Born.size()) ImGui::Text("+ ID %d", t.Born[k] + 1);
        }
    }
    ImGui::EndTable();
    TrkMutedWrapped(Tr("зелёным — назначено, красным — назначено, но IoU ниже порога (отсечено), серым — выше порога"));
}

void TrackingView::DrawKalmanPanel()
{
    if (!FrameReady()) return;
    const TrackingRun& run = *Shown();
    const SortFrameTrace& t = run.Trace(State.Step);
    int id = State.Track - 1; // SORT's 0-based tracker id
    if (!FindTracker(t.Predicted, id) && !t.Predicted.empty()) id = t.Predicted.front().Id;
    const SortTrackerInfo* pred = FindTracker(t.Predicted, id);
    char title[96];
    std::snprintf(title, sizeof title, Tr("Фильтр Калмана трека ID %d"), id + 1);
    ImGui::SeparatorText(pred ? title : Tr("Фильтр Калмана"));
    if (!pred) {
        ImGui::TextDisabled("%s", Tr("Нет трекеров в этом кадре"));
        return;
    }
    const SortTrackerInfo* before = State.Step > 0 ? FindTracker(run.Trace(State.Step - 1).Trackers, id) : nullptr;
    const SortTrackerInfo* after = FindTracker(t.Trackers, id);
    ImGui::TextWrapped("%s",
                       Tr("Состояние x = [u, v, s, r, u', v', s']: центр, площадь, отношение сторон и скорости. Прогноз x⁻ = "
                          "F·x, P⁻ = F·P·F^T + Q."));
    const auto& x = pred->State;
    if (before) {
        const auto& b = before->State;
        ImGui::Text("u⁻ = u + u' = %.1f + (%.2f) = %.1f", b[0], b[4], x[0]);
        ImGui::Text("v⁻ = v + v' = %.1f + (%.2f) = %.1f", b[1], b[5], x[1]);
        ImGui::Text("s⁻ = s + s' = %.0f + (%.1f) = %.0f", b[2], b[6], x[2]);
        ImGui::Text("σu: %.2f → %.2f,  σv: %.2f → %.2f %s", std::sqrt(before->CovUV[0]), std::sqrt(pred->CovUV[0]),
                    std::sqrt(before->CovUV[3]), std::sqrt(pred->CovUV[3]), Tr("пикс"));
    } else {
        ImGui::Text("x⁻ = (%.1f, %.1f, %.0f, %.2f, %.2f, %.2f, %.1f)", x[0], x[1], x[2], x[3], x[4], x[5], x[6]);
    }
    int det = -1;
    for (const auto& m : t.Matches)
        if (t.Predicted[m[1]].Id == id) det = m[0];
    if (det >= 0 && after) {
        const auto z = BoxToMeasurement(t.Detections[det]);
        const auto& a = after->State;
        ImGui::Text(Tr("Обновление по d%d: z = (%.1f, %.1f, %.0f, %.2f)"), det, z[0], z[1], z[2], z[3]);
        ImGui::TextWrapped("x⁺ = x⁻ + K(z − Hx⁻): u %.1f, v %.1f, u' %.2f, v' %.2f; σu %.2f %s", a[0], a[1], a[4], a[5],
                           std::sqrt(after->CovUV[0]), Tr("пикс"));
    } else if (after) {
        ImGui::TextWrapped(Tr("Детекции нет: трек идёт по прогнозу, кадров без обновления %d (умрёт после %d)"),
                           after->TimeSinceUpdate, State.MaxAge);
    }
    if (after) ImGui::TextDisabled(Tr("возраст %d, попаданий %d, подряд %d"), after->Age, after->Hits, after->HitStreak);
}

void TrackingView::DrawMetrics()
{
    ImGui::SeparatorText(Tr("Метрики по всей последовательности"));
    // Fixed-fit: stretch weights come out 0/0 (NaN extents, UB in ImGui) in a window too narrow for the table.
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##metrics", 9, flags)) return;
    for (const char* h : {"", "MOTA", "FN", "FP", "IDSW", "IDF1", "IDTP", "MOTP", "GT"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (int m = 0; m < 2; ++m) {
        const auto& run = Runs[m];
        if (!run) continue;
        ImGui::TableNextRow();
        if (m == State.Method) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, AccentColor(0.18f));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(m == 0 ? Tr("венгерский") : Tr("жадный"));
        const ClearMotSummary& s = run->Mot();
        const bool done = run->Done();
        ImGui::TableNextColumn();
        ImGui::Text(done ? "%.3f" : "%.3f…", s.Mota());
        ImGui::TableNextColumn();
        ImGui::Text("%ld", s.FalseNegatives);
        ImGui::TableNextColumn();
        ImGui::Text("%ld", s.FalsePositives);
        ImGui::TableNextColumn();
        ImGui::Text("%ld", s.IdSwitches);
        ImGui::TableNextColumn();
        if (done)
            ImGui::Text("%.3f", run->Identity().Idf1());
        else
            ImGui::TextDisabled("…");
        ImGui::TableNextColumn();
        if (done)
            ImGui::Text("%ld", run->Identity().IdTp);
        else
            ImGui::TextDisabled("…");
        ImGui::TableNextColumn();
        ImGui::Text("%.3f", s.Motp());
        ImGui::TableNextColumn();
        ImGui::Text("%ld", s.Gt);
    }
    ImGui::EndTable();
    const TrackingRun* run = Shown();
    if (!run) return;
    const ClearMotSummary& s = run->Mot();
    ImGui::TextWrapped("MOTA = 1 − (FN + FP + IDSW) / GT = 1 − (%ld + %ld + %ld) / %ld = %.3f", s.FalseNegatives,
                       s.FalsePositives, s.IdSwitches, s.Gt, s.Mota());
    if (run->Done()) {
        const IdentitySummary& id = run->Identity();
        ImGui::TextWrapped("IDF1 = 2·IDTP / (GT + %s) = 2·%ld / (%ld + %ld) = %.3f", Tr("гипотезы"), id.IdTp, id.Gt, id.Hyp,
                           id.Idf1());
    }
    if (FrameFor == State.Step)
        ImGui::TextWrapped(Tr("До кадра %d включительно: FN %ld, FP %ld, IDSW %ld из GT %ld"), State.Step, Upto.Misses,
                           Upto.FalsePositives, Upto.Switches, Upto.Gt);
    char note[512];
    std::snprintf(
        note, sizeof note,
        Tr("Пара объект–трек засчитывается при IoU ≥ %.2f; смена ID — объект сопоставлен не с тем треком, что в прошлый раз."),
        State.MetricIou);
    TrkMutedWrapped(note);
}

} // namespace mlviz
