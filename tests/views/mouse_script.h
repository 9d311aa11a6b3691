// Seeded mouse and keyboard for the headless view tests: the same gestures on every compiler,
// aimed at a rectangle of the window.
#pragma once
#include <cstdint>
#include <random>

#include "imgui.h"
#include "imgui_internal.h"

namespace mlviz::test {

// Moves, clicks, drags (press, move for a few frames, release), wheel turns, and Ctrl+click
// followed by typing an extreme value and Enter (ImGui sliders and drags then take any typed
// number unless the view clamps it). Aimed at a rectangle (the centre panel) so the views get
// the input. Queues events for the next frame of the current ImGui context.
class MouseScript {
public:
    explicit MouseScript(std::uint32_t seed) : Rng(seed) {}

    // `over_widget`: the last frame had a widget under the mouse (Ctrl+click it to type).
    void Queue(const ImRect& target, bool over_widget = false);
    // Lets go of a held button or an unfinished Ctrl+click.
    void Release();
    bool TypeText = true;

private:
    void Type(ImGuiIO& io);
    float Uniform(float lo, float hi) { return lo + (hi - lo) * static_cast<float>(Rng() / 4294967296.0); }
    std::mt19937 Rng;
    ImVec2 Pos;
    int HeldFrames = 0;
    int TypingStep = 0;
};

} // namespace mlviz::test
