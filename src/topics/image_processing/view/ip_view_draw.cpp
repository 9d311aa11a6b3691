// Drawing helpers shared by the image-processing tabs: textures, image canvases, colours, and the
// display images made from planes.
#include <algorithm>
#include <cmath>

#include "imgui_internal.h"
#include "topics/image_processing/view/ip_view.h"
#include "ui/image_textures.h"
#include "ui/theme.h"

namespace mlviz {

ImTextureID ShownImage::Texture(ViewContext& ctx, bool smooth)
{
    if (Slot < 0) Slot = ctx.Images->CreateSlot();
    return ctx.Images->Upload(Slot, Rgba, Version, smooth);
}

ImageCanvas DrawImageCanvas(ViewContext& ctx, const char* id, ShownImage& img, float max_w, float max_h)
{
    ImageCanvas c;
    const float w = static_cast<float>(std::max(1, img.Rgba.Width)), h = static_cast<float>(std::max(1, img.Rgba.Height));
    c.Scale = std::max(0.01f, std::min({max_w / w, max_h / h, 4.0f}));
    const ImVec2 size(std::max(1.0f, w * c.Scale), std::max(1.0f, h * c.Scale));
    c.Min = ImGui::GetCursorScreenPos();
    c.Max = ImVec2(c.Min.x + size.x, c.Min.y + size.y);
    ImGui::InvisibleButton(id, size);
    c.Hovered = ImGui::IsItemHovered();
    c.Clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (!img.Empty())
        dl->AddImage(img.Texture(ctx, c.Scale < 1.0f), c.Min, c.Max);
    else
        dl->AddRectFilled(c.Min, c.Max, ImGui::GetColorU32(ImGuiCol_FrameBg));
    dl->AddRect(c.Min, c.Max, ImGui::GetColorU32(ImGuiCol_Border));
    if (c.Hovered && !img.Empty()) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        c.HoverX = std::clamp(static_cast<int>((m.x - c.Min.x) / c.Scale), 0, img.Rgba.Width - 1);
        c.HoverY = std::clamp(static_cast<int>((m.y - c.Min.y) / c.Scale), 0, img.Rgba.Height - 1);
    }
    return c;
}

void CaptionText(const char* text, float width)
{
    if (ImGui::CalcTextSize(text).x <= width) {
        ImGui::TextUnformatted(text);
        return;
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImGui::Dummy(ImVec2(width, h));
    ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), p, ImVec2(p.x + width, p.y + h), p.x + width, p.x + width, text,
                              nullptr, nullptr);
}

void OutlinePixels(const ImageCanvas& c, int x, int y, int w, int h, ImU32 color, float thickness)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 a = c.ToScreen(x, y), b = c.ToScreen(x + w, y + h);
    const float pad = thickness * 0.5f;
    dl->AddRect(ImVec2(a.x - pad, a.y - pad), ImVec2(b.x + pad, b.y + pad), color, 0.0f, 0, thickness);
}

ImU32 IpGoodColor()
{
    return CurrentTheme() == Theme::Light ? IM_COL32(0, 130, 60, 255) : IM_COL32(90, 220, 120, 255);
}

ImU32 IpBadColor()
{
    return CurrentTheme() == Theme::Light ? IM_COL32(200, 30, 40, 255) : IM_COL32(255, 110, 110, 255);
}

ImVec4 IpWarnTextColor()
{
    return CurrentTheme() == Theme::Light ? ImVec4(0.7f, 0.1f, 0.1f, 1.0f) : ImVec4(1.0f, 0.45f, 0.45f, 1.0f);
}

ImU32 IpLabelColor(int k, float alpha)
{
    static const ImVec4 kColors[] = {{1.00f, 0.35f, 0.30f, 1}, {0.25f, 0.65f, 1.00f, 1}, {1.00f, 0.80f, 0.20f, 1},
                                     {0.35f, 0.90f, 0.45f, 1}, {0.85f, 0.45f, 1.00f, 1}, {0.20f, 0.90f, 0.90f, 1},
                                     {1.00f, 0.55f, 0.10f, 1}, {0.95f, 0.45f, 0.70f, 1}};
    ImVec4 c = kColors[static_cast<unsigned>(std::max(k, 1) - 1) % 8];
    c.w = alpha;
    return ImGui::ColorConvertFloat4ToU32(c);
}

Image GrayRgba(const Plane8& g)
{
    return ImageFromGray(g);
}

Image SignedRgba(const PlaneF& p, float scale)
{
    Image out;
    out.Width = p.Width;
    out.Height = p.Height;
    out.Pixels.resize(static_cast<std::size_t>(p.Width) * p.Height * 4);
    const float inv = scale > 0.0f ? 1.0f / scale : 0.0f;
    for (std::size_t i = 0; i < p.Values.size(); ++i) {
        const float t = std::clamp(p.Values[i] * inv, -1.0f, 1.0f);
        std::uint8_t* q = &out.Pixels[i * 4];
        // Mid grey at 0, to red (positive) or blue (negative).
        const float a = std::fabs(t);
        const float r = t > 0 ? 128 + 127 * a : 128 - 108 * a, g = 128 - 80 * a, b = t > 0 ? 128 - 108 * a : 128 + 127 * a;
        q[0] = static_cast<std::uint8_t>(r);
        q[1] = static_cast<std::uint8_t>(g);
        q[2] = static_cast<std::uint8_t>(b);
        q[3] = 255;
    }
    return out;
}

Image ClippedRgba(const PlaneF& p)
{
    Image out;
    out.Width = p.Width;
    out.Height = p.Height;
    out.Pixels.resize(static_cast<std::size_t>(p.Width) * p.Height * 4);
    for (std::size_t i = 0; i < p.Values.size(); ++i) {
        const float v = std::clamp(std::nearbyint(p.Values[i]), 0.0f, 255.0f);
        std::uint8_t* q = &out.Pixels[i * 4];
        q[0] = q[1] = q[2] = static_cast<std::uint8_t>(v);
        q[3] = 255;
    }
    return out;
}

Image MaskRgba(const Plane8& mask, float alpha)
{
    Image out;
    out.Width = mask.Width;
    out.Height = mask.Height;
    out.Pixels.assign(static_cast<std::size_t>(mask.Width) * mask.Height * 4, 0);
    for (std::size_t i = 0; i < mask.Pixels.size(); ++i) {
        if (!mask.Pixels[i]) continue;
        const ImU32 c = IpLabelColor(mask.Pixels[i], alpha);
        std::uint8_t* q = &out.Pixels[i * 4];
        q[0] = static_cast<std::uint8_t>(c >> IM_COL32_R_SHIFT);
        q[1] = static_cast<std::uint8_t>(c >> IM_COL32_G_SHIFT);
        q[2] = static_cast<std::uint8_t>(c >> IM_COL32_B_SHIFT);
        q[3] = static_cast<std::uint8_t>(c >> IM_COL32_A_SHIFT);
    }
    return out;
}

} // namespace mlviz
