// Losses view, curves tab (q28, q46): loss and ∂L/∂z_t of one pixel against p_t for CE, weighted CE, focal,
// label smoothing, Dice and Dice + CE, the formula of each with the current values, and the gradient ratio to CE.
#include <algorithm>
#include <cmath>
#include <string>

#include "topics/losses/view/losses_view.h"
#include "ui/controls.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

constexpr int kCurvePoints = 300;
constexpr const char* kShowKeys[] = {"show_ce", "show_wce", "show_focal", "show_ls", "show_dice", "show_dice_ce"};
// Russian keys, translated where drawn.
constexpr const char* kCurveLabels[] = {
    MLVIZ_TR_KEY("CE"),   MLVIZ_TR_KEY("Взвешенная CE (α)"), MLVIZ_TR_KEY("Фокальная (α, γ)"), MLVIZ_TR_KEY("Сглаживание меток"),
    MLVIZ_TR_KEY("Dice"), MLVIZ_TR_KEY("Dice + CE")};

ImU32 CurveColor(int i)
{
    return SeriesColor(i == 4 ? 4 : (i == 5 ? 6 : i));
}

bool Shown(const LossesState& s, CurveLoss l)
{
    return s.ShowCurve[static_cast<std::size_t>(l)];
}

} // namespace

void LossesCurvesTab::Update(const LossesState& s)
{
    const CurveParams p = CurveParamsFor(s);
    if (Valid && p == BuiltFor) return;
    BuiltFor = p;
    Valid = true;
    Error = {};
    Pt.clear();
    for (int c = 0; c < kLossesCurveCount; ++c) {
        auto r = SampleCurve(static_cast<CurveLoss>(c), p, kCurvePoints, 0.001, 0.999);
        if (!r) {
            Error = r.Error();
            return;
        }
        Loss[static_cast<std::size_t>(c)].clear();
        Grad[static_cast<std::size_t>(c)].clear();
        for (const CurvePoint& q : *r) {
            if (c == 0) Pt.push_back(q.Pt);
            Loss[static_cast<std::size_t>(c)].push_back(q.Loss);
            Grad[static_cast<std::size_t>(c)].push_back(q.Grad);
        }
    }
}

void LossesCurvesTab::Controls(LossesState& s)
{
    const auto& t = LossesStateSchema();
    Label(Tr("Кривые"));
    for (int c = 0; c < kLossesCurveCount; ++c) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float font = ImGui::GetFontSize();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + font * 0.45f), ImVec2(p.x + font * 0.7f, p.y + font * 0.85f),
                                                  CurveColor(c));
        ImGui::Indent(font * 0.9f);
        FieldCheckbox(t, kShowKeys[c], s, Tr(kCurveLabels[c]));
        ImGui::Unindent(font * 0.9f);
    }
    FieldSlider(t, "pt", s);
    const bool weighted = Shown(s, CurveLoss::WeightedCrossEntropy) || Shown(s, CurveLoss::Focal);
    if (weighted) FieldSlider(t, "c_alpha", s);
    if (Shown(s, CurveLoss::Focal)) FieldSlider(t, "c_gamma", s);
    if (Shown(s, CurveLoss::LabelSmoothing)) {
        FieldSlider(t, "ls", s);
        FieldSlider(t, "ls_k", s);
    }
    if (Shown(s, CurveLoss::Dice) || Shown(s, CurveLoss::DiceCrossEntropy)) {
        FieldSlider(t, "c_frac", s);
        FieldSlider(t, "pixels", s);
        FieldSlider(t, "c_eps", s);
    }
    if (weighted || Shown(s, CurveLoss::Dice) || Shown(s, CurveLoss::DiceCrossEntropy)) FieldCheckbox(t, "fg", s);
    FieldCheckbox(t, "logy", s);
}

void LossesCurvesTab::DrawPlot(LossesState& s, bool gradient, float width, float height)
{
    const bool log = gradient && s.LogGrad;
    std::vector<double> all;
    std::array<std::vector<double>, kLossesCurveCount> ys;
    for (int c = 0; c < kLossesCurveCount; ++c) {
        if (!s.ShowCurve[static_cast<std::size_t>(c)]) continue;
        ys[static_cast<std::size_t>(c)] = gradient ? Grad[static_cast<std::size_t>(c)] : Loss[static_cast<std::size_t>(c)];
        if (log)
            for (double& v : ys[static_cast<std::size_t>(c)]) v = SafeLog10(std::fabs(v));
        all.insert(all.end(), ys[static_cast<std::size_t>(c)].begin(), ys[static_cast<std::size_t>(c)].end());
    }
    PlotRange r{0.0, 1.0, 0.0, 1.0};
    double lo = 0.0, hi = 0.0;
    for (double v : all)
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    if (log) {
        lo = std::max(lo, hi - 8.0);
        if (!(hi > lo)) hi = lo + 1.0;
        r.YMin = lo - 0.05 * (hi - lo), r.YMax = hi + 0.05 * (hi - lo);
        if (all.empty() || !std::isfinite(r.YMin)) r.YMin = -3.0, r.YMax = 1.0;
    } else {
        hi = std::min(hi, gradient ? 1e3 : 7.5);
        lo = std::max(lo, -1e3);
        const double pad = 0.06 * std::max(hi - lo, 1e-3);
        r.YMin = lo - (lo < 0.0 ? pad : 0.0), r.YMax = hi + pad;
    }
    const char* title =
        gradient ? (log ? Tr("|∂L/∂z_t| (лог. шкала)") : Tr("∂L/∂z_t (< 0: тянет p_t вверх)")) : Tr("Потеря L от p_t");
    const PlotFrame f =
        BeginPlot(gradient ? "##curve_g" : "##curve_l", ImVec2(width, height), r, title, log ? PlotFlags_LogY : PlotFlags_None);
    for (int c = 0; c < kLossesCurveCount; ++c)
        if (s.ShowCurve[static_cast<std::size_t>(c)]) PlotLine(f, Pt, ys[static_cast<std::size_t>(c)], CurveColor(c), 2.0f);
    PlotVerticalLine(f, s.Pt, ImGui::GetColorU32(ImGuiCol_Text, 0.5f));
    const CurveParams p = CurveParamsFor(s);
    for (int c = 0; c < kLossesCurveCount; ++c) {
        if (!s.ShowCurve[static_cast<std::size_t>(c)]) continue;
        if (const auto q = EvaluateCurve(static_cast<CurveLoss>(c), p, s.Pt)) {
            const double v = gradient ? q->Grad : q->Loss;
            PlotMarker(f, s.Pt, log ? SafeLog10(std::fabs(v)) : v, CurveColor(c), 4.0f);
        }
    }
    EndPlot(f);
    if (ImGui::IsItemActive() && f.Max.x > f.Min.x) {
        double x = 0.0, y = 0.0;
        f.ToWorld(ImGui::GetIO().MousePos, x, y);
        s.Pt = std::clamp(std::round(x * 1000.0) / 1000.0, 0.001, 0.999);
    }
    if (f.Hovered) {
        const double pt = std::clamp(f.MouseX, 0.001, 0.999);
        std::string text = "p_t = " + LossesNumber(pt);
        for (int c = 0; c < kLossesCurveCount; ++c) {
            if (!s.ShowCurve[static_cast<std::size_t>(c)]) continue;
            if (const auto q = EvaluateCurve(static_cast<CurveLoss>(c), p, pt))
                text += std::string("\n") + Tr(kCurveLabels[c]) + ": L = " + LossesNumber(q->Loss) +
                    ", ∂L/∂z_t = " + LossesNumber(q->Grad);
        }
        ImGui::SetTooltip("%s", text.c_str());
    }
}

namespace {

// Text in a table cell wrapped at `width`, a width known this frame: the table's own column widths lag a frame
// behind a resize, and wrapping at them made the first frame of a figure taller than the next (a scrollbar).
void CellText(const char* text, float width)
{
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
}

} // namespace

void LossesCurvesTab::DrawTable(const LossesState& s)
{
    const CurveParams p = CurveParamsFor(s);
    const auto ce = EvaluateCurve(CurveLoss::CrossEntropy, p, s.Pt);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    const float font = ImGui::GetFontSize();
    // The formula column gets what the three fixed columns (9 + 5 + 5 em) and the cells' padding (2 em) leave.
    const float formula_width = std::max(ImGui::GetContentRegionAvail().x - font * 21.0f, font * 8.0f);
    if (!ImGui::BeginTable("formulas", 4, flags)) return;
    ImGui::TableSetupColumn(Tr("Потеря"), ImGuiTableColumnFlags_WidthFixed, font * 9.0f);
    // An explicit weight: a stretch column weighted by its content is 0/0 (NaN) on its first frame.
    ImGui::TableSetupColumn(Tr("Формула при текущих значениях"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("∂L/∂z_t", ImGuiTableColumnFlags_WidthFixed, font * 5.0f);
    ImGui::TableSetupColumn(Tr("÷ CE"), ImGuiTableColumnFlags_WidthFixed, font * 5.0f);
    ImGui::TableHeadersRow();
    for (int c = 0; c < kLossesCurveCount; ++c) {
        if (!s.ShowCurve[static_cast<std::size_t>(c)]) continue;
        const auto q = EvaluateCurve(static_cast<CurveLoss>(c), p, s.Pt);
        if (!q) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushStyleColor(ImGuiCol_Text, CurveColor(c));
        CellText(Tr(kCurveLabels[c]), font * 9.0f);
        ImGui::PopStyleColor();
        ImGui::TableNextColumn();
        CellText(CurveFormula(static_cast<CurveLoss>(c), p, s.Pt).c_str(), formula_width);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(LossesNumber(q->Grad).c_str());
        ImGui::TableNextColumn();
        if (ce && ce->Grad != 0.0) ImGui::TextUnformatted(LossesNumber(q->Grad / ce->Grad).c_str());
    }
    ImGui::EndTable();
}

void LossesCurvesTab::Pictures(const ViewContext& ctx, LossesState& s)
{
    (void)ctx;
    Update(s);
    if (!Error.Empty()) {
        ImGui::TextColored(ImVec4(1.0f, 0.4f, 0.4f, 1.0f), "%s", Tr(Error).c_str());
        return;
    }
    const float font = ImGui::GetFontSize();
    bool row = false;
    const float w = LossesColumnWidth(2, font * 18.0f, row);
    const float h = std::clamp(ImGui::GetContentRegionAvail().y * (row ? 0.5f : 0.3f), font * 10.0f, font * 22.0f);
    DrawPlot(s, false, w, h);
    if (row) ImGui::SameLine();
    DrawPlot(s, true, w, h);
    DrawTable(s);
    LossesNote(
        Tr("Один пиксель, p_t — вероятность его верного класса; нажмите на график, чтобы сдвинуть p_t. У фокальной множитель (1 "
           "− p_t)^γ гасит вклад уже уверенных пикселей; α — вес переднего плана (1 − α у фона). Dice — одно число на всё "
           "изображение, где модель одинаково уверена во всех пикселях; его градиент умножен на N, чтобы сравнивать с CE."));
}

} // namespace mlviz
