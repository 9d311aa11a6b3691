// EfficientNet B0-B7 built layer by layer for their parameter counts and multiply-adds per stage
// (Tan & Le, 2019; question 27), exactly as torchvision 0.14's models/efficientnet.py builds
// efficientnet_b0..b7: the B0 table of MBConv stages (expand, kernel, stride, channels, repeats),
// channels scaled by the width multiplier and rounded by _make_divisible(c·w, 8) (to the nearest
// multiple of 8, at least 8, never more than 10 % below c·w), repeats by ceil(n·depth); each
// MBConv = [1×1 expand conv + BN + SiLU, unless the ratio is 1] → depthwise k×k conv (stride on
// the first block of a stage) + BN + SiLU → squeeze-and-excitation (avg pool, 1×1 conv to
// max(1, C_in/4) with bias, SiLU, 1×1 conv back with bias, sigmoid, scale) → 1×1 project conv
// + BN; stem 3×3 stride-2 conv to 32·w channels + BN + SiLU; head 1×1 conv to 4× the last stage's
// channels (1280 at w = 1) + BN + SiLU, average pool, dropout, Linear to the classes.
// Convs have no bias (BN follows); BN has 2 parameters per channel (running statistics are
// buffers, not parameters); dropout and stochastic depth have none.
// Multiply-adds (MACs) count the convolutions and the Linear layer (k²·C_in/groups per output
// value, C_in per Linear output), SE's two 1×1 convs included; BN, activations, the SE scaling,
// residual additions and pooling are not counted (the usual convention: B0 at 224² ≈ 0.39 G).
// Spatial sizes: out = floor((in + 2·((k-1)/2) - k)/s) + 1, torch's rule with that padding.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace mlviz {

struct EfficientNetScaling {
    double Width = 1.0;    // channel multiplier, [0.1, 4]
    double Depth = 1.0;    // repeat multiplier, [0.1, 5]
    int Resolution = 224;  // input side in pixels, [32, 1024]
    int NumClasses = 1000; // [1, 100000]
};

enum class EfficientNetVariant { B0, B1, B2, B3, B4, B5, B6, B7, Count };

struct EfficientNetVariantInfo {
    const char* Name = "";              // "b0" ... "b7"
    double Width = 1.0, Depth = 1.0;    // torchvision's width_mult / depth_mult
    int Resolution = 224;               // torchvision's IMAGENET1K_V1 crop_size
    int PaperResolution = 224;          // the paper's Table (B2: 260, where torchvision evaluates at 288)
    double Dropout = 0.2;               // classifier dropout (no parameters)
    std::int64_t TorchvisionParams = 0; // sum(p.numel()) of torchvision 0.14, 1000 classes
};
std::span<const EfficientNetVariantInfo> EfficientNetVariants();
std::optional<EfficientNetVariant> EfficientNetVariantFromName(std::string_view name); // "b0".."b7"
const EfficientNetVariantInfo& EfficientNetVariantOf(EfficientNetVariant v);

enum class EfficientNetStageKind { Stem, MBConv, Head, Classifier };

struct EfficientNetStage {
    EfficientNetStageKind Kind = EfficientNetStageKind::MBConv;
    int ExpandRatio = 1; // MBConv only
    int Kernel = 1, Stride = 1;
    int InChannels = 0, OutChannels = 0;
    int Layers = 1;              // repeats (MBConv), else 1
    int InSide = 0, OutSide = 0; // square maps (Classifier: OutSide = 1)
    std::int64_t ConvParams = 0; // conv / Linear weights and the Linear's bias
    std::int64_t BnParams = 0;
    std::int64_t SeParams = 0; // SE's two 1×1 convs with their biases
    std::int64_t Macs = 0;     // all counted multiply-adds of the stage
    std::int64_t SeMacs = 0;   // the part of Macs in SE
    std::int64_t Params() const { return ConvParams + BnParams + SeParams; }
};

struct EfficientNetSummary {
    EfficientNetScaling Scaling;
    std::vector<EfficientNetStage> Stages; // stem, 7 MBConv stages, head, classifier
    std::int64_t Params = 0, Macs = 0;
};

Result<EfficientNetSummary> BuildEfficientNet(const EfficientNetScaling& scaling);
// The variant at its torchvision resolution with 1000 classes.
EfficientNetSummary BuildEfficientNetVariant(EfficientNetVariant v);

// torchvision.models._utils._make_divisible(v, divisor, min_value=None).
int MakeDivisible(double v, int divisor = 8);
// MBConvConfig.adjust_depth: ceil(layers · depth).
int ScaleDepth(int layers, double depth);

// Compound scaling (the paper's eq. 3): depth α^φ, width β^φ, resolution γ^φ with
// α·β²·γ² ≈ 2, so FLOPs grow by (α·β²·γ²)^φ ≈ 2^φ (FLOPs ∝ d·w²·r²).
struct CompoundScaling {
    double Phi = 0.0;
    double Alpha = 1.2, Beta = 1.1, Gamma = 1.15;
    double Depth = 1.0, Width = 1.0, Resolution = 1.0; // α^φ, β^φ, γ^φ
    double FlopsFactor = 1.0;                          // (α·β²·γ²)^φ
};
// φ in [0, 8]; α, β, γ in [1, 3].
Result<CompoundScaling> CompoundScale(double phi, double alpha = 1.2, double beta = 1.1, double gamma = 1.15);

} // namespace mlviz
