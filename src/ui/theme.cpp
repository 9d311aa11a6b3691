#include "ui/theme.h"

namespace mlviz {

namespace {
Theme g_theme = Theme::Dark; // ImGui's style is global too; this only mirrors it
}

void ApplyTheme(Theme theme)
{
    g_theme = theme;
    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();
    if (theme == Theme::Dark)
        ImGui::StyleColorsDark(&s);
    else
        ImGui::StyleColorsLight(&s);
    s.WindowRounding = 0.0f;
    s.ChildRounding = 4.0f;
    s.FrameRounding = 4.0f;
    s.GrabRounding = 4.0f;
    s.WindowPadding = ImVec2(10.0f, 8.0f);
    s.ItemSpacing = ImVec2(8.0f, 6.0f);
    s.ScrollbarSize = 12.0f;
    s.WindowBorderSize = 0.0f;
    if (theme == Theme::Dark) {
        s.Colors[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.0f);
        s.Colors[ImGuiCol_ChildBg] = ImVec4(0.11f, 0.12f, 0.145f, 1.0f);
        s.Colors[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.18f, 0.22f, 1.0f);
        s.Colors[ImGuiCol_Header] = ImVec4(0.20f, 0.33f, 0.50f, 0.55f);
    }
}

Theme CurrentTheme()
{
    return g_theme;
}

ImU32 AccentColor(float alpha)
{
    return g_theme == Theme::Dark ? ImGui::GetColorU32(ImVec4(0.40f, 0.70f, 1.0f, alpha))
                                  : ImGui::GetColorU32(ImVec4(0.10f, 0.38f, 0.78f, alpha));
}

ImVec4 MutedTextColor()
{
    return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
}

} // namespace mlviz
