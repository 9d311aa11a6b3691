// Preset layer stacks with their published definitions: the conv/pool layers up to the last
// spatial feature map (no classifier, no global pooling).
//   alexnet, vgg16, resnet18, resnet50: torchvision.models (0.14) module by module, names
//     included; for ResNets only the main path of each block (no shortcut, no downsample
//     branch); resnet50 is torchvision's v1.5 (stride on the 3×3 convolution).
//   mobilenet_v1: Howard et al. 2017, Table 1 (27 convolutions, no bias: BN follows each);
//     padding 1 on 3×3 layers as in PyTorch ports; the last depthwise layer has stride 1
//     (Table 1 prints s2 but gives 7×7 for both its input and output).
//   Teaching stacks (64 channels): N stacked 3×3 ('same' padding), 3×3 with dilation
//     1, 2, 4, 8 (padding = dilation), one 5×5 vs two 3×3, one 7×7 vs three 3×3.
#pragma once
#include <span>
#include <string_view>

#include "topics/receptive_field/core/rf_stack.h"

namespace mlviz {

enum class RfPreset {
    AlexNet,
    Vgg16,
    ResNet18,
    ResNet50,
    MobileNetV1,
    Stack3x3,
    Dilated3x3,
    One5x5,
    Two3x3,
    One7x7,
    Three3x3,
    Count
};

struct RfPresetInfo {
    RfPreset Id;
    std::string_view Name;  // CLI / state name, e.g. "resnet50"
    std::string_view Title; // display name
    std::string_view Note;  // one line (Russian) on the source and what is shown
    RfPair DefaultInput;
    bool HasDepth; // only stack_3x3: the number of layers N
};

inline constexpr int kRfPresetDepthMin = 1, kRfPresetDepthMax = 64, kRfPresetDepthDefault = 4;

std::span<const RfPresetInfo> RfPresets();
const RfPresetInfo& RfPresetInfoOf(RfPreset p);
const RfPresetInfo* FindRfPreset(std::string_view name);

// The preset's layers on an input of `input_size`; `depth` (clamped to the limits above)
// is used by stack_3x3 only.
RfStack MakeRfPreset(RfPreset p, RfPair input_size, int depth = kRfPresetDepthDefault);

} // namespace mlviz
