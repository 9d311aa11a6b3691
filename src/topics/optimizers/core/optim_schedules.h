// Learning-rate schedules with the exact recursive formulas torch.optim.lr_scheduler (1.13,
// unchanged in 2.x) applies when step() is called once per iteration after optimizer.step():
//   StepLR(step_size, gamma=0.1), ExponentialLR(gamma), CosineAnnealingLR(T_max, eta_min=0)
//   (the recursive form, periodic after T_max, not the closed form), LinearLR(start_factor=1/3,
//   end_factor=1, total_iters=5) as linear warm-up, ReduceLROnPlateau(mode='min', factor=0.1,
//   patience=10, threshold=1e-4, threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8).
// Epochs are counted as torch's last_epoch: 0 after construction, +1 per step().
#pragma once
#include <optional>
#include <string_view>

#include "core/result.h"

namespace mlviz {

enum class ScheduleKind { Constant, Step, Exponential, Cosine, LinearWarmup, Plateau, Count };

struct ScheduleParams {
    ScheduleKind Kind = ScheduleKind::Constant;
    int StepSize = 30;                               // StepLR
    double Gamma = 0.1;                              // StepLR, ExponentialLR (torch requires it for ExponentialLR)
    int TMax = 100;                                  // CosineAnnealingLR
    double EtaMin = 0.0;                             // CosineAnnealingLR
    double StartFactor = 1.0 / 3.0, EndFactor = 1.0; // LinearLR
    int TotalIters = 5;                              // LinearLR
    bool ModeMax = false;                            // ReduceLROnPlateau mode 'max' (default 'min')
    double Factor = 0.1;                             // ReduceLROnPlateau
    int Patience = 10;
    double Threshold = 1e-4;
    bool ThresholdAbs = false; // threshold_mode 'abs' (default 'rel')
    int Cooldown = 0;
    double MinLr = 0.0;
    double PlateauEps = 1e-8; // ReduceLROnPlateau's eps

    bool operator==(const ScheduleParams&) const = default;
};

// torch's constructor checks plus what would raise at step time (step_size and T_max of 0
// divide by zero), naming the PyTorch field.
Result<ScheduleParams> CheckScheduleParams(const ScheduleParams& p);

struct ScheduleState {
    double Lr = 0.0;     // the optimizer's param_group['lr']
    double BaseLr = 0.0; // initial lr (base_lrs)
    long long LastEpoch = 0;
    // ReduceLROnPlateau
    double Best = 0.0;
    int NumBadEpochs = 0;
    int CooldownCounter = 0;
};

// The state right after the scheduler's constructor: LinearLR already scales lr by start_factor.
ScheduleState StartSchedule(const ScheduleParams& p, double base_lr);

// scheduler.step(); `metric` is used only by ReduceLROnPlateau (scheduler.step(metric)).
void StepSchedule(const ScheduleParams& p, ScheduleState& s, double metric);

std::string_view ScheduleName(ScheduleKind kind);  // "constant", "step", "exponential", "cosine", "linear", "plateau"
std::string_view ScheduleLabel(ScheduleKind kind); // Russian display name
std::optional<ScheduleKind> ScheduleFromName(std::string_view name);

} // namespace mlviz
