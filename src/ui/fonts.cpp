#include "ui/fonts.h"

#include "imgui.h"

namespace mlviz {

const unsigned short* FontGlyphRanges()
{
    static const ImWchar kRanges[] = {
        0x0020, 0x007E, 0x00A0, 0x017F, // Basic Latin, Latin-1, Latin Extended-A
        0x0370, 0x03FF,                 // Greek
        0x0400, 0x045F,                 // Cyrillic
        0x2010, 0x205E,                 // punctuation: dashes, quotes, bullets, ellipsis, primes
        0x2070, 0x209F,                 // superscripts and subscripts
        0x2100, 0x214F,                 // letterlike symbols
        0x2190, 0x21FF,                 // arrows
        0x2200, 0x22FF,                 // mathematical operators
        0x2300, 0x2307,                 // technical (ceiling, floor)
        0x25A0, 0x25FF,                 // geometric shapes
        0x26A0, 0x26A0,                 // warning sign (notices)
        0x2713, 0x2717,                 // check marks
        0,
    };
    return kRanges;
}

LoadedFonts LoadFonts(std::string_view ttf, float base_px, float pixel_scale)
{
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    LoadedFonts out;
    if (pixel_scale < 0.5f) pixel_scale = 0.5f;
    if (pixel_scale > 4.0f) pixel_scale = 4.0f;
    if (!ttf.empty()) {
        ImFontConfig cfg;
        cfg.FontDataOwnedByAtlas = false; // embedded, static storage
        cfg.OversampleH = 2;
        cfg.OversampleV = 1;
        ImFont* font = io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(ttf.data()), static_cast<int>(ttf.size()),
                                                      base_px * pixel_scale, &cfg, FontGlyphRanges());
        out.Ok = font != nullptr;
    }
    if (!out.Ok) io.Fonts->AddFontDefault();
    io.FontGlobalScale = 1.0f / pixel_scale;
    io.Fonts->Build();
    return out;
}

} // namespace mlviz
