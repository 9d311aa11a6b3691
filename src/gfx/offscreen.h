// Renders one ImGui frame into an offscreen framebuffer and reads it back: PNG export of a
// figure at 1x/2x and `mlviz --screenshot`, independent of the window's size.
#pragma once
#include <functional>

#include "core/image.h"

namespace mlviz {

// `build_frame` must call ImGui::NewFrame() ... ImGui::Render() with io.DisplaySize and
// io.DisplayFramebufferScale already set by the caller; this function then draws the result
// with the OpenGL3 backend into a width_px x height_px target. Returns an empty image on GL errors.
Image RenderImGuiOffscreen(int width_px, int height_px, const float clear_rgb[3], const std::function<void()>& build_frame);

} // namespace mlviz
