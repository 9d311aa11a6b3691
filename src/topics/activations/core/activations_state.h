// The activation-function topic's full state, and its URL codec (see core/state_codec.h):
// "f=sigmoid,tanh&slope=0.1&seed=7" restores exactly what the reader saw.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "topics/activations/core/activations.h"
#include "core/state_codec.h"
#include "core/topic_codec.h"

namespace mlviz {

inline constexpr int kActivationCount = static_cast<int>(Activation::Count);

struct ActivationsState {
    std::array<bool, kActivationCount> Shown{}; // curves overlaid on the f(x) and f'(x) plots
    ActivationParams Params;
    float XRange = 6.0f; // plots span [-XRange, XRange]
    int SurfaceActivation = static_cast<int>(Activation::ReLU);
    int SurfaceLayers = 3;
    int SurfaceWidth = 16;
    int Seed = 7;

    ActivationsState();
};

const StateSchema<ActivationsState>& ActivationsStateSchema();
// Decodes over the defaults, clamps every field into its range (core/topic_codec.h).
const StateCodec<ActivationsState>& ActivationsCodec();
const TopicCodec& ActivationsTopicCodec();

} // namespace mlviz
