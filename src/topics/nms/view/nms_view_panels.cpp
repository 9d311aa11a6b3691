// NMS view, the panels around the canvas: what the current step does in words, the table of
// boxes by score, metrics against the ground truth, the threshold sweep and the notes (q5, 40).
#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

#include "topics/nms/core/detections_sim.h"
#include "ui/tr.h"
#include "topics/nms/core/nms_runs.h"
#include "topics/nms/core/nms_replay.h"
#include "imgui.h"
#include "ui/plot.h"

namespace mlviz {

ImU32 NmsStateColor(NmsBoxState s, bool decayed, float alpha); // nms_view_canvas.cpp

const char* NmsMethodLabel(NmsMethod m)
{
    switch (m) {
    case NmsMethod::Greedy: return Tr("Жадный NMS");
    case NmsMethod::SoftLinear: return Tr("Soft-NMS, линейный");
    case NmsMethod::SoftGaussian: return Tr("Soft-NMS, гауссов");
    case NmsMethod::DIoU: return "DIoU-NMS";
    default: return "?";
    }
}

namespace {

std::string Format(const char* fmt, ...) IM_FMTARGS(1);
std::string Format(const char* fmt, ...)
{
    char buf[512];
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    return buf;
}

const char* FateText(const NmsBoxView& v)
{
    switch (v.State) {
    case NmsBoxState::Current: return Tr("текущая");
    case NmsBoxState::Kept: return Tr("оставлена");
    case NmsBoxState::Suppressed: return Tr("подавлена");
    case NmsBoxState::Dropped: return Tr("отброшена");
    default: return v.Decayed ? Tr("понижена") : Tr("ждёт");
    }
}

// Index into Result.Keep of a kept box, or -1.
int KeptRank(const NmsRun& run, int box)
{
    const auto it = std::find(run.Result.Keep.begin(), run.Result.Keep.end(), box);
    return it == run.Result.Keep.end() ? -1 : static_cast<int>(it - run.Result.Keep.begin());
}

} // namespace

std::string NmsStepText(const NmsRun& run, const NmsSnapshot& snap, std::size_t step)
{
    const std::size_t n = snap.Boxes.size();
    if (step == 0) return Format(Tr("Начало: %zu рамок-кандидатов. Рамки берутся по убыванию score; жми → или ▶."), n);
    if (step >= run.Trace.size()) {
        int decayed = 0;
        for (const NmsBoxView& v : snap.Boxes) decayed += v.Decayed && v.State == NmsBoxState::Kept;
        std::string s = Format(Tr("Итог: оставлено %zu из %zu рамок"), run.Result.Keep.size(), n);
        if (IsSoftNms(run.Options.Method)) s += Format(Tr(", у %d из них score понижен"), decayed);
        return s + Tr(". По шагам: ⇤, затем → или ▶.");
    }
    const NmsEvent& e = run.Trace[step - 1];
    const bool diou = run.Options.Method == NmsMethod::DIoU;
    const char* measure = diou ? "DIoU" : "IoU";
    const double thr = run.Options.IouThreshold;
    switch (e.Type) {
    case NmsEventType::Select:
        return Format(Tr("Шаг %zu: #%d со score %.3f — лучшая из оставшихся, она остаётся и становится текущей."), step, e.Box,
                      e.NewScore);
    case NmsEventType::Compare:
        if (run.Options.Method == NmsMethod::SoftGaussian)
            return Format(Tr("Шаг %zu: #%d против текущей #%d: IoU %.3f → score × exp(−IoU²/σ) = × %.3f."), step, e.Box, e.Other,
                          e.Overlap, NmsSoftWeight(run.Options, e.Overlap));
        return Format(Tr("Шаг %zu: #%d против текущей #%d: %s %.3f %s %.2f → %s."), step, e.Box, e.Other, measure, e.Overlap,
                      e.Overlap > thr ? ">" : "≤", thr,
                      e.Overlap > thr ? (run.Options.Method == NmsMethod::SoftLinear ? "score × (1 − IoU)" : Tr("подавить"))
                                      : Tr("остаётся"));
    case NmsEventType::Suppress:
        return Format(Tr("Шаг %zu: #%d подавлена рамкой #%d (%s %.3f > %.2f)."), step, e.Box, e.Other, measure, e.Overlap, thr);
    case NmsEventType::Decay:
        return Format(Tr("Шаг %zu: score #%d: %.3f → %.3f (IoU %.3f с #%d)."), step, e.Box, e.OldScore, e.NewScore, e.Overlap,
                      e.Other);
    case NmsEventType::Drop:
        if (e.Other < 0)
            return Format(Tr("Шаг %zu: #%d отброшена заранее: score %.4f < %.4f."), step, e.Box, e.NewScore,
                          run.Options.ScoreThreshold);
        return Format(Tr("Шаг %zu: #%d отброшена: score %.4f < %.4f."), step, e.Box, e.NewScore, run.Options.ScoreThreshold);
    }
    return {};
}

// Side by side, a step is a whole round: what the current box did to the others.
std::string NmsRoundText(const NmsRun& run, const NmsSnapshot& snap, int round)
{
    if (round == 0) return Tr("Ещё ничего не выбрано.");
    if (snap.Current < 0) return Format(Tr("Итог: оставлено %zu из %zu рамок."), run.Result.Keep.size(), snap.Boxes.size());
    int removed = 0, decayed = 0;
    for (const NmsBoxView& v : snap.Boxes) {
        if (v.By != snap.Current) continue;
        removed += v.State == NmsBoxState::Suppressed || v.State == NmsBoxState::Dropped;
        decayed += v.State == NmsBoxState::Pending && v.Decayed;
    }
    std::string s = Format(Tr("Выбор %d: #%d (score %.2f); убрано %d"), round, snap.Current,
                           snap.Boxes[static_cast<std::size_t>(snap.Current)].Score, removed);
    if (IsSoftNms(run.Options.Method)) s += Format(Tr(", понижено %d"), decayed);
    return s + ".";
}

std::string NmsBoxText(const SimulatedDetections& d, std::span<const std::string> class_labels, const NmsRun& run,
                       const NmsSnapshot& snap, int box)
{
    if (box < 0 || static_cast<std::size_t>(box) >= snap.Boxes.size() || static_cast<std::size_t>(box) >= d.Boxes.size())
        return {};
    const std::size_t i = static_cast<std::size_t>(box);
    const NmsBoxView& v = snap.Boxes[i];
    const int cls = d.Classes[i];
    std::string s = Format("#%d · %s · score %.3f", box,
                           cls >= 0 && static_cast<std::size_t>(cls) < class_labels.size()
                               ? class_labels[static_cast<std::size_t>(cls)].c_str()
                               : "?",
                           d.Scores[i]);
    if (v.Decayed) s += Format(" → %.3f", v.Score);
    s += Format(" · %s", FateText(v));
    if (v.By >= 0 && (v.State == NmsBoxState::Suppressed || v.State == NmsBoxState::Dropped || v.Decayed))
        s += Format(Tr(" (рамкой #%d)"), v.By);
    if (v.Compared) s += Format(Tr(" · IoU с текущей %.3f"), v.Overlap);
    s += d.Source[i] >= 0 ? Format(Tr(" · кандидат объекта %d"), d.Source[i] + 1) : std::string(Tr(" · ложное срабатывание"));
    const int k = KeptRank(run, box);
    if (k >= 0 && static_cast<std::size_t>(k) < run.MatchedGt.size())
        s += run.MatchedGt[static_cast<std::size_t>(k)] >= 0
            ? Format(Tr(" · в итоге TP (объект %d)"), run.MatchedGt[static_cast<std::size_t>(k)] + 1)
            : std::string(Tr(" · в итоге FP"));
    return s;
}

// Returns the box whose row was clicked, else -1.
int DrawNmsTable(const SimulatedDetections& d, std::span<const std::string> class_labels, const NmsRun& run,
                 const NmsSnapshot& snap, std::span<const int> order, int selected, bool scroll_to_selected, float height)
{
    int clicked = -1;
    const ImGuiTableFlags flags =
        ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##boxes", 5, flags, ImVec2(0.0f, height))) return -1;
    // Explicit widths: fixed-fit columns measured while the panel is still settling can stick at
    // one character.
    const auto width = [](const char* sample) { return ImGui::CalcTextSize(sample).x; };
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, width("0000"));
    ImGui::TableSetupColumn(Tr("класс"), ImGuiTableColumnFlags_WidthFixed, width(Tr("человек")));
    ImGui::TableSetupColumn("score", ImGuiTableColumnFlags_WidthFixed, width("0.00→0.00"));
    ImGui::TableSetupColumn(run.Options.Method == NmsMethod::DIoU ? "DIoU" : "IoU", ImGuiTableColumnFlags_WidthFixed,
                            width("-0.00"));
    ImGui::TableSetupColumn(Tr("итог"), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(order.size()));
    int selected_row = -1;
    for (std::size_t r = 0; r < order.size(); ++r)
        if (order[r] == selected) selected_row = static_cast<int>(r);
    if (scroll_to_selected && selected_row >= 0) clipper.IncludeItemByIndex(selected_row);
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const int box = order[static_cast<std::size_t>(r)];
            if (box < 0 || static_cast<std::size_t>(box) >= snap.Boxes.size()) continue;
            const NmsBoxView& v = snap.Boxes[static_cast<std::size_t>(box)];
            const std::size_t i = static_cast<std::size_t>(box);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            char id[24];
            std::snprintf(id, sizeof id, "%d##row%d", box, box);
            if (ImGui::Selectable(id, box == selected, ImGuiSelectableFlags_SpanAllColumns)) clicked = box;
            if (scroll_to_selected && box == selected) ImGui::SetScrollHereY(0.5f);
            ImGui::TableNextColumn();
            const int cls = d.Classes[i];
            ImGui::TextUnformatted(cls >= 0 && static_cast<std::size_t>(cls) < class_labels.size()
                                       ? class_labels[static_cast<std::size_t>(cls)].c_str()
                                       : "?");
            ImGui::TableNextColumn();
            if (v.Decayed)
                ImGui::Text("%.2f→%.2f", d.Scores[i], v.Score);
            else
                ImGui::Text("%.3f", d.Scores[i]);
            ImGui::TableNextColumn();
            if (v.Compared)
                ImGui::Text("%.2f", v.Overlap);
            else
                ImGui::TextDisabled("—");
            ImGui::TableNextColumn();
            const ImVec4 col = ImGui::ColorConvertU32ToFloat4(NmsStateColor(v.State, v.Decayed, 1.0f));
            if (v.State == NmsBoxState::Suppressed && v.By >= 0)
                ImGui::TextColored(col, "%s #%d", FateText(v), v.By);
            else
                ImGui::TextColored(col, "%s", FateText(v));
            if (v.State == NmsBoxState::Kept && snap.Current < 0) { // the result: how it scores
                const int k = KeptRank(run, box);
                if (k >= 0 && static_cast<std::size_t>(k) < run.MatchedGt.size()) {
                    ImGui::SameLine();
                    ImGui::TextDisabled(run.MatchedGt[static_cast<std::size_t>(k)] >= 0 ? "TP" : "FP");
                }
            }
        }
    }
    ImGui::EndTable();
    return clicked;
}

void DrawNmsMetrics(const NmsRun& a, const NmsRun* b, const char* name_a, const char* name_b, double min_score)
{
    ImGui::TextDisabled(Tr("Считаются оставленные рамки со score ≥ %.2f"), min_score);
    const NmsRun* runs[2] = {&a, b};
    const int cols = b ? 3 : 2;
    if (!ImGui::BeginTable("##metrics", cols,
                           ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_RowBg))
        return;
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize(Tr("FN (пропущены)")).x);
    ImGui::TableSetupColumn(b ? name_a : Tr("значение"), ImGuiTableColumnFlags_WidthStretch);
    if (b) ImGui::TableSetupColumn(name_b, ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    const auto row = [&](const char* label, auto value) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(label);
        for (int k = 0; k < cols - 1; ++k) {
            ImGui::TableNextColumn();
            value(runs[k]->Metrics);
        }
    };
    row(Tr("TP (нашли)"), [](const DetectionMetrics& m) { ImGui::Text("%d", m.TruePositives); });
    row(Tr("FP (лишние)"), [](const DetectionMetrics& m) { ImGui::Text("%d", m.FalsePositives); });
    row(Tr("FN (пропущены)"), [](const DetectionMetrics& m) { ImGui::Text("%d", m.FalseNegatives); });
    row(Tr("точность"), [](const DetectionMetrics& m) { ImGui::Text("%.2f", m.Precision); });
    row(Tr("полнота"), [](const DetectionMetrics& m) { ImGui::Text("%.2f", m.Recall); });
    row("AP50", [](const DetectionMetrics& m) { ImGui::Text("%.3f", m.AveragePrecision); });
    ImGui::EndTable();
}

void DrawNmsSweep(const NmsSweep& a, const NmsSweep* b, NmsMethod method, double current_x, float height)
{
    const bool sigma = method == NmsMethod::SoftGaussian;
    const PlotRange range{0.0, sigma ? 2.0 : 1.0, 0.0, 1.05};
    const PlotFrame f = BeginPlot("##sweep", ImVec2(-1.0f, height), range,
                                  sigma ? Tr("Точность, полнота, AP50 от σ") : Tr("Точность, полнота, AP50 от порога"));
    const NmsSweep* sweeps[2] = {&a, b};
    for (int k = 0; k < 2; ++k) {
        if (!sweeps[k] || sweeps[k]->X.empty()) continue;
        const float alpha = k == 0 ? 1.0f : 0.45f; // method B fainter
        const NmsSweep& s = *sweeps[k];
        PlotLine(f, s.X, s.Precision, SeriesColor(0, alpha), 2.0f);
        PlotLine(f, s.X, s.Recall, SeriesColor(1, alpha), 2.0f);
        PlotLine(f, s.X, s.AveragePrecision, SeriesColor(2, alpha), 2.0f);
    }
    if (std::isfinite(current_x)) PlotVerticalLine(f, current_x, ImGui::GetColorU32(ImGuiCol_Text, 0.6f));
    EndPlot(f);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(SeriesColor(0)), "%s", Tr("точность"));
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(SeriesColor(1)), "%s", Tr("полнота"));
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(SeriesColor(2)), "AP50");
    if (b) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", Tr("(бледнее — метод B)"));
    }
    const std::size_t done = a.X.size() + (b ? b->X.size() : 0), total = static_cast<std::size_t>(a.Points) * (b ? 2 : 1);
    if (done < total) {
        ImGui::SameLine();
        ImGui::TextDisabled(Tr("считаю %zu/%zu"), done, total);
    }
}

void DrawNmsNotes()
{
    ImGui::SeparatorText(Tr("Коротко"));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextWrapped(
        "%s",
        Tr("Жадный NMS (как torchvision.ops.nms): берём рамку с наибольшим score, удаляем все рамки с IoU > порога с ней, "
           "повторяем с оставшимися. Soft-NMS не удаляет, а понижает score соседей: s·(1 − IoU) или s·exp(−IoU²/σ) — второй "
           "человек в толпе выживает с меньшим score. DIoU-NMS вычитает из IoU штраф за расстояние между центрами. «По классам» "
           "— как batched_nms: рамки разных классов не подавляют друг друга."));
    ImGui::TextWrapped("%s",
                       Tr("Порог — компромисс: низкий режет соседние объекты (FN), высокий оставляет дубликаты (FP). NMS нужен и "
                          "одноэтапным детекторам (YOLO, SSD: тысячи плотных предсказаний), и двухэтапным (Faster R-CNN: NMS по "
                          "предложениям RPN и по итоговым рамкам)."));
    ImGui::TextWrapped("%s",
                       Tr("DETR (вопрос 40) обходится без NMS: он выдаёт фиксированный набор из N предсказаний, а при обучении "
                          "венгерский алгоритм сопоставляет каждому объекту разметки ровно одно предсказание; остальные учатся "
                          "отвечать «нет объекта». Дубликат штрафуется прямо в функции потерь, а self-attention между запросами "
                          "декодера позволяет им «договориться», кто какой объект берёт."));
    ImGui::PopTextWrapPos();
}

} // namespace mlviz
