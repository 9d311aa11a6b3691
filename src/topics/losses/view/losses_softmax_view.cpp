// Losses view, softmax tab (q71, q61): logits dragged by hand, softmax(z/T), CE and its gradient (p − y)/T as
// bars, and the computation written out in the naive or the log-sum-exp form, overflow told in words.
#include <algorithm>
#include <cmath>
#include <string>

#include "topics/losses/view/losses_view.h"
#include "ui/controls.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

constexpr int kSweepPoints = 161;

// A number, or a symbol for an overflowed one (the words come below the formulas).
std::string SymbolText(double v)
{
    if (std::isnan(v)) return Tr("не число");
    if (std::isinf(v)) return v > 0 ? "+∞" : "−∞";
    return LossesNumber(v);
}

// "[7.389, 2.718, +∞]".
std::string VectorText(std::span<const double> v)
{
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + SymbolText(v[i]);
    return out + "]";
}

ImU32 TargetColor()
{
    return SeriesColor(1);
}
ImU32 OtherColor()
{
    return SeriesColor(0);
}

} // namespace

void LossesSoftmaxTab::Update(const LossesState& s)
{
    if (Valid && s.Classes == BuiltFor.Classes && s.Logits == BuiltFor.Logits && s.Target == BuiltFor.Target &&
        s.Temperature == BuiltFor.Temperature && s.Form == BuiltFor.Form && s.Precision == BuiltFor.Precision &&
        s.MultiLabel == BuiltFor.MultiLabel && s.Labels == BuiltFor.Labels)
        return;
    BuiltFor = s;
    Valid = true;
    const SoftmaxConfig c = SoftmaxConfigFor(s);
    SoftmaxConfig ref = c;
    ref.Form = SoftmaxForm::LogSumExp;
    ref.Precision = FloatPrecision::Float64;
    const auto panel = ComputeSoftmaxPanel(c);
    const auto reference = ComputeSoftmaxPanel(ref);
    const auto mse = ComputeSigmoidMsePanel(c.Logits, c.Target);
    const auto labels = ComputeLabelPanel(c.Logits, LabelTargetsFor(s));
    Error = !panel ? panel.Error() : !mse ? mse.Error() : !labels ? labels.Error() : Message{};
    if (!Error.Empty()) return;
    Panel = *panel;
    Reference = *reference;
    Mse = *mse;
    Labels = *labels;
    // |∂L/∂z_t| of softmax CE, sigmoid MSE and sigmoid BCE as the true class's logit sweeps (T = 1).
    const double zt = c.Logits[static_cast<std::size_t>(c.Target)];
    const double half = std::max(10.0, 1.2 * std::fabs(zt));
    std::vector<double> one_hot(c.Logits.size(), 0.0);
    one_hot[static_cast<std::size_t>(c.Target)] = 1.0;
    SweepZ.clear(), SweepCe.clear(), SweepMse.clear(), SweepBce.clear();
    if (const auto now = ComputeLabelPanel(c.Logits, one_hot)) CeGradNow = now->CeGrad[static_cast<std::size_t>(c.Target)];
    std::vector<double> z = c.Logits;
    for (int i = 0; i < kSweepPoints; ++i) {
        z[static_cast<std::size_t>(c.Target)] = -half + 2.0 * half * i / (kSweepPoints - 1);
        const auto m = ComputeSigmoidMsePanel(z, c.Target);
        const auto l = ComputeLabelPanel(z, one_hot);
        if (!m || !l) continue;
        SweepZ.push_back(z[static_cast<std::size_t>(c.Target)]);
        SweepCe.push_back(std::fabs(l->CeGrad[static_cast<std::size_t>(c.Target)]));
        SweepMse.push_back(std::fabs(m->MseGrad[static_cast<std::size_t>(c.Target)]));
        SweepBce.push_back(std::fabs(m->BceGrad[static_cast<std::size_t>(c.Target)]));
    }
}

void LossesSoftmaxTab::Controls(LossesState& s)
{
    const auto& t = LossesStateSchema();
    FieldSlider(t, "k", s);
    Label(Tr("Верный класс"));
    for (int k = 0; k < s.Classes; ++k) {
        if (k > 0) ImGui::SameLine(0.0f, 3.0f);
        if (k > 0 && ImGui::GetContentRegionAvail().x < ImGui::GetFrameHeight()) ImGui::NewLine();
        const bool on = s.Target == k;
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(on ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
        ImGui::PushID(k);
        if (ImGui::Button(std::to_string(k).c_str(), ImVec2(ImGui::GetFrameHeight(), 0.0f))) s.Target = k;
        ImGui::PopID();
        ImGui::PopStyleColor();
    }
    FieldSlider(t, "temp", s);
    const char* const forms[] = {Tr("наивно: e^z / Σ e^z"), Tr("log-sum-exp (сдвиг на max)")};
    FieldCombo(t, "form", s, forms);
    const char* const precisions[] = {"float32", "float64"};
    FieldCombo(t, "prec", s, precisions);
    Label(Tr("Все логиты сразу"));
    const float w = (ImGui::GetContentRegionAvail().x - 2.0f * ImGui::GetStyle().ItemSpacing.x) / 3.0f;
    const auto shift_all = [&](double d, double scale) {
        for (int k = 0; k < s.Classes; ++k)
            s.Logits[static_cast<std::size_t>(k)] = s.Logits[static_cast<std::size_t>(k)] * scale + d;
    };
    if (ImGui::Button("+100", ImVec2(w, 0.0f))) shift_all(100.0, 1.0);
    ImGui::SetItemTooltip("%s", Tr("Softmax от сдвига не меняется, а наивная формула переполняется"));
    ImGui::SameLine();
    if (ImGui::Button("−100", ImVec2(w, 0.0f))) shift_all(-100.0, 1.0);
    ImGui::SameLine();
    if (ImGui::Button("×10", ImVec2(w, 0.0f))) shift_all(0.0, 10.0);
    if (ImGui::Button(Tr("Исходные логиты"))) s.Logits = LossesState{}.Logits;

    ImGui::SeparatorText(Tr("BCE против CE"));
    FieldCheckbox(t, "multi", s);
    if (s.MultiLabel) {
        Label(Tr("Верные классы"));
        for (int k = 0; k < s.Classes; ++k) {
            if (k > 0) ImGui::SameLine(0.0f, 3.0f);
            if (k > 0 && ImGui::GetContentRegionAvail().x < ImGui::GetFrameHeight()) ImGui::NewLine();
            const bool on = (s.Labels >> k) & 1;
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(on ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
            ImGui::PushID(100 + k);
            if (ImGui::Button(std::to_string(k).c_str(), ImVec2(ImGui::GetFrameHeight(), 0.0f))) {
                const int next = s.Labels ^ (1 << k);
                if (next & ((1 << s.Classes) - 1)) s.Labels = next; // at least one class stays
            }
            ImGui::PopID();
            ImGui::PopStyleColor();
        }
    }
}

void LossesSoftmaxTab::DrawLogits(LossesState& s, float width, float height)
{
    const std::vector<double> z = LogitsOf(s);
    const int k = static_cast<int>(z.size());
    const PlotRange range = Dragging >= 0 ? DragRange : LossesBarRange(z, k, 3.0, true);
    const PlotFrame f = BeginPlot("##logits", ImVec2(width, height), range, Tr("Логиты z (тяните столбики)"), PlotFlags_IntegerX);
    if (ImGui::IsItemActivated() && f.Hovered) {
        Dragging = LossesHoveredBar(f, k);
        DragRange = range;
    }
    if (Dragging >= 0 && ImGui::IsItemActive() && Dragging < k) {
        double x = 0.0, y = 0.0;
        f.ToWorld(ImGui::GetIO().MousePos, x, y);
        y = std::clamp(std::round(y * 100.0) / 100.0, -kLossesMaxUiLogit, kLossesMaxUiLogit);
        s.Logits[static_cast<std::size_t>(Dragging)] = y;
    }
    if (!ImGui::IsItemActive()) Dragging = -1;
    LossesBars(f, z, 0, 1, OtherColor(), true, s.Target, TargetColor());
    EndPlot(f);
    if (ImGui::IsItemHovered() || Dragging >= 0) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNS);
    const int h = Dragging >= 0 ? Dragging : LossesHoveredBar(f, k);
    if (h >= 0 && !Panel.Scaled.empty())
        ImGui::SetTooltip("z_%d = %s\nz/T = %s\ne^(z/T − m) = %s", h, LossesNumber(z[static_cast<std::size_t>(h)]).c_str(),
                          LossesNumber(Panel.Scaled[static_cast<std::size_t>(h)]).c_str(),
                          LossesNumber(Panel.Exps[static_cast<std::size_t>(h)]).c_str());
}

void LossesSoftmaxTab::DrawComputation(const LossesState& s)
{
    const int t = std::clamp(s.Target, 0, s.Classes - 1);
    const bool naive = s.Form == static_cast<int>(SoftmaxForm::Naive);
    const char* limit = s.Precision == static_cast<int>(FloatPrecision::Float32) ? "88.72" : "709.78";
    if (naive)
        ImGui::TextWrapped("e^(z/T) = %s,  Σ = %s,  p = e^(z/T) / Σ", VectorText(Panel.Exps).c_str(),
                           LossesNumber(Panel.SumExps).c_str());
    else
        ImGui::TextWrapped("m = max z/T = %s,  e^(z/T − m) = %s,  Σ = %s", LossesNumber(Panel.Shift).c_str(),
                           VectorText(Panel.Exps).c_str(), LossesNumber(Panel.SumExps).c_str());
    ImGui::TextWrapped("p = %s", VectorText(Panel.Probs).c_str());
    if (naive)
        ImGui::TextWrapped("CE = −log p_%d = −log %s = %s", t, SymbolText(Panel.Probs[static_cast<std::size_t>(t)]).c_str(),
                           LossesNumber(Panel.Loss).c_str());
    else
        ImGui::TextWrapped("CE = m + log Σ − z_%d/T = %s + log %s − %s = %s", t, LossesNumber(Panel.Shift).c_str(),
                           LossesNumber(Panel.SumExps).c_str(), LossesNumber(Panel.Scaled[static_cast<std::size_t>(t)]).c_str(),
                           LossesNumber(Panel.Loss).c_str());
    if (!Panel.AllFinite) {
        ImGui::PushStyleColor(ImGuiCol_Text, SeriesColor(2));
        int over = -1;
        for (int i = 0; i < s.Classes && over < 0; ++i)
            if (!std::isfinite(Panel.Exps[static_cast<std::size_t>(i)])) over = i;
        if (over >= 0)
            ImGui::TextWrapped(Tr("Переполнение: z_%d/T = %s > %s, e^(z/T) больше наибольшего числа %s: %s."), over,
                               LossesNumber(Panel.Scaled[static_cast<std::size_t>(over)]).c_str(), limit,
                               s.Precision == 0 ? "float32" : "float64",
                               LossesNumber(Panel.Exps[static_cast<std::size_t>(over)]).c_str());
        else if (!(Panel.SumExps > 0.0))
            ImGui::TextWrapped(Tr("Антипереполнение: все e^(z/T) округлились до 0, Σ = 0, и p = 0/0."));
        for (double p : Panel.Probs)
            if (!std::isfinite(p)) {
                ImGui::TextWrapped(Tr("Вероятности: %s"), LossesNumber(p).c_str());
                break;
            }
        if (!std::isfinite(Panel.Loss)) ImGui::TextWrapped(Tr("Потеря: %s"), LossesNumber(Panel.Loss).c_str());
        ImGui::PopStyleColor();
        ImGui::TextWrapped(Tr("Log-sum-exp на тех же логитах: p_%d = %s, CE = %s — вычитание max z/T держит показатели ≤ 0."), t,
                           LossesNumber(Reference.Probs[static_cast<std::size_t>(t)]).c_str(),
                           LossesNumber(Reference.Loss).c_str());
    } else if (naive) {
        LossesNote(Tr("Наивная формула верна, пока z/T не больше ~88.7 (float32) или ~709.8 (float64): нажмите «+100»."));
    } else {
        LossesNote(Tr("Log-sum-exp: после вычитания m все показатели ≤ 0, e^x ≤ 1, переполнения нет при любых логитах."));
    }
}

void LossesSoftmaxTab::Pictures(const ViewContext& ctx, LossesState& s)
{
    (void)ctx;
    Update(s);
    if (!Error.Empty()) {
        ImGui::TextColored(ImVec4(1.0f, 0.4f, 0.4f, 1.0f), "%s", Tr(Error).c_str());
        return;
    }
    const int k = s.Classes;
    const float font = ImGui::GetFontSize();
    const float h = std::clamp(ImGui::GetContentRegionAvail().y * 0.3f, font * 9.0f, font * 14.0f);
    bool row = false;
    const float w = LossesColumnWidth(3, font * 14.0f, row);
    DrawLogits(s, w, h);
    if (row) ImGui::SameLine();
    {
        const PlotFrame f =
            BeginPlot("##probs", ImVec2(w, h), PlotRange{-0.5, k - 0.5, 0.0, 1.15}, Tr("p = softmax(z/T)"), PlotFlags_IntegerX);
        LossesBars(f, Panel.Probs, 0, 1, OtherColor(), true, s.Target, TargetColor());
        const ImVec2 a = f.ToScreen(s.Target - 0.45, 1.0), b = f.ToScreen(s.Target + 0.45, 0.0);
        ImGui::GetWindowDrawList()->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Text, 0.6f), 0.0f, 0, 1.0f);
        EndPlot(f);
        if (const int i = LossesHoveredBar(f, k); i >= 0)
            ImGui::SetTooltip("p_%d = %s\ny_%d = %d", i, LossesNumber(Panel.Probs[static_cast<std::size_t>(i)]).c_str(), i,
                              i == s.Target ? 1 : 0);
    }
    if (row) ImGui::SameLine();
    {
        const PlotFrame f = BeginPlot("##grad", ImVec2(w, h), LossesBarRange(Panel.Grad, k, 1.0 / s.Temperature, true),
                                      Tr("∂CE/∂z = (p − y)/T"), PlotFlags_IntegerX);
        LossesBars(f, Panel.Grad, 0, 1, OtherColor(), true, s.Target, TargetColor());
        EndPlot(f);
        if (const int i = LossesHoveredBar(f, k); i >= 0)
            ImGui::SetTooltip("∂CE/∂z_%d = (%s − %d)/%s = %s", i, LossesNumber(Panel.Probs[static_cast<std::size_t>(i)]).c_str(),
                              i == s.Target ? 1 : 0, LossesNumber(s.Temperature).c_str(),
                              LossesNumber(Panel.Grad[static_cast<std::size_t>(i)]).c_str());
    }
    DrawComputation(s);
    LossesNote(Tr("Градиент по логитам — просто p − y (делённое на T): у верного класса он отрицателен и тем больше по модулю, "
                  "чем меньше p_t; сумма по классам равна 0. Экспонента softmax и логарифм CE сокращаются."));
    ImGui::Spacing();
    const float h2 = std::clamp(ImGui::GetContentRegionAvail().y - font * 7.0f, font * 10.0f, font * 15.0f);
    const float w2 = LossesColumnWidth(2, font * 20.0f, row);
    ImGui::BeginGroup();
    DrawMsePanel(s, w2, h2);
    ImGui::EndGroup();
    if (row) ImGui::SameLine();
    ImGui::BeginGroup();
    DrawLabelPanel(s, w2, h2);
    ImGui::EndGroup();
}

} // namespace mlviz
