// Classical ML, the PCA vs LDA tab: both projection axes over the scatter (or in a 3-D orbit
// view), a histogram of the projected classes for each, the variance they keep and Fisher's
// criterion J(w) = w^T·S_B·w / w^T·S_W·w with its numbers.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "topics/classical_ml/view/cml_view.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

constexpr int kHistogramBins = 28;

double Quadratic(const std::vector<double>& m, const std::vector<double>& w)
{
    const int n = static_cast<int>(w.size());
    double q = 0.0;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) q += w[i] * m[static_cast<std::size_t>(i) * n + j] * w[j];
    return q;
}

// A label at the end of an axis line, kept inside the frame; opaque even when the line is faint.
void AxisLabel(ImDrawList* dl, ImVec2 p, ImVec2 lo, ImVec2 hi, ImU32 col, const char* text)
{
    col |= IM_COL32_A_MASK;
    const ImVec2 size = ImGui::CalcTextSize(text);
    p.x = std::clamp(p.x + 4.0f, lo.x + 2.0f, hi.x - size.x - 2.0f);
    p.y = std::clamp(p.y - size.y - 2.0f, lo.y + 2.0f, hi.y - size.y - 2.0f);
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(ImGuiCol_WindowBg, 0.7f));
    dl->AddText(p, col, text);
}

} // namespace

CmlPcaPanel::Axis CmlPcaPanel::MakeAxis(std::vector<double> w) const
{
    Axis a;
    double norm = 0.0;
    for (double v : w) norm += v * v;
    norm = std::sqrt(norm);
    if (norm > 0.0)
        for (double& v : w) v /= norm;
    a.W = std::move(w);
    if (Scatter.Dims != static_cast<int>(a.W.size())) return a;
    a.Between = Quadratic(Scatter.Between, a.W);
    a.Within = Quadratic(Scatter.Within, a.W);
    a.HasJ = a.Within > 0.0;
    a.J = a.HasJ ? a.Between / a.Within : 0.0;
    double trace = 0.0;
    for (int i = 0; i < Scatter.Dims; ++i) trace += Scatter.Total[static_cast<std::size_t>(i) * Scatter.Dims + i];
    a.VarianceShare = trace > 0.0 ? Quadratic(Scatter.Total, a.W) / trace : 0.0;
    return a;
}

void CmlPcaPanel::Update(const ClassicalMlState& s)
{
    if (Built && SameCmlData(s, BuiltFor) && s.Added == BuiltFor.Added && s.Removed == BuiltFor.Removed) return;
    BuiltFor = s;
    Built = true;
    Pca.reset();
    Lda.reset();
    PcaAxes.clear();
    LdaAxes.clear();
    Error = LdaError = {};
    auto data = CmlTrainingSet(s, s.Dims, &Origin);
    if (!data) {
        Error = data.Error();
        Data = {};
        return;
    }
    Data = std::move(*data);
    Scatter = CmlScatterMatrices(Data);
    auto pca = CmlPca(Data);
    if (!pca) {
        Error = pca.Error();
        return;
    }
    Pca = std::move(*pca);
    const int d = Data.Dims;
    for (int r = 0; r < Pca->NumComponents; ++r)
        PcaAxes.push_back(MakeAxis({Pca->Components.begin() + r * d, Pca->Components.begin() + (r + 1) * d}));
    PcaHist = CmlClassHistogram(Pca->Projected, Pca->NumComponents, 0, Data.Y, Data.NumClasses, kHistogramBins);
    auto lda = CmlLda(Data);
    if (!lda) {
        LdaError = lda.Error();
        return;
    }
    Lda = std::move(*lda);
    for (int r = 0; r < Lda->NumComponents; ++r)
        LdaAxes.push_back(MakeAxis({Lda->Scalings.begin() + r * d, Lda->Scalings.begin() + (r + 1) * d}));
    LdaHist = CmlClassHistogram(Lda->Projected, Lda->NumComponents, 0, Data.Y, Data.NumClasses, kHistogramBins);
}

void CmlPcaPanel::Draw(ViewContext&, ClassicalMlState& s)
{
    if (!Error.Empty()) {
        ImGui::TextColored(CmlErrorColor(), "%s", Tr(Error).c_str());
        return;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float font = ImGui::GetFontSize(), spacing = ImGui::GetStyle().ItemSpacing.x;
    const bool columns = avail.x > font * 40.0f;
    const float side = columns ? std::max(font * 12.0f, std::min(avail.x * 0.52f, avail.y - font * 0.5f))
                               : std::max(font * 12.0f, std::min(avail.x, avail.y * 0.55f));
    ImGui::BeginGroup();
    if (Data.Dims == 3)
        DrawOrbit(s, side);
    else
        DrawPlane(s, side);
    ImGui::EndGroup();
    if (columns) ImGui::SameLine(0.0f, spacing);
    ImGui::BeginGroup();
    const float w = columns ? std::max(font * 10.0f, ImGui::GetContentRegionAvail().x) : avail.x;
    const float hist_h = std::clamp(side * 0.27f, font * 6.0f, font * 11.0f);
    char title[160];
    if (Pca && !PcaAxes.empty()) {
        std::snprintf(title, sizeof title, Tr("PCA, проекция на PC1: J = %s"), CmlNumber(PcaAxes[0].J).c_str());
        CmlDrawHistogram("##hist_pca", ImVec2(w, hist_h), PcaHist, title);
    }
    if (Lda && !LdaAxes.empty()) {
        std::snprintf(title, sizeof title, Tr("LDA, проекция на LD1: J = %s"), CmlNumber(LdaAxes[0].J).c_str());
        CmlDrawHistogram("##hist_lda", ImVec2(w, hist_h), LdaHist, title);
    } else if (!LdaError.Empty()) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
        ImGui::TextColored(CmlErrorColor(), "%s", Tr(LdaError).c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    DrawNumbers(s);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
}

void CmlPcaPanel::DrawPlane(ClassicalMlState& s, float side)
{
    const ImVec2 size(side, side);
    const PlotFrame f = BeginPlot("##pca_plane", size, CmlSquareRange(Data, size), nullptr);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    CmlDrawPoints(f, Data, std::max(2.5f, ImGui::GetFontSize() * 0.22f), 0.85f);
    if (Editor.Handle(f, s, s.Shape == static_cast<int>(CmlShape::Blobs) ? s.Classes : 0, true, &Data, &Origin)) {
        // The next frame's update recomputes both projections.
    }
    if (Pca) {
        const double cx = Pca->Mean[0], cy = Pca->Mean[1];
        const double reach = 2.0 * std::hypot(f.Range.XMax - f.Range.XMin, f.Range.YMax - f.Range.YMin);
        const auto line = [&](const Axis& a, ImU32 col, float thick, const char* label) {
            if (a.W.size() < 2) return;
            const ImVec2 p0 = f.ToScreen(cx - reach * a.W[0], cy - reach * a.W[1]);
            const ImVec2 p1 = f.ToScreen(cx + reach * a.W[0], cy + reach * a.W[1]);
            dl->AddLine(p0, p1, col, thick);
            // The label where the axis leaves the frame on its positive side.
            const double span = 0.45 * std::min(f.Range.XMax - f.Range.XMin, f.Range.YMax - f.Range.YMin);
            AxisLabel(dl, f.ToScreen(cx + span * a.W[0], cy + span * a.W[1]), f.Min, f.Max, col, label);
        };
        for (std::size_t r = 1; r < PcaAxes.size(); ++r) line(PcaAxes[r], CmlPcaColor(0.45f), 1.5f, "PC2");
        for (std::size_t r = 1; r < LdaAxes.size(); ++r) line(LdaAxes[r], CmlLdaColor(0.45f), 1.5f, "LD2");
        if (!PcaAxes.empty()) line(PcaAxes[0], CmlPcaColor(), 3.0f, "PC1");
        if (!LdaAxes.empty()) line(LdaAxes[0], CmlLdaColor(), 3.0f, "LD1");
    }
    EndPlot(f);
    if (f.Hovered && !Editor.Dragging() && Pca && !PcaAxes.empty()) {
        const double dx = f.MouseX - Pca->Mean[0], dy = f.MouseY - Pca->Mean[1];
        std::string tip = "x = " + CmlNumber(f.MouseX) + ", y = " + CmlNumber(f.MouseY) + "\n";
        tip += Tr("проекция на PC1") + std::string(": ") + CmlNumber(dx * PcaAxes[0].W[0] + dy * PcaAxes[0].W[1]);
        if (!LdaAxes.empty())
            tip += std::string("\n") + Tr("проекция на LD1") + std::string(": ") +
                CmlNumber(dx * LdaAxes[0].W[0] + dy * LdaAxes[0].W[1]);
        tip += std::string("\n") + Tr("щелчок: добавить точку или убрать; тяните центры и концы осей эллипсов");
        ImGui::SetTooltip("%s", tip.c_str());
    }
}

void CmlPcaPanel::DrawOrbit(ClassicalMlState& s, float side)
{
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##pca_orbit", ImVec2(side, side));
    const bool hovered = ImGui::IsItemHovered();
    if (ImGui::IsItemActive()) {
        const ImVec2 d = ImGui::GetIO().MouseDelta;
        if (d.x != 0.0f || d.y != 0.0f) {
            double yaw = s.Yaw + d.x * 0.01;
            if (yaw > 3.14) yaw -= 6.28;
            if (yaw < -3.14) yaw += 6.28;
            s.Yaw = CmlRoundTo(std::clamp(yaw, -3.14, 3.14), 100.0);
            s.Pitch = CmlRoundTo(std::clamp(s.Pitch + d.y * 0.01, -1.5, 1.5), 100.0);
        }
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 lo = origin, hi(origin.x + side, origin.y + side);
    dl->AddRectFilled(lo, hi, ImGui::GetColorU32(ImGuiCol_FrameBg), ImGui::GetStyle().FrameRounding);
    dl->PushClipRect(lo, hi, true);
    const double cy = std::cos(s.Yaw), sy = std::sin(s.Yaw), cp = std::cos(s.Pitch), sp = std::sin(s.Pitch);
    double mean[3] = {0.0, 0.0, 0.0}, radius = 1e-6;
    if (Pca) std::copy(Pca->Mean.begin(), Pca->Mean.end(), mean);
    for (int i = 0; i < Data.Size(); ++i) {
        double r2 = 0.0;
        for (int j = 0; j < 3; ++j) r2 += (Data.At(i, j) - mean[j]) * (Data.At(i, j) - mean[j]);
        radius = std::max(radius, std::sqrt(r2));
    }
    const double scale = side * 0.46 / radius;
    const ImVec2 centre((lo.x + hi.x) * 0.5f, (lo.y + hi.y) * 0.5f);
    // Rotate about z by the yaw, tilt by the pitch; screen x = x', screen up = z''.
    const auto project = [&](const double* p) {
        const double x = p[0] - mean[0], y = p[1] - mean[1], z = p[2] - mean[2];
        const double x1 = x * cy - y * sy, y1 = x * sy + y * cy;
        const double z2 = y1 * sp + z * cp;
        return ImVec2(static_cast<float>(centre.x + scale * x1), static_cast<float>(centre.y - scale * z2));
    };
    const float r = std::max(2.0f, ImGui::GetFontSize() * 0.18f);
    for (int i = 0; i < Data.Size(); ++i) dl->AddCircleFilled(project(Data.Row(i)), r, CmlClassColor(Data.Y[i], 0.75f), 6);
    const auto axis = [&](const Axis& a, double half, ImU32 col, float thick, const char* label) {
        if (a.W.size() < 3) return;
        double p0[3], p1[3];
        for (int j = 0; j < 3; ++j) {
            p0[j] = mean[j] - half * a.W[j];
            p1[j] = mean[j] + half * a.W[j];
        }
        dl->AddLine(project(p0), project(p1), col, thick);
        AxisLabel(dl, project(p1), lo, hi, col, label);
    };
    static const char* const kPc[] = {"PC1", "PC2", "PC3"};
    static const char* const kLd[] = {"LD1", "LD2", "LD3"};
    for (std::size_t k = 0; k < PcaAxes.size() && k < 3; ++k)
        axis(PcaAxes[k], 0.8 * radius, CmlPcaColor(k == 0 ? 1.0f : 0.55f), k == 0 ? 3.0f : 1.5f, kPc[k]);
    for (std::size_t k = 0; k < LdaAxes.size() && k < 3; ++k)
        axis(LdaAxes[k], 0.8 * radius, CmlLdaColor(k == 0 ? 1.0f : 0.6f), k == 0 ? 3.0f : 2.0f, kLd[k]);
    // The coordinate axes in a corner.
    const ImVec2 gizmo(lo.x + ImGui::GetFontSize() * 2.2f, hi.y - ImGui::GetFontSize() * 2.2f);
    const char* names[3] = {"x", "y", "z"};
    for (int j = 0; j < 3; ++j) {
        double e[3] = {mean[0], mean[1], mean[2]};
        e[j] += radius * 0.35;
        const ImVec2 p = project(e), m = project(mean);
        const ImVec2 tip(gizmo.x + (p.x - m.x) * 0.5f, gizmo.y + (p.y - m.y) * 0.5f);
        dl->AddLine(gizmo, tip, ImGui::GetColorU32(ImGuiCol_TextDisabled), 1.5f);
        dl->AddText(tip, ImGui::GetColorU32(ImGuiCol_Text), names[j]);
    }
    dl->AddText(ImVec2(lo.x + 6.0f, lo.y + 4.0f), ImGui::GetColorU32(ImGuiCol_TextDisabled), Tr("3-D: тяните, чтобы вращать"));
    dl->PopClipRect();
    if (hovered && !ImGui::IsItemActive()) ImGui::SetTooltip(Tr("Поворот %.2f, наклон %.2f рад"), s.Yaw, s.Pitch);
}

void CmlPcaPanel::DrawNumbers(const ClassicalMlState&)
{
    if (!Pca) return;
    const int classes = static_cast<int>(Scatter.Classes.size()), d = Data.Dims;
    ImGui::Text(Tr("Точек: %d, признаков: %d, классов: %d"), Data.Size(), d, classes);
    ImGui::TextDisabled(Tr("PCA: %d осей; LDA: не больше min(C − 1, d) = %d"), d, std::max(0, std::min(classes - 1, d)));
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg;
    if (ImGui::BeginTable("##axes", 4, flags)) {
        ImGui::TableSetupColumn(Tr("ось"));
        ImGui::TableSetupColumn(Tr("доля дисперсии"));
        ImGui::TableSetupColumn("w^T·S_B·w / w^T·S_W·w");
        ImGui::TableSetupColumn("J(w)");
        ImGui::TableHeadersRow();
        const auto row = [&](const char* name, const Axis& a, ImU32 col) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(col), "%s", name);
            ImGui::TableNextColumn();
            ImGui::Text("%.1f%%", 100.0 * a.VarianceShare);
            ImGui::TableNextColumn();
            ImGui::Text("%s / %s", CmlNumber(a.Between).c_str(), CmlNumber(a.Within).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(a.HasJ ? CmlNumber(a.J).c_str() : "—");
        };
        static const char* const kPc[] = {"PC1", "PC2", "PC3"};
        static const char* const kLd[] = {"LD1", "LD2", "LD3"};
        for (std::size_t k = 0; k < PcaAxes.size() && k < 3; ++k) row(kPc[k], PcaAxes[k], CmlPcaColor());
        for (std::size_t k = 0; k < LdaAxes.size() && k < 3; ++k) row(kLd[k], LdaAxes[k], CmlLdaColor());
        ImGui::EndTable();
    }
    ImGui::TextWrapped("%s",
                       Tr("Доля дисперсии: w^T·Σ·w / tr Σ для единичного w — её максимизирует PCA. J(w) = w^T·S_B·w / w^T·S_W·w "
                          "— разброс между классами к разбросу внутри классов: его максимизирует LDA."));
    if (Lda) {
        std::string ratios;
        for (double r : Lda->ExplainedVarianceRatio) {
            if (!ratios.empty()) ratios += ", ";
            ratios += CmlNumber(r);
        }
        ImGui::TextDisabled(Tr("LDA explained_variance_ratio_ (доли λ): %s"), ratios.c_str());
        if (!PcaAxes.empty() && !LdaAxes.empty()) {
            double dot = 0.0;
            for (int j = 0; j < d; ++j) dot += PcaAxes[0].W[j] * LdaAxes[0].W[j];
            ImGui::Text(Tr("Угол между PC1 и LD1: %.1f°"), std::acos(std::min(1.0, std::fabs(dot))) * 57.29577951308232);
        }
    }
}

} // namespace mlviz
