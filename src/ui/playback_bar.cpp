#include "ui/playback_bar.h"

#include <algorithm>
#include <cmath>

#include "imgui.h"
#include "ui/tr.h"

namespace mlviz {

PlaybackInput PlaybackInputFromKeys(const ViewContext& ctx)
{
    PlaybackInput in;
    in.StepBack = ctx.Keys.StepBack;
    in.StepForward = ctx.Keys.StepForward;
    in.TogglePlay = ctx.Keys.TogglePlay;
    in.Dt = ImGui::GetIO().DeltaTime;
    return in;
}

void DrawPlaybackButtons(const PlaybackState& p, PlaybackInput& in, const PlaybackJumps& jumps)
{
    const int buttons = 5 + (jumps.Back >= 0 ? 1 : 0) + (jumps.Forward >= 0 ? 1 : 0);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float bw =
        std::max(ImGui::GetFrameHeight() * 1.25f, (ImGui::GetContentRegionAvail().x - (buttons - 1) * spacing) / buttons);
    const ImVec2 bs(std::min(bw, ImGui::GetFontSize() * 3.0f), 0.0f);
    const auto button = [&](const char* label, const char* tooltip) {
        const bool pressed = ImGui::Button(label, bs);
        ImGui::SetItemTooltip("%s", tooltip);
        return pressed;
    };
    if (button("⇤##start", Tr("В начало"))) in.ToStart = true;
    ImGui::SameLine();
    if (jumps.Back >= 0) {
        if (button("⇐##jump_back", jumps.BackTooltip ? jumps.BackTooltip : "")) in.JumpTo = jumps.Back;
        ImGui::SameLine();
    }
    ImGui::PushButtonRepeat(true);
    if (button("←##prev", Tr("Шаг назад"))) in.StepBack = true;
    ImGui::PopButtonRepeat();
    ImGui::SameLine();
    if (button(p.Playing ? "‖##play" : "▶##play", p.Playing ? Tr("Пауза") : Tr("Проиграть"))) in.TogglePlay = !in.TogglePlay;
    ImGui::SameLine();
    ImGui::PushButtonRepeat(true);
    if (button("→##next", Tr("Шаг вперёд"))) in.StepForward = true;
    ImGui::PopButtonRepeat();
    ImGui::SameLine();
    if (jumps.Forward >= 0) {
        if (button("⇒##jump_forward", jumps.ForwardTooltip ? jumps.ForwardTooltip : "")) in.JumpTo = jumps.Forward;
        ImGui::SameLine();
    }
    if (button("⇥##end", Tr("К результату"))) in.ToEnd = true;
}

void DrawPlaybackScrub(const PlaybackState& p, int count, const char* format, PlaybackInput& in)
{
    int step = std::clamp(p.Step, 0, std::max(count, 0));
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::SliderInt("##scrub", &step, 0, std::max(count, 0), format, ImGuiSliderFlags_AlwaysClamp))
        in.JumpTo = std::max(step, 0);
}

void DrawPlaybackSpeed(PlaybackState& p, float lo, float hi, const char* format)
{
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::SliderFloat("##speed", &p.Speed, lo, hi, format, ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
    p.Speed = std::isfinite(p.Speed) ? std::clamp(p.Speed, lo, hi) : lo;
}

} // namespace mlviz
