// The backward pass of a 2-D convolution built the way textbooks draw it (question 41), with
// every intermediate grid kept so the view can draw it:
//   ∂L/∂X = crop_p( full_conv( zero_insert_s(∂L/∂Y), W ) ): ∂L/∂Y gets s-1 zeros between its
//           entries, is padded by the dilated kernel's extent minus one (plus the rows/columns of
//           Xp that no window reaches), and is correlated with the kernel rotated by 180° and
//           dilated (d-1 zeros between taps); the result covers the padded input Xp and is
//           cropped by p on every side.
//   ∂L/∂W = correlation of Xp with zero_insert_s(∂L/∂Y) used as a kernel, sampled every d.
// Groups: input channel c only meets the output channels of its own group. The sums run over the
// grids as drawn, zeros of P included (only the flipped kernel's dilation holes are skipped); the
// result equals Conv2dBackwardDirect (conv2d_explain.h).
#pragma once
#include <vector>

#include "core/result.h"
#include "topics/conv_blocks/core/conv2d_explain.h"

namespace mlviz {

struct Conv2dTextbook {
    Conv2dGeometry Geo;
    // Xp: C × PaddedH × PaddedW, X at offset (p, p).
    Grid3 PaddedInput;
    // D: O × DilatedOutH × DilatedOutW, D[o, i·s, j·s] = ∂L/∂Y[o,i,j], zeros elsewhere.
    Grid3 DilatedGradOutput;
    // P: O × (DilatedOutH + 2(SpanH-1) + ExtraH) × (DilatedOutW + 2(SpanW-1) + ExtraW), D at
    // offset (SpanH-1, SpanW-1), zeros elsewhere (the "full" padding plus ExtraH/ExtraW at the
    // bottom/right, like output_padding of conv_transpose2d).
    Grid3 FullGradPadded;
    // Wf: O × C/g × SpanH × SpanW, Wf[o,c',(KH-1-u)·d,(KW-1-v)·d] = W[o,c',u,v], zeros elsewhere.
    Grid4 FlippedKernel;
    // ∂L/∂Xp[c,y,x] = Σ_{o in group(c)} Σ_{m<SpanH,n<SpanW} P[o, y+m, x+n] · Wf[o, c', m, n]:
    // C × PaddedH × PaddedW; the window for (y, x) is P[o, y..y+SpanH-1, x..x+SpanW-1].
    Grid3 GradPaddedInput;
    // ∂L/∂X[c,y,x] = ∂L/∂Xp[c, y+p, x+p]: C×H×W.
    Grid3 GradInput;
    // ∂L/∂W[o,c',u,v] = Σ_{a<DilatedOutH, b<DilatedOutW} Xp[c, u·d+a, v·d+b] · D[o,a,b]:
    // D slides over Xp in steps of d.
    Grid4 GradWeight;
    std::vector<double> GradBias; // Σ_{i,j} ∂L/∂Y[o,i,j]; empty when the problem has no bias
};

// Needs ∂L/∂Y (CheckConv2dProblem with need_grad_output).
Result<Conv2dTextbook> Conv2dBackwardTextbook(const Conv2dProblem& p);

} // namespace mlviz
