#include "ui/scene_canvas.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlviz {

SceneCanvas BeginSceneCanvas(const char* id, double world_w, double world_h, ImVec2 max_size, const SceneView& view,
                             ImVec2 min_size)
{
    SceneCanvas c;
    world_w = std::max(world_w, 1e-9);
    world_h = std::max(world_h, 1e-9);
    const double fit = std::min(std::max(max_size.x, min_size.x) / world_w, std::max(max_size.y, min_size.y) / world_h);
    const double zoom = std::isfinite(view.Zoom) ? std::clamp(view.Zoom, 1.0, 64.0) : 1.0;
    c.Scale = std::max(fit * zoom, 1e-6);
    const ImVec2 size(static_cast<float>(world_w * fit), static_cast<float>(world_h * fit));
    // The view window: centre it on the requested point, kept inside the world.
    const double vis_w = world_w / zoom, vis_h = world_h / zoom;
    const double cx = view.CenterX >= 0.0 ? view.CenterX : world_w * 0.5, cy = view.CenterY >= 0.0 ? view.CenterY : world_h * 0.5;
    c.OriginX = std::clamp(cx - vis_w * 0.5, 0.0, world_w - vis_w);
    c.OriginY = std::clamp(cy - vis_h * 0.5, 0.0, world_h - vis_h);
    c.Min = ImGui::GetCursorScreenPos();
    c.Max = ImVec2(c.Min.x + size.x, c.Min.y + size.y);
    ImGui::InvisibleButton(id, size);
    c.Hovered = ImGui::IsItemHovered();
    c.Clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
    c.Activated = ImGui::IsItemActivated();
    c.Active = ImGui::IsItemActive();
    c.Released = ImGui::IsItemDeactivated();
    c.ToWorld(ImGui::GetIO().MousePos, c.MouseX, c.MouseY);
    if (!std::isfinite(c.MouseX) || !std::isfinite(c.MouseY)) c.MouseX = c.MouseY = -1.0;
    return c;
}

int HitTestBoxes(std::span<const Box> boxes, double x, double y, const std::function<double(int)>& key)
{
    int best = -1;
    double best_key = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const Box& b = boxes[i];
        if (x < b.X1 || x > b.X2 || y < b.Y1 || y > b.Y2) continue;
        const double k = key ? key(static_cast<int>(i)) : static_cast<double>(b.Width()) * b.Height();
        if (k < best_key) {
            best_key = k;
            best = static_cast<int>(i);
        }
    }
    return best;
}

} // namespace mlviz
