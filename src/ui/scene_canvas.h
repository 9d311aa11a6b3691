// A canvas that shows a world rectangle (image pixels, scene units) at one uniform scale, with
// the invisible button over it that gives hover, click and drag: the world <-> screen mapping and
// the box hit test that picture topics share (NMS, anchors, and the new topics' image views).
// An optional view window (centre + zoom) pans and zooms inside the world.
#pragma once
#include <functional>
#include <span>

#include "core/box.h"
#include "imgui.h"

namespace mlviz {

struct SceneView {
    double CenterX = -1.0, CenterY = -1.0; // world point at the canvas centre; < 0: the world's centre
    double Zoom = 1.0;                     // 1 = the whole world fits
};

struct SceneCanvas {
    ImVec2 Min, Max;                     // screen rectangle of the canvas
    double Scale = 1.0;                  // screen units per world unit
    double OriginX = 0.0, OriginY = 0.0; // world point at Min
    bool Hovered = false, Clicked = false, Activated = false, Active = false, Released = false;
    double MouseX = -1.0, MouseY = -1.0; // the pointer in world units (-1 when not finite)

    ImVec2 ToScreen(double x, double y) const
    {
        return ImVec2(Min.x + static_cast<float>((x - OriginX) * Scale), Min.y + static_cast<float>((y - OriginY) * Scale));
    }
    void ToWorld(ImVec2 p, double& x, double& y) const
    {
        x = OriginX + (p.x - Min.x) / Scale;
        y = OriginY + (p.y - Min.y) / Scale;
    }
    // The world size of `pixels` screen units (grip radii, hit tolerances).
    double WorldLength(float pixels) const { return pixels / Scale; }
};

// Lays out a canvas (an InvisibleButton named `id`) for a world of world_w x world_h, as large as
// fits in max_size at one scale (never smaller than min_size), seen through `view`.
SceneCanvas BeginSceneCanvas(const char* id, double world_w, double world_h, ImVec2 max_size, const SceneView& view = {},
                             ImVec2 min_size = ImVec2(64.0f, 48.0f));

// The box under the world point (x, y) with the smallest key (default: its area), or -1.
// `key` can demote boxes (e.g. removed ones) by returning a larger value.
int HitTestBoxes(std::span<const Box> boxes, double x, double y, const std::function<double(int)>& key = {});

} // namespace mlviz
