#include "ui/topic_layout.h"

#include "imgui.h"

namespace mlviz {

void DrawTopicLayout(const ViewContext& ctx, const std::function<void()>& controls, const std::function<void()>& pictures,
                     TopicLayout layout)
{
    if (ctx.ShowControls && controls) {
        ImGui::BeginChild("controls", ImVec2(ImGui::GetFontSize() * layout.ControlsEm, 0.0f), false);
        controls();
        ImGui::EndChild();
        ImGui::SameLine();
    }
    ImGui::BeginChild("pictures", ImVec2(0.0f, 0.0f), false);
    if (pictures) pictures();
    ImGui::EndChild();
}

} // namespace mlviz
