// Classical ML, the ensemble tab's read-outs: the train/test curves of both ensembles against the
// number of trees, and one tree's splits along the path of the hovered point.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "topics/classical_ml/view/cml_view.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

const char* FeatureName(int f)
{
    return f == 0 ? "x" : "y";
}

} // namespace

const CmlTree* CmlEnsemblePanel::InspectedTree(const ClassicalMlState& s, bool boosting, const double* x, int& index,
                                               int& output) const
{
    const int built = boosting ? Boosting.StageCount() : Forest.TreeCount();
    const int shown = (boosting ? BoostRegions : ForestRegions).Trees();
    if (built == 0) return nullptr;
    index = std::clamp(s.Tree >= 0 ? s.Tree : shown - 1, 0, built - 1);
    output = 0;
    if (!boosting) return &Forest.TreeAt(index);
    if (Boosting.NumOutputs() > 1) {
        // Several classes: the tree of the class the ensemble predicts here.
        std::vector<double> p(static_cast<std::size_t>(Boosting.NumClasses()));
        Boosting.PredictProba(x, std::max(shown, 1), p.data());
        const int c = CmlArgMax(p.data(), Boosting.NumClasses());
        output = std::max(0, Boosting.Labels().Index[static_cast<std::size_t>(c)]);
    }
    return &Boosting.TreeAt(index, output);
}

void CmlEnsemblePanel::DrawLeafCell(const PlotFrame& f, const CmlTree& tree, const double* x) const
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    double lo[2] = {Grid.X0, Grid.Y0}, hi[2] = {Grid.X1, Grid.Y1};
    const std::vector<int> path = tree.DecisionPath(x);
    const ImU32 split = ImGui::GetColorU32(ImGuiCol_Text, 0.75f);
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        const CmlTreeNode& n = tree.Nodes[static_cast<std::size_t>(path[i])];
        const int j = std::clamp(n.Feature, 0, 1);
        // The split line across the cell the point is in at this depth.
        const ImVec2 a = j == 0 ? f.ToScreen(n.Threshold, lo[1]) : f.ToScreen(lo[0], n.Threshold);
        const ImVec2 b = j == 0 ? f.ToScreen(n.Threshold, hi[1]) : f.ToScreen(hi[0], n.Threshold);
        dl->AddLine(a, b, split, 1.5f);
        if (path[i + 1] == n.Left)
            hi[j] = std::min(hi[j], n.Threshold);
        else
            lo[j] = std::max(lo[j], n.Threshold);
    }
    dl->AddRect(f.ToScreen(lo[0], hi[1]), f.ToScreen(hi[0], lo[1]), ImGui::GetColorU32(ImGuiCol_Text), 0.0f, 0, 2.5f);
    dl->AddCircle(f.ToScreen(x[0], x[1]), 5.0f, ImGui::GetColorU32(ImGuiCol_Text), 12, 2.0f);
}

std::string CmlEnsemblePanel::PathText(const ClassicalMlState& s, bool boosting, const double* x) const
{
    int index = 0, output = 0;
    const CmlTree* tree = InspectedTree(s, boosting, x, index, output);
    if (!tree) return {};
    char buf[200];
    std::string out;
    if (boosting && Boosting.NumOutputs() > 1)
        std::snprintf(buf, sizeof buf, Tr("Бустинг, дерево %d (для %s) в точке (%.2f, %.2f):"), index + 1,
                      CmlClassName(Boosting.Labels().Classes[static_cast<std::size_t>(output)]).c_str(), x[0], x[1]);
    else
        std::snprintf(buf, sizeof buf,
                      boosting ? Tr("Бустинг, дерево %d в точке (%.2f, %.2f):") : Tr("Лес, дерево %d в точке (%.2f, %.2f):"),
                      index + 1, x[0], x[1]);
    out += buf;
    const std::vector<int> path = tree->DecisionPath(x);
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        const CmlTreeNode& n = tree->Nodes[static_cast<std::size_t>(path[i])];
        const bool left = path[i + 1] == n.Left;
        std::snprintf(buf, sizeof buf, Tr("%s %s %.3f (в узле %d точек)"), FeatureName(n.Feature), left ? "≤" : ">", n.Threshold,
                      n.Samples);
        out += "\n" + std::string(2 * i, ' ') + buf;
    }
    const CmlTreeNode& leaf = tree->Nodes[static_cast<std::size_t>(path.back())];
    if (boosting) {
        const double rate = Boosting.LearningRate();
        std::snprintf(buf, sizeof buf, Tr("лист: %d точек, γ = %.4g (шаг Ньютона), вклад ν·γ = %.4g"), leaf.Samples,
                      leaf.Value[0], rate * leaf.Value[0]);
        out += std::string("\n") + buf;
        std::vector<double> raw(static_cast<std::size_t>(Boosting.NumOutputs()));
        Boosting.RawPredict(x, BoostRegions.Trees(), raw.data());
        std::snprintf(buf, sizeof buf, Tr("весь ансамбль из %d дер.: F(x) = %.4g"), BoostRegions.Trees(),
                      raw[static_cast<std::size_t>(output)]);
        out += std::string("\n") + buf;
    } else {
        double total = 0.0;
        for (int c = 0; c < tree->NumClasses; ++c) total += leaf.Value[static_cast<std::size_t>(c)];
        std::snprintf(buf, sizeof buf, Tr("лист: %d точек (с повторами бутстрэпа: %.0f), доли классов:"), leaf.Samples,
                      leaf.WeightedSamples);
        out += std::string("\n") + buf;
        for (int c = 0; c < tree->NumClasses; ++c) {
            std::snprintf(buf, sizeof buf, " %.2f", total > 0.0 ? leaf.Value[static_cast<std::size_t>(c)] / total : 0.0);
            out += buf;
        }
        std::vector<double> p(static_cast<std::size_t>(Forest.NumClasses()));
        Forest.PredictProba(x, ForestRegions.Trees(), p.data());
        std::snprintf(buf, sizeof buf, Tr("среднее %d дер.:"), ForestRegions.Trees());
        out += std::string("\n") + buf;
        for (double v : p) {
            std::snprintf(buf, sizeof buf, " %.2f", v);
            out += buf;
        }
    }
    out += std::string("\n") + Tr("(дерево для просмотра — в панели слева)");
    return out;
}

void CmlEnsemblePanel::DrawCurves(const ClassicalMlState& s, bool loss, ImVec2 size)
{
    const std::vector<CmlCurvePoint>* curves[2] = {&Forest.Curves(), &Boosting.Curves()};
    const int count = CmlTimelineLength(s);
    std::vector<double> all;
    for (const auto* c : curves)
        for (const CmlCurvePoint& p : *c) {
            all.push_back(loss ? std::max(p.TrainLoss, 1e-4) : p.TrainAccuracy);
            all.push_back(loss ? std::max(p.TestLoss, 1e-4) : p.TestAccuracy);
        }
    PlotRange range{0.0, static_cast<double>(count), 0.0, 1.0};
    if (loss) {
        double lo = -2.0, hi = 1.0;
        if (!Log10Range(all, 1.0, lo, hi)) lo = -2.0, hi = 1.0;
        range.YMin = lo;
        range.YMax = hi;
    } else {
        double lo = 1.0;
        for (double v : all) lo = std::min(lo, v);
        range.YMin = std::max(0.0, std::floor((lo - 0.02) * 20.0) / 20.0);
        range.YMax = 1.01;
    }
    const char* title = loss ? Tr("log-loss (логарифмическая шкала) от числа деревьев") : Tr("Точность от числа деревьев");
    const PlotFrame f = BeginPlot(loss ? "##curve_loss" : "##curve_acc", size, range, title,
                                  PlotFlags_IntegerX | (loss ? PlotFlags_LogY : PlotFlags_WideYLabels));
    for (int e = 0; e < 2; ++e) {
        const ImU32 col = e == 0 ? CmlPcaColor() : CmlLdaColor(), faint = e == 0 ? CmlPcaColor(0.45f) : CmlLdaColor(0.45f);
        std::vector<double> xs, train, test;
        for (const CmlCurvePoint& p : *curves[e]) {
            xs.push_back(p.Trees);
            train.push_back(loss ? SafeLog10(std::max(p.TrainLoss, 1e-4)) : p.TrainAccuracy);
            test.push_back(loss ? SafeLog10(std::max(p.TestLoss, 1e-4)) : p.TestAccuracy);
        }
        PlotLine(f, xs, train, faint, 1.5f);
        PlotLine(f, xs, test, col, 2.5f);
    }
    PlotVerticalLine(f, s.Step < 0 ? count : std::min(s.Step, count), ImGui::GetColorU32(ImGuiCol_Text, 0.6f));
    EndPlot(f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float font = ImGui::GetFontSize();
    dl->AddText(ImVec2(f.Max.x - ImGui::CalcTextSize(Tr("лес")).x - font * 5.0f, f.Min.y + font * 0.2f), CmlPcaColor(),
                Tr("лес"));
    dl->AddText(ImVec2(f.Max.x - ImGui::CalcTextSize(Tr("бустинг")).x - font * 0.3f, f.Min.y + font * 0.2f), CmlLdaColor(),
                Tr("бустинг"));
    if (f.Hovered) {
        const int t = std::clamp(static_cast<int>(std::lround(f.MouseX)), 0, count);
        std::string tip = std::to_string(t) + " " + Tr("дер.");
        char buf[160];
        for (int e = 0; e < 2; ++e) {
            const auto& c = *curves[e];
            const int i = e == 0 ? t - 1 : t; // forest point i = i + 1 trees; boosting point i = i stages
            if (i < 0 || i >= static_cast<int>(c.size())) continue;
            const CmlCurvePoint& p = c[static_cast<std::size_t>(i)];
            std::snprintf(buf, sizeof buf, Tr("%s: обуч. %.4f, тест %.4f"), e == 0 ? Tr("лес") : Tr("бустинг"),
                          loss ? p.TrainLoss : p.TrainAccuracy, loss ? p.TestLoss : p.TestAccuracy);
            tip += std::string("\n") + buf;
        }
        ImGui::SetTooltip("%s", tip.c_str());
    }
}

} // namespace mlviz
