// Seeded mouse and keyboard for the headless view tests (see mouse_script.h).
#include "mouse_script.h"

#include <algorithm>
#include <iterator>

namespace mlviz::test {

void MouseScript::Queue(const ImRect& target, bool over_widget)
{
    ImGuiIO& io = ImGui::GetIO();
    const ImRect area = target.GetWidth() > 4.0f ? target : ImRect(ImVec2(0, 0), io.DisplaySize);
    if (TypingStep > 0) {
        Type(io);
        return;
    }
    if (over_widget && HeldFrames == 0 && TypeText && Rng() % 3 == 0) {
        io.AddKeyEvent(ImGuiMod_Ctrl, true);
        io.AddMouseButtonEvent(0, true);
        TypingStep = 1;
        return;
    }
    if (HeldFrames > 0) {
        Pos.x = std::clamp(Pos.x + Uniform(-25.0f, 25.0f), area.Min.x, area.Max.x);
        Pos.y = std::clamp(Pos.y + Uniform(-25.0f, 25.0f), area.Min.y, area.Max.y);
        io.AddMousePosEvent(Pos.x, Pos.y);
        if (--HeldFrames == 0) io.AddMouseButtonEvent(0, false);
        return;
    }
    // x before y, spelled out: the order of a call's arguments is unspecified (g++ and clang
    // differ), and every compiler must replay the same gestures.
    const float x = Uniform(area.Min.x, area.Max.x);
    const float y = Uniform(area.Min.y, area.Max.y);
    Pos = ImVec2(x, y);
    io.AddMousePosEvent(Pos.x, Pos.y);
    const unsigned action = Rng() % 20;
    if (action < 6) { // click, or press and drag for up to 12 frames
        io.AddMouseButtonEvent(0, true);
        HeldFrames = 1 + static_cast<int>(Rng() % 12);
    } else if (action < 8) {
        io.AddMouseWheelEvent(0.0f, Uniform(-2.0f, 2.0f));
    }
}

void MouseScript::Release()
{
    ImGuiIO& io = ImGui::GetIO();
    if (HeldFrames > 0 || TypingStep > 0) io.AddMouseButtonEvent(0, false);
    if (TypingStep > 0) io.AddKeyEvent(ImGuiMod_Ctrl, false);
    HeldFrames = TypingStep = 0;
}

void MouseScript::Type(ImGuiIO& io)
{
    static const char* kValues[] = {"1e30", "-1e30", "nan", "inf", "-inf", "0", "-7", "99999999", "1e-300", "abc", ""};
    switch (TypingStep++) {
    case 1:
        io.AddMouseButtonEvent(0, false);
        io.AddKeyEvent(ImGuiMod_Ctrl, false);
        break;
    case 2: // select all, then replace
        io.AddKeyEvent(ImGuiMod_Ctrl, true);
        io.AddKeyEvent(ImGuiKey_A, true);
        io.AddKeyEvent(ImGuiKey_A, false);
        io.AddKeyEvent(ImGuiMod_Ctrl, false);
        break;
    case 3: io.AddInputCharactersUTF8(kValues[Rng() % std::size(kValues)]); break;
    case 4: io.AddKeyEvent(ImGuiKey_Enter, true); break;
    default:
        io.AddKeyEvent(ImGuiKey_Enter, false);
        TypingStep = 0;
        break;
    }
}

} // namespace mlviz::test
