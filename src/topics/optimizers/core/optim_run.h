// One optimizer run on a 2-D loss surface: the standard PyTorch training loop
//   for t in 1..N: loss = f(w); loss.backward(); opt.step(); sched.step()   (or sched.step(loss))
// with optional minibatch noise on the gradient, computed incrementally so a view can spread
// long runs over frames. Divergence (a non-finite value, or |x| or |y| beyond Bound) stops the run.
#pragma once
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "topics/optimizers/core/optim_functions.h"
#include "topics/optimizers/core/optim_optimizers.h"
#include "topics/optimizers/core/optim_schedules.h"
#include "core/result.h"

namespace mlviz {

// Minibatch noise (q23): the optimizer sees grad + N(0, Sigma² / Batch) in each coordinate,
// from a std::mt19937 seeded with Seed (own Box-Muller transform, identical on every platform).
struct GradientNoise {
    double Sigma = 0.0;
    int Batch = 1;
    std::uint32_t Seed = 1;

    bool operator==(const GradientNoise&) const = default;
};

struct RunConfig {
    SurfaceKind Surface = SurfaceKind::Quadratic;
    SurfaceParams Function; // includes the L1 / L2 penalties
    Vec2d Start;
    int Steps = 100;
    OptimizerParams Optimizer;
    ScheduleParams Schedule;
    GradientNoise Noise;
    double Bound = 1e6; // |x| or |y| beyond this counts as divergence

    bool operator==(const RunConfig&) const = default;
};

inline constexpr int kMaxRunSteps = 100000;

// Checks every field (optimizer and schedule as PyTorch would, ranges of the rest).
Result<RunConfig> CheckRunConfig(const RunConfig& c);

enum class DivergenceKind { None, NonFinite, OutOfBounds };

// Step t = 0..n: Points[t] = w_t, Loss[t] = f(w_t) (noise-free, penalties included).
// Lr[t] is the learning rate of the step that produced w_{t+1}; Grad[t] the (noisy) gradient
// taken at w_t and Moment[t] the optimizer's momentum / first-moment vector after that step
// (NaN when the optimizer has none). So Lr, Grad and Moment have one entry less than Points.
// When step k diverges (DivergedAt = k), w_k is not stored: the run ends at w_{k-1}.
struct Trajectory {
    std::vector<Vec2d> Points;
    std::vector<double> Loss;
    std::vector<double> Lr;
    std::vector<Vec2d> Grad;
    std::vector<Vec2d> Moment;
    int DivergedAt = -1;
    DivergenceKind Divergence = DivergenceKind::None;
};

class TrajectoryRunner {
public:
    // `config` must have passed CheckRunConfig.
    explicit TrajectoryRunner(const RunConfig& config);
    // Performs up to `max_steps` more steps; returns how many were performed.
    int Advance(int max_steps);
    bool Finished() const { return Finished_; }
    int StepsDone() const { return static_cast<int>(Traj.Lr.size()); }
    const Trajectory& Result() const { return Traj; }
    const RunConfig& Config() const { return Cfg; }

private:
    double Gaussian();

    RunConfig Cfg;
    Trajectory Traj;
    OptimizerState Opt;
    ScheduleState Sched;
    std::mt19937 Rng;
    Vec2Array W{};
    SurfaceValue Current; // loss and gradient at W: each step evaluates the surface once
    bool Finished_ = false;
};

// The whole run at once (CLI, tests).
Result<Trajectory> RunTrajectory(const RunConfig& config);

} // namespace mlviz
