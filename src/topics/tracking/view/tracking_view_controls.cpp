// Tracking topic, the controls column: the simulated video and detector, SORT's parameters and
// the matcher, what the video shows. Every widget is bound to a field of the tracking field
// table (core/tracking_state.cpp), where the ranges live.
#include "topics/tracking/view/tracking_view.h"
#include "ui/controls.h"

namespace mlviz {

void TrackingView::DrawControls()
{
    const auto& t = TrackingStateSchema();
    ImGui::SeparatorText("SORT");
    const char* const methods[] = {Tr("Венгерский алгоритм"), Tr("Жадно по IoU")};
    FieldCombo(t, "method", State, methods);
    for (const char* key : {"iou", "max_age", "min_hits"}) FieldSlider(t, key, State);
    ImGui::SeparatorText(Tr("Видео и детектор"));
    for (const char* key : {"objects", "frames", "speed", "turn", "miss", "fp", "jitter", "occl"}) FieldSlider(t, key, State);
    FieldInputInt(t, "seed", State);
    ImGui::SeparatorText(Tr("Метрики и показ"));
    FieldSlider(t, "metric_iou", State);
    for (const char* key : {"gt", "dets", "pred", "ellipses", "trails"}) FieldCheckbox(t, key, State);
    ImGui::Spacing();
    if (ImGui::Button(Tr("Сбросить всё"))) State = TrackingState();
    ClampState(); // whatever the widgets wrote (Ctrl+click lets a slider go out of range)
}

} // namespace mlviz
