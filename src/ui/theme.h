// Colours and spacing for the whole app.
#pragma once
#include "imgui.h"

namespace mlviz {

enum class Theme { Dark, Light };

void ApplyTheme(Theme theme);
Theme CurrentTheme();
ImU32 AccentColor(float alpha = 1.0f);
ImVec4 MutedTextColor();

} // namespace mlviz
