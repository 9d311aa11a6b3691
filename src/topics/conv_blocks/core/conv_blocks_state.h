// CNN building blocks (questions 41, 38, 45, 53, 56, 27): everything the learner sets, as plain
// fields, one group per tab, and its field table (ranges, formats, labels: the one place they are
// written) and codec (core/topic_codec.h). Tabs: conv (forward and backward of a 2-D convolution),
// conv3d (a 3-D kernel over a clip), inception (1×1 bottlenecks), se (Squeeze-and-Excitation on
// the digits), spp (spatial pyramid pooling), efficientnet (compound scaling).
// Cross-field rules (applied by the codec and by the view after its widgets): groups divides C and
// O, the shown channels exist, at least one SPP level is on and the shown level is an active one.
#pragma once
#include <cstdint>

#include "core/state_codec.h"
#include "core/topic_codec.h"
#include "topics/conv_blocks/core/conv2d_example.h"
#include "topics/conv_blocks/core/conv3d_clip.h"
#include "topics/conv_blocks/core/inception.h"

namespace mlviz {

enum class ConvBlocksTab { Conv, Conv3d, Inception, Se, Spp, EfficientNet, Count };
// What the q41 tab explains: Y = X ⋆ W, ∂L/∂X (full convolution), ∂L/∂W (correlation).
enum class ConvPass { Forward, GradInput, GradWeight, Count };
enum class SppPoolKind { Max, Avg, Count };

// The view's limits for the explained convolution (readable grids; the core allows more).
inline constexpr int kConvUiMaxSide = 16;
inline constexpr int kConvUiMaxPadding = 4;

struct ConvBlocksState {
    int Tab = static_cast<int>(ConvBlocksTab::Conv);
    // Playback: the conv tab steps through the cells of the grid being computed (row-major), the
    // conv3d tab through the output frames; -1 = the end (everything computed).
    int Step = -1;
    bool Playing = false;
    float Speed = 3.0f; // steps per second

    // q41: a seeded small-integer problem.
    int Pass = static_cast<int>(ConvPass::Forward);
    Conv2dExampleConfig Conv{1, 5, 5, 1, 3, {}, true, 3, 1};
    int InShown = 0;    // input channel drawn (clamped to C - 1)
    int OutShown = 0;   // output channel drawn (clamped to O - 1)
    bool Check = false; // run the finite-difference check

    // q38: the moving square and the kernels.
    MovingSquareClip Clip{8, 12, 12, 4.0, 1.0, 4.0, 1.0, 0.0};
    int Kernel3d = 0; // ClipKernel3d
    int KernelT = 3;  // temporal depth of the 3-D kernel
    int KernelK = 3;  // spatial size (odd) of both kernels
    int Kernel2d = 1; // ClipKernel2d
    // A video layer whose cost is counted (C3D's conv2a: 64 → 128, 16×56×56, 3×3×3).
    int LayerIn = 64, LayerOut = 128, LayerT = 16, LayerSide = 56, LayerKt = 3, LayerK = 3;

    // q45: GoogLeNet 3a by default.
    InceptionSpec Inception;

    // q53
    int SeSeed = 1;
    int SeEpochs = 10;
    int SeReduction = 4;
    bool SeGlobalHead = true; // AdaptiveAvgPool head (else flatten)
    int SeDigit = 0;          // test image shown

    // q56
    int SppChannels = 3;
    int SppH1 = 13, SppW1 = 17, SppH2 = 24, SppW2 = 32;
    int SppBlobs = 4;
    int SppSeed = 3;
    int SppLevel1 = 1, SppLevel2 = 2, SppLevel3 = 4; // bins per axis, 0 = off
    int SppPool = static_cast<int>(SppPoolKind::Max);
    int SppShownLevel = 2; // 0..2: which level's bins are drawn
    int SppShownChannel = 0;

    // q27
    int Variant = 0; // B0..B7
    double Phi = 1.0;
    double Alpha = 1.2, Beta = 1.1, Gamma = 1.15;
};

const StateSchema<ConvBlocksState>& ConvBlocksStateSchema();
const StateCodec<ConvBlocksState>& ConvBlocksCodec();
const TopicCodec& ConvBlocksTopicCodec();

// The cross-field rules above (groups → the largest divisor of C and O not above it, channels
// shown → in range, an SPP level on, the shown SPP level on).
void FixConvBlocksState(ConvBlocksState& s);

// The SPP levels that are on, in order (1..3 values).
int SppLevels(const ConvBlocksState& s, int out[3]);

} // namespace mlviz
