// A headless Dear ImGui session (no window, no GL) driving the real App: used by the view
// smoke test and by mlviz-bench, so both exercise exactly what users see.
#pragma once
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "app/app.h"
#include "ui/heatmap_renderer.h"
#include "ui/data_files.h"
#include "ui/image_textures.h"
#include "ui/view.h"

struct ImGuiContext;

namespace mlviz {

// Synthetic input for one frame.
struct HeadlessInput {
    float MouseX = -1.0f, MouseY = -1.0f; // negative: no mouse
    bool MouseDown = false;
    float Wheel = 0.0f;
    int Key = 0; // an ImGuiKey pressed this frame, or 0
};

class HeadlessSession {
public:
    // Creates its own ImGui context with the bundled font and the given display size.
    HeadlessSession(float width, float height);
    ~HeadlessSession();
    HeadlessSession(const HeadlessSession&) = delete;
    HeadlessSession& operator=(const HeadlessSession&) = delete;

    // One frame: input, App::Frame, ImGui::Render. Returns the draw data's vertex count.
    int Frame(const HeadlessInput& input = {});
    void Resize(float width, float height);
    App& TheApp() { return *AppPtr; }
    // Files the views offered for saving (ViewContext::Files) since the session began.
    const std::vector<OfferedFile>& Offered() const { return OfferedFiles; }
    float Width() const { return W; }
    float Height() const { return H; }

private:
    ImGuiContext* Context = nullptr;
    std::unique_ptr<App> AppPtr;
    NullHeatmapRenderer Heatmaps;
    NullImageTextures Images;
    DataFiles Data{FolderRequester(DefaultDataFolder())};
    std::vector<OfferedFile> OfferedFiles;
    float W, H;
    int PrevKey = 0;
};

// The topic's own part of App::Fragment() ("q=..&topic=..&v=1&<state>"), "" for its defaults.
std::string StatePartOf(std::string_view fragment);

// A scripted interaction for frame `i` of a topic's run: hover sweeps over the whole window,
// drags over the controls, clicks, wheel and playback keys, reproducible for a seed.
HeadlessInput ScriptedInput(int i, float width, float height, std::mt19937& rng);

} // namespace mlviz
