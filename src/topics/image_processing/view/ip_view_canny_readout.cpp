// The Canny read-out of one pixel: a magnified 9 x 9 patch of the current stage with the gradient
// arrow and the two neighbours it was compared with, and every number of its way through the
// stages (gradient, direction sector, the NMS comparisons, the thresholds, the hysteresis frontier).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "imgui.h"
#include "topics/image_processing/view/ip_view.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

const char* BinText(CannyBin b)
{
    switch (b) {
    case CannyBin::Horizontal: return Tr("↔ по x: сравнение с левым и правым");
    case CannyBin::DiagonalDown: return Tr("↘ диагональ: с верхним левым и нижним правым");
    case CannyBin::Vertical: return Tr("↕ по y: с верхним и нижним");
    default: return Tr("↗ диагональ: с верхним правым и нижним левым");
    }
}

const char* Mark(bool ok)
{
    return ok ? "✓" : "✗";
}

void MarkedLine(bool ok, const char* text)
{
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ok ? IpGoodColor() : IpBadColor()));
    ImGui::TextWrapped("%s %s", Mark(ok), text);
    ImGui::PopStyleColor();
}

} // namespace

void ImageProcessingView::DrawCannyPatch(int x, int y, float size, const CannyPixelInfo& info)
{
    constexpr int kHalf = 4, kCells = 2 * kHalf + 1;
    const Image& img = CannyStages[State.Canny.Stage].Rgba;
    const float cell = size / kCells;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(size, size));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const auto corner = [&](int i, int j) { return ImVec2(o.x + (i + kHalf) * cell, o.y + (j + kHalf) * cell); };
    for (int j = -kHalf; j <= kHalf; ++j)
        for (int i = -kHalf; i <= kHalf; ++i) {
            const int px = x + i, py = y + j;
            ImU32 col = ImGui::GetColorU32(ImGuiCol_FrameBg);
            if (px >= 0 && py >= 0 && px < img.Width && py < img.Height) {
                const std::uint8_t* p = img.At(px, py);
                col = IM_COL32(p[0], p[1], p[2], 255);
            }
            const ImVec2 a = corner(i, j);
            dl->AddRectFilled(a, ImVec2(a.x + cell - 1.0f, a.y + cell - 1.0f), col);
        }
    const ImVec2 c0 = corner(0, 0);
    dl->AddRect(ImVec2(c0.x - 1.0f, c0.y - 1.0f), ImVec2(c0.x + cell, c0.y + cell), AccentColor(), 0.0f, 0, 2.5f);
    if (static_cast<IpCannyStage>(State.Canny.Stage) >= IpCannyStage::Direction)
        for (const CannyNeighbour& nb : info.Neighbours) {
            const ImVec2 a = corner(nb.X - x, nb.Y - y);
            dl->AddRect(ImVec2(a.x - 1.0f, a.y - 1.0f), ImVec2(a.x + cell, a.y + cell), nb.Passed ? IpGoodColor() : IpBadColor(),
                        0.0f, 0, 2.0f);
        }
    const double len = std::hypot(info.Dx, info.Dy);
    if (len > 0.0) {
        // The gradient (y down, as the image): from dark to bright.
        const ImVec2 c(c0.x + cell * 0.5f, c0.y + cell * 0.5f);
        const float l = cell * 2.6f;
        const ImVec2 e(c.x + static_cast<float>(info.Dx / len) * l, c.y + static_cast<float>(info.Dy / len) * l);
        const ImU32 arrow = IM_COL32(255, 60, 200, 255);
        dl->AddLine(c, e, arrow, 2.5f);
        const ImVec2 d((e.x - c.x) / l, (e.y - c.y) / l), nrm(-d.y, d.x);
        const float hs = cell * 0.45f;
        dl->AddTriangleFilled(ImVec2(e.x + d.x * hs, e.y + d.y * hs),
                              ImVec2(e.x - d.x * hs + nrm.x * hs, e.y - d.y * hs + nrm.y * hs),
                              ImVec2(e.x - d.x * hs - nrm.x * hs, e.y - d.y * hs - nrm.y * hs), arrow);
    }
}

void ImageProcessingView::DrawCannyReadout(int x, int y, float width)
{
    const CannyJob& j = *CannyRun;
    const auto r = j.Explain(x, y);
    if (!r) return;
    const CannyPixelInfo& info = *r;
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    DrawCannyPatch(x, y, std::min(width, ImGui::GetFontSize() * 11.0f), info);
    const bool l2 = State.Canny.L2;
    const double m = l2 ? std::sqrt(static_cast<double>(info.Magnitude)) : info.Magnitude;
    ImGui::Text(Tr("(%d, %d): Gx = %d, Gy = %d"), x, y, info.Dx, info.Dy);
    if (l2)
        ImGui::TextWrapped(Tr("|G|² = Gx² + Gy² = %d, |G| = %.1f"), info.Magnitude, m);
    else
        ImGui::TextWrapped(Tr("|G| = |Gx| + |Gy| = %d"), info.Magnitude);
    const double theta = std::atan2(static_cast<double>(info.Dy), static_cast<double>(info.Dx)) * 180.0 / 3.14159265358979323846;
    if (info.Dx == 0 && info.Dy == 0) // cv2.Canny's sector tests put a zero gradient in a diagonal
        ImGui::TextWrapped(Tr("Gx = Gy = 0: направления нет; как в cv2.Canny, сектор %s"), BinText(info.Bin));
    else
        ImGui::TextWrapped(Tr("θ = atan2(Gy, Gx) = %.1f° → сектор %s"), theta, BinText(info.Bin));
    // NMS: the two comparisons along the gradient.
    for (const CannyNeighbour& nb : info.Neighbours) {
        const double nm = l2 ? std::sqrt(static_cast<double>(nb.Magnitude)) : nb.Magnitude;
        char text[160];
        std::snprintf(text, sizeof text, Tr("сосед (%d, %d): |G| = %.1f; %.1f %s %.1f"), nb.X, nb.Y, nm, m, nb.Strict ? ">" : "≥",
                      nm);
        MarkedLine(nb.Passed, text);
    }
    MarkedLine(info.LocalMax, info.LocalMax ? Tr("локальный максимум: остаётся после NMS") : Tr("подавлен (не максимум)"));
    char text[200];
    const char* unit = l2 ? "|G|²" : "|G|";
    std::snprintf(text, sizeof text, "%s = %d > %s = %d", unit, info.Magnitude, l2 ? "low²" : "low", j.LowInt());
    MarkedLine(info.AboveLow, text);
    std::snprintf(text, sizeof text, "%s = %d > %s = %d", unit, info.Magnitude, l2 ? "high²" : "high", j.HighInt());
    MarkedLine(info.AboveHigh, text);
    const char* verdict = info.MapClass == kCannyEdge ? Tr("сильный край: затравка гистерезиса (фронт 0)")
        : info.MapClass == kCannyWeak ? Tr("слабый: край, только если поток от сильных дойдёт до него")
                                      : Tr("не край");
    ImGui::TextWrapped("→ %s", verdict);
    if (j.Done()) {
        if (info.Layer > 0)
            ImGui::TextWrapped(Tr("Гистерезис: присоединён на фронте %d (8-связность)"), info.Layer);
        else if (info.MapClass == kCannyWeak)
            ImGui::TextWrapped("%s", Tr("Гистерезис: не связан с сильными — отброшен"));
    }
    ImGui::PopTextWrapPos();
}

} // namespace mlviz
