// nn core: the timing the issue asks for (one epoch of a 2-conv-layer net on the 8x8 digits),
// as a plain function for mlviz-bench and the tests.
#pragma once

#include "core/nn/digits.h"

namespace mlviz::nn {

// Wall-clock milliseconds to train DigitsCnn (plain: conv 1->8, conv 8->16, 3x3, ReLU, max
// pool, linear 256->10; 3 818 parameters) for one epoch over all 1 797 digits: float64 (or
// float32), Adam, batch 32, i.e. 57 optimizer steps of forward + loss + backward. `digits` may
// be null: random pixels in [0, 16] stand in (the time does not depend on the values).
double TimeDigitsEpochMs(const DigitsData* digits = nullptr, bool single_precision = false);

} // namespace mlviz::nn
