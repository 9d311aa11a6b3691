// Draws a ScalarGrid through a colormap (optionally with contour lines) into a texture
// that views show with ImGui::Image. The GL implementation is src/gfx/heatmap_gl.cpp;
// NullHeatmapRenderer keeps headless tests free of GL.
#pragma once
#include <cstdint>

#include "core/colormap.h"
#include "core/heatmap.h"
#include "imgui.h"

namespace mlviz {

struct HeatmapStyle {
    Colormap Map = Colormap::Viridis;
    ColorMapping Mapping;
    int ContourCount = 0; // contour lines at t = k / (count + 1), see ContourLevels()
    float ContourOpacity = 0.55f;
};

class HeatmapRenderer {
public:
    virtual ~HeatmapRenderer() = default;
    // One slot per heatmap a view shows; slots live as long as the renderer.
    virtual int CreateSlot() = 0;
    // Returns a texture for ImGui::Image of the grid at width x height pixels. The grid is
    // uploaded only when `grid_version` changes, so calling this every frame is cheap.
    virtual ImTextureID Render(int slot, const ScalarGrid& grid, std::uint64_t grid_version, const HeatmapStyle& style,
                               int width_px, int height_px) = 0;
};

class NullHeatmapRenderer final : public HeatmapRenderer {
public:
    int CreateSlot() override { return Slots++; }
    ImTextureID Render(int, const ScalarGrid&, std::uint64_t, const HeatmapStyle&, int, int) override
    {
        return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(1));
    }
    int Slots = 0;
};

} // namespace mlviz
