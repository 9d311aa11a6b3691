#include "gfx/heatmap_gl.h"

#include <algorithm>
#include <cstdint>

namespace mlviz {

GlHeatmapRenderer::~GlHeatmapRenderer()
{
    for (Slot& s : Slots) {
        glDeleteTextures(1, &s.GridTex);
        glDeleteTextures(1, &s.ColorTex);
        glDeleteFramebuffers(1, &s.Fbo);
    }
    glDeleteTextures(2, Luts);
    glDeleteBuffers(1, &Vbo);
    glDeleteVertexArrays(1, &Vao);
    glDeleteProgram(Program);
}

bool GlHeatmapRenderer::Init()
{
    Program = LoadProgram("heatmap", ErrorText);
    if (!Program) return false;
    const float quad[] = {-1, -1, 1, -1, -1, 1, 1, 1};
    glGenVertexArrays(1, &Vao);
    glBindVertexArray(Vao);
    glGenBuffers(1, &Vbo);
    glBindBuffer(GL_ARRAY_BUFFER, Vbo);
    glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad, GL_STATIC_DRAW);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindVertexArray(0);

    glGenTextures(2, Luts);
    for (int m = 0; m < 2; ++m) {
        const auto& table = ColormapTable(m == 0 ? Colormap::Viridis : Colormap::Diverging);
        std::uint8_t rgba[256 * 4];
        for (int i = 0; i < 256; ++i) {
            rgba[i * 4 + 0] = table[i][0];
            rgba[i * 4 + 1] = table[i][1];
            rgba[i * 4 + 2] = table[i][2];
            rgba[i * 4 + 3] = 255;
        }
        glBindTexture(GL_TEXTURE_2D, Luts[m]);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 256, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
    glBindTexture(GL_TEXTURE_2D, 0);
    return true;
}

int GlHeatmapRenderer::CreateSlot()
{
    Slots.emplace_back();
    return static_cast<int>(Slots.size()) - 1;
}

ImTextureID GlHeatmapRenderer::Render(int slot_index, const ScalarGrid& grid, std::uint64_t grid_version,
                                      const HeatmapStyle& style, int width_px, int height_px)
{
    if (!Program || slot_index < 0 || slot_index >= static_cast<int>(Slots.size()) || grid.Width <= 0 || grid.Height <= 0)
        return ImTextureID{};
    Slot& s = Slots[static_cast<std::size_t>(slot_index)];
    width_px = std::clamp(width_px, 1, 4096);
    height_px = std::clamp(height_px, 1, 4096);

    GLint prev_fbo = 0, prev_viewport[4], prev_program = 0, prev_tex = 0, prev_active = 0, prev_vao = 0;
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo);
    glGetIntegerv(GL_VIEWPORT, prev_viewport);
    glGetIntegerv(GL_CURRENT_PROGRAM, &prev_program);
    glGetIntegerv(GL_ACTIVE_TEXTURE, &prev_active);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &prev_vao);

    if (s.Version != grid_version || s.GridW != grid.Width || s.GridH != grid.Height) {
        if (!s.GridTex) glGenTextures(1, &s.GridTex);
        glActiveTexture(GL_TEXTURE0);
        glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev_tex);
        glBindTexture(GL_TEXTURE_2D, s.GridTex);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, grid.Width, grid.Height, 0, GL_RED, GL_FLOAT, grid.Values.data());
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(prev_tex));
        s.GridW = grid.Width;
        s.GridH = grid.Height;
        s.Version = grid_version;
    }
    if (s.OutW != width_px || s.OutH != height_px) {
        if (!s.ColorTex) glGenTextures(1, &s.ColorTex);
        if (!s.Fbo) glGenFramebuffers(1, &s.Fbo);
        glActiveTexture(GL_TEXTURE0);
        glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev_tex);
        glBindTexture(GL_TEXTURE_2D, s.ColorTex);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width_px, height_px, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glBindFramebuffer(GL_FRAMEBUFFER, s.Fbo);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, s.ColorTex, 0);
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(prev_tex));
        s.OutW = width_px;
        s.OutH = height_px;
    }

    // Drawn every call: cheap (one quad) and keeps style changes free of cache keys.
    glBindFramebuffer(GL_FRAMEBUFFER, s.Fbo);
    glViewport(0, 0, width_px, height_px);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_DEPTH_TEST);
    glUseProgram(Program);
    glActiveTexture(GL_TEXTURE0);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &prev_tex);
    glBindTexture(GL_TEXTURE_2D, s.GridTex);
    glActiveTexture(GL_TEXTURE1);
    glBindTexture(GL_TEXTURE_2D, Luts[style.Map == Colormap::Viridis ? 0 : 1]);
    glUniform1i(glGetUniformLocation(Program, "uGrid"), 0);
    glUniform1i(glGetUniformLocation(Program, "uLut"), 1);
    glUniform2f(glGetUniformLocation(Program, "uGridSize"), static_cast<float>(grid.Width), static_cast<float>(grid.Height));
    glUniform1f(glGetUniformLocation(Program, "uMin"), static_cast<float>(style.Mapping.Min));
    glUniform1f(glGetUniformLocation(Program, "uMax"), static_cast<float>(style.Mapping.Max));
    glUniform1i(glGetUniformLocation(Program, "uLogScale"), style.Mapping.Scale == ColorScale::Log ? 1 : 0);
    glUniform1f(glGetUniformLocation(Program, "uLogFloor"), static_cast<float>(style.Mapping.LogFloor));
    glUniform1i(glGetUniformLocation(Program, "uContours"), std::clamp(style.ContourCount, 0, 256));
    glUniform1f(glGetUniformLocation(Program, "uContourOpacity"), style.ContourOpacity);
    glBindVertexArray(Vao);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);

    glBindTexture(GL_TEXTURE_2D, 0);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(prev_tex));
    glActiveTexture(static_cast<GLenum>(prev_active));
    glBindVertexArray(static_cast<GLuint>(prev_vao));
    glUseProgram(static_cast<GLuint>(prev_program));
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo));
    glViewport(prev_viewport[0], prev_viewport[1], prev_viewport[2], prev_viewport[3]);
    // Texture row 0 holds the grid's top (see heatmap.vert.glsl): default ImGui::Image uvs.
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(s.ColorTex));
}

} // namespace mlviz
