// Loads the bundled DejaVu Sans subset (Latin, Cyrillic, Greek, maths) into ImGui.
#pragma once
#include <string_view>

namespace mlviz {

struct LoadedFonts {
    bool Ok = false; // false: fell back to ImGui's default font (ASCII only)
};

// `ttf` is the font file's bytes (kept alive by the caller: embedded data). The font is
// rasterised at base_px * pixel_scale and drawn at 1 / pixel_scale, so text stays crisp on
// HiDPI screens. Clears any fonts already in the atlas.
LoadedFonts LoadFonts(std::string_view ttf, float base_px, float pixel_scale);

// The code point ranges of the subset (same list as MLVIZ_FONT_UNICODES in cmake/Assets.cmake).
const unsigned short* FontGlyphRanges();

} // namespace mlviz
