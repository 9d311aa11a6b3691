// mlviz-cli optim: {"function", "function_params", "start", "steps", "optimizer", "schedule",
// "noise", "l1", "l2", "bound"} -> {"trajectory", "loss", "lr", "diverged_at", "divergence"}.
// Optimizer and schedule fields use PyTorch's names; "start" defaults to the function's start.
#include <cmath>
#include <limits>

#include "cli/commands.h"
#include "topics/optimizers/core/optim_run.h"

namespace mlviz {

namespace {

constexpr double kHuge = std::numeric_limits<double>::max();

const Json& RequireSubObject(const Json& in, const char* field)
{
    const auto it = in.find(field);
    if (it == in.end()) FailInput(std::string("missing field '") + field + "'");
    if (!it->is_object()) FailInput(std::string("field '") + field + "' must be an object, got " + it->type_name());
    return *it;
}

// Prefixes nested field names, so "lr" is reported as "optimizer.lr".
template <typename F>
auto Nested(const char* prefix, F read) -> decltype(read())
{
    try {
        return read();
    } catch (CliInputError& e) {
        const auto q = e.Message.find('\'');
        if (q != std::string::npos) e.Message.insert(q + 1, std::string(prefix) + ".");
        throw;
    }
}

SurfaceParams ReadFunctionParams(const Json& in, SurfaceKind kind)
{
    SurfaceParams p;
    if (!in.contains("function_params")) return p;
    const Json& fp = RequireSubObject(in, "function_params");
    const std::string context = "in 'function_params' for function '" + std::string(SurfaceName(kind)) + "'";
    return Nested("function_params", [&] {
        switch (kind) {
        case SurfaceKind::Quadratic: {
            RequireKnownKeys(fp, {"kappa", "angle", "scaled", "feature_scale", "center"}, context);
            p.Kappa = ReadNumber(fp, "kappa", p.Kappa, kKappaMin, kKappaMax);
            p.AngleDeg = ReadNumber(fp, "angle", p.AngleDeg, -360.0, 360.0);
            p.FeaturesScaled = ReadBool(fp, "scaled", p.FeaturesScaled);
            p.FeatureScale = ReadNumber(fp, "feature_scale", p.FeatureScale, kFeatureScaleMin, kFeatureScaleMax);
            if (fp.contains("center")) {
                const auto c = ReadNumberArray(fp, "center", 2);
                if (c.size() != 2) FailInput("field 'center' must hold 2 numbers [x, y]");
                p.CenterX = c[0];
                p.CenterY = c[1];
            }
            break;
        }
        case SurfaceKind::Rosenbrock:
            RequireKnownKeys(fp, {"a", "b"}, context);
            p.RosenA = ReadNumber(fp, "a", p.RosenA, -kRosenAMax, kRosenAMax);
            p.RosenB = ReadNumber(fp, "b", p.RosenB, 0.0, kRosenBMax);
            break;
        case SurfaceKind::Rastrigin:
            RequireKnownKeys(fp, {"A"}, context);
            p.RastriginA = ReadNumber(fp, "A", p.RastriginA, 0.0, kRastriginAMax);
            break;
        default: RequireKnownKeys(fp, {}, context); break;
        }
        return p;
    });
}

OptimizerParams ReadOptimizer(const Json& in)
{
    const Json& o = RequireSubObject(in, "optimizer");
    return Nested("optimizer", [&] {
        const std::string name = RequireString(o, "name");
        const auto kind = OptimizerFromName(name);
        if (!kind) FailInput("field 'name': unknown optimizer '" + name + "' (one of sgd, adagrad, rmsprop, adam, adamw, nadam)");
        OptimizerParams p = DefaultOptimizerParams(*kind);
        const std::string context = "for optimizer '" + name + "'";
        // Only range-check for finiteness here; PyTorch's own checks follow in the core.
        auto num = [&](const char* field, double& v) { v = ReadNumber(o, field, v, -kHuge, kHuge); };
        if (*kind == OptimizerKind::SGD) {
            RequireKnownKeys(o, {"name", "lr", "momentum", "dampening", "weight_decay", "nesterov"}, context);
            if (!o.contains("lr")) FailInput("missing field 'lr' (torch.optim.SGD has no default learning rate)");
            num("momentum", p.Momentum);
            num("dampening", p.Dampening);
            p.Nesterov = ReadBool(o, "nesterov", p.Nesterov);
        } else if (*kind == OptimizerKind::Adagrad) {
            RequireKnownKeys(o, {"name", "lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"}, context);
            num("lr_decay", p.LrDecay);
            num("initial_accumulator_value", p.InitialAccumulatorValue);
        } else if (*kind == OptimizerKind::RMSprop) {
            RequireKnownKeys(o, {"name", "lr", "alpha", "eps", "weight_decay", "momentum", "centered"}, context);
            num("alpha", p.Alpha);
            num("momentum", p.Momentum);
            p.Centered = ReadBool(o, "centered", p.Centered);
        } else {
            const bool nadam = *kind == OptimizerKind::NAdam;
            if (nadam)
                RequireKnownKeys(o, {"name", "lr", "betas", "eps", "weight_decay", "momentum_decay"}, context);
            else
                RequireKnownKeys(o, {"name", "lr", "betas", "eps", "weight_decay", "amsgrad"}, context);
            if (o.contains("betas")) {
                const auto b = ReadNumberArray(o, "betas", 2);
                if (b.size() != 2) FailInput("field 'betas' must hold 2 numbers [beta1, beta2]");
                p.Beta1 = b[0];
                p.Beta2 = b[1];
            }
            if (nadam)
                num("momentum_decay", p.MomentumDecay);
            else
                p.Amsgrad = ReadBool(o, "amsgrad", p.Amsgrad);
        }
        num("lr", p.Lr);
        num("weight_decay", p.WeightDecay);
        num("eps", p.Eps);
        return p;
    });
}

ScheduleParams ReadSchedule(const Json& in)
{
    ScheduleParams p;
    if (!in.contains("schedule")) return p;
    const Json& s = RequireSubObject(in, "schedule");
    return Nested("schedule", [&] {
        const std::string name = RequireString(s, "name");
        const auto kind = ScheduleFromName(name);
        if (!kind)
            FailInput("field 'name': unknown schedule '" + name +
                      "' (one of constant, step, exponential, cosine, linear, plateau)");
        p.Kind = *kind;
        const std::string context = "for schedule '" + name + "'";
        auto num = [&](const char* field, double& v) { v = ReadNumber(s, field, v, -kHuge, kHuge); };
        auto integer = [&](const char* field, int& v) {
            v = static_cast<int>(ReadInt(s, field, v, -1'000'000'000, 1'000'000'000));
        };
        switch (*kind) {
        case ScheduleKind::Constant: RequireKnownKeys(s, {"name"}, context); break;
        case ScheduleKind::Step:
            RequireKnownKeys(s, {"name", "step_size", "gamma"}, context);
            if (!s.contains("step_size")) FailInput("missing field 'step_size'");
            integer("step_size", p.StepSize);
            num("gamma", p.Gamma);
            break;
        case ScheduleKind::Exponential:
            RequireKnownKeys(s, {"name", "gamma"}, context);
            if (!s.contains("gamma")) FailInput("missing field 'gamma'");
            num("gamma", p.Gamma);
            break;
        case ScheduleKind::Cosine:
            RequireKnownKeys(s, {"name", "T_max", "eta_min"}, context);
            if (!s.contains("T_max")) FailInput("missing field 'T_max'");
            integer("T_max", p.TMax);
            num("eta_min", p.EtaMin);
            break;
        case ScheduleKind::LinearWarmup:
            RequireKnownKeys(s, {"name", "start_factor", "end_factor", "total_iters"}, context);
            num("start_factor", p.StartFactor);
            num("end_factor", p.EndFactor);
            integer("total_iters", p.TotalIters);
            break;
        case ScheduleKind::Plateau: {
            RequireKnownKeys(
                s, {"name", "mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps"}, context);
            const std::string mode = ReadString(s, "mode", "min");
            if (mode != "min" && mode != "max") FailInput("field 'mode' must be \"min\" or \"max\"");
            p.ModeMax = mode == "max";
            const std::string tm = ReadString(s, "threshold_mode", "rel");
            if (tm != "rel" && tm != "abs") FailInput("field 'threshold_mode' must be \"rel\" or \"abs\"");
            p.ThresholdAbs = tm == "abs";
            num("factor", p.Factor);
            integer("patience", p.Patience);
            num("threshold", p.Threshold);
            integer("cooldown", p.Cooldown);
            num("min_lr", p.MinLr);
            num("eps", p.PlateauEps);
            break;
        }
        case ScheduleKind::Count: break;
        }
        return p;
    });
}

} // namespace

Json OptimCommand(const Json& in)
{
    RequireObject(in, {"function", "function_params", "start", "steps", "optimizer", "schedule", "noise", "l1", "l2", "bound"});
    const std::string fname = RequireString(in, "function");
    const auto kind = SurfaceFromName(fname);
    if (!kind)
        FailInput("field 'function': unknown function '" + fname +
                  "' (one of quadratic, rosenbrock, beale, himmelblau, saddle, rastrigin)");

    RunConfig c;
    c.Surface = *kind;
    c.Function = ReadFunctionParams(in, *kind);
    c.Function.L1 = ReadNumber(in, "l1", 0.0, 0.0, kPenaltyMax);
    c.Function.L2 = ReadNumber(in, "l2", 0.0, 0.0, kPenaltyMax);
    c.Bound = ReadNumber(in, "bound", c.Bound, 1e-6, 1e12);
    c.Start = DefaultStart(*kind);
    if (in.contains("start")) {
        const auto s = ReadNumberArray(in, "start", 2);
        if (s.size() != 2) FailInput("field 'start' must hold 2 numbers [x, y]");
        c.Start = {s[0], s[1]};
    }
    c.Steps = static_cast<int>(RequireInt(in, "steps", 0, kMaxRunSteps));
    c.Optimizer = ReadOptimizer(in);
    c.Schedule = ReadSchedule(in);
    if (in.contains("noise")) {
        const Json& n = RequireSubObject(in, "noise");
        Nested("noise", [&] {
            RequireKnownKeys(n, {"sigma", "batch", "seed"}, "in 'noise'");
            c.Noise.Sigma = ReadNumber(n, "sigma", 0.0, 0.0, 1e6);
            c.Noise.Batch = static_cast<int>(ReadInt(n, "batch", 1, 1, 1'000'000'000));
            c.Noise.Seed = static_cast<std::uint32_t>(ReadInt(n, "seed", 1, 0, 4294967295LL));
            return 0;
        });
    }

    const auto run = RunTrajectory(c);
    if (!run) FailInput(run.Error());
    const Trajectory& t = run.Value();
    Json points = Json::array();
    for (const Vec2d& w : t.Points) points.push_back({w.X, w.Y});
    Json out = {{"trajectory", points}, {"loss", t.Loss}, {"lr", t.Lr}};
    out["diverged_at"] = t.DivergedAt < 0 ? Json(nullptr) : Json(t.DivergedAt);
    out["divergence"] = t.Divergence == DivergenceKind::None
        ? Json(nullptr)
        : Json(t.Divergence == DivergenceKind::NonFinite ? "non_finite" : "out_of_bounds");
    return out;
}

} // namespace mlviz
