// U-Net feature-map sizes (Ronneberger, Fischer, Brox, MICCAI 2015): the original unpadded
// network (3x3 convolutions without padding lose 2 pixels each, 2x2 max pools halve, 2x2
// up-convolutions double, skips are copied and centre-cropped to the decoder's size: 572 -> 388)
// against the padded variant most code uses today (padding 1 keeps sizes, no crop, output = input).
//
// Sizes are square side lengths in pixels. An input is valid when every map has a positive size
// and every map entering a max pool has an even size (torch's MaxPool2d would floor an odd size
// and the skip would no longer line up). Unpadded, with d poolings and c convolutions per level,
// that means input = 2^d * b + 2c (2^d - 1) with b the bottleneck's input size (b = 32 for 572).
#pragma once
#include <vector>

#include "core/result.h"

namespace mlviz {

struct UnetConfig {
    int InputSize = 572;   // [1, kUnetMaxInput]
    int Depth = 4;         // [1, 6] max pools
    int ConvsPerLevel = 2; // [1, 3] 3x3 convolutions per level
    bool Padded = false;
    int InputChannels = 1; // [1, 64]
    int BaseChannels = 64; // [1, 1024] at level 0, doubled at each level down
    int Classes = 2;       // [1, 1000] channels of the final 1x1 convolution
};
inline constexpr int kUnetMaxInput = 4096;

enum class UnetOp { Conv3x3, MaxPool, UpConv, CopyCrop, Conv1x1 };

struct UnetStep {
    UnetOp Op = UnetOp::Conv3x3;
    int Level = 0; // 0 = full resolution
    bool Decoder = false;
    int InSize = 0, OutSize = 0;
    int InChannels = 0, OutChannels = 0;
    int SkipSize = 0;     // CopyCrop: the encoder map that is copied
    int CropEachSide = 0; // CopyCrop: pixels cut from each side of it
};

struct UnetLevel {
    int Level = 0;
    int EncoderIn = 0, EncoderOut = 0; // EncoderOut = the skip's size
    int UpSize = 0;                    // decoder map after the up-convolution (0 at the bottom)
    int CropEachSide = 0;
    int DecoderOut = 0; // after the decoder convolutions (the bottleneck's output at the bottom)
    int Channels = 0;
};

struct UnetShapes {
    bool Valid = false;
    Message Problem;               // why not valid (the first failing step)
    int FailedStep = -1;           // index into Steps of that step
    std::vector<UnetStep> Steps;   // in execution order, up to the failing one
    std::vector<UnetLevel> Levels; // 0..Depth (filled for a valid input)
    int OutputSize = 0;
    int BorderEachSide = 0; // (input - output) / 2: the context an output tile does not cover
};

// Fails only for an out-of-range config; an input size that does not fit is a Valid = false shape.
Result<UnetShapes> ComputeUnetShapes(const UnetConfig& config);

// Whether ComputeUnetShapes would call input size n valid, without building the steps.
bool UnetInputValid(const UnetConfig& config, int n);

// Valid input sizes in [lo, hi], ascending (the config's InputSize is ignored).
std::vector<int> ValidUnetInputs(const UnetConfig& config, int lo, int hi);

} // namespace mlviz
