// Ready-made scenes of the optimizer topic, each answering one interview question
// (q60 Adam vs SGD, q75 momentum, q23 batch size, q78 lr decay, q77 input normalisation,
// q86 / q58 L1 vs L2). Data only: the view copies a preset into its state, the tests check
// that each preset really shows what its text claims.
#pragma once
#include <string_view>
#include <vector>

#include "topics/optimizers/core/optim_run.h"

namespace mlviz {

struct OptimPresetRun {
    OptimizerParams Optimizer;
    ScheduleParams Schedule;
    int Batch = 1;
};

struct OptimPreset {
    std::string_view Title;       // short, for a combo box (Russian)
    std::string_view Explanation; // what to look at (Russian, 1-3 sentences)
    SurfaceKind Surface = SurfaceKind::Quadratic;
    SurfaceParams Function;
    Vec2d Start;
    int Steps = 200;
    double NoiseSigma = 0.0;
    std::uint32_t Seed = 1;
    std::vector<OptimPresetRun> Runs;
    int Selected = 0; // the run whose arrows are shown first
};

const std::vector<OptimPreset>& OptimPresets();

// The RunConfig of run `index` of a preset.
RunConfig PresetRunConfig(const OptimPreset& preset, int index);

} // namespace mlviz
