// The view tests' frame checker: an ImGui context set up as main.cpp does (minus GL), one app
// frame run with its stacks checked by hand and its draw data validated.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "app/app.h"
#include "imgui.h"
#include "imgui_internal.h"
#include "ui/fonts.h"
#include "ui/heatmap_renderer.h"
#include "ui/data_files.h"
#include "ui/image_textures.h"

namespace mlviz::test {

// One ImGui context set up the way main.cpp does it, minus GL: real font, theme, display.
class Headless {
public:
    Headless(float width, float height, float pixel_scale = 1.0f);
    ~Headless();
    Headless(const Headless&) = delete;
    Headless& operator=(const Headless&) = delete;

    ImGuiContext* Context = nullptr;
    LoadedFonts Fonts;
    bool AtlasOk = false;
    NullHeatmapRenderer Heatmaps;
    NullImageTextures Images;
    DataFiles Data{FolderRequester(DefaultDataFolder())};
    ViewContext Ctx;
};

struct FrameReport {
    std::vector<std::string> Problems; // unbalanced stacks, recovered errors, bad draw data
    int VisualizationVertices = 0;     // drawn by the centre panel and its children
    int AnswerVertices = 0;
    int ListVertices = 0;
    ImRect Visualization, List;
    bool VisualizationHovered = false;       // the mouse is over the centre panel (or a child)
    bool VisualizationActive = false;        // a widget in the centre panel is being clicked/dragged
    bool VisualizationWidgetHovered = false; // the mouse is over a widget of the centre panel
    double Milliseconds = 0.0;
};

// What is wrong with rendered draw data: non-finite vertices or clip rectangles, commands or
// indices outside their buffers, commands without a texture. Empty when all is well.
// Windows whose item extents are not finite (NaN sizes: UB when ImGui rounds them next frame).
std::vector<std::string> LayoutProblems();
std::vector<std::string> DrawDataProblems(const ImDrawData* dd);

// One frame around `draw`; ImGui's end-of-frame checks compile out in Release (IM_ASSERT is
// assert()), so the stacks are checked here by hand before ImGui would fix them silently.
FrameReport RunFrameWith(const std::function<void()>& draw);

// One frame of the whole app.
FrameReport RunFrame(App& app, Headless& h);

// Fails the current test once per problem of the frame, naming `where`.
void CheckReport(const FrameReport& r, const std::string& where);

} // namespace mlviz::test
