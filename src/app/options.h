// Command-line options of the desktop app (mlviz --help).
#pragma once
#include <string>
#include <vector>

namespace mlviz {

struct AppOptions {
    std::string Fragment;      // built from --question / --topic, same syntax as the URL fragment
    int Frames = 0;            // > 0: render this many frames, then exit (tests, screenshots)
    std::string Screenshot;    // PNG of the last frame (with --frames)
    int Width = 1280, Height = 800;
    float UiScale = 1.0f;
    bool Help = false;
};

bool ParseAppOptions(const std::vector<std::string>& args, AppOptions& out, std::string& error);
const char* AppUsage();

} // namespace mlviz
