// Data augmentation of an image together with its boxes and segmentation mask: flips, rotation,
// RandomResizedCrop, colour jitter, Gaussian noise, blur, cutout, mixup and cutmix, drawn from a
// seeded policy (a grid of draws), applied as a sliceable job.
//
// Coordinates: continuous pixels, the image spans [0, W] x [0, H], y down; boxes are (x1, y1, x2, y2)
// there; pixel (x, y) has its centre at (x + 0.5, y + 0.5). Geometry (in this order):
//   RandomResizedCrop  torchvision 0.14 RandomResizedCrop.get_params semantics (area fraction in
//                      `scale`, log-uniform aspect ratio in `ratio`, 10 attempts with w, h rounded half
//                      to even, then the centre-crop fallback), the crop resized back to W x H;
//   horizontal / vertical flip  x -> W - x, y -> H - y;
//   rotation           by `angle` degrees counter-clockwise on screen about (W/2, H/2), same canvas
//                      (torchvision rotate, expand=False, fill 0).
// Boxes follow the geometry by transforming their 4 corners and taking the enclosing box, clipped to
// the canvas; a box left with no area is dropped. Masks (class per pixel) are resampled by nearest
// neighbour, 0 outside; images bilinearly, black outside.
// Photometric (in this order): colour jitter (torchvision ColorJitter's formulas: brightness scales,
// contrast blends with the mean grey, saturation with the pixel's grey, hue rotates H in HSV; the four
// in a drawn order; computed in float, rounded once), blur (cv2.GaussianBlur 8-bit, gauss8.h), noise
// (+ N(0, sigma) per channel), cutout (DeVries & Taylor 2017: a square at a uniform centre, clipped,
// filled with the ImageNet mean colour, i.e. zero after normalisation; boxes and mask unchanged).
// Mixing with a second sample (resized to W x H):
//   mixup  (Zhang et al. 2018): lambda ~ Beta(alpha, alpha), x = lambda a + (1 - lambda) b, label
//          weights lambda and 1 - lambda; all boxes of both kept with those weights; the mask is the
//          one with the larger weight;
//   cutmix (Yun et al. 2019, official code): lambda ~ Beta(alpha, alpha), centre (cx, cy) uniform
//          integers, cut = int(W sqrt(1 - lambda)) x int(H sqrt(1 - lambda)), edges clipped; b's pixels
//          and mask inside; label weights lambda' = 1 - clipped area / (W H) and 1 - lambda'; a's boxes
//          kept, b's clipped to the patch.
#pragma once
#include <array>
#include <cstdint>
#include <random>
#include <vector>

#include "core/image.h"
#include "core/result.h"
#include "topics/image_processing/core/planes.h"

namespace mlviz {

struct AugBox {
    double X1 = 0.0, Y1 = 0.0, X2 = 0.0, Y2 = 0.0;
    int Label = 0;
};

struct AugSample {
    Image Rgba; // RGBA8
    std::vector<AugBox> Boxes;
    Plane8 Mask; // class per pixel, same size as Rgba (empty = none)
};

inline constexpr int kAugMaxBoxes = 1000;

enum class MixMode { None, Mixup, CutMix, Count };

// What the grid draws from: each operation happens with its probability, its parameters uniform in
// the ranges (angle in [-MaxAngle, MaxAngle], jitter factors as torchvision).
struct AugmentPolicy {
    double HFlipP = 0.5, VFlipP = 0.0;
    double RotateP = 0.3, MaxAngle = 30.0; // degrees, [0, 180]
    double CropP = 0.5;
    double ScaleMin = 0.08, ScaleMax = 1.0;            // RandomResizedCrop scale, 0 < min <= max <= 1
    double RatioMin = 3.0 / 4.0, RatioMax = 4.0 / 3.0; // 0 < min <= max <= 10
    double JitterP = 0.8;
    double Brightness = 0.4, Contrast = 0.4, Saturation = 0.4; // [0, 1]
    double Hue = 0.1;                                          // [0, 0.5]
    double BlurP = 0.2, BlurSigmaMax = 2.0;                    // sigma uniform in [0.1, max], max in [0.1, 10]
    double NoiseP = 0.2, NoiseSigma = 10.0;                    // grey levels, [0, 100]
    double CutoutP = 0.3, CutoutSize = 0.3;                    // side as a fraction of min(W, H), (0, 1]
    MixMode Mix = MixMode::None;
    double MixP = 0.5, MixAlpha = 1.0; // Beta(alpha, alpha), alpha in [0.05, 10]
    bool operator==(const AugmentPolicy&) const = default;
};

Message ValidatePolicy(const AugmentPolicy& policy);

struct CropRect {
    int X = 0, Y = 0, W = 0, H = 0; // torchvision's (j, i, w, h)
};

// One concrete draw: everything needed to apply it, so that it can be shown and replayed.
struct AugmentParams {
    bool Crop = false;
    CropRect CropBox;
    bool HFlip = false, VFlip = false;
    double Angle = 0.0; // degrees; 0 = no rotation
    bool Jitter = false;
    double BrightnessF = 1.0, ContrastF = 1.0, SaturationF = 1.0, HueF = 0.0;
    std::array<int, 4> JitterOrder{0, 1, 2, 3}; // 0 brightness, 1 contrast, 2 saturation, 3 hue
    double BlurSigma = 0.0;                     // 0 = none
    double NoiseSigma = 0.0;                    // 0 = none
    std::uint32_t NoiseSeed = 0;
    bool Cutout = false;
    CropRect CutoutBox; // clipped to the image
    MixMode Mix = MixMode::None;
    double Lambda = 1.0; // drawn lambda (Beta)
    CropRect CutBox;     // cutmix patch, clipped
};

// torchvision.transforms.RandomResizedCrop.get_params with our random numbers.
CropRect RandomResizedCropParams(int width, int height, double scale_min, double scale_max, double ratio_min, double ratio_max,
                                 std::mt19937& rng);

// A draw of the policy for a W x H image; `partner` says whether a mixing partner exists.
AugmentParams DrawAugment(const AugmentPolicy& policy, int width, int height, std::mt19937& rng);

// Beta(a, b) from Gamma variates (Marsaglia & Tsang 2000), a, b > 0.
double SampleBeta(std::mt19937& rng, double a, double b);

// Cutmix's patch for lambda (Yun et al.'s rand_bbox), centre from rng.
CropRect CutMixBox(int width, int height, double lambda, std::mt19937& rng);

struct BoxTransformResult {
    std::vector<AugBox> Boxes;
    std::vector<int> Source; // index of each kept box in the input
};

// The geometric part of `p` applied to boxes of a W x H image (the output canvas is W x H too).
BoxTransformResult TransformBoxes(const std::vector<AugBox>& boxes, int width, int height, const AugmentParams& p);

// The forward map of the geometry for one point (input continuous coords -> output), for tests and
// the view's arrows.
std::array<double, 2> TransformPoint(double x, double y, int width, int height, const AugmentParams& p);

struct AugResult {
    AugSample Sample;
    std::vector<int> BoxSource;          // per output box: index in a's boxes, or -1 - index in b's
    std::vector<double> BoxWeight;       // per output box: its label weight
    double WeightA = 1.0, WeightB = 0.0; // label weights of a and b (sum 1)
    AugmentParams Params;
};

Message ValidateSample(const AugSample& s, const char* which);

} // namespace mlviz
