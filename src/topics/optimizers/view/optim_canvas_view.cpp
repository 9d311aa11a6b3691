// Pictures of the optimizer topic: the loss surface (the shared heatmap pass) with trails,
// current points, minima and the gradient / momentum arrows drawn over it in world coordinates
// through ui/plot.h's PlotFrame; then the loss and learning-rate charts.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "topics/optimizers/view/optim_view.h"
#include "ui/heatmap_renderer.h"

namespace mlviz {

namespace {

constexpr int kRecentSteps = 60;

// Screen position of a world point, clamped to a margin around the frame so ImGui never
// receives huge coordinates from a run that is leaving the picture.
ImVec2 ToScreenClamped(const PlotFrame& f, double x, double y)
{
    const double wx = f.Range.XMax - f.Range.XMin, wy = f.Range.YMax - f.Range.YMin;
    x = std::clamp(x, f.Range.XMin - 4.0 * wx, f.Range.XMax + 4.0 * wx);
    y = std::clamp(y, f.Range.YMin - 4.0 * wy, f.Range.YMax + 4.0 * wy);
    return f.ToScreen(x, y);
}

void DrawCross(ImDrawList* dl, ImVec2 c, float r, ImU32 color, float thickness)
{
    dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), color, thickness);
    dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), color, thickness);
}

void DrawArrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 color, float thickness)
{
    const float dx = to.x - from.x, dy = to.y - from.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (!(len > 2.0f)) return;
    const float ux = dx / len, uy = dy / len;
    const float head = std::min(len * 0.45f, 4.0f + 2.5f * thickness);
    const ImVec2 base(to.x - ux * head, to.y - uy * head);
    const ImU32 shadow = IM_COL32(0, 0, 0, 140);
    dl->AddLine(from, base, shadow, thickness + 2.0f);
    dl->AddLine(from, base, color, thickness);
    const ImVec2 left(base.x - uy * head * 0.6f, base.y + ux * head * 0.6f);
    const ImVec2 right(base.x + uy * head * 0.6f, base.y - ux * head * 0.6f);
    dl->AddTriangleFilled(to, left, right, color);
}

// At most two points per pixel column (the min and the max), so a 5000-step noisy series
// keeps its envelope and costs no more than the chart is wide.
void PlotSeries(const PlotFrame& f, const std::vector<double>& xs, const std::vector<double>& ys, ImU32 color, float thickness)
{
    const std::size_t n = std::min(xs.size(), ys.size());
    const double columns = std::max(1.0, static_cast<double>(f.Max.x - f.Min.x));
    if (n <= 2 * static_cast<std::size_t>(columns)) {
        PlotLine(f, std::span(xs.data(), n), std::span(ys.data(), n), color, thickness);
        return;
    }
    std::vector<double> dx, dy;
    dx.reserve(static_cast<std::size_t>(columns) * 2 + 2);
    dy.reserve(dx.capacity());
    const double span = f.Range.XMax - f.Range.XMin;
    std::size_t i = 0;
    while (i < n) {
        const long column = static_cast<long>(std::floor((xs[i] - f.Range.XMin) / span * columns));
        std::size_t lo = i, hi = i, j = i;
        for (; j < n && static_cast<long>(std::floor((xs[j] - f.Range.XMin) / span * columns)) == column; ++j) {
            if (ys[j] < ys[lo]) lo = j;
            if (ys[j] > ys[hi]) hi = j;
        }
        const std::size_t first = std::min(lo, hi), second = std::max(lo, hi);
        dx.push_back(xs[first]);
        dy.push_back(ys[first]);
        if (second != first) {
            dx.push_back(xs[second]);
            dy.push_back(ys[second]);
        }
        i = j;
    }
    PlotLine(f, dx, dy, color, thickness);
}

} // namespace

void OptimizersView::DrawCanvas(ViewContext& ctx, float side)
{
    if (HeatmapSlot < 0) HeatmapSlot = ctx.Heatmaps->CreateSlot();
    const float font = ImGui::GetFontSize();
    const Bounds2 a = DefaultArea(State.Surface);
    // BeginPlot insets its data area by 3.8 font widths and 2.1 font heights (no title):
    // this size makes the data area square, so arrows keep their true directions.
    const float data_side = std::max(32.0f, side - font * 3.8f);
    const PlotFrame f = BeginPlot("##surface", ImVec2(side, data_side + font * 2.1f), {a.XMin, a.XMax, a.YMin, a.YMax}, nullptr);
    const bool active = ImGui::IsItemActive();
    ImDrawList* dl = ImGui::GetWindowDrawList();

    HeatmapStyle style;
    style.Map = Colormap::Viridis;
    const ValueRange vr = FiniteRange(Grid.Values);
    style.Mapping.Min = vr.Valid ? vr.Min : 0.0;
    style.Mapping.Max = vr.Valid ? vr.Max : 1.0;
    style.Mapping.Scale = State.LogColors ? ColorScale::Log : ColorScale::Linear;
    style.Mapping.LogFloor = 1e-3;
    style.ContourCount = 14;
    const int wpx = std::max(1, static_cast<int>((f.Max.x - f.Min.x) * ctx.PixelScale));
    const int hpx = std::max(1, static_cast<int>((f.Max.y - f.Min.y) * ctx.PixelScale));
    dl->AddImage(ctx.Heatmaps->Render(HeatmapSlot, Grid, GridVersion, style, wpx, hpx), f.Min, f.Max);

    // Axes over the picture: L1's pull towards them is the point of q86.
    const ImU32 axis = IM_COL32(255, 255, 255, 70);
    if (a.XMin < 0.0 && a.XMax > 0.0) dl->AddLine(f.ToScreen(0.0, a.YMin), f.ToScreen(0.0, a.YMax), axis);
    if (a.YMin < 0.0 && a.YMax > 0.0) dl->AddLine(f.ToScreen(a.XMin, 0.0), f.ToScreen(a.XMax, 0.0), axis);

    const ImU32 white = IM_COL32(255, 255, 255, 230), black = IM_COL32(0, 0, 0, 200);
    const bool penalised = State.Function.L1 > 0.0 || State.Function.L2 > 0.0;
    for (const Vec2d& m : KnownMinima(State.Surface, State.Function)) {
        const ImVec2 c = f.ToScreen(m.X, m.Y);
        DrawCross(dl, c, 5.0f, black, 3.5f);
        DrawCross(dl, c, 5.0f, penalised ? IM_COL32(255, 255, 255, 120) : white, 1.5f);
    }
    if (penalised && std::isfinite(Minimum.W.X)) {
        const ImVec2 c = f.ToScreen(Minimum.W.X, Minimum.W.Y);
        dl->AddCircle(c, 7.0f, black, 0, 3.5f);
        dl->AddCircle(c, 7.0f, white, 0, 1.5f);
    }

    // Trails up to the playback step, the selected optimizer on top.
    std::vector<ImVec2> path;
    for (int pass = 0; pass < 2; ++pass) {
        for (int i = 0; i < kOptimSlots; ++i) {
            if ((i == State.Selected) != (pass == 1)) continue;
            const Trajectory* t = RunOf(i);
            if (!t || t->Points.empty()) continue;
            const int k = ShownIndex(*t);
            const ImU32 color = OptimSlotColor(i);
            const float thickness = i == State.Selected ? 2.5f : 1.8f;
            // While scrubbing, and always for noisy runs, the last kRecentSteps steps are in full
            // colour and older ones faded: playback shows where each optimizer is heading.
            const bool fade = State.NoiseSigma > 0.0 || State.Step < State.Steps;
            const int recent_from = fade ? std::max(0, k - kRecentSteps) : 0;
            for (int part = 0; part < 2; ++part) {
                const int from = part == 0 ? 0 : recent_from, to = part == 0 ? recent_from : k;
                if (to <= from) continue;
                path.clear();
                for (int j = from; j <= to; ++j) {
                    const Vec2d& w = t->Points[static_cast<std::size_t>(j)];
                    const ImVec2 p = ToScreenClamped(f, w.X, w.Y);
                    // Sub-pixel steps add nothing but vertices.
                    if (j > from && j < to && std::fabs(p.x - path.back().x) + std::fabs(p.y - path.back().y) < 1.0f) continue;
                    path.push_back(p);
                }
                // A dark casing keeps every palette colour readable on every part of viridis.
                const float alpha = part == 0 ? 0.35f : 1.0f;
                dl->AddPolyline(path.data(), static_cast<int>(path.size()), IM_COL32(0, 0, 0, static_cast<int>(150 * alpha)), 0,
                                thickness + 2.0f);
                dl->AddPolyline(path.data(), static_cast<int>(path.size()), OptimSlotColor(i, alpha), 0, thickness);
            }
            // Markers stay inside the picture, so a run that left it still shows where.
            const Vec2d& w = t->Points[static_cast<std::size_t>(k)];
            ImVec2 c = ToScreenClamped(f, w.X, w.Y);
            c.x = std::clamp(c.x, f.Min.x + 3.0f, f.Max.x - 3.0f);
            c.y = std::clamp(c.y, f.Min.y + 3.0f, f.Max.y - 3.0f);
            const bool diverged = t->DivergedAt >= 0 && State.Step >= t->DivergedAt;
            if (diverged) {
                DrawCross(dl, c, 6.0f, black, 4.0f);
                DrawCross(dl, c, 6.0f, IM_COL32(255, 80, 70, 255), 2.0f);
            } else {
                dl->AddCircleFilled(c, 5.5f, black);
                dl->AddCircleFilled(c, 4.0f, color);
            }
        }
    }
    const ImVec2 s = f.ToScreen(State.StartX, State.StartY);
    dl->AddRect(ImVec2(s.x - 4.0f, s.y - 4.0f), ImVec2(s.x + 4.0f, s.y + 4.0f), black, 0.0f, 0, 3.0f);
    dl->AddRect(ImVec2(s.x - 4.0f, s.y - 4.0f), ImVec2(s.x + 4.0f, s.y + 4.0f), white, 0.0f, 0, 1.5f);
    const std::string legend = DrawArrows(f, data_side);

    // Click or drag anywhere on the surface to move the start point (mouse and touch alike).
    if (active) {
        double x = 0.0, y = 0.0;
        f.ToWorld(ImGui::GetIO().MousePos, x, y);
        if (std::isfinite(x) && std::isfinite(y)) {
            State.StartX = std::clamp(x, a.XMin, a.XMax);
            State.StartY = std::clamp(y, a.YMin, a.YMax);
        }
    } else if (f.Hovered) {
        ImGui::SetTooltip("w = (%.3f, %.3f)\nf(w) = %.5g", f.MouseX, f.MouseY,
                          SurfaceLoss(State.Surface, State.Function, {f.MouseX, f.MouseY}));
    }
    EndPlot(f);
    if (!legend.empty()) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side);
        ImGui::TextDisabled("%s", legend.c_str());
        ImGui::PopTextWrapPos();
    }
}

std::string OptimizersView::DrawArrows(const PlotFrame& f, float data_side)
{
    const Trajectory* t = RunOf(State.Selected);
    if (!t || t->Points.empty()) return {};
    const int k = ShownIndex(*t);
    const Vec2d w = t->Points[static_cast<std::size_t>(k)];
    // The gradient the next step will use (with its noise); at the end of the run, the true one.
    const Vec2d g = k < static_cast<int>(t->Grad.size()) ? t->Grad[static_cast<std::size_t>(k)]
                                                         : EvaluateSurface(State.Surface, State.Function, w).Grad;
    // The momentum / first moment that carried the optimizer into w.
    Vec2d m{NAN, NAN};
    if (k >= 1) m = t->Moment[static_cast<std::size_t>(k - 1)];
    const bool has_m = std::isfinite(m.X) && std::isfinite(m.Y);
    const double gn = std::hypot(g.X, g.Y), mn = has_m ? std::hypot(m.X, m.Y) : 0.0;
    const double longest = std::max(gn, mn);
    if (!(longest > 0.0) || !std::isfinite(longest)) return {};
    // One scale for both arrows, so their ratio is true. The longer one is at most 30% of the
    // picture, shrinking with the cube root of its size relative to the run's first gradient:
    // near a minimum the arrows vanish instead of keeping a fixed length.
    const double g0 = t->Grad.empty() ? longest : std::hypot(t->Grad[0].X, t->Grad[0].Y);
    const double reference = std::max({g0, longest, 1e-300});
    const double px = 0.3 * data_side * std::cbrt(longest / reference) / longest;
    const ImVec2 c = f.ToScreen(w.X, w.Y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (has_m)
        DrawArrow(dl, c, ImVec2(c.x - static_cast<float>(m.X * px), c.y + static_cast<float>(m.Y * px)),
                  OptimSlotColor(State.Selected), 3.0f);
    DrawArrow(dl, c, ImVec2(c.x - static_cast<float>(g.X * px), c.y + static_cast<float>(g.Y * px)), IM_COL32(255, 255, 255, 240),
              2.0f);
    const OptimizerKind kind = State.Slots[static_cast<std::size_t>(State.Selected)].Optimizer.Kind;
    const char* moment = kind == OptimizerKind::SGD
        ? Tr("импульс")
        : (kind == OptimizerKind::RMSprop ? Tr("буфер импульса") : Tr("первый момент"));
    // Two short lines: ImGui may wrap after a '.', which would split a number.
    char buf[256];
    if (has_m)
        std::snprintf(buf, sizeof buf, Tr("Стрелки %s: белая −∇f, |∇f| = %.3g\nцветная −m (%s), |m| = %.3g"),
                      OptimizerLabel(kind).data(), gn, moment, mn);
    else
        std::snprintf(buf, sizeof buf, Tr("Стрелка %s: −∇f, |∇f| = %.3g\n(импульса нет)"), OptimizerLabel(kind).data(), gn);
    return buf;
}

void OptimizersView::DrawCharts(float width, float height)
{
    const bool log_gap = State.Surface != SurfaceKind::Saddle;
    // y ranges over every shown run, so runs can be compared on one axis.
    double lo = INFINITY, hi = -INFINITY, lr_hi = 0.0;
    for (int i = 0; i < kOptimSlots; ++i) {
        const OptimSeries& s = Series[static_cast<std::size_t>(i)];
        for (double v : log_gap ? s.LogGap : s.Loss) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        for (double v : s.Lr) lr_hi = std::max(lr_hi, v);
    }
    if (!log_gap) {
        const ValueRange vr = FiniteRange(Grid.Values); // a saddle run falls without limit: clip to the picture
        lo = std::max(lo, vr.Valid ? vr.Min : lo);
        hi = std::min(hi, vr.Valid ? vr.Max : hi);
    }
    if (!(hi >= lo)) {
        lo = 0.0;
        hi = 1.0;
    }
    if (hi - lo < 1e-9) {
        lo -= 0.5;
        hi += 0.5;
    }
    const double pad = 0.05 * (hi - lo);
    // 4% headroom on the right: the last tick label is centred on the frame's edge otherwise.
    const double x_hi = std::max(1, State.Steps) * 1.04;
    const ImU32 cursor = ImGui::GetColorU32(ImGuiCol_Text, 0.45f);
    const bool noisy = State.NoiseSigma > 0.0;

    const PlotFrame lf = BeginPlot("##loss", ImVec2(width, height), {0.0, x_hi, lo - pad, hi + pad},
                                   noisy ? (log_gap ? Tr("lg(f − f*); жирная — среднее") : Tr("f; жирная — среднее"))
                                         : (log_gap ? Tr("lg(f − f*): потери над минимумом") : Tr("f: потери")));
    // With gradient noise the raw curves are faint and a running mean shows the level each
    // optimizer settles at.
    for (int i = 0; i < kOptimSlots; ++i) {
        const OptimSeries& s = Series[static_cast<std::size_t>(i)];
        const float thickness = i == State.Selected ? 2.0f : 1.4f;
        PlotSeries(lf, s.Steps, log_gap ? s.LogGap : s.Loss, OptimSlotColor(i, noisy ? 0.3f : 1.0f), noisy ? 1.0f : thickness);
        if (noisy) PlotSeries(lf, s.Steps, log_gap ? s.SmoothLogGap : s.SmoothLoss, OptimSlotColor(i), thickness);
    }
    PlotVerticalLine(lf, State.Step, cursor);
    if (lf.Hovered) ImGui::SetTooltip(Tr("итерация %.0f"), lf.MouseX);
    EndPlot(lf);

    const PlotFrame rf =
        BeginPlot("##lr", ImVec2(width, height), {0.0, x_hi, 0.0, lr_hi > 0.0 ? lr_hi * 1.08 : 1.0}, Tr("lr по итерациям"));
    for (int i = 0; i < kOptimSlots; ++i) {
        const OptimSeries& s = Series[static_cast<std::size_t>(i)];
        PlotSeries(rf, s.Steps, s.Lr, OptimSlotColor(i), i == State.Selected ? 2.0f : 1.4f);
    }
    PlotVerticalLine(rf, State.Step, cursor);
    EndPlot(rf);
}

} // namespace mlviz
