// Drawing augmentation parameters from a policy, and input validation (see augment.h).
#include <algorithm>
#include <cmath>

#include "core/random.h"
#include "topics/image_processing/core/augment.h"

namespace mlviz {

namespace {

Message CheckProbability(double p, const char* name)
{
    if (!std::isfinite(p) || p < 0.0 || p > 1.0) return Msg("вероятность %s = %g: нужно число от 0 до 1", name, p);
    return {};
}

Message CheckRange(double v, double lo, double hi, const char* name)
{
    if (!std::isfinite(v) || v < lo || v > hi) return Msg("%s = %g: нужно число от %g до %g", name, v, lo, hi);
    return {};
}

} // namespace

Message ValidatePolicy(const AugmentPolicy& p)
{
    const std::pair<double, const char*> probs[] = {{p.HFlipP, "hflip"}, {p.VFlipP, "vflip"},   {p.RotateP, "rotate"},
                                                    {p.CropP, "crop"},   {p.JitterP, "jitter"}, {p.BlurP, "blur"},
                                                    {p.NoiseP, "noise"}, {p.CutoutP, "cutout"}, {p.MixP, "mix"}};
    for (const auto& [v, name] : probs) {
        Message m = CheckProbability(v, name);
        if (!m.Empty()) return m;
    }
    const struct {
        double V, Lo, Hi;
        const char* Name;
    } ranges[] = {{p.MaxAngle, 0.0, 180.0, "max_angle"},
                  {p.ScaleMin, 1e-4, 1.0, "scale_min"},
                  {p.ScaleMax, 1e-4, 1.0, "scale_max"},
                  {p.RatioMin, 0.01, 10.0, "ratio_min"},
                  {p.RatioMax, 0.01, 10.0, "ratio_max"},
                  {p.Brightness, 0.0, 1.0, "brightness"},
                  {p.Contrast, 0.0, 1.0, "contrast"},
                  {p.Saturation, 0.0, 1.0, "saturation"},
                  {p.Hue, 0.0, 0.5, "hue"},
                  {p.BlurSigmaMax, 0.1, 10.0, "blur_sigma"},
                  {p.NoiseSigma, 0.0, 100.0, "noise_sigma"},
                  {p.CutoutSize, 0.01, 1.0, "cutout_size"},
                  {p.MixAlpha, 0.05, 10.0, "mix_alpha"}};
    for (const auto& r : ranges) {
        Message m = CheckRange(r.V, r.Lo, r.Hi, r.Name);
        if (!m.Empty()) return m;
    }
    if (p.ScaleMin > p.ScaleMax) return Msg("scale_min = %g больше scale_max = %g", p.ScaleMin, p.ScaleMax);
    if (p.RatioMin > p.RatioMax) return Msg("ratio_min = %g больше ratio_max = %g", p.RatioMin, p.RatioMax);
    if (p.Mix != MixMode::None && p.Mix != MixMode::Mixup && p.Mix != MixMode::CutMix)
        return Msg("неизвестный способ смешивания");
    return {};
}

Message ValidateSample(const AugSample& s, const char* which)
{
    Message m = ValidatePlaneSize(s.Rgba.Width, s.Rgba.Height);
    if (!m.Empty()) return WithContext(m, which);
    if (s.Rgba.Pixels.size() != static_cast<std::size_t>(s.Rgba.Width) * s.Rgba.Height * 4)
        return WithContext(Msg("изображение повреждено: число пикселей не совпадает с размером"), which);
    if (!s.Mask.Pixels.empty() &&
        (s.Mask.Width != s.Rgba.Width || s.Mask.Height != s.Rgba.Height ||
         s.Mask.Pixels.size() != static_cast<std::size_t>(s.Mask.Width) * s.Mask.Height))
        return WithContext(
            Msg("маска %dx%d не совпадает с изображением %dx%d", s.Mask.Width, s.Mask.Height, s.Rgba.Width, s.Rgba.Height),
            which);
    if (s.Boxes.size() > static_cast<std::size_t>(kAugMaxBoxes))
        return WithContext(Msg("рамок %d, допустимо не больше %d", static_cast<int>(s.Boxes.size()), kAugMaxBoxes), which);
    for (std::size_t i = 0; i < s.Boxes.size(); ++i) {
        const AugBox& b = s.Boxes[i];
        if (!std::isfinite(b.X1) || !std::isfinite(b.Y1) || !std::isfinite(b.X2) || !std::isfinite(b.Y2) || b.X2 < b.X1 ||
            b.Y2 < b.Y1 || std::fabs(b.X1) > 1e7 || std::fabs(b.Y1) > 1e7 || std::fabs(b.X2) > 1e7 || std::fabs(b.Y2) > 1e7)
            return WithContext(Msg("рамка %d: нужно x1 <= x2, y1 <= y2, конечные координаты", static_cast<int>(i)), which);
    }
    return {};
}

AugmentParams DrawAugment(const AugmentPolicy& policy, int width, int height, std::mt19937& rng)
{
    // Every probability test consumes a number even when the operation is off, so that changing one
    // parameter does not reshuffle the others' draws.
    AugmentParams p;
    if (Uniform01(rng) < policy.CropP) {
        p.Crop = true;
        p.CropBox =
            RandomResizedCropParams(width, height, policy.ScaleMin, policy.ScaleMax, policy.RatioMin, policy.RatioMax, rng);
    }
    p.HFlip = Uniform01(rng) < policy.HFlipP;
    p.VFlip = Uniform01(rng) < policy.VFlipP;
    if (Uniform01(rng) < policy.RotateP) p.Angle = Uniform(rng, -policy.MaxAngle, policy.MaxAngle);
    if (Uniform01(rng) < policy.JitterP) {
        p.Jitter = true;
        p.BrightnessF = Uniform(rng, std::max(0.0, 1.0 - policy.Brightness), 1.0 + policy.Brightness);
        p.ContrastF = Uniform(rng, std::max(0.0, 1.0 - policy.Contrast), 1.0 + policy.Contrast);
        p.SaturationF = Uniform(rng, std::max(0.0, 1.0 - policy.Saturation), 1.0 + policy.Saturation);
        p.HueF = Uniform(rng, -policy.Hue, policy.Hue);
        for (int i = 3; i > 0; --i) std::swap(p.JitterOrder[i], p.JitterOrder[UniformInt(rng, i + 1)]);
    }
    if (Uniform01(rng) < policy.BlurP) p.BlurSigma = Uniform(rng, 0.1, policy.BlurSigmaMax);
    if (Uniform01(rng) < policy.NoiseP) p.NoiseSigma = policy.NoiseSigma;
    p.NoiseSeed = static_cast<std::uint32_t>(rng());
    if (Uniform01(rng) < policy.CutoutP) {
        p.Cutout = true;
        const int side = std::max(1, static_cast<int>(std::lround(policy.CutoutSize * std::min(width, height))));
        const int cx = UniformInt(rng, width), cy = UniformInt(rng, height);
        const int x1 = std::clamp(cx - side / 2, 0, width), x2 = std::clamp(cx + side / 2, 0, width);
        const int y1 = std::clamp(cy - side / 2, 0, height), y2 = std::clamp(cy + side / 2, 0, height);
        p.CutoutBox = {x1, y1, x2 - x1, y2 - y1};
    }
    if (policy.Mix != MixMode::None && Uniform01(rng) < policy.MixP) {
        p.Mix = policy.Mix;
        p.Lambda = SampleBeta(rng, policy.MixAlpha, policy.MixAlpha);
        if (p.Mix == MixMode::CutMix) p.CutBox = CutMixBox(width, height, p.Lambda, rng);
    }
    return p;
}

} // namespace mlviz
