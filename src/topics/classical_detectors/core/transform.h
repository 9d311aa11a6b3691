// Known image transforms for judging detectors: rotation and scaling about the image centre
// (a homography H maps a point of the original to the transformed image), Gaussian blur,
// Gaussian noise and a brightness offset (H = identity). Geometric warps sample the original
// bilinearly at H^-1(p), with black outside (cv2.warpAffine(img, H[:2], size, INTER_LINEAR,
// BORDER_CONSTANT, 0) up to OpenCV's 1/32-pixel fixed-point rounding).
#pragma once
#include <array>
#include <cstdint>
#include <random>
#include <vector>
#include <string_view>

#include "topics/classical_detectors/core/grey.h"

namespace mlviz {

enum class TransformKind { Rotate, Scale, Blur, Noise, Brightness, Count };

std::string_view TransformKindName(TransformKind k); // "rotate", "scale", "blur", "noise", "brightness"
bool TransformKindFromName(std::string_view name, TransformKind& out);

struct TransformSpec {
    TransformKind Kind = TransformKind::Rotate;
    // Rotate: degrees counter-clockwise on screen, [-360, 360]; Scale: factor, [0.25, 4];
    // Blur: sigma in pixels, [0, 20]; Noise: standard deviation in grey levels, [0, 128];
    // Brightness: offset in grey levels, [-255, 255] (results clamped to 0..255).
    double Amount = 30.0;
    std::uint32_t Seed = 1; // Noise only
};

Result<bool> ValidateTransform(const TransformSpec& t);

struct Homography {
    std::array<double, 9> M{1, 0, 0, 0, 1, 0, 0, 0, 1}; // row-major 3x3

    void Apply(double x, double y, double& ox, double& oy) const;
    Homography Inverse() const;
};

// H = T(c) R(angle) S(scale) T(-c), c = ((w - 1) / 2, (h - 1) / 2); y down, so a positive angle
// turns the picture counter-clockwise on screen.
Homography CentredSimilarity(int w, int h, double angle_deg, double scale);

struct TransformedImage {
    GreyImage Image; // same size as the input
    Homography H;    // input pixel -> output pixel
};

Result<TransformedImage> ApplyTransform(const GreyImage& img, const TransformSpec& t);

// The same in row bands (a unit ~ one pixel of one pass; bands of ~200 000 units), so that the
// view can spread a large blur or the noise over frames; the result equals ApplyTransform's.
class TransformJob {
public:
    static Result<TransformJob> Start(const GreyImage& img, const TransformSpec& t);
    void Step(long long budget);
    void RunToEnd()
    {
        while (!Done()) Step(1LL << 40);
    }
    bool Done() const { return Pass_ >= 2; }
    double Progress() const;
    const TransformedImage& Output() const { return Out_; }

private:
    GreyImage Src_;
    TransformSpec Spec_;
    TransformedImage Out_;
    std::vector<float> Kernel_;
    std::vector<float> Tmp_; // blur: the horizontal pass
    std::mt19937 Rng_;
    int Pass_ = 0, Row_ = 0, RowsPerBand_ = 1;
};

// B(p) = A(H^-1 p), bilinear, 0 outside A.
GreyImage WarpGrey(const GreyImage& img, const Homography& h);

} // namespace mlviz
