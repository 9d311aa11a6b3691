// NMS view, the controls column: method and its parameters, the detector simulator, metrics.
// Labels sit above full-width widgets: the column is narrow and Russian labels are long.
#include "ui/tr.h"
#include "topics/nms/core/nms_state.h"
#include "imgui.h"

namespace mlviz {

const char* NmsMethodLabel(NmsMethod m);   // nms_view_panels.cpp

namespace {

void Label(const char* text)
{
    ImGui::TextDisabled("%s", text);
    ImGui::SetNextItemWidth(-1.0f);
}

} // namespace

void DrawNmsControls(NmsState& s, int class_count)
{
    constexpr int kMethods = static_cast<int>(NmsMethod::Count);
    const char* scenes[] = {Tr("Толпа: двое рядом"), Tr("Улица (фото)"), Tr("Случайная")};
    Label(Tr("Сцена"));
    ImGui::Combo("##scene", &s.Scene, scenes, IM_ARRAYSIZE(scenes));
    const char* methods[kMethods];
    for (int m = 0; m < kMethods; ++m) methods[m] = NmsMethodLabel(static_cast<NmsMethod>(m));
    Label(s.Compare ? Tr("Метод A") : Tr("Метод"));
    ImGui::Combo("##method", &s.Method, methods, kMethods);
    ImGui::Checkbox(Tr("Сравнить два метода"), &s.Compare);
    if (s.Compare) {
        Label(Tr("Метод B"));
        ImGui::Combo("##method_b", &s.MethodB, methods, kMethods);
    }
    const auto uses = [&](NmsMethod m) {
        return static_cast<NmsMethod>(s.Method) == m || (s.Compare && static_cast<NmsMethod>(s.MethodB) == m);
    };
    if (uses(NmsMethod::Greedy) || uses(NmsMethod::SoftLinear) || uses(NmsMethod::DIoU)) {
        Label(uses(NmsMethod::DIoU) && !uses(NmsMethod::Greedy) && !uses(NmsMethod::SoftLinear) ? Tr("Порог DIoU") : Tr("Порог IoU"));
        ImGui::SliderFloat("##thr", &s.IouThreshold, 0.0f, 1.0f, "%.2f");
    }
    if (uses(NmsMethod::SoftGaussian)) {
        Label(Tr("σ гауссова Soft-NMS"));
        ImGui::SliderFloat("##sigma", &s.Sigma, 0.01f, 2.0f, "%.2f", ImGuiSliderFlags_Logarithmic);
    }
    if (uses(NmsMethod::SoftLinear) || uses(NmsMethod::SoftGaussian)) {
        Label(Tr("Мин. score (Soft-NMS)"));
        ImGui::SliderFloat("##min_score", &s.ScoreThreshold, 0.0f, 0.5f, "%.3f", ImGuiSliderFlags_Logarithmic);
    }
    ImGui::Checkbox(Tr("По классам (batched)"), &s.ClassAware);

    ImGui::SeparatorText(Tr("Детектор"));
    Label(Tr("Рамок на объект"));
    ImGui::SliderInt("##per_object", &s.BoxesPerObject, 1, kNmsUiMaxBoxesPerObject);
    Label(Tr("Разброс положения"));
    ImGui::SliderFloat("##pos", &s.PositionJitter, 0.0f, 0.3f, "%.2f");
    Label(Tr("Разброс размера"));
    ImGui::SliderFloat("##size", &s.SizeJitter, 0.0f, 0.5f, "%.2f");
    Label(Tr("Шум score"));
    ImGui::SliderFloat("##noise", &s.ScoreNoise, 0.0f, 0.3f, "%.2f");
    Label(Tr("Ложные срабатывания"));
    ImGui::SliderInt("##fp", &s.FalsePositives, 0, kNmsUiMaxFalsePositives);
    if (s.Scene == static_cast<int>(SimSceneKind::Random)) {
        Label(Tr("Объектов"));
        ImGui::SliderInt("##objects", &s.RandomObjects, 1, kNmsUiMaxObjects);
        Label(Tr("Классов"));
        ImGui::SliderInt("##classes", &s.RandomClasses, 1, kSimMaxClasses);
    }
    if (class_count > 1) {
        Label(Tr("Путаница классов"));
        ImGui::SliderFloat("##confusion", &s.ClassConfusion, 0.0f, 1.0f, "%.2f");
    }
    Label("Seed");
    ImGui::InputInt("##seed", &s.Seed);

    ImGui::SeparatorText(Tr("Метрики"));
    Label(Tr("Score не ниже (TP/FP)"));
    ImGui::SliderFloat("##metric_score", &s.MetricScore, 0.0f, 1.0f, "%.2f");
    ImGui::Checkbox(Tr("Разметка (GT)"), &s.ShowGroundTruth);
    ImGui::Checkbox(Tr("Подписи IoU/score"), &s.ShowLabels);
    ImGui::Spacing();
    if (ImGui::Button(Tr("Сбросить всё"))) s = NmsState();
    ClampNmsState(s);   // whatever the widgets wrote (Ctrl+click lets a slider go out of range)
}

} // namespace mlviz
