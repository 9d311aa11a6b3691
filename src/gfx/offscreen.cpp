#include "gfx/offscreen.h"

#include <algorithm>
#include <cstring>

#include "gfx/gl.h"
#include "imgui.h"
#include "imgui_impl_opengl3.h"

namespace mlviz {

Image RenderImGuiOffscreen(int width_px, int height_px, const float clear_rgb[3], const std::function<void()>& build_frame)
{
    Image img;
    width_px = std::clamp(width_px, 1, 8192);
    height_px = std::clamp(height_px, 1, 8192);
    GLint prev_fbo = 0, prev_viewport[4];
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &prev_fbo);
    glGetIntegerv(GL_VIEWPORT, prev_viewport);

    GLuint tex = 0, fbo = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width_px, height_px, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glBindTexture(GL_TEXTURE_2D, 0);
    glGenFramebuffers(1, &fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
    const bool complete = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo));

    if (complete) {
        // Views may render their own textures (heatmaps) while the frame is built, so the
        // offscreen target is bound only for the final draw.
        build_frame();
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        glViewport(0, 0, width_px, height_px);
        glClearColor(clear_rgb[0], clear_rgb[1], clear_rgb[2], 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        img.Width = width_px;
        img.Height = height_px;
        img.Pixels.resize(static_cast<std::size_t>(width_px) * height_px * 4);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, width_px, height_px, GL_RGBA, GL_UNSIGNED_BYTE, img.Pixels.data());
        // GL rows start at the bottom; images here start at the top.
        const std::size_t row = static_cast<std::size_t>(width_px) * 4;
        std::vector<std::uint8_t> tmp(row);
        for (int y = 0; y < height_px / 2; ++y) {
            std::uint8_t* a = &img.Pixels[static_cast<std::size_t>(y) * row];
            std::uint8_t* b = &img.Pixels[static_cast<std::size_t>(height_px - 1 - y) * row];
            std::memcpy(tmp.data(), a, row);
            std::memcpy(a, b, row);
            std::memcpy(b, tmp.data(), row);
        }
        for (std::size_t i = 3; i < img.Pixels.size(); i += 4) img.Pixels[i] = 255; // opaque PNG
    }
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(prev_fbo));
    glViewport(prev_viewport[0], prev_viewport[1], prev_viewport[2], prev_viewport[3]);
    glDeleteFramebuffers(1, &fbo);
    glDeleteTextures(1, &tex);
    return img;
}

} // namespace mlviz
