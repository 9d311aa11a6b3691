// Cost of an Inception module (Szegedy et al., "Going deeper with convolutions", 2014; question
// 45): four parallel branches on a C_in×H×W map, concatenated along channels:
//   1×1 conv (N1x1) | 1×1 reduce (R3) → k3×k3 conv (N3x3) | 1×1 reduce (R5) → k5×k5 conv (N5x5)
//   | 3×3 max pool (stride 1, padding 1) → 1×1 projection (Npool).
// Every conv has stride 1 and "same" padding (k-1)/2, so each branch keeps H×W. Without a 1×1
// bottleneck ("naive" module, the paper's Fig. 2a) the k×k conv reads the C_in input channels
// directly, and without the pool projection the pool branch passes all C_in channels on.
// Units: weights = k²·C_in·C_out per conv (no biases; biases counted apart, C_out per conv);
// multiply-adds = H·W·weights (stride 1, same padding: every output cell costs k²·C_in). Max
// pooling has comparisons, no multiply-adds, and no parameters.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"

namespace mlviz {

inline constexpr int kInceptionMaxChannels = 8192; // C_in and every branch width
inline constexpr int kInceptionMaxSide = 4096;     // H and W
inline constexpr int kInceptionMaxKernel = 11;     // odd k3, k5

struct InceptionSpec {
    int Height = 28, Width = 28;
    int InChannels = 192;
    int N1x1 = 64;
    int N3x3Reduce = 96, N3x3 = 128;
    int N5x5Reduce = 16, N5x5 = 32;
    int PoolProj = 32;
    int Kernel3 = 3;         // odd; the "3×3" branch
    int Kernel5 = 5;         // odd; torchvision's GoogLeNet uses 3 here (a kept bug, pytorch/vision#906)
    bool Reduce3 = true;     // 1×1 bottleneck before the k3 conv
    bool Reduce5 = true;     // 1×1 bottleneck before the k5 conv
    bool ProjectPool = true; // 1×1 projection after the pool

    bool operator==(const InceptionSpec&) const = default;
};

enum class InceptionBranch { Conv1x1, Conv3x3, Conv5x5, Pool, Count };

struct InceptionLayerCost {
    int Kernel = 1; // 1, k3, k5; 3 for the max pool
    bool IsPool = false;
    int InChannels = 0, OutChannels = 0;
    std::int64_t Weights = 0, Biases = 0, Macs = 0;
};

struct InceptionBranchCost {
    InceptionBranch Branch = InceptionBranch::Conv1x1;
    std::vector<InceptionLayerCost> Layers; // in order of application
    int OutChannels = 0;
    std::int64_t Weights = 0, Biases = 0, Macs = 0;
};

struct InceptionCost {
    std::array<InceptionBranchCost, 4> Branches;
    int OutHeight = 0, OutWidth = 0, OutChannels = 0; // the concatenation
    std::int64_t Weights = 0, Biases = 0, Macs = 0;
    std::int64_t Params() const { return Weights + Biases; }
};

Result<InceptionCost> InceptionModuleCost(const InceptionSpec& spec);

// GoogLeNet's nine modules, widths of the paper's Table 1 (the same as torchvision 0.14's
// googlenet.py), input sizes from the table's rows. PaperParamsK / PaperOpsM are the table's
// "params" and "ops" columns as printed, transcribed only for 3a (0 = not transcribed): the table
// prints 159K for 3a while its own widths give 163 328 weights (163 696 with biases).
struct InceptionPreset {
    const char* Name = ""; // "3a" ... "5b"
    InceptionSpec Spec;
    int PaperParamsK = 0;
    int PaperOpsM = 0;
};
std::span<const InceptionPreset> GoogLeNetInceptionPresets();

} // namespace mlviz
