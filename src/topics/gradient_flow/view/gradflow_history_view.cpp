// Gradient flow topic: how the per-layer gradient norms evolve while training, as a heatmap
// (x = step, y = layer, colour = log10 of the norm) from the runner's per-step record.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ui/tr.h"
#include "core/ticks.h"
#include "topics/gradient_flow/view/gradflow_view.h"
#include "ui/heatmap_renderer.h"

namespace mlviz {

namespace {

constexpr int kMaxColumns = 512; // longer runs are sampled: the texture stays small
constexpr int kRowRepeat = 4;    // crisp layer boundaries under the pass's bilinear sampling

} // namespace

void ComputeGradHistory(const GradflowRunner& r, bool weights, GradflowPicture& p)
{
    const int depth = r.Model().Config.Depth;
    const std::vector<float>& h = weights ? r.WeightGradHistory() : r.ActGradHistory();
    const int steps = static_cast<int>(h.size()) / std::max(depth, 1);
    p.HistoryWeights = weights;
    p.HistorySteps = steps;
    if (steps < 2) {
        p.GradHistory.Width = 0;
        return;
    }
    const int columns = std::min(steps, kMaxColumns);
    const int col_repeat = std::clamp(kMaxColumns / columns, 1, 8); // crisp steps on short runs
    ScalarGrid& g = p.GradHistory;
    g.Width = columns * col_repeat;
    g.Height = depth * kRowRepeat;
    g.Area = Bounds2{-0.5, steps - 0.5, 0.5, depth + 0.5};
    g.Values.assign(static_cast<std::size_t>(g.Width) * g.Height, 0.0f);
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (int c = 0; c < columns; ++c) {
        const int step = columns == steps ? c : static_cast<int>(std::lround(c * (steps - 1.0) / (columns - 1.0)));
        for (int l = 0; l < depth; ++l) {
            const double v = SafeLog10(h[static_cast<std::size_t>(step) * depth + l]);
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
            for (int k = 0; k < kRowRepeat; ++k)
                for (int r = 0; r < col_repeat; ++r) // NaN stays NaN: drawn as "no data"
                    g.Values[static_cast<std::size_t>(l * kRowRepeat + k) * g.Width +
                             static_cast<std::size_t>(c * col_repeat + r)] = static_cast<float>(v);
        }
    }
    p.HistoryColumns = columns;
    p.HistoryColRepeat = col_repeat;
    p.HistoryLo = std::isfinite(lo) ? lo : 0.0;
    p.HistoryHi = std::isfinite(hi) ? std::max(hi, lo + 1e-9) : 1.0;
    ++p.HistoryVersion;
}

void DrawGradHistoryChart(ViewContext& ctx, int& slot, const GradflowPicture& p, float height)
{
    if (p.GradHistory.Width <= 0) return;
    if (slot < 0) slot = ctx.Heatmaps->CreateSlot();
    char lo[32], hi[32], title[160];
    FormatNumber(std::pow(10.0, p.HistoryLo), lo, sizeof lo);
    FormatNumber(std::pow(10.0, p.HistoryHi), hi, sizeof hi);
    std::snprintf(title, sizeof title, Tr("%s по шагам: тёмное %s, жёлтое %s"), p.HistoryWeights ? "‖∂L/∂W_l‖" : "‖∂L/∂h_l‖", lo,
                  hi);
    const int depth = p.Depth, steps = p.HistorySteps;
    // Step s sits at the centre of its cell, layer l at the centre of its row.
    const PlotFrame f = ReservePlot("##history", ImVec2(-1.0f, height), PlotRange{-0.5, steps - 0.5, 0.5, depth + 0.5}, title,
                                    PlotFlags_WideYLabels);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    HeatmapStyle style;
    style.Map = Colormap::Viridis;
    style.Mapping = ColorMapping{p.HistoryLo, p.HistoryHi, ColorScale::Linear, 1e-3}; // already log10
    const int w_px = std::max(1, static_cast<int>((f.Max.x - f.Min.x) * ctx.PixelScale));
    const int h_px = std::max(1, static_cast<int>((f.Max.y - f.Min.y) * ctx.PixelScale));
    dl->AddImage(ctx.Heatmaps->Render(slot, p.GradHistory, p.HistoryVersion, style, w_px, h_px), f.Min, f.Max);

    const float font = ImGui::GetFontSize();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    char buf[32];
    const int yt = std::max(2, static_cast<int>((f.Max.y - f.Min.y) / (font * 1.6f)));
    for (double l : NiceTicks(1.0, depth, yt)) {
        if (l != std::floor(l)) continue;
        std::snprintf(buf, sizeof buf, "%d", static_cast<int>(l));
        const float y = f.ToScreen(0.0, l).y;
        dl->AddText(ImVec2(f.Min.x - ImGui::CalcTextSize(buf).x - font * 0.3f, y - font * 0.5f), text, buf);
    }
    const int xt = std::max(2, static_cast<int>((f.Max.x - f.Min.x) / (font * 3.5f)));
    for (double s : NiceTicks(0.0, std::max(1, steps - 1), xt)) {
        if (s != std::floor(s)) continue;
        std::snprintf(buf, sizeof buf, "%d", static_cast<int>(s));
        const float x = f.ToScreen(s, 0.0).x;
        dl->AddText(ImVec2(x - ImGui::CalcTextSize(buf).x * 0.5f, f.Max.y + font * 0.2f), text, buf);
    }
    if (f.Hovered) {
        const int columns = p.HistoryColumns;
        const int layer = std::clamp(static_cast<int>(std::lround(f.MouseY)), 1, depth);
        const int c = std::clamp(static_cast<int>((f.MouseX + 0.5) / steps * columns), 0, columns - 1);
        const int step = columns == steps ? c : static_cast<int>(std::lround(c * (steps - 1.0) / (columns - 1.0)));
        const float v = p.GradHistory.Values[static_cast<std::size_t>((layer - 1) * kRowRepeat) * p.GradHistory.Width +
                                             static_cast<std::size_t>(c * p.HistoryColRepeat)];
        FormatNumber(std::pow(10.0, v), buf, sizeof buf);
        ImGui::SetTooltip(Tr("шаг %d, слой %d: %s"), step, layer, buf);
    }
}

} // namespace mlviz
