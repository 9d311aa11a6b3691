// The interface every topic view implements, and what the app hands it each frame.
// Views read widgets, call their core, and draw; they never own an algorithm.
#pragma once
#include <memory>
#include <string>
#include <string_view>

namespace mlviz {

class HeatmapRenderer;
class ImageTextures;

struct ViewContext {
    HeatmapRenderer* Heatmaps = nullptr;   // never null: a GL pass in the app, a null one in tests
    ImageTextures* Images = nullptr;       // never null, likewise
    float PixelScale = 1.0f;               // framebuffer pixels per ImGui unit (HiDPI)
};

class TopicView {
public:
    virtual ~TopicView() = default;
    // Draws the whole visualization into the current ImGui window's remaining region.
    virtual void Draw(ViewContext& ctx) = 0;
    // A file the user dropped on the window (browser drag-and-drop or a native drop), e.g. an
    // image. Returns false if this view does not take files; `error` explains a rejected file.
    virtual bool OnFileDropped(std::string_view name, std::string_view bytes, std::string& error)
    {
        (void)name; (void)bytes; (void)error;
        return false;
    }
};

} // namespace mlviz
