// The optimizer topic's full state (the surface, up to six optimizers with their PyTorch
// hyper-parameters, schedules and batch sizes, noise seed, playback) and its URL codec
// (see core/state_codec.h).
//
// A fragment names a preset and then only what differs from that preset's state, so a scene
// straight from the preset list is one key ("p=batch") and an edited one stays short:
//   p=ravine&o2mom=0.9&o4on=1&o4=adam&o4lr=0.05&step=40
// Keys (all lowercase; numbers are plain decimals, written with the shortest exact text):
//   p      preset: rosenbrock ravine batch decay norm l1 l2 (default rosenbrock)
//   fn     surface: quadratic rosenbrock beale himmelblau saddle rastrigin
//   kappa angle scaled fscale cx cy   quadratic: κ, ravine angle (°), features scaled (0/1),
//                                     2nd feature scale, centre
//   ra rb  Rosenbrock a, b        rast  Rastrigin A        l1 l2  penalties λ
//   x0 y0  start point (clamped to the surface's area)     iters  number of iterations
//   sigma  gradient noise σ       seed  noise seed         sel    edited optimizer, 1-6
//   logc   log colour scale (0/1) step  playback step (clamped to iters)
//   play   playing (0/1)          speed playback speed, iterations per second
// Per optimizer slot i = 1..6, keys "o<i>" + suffix (torch.optim / lr_scheduler names):
//   o<i>      kind: sgd adagrad rmsprop adam adamw nadam      o<i>on  enabled (0/1)
//   lr mom damp nest wd lrd iav alpha cent b1 b2 ams eps md
//       = lr, momentum, dampening, nesterov, weight_decay, lr_decay, initial_accumulator_value,
//         alpha, centered, betas[0], betas[1], amsgrad, eps, momentum_decay
//   s      schedule: constant step exponential cosine linear plateau
//   ss sg tmax emin sf ef ti    = step_size, gamma, T_max, eta_min, start_factor, end_factor,
//                                 total_iters
//   smax fac pat thr tabs cd minlr peps   ReduceLROnPlateau: mode 'max' (0/1), factor,
//         patience, threshold, threshold_mode 'abs' (0/1), cooldown, min_lr, eps
//   bs     batch size B (noise σ/√B)
// e.g. o1=adam&o1lr=0.05&o1b1=0.8&o1s=cosine&o1tmax=300.
// Ranges are those of the view's sliders (a slider clamps what it shows, so a wider range
// would not survive a round trip); out-of-range values clamp, unparsable ones are ignored,
// each with one notice. SGD with nesterov=1 but no momentum is kept: torch rejects it and the
// view shows torch's error, exactly as when the reader set it up by hand.
#pragma once
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "topics/optimizers/core/optim_presets.h"
#include "topics/optimizers/core/optim_run.h"
#include "core/state_codec.h"
#include "core/topic_codec.h"

namespace mlviz {

inline constexpr int kOptimSlots = 6;

// One optimizer on the surface: its own hyper-parameters, schedule and batch size.
struct OptimSlot {
    bool Enabled = false;
    OptimizerParams Optimizer = DefaultOptimizerParams(OptimizerKind::SGD);
    ScheduleParams Schedule;
    int Batch = 1;

    bool operator==(const OptimSlot&) const = default;
};

struct OptimizersState {
    int Preset = 0;
    SurfaceKind Surface = SurfaceKind::Rosenbrock;
    SurfaceParams Function;
    double StartX = 0.0, StartY = 0.0;
    int Steps = 200;
    double NoiseSigma = 0.0;
    int Seed = 1;
    std::array<OptimSlot, kOptimSlots> Slots{};
    int Selected = 0; // slot being edited, whose arrows are drawn
    bool LogColors = true;
    int Step = 0; // playback position: the iteration shown
    bool Playing = false;
    float Speed = 60.0f; // iterations per second while playing

    bool operator==(const OptimizersState&) const = default;
};

// The state right after choosing preset `index` (clamped to the list): its surface, start,
// noise and runs in the first slots, distinct spare optimizers (off) in the others, the whole
// trajectories shown (Step = Steps), not playing, default speed.
OptimizersState OptimPresetState(int index);

// Stable preset ids for URLs, in the order of OptimPresets().
std::string_view OptimPresetName(int index);

// Every field of the state. Decoding through the schema alone applies keys onto a given state;
// use the two functions below for fragments (they handle the preset base and cross-field clamps).
const StateSchema<OptimizersState>& OptimizersStateSchema();

// "p=<preset>" unless it is the first one, then the fields that differ from the preset's state.
std::string EncodeOptimizersState(const OptimizersState& s);

// `s` becomes the state `kv` describes: the preset's state (p, default the first), then every
// other known key whatever its order, then the start point clamped to the surface's area and
// the step to the iterations. A fragment without any of the topic's keys is the default state,
// as a link restores exactly. Returns one notice per bad value.
std::vector<Message> DecodeOptimizersState(const KeyValues& kv, OptimizersState& s);
const StateCodec<OptimizersState>& OptimizersCodec(); // the two functions above

// Every field into its range (the field table), the start point into the surface's area, the
// step into the run and the edited slot into the list: what the widgets wrote, made valid.
void ClampOptimizersState(OptimizersState& s);
const TopicCodec& OptimizersTopicCodec();

} // namespace mlviz
