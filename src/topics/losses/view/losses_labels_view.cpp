// Losses view, softmax tab, lower row: sigmoid + MSE beside softmax + CE (the vanishing gradient of MSE on a
// confidently wrong answer, q71) and BCE on K sigmoids vs CE on one softmax for one or several true classes (q61).
#include <algorithm>
#include <cmath>
#include <string>

#include "topics/losses/view/losses_view.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

ImU32 CeColor()
{
    return SeriesColor(0);
}
ImU32 BceColor()
{
    return SeriesColor(1);
}
ImU32 MseColor()
{
    return SeriesColor(2);
}

void LegendLine(ImU32 color, const char* text)
{
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float font = ImGui::GetFontSize();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + font * 0.3f), ImVec2(p.x + font * 0.8f, p.y + font * 0.7f),
                                              color);
    ImGui::Indent(font * 1.1f);
    ImGui::TextWrapped("%s", text);
    ImGui::Unindent(font * 1.1f);
}

std::string Classes(std::span<const double> y)
{
    std::string out;
    for (std::size_t i = 0; i < y.size(); ++i)
        if (y[i] > 0.0) out += (out.empty() ? "" : ", ") + std::to_string(i);
    return out;
}

} // namespace

void LossesSoftmaxTab::DrawMsePanel(const LossesState& s, float width, float height)
{
    const std::size_t t = static_cast<std::size_t>(std::clamp(s.Target, 0, s.Classes - 1));
    const double zt = LogitsOf(s)[t];
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(Tr("Сигмоида + MSE рядом с softmax + CE"));
    const float plot_h = std::max(ImGui::GetFontSize() * 7.0f, height - ImGui::GetFontSize() * 6.0f);
    const double half = SweepZ.empty() ? 10.0 : SweepZ.back();
    const PlotFrame f = BeginPlot("##mse", ImVec2(width, plot_h), PlotRange{-half, half, 0.0, 1.08},
                                  Tr("|∂L/∂z_t| от логита верного класса z_t (T = 1)"));
    PlotLine(f, SweepZ, SweepCe, CeColor(), 2.0f);
    PlotLine(f, SweepZ, SweepBce, BceColor(), 1.5f);
    PlotLine(f, SweepZ, SweepMse, MseColor(), 2.0f);
    PlotVerticalLine(f, zt, ImGui::GetColorU32(ImGuiCol_Text, 0.5f));
    EndPlot(f);
    if (f.Hovered && !SweepZ.empty()) {
        const std::size_t i = static_cast<std::size_t>(std::clamp(
            std::lround((f.MouseX + half) / (2.0 * half) * (SweepZ.size() - 1)), 0L, static_cast<long>(SweepZ.size()) - 1));
        ImGui::SetTooltip("z_t = %s\nCE: %s\nBCE: %s\nMSE: %s", LossesNumber(SweepZ[i]).c_str(), LossesNumber(SweepCe[i]).c_str(),
                          LossesNumber(SweepBce[i]).c_str(), LossesNumber(SweepMse[i]).c_str());
    }
    const std::string ce_text = std::string("softmax + CE: ∂L/∂z_t = p_t − 1 = ") + LossesNumber(CeGradNow);
    const std::string mse_text = std::string("σ + MSE: 2(σ − 1)·σ(1 − σ) = ") + LossesNumber(Mse.MseGrad[t]) +
        "  (σ = " + LossesNumber(Mse.Sigmoid[t]) + ")";
    const std::string bce_text = std::string("σ + BCE: σ − 1 = ") + LossesNumber(Mse.BceGrad[t]);
    LegendLine(CeColor(), ce_text.c_str());
    LegendLine(MseColor(), mse_text.c_str());
    LegendLine(BceColor(), bce_text.c_str());
    LossesNote(Tr("Уверенно неверный ответ (z_t ≪ 0): у MSE множитель σ(1 − σ) гасит градиент почти до нуля, у CE он стремится к "
                  "−1 — сильнее всего тянет именно худшие ошибки."));
    ImGui::PopTextWrapPos();
}

void LossesSoftmaxTab::DrawLabelPanel(LossesState& s, float width, float height)
{
    const int k = s.Classes;
    const std::vector<double> y = LabelTargetsFor(s);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextWrapped(Tr("BCE на %d сигмоидах против CE на одном softmax; верные классы: %s"), k, Classes(y).c_str());
    const float font = ImGui::GetFontSize();
    // The same height as the MSE plot beside it; the two bar charts side by side.
    const float plot_h = std::max(font * 7.0f, height - font * 6.0f);
    const float half = (width - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    const PlotFrame p = BeginPlot("##label_p", ImVec2(half, plot_h), PlotRange{-0.5, k - 0.5, 0.0, 1.15},
                                  Tr("σ(z_k) и softmax p_k"), PlotFlags_IntegerX);
    LossesBars(p, Labels.Sigmoid, 0, 2, BceColor(), false);
    LossesBars(p, Labels.Softmax, 1, 2, CeColor(), false);
    for (int i = 0; i < k; ++i)
        if (y[static_cast<std::size_t>(i)] > 0.0)
            ImGui::GetWindowDrawList()->AddRect(p.ToScreen(i - 0.45, 1.0), p.ToScreen(i + 0.45, 0.0),
                                                ImGui::GetColorU32(ImGuiCol_Text, 0.6f));
    EndPlot(p);
    int hovered = LossesHoveredBar(p, k);
    if (hovered >= 0)
        ImGui::SetTooltip("σ(z_%d) = %s\np_%d = %s\ny_%d = %s", hovered,
                          LossesNumber(Labels.Sigmoid[static_cast<std::size_t>(hovered)]).c_str(), hovered,
                          LossesNumber(Labels.Softmax[static_cast<std::size_t>(hovered)]).c_str(), hovered,
                          LossesNumber(y[static_cast<std::size_t>(hovered)]).c_str());
    std::vector<double> both = Labels.BceGrad;
    both.insert(both.end(), Labels.CeGrad.begin(), Labels.CeGrad.end());
    ImGui::SameLine();
    // The formulas in the title when they fit beside the y labels; the bars' colours say which is which.
    const char* g_title = Tr("∂L/∂z: BCE σ − y, CE (Σy)·p − y");
    if (ImGui::CalcTextSize(g_title).x > half - font * 3.0f) g_title = "∂L/∂z";
    const PlotFrame g =
        BeginPlot("##label_g", ImVec2(half, plot_h), LossesBarRange(both, k, 0.5, true), g_title, PlotFlags_IntegerX);
    LossesBars(g, Labels.BceGrad, 0, 2, BceColor(), false);
    LossesBars(g, Labels.CeGrad, 1, 2, CeColor(), false);
    EndPlot(g);
    if (const int i = LossesHoveredBar(g, k); i >= 0) {
        hovered = i;
        // Raising z_i changes the gradient of class j by ∂g_j/∂z_i: only j = i for BCE, every j for CE.
        std::string bce, ce;
        for (int j = 0; j < k; ++j) {
            bce += (j ? ", " : "") + LossesNumber(Labels.BceCoupling[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]);
            ce += (j ? ", " : "") + LossesNumber(Labels.CeCoupling[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]);
        }
        ImGui::SetTooltip(
            Tr("BCE: ∂L/∂z_%d = %s\nCE: ∂L/∂z_%d = %s\nЕсли поднять z_%d, градиенты классов изменятся на\nBCE: [%s]\nCE: [%s]"),
            i, LossesNumber(Labels.BceGrad[static_cast<std::size_t>(i)]).c_str(), i,
            LossesNumber(Labels.CeGrad[static_cast<std::size_t>(i)]).c_str(), i, bce.c_str(), ce.c_str());
    }
    LegendLine(BceColor(), (std::string("BCE = ") + LossesNumber(Labels.BceLoss)).c_str());
    const std::string ce_text =
        std::string("CE = ") + LossesNumber(Labels.CeLoss) + Tr(", наименьшее возможное ") + LossesNumber(Labels.CeMinimum);
    LegendLine(CeColor(), ce_text.c_str());
    LossesNote(s.MultiLabel ? Tr("Несколько верных классов: softmax делит одну единицу вероятности на всех, и CE не опускается "
                                 "ниже минимума; сигмоиды независимы — каждая может дойти до 1. Поднимая один логит, CE меняет "
                                 "градиент всех классов, BCE — только его собственный.")
                            : Tr("Один верный класс: softmax + CE — классы соревнуются, сумма p равна 1. BCE учит K отдельных "
                                 "«да/нет»; наведите на градиент — видно, чей градиент меняет каждый логит."));
    ImGui::PopTextWrapPos();
}

} // namespace mlviz
