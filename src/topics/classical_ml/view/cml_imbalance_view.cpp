// Classical ML, the class-imbalance tab: two Gaussian classes at 1:ratio, resampling of the
// training set (SMOTE's synthetic points on their segments), a logistic regression retrained
// live, its boundary at the decision threshold, and the test-set metrics: the confusion matrix,
// precision / recall / F1 with their numbers, accuracy beside the majority's share, the PR curve
// with its AP and the ROC curve with its AUC.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "topics/classical_ml/view/cml_view.h"
#include "ui/image_textures.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

constexpr int kShadeSide = 80;

} // namespace

void CmlImbalancePanel::Update(const ClassicalMlState& s, const CmlDeadline& deadline)
{
    if (!Built || !SameCmlImbalance(s, BuiltFor)) {
        BuiltFor = s;
        Built = true;
        ProbabilityReady = false;
        BoundaryFor = -1.0;
        Boundary.clear();
        Error = Job.Begin(CmlImbalanceConfigOf(s));
        Started = Error.Empty();
        if (Started) {
            // A square world over the training and test points (the scatter's data area is square).
            CmlDataset all = Job.Train();
            all.X.insert(all.X.end(), Job.Test().X.begin(), Job.Test().X.end());
            all.Y.insert(all.Y.end(), Job.Test().Y.begin(), Job.Test().Y.end());
            const float font = ImGui::GetFontSize();
            Range = CmlSquareRange(all, ImVec2(100.0f + font * 3.8f, 100.0f + font * 2.1f), 0.04);
            Grid = CmlGridSpec{Range.XMin, Range.XMax, Range.YMin, Range.YMax, kShadeSide, kShadeSide};
        }
    }
    if (!Started) return;
    while (!Job.Done() && !deadline.Passed()) Job.Step(1);
    if (Job.Done() && !ProbabilityReady) {
        Probability.resize(static_cast<std::size_t>(Grid.Width) * Grid.Height);
        for (int row = 0; row < Grid.Height; ++row)
            for (int col = 0; col < Grid.Width; ++col) {
                const double x[2] = {Grid.X0 + (Grid.X1 - Grid.X0) * (col + 0.5) / Grid.Width,
                                     Grid.Y0 + (Grid.Y1 - Grid.Y0) * (row + 0.5) / Grid.Height};
                Probability[static_cast<std::size_t>(row) * Grid.Width + col] = Job.Classifier().Probability(x);
            }
        ProbabilityReady = true;
        BoundaryFor = -1.0;
    }
    if (ProbabilityReady && BoundaryFor != s.Threshold) UpdateBoundary(s);
}

void CmlImbalancePanel::UpdateBoundary(const ClassicalMlState& s)
{
    BoundaryFor = s.Threshold;
    Boundary = CmlIsoLines(Probability, Grid.Width, Grid.Height, s.Threshold);
    Shade.Width = Grid.Width;
    Shade.Height = Grid.Height;
    Shade.Pixels.assign(static_cast<std::size_t>(Grid.Width) * Grid.Height * 4, 0);
    for (int row = 0; row < Grid.Height; ++row)
        for (int col = 0; col < Grid.Width; ++col) {
            const bool positive = Probability[static_cast<std::size_t>(row) * Grid.Width + col] >= s.Threshold;
            const ImU32 c = CmlClassColor(positive ? 1 : 0);
            std::uint8_t* px = Shade.At(col, Grid.Height - 1 - row);
            px[0] = static_cast<std::uint8_t>((c >> IM_COL32_R_SHIFT) & 0xFF);
            px[1] = static_cast<std::uint8_t>((c >> IM_COL32_G_SHIFT) & 0xFF);
            px[2] = static_cast<std::uint8_t>((c >> IM_COL32_B_SHIFT) & 0xFF);
            px[3] = positive ? 60 : 22;
        }
    ++ShadeVersion;
}

void CmlImbalancePanel::Draw(ViewContext& ctx, ClassicalMlState& s)
{
    if (!Error.Empty()) {
        ImGui::TextColored(CmlErrorColor(), "%s", Tr(Error).c_str());
        return;
    }
    const float font = ImGui::GetFontSize(), spacing = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float curves_h = std::clamp(avail.y * 0.32f, font * 9.0f, font * 14.0f);
    const float side = std::max(font * 10.0f, std::min(avail.x * 0.5f - font * 3.8f, avail.y - curves_h - font * 3.0f));
    DrawScatter(ctx, s, side);
    ImGui::SameLine(0.0f, spacing);
    ImGui::BeginGroup();
    DrawMetrics(s, std::max(font * 12.0f, ImGui::GetContentRegionAvail().x));
    ImGui::EndGroup();
    DrawCurves(s, ImVec2((ImGui::GetContentRegionAvail().x - spacing) * 0.5f, curves_h));
}

void CmlImbalancePanel::DrawScatter(ViewContext& ctx, ClassicalMlState& s, float side)
{
    const float font = ImGui::GetFontSize();
    const ImVec2 size(side + font * 3.8f, side + font * 2.1f);
    const PlotFrame f = BeginPlot("##imbalance", size, Range, nullptr);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (ProbabilityReady) {
        if (Slot < 0) Slot = ctx.Images->CreateSlot();
        dl->AddImage(ctx.Images->Upload(Slot, Shade, ShadeVersion, true), f.ToScreen(Grid.X0, Grid.Y1),
                     f.ToScreen(Grid.X1, Grid.Y0));
    }
    const CmlResampled& fit = Job.Resampled();
    const CmlDataset& train = Job.Train();
    const float r = std::max(2.0f, font * 0.16f);
    if (s.ShowTest) {
        CmlDrawPoints(f, Job.Test(), r, 0.8f);
    } else {
        // Points the model did not see (random under-sampling) faint; the rare class on top.
        std::vector<char> seen(static_cast<std::size_t>(train.Size()), 0);
        for (int src : fit.Source)
            if (src >= 0 && src < train.Size()) seen[static_cast<std::size_t>(src)] = 1;
        for (int pass = 0; pass < 2; ++pass)
            for (int i = 0; i < train.Size(); ++i) {
                if (train.Y[i] != pass) continue;
                const ImVec2 p = f.ToScreen(train.At(i, 0), train.At(i, 1));
                const float alpha = seen[static_cast<std::size_t>(i)] ? (pass == 0 ? 0.55f : 1.0f) : 0.12f;
                dl->AddCircleFilled(p, pass == 0 ? r : r * 1.6f, CmlClassColor(pass, alpha), 8);
            }
        for (const CmlSmoteSample& q : fit.Synthetic) {
            const ImVec2 a = f.ToScreen(train.At(q.Base, 0), train.At(q.Base, 1));
            const ImVec2 b = f.ToScreen(train.At(q.Neighbour, 0), train.At(q.Neighbour, 1));
            dl->AddLine(a, b, CmlClassColor(1, 0.35f), 1.0f);
        }
        const int first = fit.Data.Size() - static_cast<int>(fit.Synthetic.size());
        for (int i = std::max(first, 0); i < fit.Data.Size(); ++i)
            dl->AddCircle(f.ToScreen(fit.Data.At(i, 0), fit.Data.At(i, 1)), r * 1.4f, CmlClassColor(1, 0.9f), 6, 1.2f);
    }
    for (const CmlSegment& g : Boundary) {
        const auto at = [&](double gx, double gy) {
            return f.ToScreen(Grid.X0 + (Grid.X1 - Grid.X0) * (gx + 0.5) / Grid.Width,
                              Grid.Y0 + (Grid.Y1 - Grid.Y0) * (gy + 0.5) / Grid.Height);
        };
        dl->AddLine(at(g.X0, g.Y0), at(g.X1, g.Y1), ImGui::GetColorU32(ImGuiCol_Text), 2.5f);
    }
    Editor.Handle(f, s, 2, false, nullptr, nullptr);
    EndPlot(f);
    if (f.Hovered && !Editor.Dragging() && Job.Done()) {
        const double x[2] = {f.MouseX, f.MouseY};
        const double p = Job.Classifier().Probability(x);
        ImGui::SetTooltip(Tr("P(редкий | x) = %.4f: %s при пороге %.3f\nтяните центры и оси эллипсов"), p,
                          p >= s.Threshold ? Tr("редкий") : Tr("частый"), s.Threshold);
    }
}

void CmlImbalancePanel::DrawMetrics(const ClassicalMlState& s, float width)
{
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    const CmlResampled& fit = Job.Resampled();
    const std::vector<int> train = CmlClassCounts(Job.Train()), seen = CmlClassCounts(fit.Data),
                           test = CmlClassCounts(Job.Test());
    ImGui::Text(Tr("Обучение: %d : %d; модель видит %d : %d"), train[0], train[1], seen[0], seen[1]);
    if (!fit.Synthetic.empty())
        ImGui::TextDisabled(Tr("SMOTE: %d синтетических точек на отрезках между соседями"),
                            static_cast<int>(fit.Synthetic.size()));
    // The core names classes by label (the rare one is 1); here they are "rare" and "common".
    if (!Job.ResampleError().Empty() && s.Method == static_cast<int>(CmlResampling::Smote))
        ImGui::TextColored(
            CmlErrorColor(),
            Tr("SMOTE невозможен: в редком классе %d точек, а нужно больше k = %d; модель учится на исходных точках"), train[1],
            s.SmoteK);
    else if (!Job.ResampleError().Empty())
        ImGui::TextColored(CmlErrorColor(), "%s", Tr(Job.ResampleError()).c_str());
    const CmlLogRegJob& model = Job.Classifier();
    ImGui::TextDisabled(Tr("Логистическая регрессия: шагов Ньютона %d, |∇| = %s; веса классов %.3g и %.3g"), model.Iterations(),
                        CmlNumber(model.GradientNorm()).c_str(), model.ClassWeight(0), model.ClassWeight(1));
    if (!Job.Done()) {
        ImGui::TextDisabled("%s", Tr("обучается…"));
        ImGui::PopTextWrapPos();
        return;
    }
    const CmlConfusion c = Job.ConfusionAt(s.Threshold);
    ImGui::Text(Tr("Тест: %d : %d точек, порог %.3f"), test[0], test[1], s.Threshold);
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit;
    if (ImGui::BeginTable("##confusion", 3, flags)) {
        ImGui::TableSetupColumn("");
        ImGui::TableSetupColumn(Tr("предсказан редкий"));
        ImGui::TableSetupColumn(Tr("предсказан частый"));
        ImGui::TableHeadersRow();
        const auto cell = [](long long v, const char* name, bool good) {
            ImGui::TableNextColumn();
            ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, good ? SeriesColor(4, 0.25f) : SeriesColor(2, 0.25f));
            ImGui::Text("%s = %lld", name, v);
        };
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(Tr("факт: редкий"));
        cell(c.Tp, "TP", true);
        cell(c.Fn, "FN", false);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(Tr("факт: частый"));
        cell(c.Fp, "FP", false);
        cell(c.Tn, "TN", true);
        ImGui::EndTable();
    }
    const long long n = c.Tp + c.Fp + c.Tn + c.Fn;
    ImGui::Text("precision = TP / (TP + FP) = %lld / %lld = %.3f", c.Tp, c.Tp + c.Fp, c.Precision);
    ImGui::Text("recall = TP / (TP + FN) = %lld / %lld = %.3f", c.Tp, c.Tp + c.Fn, c.Recall);
    ImGui::Text("F1 = 2·P·R / (P + R) = %.3f", c.F1);
    ImGui::Text("accuracy = (TP + TN) / N = %lld / %lld = %.3f", c.Tp + c.Tn, n, c.Accuracy);
    const double majority = n > 0 ? static_cast<double>(c.Tn + c.Fp) / n : 0.0;
    ImGui::TextColored(CmlErrorColor(), Tr("Ответ «всегда частый» дал бы accuracy %.3f при recall 0: точность обманчива"),
                       majority);
    ImGui::Text(Tr("balanced accuracy = %.3f; AP (PR-AUC) = %.3f; ROC AUC = %.3f"), c.BalancedAccuracy, Job.Pr().AveragePrecision,
                Job.Roc() ? Job.Roc()->Auc : 0.0);
    ImGui::PopTextWrapPos();
}

void CmlImbalancePanel::DrawCurves(const ClassicalMlState& s, ImVec2 size)
{
    if (!Job.Done()) return;
    const CmlConfusion c = Job.ConfusionAt(s.Threshold);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    char title[128];
    std::snprintf(title, sizeof title, Tr("PR-кривая: AP = %.3f"), Job.Pr().AveragePrecision);
    const PlotRange unit{0.0, 1.0, 0.0, 1.02};
    {
        const PlotFrame f = BeginPlot("##pr", size, unit, title);
        const std::vector<int> test = CmlClassCounts(Job.Test());
        const double base = test[1] / std::max(1.0, static_cast<double>(test[0] + test[1]));
        const double bx[2] = {0.0, 1.0}, by[2] = {base, base};
        PlotLine(f, bx, by, ImGui::GetColorU32(ImGuiCol_TextDisabled), 1.0f);
        PlotLine(f, Job.Pr().Recall, Job.Pr().Precision, CmlClassColor(1), 2.5f);
        PlotMarker(f, c.Recall, c.Precision, ImGui::GetColorU32(ImGuiCol_Text), 5.0f);
        EndPlot(f);
        if (f.Hovered) ImGui::SetTooltip(Tr("recall по оси x, precision по оси y\nсерая линия: доля редкого класса %.4f"), base);
    }
    ImGui::SameLine(0.0f, spacing);
    if (!Job.Roc()) return;
    std::snprintf(title, sizeof title, Tr("ROC-кривая: AUC = %.3f"), Job.Roc()->Auc);
    const PlotFrame f = BeginPlot("##roc", size, unit, title);
    const double dx[2] = {0.0, 1.0};
    PlotLine(f, dx, dx, ImGui::GetColorU32(ImGuiCol_TextDisabled), 1.0f);
    PlotLine(f, Job.Roc()->Fpr, Job.Roc()->Tpr, CmlClassColor(0), 2.5f);
    PlotMarker(f, 1.0 - c.Specificity, c.Recall, ImGui::GetColorU32(ImGuiCol_Text), 5.0f);
    EndPlot(f);
    if (f.Hovered) ImGui::SetTooltip("%s", Tr("доля ложных срабатываний FPR по оси x, recall (TPR) по оси y"));
}

} // namespace mlviz
