// The receptive-field topic's full state (plain values) and its URL codec (core/state_codec.h):
// "preset=resnet50&sel=50.3.3&tab=erf&erf=random" restores what the reader saw. Edited stacks
// travel as "layers=c3x3s2p1o64_m2x2s2_..." (see EncodeRfLayers).
#pragma once
#include <array>
#include <string>
#include <string_view>

#include "topics/receptive_field/core/rf_presets.h"
#include "core/state_codec.h"
#include "core/topic_codec.h"

namespace mlviz {

inline constexpr int kRfViewMaxLayers = 64;
inline constexpr int kRfViewMaxInput = 512; // the view's input side limit (the core allows more)

enum class RfTab { Field, Table, Erf, Padding, Params, Count };

struct ReceptiveFieldState {
    int Preset = static_cast<int>(RfPreset::Dilated3x3);
    bool Edited = false;               // layers changed since the preset was loaded
    int Depth = kRfPresetDepthDefault; // stack_3x3 only
    RfPair InputSize{32, 32};
    int InputChannels = 64;
    int LayerCount = 0;
    std::array<RfLayer, kRfViewMaxLayers> Layers{};
    int SelMap = -1, SelY = -1, SelX = -1; // selected unit (click or tap); -1 = top map, centre unit
    int Tab = 0;                           // RfTab
    bool SplitAxes = false;                // table: edit height and width separately
    int ErfWeights = 0;                    // ErfWeights (rf_erf.h): uniform by default, instant
    bool ErfRelu = true;
    bool ErfLog = false; // logarithmic colour scale for the ERF
    int ErfSeeds = 8, ErfChannels = 4, ErfSeed = 1;
    int PadUnitY = 0, PadUnitX = 0; // padding panel: output unit whose window is drawn

    ReceptiveFieldState();
};

// Loads a preset's layers and default input (channels of each layer then come from below,
// so editing one layer's output does not break the next). Keeps Depth.
void LoadRfPreset(ReceptiveFieldState& s, RfPreset preset);
RfStack StackOf(const ReceptiveFieldState& s);

// Layers as text: per layer a type letter (c conv, m max pool, a avg pool), then k, s, p, d as
// "<letter><h>" or "<letter><h>x<w>" (s, p, d omitted when 1, 0, 1), for conv "o<out>" and
// "g<groups>" (omitted when 1) and "n" for no bias; layers joined by '_'. Names are not kept.
std::string EncodeRfLayers(const ReceptiveFieldState& s);
// Replaces the layers; on a syntax error leaves them unchanged and returns the reason.
Message DecodeRfLayers(std::string_view text, ReceptiveFieldState& s);

const StateSchema<ReceptiveFieldState>& RfStateSchema();
// Decodes over the defaults, clamps every field into its range (core/topic_codec.h).
const StateCodec<ReceptiveFieldState>& RfCodec();
const TopicCodec& RfTopicCodec();

} // namespace mlviz
