// Gradient flow topic, RNN panel (q62): ‖∂h_T/∂h_t‖ back through time for a vanilla RNN, an LSTM
// with forget-gate bias b_f and a GRU at random init, on one log plot.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "ui/controls.h"
#include "ui/tr.h"
#include "topics/gradient_flow/view/gradflow_view.h"

namespace mlviz {

namespace {

struct Curve {
    RnnCell Cell;
    const char* Label;
    int Color;
};
const Curve kCurveSpecs[] = {{RnnCell::Rnn, "RNN (tanh)", 2},
                             {RnnCell::Lstm, "LSTM, b_f", 0},
                             {RnnCell::Gru, "GRU", 4},
                             {RnnCell::Lstm, "LSTM, b_f = 0", 0}};

bool SameRnnInputs(const GradflowState& a, const GradflowState& b)
{
    return a.RnnHidden == b.RnnHidden && a.RnnSteps == b.RnnSteps && a.RnnSeed == b.RnnSeed && a.ForgetBias == b.ForgetBias &&
        a.RnnCompareZeroBias == b.RnnCompareZeroBias;
}

} // namespace

void RnnPanel::DrawControls(GradflowState& s)
{
    ImGui::SeparatorText(Tr("Рекуррентная сеть"));
    const auto& t = GradflowStateSchema();
    for (const char* key : {"rnn_hidden", "rnn_steps", "forget_bias"}) FieldSlider(t, key, s);
    FieldCheckbox(t, "rnn_zero_bf", s);
    FieldInputInt(t, "rnn_seed", s);
    ClampGradflowState(s);
    ImGui::Spacing();
    if (ImGui::Button(Tr("Сбросить RNN"))) {
        const GradflowState d;
        s.RnnHidden = d.RnnHidden;
        s.RnnSteps = d.RnnSteps;
        s.ForgetBias = d.ForgetBias;
        s.RnnSeed = d.RnnSeed;
        s.RnnCompareZeroBias = d.RnnCompareZeroBias;
    }
}

void RnnPanel::Rebuild(const GradflowState& s)
{
    Runners.clear();
    Error.clear();
    for (int i = 0; i < kCurves; ++i) {
        if (i == 3 && !s.RnnCompareZeroBias) {
            Runners.emplace_back();
            continue;
        }
        RnnGradConfig c;
        c.Cell = kCurveSpecs[i].Cell;
        c.Hidden = s.RnnHidden;
        c.Steps = s.RnnSteps;
        c.Seed = static_cast<std::uint32_t>(s.RnnSeed);
        c.ForgetBias = i == 3 ? 0.0 : s.ForgetBias;
        auto m = MakeRnnModel(c);
        if (!m) {
            Error = Tr(m.Error());
            Runners.emplace_back();
            continue;
        }
        Runners.emplace_back(std::in_place, std::move(m.Value()));
    }
    BuiltFor = s;
    Built = true;
}

void RnnPanel::Draw(GradflowState& s, double budget_ms)
{
    const auto t0 = std::chrono::steady_clock::now();
    if (!Built || !SameRnnInputs(s, BuiltFor)) Rebuild(s);
    // Round-robin one time step per runner, so the curves grow together.
    bool busy = true;
    while (busy && std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() < budget_ms) {
        busy = false;
        for (auto& r : Runners)
            if (r && !r->Done()) {
                r->Advance(1);
                busy = busy || !r->Done();
            }
    }
    if (!Error.empty()) ImGui::TextColored(ImVec4(0.95f, 0.4f, 0.35f, 1.0f), "%s", Error.c_str());
    double progress = 0.0;
    int count = 0;
    for (const auto& r : Runners)
        if (r) {
            progress += r->Progress();
            ++count;
        }
    if (count > 0 && progress < count)
        ImGui::ProgressBar(static_cast<float>(progress / count), ImVec2(-1.0f, 0.0f), Tr("считаю якобианы…"));

    const int T = s.RnnSteps;
    std::vector<double> all;
    for (const auto& r : Runners)
        if (r) all.insert(all.end(), r->Norms().begin(), r->Norms().end());
    double lo = 0.0, hi = 0.0;
    const float font = ImGui::GetFontSize();
    if (Log10Range(all, 2.0, lo, hi)) {
        const float h = std::clamp(ImGui::GetContentRegionAvail().y * 0.55f, font * 12.0f, font * 24.0f);
        const PlotFrame f = BeginPlot("##rnn", ImVec2(-1.0f, h), PlotRange{1.0, static_cast<double>(std::max(2, T)), lo, hi},
                                      Tr("‖∂h_T/∂h_t‖ по шагам t (T — справа)"), kGradflowLogPlot);
        if (s.RnnSelectedT >= 1) PlotVerticalLine(f, s.RnnSelectedT, ImGui::GetColorU32(ImGuiCol_Text, 0.45f));
        std::vector<double> xs(static_cast<std::size_t>(T)), ys(static_cast<std::size_t>(T));
        for (int t = 0; t < T; ++t) xs[static_cast<std::size_t>(t)] = t + 1.0;
        for (std::size_t i = 0; i < Runners.size(); ++i) {
            if (!Runners[i]) continue;
            const auto& n = Runners[i]->Norms();
            for (int t = 0; t < T && t < static_cast<int>(n.size()); ++t)
                ys[static_cast<std::size_t>(t)] = SafeLog10(n[static_cast<std::size_t>(t)]);
            PlotLine(f, xs, ys, SeriesColor(kCurveSpecs[i].Color, i == 3 ? 0.45f : 1.0f), i == 3 ? 1.5f : 2.0f);
        }
        EndPlot(f);
        if (f.Hovered) {
            const int t = std::clamp(static_cast<int>(std::lround(f.MouseX)), 1, T);
            if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) s.RnnSelectedT = s.RnnSelectedT == t ? -1 : t;
        }
    }
    // Legend doubling as the read-out of the selected step (a click, so it works on touch too).
    s.RnnSelectedT = std::clamp(s.RnnSelectedT, -1, T);
    char value[48];
    for (std::size_t i = 0; i < Runners.size(); ++i) {
        if (!Runners[i]) continue;
        const ImVec4 col = ImGui::ColorConvertU32ToFloat4(SeriesColor(kCurveSpecs[i].Color, i == 3 ? 0.6f : 1.0f));
        char label[48];
        if (i == 1)
            std::snprintf(label, sizeof label, "LSTM, b_f = %.2f", s.ForgetBias);
        else
            std::snprintf(label, sizeof label, "%s", kCurveSpecs[i].Label);
        if (s.RnnSelectedT >= 1) {
            FormatNumber(Runners[i]->Norms()[static_cast<std::size_t>(s.RnnSelectedT - 1)], value, sizeof value);
            ImGui::TextColored(col, "■ %s: %s", label, value);
        } else {
            FormatNumber(Runners[i]->Norms().front(), value, sizeof value);
            ImGui::TextColored(col, Tr("■ %s: у t = 1 осталось %s"), label, value);
        }
    }
    if (s.RnnSelectedT >= 1) ImGui::TextDisabled(Tr("t = %d (нажмите на график ещё раз, чтобы снять выбор)"), s.RnnSelectedT);
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextWrapped(
        "%s",
        Tr("Норма якобиана ∂h_T/∂h_t (Фробениуса; у t = T это √H) — сколько градиента от последнего шага доходит до шага t. У "
           "RNN на каждом шаге умножение на diag(tanh')·W_hh, и при случайных весах градиент гаснет экспоненциально. У LSTM путь "
           "через ячейку c умножается на вентиль забывания f = σ(… + b_f): при b_f = 0 f ≈ 0,5 и LSTM теряет градиент почти так "
           "же быстро, как RNN; при b_f = 1 f ≈ 0,73, при b_f = 3 — 0,95, и до начала доходят на порядки больше."));
    ImGui::PopTextWrapPos();
}

} // namespace mlviz
