// Anchors topic: the scene canvas. Shows the picture (image or synthetic street), and lets
// the user move, resize and draw ground-truth boxes with mouse or touch (finger-sized grips).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "topics/anchors/view/anchor_view_state.h"
#include "ui/image_textures.h"
#include "ui/plot.h"

namespace mlviz {

namespace {

// Grip radius in screen units: at least a fingertip on touch screens.
float GripRadius()
{
    return std::max(10.0f, ImGui::GetFontSize() * 0.8f);
}

ImGuiMouseCursor CursorFor(BoxGrip g)
{
    switch (g) {
    case BoxGrip::Move: return ImGuiMouseCursor_ResizeAll;
    case BoxGrip::Left:
    case BoxGrip::Right: return ImGuiMouseCursor_ResizeEW;
    case BoxGrip::Top:
    case BoxGrip::Bottom: return ImGuiMouseCursor_ResizeNS;
    case BoxGrip::TopLeft:
    case BoxGrip::BottomRight: return ImGuiMouseCursor_ResizeNWSE;
    case BoxGrip::TopRight:
    case BoxGrip::BottomLeft: return ImGuiMouseCursor_ResizeNESW;
    default: return ImGuiMouseCursor_Arrow;
    }
}

} // namespace

void AnchorsView::DrawSyntheticScene(const SceneCanvas& c)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float w = static_cast<float>(State.Scene.Width), h = static_cast<float>(State.Scene.Height);
    const ImVec2 horizon = c.ToScreen(w, h * 0.55f);
    dl->AddRectFilledMultiColor(c.Min, horizon, IM_COL32(120, 160, 205, 255), IM_COL32(120, 160, 205, 255),
                                IM_COL32(190, 210, 225, 255), IM_COL32(190, 210, 225, 255));
    dl->AddRectFilledMultiColor(c.ToScreen(0, h * 0.55f), c.Max, IM_COL32(120, 120, 115, 255), IM_COL32(120, 120, 115, 255),
                                IM_COL32(85, 85, 82, 255), IM_COL32(85, 85, 82, 255));
    for (const SceneObject& o : Objects) {
        const ImVec2 a = c.ToScreen(o.Bounds.X1, o.Bounds.Y1), b = c.ToScreen(o.Bounds.X2, o.Bounds.Y2);
        const float bw = b.x - a.x, bh = b.y - a.y;
        switch (o.Kind) {
        case SceneObjectKind::Person: {
            const float head = std::min(bw, bh * 0.2f) * 0.5f;
            dl->AddCircleFilled(ImVec2(a.x + bw * 0.5f, a.y + head), head, IM_COL32(225, 185, 150, 255));
            dl->AddRectFilled(ImVec2(a.x + bw * 0.1f, a.y + 2 * head), ImVec2(b.x - bw * 0.1f, a.y + bh * 0.6f),
                              IM_COL32(60, 80, 140, 255), bw * 0.2f);
            dl->AddRectFilled(ImVec2(a.x + bw * 0.2f, a.y + bh * 0.6f), ImVec2(b.x - bw * 0.2f, b.y), IM_COL32(40, 40, 50, 255));
            break;
        }
        case SceneObjectKind::Car: {
            dl->AddRectFilled(ImVec2(a.x + bw * 0.2f, a.y), ImVec2(b.x - bw * 0.2f, a.y + bh * 0.5f), IM_COL32(150, 40, 40, 255),
                              bh * 0.15f);
            dl->AddRectFilled(ImVec2(a.x, a.y + bh * 0.35f), ImVec2(b.x, b.y - bh * 0.15f), IM_COL32(190, 50, 45, 255),
                              bh * 0.1f);
            const float r = bh * 0.18f;
            dl->AddCircleFilled(ImVec2(a.x + bw * 0.22f, b.y - r), r, IM_COL32(25, 25, 25, 255));
            dl->AddCircleFilled(ImVec2(b.x - bw * 0.22f, b.y - r), r, IM_COL32(25, 25, 25, 255));
            break;
        }
        case SceneObjectKind::Tree: {
            dl->AddRectFilled(ImVec2(a.x + bw * 0.42f, a.y + bh * 0.55f), ImVec2(b.x - bw * 0.42f, b.y),
                              IM_COL32(100, 70, 40, 255));
            dl->AddCircleFilled(ImVec2(a.x + bw * 0.5f, a.y + bh * 0.32f), std::min(bw * 0.5f, bh * 0.32f),
                                IM_COL32(60, 130, 60, 255));
            break;
        }
        case SceneObjectKind::Ball:
            dl->AddCircleFilled(ImVec2((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f), std::max(1.0f, std::min(bw, bh) * 0.5f),
                                IM_COL32(245, 220, 60, 255));
            break;
        default: {
            dl->AddRectFilled(ImVec2(a.x + bw * 0.45f, a.y + bh * 0.3f), ImVec2(b.x - bw * 0.45f, b.y),
                              IM_COL32(90, 90, 95, 255));
            dl->AddRectFilled(a, ImVec2(b.x, a.y + bh * 0.35f), IM_COL32(40, 110, 190, 255), 2.0f);
            break;
        }
        }
    }
}

SceneCanvas AnchorsView::BeginScene(ViewContext& ctx, float max_height)
{
    const float w = static_cast<float>(std::max(State.Scene.Width, 1)), h = static_cast<float>(std::max(State.Scene.Height, 1));
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const SceneCanvas c = BeginSceneCanvas("scene", w, h, ImVec2(std::max(avail.x, 64.0f), std::max(max_height, 64.0f)));
    const bool activated = c.Activated, active = c.Active, released = c.Released;

    // Pointer: press picks a grip, drag edits, a tap (no movement) inspects that point.
    const double grip = GripRadius() / c.Scale;
    const std::vector<Box> boxes = GtBoxes();
    if (activated) {
        DragGt = PickBox(boxes, State.Selected, c.MouseX, c.MouseY, grip, DragGrip);
        PressOnEmpty = DragGt < 0;
        if (DragGt >= 0) {
            DragStart = boxes[static_cast<std::size_t>(DragGt)];
            State.Selected = DragGt;
        }
        DragX0 = c.MouseX;
        DragY0 = c.MouseY;
        DragMoved = false;
        DragCreating = false;
    }
    if (active) {
        const double moved_px = std::hypot(c.MouseX - DragX0, c.MouseY - DragY0) * c.Scale;
        if (moved_px > 4.0) DragMoved = true;
        if (DragMoved && PressOnEmpty && State.GtCount < kAnchorMaxGt) {
            // Dragging on empty space draws a new box from the press point.
            AddGt(Box{static_cast<float>(DragX0), static_cast<float>(DragY0), static_cast<float>(DragX0),
                      static_cast<float>(DragY0)},
                  static_cast<int>(SceneObjectKind::Sign));
            DragGt = State.Selected;
            DragCreating = true;
            PressOnEmpty = false;
        }
        if (DragMoved && DragGt >= 0 && DragGt < State.GtCount) {
            Box b;
            if (DragCreating) {
                const double x0 = std::clamp(DragX0, 0.0, static_cast<double>(w)),
                             y0 = std::clamp(DragY0, 0.0, static_cast<double>(h));
                const double x1 = std::clamp(c.MouseX, 0.0, static_cast<double>(w)),
                             y1 = std::clamp(c.MouseY, 0.0, static_cast<double>(h));
                b = Box{static_cast<float>(std::min(x0, x1)), static_cast<float>(std::min(y0, y1)),
                        static_cast<float>(std::max(x0, x1)), static_cast<float>(std::max(y0, y1))};
            } else {
                b = DragBox(DragStart, DragGrip, c.MouseX - DragX0, c.MouseY - DragY0, w, h, 2.0);
            }
            // Whole pixels: GT boxes in data sets are integers, and it keeps the tables calm.
            GtBox& g = State.Gt[static_cast<std::size_t>(DragGt)];
            State.GtEdited = true;
            g.X1 = std::round(b.X1);
            g.Y1 = std::round(b.Y1);
            g.X2 = std::round(b.X2);
            g.Y2 = std::round(b.Y2);
        }
        ImGui::SetMouseCursor(CursorFor(DragGrip));
    } else if (c.Hovered) {
        BoxGrip g = BoxGrip::None;
        if (PickBox(boxes, State.Selected, c.MouseX, c.MouseY, grip, g) >= 0) ImGui::SetMouseCursor(CursorFor(g));
    }
    if (released) {
        if (!DragMoved) {
            State.InspectX = static_cast<int>(std::lround(std::clamp(DragX0, 0.0, static_cast<double>(w))));
            State.InspectY = static_cast<int>(std::lround(std::clamp(DragY0, 0.0, static_cast<double>(h))));
            if (PressOnEmpty) State.Selected = -1;
        }
        if (DragCreating && DragGt >= 0 && DragGt < State.GtCount) {
            const GtBox& g = State.Gt[static_cast<std::size_t>(DragGt)];
            if (g.X2 - g.X1 < 3.0f || g.Y2 - g.Y1 < 3.0f) DeleteGt(DragGt);
        }
        DragGt = -1;
        DragGrip = BoxGrip::None;
        PressOnEmpty = DragCreating = false;
    }
    if (State.Selected >= 0 && ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) &&
        (ImGui::IsKeyPressed(ImGuiKey_Delete) || ImGui::IsKeyPressed(ImGuiKey_Backspace)) && !ImGui::GetIO().WantTextInput)
        DeleteGt(State.Selected);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(c.Min, c.Max, true);
    if (HasImage) {
        if (ImageSlot < 0) ImageSlot = ctx.Images->CreateSlot();
        dl->AddImage(ctx.Images->Upload(ImageSlot, SceneImage, ImageVersion, true), c.Min, c.Max);
    } else {
        DrawSyntheticScene(c);
    }
    return c;
}

void AnchorsView::EndScene(const SceneCanvas& c, const std::vector<int>& positives)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float grip = GripRadius();
    for (int i = 0; i < State.GtCount; ++i) {
        const GtBox& g = State.Gt[static_cast<std::size_t>(i)];
        const ImVec2 a = c.ToScreen(g.X1, g.Y1), b = c.ToScreen(g.X2, g.Y2);
        const bool selected = i == State.Selected;
        dl->AddRect(ImVec2(a.x - 1, a.y - 1), ImVec2(b.x + 1, b.y + 1), IM_COL32(0, 0, 0, 160), 0.0f, 0, 3.5f);
        dl->AddRect(a, b, SeriesColor(i), 0.0f, 0, selected ? 3.0f : 2.0f);
        char label[48];
        // Class names only when the picture is large enough for them not to pile up.
        if (c.Scale >= 0.9f)
            std::snprintf(label, sizeof(label), "#%d %s", i, SceneObjectName(static_cast<SceneObjectKind>(g.Kind)).data());
        else
            std::snprintf(label, sizeof(label), "#%d", i);
        const ImVec2 ts = ImGui::CalcTextSize(label);
        const ImVec2 lp(a.x, a.y - ts.y - 2.0f >= c.Min.y ? a.y - ts.y - 2.0f : a.y + 1.0f);
        dl->AddRectFilled(lp, ImVec2(lp.x + ts.x + 4.0f, lp.y + ts.y + 1.0f), SeriesColor(i, 0.85f));
        dl->AddText(ImVec2(lp.x + 2.0f, lp.y), IM_COL32(0, 0, 0, 255), label);
        // The classic failure, drawn where it happens: this GT has no positive anchor.
        if (i < static_cast<int>(positives.size()) && positives[static_cast<std::size_t>(i)] == 0) {
            const ImVec2 p(b.x, a.y);
            const float r = ImGui::GetFontSize() * 0.55f;
            dl->AddCircleFilled(p, r, IM_COL32(230, 40, 40, 255));
            dl->AddText(ImVec2(p.x - ImGui::CalcTextSize("!").x * 0.5f, p.y - ImGui::GetFontSize() * 0.5f), IM_COL32_WHITE, "!");
        }
        if (selected) {
            const float s = grip * 0.6f;
            const ImVec2 corners[] = {a, ImVec2(b.x, a.y), ImVec2(a.x, b.y), b};
            for (const ImVec2& p : corners) {
                dl->AddRectFilled(ImVec2(p.x - s, p.y - s), ImVec2(p.x + s, p.y + s), IM_COL32(255, 255, 255, 230));
                dl->AddRect(ImVec2(p.x - s, p.y - s), ImVec2(p.x + s, p.y + s), SeriesColor(i), 0.0f, 0, 2.0f);
            }
        }
    }
    if (State.InspectX >= 0) {
        const ImVec2 p = c.ToScreen(State.InspectX, State.InspectY);
        const float r = ImGui::GetFontSize() * 0.5f;
        dl->AddLine(ImVec2(p.x - r, p.y), ImVec2(p.x + r, p.y), IM_COL32(255, 255, 255, 230), 2.0f);
        dl->AddLine(ImVec2(p.x, p.y - r), ImVec2(p.x, p.y + r), IM_COL32(255, 255, 255, 230), 2.0f);
    }
    dl->PopClipRect();
}

} // namespace mlviz
