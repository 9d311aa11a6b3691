// Convolution kernels: presets (box, Gaussian, sharpen, Sobel x/y, Laplacian, emboss, custom) and
// OpenCV's Gaussian kernels: cv2.getGaussianKernel (double weights) and the Q8 fixed-point kernel
// that cv2.GaussianBlur uses for 8-bit images (getGaussianKernelFixedPoint_ED).
//
// A kernel is applied as OpenCV's filter2D does: correlation (no flip), anchor at the centre:
// out(x, y) = sum_{i,j} K[j][i] * in(x + i - r, y + j - r), r = (size - 1) / 2.
#pragma once
#include <string_view>
#include <vector>

#include "core/result.h"

namespace mlviz {

enum class KernelPreset { Box, Gaussian, Sharpen, SobelX, SobelY, Laplacian, Emboss, Custom, Count };

std::string_view KernelPresetName(KernelPreset p); // "box", "gaussian", "sharpen", "sobel_x", ...
bool KernelPresetFromName(std::string_view name, KernelPreset* out);

inline constexpr int kIpMaxKernelSize = 31;      // box and Gaussian; odd
inline constexpr int kIpMaxCustomKernelSize = 5; // custom kernels are 3 x 3 or 5 x 5
inline constexpr double kIpMaxSigma = 20.0;

struct KernelSpec {
    KernelPreset Preset = KernelPreset::Box;
    int Size = 3;               // odd; box and Gaussian 1..31, custom 3 or 5; the others are 3 x 3
    double Sigma = 1.0;         // Gaussian; <= 0: from Size as OpenCV does (0.3 ((size - 1) / 2 - 1) + 0.8)
    std::vector<double> Custom; // Size * Size weights, row-major, for Custom
};

struct FilterKernel {
    int Size = 0;                // odd
    std::vector<double> Weights; // Size * Size, row-major: Weights[j * Size + i] for offset (i - r, j - r)
    // Separable kernels (box, Gaussian): Weights = outer(Column, Row); empty otherwise.
    std::vector<double> Row, Column;

    double At(int i, int j) const { return Weights[static_cast<std::size_t>(j) * Size + i]; }
    double Sum() const;
};

// The kernel of a preset. Sobel x = [-1 0 1; -2 0 2; -1 0 1] (cv2.Sobel dx=1, ksize=3), Sobel y its
// transpose, Laplacian = [0 1 0; 1 -4 1; 0 1 0] (cv2.Laplacian ksize=1), sharpen = [0 -1 0; -1 5 -1;
// 0 -1 0], emboss = [-2 -1 0; -1 1 1; 0 1 2], box = 1/size^2.
Result<FilterKernel> MakeKernel(const KernelSpec& spec);

// cv2.getGaussianKernel(n, sigma, CV_64F): n odd in [1, 31]; sigma <= 0 gives the fixed binomial
// kernels for n = 1, 3, 5, 7, 9 and sigma = 0.15 n + 0.35 otherwise; weights exp(-x^2 / (2 sigma^2))
// normalised as OpenCV does (its softdouble exp may differ from std::exp in the last bit).
std::vector<double> GaussianKernel1D(int n, double sigma);

// cv2.GaussianBlur's kernel for 8-bit images: GaussianKernel1D in Q8 (integers summing to 256),
// rounded with error diffusion from the outside in, the centre taking the remainder.
std::vector<int> GaussianKernelQ8(int n, double sigma);

// The kernel size cv2.GaussianBlur picks when ksize is 0: round(sigma * (8-bit ? 3 : 4) * 2 + 1) | 1.
int GaussianAutoSize(double sigma, bool eight_bit);

} // namespace mlviz
