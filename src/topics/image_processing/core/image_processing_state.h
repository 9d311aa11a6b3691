// The image-processing topic's state: plain fields (numbers, bools, enums as ints, the custom
// kernel's weights, the augmentation seed and policy, the hysteresis step), its field table (the
// one place ranges, formats and labels are written) and its codec (core/topic_codec.h):
// "tab=canny&image=coffee&sigma=2&low=40&high=120&stage=hysteresis&step=3".
#pragma once
#include <array>

#include "core/state_codec.h"
#include "core/topic_codec.h"
#include "topics/image_processing/core/adaptive.h"
#include "topics/image_processing/core/augment.h"
#include "topics/image_processing/core/canny.h"
#include "topics/image_processing/core/kernels.h"
#include "topics/image_processing/core/planes.h"

namespace mlviz {

enum class IpTab { Kernels, Otsu, Canny, Augment, Count };
// The three photos come from scikit-image (scripts/data.sh), the page is synthetic, "user" is the
// learner's own image (not in a link: a link naming it shows the drop prompt until one arrives).
enum class IpImage { Astronaut, Coffee, Chelsea, Uneven, User, Count };
enum class IpCannyStage { Blur, Gradient, Direction, Nms, Threshold, Hysteresis, Count };
// One transform alone (its probability forced to 1, its parameters drawn from the policy's
// ranges), or the whole policy.
enum class IpAugOp { Policy, HFlip, VFlip, Rotate, Crop, Jitter, Blur, Noise, Cutout, Mixup, CutMix, Count };

std::string_view IpTabName(IpTab t);               // "kernels", "otsu", "canny", "augment"
std::string_view IpImageName(IpImage i);           // "astronaut", "coffee", "chelsea", "uneven", "user"
std::string_view IpCannyStageName(IpCannyStage s); // "blur", "gradient", "direction", "nms", ...
std::string_view IpAugOpName(IpAugOp o);           // "policy", "hflip", ..., "cutmix"
std::string_view MixModeName(MixMode m);           // "none", "mixup", "cutmix"
// The photo's data file ("images/astronaut.png"), or "" for the synthetic and the user's image.
const char* IpImageFile(IpImage i);

inline constexpr double kIpCustomWeightMax = 100.0; // |custom kernel weight|
inline constexpr int kIpViewMaxSide = 800;          // the learner's image is fitted into this
inline constexpr int kIpThumbSide = 256;            // augmentation grid thumbnails
inline constexpr int kIpGridDraws = 8;
inline constexpr int kIpMaxPixelCoord = kIpMaxSide - 1;

struct IpKernelState {
    int Preset = static_cast<int>(KernelPreset::SobelX);
    int Size = 5;       // box and Gaussian, odd 1..31
    double Sigma = 1.0; // Gaussian
    int Border = static_cast<int>(BorderMode::Reflect);
    int CustomSize = 3; // 3 or 5
    // Row-major CustomSize x CustomSize weights in the first CustomSize^2 entries.
    std::array<double, 25> Custom{-1, -1, -1, -1, 8, -1, -1, -1, -1};
    bool operator==(const IpKernelState&) const = default;
};

struct IpOtsuState {
    int Manual = 128; // the manual threshold: foreground (white) = v > t
    int Method = static_cast<int>(AdaptiveMethod::Gaussian);
    int Block = 25; // odd 3..255
    double C = 10.0;
    bool operator==(const IpOtsuState&) const = default;
};

struct IpCannyState {
    double Sigma = 1.4; // 0 = no blur
    int BlurSize = 0;   // odd; 0 = from sigma
    double Low = 50.0, High = 150.0;
    bool L2 = false;
    int Stage = static_cast<int>(IpCannyStage::Hysteresis);
    // Hysteresis frontiers shown (0 = the strong seeds only); -1 = the end. Played, not encoded.
    int Step = -1;
    bool Playing = false;
    double Speed = 4.0; // frontiers per second
    bool operator==(const IpCannyState&) const = default;
};

struct IpAugState {
    int Op = static_cast<int>(IpAugOp::Policy);
    int Seed = 1;
    AugmentPolicy Policy;
    bool ShowBoxes = true, ShowMask = true;
    bool operator==(const IpAugState&) const = default;
};

struct ImageProcessingState {
    int Tab = static_cast<int>(IpTab::Kernels);
    int Image = static_cast<int>(IpImage::Astronaut);
    double Light = 0.85;          // the synthetic page: illumination falls to 1 - Light in its dark corner
    double Noise = 3.0;           // and its sensor noise, grey levels
    int PixelX = -1, PixelY = -1; // pinned pixel of the read-outs; -1 = none
    IpKernelState Kernel;
    IpOtsuState Otsu;
    IpCannyState Canny;
    IpAugState Aug;
    bool operator==(const ImageProcessingState&) const = default;
};

// Keys: tab, image, light, noise, px, py; kernel, ksize, ksigma, border, kw (custom weights, 9 or
// 25 numbers); t, amethod, block, c; sigma, bsize, low, high, l2, stage, step, speed; aug, seed,
// p_hflip, p_vflip, p_rot, angle, p_crop, scale_min, scale_max, ratio_min, ratio_max, p_jitter,
// bright, contrast, sat, hue, p_blur, blur_max, p_noise, noise_sd, p_cutout, cutout, mix, p_mix,
// alpha, boxes, mask.
const StateSchema<ImageProcessingState>& ImageProcessingStateSchema();
// Every field into its range, then the rules between fields: odd sizes (ksize, block, bsize > 0
// round up to the next odd number), scale_min <= scale_max and ratio_min <= ratio_max (the max
// follows the min). Idempotent; the codec and the view both apply it.
void NormalizeImageProcessingState(ImageProcessingState& s);
// Decodes over the defaults, normalises, and opens paused.
const StateCodec<ImageProcessingState>& ImageProcessingCodec();
const TopicCodec& ImageProcessingTopicCodec();

// The core inputs of a state.
KernelSpec KernelSpecOf(const IpKernelState& k);
AdaptiveSpec AdaptiveSpecOf(const IpOtsuState& o);
CannySpec CannySpecOf(const IpCannyState& c);
// The policy a single-transform view draws from: only `op` on (probability 1), with the policy's
// ranges; IpAugOp::Policy returns the policy itself.
AugmentPolicy PolicyForOp(const AugmentPolicy& policy, IpAugOp op);

} // namespace mlviz
