// Losses view, training tab pictures: the image, the true mask and both predictions (TP / FP / FN colours) with
// a per-pixel read-out, per-class IoU and Dice of both losses, and foreground IoU, mean p and loss per epoch.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "topics/losses/view/losses_view.h"
#include "ui/image_textures.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

ImU32 SideColor(int side)
{
    return SeriesColor(side == 0 ? 0 : 1);
}

std::string SideTitle(const LossesState& s, int side)
{
    const int loss = std::clamp(side == 0 ? s.LossA : s.LossB, 0, static_cast<int>(TrainLoss::Count) - 1);
    return std::string(side == 0 ? "A: " : "B: ") + Tr(kTrainLossLabels[loss]);
}

void Swatch(ImU32 color, const char* text)
{
    const float font = ImGui::GetFontSize();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + font * 0.25f), ImVec2(p.x + font * 0.8f, p.y + font * 0.95f),
                                              color);
    ImGui::Dummy(ImVec2(font * 0.9f, font));
    ImGui::SameLine();
    ImGui::TextUnformatted(text);
}

} // namespace

void LossesTrainTab::DrawMasks(const ViewContext& ctx, const LossesState& s)
{
    const float font = ImGui::GetFontSize();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    // Four squares in a row; their side also leaves room below for the table and the curves.
    const float side = std::max(font * 5.0f, std::min((avail - 3.0f * spacing) / 4.0f, ImGui::GetContentRegionAvail().y * 0.38f));
    const std::string a = SideTitle(s, 0), b = SideTitle(s, 1);
    const char* titles[4] = {Shown[0].HeldOut ? Tr("Новое изображение") : Tr("Изображение"), Tr("Разметка"), a.c_str(),
                             b.c_str()};
    int hovered = -1;
    for (int k = 0; k < 4; ++k) {
        if (k > 0) ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side);
        ImGui::TextUnformatted(titles[k]);
        ImGui::PopTextWrapPos();
        if (Slots[static_cast<std::size_t>(k)] < 0) Slots[static_cast<std::size_t>(k)] = ctx.Images->CreateSlot();
        const ImTextureID tex = ctx.Images->Upload(Slots[static_cast<std::size_t>(k)], Pictures_[static_cast<std::size_t>(k)],
                                                   PictureVersion[static_cast<std::size_t>(k)], false);
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        ImGui::Image(tex, ImVec2(side, side));
        if (ImGui::IsItemHovered()) {
            const ImVec2 m = ImGui::GetIO().MousePos;
            const int n = Pictures_[0].Width;
            const int x = std::clamp(static_cast<int>((m.x - origin.x) / side * n), 0, n - 1);
            const int y = std::clamp(static_cast<int>((m.y - origin.y) / side * n), 0, n - 1);
            hovered = y * n + x;
        }
        if (k >= 2) {
            const SegMetrics& m = Shown[static_cast<std::size_t>(k - 2)].Metrics;
            ImGui::Text(Tr("IoU объекта %.2f"), m.IoU[1]);
        }
        ImGui::EndGroup();
    }
    if (hovered >= 0) {
        const ToyImage& img = Shown[0].HeldOut ? HeldOutImage : Jobs[0]->Image();
        const int n = img.Size;
        ImGui::SetTooltip(Tr("пиксель (%d, %d): %s\np(объект) A = %.3f\np(объект) B = %.3f"), hovered % n, hovered / n,
                          img.Mask[static_cast<std::size_t>(hovered)] ? Tr("объект") : Tr("фон"),
                          Shown[0].Probs[static_cast<std::size_t>(hovered)], Shown[1].Probs[static_cast<std::size_t>(hovered)]);
    }
    Swatch(IM_COL32(255, 200, 40, 255), Tr("объект найден (TP)"));
    ImGui::SameLine(0.0f, font);
    Swatch(IM_COL32(230, 60, 60, 255), Tr("ложная тревога (FP)"));
    ImGui::SameLine(0.0f, font);
    Swatch(IM_COL32(60, 150, 255, 255), Tr("пропуск (FN)"));
}

void LossesTrainTab::DrawMetrics(const LossesState& s)
{
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("metrics", 8, flags)) return;
    const bool held = Shown[0].HeldOut;
    ImGui::TableSetupColumn(Tr("эпоха %d"), ImGuiTableColumnFlags_WidthStretch, 1.6f);
    for (const char* h : {Tr("IoU фон"), Tr("IoU объект"), Tr("Dice фон"), Tr("Dice объект"), Tr("точность"), Tr("полнота")})
        ImGui::TableSetupColumn(h, ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(held ? Tr("IoU объекта, обучающее") : Tr("IoU объекта, новое"), ImGuiTableColumnFlags_WidthStretch,
                            1.4f);
    // The header row by hand: the first header shows the epoch.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int c = 0; c < 8; ++c) {
        ImGui::TableSetColumnIndex(c);
        char buf[64];
        if (c == 0) std::snprintf(buf, sizeof buf, Tr("эпоха %d"), Shown[0].Epoch);
        ImGui::TableHeader(c == 0 ? buf : ImGui::TableGetColumnName(c));
    }
    for (int side = 0; side < 2; ++side) {
        const LossesShown& sh = Shown[static_cast<std::size_t>(side)];
        const SegMetrics& m = sh.Metrics;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushStyleColor(ImGuiCol_Text, SideColor(side));
        ImGui::TextUnformatted(SideTitle(s, side).c_str());
        ImGui::PopStyleColor();
        const long long predicted = m.TruePositive + m.FalsePositive, actual = m.TruePositive + m.FalseNegative;
        const double precision = predicted > 0 ? static_cast<double>(m.TruePositive) / predicted : 1.0;
        const double recall = actual > 0 ? static_cast<double>(m.TruePositive) / actual : 1.0;
        for (double v : {m.IoU[0], m.IoU[1], m.Dice[0], m.Dice[1], precision, recall, sh.OtherIoU}) {
            ImGui::TableNextColumn();
            ImGui::Text("%.3f", v);
        }
    }
    ImGui::EndTable();
    const TrainJob& wce = *Jobs[s.LossA == static_cast<int>(TrainLoss::WeightedCrossEntropy) ? 0 : 1];
    if (s.LossA == static_cast<int>(TrainLoss::WeightedCrossEntropy) ||
        s.LossB == static_cast<int>(TrainLoss::WeightedCrossEntropy))
        ImGui::TextDisabled(Tr("вес переднего плана во взвешенной CE: w = %.1f"), wce.ForegroundWeightUsed());
}

void LossesTrainTab::DrawHistories(LossesState& s)
{
    const float font = ImGui::GetFontSize();
    bool row = false;
    const float w = LossesColumnWidth(3, font * 13.0f, row);
    const float h = std::clamp(ImGui::GetContentRegionAvail().y - font * 0.5f, font * 8.0f, font * 14.0f);
    const int shown = Shown[0].Epoch;
    // A little room right of the last epoch, so its tick label is not cut at the edge.
    const double x_max = 1.04 * std::max(1, s.Epochs) + 1.0;
    std::vector<double> xs;
    const auto axis = [&](std::size_t n) {
        xs.resize(n);
        for (std::size_t i = 0; i < n; ++i) xs[i] = static_cast<double>(i);
        return std::span<const double>(xs);
    };
    const char* titles[3] = {Tr("IoU объекта по эпохам"), Tr("средняя p на пикселях объекта"), Tr("потеря (лог. шкала)")};
    for (int plot = 0; plot < 3; ++plot) {
        if (plot > 0 && row) ImGui::SameLine();
        PlotRange r{0.0, x_max, 0.0, 1.05};
        std::array<std::vector<double>, 2> ys;
        for (std::size_t side = 0; side < 2; ++side) {
            const TrainJob& j = *Jobs[side];
            ys[side] = plot == 0 ? j.ForegroundIoUHistory() : plot == 1 ? j.ForegroundProbHistory() : j.LossHistory();
            if (plot == 2)
                for (double& v : ys[side]) v = SafeLog10(v);
        }
        if (plot == 2) {
            std::vector<double> both = Jobs[0]->LossHistory();
            both.insert(both.end(), Jobs[1]->LossHistory().begin(), Jobs[1]->LossHistory().end());
            if (!Log10Range(both, 1.0, r.YMin, r.YMax)) r.YMin = -2.0, r.YMax = 0.0;
        }
        PlotFlags flags = PlotFlags_IntegerX | PlotFlags_WideYLabels | (plot == 2 ? PlotFlags_LogY : 0);
        const std::string id = "##hist" + std::to_string(plot);
        const PlotFrame f = BeginPlot(id.c_str(), ImVec2(w, h), r, titles[plot], flags);
        for (int side = 0; side < 2; ++side) {
            const auto& y = ys[static_cast<std::size_t>(side)];
            PlotLine(f, axis(y.size()), y, SideColor(side), 2.0f);
        }
        PlotVerticalLine(f, shown, ImGui::GetColorU32(ImGuiCol_Text, 0.5f));
        EndPlot(f);
        if (ImGui::IsItemActive() && f.Max.x > f.Min.x) {
            double x = 0.0, y = 0.0;
            f.ToWorld(ImGui::GetIO().MousePos, x, y);
            PlaybackInput in;
            in.JumpTo = std::clamp(static_cast<int>(std::lround(x)), 0, Trained());
            ApplyPlayback(s, in);
        }
        if (f.Hovered) {
            const int e = std::clamp(static_cast<int>(std::lround(f.MouseX)), 0, Trained());
            const auto at = [&](int side) {
                const auto& y = ys[static_cast<std::size_t>(side)];
                const double v = static_cast<std::size_t>(e) < y.size() ? y[static_cast<std::size_t>(e)] : NAN;
                return LossesNumber(plot == 2 ? std::pow(10.0, v) : v);
            };
            ImGui::SetTooltip(Tr("эпоха %d\nA: %s\nB: %s"), e, at(0).c_str(), at(1).c_str());
        }
    }
}

} // namespace mlviz
