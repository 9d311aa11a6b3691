// Bit-exact resizing of 8-bit grey images, reproducing OpenCV 4.6's
// cv::resize(src, dst, Size(w, h), 0, 0, INTER_LINEAR_EXACT) for CV_8UC1 (imgproc/src/resize.cpp:
// resize_bitExact with interpolationLinear<uchar> and ufixedpoint16). The Viola-Jones pyramid
// (CascadeClassifier's FeatureEvaluator::setImage) and ORB's pyramid are built with it.
#pragma once
#include "topics/classical_detectors/core/grey.h"

namespace mlviz {

// Semantics, as OpenCV:
// - same size: a copy;
// - exactly half in both directions: INTER_AREA's fast 2x2 mean, (a + b + c + d + 2) >> 2;
// - otherwise, per axis: scale = src/dst (double), fx = scale*(d + 0.5) - 0.5; the weight of the
//   right/lower neighbour is round(frac(fx) * 256) (8 fractional bits); pixels whose fx falls
//   left of 0 or right of n-1 copy the border pixel. Horizontal results keep 8 fractional bits,
//   the vertical pass rounds: (h0*c0 + h1*c1 + 2^15) >> 16.
// Fails when either size is outside [1, kClassicalMaxSide] or the source is invalid.
Result<GreyImage> ResizeLinearExact(const GreyImage& src, int dst_width, int dst_height);

} // namespace mlviz
