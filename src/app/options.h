// Command-line options of the desktop app (mlviz --help).
#pragma once
#include <string>
#include <vector>

namespace mlviz {

struct AppOptions {
    std::string Fragment;    // from --question / --topic / --state: same syntax as the URL fragment
    std::string Query;       // from --theme / --embed / --no-controls / --with-question: like "?embed=1"
    int Frames = 0;          // > 0: render this many frames, then exit (tests)
    std::string Screenshot;  // PNG path: render a figure offscreen after the frames, then exit
    bool FullWindow = false; // --full: the screenshot shows the whole window, not the figure
    int Width = 1280, Height = 800;
    float Scale = 1.0f; // --scale: pixels per point of the screenshot (2 for slides)
    float UiScale = 1.0f;
    bool Help = false;
};

bool ParseAppOptions(const std::vector<std::string>& args, AppOptions& out, std::string& error);
const char* AppUsage();

} // namespace mlviz
