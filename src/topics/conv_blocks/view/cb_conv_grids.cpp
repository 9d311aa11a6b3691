// CNN building blocks view, q41: the grids of one convolution pass in a row, with the terms of the
// active cell highlighted.
//   forward: Xp[c] ⋆ W[o, c'] = Y[o]                        (the window of Y[o, i, j] in Xp)
//   dx:      ∂L/∂Y[o] → P[o] ⋆ rot180(W[o, c']) = ∂L/∂Xp[c]  (zeros inserted, full padding; crop p)
//   dw:      Xp[c] ⋆ D[o] = ∂L/∂W[o, c']                    (D = ∂L/∂Y with zeros, sliding by d)
#include <algorithm>
#include <cmath>

#include "topics/conv_blocks/view/conv_blocks_view.h"
#include "ui/tr.h"

namespace mlviz {

ConvFocus FocusOf(const ConvModel& m, const ConvBlocksState& s)
{
    const Conv2dGeometry& g = m.Geo;
    ConvFocus f;
    f.O = std::clamp(s.OutShown, 0, std::max(0, g.O - 1));
    f.C = std::clamp(s.InShown, 0, std::max(0, g.C - 1));
    if (g.CPerGroup <= 0 || g.OPerGroup <= 0) return f;
    if (static_cast<ConvPass>(s.Pass) == ConvPass::GradInput) {
        if (g.GroupOfOutput(f.O) != g.GroupOfInput(f.C)) f.O = g.GroupOfInput(f.C) * g.OPerGroup;
    } else if (g.GroupOfInput(f.C) != g.GroupOfOutput(f.O)) {
        f.C = g.GroupOfOutput(f.O) * g.CPerGroup;
    }
    f.Cg = f.C - g.GroupOfInput(f.C) * g.CPerGroup;
    return f;
}

void ResultGridSize(const ConvModel& m, const ConvBlocksState& s, int& rows, int& cols)
{
    switch (static_cast<ConvPass>(s.Pass)) {
    case ConvPass::GradInput: rows = m.Geo.H, cols = m.Geo.W; break;
    case ConvPass::GradWeight: rows = m.Geo.KH, cols = m.Geo.KW; break;
    default: rows = m.Geo.OutH, cols = m.Geo.OutW; break;
    }
}

namespace {

double MaxAbs(const std::vector<double>& v)
{
    double m = 0.0;
    for (double x : v) m = std::max(m, std::fabs(x));
    return std::max(m, 1e-12);
}

// Cell size so that `cols` cells (plus `gaps` operator signs) fit the width and `rows` the height.
float FitCell(int cols, int gaps, int rows, float max_height)
{
    const float font = ImGui::GetFontSize();
    const float w = ImGui::GetContentRegionAvail().x - gaps * font * 2.6f;
    const float by_w = w / std::max(1, cols), by_h = (max_height - font * 1.6f) / std::max(1, rows);
    return std::clamp(std::min(by_w, by_h), 6.0f, font * 2.4f);
}

} // namespace

int DrawConvGrids(const ConvModel& m, ConvBlocksState& s, float max_height)
{
    const Conv2dGeometry& g = m.Geo;
    const Conv2dProblem& p = m.Problem;
    const Conv2dTextbook& b = m.Book;
    const ConvFocus f = FocusOf(m, s);
    const int pad = g.Spec.Padding, st = g.Spec.Stride, dil = g.Spec.Dilation;
    int rows = 0, cols = 0;
    ResultGridSize(m, s, rows, cols);
    const int step = s.Step;
    const auto hidden = [&](int y, int x) { return step >= 0 && y * cols + x > step; };
    const auto padding = [&](int y, int x) {
        return y < pad || x < pad || y >= pad + g.H || x >= pad + g.W ? CellKind::Padding : CellKind::Value;
    };
    const double x_scale = MaxAbs(p.Input.Values), w_scale = MaxAbs(p.Weight.Values);
    const double gy_scale = MaxAbs(p.GradOutput.Values);
    const ImU32 sel = HighlightColor(0), reads = HighlightColor(1), taps = HighlightColor(2);
    int active = -1;
    CellGrid result;

    GridSpec xp{"##xp",
                "Xp[c=" + std::to_string(f.C) + "]",
                g.PaddedH,
                g.PaddedW,
                0,
                x_scale,
                [&](int y, int x) { return b.PaddedInput(f.C, y, x); },
                padding,
                {}};
    GridSpec w{"##w",
               "W[o=" + std::to_string(f.O) + ", c'=" + std::to_string(f.Cg) + "]",
               g.KH,
               g.KW,
               0,
               w_scale,
               [&](int y, int x) { return p.Weight(f.O, f.Cg, y, x); },
               {},
               {}};

    switch (static_cast<ConvPass>(s.Pass)) {
    case ConvPass::Forward: {
        GridSpec y{"##y",
                   "Y[o=" + std::to_string(f.O) + "]",
                   g.OutH,
                   g.OutW,
                   0,
                   MaxAbs(m.Y.Values),
                   [&](int i, int j) { return m.Y(f.O, i, j); },
                   {},
                   hidden};
        const float cell = FitCell(g.PaddedW + g.KW + g.OutW, 2, std::max(g.PaddedH, g.KH), max_height);
        xp.Cell = w.Cell = y.Cell = cell;
        const CellGrid gx = DrawCellGrid(xp);
        OperatorSign("⋆", g.PaddedH * cell);
        const CellGrid gw = DrawCellGrid(w);
        OperatorSign("=", g.PaddedH * cell);
        result = DrawCellGrid(y);
        const int hy = result.Hovered() ? result.HoverY : (step >= 0 && step < rows * cols ? step / cols : -1);
        const int hx = result.Hovered() ? result.HoverX : (hy >= 0 ? step % cols : -1);
        if (hy >= 0) {
            active = hy * cols + hx;
            TintCell(result, hy, hx, sel);
            OutlineCells(gx, hy * st, hx * st, g.SpanH, g.SpanW, reads, 1.0f);
            for (int u = 0; u < g.KH; ++u)
                for (int v = 0; v < g.KW; ++v) TintCell(gx, hy * st + u * dil, hx * st + v * dil, reads);
            OutlineCells(gw, 0, 0, g.KH, g.KW, taps);
        }
        break;
    }
    case ConvPass::GradInput: {
        const int prow = b.FullGradPadded.Dim(1), pcol = b.FullGradPadded.Dim(2);
        GridSpec gy{"##gy",
                    "∂L/∂Y[o=" + std::to_string(f.O) + "]",
                    g.OutH,
                    g.OutW,
                    0,
                    gy_scale,
                    [&](int i, int j) { return p.GradOutput(f.O, i, j); },
                    {},
                    {}};
        GridSpec pp{"##pp",
                    "P = " + std::string(Tr("нули + рамка")),
                    prow,
                    pcol,
                    0,
                    gy_scale,
                    [&](int y, int x) { return b.FullGradPadded(f.O, y, x); },
                    [&](int y, int x) {
                        const int a = y - (g.SpanH - 1), c = x - (g.SpanW - 1);
                        const bool real =
                            a >= 0 && c >= 0 && a < g.DilatedOutH && c < g.DilatedOutW && a % st == 0 && c % st == 0;
                        return real ? CellKind::Value : CellKind::Inserted;
                    },
                    {}};
        GridSpec wf{"##wf",
                    "rot180(W)",
                    g.SpanH,
                    g.SpanW,
                    0,
                    w_scale,
                    [&](int y, int x) { return b.FlippedKernel(f.O, f.Cg, y, x); },
                    [&](int y, int x) { return y % dil == 0 && x % dil == 0 ? CellKind::Value : CellKind::Inserted; },
                    {}};
        GridSpec gx{"##gx",
                    "∂L/∂Xp[c=" + std::to_string(f.C) + "]",
                    g.PaddedH,
                    g.PaddedW,
                    0,
                    MaxAbs(b.GradInput.Values),
                    [&](int y, int x) { return b.GradPaddedInput(f.C, y, x); },
                    [&](int y, int x) { return padding(y, x) == CellKind::Padding ? CellKind::Cropped : CellKind::Value; },
                    [&](int y, int x) { return padding(y, x) == CellKind::Value && hidden(y - pad, x - pad); }};
        const float cell = FitCell(g.OutW + pcol + g.SpanW + g.PaddedW, 3, std::max(prow, g.PaddedH), max_height);
        gy.Cell = pp.Cell = wf.Cell = gx.Cell = cell;
        const CellGrid cy = DrawCellGrid(gy);
        OperatorSign("→", prow * cell);
        const CellGrid cp = DrawCellGrid(pp);
        OperatorSign("⋆", prow * cell);
        const CellGrid cw = DrawCellGrid(wf);
        OperatorSign("=", prow * cell);
        const CellGrid cx = DrawCellGrid(gx);
        OutlineCells(cx, pad, pad, g.H, g.W, ImGui::GetColorU32(ImGuiCol_Text), 1.0f);
        int hy = -1, hx = -1;
        if (cx.Hovered() && padding(cx.HoverY, cx.HoverX) == CellKind::Value)
            hy = cx.HoverY - pad, hx = cx.HoverX - pad;
        else if (step >= 0 && step < rows * cols)
            hy = step / cols, hx = step % cols;
        result = cx;
        result.HoverY = hy >= 0 && cx.Hovered() ? hy : -1;
        result.HoverX = hx;
        if (hy >= 0) {
            active = hy * cols + hx;
            TintCell(cx, hy + pad, hx + pad, sel);
            OutlineCells(cp, hy + pad, hx + pad, g.SpanH, g.SpanW, reads, 1.0f);
            OutlineCells(cw, 0, 0, g.SpanH, g.SpanW, taps, 1.0f);
            for (const Conv2dTerm& t : GradInputTerms(p, g, f.C, hy, hx)) {
                if (t.O != f.O) continue;
                TintCell(cy, t.I, t.J, reads);
                TintCell(cp, g.SpanH - 1 + t.I * st, g.SpanW - 1 + t.J * st, reads);
                TintCell(cw, (g.KH - 1 - t.U) * dil, (g.KW - 1 - t.V) * dil, taps);
            }
        }
        break;
    }
    case ConvPass::GradWeight: {
        GridSpec dd{"##d",
                    "D = " + std::string(Tr("∂L/∂Y с нулями")),
                    g.DilatedOutH,
                    g.DilatedOutW,
                    0,
                    gy_scale,
                    [&](int y, int x) { return b.DilatedGradOutput(f.O, y, x); },
                    [&](int y, int x) { return y % st == 0 && x % st == 0 ? CellKind::Value : CellKind::Inserted; },
                    {}};
        GridSpec gw{"##gw",
                    "∂L/∂W[o=" + std::to_string(f.O) + ", c'=" + std::to_string(f.Cg) + "]",
                    g.KH,
                    g.KW,
                    0,
                    MaxAbs(b.GradWeight.Values),
                    [&](int u, int v) { return b.GradWeight(f.O, f.Cg, u, v); },
                    {},
                    hidden};
        const float cell = FitCell(g.PaddedW + g.DilatedOutW + g.KW, 2, std::max(g.PaddedH, g.DilatedOutH), max_height);
        xp.Cell = dd.Cell = gw.Cell = cell;
        const CellGrid gx = DrawCellGrid(xp);
        OperatorSign("⋆", g.PaddedH * cell);
        const CellGrid cd = DrawCellGrid(dd);
        OperatorSign("=", g.PaddedH * cell);
        result = DrawCellGrid(gw);
        const int hy = result.Hovered() ? result.HoverY : (step >= 0 && step < rows * cols ? step / cols : -1);
        const int hx = result.Hovered() ? result.HoverX : (hy >= 0 ? step % cols : -1);
        if (hy >= 0) {
            active = hy * cols + hx;
            TintCell(result, hy, hx, sel);
            OutlineCells(gx, hy * dil, hx * dil, g.DilatedOutH, g.DilatedOutW, reads, 1.0f);
            for (int i = 0; i < g.OutH; ++i)
                for (int j = 0; j < g.OutW; ++j) {
                    TintCell(gx, hy * dil + i * st, hx * dil + j * st, reads);
                    TintCell(cd, i * st, j * st, taps);
                }
        }
        break;
    }
    default: break;
    }
    if (result.Clicked && result.Hovered()) {
        s.Step = result.HoverY * cols + result.HoverX;
        s.Playing = false;
    }
    return active;
}

} // namespace mlviz
