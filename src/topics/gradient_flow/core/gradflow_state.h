// The gradient-flow topic's state (the deep MLP, its data and training, the pictures, and the
// RNN-through-time panel), its presets and its URL codec (core/state_codec.h).
//
// A fragment names a preset, then only what differs from that preset's state, so a preset is one
// key and an edited scene stays short: "preset=relu_he&steps=200&wgrads=1". A hand-edited network
// is "preset=custom" plus its differences from the default (20-layer sigmoid) state.
// Keys: preset, mode (mlp|rnn), depth, width, act, slope, alpha, beta, gelu_tanh, init, std,
// std_fan_in, bias, res, norm, norm_at (before|after), data, batch, seed, noise, opt, lr, mom, clip, clip_max,
// steps, per_click, wgrads, hist_own, layer, rnn_hidden, rnn_steps, rnn_seed, forget_bias,
// rnn_zero_bf, rnn_t. Enums travel by name (core/gradflow.h, core/activations.h).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "topics/activations/core/activations.h"
#include "core/deeplink.h"
#include "topics/gradient_flow/core/gradflow.h"
#include "core/state_codec.h"
#include "core/topic_codec.h"

namespace mlviz {

// Plain fields only: reset, compare, encode. Ranges are ClampGradflowState's.
struct GradflowState {
    int Mode = 0;   // 0: deep MLP, 1: RNN through time
    int Preset = 0; // preset index (GradflowPresetId); -1 after a manual change
    // Network
    int Depth = 20, Width = 64;
    int Act = static_cast<int>(Activation::Sigmoid);
    float LeakySlope = 0.01f, EluAlpha = 1.0f, SwishBeta = 1.0f;
    bool GeluTanh = false;
    int Init = static_cast<int>(GradflowInit::XavierUniform);
    float InitStd = 1.0f; // σ, or σ·√fan_in when InitStdPerFanIn
    bool InitStdPerFanIn = false;
    bool Bias = true;
    int ResidualEvery = 0;
    int Norm = 0;      // GradflowNorm
    int NormAfter = 0; // 0: before the activation, 1: after
    // Data
    int Dataset = 0, Batch = 256, Seed = 1;
    float Noise = 0.1f;
    // Training
    int Optimizer = 0; // GradflowOptimizer
    float Lr = 0.1f;
    float Momentum = 0.9f;
    int Clip = 0; // GradflowClip
    float ClipMax = 1.0f;
    int TrainSteps = 0; // updates to run; 0 = the network at initialisation
    int StepsPerClick = 100;
    // Pictures
    bool WeightGrads = false;  // ‖∂L/∂W_l‖ instead of ‖∂L/∂h_l‖
    bool HistPerLayer = false; // each layer's histogram over its own mean ± 4 std
    int SelectedLayer = -1;    // read-out; -1 = none (the view clamps it to the depth)
    // RNN panel
    int RnnHidden = 32, RnnSteps = 50, RnnSeed = 1;
    float ForgetBias = 1.0f;
    bool RnnCompareZeroBias = true; // also draw the LSTM with b_f = 0
    int RnnSelectedT = -1;          // the view clamps it to RnnSteps
};

inline constexpr int kGradflowTrainStepsMax = 100000;
inline constexpr int kGradflowRnnStepsMax = 300;

// Largest batch for a depth and width: Depth * Width * Batch stays within kGradflowMaxElements.
int GradflowMaxBatch(int depth, int width);
// Clamps every field into its range (the sliders' ranges); NaN becomes the default.
void ClampGradflowState(GradflowState& s);

// Presets in display order; ids "sigmoid", "sigmoid_wide", "tanh_chaos", ... ("custom" for an
// index out of range). The view pairs each with its label and note.
inline constexpr int kGradflowPresetCount = 9;
int GradflowPresetCount();
const char* GradflowPresetId(int index);
// The state a preset sets: network, data and training from the preset, everything else from
// `keep` (mode, picture switches) so that choosing a preset does not switch panels.
GradflowState GradflowPresetState(int index, const GradflowState& keep = GradflowState{});

GradflowConfig GradflowConfigFromState(const GradflowState& s);
// True when the two states build the same network and data (training target aside).
bool SameGradflowModel(const GradflowState& a, const GradflowState& b);

// Every field but the preset (which sets the base the other keys are relative to).
const StateSchema<GradflowState>& GradflowStateSchema();
std::string EncodeGradflowState(const GradflowState& s);
// Starts from the named preset's state (the default one without "preset"), applies the other
// keys, clamps; returns one notice per ignored or clamped value. A link whose keys change the
// preset's network decodes as "custom".
std::vector<Message> DecodeGradflowState(const KeyValues& kv, GradflowState& s);
const StateCodec<GradflowState>& GradflowCodec(); // the two functions above
const TopicCodec& GradflowTopicCodec();

} // namespace mlviz
