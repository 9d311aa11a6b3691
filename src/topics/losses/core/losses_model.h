// The per-pixel classifier of the imbalance demo: a few hand-made features per pixel, then a logistic model
// (Hidden = 0) or a two-layer net (Hidden ReLU units; the same as two 1×1 convolutions over the feature maps),
// one foreground logit per pixel. Float64, hand-written backward.
//
// Features (computed once per image, each standardised to mean 0, sd 1 over the image; borders replicate the
// edge pixel, like cv2.BORDER_REPLICATE):
//   0 intensity I
//   1 3×3 mean of I
//   2 line response: max over 8 orientations (k·22.5°) of the mean of I along a 7-pixel segment centred on the pixel
//     (sample positions rounded to the nearest pixel): a matched filter for thin strokes
//   3 line response − 9×9 mean (the stroke above its local background: removes the clutter blobs)
//   4 9×9 mean (the local background)
//   5 3×3 mean − 9×9 mean
// Why not a conv net on the raw pixels: with only round(f·4096) foreground pixels (20 at f = 0.5%) a net that
// learns its own filters memorises the training image's noise (measured with a 3×3-3×3 conv net of 8 channels at
// 1%: IoU 0.94 to 1.0 on its image after 1000 epochs, under 0.1 on a fresh one), and the losses then differ only
// in how fast they memorise. Fixed features keep the model small enough
// that what it learns holds on a new image.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "topics/losses/core/losses_toy.h"

namespace mlviz {

inline constexpr int kPixelFeatures = 6;
inline constexpr int kModelMaxHidden = 16;

// Feature-major: Values[f·Pixels + i].
struct PixelFeatures {
    int Pixels = 0;
    std::vector<double> Values;

    double At(int feature, int pixel) const { return Values[static_cast<std::size_t>(feature) * Pixels + pixel]; }
};

PixelFeatures ComputePixelFeatures(const ToyImage& image);

// Flat parameters. Hidden = 0: [w_0 .. w_5, b]. Hidden = H > 0: [W (H×6, row h = unit h), b1 (H), v (H), b2].
struct PixelModel {
    int Hidden = 0;
    std::vector<double> Params;
};

int PixelModelParamCount(int hidden);
// Logistic: all zeros (p = 0.5 everywhere; the problem is convex). Two layers: He-normal W (σ = √(2/6)) and v
// (σ = √(2/H)) from the seed, zero biases.
PixelModel InitPixelModel(int hidden, std::uint32_t seed);

// Hidden activations kept for the backward pass (empty for the logistic model): Pixels×H.
struct PixelModelCache {
    std::vector<double> Hidden;
};

std::vector<double> PixelModelForward(const PixelModel& model, const PixelFeatures& features, PixelModelCache* cache);
// d loss / d Params from d loss / d logits.
std::vector<double> PixelModelBackward(const PixelModel& model, const PixelFeatures& features, const PixelModelCache& cache,
                                       std::span<const double> d_logits);

} // namespace mlviz
