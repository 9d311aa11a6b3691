// Segmentation view, the semantic metrics tab (q8): where the prediction is wrong, the confusion
// matrix, per-class IoU / accuracy / Dice / boundary F1 with the formulas filled in, and a set of
// scenes whose accumulated metrics differ from the mean of per-image ones.
#include <algorithm>
#include <cmath>

#include "core/i18n.h"
#include "topics/segmentation/view/seg_view.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

// Correct cells in their class colour, faded; errors red; unlabelled predictions orange; GT void grey.
Image ErrorImage(const LabelMap& gt, const LabelMap& pred)
{
    Image img;
    img.Width = gt.Width;
    img.Height = gt.Height;
    img.Pixels.resize(gt.Size() * 4);
    for (std::size_t i = 0; i < gt.Size(); ++i) {
        std::array<int, 3> c{};
        const int g = gt.Class[i], p = pred.Class[i];
        if (g == kSegVoid) {
            const int x = static_cast<int>(i % gt.Width), y = static_cast<int>(i / gt.Width);
            const int v = (x + y) % 2 ? 90 : 130;
            c = {v, v, v};
        } else if (p == kSegVoid) {
            c = {245, 150, 20};
        } else if (g != p) {
            c = {230, 40, 40};
        } else {
            const auto b = SegClassInfoOf(g).Color;
            for (int k = 0; k < 3; ++k) c[k] = (b[k] + 2 * 200) / 3;
        }
        for (int k = 0; k < 3; ++k) img.Pixels[i * 4 + k] = static_cast<std::uint8_t>(c[k]);
        img.Pixels[i * 4 + 3] = 255;
    }
    return img;
}

void BoundaryOverlay(const SegCanvas& c, const BoundaryF1& bf, int w)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float r = std::max(1.5f, c.Cell * 0.28f);
    for (std::size_t i = 0; i < bf.GtCells.size(); ++i) {
        const int x = static_cast<int>(i % w), y = static_cast<int>(i / w);
        if (bf.GtCells[i]) {
            const ImU32 col = bf.GtCells[i] == 1 ? IM_COL32(20, 120, 40, 255) : IM_COL32(200, 0, 0, 255);
            dl->AddRect(c.At(x + 0.1, y + 0.1), c.At(x + 0.9, y + 0.9), col, 0.0f, 0, 1.5f);
        }
        if (i < bf.PredCells.size() && bf.PredCells[i]) {
            const ImU32 col = bf.PredCells[i] == 1 ? IM_COL32(20, 120, 40, 255) : IM_COL32(200, 0, 0, 255);
            dl->AddCircleFilled(c.At(x + 0.5, y + 0.5), r, col);
        }
    }
}

void ConfusionTable(const SegModel& m)
{
    const ConfusionMatrix& cm = m.Confusion;
    if (cm.NumClasses == 0) return;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX;
    if (!ImGui::BeginTable("##confusion", cm.NumClasses + 2, flags)) return;
    ImGui::TableSetupColumn("GT \\ pred");
    for (int p = 0; p < cm.NumClasses; ++p) ImGui::TableSetupColumn(SegClassLabel(p));
    ImGui::TableSetupColumn(Tr("без метки"));
    ImGui::TableHeadersRow();
    const ImVec4 accent = ImGui::ColorConvertU32ToFloat4(AccentColor());
    for (int g = 0; g < cm.NumClasses; ++g) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(SegClassLabel(g));
        const double area = static_cast<double>(std::max<std::int64_t>(cm.GtArea(g), 1));
        for (int p = 0; p <= cm.NumClasses; ++p) {
            ImGui::TableNextColumn();
            const std::int64_t n = p < cm.NumClasses ? cm.At(g, p) : cm.Unlabelled[g];
            const float share = static_cast<float>(n / area);
            if (n > 0) {
                ImVec4 col = p == g ? accent : ImGui::ColorConvertU32ToFloat4(SegBadColor());
                col.w = 0.15f + 0.6f * share;
                ImGui::TableSetBgColor(ImGuiTableBgTarget_CellBg, ImGui::GetColorU32(col));
            }
            ImGui::Text("%lld", static_cast<long long>(n));
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip(Tr("разметка «%s», предсказано «%s»: %lld клеток, %.1f%% площади класса в разметке"),
                                  SegClassLabel(g), p < cm.NumClasses ? SegClassLabel(p) : Tr("без метки"),
                                  static_cast<long long>(n), 100.0 * share);
        }
    }
    ImGui::EndTable();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        Tr("Строки — класс в разметке, столбцы — в предсказании. Пустота (void) в разметке не считается: %lld клеток"),
        static_cast<long long>(cm.Ignored));
    ImGui::PopTextWrapPos();
}

// The confusion table's natural width: the row labels, then one column per class and "no label".
float ConfusionWidth()
{
    const ImGuiStyle& st = ImGui::GetStyle();
    const float pad = st.CellPadding.x * 2.0f + 2.0f, digits = ImGui::CalcTextSize("00000").x;
    float w = ImGui::CalcTextSize("GT \\ pred").x + pad;
    for (int c = 0; c < kSegNumClasses; ++c) w = std::max(w, ImGui::CalcTextSize(SegClassLabel(c)).x + pad);
    float total = w;
    for (int c = 0; c < kSegNumClasses; ++c) total += std::max(digits, ImGui::CalcTextSize(SegClassLabel(c)).x) + pad;
    return total + std::max(digits, ImGui::CalcTextSize(Tr("без метки")).x) + pad;
}

void ClassTable(const SegmentationState& s, const SegModel& m)
{
    const ConfusionMatrix& cm = m.Confusion;
    const SemanticMetrics& sm = m.Semantic;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX;
    if (!ImGui::BeginTable("##classes", 8, flags)) return;
    for (const char* h :
         {Tr("класс"), Tr("GT, клеток"), Tr("pred, клеток"), "TP", "IoU", Tr("точность класса"), "Dice", "Boundary F1"})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (int c = 0; c < cm.NumClasses; ++c) {
        ImGui::TableNextRow();
        if (c == s.BoundaryClass) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, AccentColor(0.18f));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(SegClassLabel(c));
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(cm.GtArea(c)));
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(cm.PredArea(c)));
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(cm.At(c, c)));
        for (const auto* v : {&sm.Iou[c], &sm.ClassAccuracy[c], &sm.Dice[c]}) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(SegNumber(*v).c_str());
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(m.Boundary && c < static_cast<int>(m.Boundary->F1.size()) ? SegNumber(m.Boundary->F1[c]).c_str()
                                                                                         : "…");
    }
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Tr("среднее"));
    for (int k = 0; k < 3; ++k) ImGui::TableNextColumn();
    ImGui::TableNextColumn();
    ImGui::Text("mIoU %s", SegNumber(sm.MeanIou).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(SegNumber(sm.MeanClassAccuracy).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(SegNumber(sm.MeanDice).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(m.Boundary ? SegNumber(m.Boundary->MeanF1).c_str() : "…");
    ImGui::EndTable();
}

void Formulas(const SegmentationState& s, const SegModel& m)
{
    const ConfusionMatrix& cm = m.Confusion;
    const SemanticMetrics& sm = m.Semantic;
    const int c = std::clamp(s.BoundaryClass, 0, cm.NumClasses - 1);
    const long long tp = cm.At(c, c), g = cm.GtArea(c), p = cm.PredArea(c);
    long long sum_tp = 0;
    for (int k = 0; k < cm.NumClasses; ++k) sum_tp += cm.At(k, k);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text("IoU(%s) = TP / (GT + pred − TP) = %lld / (%lld + %lld − %lld) = %s", SegClassLabel(c), tp, g, p, tp,
                SegNumber(sm.Iou[c]).c_str());
    ImGui::Text("Dice(%s) = 2·TP / (GT + pred) = %lld / %lld = %s", SegClassLabel(c), 2 * tp, g + p,
                SegNumber(sm.Dice[c]).c_str());
    ImGui::Text(Tr("Pixel accuracy = ΣTP / клеток без void = %lld / %lld = %s"), sum_tp, static_cast<long long>(cm.Valid()),
                SegNumber(sm.PixelAccuracy).c_str());
    std::string terms;
    double sum = 0.0;
    for (const auto& v : sm.Iou)
        if (v) terms += (terms.empty() ? "" : " + ") + SegNumber(v, "%.2f"), sum += *v;
    ImGui::Text("mIoU = (%s) / %d = %s", terms.c_str(), sm.DefinedIouClasses, SegNumber(sm.MeanIou).c_str());
    ImGui::Text(Tr("Frequency-weighted IoU = Σ (GT_c / всего) · IoU_c = %s"), SegNumber(sm.FwIou).c_str());
    if (sm.DefinedIouClasses < cm.NumClasses)
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(SegBadColor()), "%s",
                           Tr("«—»: класса нет ни в разметке, ни в предсказании, IoU = 0/0 не определён (NaN) и не входит в "
                              "среднее (nanmean, как в mmsegmentation и torchmetrics)."));
    ImGui::PopTextWrapPos();
}

void SetSection(const SegModel& m)
{
    ImGui::SeparatorText(Tr("Набор сцен: накопленное против среднего по изображениям"));
    if (!m.Set) return;
    if (!m.Set->Done()) {
        ImGui::ProgressBar(static_cast<float>(m.Set->Progress()), ImVec2(-1.0f, 0.0f), Tr("считаю набор…"));
        return;
    }
    const SetMetrics& sm = m.Set->Output().Semantic;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX;
    if (ImGui::BeginTable("##set", 5, flags)) {
        for (const char* h : {Tr("изображение"), "pixel acc", "mIoU", Tr("классов в mIoU"), "fwIoU"}) ImGui::TableSetupColumn(h);
        ImGui::TableHeadersRow();
        for (std::size_t k = 0; k < sm.PerImage.size(); ++k) {
            const SemanticMetrics& e = sm.PerImage[k];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text(Tr("сцена %d"), static_cast<int>(k) + 1);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(SegNumber(e.PixelAccuracy).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(SegNumber(e.MeanIou).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%d", e.DefinedIouClasses);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(SegNumber(e.FwIou).c_str());
        }
        const auto summary = [&](const char* name, const std::optional<double>& pa, const std::optional<double>& miou, int n,
                                 const std::optional<double>& fw) {
            ImGui::TableNextRow();
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, AccentColor(0.18f));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(name);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(SegNumber(pa).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(SegNumber(miou).c_str());
            ImGui::TableNextColumn();
            if (n >= 0) ImGui::Text("%d", n);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(SegNumber(fw).c_str());
        };
        summary(Tr("среднее по изображениям"), sm.MeanPixelAccuracy, sm.MeanMeanIou, -1, sm.MeanFwIou);
        summary(Tr("накоплено (сумма матриц)"), sm.Accumulated.PixelAccuracy, sm.Accumulated.MeanIou,
                sm.Accumulated.DefinedIouClasses, sm.Accumulated.FwIou);
        ImGui::EndTable();
    }
    ImGui::PushTextWrapPos(0.0f);
    if (sm.MeanMeanIou && sm.Accumulated.MeanIou)
        ImGui::Text(Tr("Разница mIoU: %+.4f. Накопленное взвешивает изображения числом клеток класса, среднее — поровну; класс, "
                       "которого нет на изображении, выпадает только из его среднего."),
                    *sm.Accumulated.MeanIou - *sm.MeanMeanIou);
    ImGui::TextDisabled("%s", Tr("Сцены набора: seed, seed+1, … с теми же ошибками предсказания, без нарисованных правок."));
    ImGui::PopTextWrapPos();
}

} // namespace

void DrawSegSemanticTab(SegmentationState& s, SegModel& m, ViewContext& ctx)
{
    const LabelMap& gt = m.TheScene.Gt;
    const float avail = ImGui::GetContentRegionAvail().x, sp = ImGui::GetStyle().ItemSpacing.x;
    const float matrix = ConfusionWidth();
    const bool row = avail - matrix - sp >= ImGui::GetFontSize() * 16.0f;
    const float w = row ? std::min(avail - matrix - sp, avail * 0.55f) : avail;
    ImGui::BeginGroup();
    const ImTextureID tex = SegTextureOf(ctx, m.ErrorTex, m.PredVersion, [&] { return ErrorImage(gt, m.Pred); });
    const SegCanvas c =
        DrawSegCanvas("##errors", tex, gt.Width, gt.Height, w, Tr("Ошибки предсказания и граница выбранного класса"));
    if (m.Boundary) BoundaryOverlay(c, *m.Boundary, gt.Width);
    if (c.Hovered) {
        ImGui::GetWindowDrawList()->AddCircle(ImGui::GetIO().MousePos, std::max(1.0f, s.Tolerance * c.Cell),
                                              IM_COL32(255, 255, 255, 200), 32, 1.0f);
        ImGui::SetTooltip(Tr("(%d, %d)\nразметка: %s\nпредсказание: %s\nкруг — допуск границы %.1f клетки"), c.HoverX, c.HoverY,
                          SegCellText(gt, c.HoverX, c.HoverY).c_str(), SegCellText(m.Pred, c.HoverX, c.HoverY).c_str(),
                          s.Tolerance);
    }
    SegSwatch(IM_COL32(230, 40, 40, 255), Tr("ошибка класса"));
    ImGui::SameLine();
    SegSwatch(IM_COL32(245, 150, 20, 255), Tr("без метки"));
    ImGui::SameLine();
    SegSwatch(IM_COL32(110, 110, 110, 255), Tr("void (игнор)"));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    ImGui::TextDisabled(Tr("Граница «%s»: □ разметки, ● предсказания; зелёные — в пределах допуска, красные — дальше"),
                        SegClassLabel(s.BoundaryClass));
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (row) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::TextUnformatted(Tr("Матрица ошибок (клетки)"));
    ConfusionTable(m);
    ImGui::EndGroup();
    ImGui::Spacing();
    ClassTable(s, m);
    Formulas(s, m);
    SetSection(m);
}

} // namespace mlviz
