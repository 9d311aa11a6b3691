// NMS view, the controls column: method and its parameters, the detector simulator, metrics.
// Every widget is bound to a field of the NMS field table (core/nms_state.cpp): ranges live there.
#include "imgui.h"
#include "topics/nms/core/nms_state.h"
#include "ui/controls.h"
#include "ui/tr.h"

namespace mlviz {

const char* NmsMethodLabel(NmsMethod m); // nms_view_panels.cpp

void DrawNmsControls(NmsState& s, int class_count)
{
    const StateSchema<NmsState>& t = NmsStateSchema();
    constexpr int kMethods = static_cast<int>(NmsMethod::Count);
    const char* const scenes[] = {Tr("Толпа: двое рядом"), Tr("Улица (фото)"), Tr("Случайная")};
    FieldCombo(t, "scene", s, scenes);
    const char* methods[kMethods];
    for (int m = 0; m < kMethods; ++m) methods[m] = NmsMethodLabel(static_cast<NmsMethod>(m));
    FieldCombo(t, "method", s, methods, s.Compare ? Tr("Метод A") : Tr("Метод"));
    FieldCheckbox(t, "compare", s);
    if (s.Compare) FieldCombo(t, "method_b", s, methods);
    const auto uses = [&](NmsMethod m) {
        return static_cast<NmsMethod>(s.Method) == m || (s.Compare && static_cast<NmsMethod>(s.MethodB) == m);
    };
    if (uses(NmsMethod::Greedy) || uses(NmsMethod::SoftLinear) || uses(NmsMethod::DIoU)) {
        const bool diou_only = uses(NmsMethod::DIoU) && !uses(NmsMethod::Greedy) && !uses(NmsMethod::SoftLinear);
        FieldSlider(t, "iou", s, diou_only ? Tr("Порог DIoU") : nullptr);
    }
    if (uses(NmsMethod::SoftGaussian)) FieldSlider(t, "sigma", s);
    if (uses(NmsMethod::SoftLinear) || uses(NmsMethod::SoftGaussian)) FieldSlider(t, "min_score", s);
    FieldCheckbox(t, "batched", s);

    ImGui::SeparatorText(Tr("Детектор"));
    for (const char* key : {"boxes", "pos", "size", "noise", "fp"}) FieldSlider(t, key, s);
    if (s.Scene == static_cast<int>(SimSceneKind::Random)) {
        FieldSlider(t, "objects", s);
        FieldSlider(t, "classes", s);
    }
    if (class_count > 1) FieldSlider(t, "confusion", s);
    FieldInputInt(t, "seed", s);

    ImGui::SeparatorText(Tr("Метрики"));
    FieldSlider(t, "tp_score", s);
    FieldCheckbox(t, "gt", s);
    FieldCheckbox(t, "labels", s);
    ImGui::Spacing();
    if (ImGui::Button(Tr("Сбросить всё"))) s = NmsState();
    ClampNmsState(s); // whatever the widgets wrote (Ctrl+click lets a slider go out of range)
}

} // namespace mlviz
