// The GL heatmap pass: uploads a ScalarGrid as an R32F texture and renders it through
// shaders/heatmap.*.glsl into a per-slot framebuffer texture for ImGui::Image.
#pragma once
#include <string>
#include <vector>

#include "gfx/gl.h"
#include "ui/heatmap_renderer.h"

namespace mlviz {

class GlHeatmapRenderer final : public HeatmapRenderer {
public:
    GlHeatmapRenderer() = default;
    ~GlHeatmapRenderer() override;
    // Needs a current GL context. Returns false (and Error()) if the shaders fail.
    bool Init();
    const std::string& Error() const { return ErrorText; }

    int CreateSlot() override;
    ImTextureID Render(int slot, const ScalarGrid& grid, std::uint64_t grid_version, const HeatmapStyle& style, int width_px,
                       int height_px) override;

private:
    struct Slot {
        GLuint GridTex = 0, ColorTex = 0, Fbo = 0;
        int GridW = 0, GridH = 0, OutW = 0, OutH = 0;
        std::uint64_t Version = ~0ull;
    };
    std::vector<Slot> Slots;
    GLuint Program = 0, Vao = 0, Vbo = 0;
    GLuint Luts[2] = {0, 0};
    std::string ErrorText;
};

} // namespace mlviz
