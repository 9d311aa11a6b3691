#include "topics/optimizers/core/optim_run.h"

#include <cmath>
#include <limits>

#include "core/random.h"
#include "core/message.h"

namespace mlviz {

namespace {

Message RangeError(const char* field, double v, double lo, double hi)
{
    return Msg("%s = %g вне диапазона [%g, %g]", field, v, lo, hi);
}

bool InRange(double v, double lo, double hi)
{
    return std::isfinite(v) && v >= lo && v <= hi;
}

} // namespace

Result<RunConfig> CheckRunConfig(const RunConfig& c)
{
    using R = Result<RunConfig>;
    if (c.Surface == SurfaceKind::Count) return R::Fail(Msg("функция: неизвестный вид"));
    if (!(c.Bound > 0.0 && c.Bound <= 1e12)) return R::Fail(RangeError("bound", c.Bound, 0.0, 1e12));
    const SurfaceParams& f = c.Function;
    const struct {
        const char* Field;
        double Value, Lo, Hi;
    } checks[] = {{"function_params.kappa", f.Kappa, kKappaMin, kKappaMax},
                  {"function_params.angle", f.AngleDeg, -360.0, 360.0},
                  {"function_params.feature_scale", f.FeatureScale, kFeatureScaleMin, kFeatureScaleMax},
                  {"function_params.center[0]", f.CenterX, -1e3, 1e3},
                  {"function_params.center[1]", f.CenterY, -1e3, 1e3},
                  {"function_params.a", f.RosenA, -kRosenAMax, kRosenAMax},
                  {"function_params.b", f.RosenB, 0.0, kRosenBMax},
                  {"function_params.A", f.RastriginA, 0.0, kRastriginAMax},
                  {"l1", f.L1, 0.0, kPenaltyMax},
                  {"l2", f.L2, 0.0, kPenaltyMax},
                  {"start[0]", c.Start.X, -c.Bound, c.Bound},
                  {"start[1]", c.Start.Y, -c.Bound, c.Bound},
                  {"noise.sigma", c.Noise.Sigma, 0.0, 1e6},
                  {"noise.batch", static_cast<double>(c.Noise.Batch), 1.0, 1e9},
                  {"steps", static_cast<double>(c.Steps), 0.0, kMaxRunSteps}};
    for (const auto& k : checks)
        if (!InRange(k.Value, k.Lo, k.Hi)) return R::Fail(RangeError(k.Field, k.Value, k.Lo, k.Hi));
    const auto opt = CheckOptimizerParams(c.Optimizer);
    if (!opt) return R::Fail(opt.Error());
    const auto sched = CheckScheduleParams(c.Schedule);
    if (!sched) return R::Fail(sched.Error());
    return c;
}

TrajectoryRunner::TrajectoryRunner(const RunConfig& config)
    : Cfg(config),
      Opt(MakeOptimizerState(config.Optimizer)),
      Sched(StartSchedule(config.Schedule, config.Optimizer.Lr)),
      Rng(config.Noise.Seed)
{
    W = {Cfg.Start.X, Cfg.Start.Y};
    Current = EvaluateSurface(Cfg.Surface, Cfg.Function, Cfg.Start);
    const double f = Current.F;
    if (!std::isfinite(f)) {
        Traj.DivergedAt = 0;
        Traj.Divergence = DivergenceKind::NonFinite;
        Finished_ = true;
        return;
    }
    Traj.Points.push_back(Cfg.Start);
    Traj.Loss.push_back(f);
    Finished_ = Cfg.Steps <= 0;
}

double TrajectoryRunner::Gaussian()
{
    return StandardNormal(Rng);
}

int TrajectoryRunner::Advance(int max_steps)
{
    int done = 0;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    while (!Finished_ && done < max_steps) {
        const int t = StepsDone();
        const SurfaceValue v = Current;
        Vec2Array g = {v.Grad.X, v.Grad.Y};
        if (Cfg.Noise.Sigma > 0.0) {
            const double sd = Cfg.Noise.Sigma / std::sqrt(static_cast<double>(Cfg.Noise.Batch));
            g[0] += sd * Gaussian();
            g[1] += sd * Gaussian();
        }
        const double lr = Sched.Lr;
        OptimizerStep(Cfg.Optimizer, Opt, W, g, lr);
        // ReduceLROnPlateau watches this iteration's loss, as in sched.step(loss.item()).
        StepSchedule(Cfg.Schedule, Sched, v.F);
        ++done;

        const Vec2d next{W[0], W[1]};
        if (std::isfinite(next.X) && std::isfinite(next.Y)) Current = EvaluateSurface(Cfg.Surface, Cfg.Function, next);
        const double f = std::isfinite(next.X) && std::isfinite(next.Y) ? Current.F : nan;
        if (!std::isfinite(f)) {
            Traj.Divergence = DivergenceKind::NonFinite;
        } else if (std::fabs(next.X) > Cfg.Bound || std::fabs(next.Y) > Cfg.Bound) {
            Traj.Divergence = DivergenceKind::OutOfBounds;
        }
        if (Traj.Divergence != DivergenceKind::None) {
            Traj.DivergedAt = t + 1;
            Finished_ = true;
            break;
        }
        const auto m = MomentVector(Cfg.Optimizer, Opt);
        Traj.Points.push_back(next);
        Traj.Loss.push_back(f);
        Traj.Lr.push_back(lr);
        Traj.Grad.push_back({g[0], g[1]});
        Traj.Moment.push_back(m ? Vec2d{(*m)[0], (*m)[1]} : Vec2d{nan, nan});
        if (StepsDone() >= Cfg.Steps) Finished_ = true;
    }
    return done;
}

Result<Trajectory> RunTrajectory(const RunConfig& config)
{
    const auto checked = CheckRunConfig(config);
    if (!checked) return Result<Trajectory>::Fail(checked.Error());
    TrajectoryRunner runner(config);
    while (!runner.Finished()) runner.Advance(kMaxRunSteps);
    return runner.Result();
}

} // namespace mlviz
