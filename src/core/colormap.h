// Colormaps as 256-entry sRGB lookup tables, shared by the CPU helpers and the GL
// heatmap pass (which uploads the same table as a 256x1 texture).
#pragma once
#include <array>
#include <cstdint>

namespace mlviz {

enum class Colormap { Viridis, Diverging }; // Diverging = matplotlib RdBu_r (blue < 0 < red)

extern const unsigned char kViridis[256][3];
extern const unsigned char kDiverging[256][3];

struct Rgb8 {
    std::uint8_t R, G, B;
};

const unsigned char (&ColormapTable(Colormap map))[256][3];

// Colour at t in [0, 1] (clamped), linearly interpolated between table entries.
// A non-finite t gives the "no data" grey, never garbage.
Rgb8 SampleColormap(Colormap map, double t);

} // namespace mlviz
