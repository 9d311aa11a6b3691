// The textbook construction of a convolution's backward pass, grid by grid (conv2d_textbook.h).
#include "topics/conv_blocks/core/conv2d_textbook.h"

namespace mlviz {

Result<Conv2dTextbook> Conv2dBackwardTextbook(const Conv2dProblem& p)
{
    const auto geo = CheckConv2dProblem(p, true);
    if (!geo) return Result<Conv2dTextbook>::Fail(geo.Error());
    const Conv2dGeometry& g = *geo;
    const int s = g.Spec.Stride, d = g.Spec.Dilation, pad = g.Spec.Padding;
    Conv2dTextbook t;
    t.Geo = g;

    t.PaddedInput = Grid3({g.C, g.PaddedH, g.PaddedW});
    for (int c = 0; c < g.C; ++c)
        for (int y = 0; y < g.H; ++y)
            for (int x = 0; x < g.W; ++x) t.PaddedInput(c, y + pad, x + pad) = p.Input(c, y, x);

    t.DilatedGradOutput = Grid3({g.O, g.DilatedOutH, g.DilatedOutW});
    for (int o = 0; o < g.O; ++o)
        for (int i = 0; i < g.OutH; ++i)
            for (int j = 0; j < g.OutW; ++j) t.DilatedGradOutput(o, i * s, j * s) = p.GradOutput(o, i, j);

    const int full_h = g.DilatedOutH + 2 * (g.SpanH - 1) + g.ExtraH;
    const int full_w = g.DilatedOutW + 2 * (g.SpanW - 1) + g.ExtraW;
    t.FullGradPadded = Grid3({g.O, full_h, full_w});
    for (int o = 0; o < g.O; ++o)
        for (int a = 0; a < g.DilatedOutH; ++a)
            for (int b = 0; b < g.DilatedOutW; ++b)
                t.FullGradPadded(o, a + g.SpanH - 1, b + g.SpanW - 1) = t.DilatedGradOutput(o, a, b);

    t.FlippedKernel = Grid4({g.O, g.CPerGroup, g.SpanH, g.SpanW});
    for (int o = 0; o < g.O; ++o)
        for (int cg = 0; cg < g.CPerGroup; ++cg)
            for (int u = 0; u < g.KH; ++u)
                for (int v = 0; v < g.KW; ++v)
                    t.FlippedKernel(o, cg, (g.KH - 1 - u) * d, (g.KW - 1 - v) * d) = p.Weight(o, cg, u, v);

    // Valid correlation of P with Wf (P is exactly PaddedH + SpanH - 1 rows tall); P's inserted and
    // padding zeros are multiplied like the drawing does.
    t.GradPaddedInput = Grid3({g.C, g.PaddedH, g.PaddedW});
    for (int c = 0; c < g.C; ++c) {
        const int group = g.GroupOfInput(c), cg = c - group * g.CPerGroup;
        for (int y = 0; y < g.PaddedH; ++y)
            for (int x = 0; x < g.PaddedW; ++x) {
                double sum = 0.0;
                for (int o = group * g.OPerGroup; o < (group + 1) * g.OPerGroup; ++o)
                    for (int m = 0; m < g.SpanH; m += d) // Wf's dilation holes multiply nothing
                        for (int n = 0; n < g.SpanW; n += d)
                            sum += t.FullGradPadded(o, y + m, x + n) * t.FlippedKernel(o, cg, m, n);
                t.GradPaddedInput(c, y, x) = sum;
            }
    }

    t.GradInput = Grid3({g.C, g.H, g.W});
    for (int c = 0; c < g.C; ++c)
        for (int y = 0; y < g.H; ++y)
            for (int x = 0; x < g.W; ++x) t.GradInput(c, y, x) = t.GradPaddedInput(c, y + pad, x + pad);

    t.GradWeight = Grid4({g.O, g.CPerGroup, g.KH, g.KW});
    for (int o = 0; o < g.O; ++o) {
        const int c0 = g.GroupOfOutput(o) * g.CPerGroup;
        for (int cg = 0; cg < g.CPerGroup; ++cg)
            for (int u = 0; u < g.KH; ++u)
                for (int v = 0; v < g.KW; ++v) {
                    double sum = 0.0;
                    for (int a = 0; a < g.DilatedOutH; ++a)
                        for (int b = 0; b < g.DilatedOutW; ++b)
                            sum += t.PaddedInput(c0 + cg, u * d + a, v * d + b) * t.DilatedGradOutput(o, a, b);
                    t.GradWeight(o, cg, u, v) = sum;
                }
    }

    if (!p.Bias.empty()) {
        t.GradBias.assign(g.O, 0.0);
        for (int o = 0; o < g.O; ++o)
            for (int i = 0; i < g.OutH; ++i)
                for (int j = 0; j < g.OutW; ++j) t.GradBias[o] += p.GradOutput(o, i, j);
    }
    return t;
}

} // namespace mlviz
