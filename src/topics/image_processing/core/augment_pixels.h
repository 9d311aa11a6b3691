// Per-row pixel kernels of the augmentation job (augment_job.cpp); semantics in augment.h.
// Each processes rows [y0, y1) of its output so that the job can slice the work.
#pragma once
#include <cstdint>
#include <vector>

#include "topics/image_processing/core/augment.h"

namespace mlviz {

// Geometry: out.Rgba / out.Mask (already sized like a) from a through crop, flips and rotation.
void WarpRows(const AugSample& a, AugSample& out, const AugmentParams& p, int y0, int y1);

// Colour jitter on float R, G, B planes (each W * H, in [0, 255]); op 0 brightness, 1 contrast (needs
// the mean grey of the current planes), 2 saturation, 3 hue.
void RgbaToFloatRows(const Image& img, std::vector<float>& f, int y0, int y1);
void FloatToRgbaRows(const std::vector<float>& f, Image& img, int y0, int y1);
double MeanGray(const std::vector<float>& f, int w, int h);
void JitterRows(std::vector<float>& f, int w, int h, const AugmentParams& p, int op, double mean_gray, int y0, int y1);

// Channel c of img into plane (sized like img).
void ChannelRows(const Image& img, Plane8& plane, int c, int y0, int y1);

// + N(0, sigma) per channel, each row from its own generator seeded (seed, row).
void NoiseRows(Image& img, double sigma, std::uint32_t seed, int y0, int y1);

// The cutout rectangle filled with the ImageNet mean colour (124, 116, 104).
void FillRows(Image& img, const CropRect& r, int y0, int y1);

// b resized to out's size: bilinear (align_corners=False) pixels, nearest mask.
void ResizeRows(const AugSample& b, AugSample& out, int y0, int y1);

// Mixup or cutmix of out (a, augmented) with b (resized).
void MixRows(AugSample& out, const AugSample& b, const AugmentParams& p, int y0, int y1);

// RGB <-> HSV in [0, 1] as torchvision's _rgb2hsv / _hsv2rgb.
void RgbToHsv(float r, float g, float b, float* h, float* s, float* v);
void HsvToRgb(float h, float s, float v, float* r, float* g, float* b);

} // namespace mlviz
