// Classical ML, shared drawing: class colours, points, the scatter canvas's blob handles and
// click-to-edit points, per-class histograms.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "topics/classical_ml/view/cml_view.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

constexpr double kTwoPi = 6.283185307179586;

// Principal axes of a blob's x-y covariance: standard deviations s1 >= s2 and the unit vector of
// the first axis (the second is its perpendicular).
void BlobAxes(const CmlBlob& b, double& s1, double& s2, double& ex, double& ey)
{
    const double a = b.VarX, c = b.VarY, m = 0.5 * (a + c), r = std::hypot(0.5 * (a - c), b.CovXY);
    s1 = std::sqrt(std::max(0.0, m + r));
    s2 = std::sqrt(std::max(0.0, m - r));
    const double theta = 0.5 * std::atan2(2.0 * b.CovXY, a - c);
    ex = std::cos(theta);
    ey = std::sin(theta);
}

float GripRadius()
{
    return std::max(9.0f, ImGui::GetFontSize() * 0.65f);
}

// The world position of grip g (0 mean, 1 end of the first 2σ axis, 2 of the second).
void GripPos(const CmlBlob& b, int g, double& x, double& y)
{
    double s1, s2, ex, ey;
    BlobAxes(b, s1, s2, ex, ey);
    x = b.MeanX;
    y = b.MeanY;
    if (g == 1) {
        x += 2.0 * s1 * ex;
        y += 2.0 * s1 * ey;
    }
    if (g == 2) {
        x += -2.0 * s2 * ey;
        y += 2.0 * s2 * ex;
    }
}

} // namespace

ImU32 CmlClassColor(int k, float alpha)
{
    static const int kSeries[kCmlMaxClasses] = {0, 1, 2, 3};
    return SeriesColor(kSeries[std::clamp(k, 0, kCmlMaxClasses - 1)], alpha);
}

ImU32 CmlPcaColor(float alpha)
{
    return SeriesColor(4, alpha);
}
ImU32 CmlLdaColor(float alpha)
{
    return SeriesColor(6, alpha);
}

ImVec4 CmlErrorColor()
{
    return CurrentTheme() == Theme::Light ? ImVec4(0.75f, 0.1f, 0.1f, 1.0f) : ImVec4(1.0f, 0.45f, 0.4f, 1.0f);
}

ImU32 CmlErrorTextColor()
{
    return ImGui::ColorConvertFloat4ToU32(CmlErrorColor());
}

std::string CmlClassName(int k)
{
    char buf[48];
    std::snprintf(buf, sizeof buf, Tr("класс %d"), k + 1);
    return buf;
}

std::string CmlNumber(double v)
{
    char buf[48];
    FormatNumber(v, buf, sizeof buf);
    return buf;
}

PlotRange CmlSquareRange(const CmlDataset& d, ImVec2 size, double pad)
{
    double x0 = -1.0, x1 = 1.0, y0 = -1.0, y1 = 1.0;
    if (d.Size() > 0) {
        x0 = y0 = 1e300;
        x1 = y1 = -1e300;
        for (int i = 0; i < d.Size(); ++i) {
            x0 = std::min(x0, d.At(i, 0));
            x1 = std::max(x1, d.At(i, 0));
            y0 = std::min(y0, d.At(i, 1));
            y1 = std::max(y1, d.At(i, 1));
        }
    }
    double w = std::max(x1 - x0, 1e-3), h = std::max(y1 - y0, 1e-3);
    x0 -= pad * w;
    x1 += pad * w;
    y0 -= pad * h;
    y1 += pad * h;
    w = x1 - x0;
    h = y1 - y0;
    // The data area of BeginPlot without a title: the frame less its label margins.
    const float font = ImGui::GetFontSize();
    const double pw = std::max(10.0, static_cast<double>(size.x - font * 3.8f)),
                 ph = std::max(10.0, static_cast<double>(size.y - font * 2.1f));
    const double scale = std::max(w / pw, h / ph); // world units per pixel
    const double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1);
    return {cx - 0.5 * scale * pw, cx + 0.5 * scale * pw, cy - 0.5 * scale * ph, cy + 0.5 * scale * ph};
}

void CmlDrawPoints(const PlotFrame& f, const CmlDataset& d, float radius, float alpha, bool hollow)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 edge = ImGui::GetColorU32(ImGuiCol_WindowBg, 0.8f * alpha);
    for (int i = 0; i < d.Size(); ++i) {
        const ImVec2 p = f.ToScreen(d.At(i, 0), d.At(i, 1));
        if (p.x < f.Min.x - radius || p.x > f.Max.x + radius || p.y < f.Min.y - radius || p.y > f.Max.y + radius) continue;
        if (hollow) {
            dl->AddCircle(p, radius, CmlClassColor(d.Y[i], alpha), 8, 1.5f);
        } else {
            dl->AddCircleFilled(p, radius + 0.8f, edge, 8);
            dl->AddCircleFilled(p, radius, CmlClassColor(d.Y[i], alpha), 8);
        }
    }
}

bool CmlCanvasEditor::Handle(const PlotFrame& f, ClassicalMlState& s, int blobs, bool edit_points, const CmlDataset* shown,
                             const std::vector<int>* origin)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float grip_r = GripRadius();
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool activated = ImGui::IsItemActivated(), active = ImGui::IsItemActive(), released = ImGui::IsItemDeactivated();
    blobs = std::clamp(blobs, 0, kCmlMaxClasses);
    // Which grip is under the mouse (the nearest within reach).
    const auto pick = [&](ImVec2 at) {
        int best = -1;
        float best_d = grip_r;
        for (int k = 0; k < blobs; ++k)
            for (int g = 0; g < 3; ++g) {
                double x, y;
                GripPos(s.Blobs[static_cast<std::size_t>(k)], g, x, y);
                const ImVec2 p = f.ToScreen(x, y);
                const float dd = std::hypot(p.x - at.x, p.y - at.y);
                if (dd < best_d) {
                    best_d = dd;
                    best = k * 3 + g;
                }
            }
        return best;
    };
    if (activated) {
        Pressed = true;
        Moved = false;
        PressPos = mouse;
        Grip = pick(mouse);
        if (Grip >= 0 && Grip % 3 != 0) {
            double s1, s2, ex, ey;
            BlobAxes(s.Blobs[static_cast<std::size_t>(Grip / 3)], s1, s2, ex, ey);
            OtherSigma = Grip % 3 == 1 ? s2 : s1;
        }
    }
    bool changed = false;
    if (active && Pressed) {
        if (std::hypot(mouse.x - PressPos.x, mouse.y - PressPos.y) > 4.0f) Moved = true;
        if (Moved && Grip >= 0 && Grip / 3 < blobs) {
            double mx, my;
            f.ToWorld(mouse, mx, my);
            CmlBlob& b = s.Blobs[static_cast<std::size_t>(Grip / 3)];
            const CmlBlob before = b;
            const double lim = kCmlUiMeanRange;
            if (Grip % 3 == 0) {
                if (std::isfinite(mx) && std::isfinite(my)) {
                    b.MeanX = CmlRoundTo(std::clamp(mx, -lim, lim), 100.0);
                    b.MeanY = CmlRoundTo(std::clamp(my, -lim, lim), 100.0);
                }
            } else {
                const double dx = mx - b.MeanX, dy = my - b.MeanY, len = std::hypot(dx, dy);
                if (std::isfinite(len) && len > 1e-6) {
                    const double sa = std::clamp(0.5 * len, 0.1, 4.0), so = std::clamp(OtherSigma, 0.1, 4.0);
                    const double ax = dx / len, ay = dy / len, ox = -ay, oy = ax;
                    b.VarX = CmlRoundTo(std::max(0.01, sa * sa * ax * ax + so * so * ox * ox), 1000.0);
                    b.VarY = CmlRoundTo(std::max(0.01, sa * sa * ay * ay + so * so * oy * oy), 1000.0);
                    b.CovXY = CmlRoundTo(sa * sa * ax * ay + so * so * ox * oy, 1000.0);
                    CmlMakePsd(b);
                }
            }
            changed = !(b == before);
        }
        ImGui::SetMouseCursor(Grip >= 0 ? ImGuiMouseCursor_ResizeAll : ImGuiMouseCursor_Arrow);
    } else if (f.Hovered && pick(mouse) >= 0) {
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeAll);
    }
    if (released && Pressed && !Moved && Grip < 0 && edit_points && shown && origin && f.Hovered) {
        double x, y;
        f.ToWorld(mouse, x, y);
        // The point under the click (within the grip radius on screen) is taken out ...
        int hit = -1;
        float best = grip_r * 0.8f;
        for (int i = 0; i < shown->Size() && i < static_cast<int>(origin->size()); ++i) {
            const ImVec2 p = f.ToScreen(shown->At(i, 0), shown->At(i, 1));
            const float dd = std::hypot(p.x - mouse.x, p.y - mouse.y);
            if (dd < best) {
                best = dd;
                hit = i;
            }
        }
        if (hit >= 0) {
            const int from = (*origin)[static_cast<std::size_t>(hit)];
            if (from < 0) {
                s.Added.erase(s.Added.begin() + (-1 - from));
                changed = true;
            } else if (static_cast<int>(s.Removed.size()) < kCmlMaxRemovedPoints) {
                s.Removed.insert(std::lower_bound(s.Removed.begin(), s.Removed.end(), from), from);
                changed = true;
            }
        } else if (static_cast<int>(s.Added.size()) < kCmlMaxAddedPoints && std::isfinite(x) && std::isfinite(y) &&
                   s.Brush < shown->NumClasses) { // ... or a point of the brush class is added
            const double lim = kCmlUiMeanRange;
            s.Added.push_back(
                {CmlRoundTo(std::clamp(x, -lim, lim), 100.0), CmlRoundTo(std::clamp(y, -lim, lim), 100.0), s.Brush});
            changed = true;
        }
    }
    if (released || !active) {
        if (released) Pressed = false;
        if (!active) Grip = -1;
    }
    // The handles: each blob's 2σ ellipse, its mean and the ends of its axes.
    for (int k = 0; k < blobs; ++k) {
        const CmlBlob& b = s.Blobs[static_cast<std::size_t>(k)];
        double s1, s2, ex, ey;
        BlobAxes(b, s1, s2, ex, ey);
        const ImU32 col = CmlClassColor(k, 0.9f), fill = ImGui::GetColorU32(ImGuiCol_WindowBg);
        for (int i = 0; i <= 48; ++i) {
            const double t = kTwoPi * i / 48.0, c = std::cos(t), sn = std::sin(t);
            dl->PathLineTo(
                f.ToScreen(b.MeanX + 2.0 * (s1 * c * ex - s2 * sn * ey), b.MeanY + 2.0 * (s1 * c * ey + s2 * sn * ex)));
        }
        dl->PathStroke(col, 0, 1.5f);
        const ImVec2 m = f.ToScreen(b.MeanX, b.MeanY);
        for (int g = 1; g < 3; ++g) {
            double x, y;
            GripPos(b, g, x, y);
            const ImVec2 p = f.ToScreen(x, y);
            dl->AddLine(m, p, CmlClassColor(k, 0.6f), 1.0f);
            const float r = grip_r * 0.45f;
            dl->AddRectFilled(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), fill);
            dl->AddRect(ImVec2(p.x - r, p.y - r), ImVec2(p.x + r, p.y + r), col, 0.0f, 0, 2.0f);
        }
        dl->AddCircleFilled(m, grip_r * 0.55f, fill);
        dl->AddCircle(m, grip_r * 0.55f, col, 16, 2.5f);
    }
    return changed;
}

void CmlDrawHistogram(const char* id, ImVec2 size, const CmlHistogram& h, const char* title)
{
    const PlotRange range{h.Lo, h.Hi, 0.0, std::max(1.0, h.MaxCount * 1.08)};
    const PlotFrame f = BeginPlot(id, size, range, title);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const double width = (h.Hi - h.Lo) / std::max(1, h.Bins);
    for (int k = 0; k < h.NumClasses; ++k) {
        for (int b = 0; b < h.Bins; ++b) {
            const int c = h.Counts[static_cast<std::size_t>(k) * h.Bins + b];
            if (c == 0) continue;
            const ImVec2 a = f.ToScreen(h.Lo + b * width, c), z = f.ToScreen(h.Lo + (b + 1) * width, 0.0);
            dl->AddRectFilled(a, z, CmlClassColor(k, 0.3f));
        }
        // The outline as a step line, so overlapping classes stay readable.
        for (int b = 0; b < h.Bins; ++b) {
            const int c = h.Counts[static_cast<std::size_t>(k) * h.Bins + b];
            dl->PathLineTo(f.ToScreen(h.Lo + b * width, c));
            dl->PathLineTo(f.ToScreen(h.Lo + (b + 1) * width, c));
        }
        dl->PathStroke(CmlClassColor(k), 0, 1.5f);
    }
    EndPlot(f);
    if (f.Hovered) {
        const int b = std::clamp(static_cast<int>((f.MouseX - h.Lo) / width), 0, std::max(0, h.Bins - 1));
        std::string text;
        char buf[96];
        std::snprintf(buf, sizeof buf, "[%.3g, %.3g)", h.Lo + b * width, h.Lo + (b + 1) * width);
        text = buf;
        for (int k = 0; k < h.NumClasses; ++k)
            text += "\n" + CmlClassName(k) + ": " + std::to_string(h.Counts[static_cast<std::size_t>(k) * h.Bins + b]);
        ImGui::SetTooltip("%s", text.c_str());
    }
}

} // namespace mlviz
