// The interface every topic view implements, and what the app hands it each frame.
// Views read widgets, call their core, and draw; they never own an algorithm.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/message.h"

namespace mlviz {

class DataFiles;
class HeatmapRenderer;
class ImageTextures;

// Playback keys, read by the app once per frame (not while a text field has focus), so every
// view with a timeline reacts to the same keys: left/right step, space plays or pauses.
struct PlaybackKeys {
    bool StepBack = false;
    bool StepForward = false;
    bool TogglePlay = false;
};

// A file a view hands to the user, e.g. the masks painted in the segmentation topic as a PNG.
// After the frame the app downloads it in the browser and writes it to the working directory
// natively (app/main.cpp); headless runs leave it here for tests to read.
struct OfferedFile {
    std::string Name;
    std::string Bytes;
};

struct ViewContext {
    HeatmapRenderer* Heatmaps = nullptr; // never null: a GL pass in the app, a null one in tests
    ImageTextures* Images = nullptr;     // never null, likewise
    DataFiles* Data = nullptr;           // never null: topic data fetched on demand (ui/data_files.h)
    float PixelScale = 1.0f;             // framebuffer pixels per ImGui unit (HiDPI)
    PlaybackKeys Keys;
    bool ShowControls = true;       // false in embed mode with controls=0: picture only
    std::vector<OfferedFile> Files; // filled by views during the frame, delivered after it
};

class TopicView {
public:
    virtual ~TopicView() = default;
    // Draws the whole visualization into the current ImGui window's remaining region.
    virtual void Draw(ViewContext& ctx) = 0;
    // The full state as URL key=values (only what differs from the defaults), and back.
    // Decoding ignores unknown keys and returns one notice per bad value (see core/state_codec.h).
    virtual std::string EncodeState() const { return {}; }
    virtual std::vector<Message> DecodeState(std::string_view fragment)
    {
        (void)fragment;
        return {};
    }

    // A file the user dropped on the window (browser drag-and-drop or a native drop), e.g. an
    // image. Returns false if this view does not take files; `error` explains a rejected file.
    virtual bool OnFileDropped(std::string_view name, std::string_view bytes, std::string& error)
    {
        (void)name;
        (void)bytes;
        (void)error;
        return false;
    }
};

} // namespace mlviz
