// Finite-difference check of a convolution's gradients (the "check" button of question 41), as a
// job spread over frames: for L = Σ ∂L/∂Y ⊙ Y(X, W, b), every input, weight and bias value v is
// moved by ±h (h = step·max(1, |v|)) and (L(v+h) - L(v-h)) / 2h is compared with the brute-force
// gradient (Conv2dBackwardDirect). The forward pass is re-run (Conv2dOutputCell) on the output
// cells the value can reach: a box of windows around an input cell, the whole map of one output
// channel for a weight or bias; the other cells cancel in L(v+h) - L(v-h). L is linear in each
// value, so the central difference is exact up to rounding (errors ~1e-16·|L|/h).
#pragma once
#include <cstdint>
#include <vector>

#include "core/result.h"
#include "topics/conv_blocks/core/conv2d_explain.h"

namespace mlviz {

struct Conv2dCheckReport {
    int CellsDone = 0, CellsTotal = 0; // values checked so far / C·H·W + weights + biases
    double MaxErrorInput = 0.0;        // max |numeric - analytic| over ∂L/∂X cells checked
    double MaxErrorWeight = 0.0;       // ... over ∂L/∂W
    double MaxErrorBias = 0.0;         // ... over ∂L/∂b (0 without bias)
    double MaxAbsGradient = 0.0;       // max |analytic| over the cells checked (scale of the errors)
};

class Conv2dGradCheck {
public:
    // Validates the problem (∂L/∂Y needed) and the step (in [1e-8, 1]); no work yet.
    static Result<Conv2dGradCheck> Start(const Conv2dProblem& p, double step = 1e-3);

    // Checks values until about `budget_macs` multiply-adds are spent (two partial forward
    // passes per value, at most 2·H'·W'·(C/g)·KH·KW; at least one value per call).
    void Step(std::int64_t budget_macs);
    bool Done() const { return Report_.CellsDone >= Report_.CellsTotal; }
    double Progress() const { return Report_.CellsTotal ? double(Report_.CellsDone) / Report_.CellsTotal : 1.0; }
    const Conv2dCheckReport& Report() const { return Report_; }
    // The numeric gradients, in the layout of the analytic ones; cells not yet checked are 0.
    const Conv2dGrads& Numeric() const { return Numeric_; }
    const Conv2dGrads& Analytic() const { return Analytic_; }

private:
    Conv2dGradCheck() = default;
    // Output cells [o0, o1) × [i0, i1) × [j0, j1) that value number k can change.
    struct Reach {
        int O0, O1, I0, I1, J0, J1;
        std::int64_t Cells() const { return std::int64_t(O1 - O0) * (I1 - I0) * (J1 - J0); }
    };
    Reach ReachOf(int k) const;
    double CentralDifference(double& value, const Reach& reach);

    Conv2dProblem Problem_;
    Conv2dGeometry Geo_;
    Conv2dGrads Analytic_, Numeric_;
    Conv2dCheckReport Report_;
    std::vector<double> Scratch_;
    double StepSize_ = 1e-3;
};

} // namespace mlviz
