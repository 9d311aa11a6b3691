// Separable Gaussian blur of float images with OpenCV's conventions (cv::GaussianBlur with
// ksize = Size() and BORDER_REFLECT_101): kernel size = round(sigma * 8 + 1) | 1 for float images
// (round(sigma * 6 + 1) | 1 for 8-bit), taps exp(-i^2 / (2 sigma^2)) normalised to sum 1.
// The two passes run on row bands so that a job can spread a large blur over frames.
#pragma once
#include <vector>

#include "topics/classical_detectors/core/grey.h"
#include "topics/classical_detectors/core/keypoint.h"

namespace mlviz {

// Kernel of `ksize` taps (odd, >= 1) for sigma > 0; ksize <= 0 picks OpenCV's size for floats.
std::vector<float> GaussianKernel(double sigma, int ksize = 0);

// cv::borderInterpolate(p, n, BORDER_REFLECT_101): ... 2 1 | 0 1 2 ... n-1 | n-2 ...
int Reflect101(int p, int n);

// Horizontal pass of rows [row_begin, row_end) of src into tmp (same size, allocated by the caller).
void BlurRowsH(const FloatImage& src, FloatImage& tmp, const std::vector<float>& kernel, int row_begin, int row_end);
// Vertical pass of tmp into rows [row_begin, row_end) of dst (needs every row of tmp).
void BlurRowsV(const FloatImage& tmp, FloatImage& dst, const std::vector<float>& kernel, int row_begin, int row_end);

// Whole-image helpers.
FloatImage GaussianBlur(const FloatImage& src, double sigma, int ksize = 0);
// 8-bit in and out, rounded to nearest (used for ORB's 7x7, sigma 2 smoothing and the blur transform).
GreyImage GaussianBlurGrey(const GreyImage& src, double sigma, int ksize = 0);

FloatImage ToFloat(const GreyImage& g);

} // namespace mlviz
