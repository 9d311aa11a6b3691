// One 2-D convolution, forward and backward, as arithmetic a learner can follow (question 41):
// every output cell and every gradient cell is a short list of products that the view can
// highlight. Semantics of torch.nn.functional.conv2d (torch 1.13) on one sample without a batch
// axis, in float64:
//   X: C×H×W,  W: O×(C/g)×KH×KW,  b: O (optional),  Y: O×H'×W',
//   Y[o,i,j] = b[o] + Σ_{c'<C/g, u<KH, v<KW} W[o,c',u,v] · Xp[g(o)·C/g + c', i·s + u·d, j·s + v·d]
// where Xp is X with p zeros on every side (Xp[c, y+p, x+p] = X[c,y,x]), g(o) = o / (O/g) the
// group of output channel o, H' = floor((H + 2p - d(KH-1) - 1)/s) + 1 (same for W').
// Coordinates: rows (y, i, u) first, then columns (x, j, v), 0-based; "input" coordinates are
// those of the unpadded X (a padding cell has y < 0 or y >= H).
// Backward for L = Σ ∂L/∂Y ⊙ Y: this file computes it by brute force (scatter from every output
// cell); conv2d_textbook.h builds the same gradients as full convolution / correlation grids.
#pragma once
#include <cstdint>
#include <vector>

#include "core/result.h"
#include "topics/conv_blocks/core/conv_tensor.h"

namespace mlviz {

// Limits for the explained convolution: sizes a learner can read cell by cell, and small enough
// that the textbook construction (which multiplies every zero of its grids) stays well under a
// second at the worst corner.
inline constexpr int kConv2dMaxChannels = 8; // C and O
inline constexpr int kConv2dMaxSide = 32;    // H and W
inline constexpr int kConv2dMaxKernel = 7;   // KH and KW
inline constexpr int kConv2dMaxStride = 4;
inline constexpr int kConv2dMaxPadding = 8;
inline constexpr int kConv2dMaxDilation = 4;
inline constexpr double kConvMaxAbsValue = 1e6; // |every input, weight, bias and gradient value|

struct Conv2dSpec {
    int Stride = 1;   // [1, kConv2dMaxStride], both axes
    int Padding = 0;  // zeros on each side, [0, kConv2dMaxPadding], both axes
    int Dilation = 1; // [1, kConv2dMaxDilation], both axes
    int Groups = 1;   // >= 1, divides C and O

    bool operator==(const Conv2dSpec&) const = default;
};

// Every size derived from the input, kernel and spec.
struct Conv2dGeometry {
    int C = 0, H = 0, W = 0;              // input
    int O = 0, KH = 0, KW = 0;            // kernel
    int CPerGroup = 0, OPerGroup = 0;     // C/g, O/g
    int OutH = 0, OutW = 0;               // H', W'
    int PaddedH = 0, PaddedW = 0;         // H + 2p, W + 2p
    int SpanH = 0, SpanW = 0;             // the dilated kernel's extent d(K-1) + 1
    int DilatedOutH = 0, DilatedOutW = 0; // (H'-1)s + 1: ∂L/∂Y with s-1 zeros between entries
    int ExtraH = 0, ExtraW = 0;           // bottom rows / right columns of Xp that no window reaches
    Conv2dSpec Spec;

    int GroupOfInput(int c) const { return c / CPerGroup; }
    int GroupOfOutput(int o) const { return o / OPerGroup; }
    std::int64_t Macs() const; // O·H'·W'·(C/g)·KH·KW multiply-adds of the forward pass
};

// Sizes only: validates every field and the output not being empty.
Result<Conv2dGeometry> Conv2dGeometryOf(int channels, int height, int width, int out_channels, int kernel_h, int kernel_w,
                                        const Conv2dSpec& spec);

struct Conv2dProblem {
    Grid3 Input;              // X: C×H×W
    Grid4 Weight;             // W: O×(C/g)×KH×KW
    std::vector<double> Bias; // O values, or empty for no bias
    Grid3 GradOutput;         // ∂L/∂Y: O×H'×W', or empty when only the forward pass is wanted
    Conv2dSpec Spec;
};

// Validates shapes, limits and values (finite, |v| <= kConvMaxAbsValue); with
// `need_grad_output` the gradient must be present and O×H'×W'.
Result<Conv2dGeometry> CheckConv2dProblem(const Conv2dProblem& p, bool need_grad_output);

// Y (O×H'×W'), bias included.
Result<Grid3> Conv2dForward(const Conv2dProblem& p);
// The same without validation, into `y` (resized): for a problem that passed CheckConv2dProblem.
void Conv2dForwardInto(const Conv2dProblem& p, const Conv2dGeometry& g, Grid3& y);
// One output value Y[o,i,j] (bias included), taps summed in the order c', u, v; unchecked.
double Conv2dOutputCell(const Conv2dProblem& p, const Conv2dGeometry& g, int o, int i, int j);

struct Conv2dGrads {
    Grid3 GradInput;              // ∂L/∂X: C×H×W
    Grid4 GradWeight;             // ∂L/∂W: O×(C/g)×KH×KW
    std::vector<double> GradBias; // ∂L/∂b: O values (Σ over ∂L/∂Y[o]); empty when there is no bias
};

// Brute force: every output cell (o,i,j) scatters ∂L/∂Y[o,i,j]·W[o,c',u,v] into ∂L/∂X at the
// input cell it read and ∂L/∂Y[o,i,j]·X into ∂L/∂W[o,c',u,v].
Result<Conv2dGrads> Conv2dBackwardDirect(const Conv2dProblem& p);

// One product of a sum, for highlighting. Input cell (C, Y, X) in unpadded coordinates, output
// cell (O, I, J), kernel tap (U, V) of input channel C - group·C/g. A, B are the two factors:
//   OutputTerms:     A = X[C,Y,X] (0 in the padding), B = W[O,c',U,V]
//   GradInputTerms:  A = ∂L/∂Y[O,I,J],               B = W[O,c',U,V]
//   GradWeightTerms: A = X[C,Y,X] (0 in the padding), B = ∂L/∂Y[O,I,J]
struct Conv2dTerm {
    int C = 0, Y = 0, X = 0;
    int O = 0, I = 0, J = 0;
    int U = 0, V = 0;
    bool InPadding = false; // the input cell is a padding zero
    double A = 0.0, B = 0.0;
};

// Y[o,i,j] - b[o] = Σ A·B over all (C/g)·KH·KW taps of the window, padding taps included (order
// c', u, v). Requires a problem that passed CheckConv2dProblem and indices inside the output.
std::vector<Conv2dTerm> OutputTerms(const Conv2dProblem& p, const Conv2dGeometry& g, int o, int i, int j);
// ∂L/∂X[c,y,x] = Σ A·B over the (o, i, j, u, v) with i·s + u·d - p = y and j·s + v·d - p = x
// (order o, u, v); needs the gradient.
std::vector<Conv2dTerm> GradInputTerms(const Conv2dProblem& p, const Conv2dGeometry& g, int c, int y, int x);
// ∂L/∂W[o,c',u,v] = Σ A·B over all H'·W' output cells (order i, j), padding reads included.
std::vector<Conv2dTerm> GradWeightTerms(const Conv2dProblem& p, const Conv2dGeometry& g, int o, int cg, int u, int v);

} // namespace mlviz
