#include "topics/optimizers/core/optim_state.h"

#include <algorithm>

#include "core/message.h"

namespace mlviz {

namespace {

// URL ids of OptimPresets(), in its order (tests check the count).
constexpr std::string_view kPresetNames[] = {"rosenbrock", "ravine", "batch", "decay", "norm", "l1", "l2"};

bool LogColorsByDefault(SurfaceKind kind)
{
    return kind != SurfaceKind::Saddle && kind != SurfaceKind::Rastrigin;
}

StateSchema<OptimizersState> MakeSchema()
{
    using S = OptimizersState;
    std::vector<std::string> presets(std::begin(kPresetNames), std::end(kPresetNames));
    StateSchema<S> schema;
    // "p" first: EncodeOptimizersState relies on it to lead the fragment.
    schema
        .Enum(
            "p", [](S& s) -> int& { return s.Preset; }, presets)
        .Enum(
            "fn", [](S& s) -> SurfaceKind& { return s.Surface; }, EnumNames<SurfaceKind>(SurfaceName))
        .Real("kappa", [](S& s) -> double& { return s.Function.Kappa; }, kKappaMin, kKappaMax,
              {MLVIZ_TR_KEY("Обусловленность κ"), "%.1f", true})
        .Real("angle", [](S& s) -> double& { return s.Function.AngleDeg; }, -90.0, 90.0, {MLVIZ_TR_KEY("Угол оврага"), "%.0f°"})
        .Bool("scaled", [](S& s) -> bool& { return s.Function.FeaturesScaled; }, {MLVIZ_TR_KEY("Признаки нормированы")})
        .Real("fscale", [](S& s) -> double& { return s.Function.FeatureScale; }, 0.1, 20.0,
              {MLVIZ_TR_KEY("Масштаб 2-го признака"), "×%.2f", true})
        .Real(
            "cx", [](S& s) -> double& { return s.Function.CenterX; }, -1e3, 1e3)
        .Real(
            "cy", [](S& s) -> double& { return s.Function.CenterY; }, -1e3, 1e3)
        .Real("ra", [](S& s) -> double& { return s.Function.RosenA; }, 0.1, 1.5, {MLVIZ_TR_KEY("a (минимум в (a, a²))"), "%.2f"})
        .Real("rb", [](S& s) -> double& { return s.Function.RosenB; }, 1.0, 1000.0,
              {MLVIZ_TR_KEY("b (крутизна стенок)"), "%.0f", true})
        .Real("rast", [](S& s) -> double& { return s.Function.RastriginA; }, 0.0, 20.0, {MLVIZ_TR_KEY("A (глубина ям)"), "%.1f"})
        .Real("l1", [](S& s) -> double& { return s.Function.L1; }, 0.0, 5.0, {"L1: λ·(|x| + |y|)", "%.3g", true})
        .Real("l2", [](S& s) -> double& { return s.Function.L2; }, 0.0, 5.0, {"L2: λ/2·(x² + y²)", "%.3g", true})
        // The widest area of any surface; DecodeOptimizersState clamps to the chosen one.
        .Real(
            "x0", [](S& s) -> double& { return s.StartX; }, -1e3, 1e3)
        .Real(
            "y0", [](S& s) -> double& { return s.StartY; }, -1e3, 1e3)
        .Int("iters", [](S& s) -> int& { return s.Steps; }, 1, 5000, {MLVIZ_TR_KEY("Итераций"), "%d", true})
        .Real("sigma", [](S& s) -> double& { return s.NoiseSigma; }, 0.0, 50.0, {MLVIZ_TR_KEY("Шум градиента σ"), "%.2f", true})
        .Int("seed", [](S& s) -> int& { return s.Seed; }, 0, 1 << 30, {MLVIZ_TR_KEY("Seed шума")});
    // The edited optimizer, numbered from 1 like the o<i> keys.
    schema.Custom(
        "sel", [](const S& s) { return std::to_string(s.Selected + 1); },
        [](S& s, std::string_view text) -> Message {
            long long v = 0;
            if (!ParseInteger(text, v)) return Msg("не целое число, пропущено");
            const long long c = std::clamp<long long>(v, 1, kOptimSlots);
            s.Selected = static_cast<int>(c - 1);
            return c == v ? Message{} : ClampNotice(1, kOptimSlots);
        });
    schema.Bool("logc", [](S& s) -> bool& { return s.LogColors; }, {MLVIZ_TR_KEY("Лог. шкала цвета")})
        .Int(
            "step", [](S& s) -> int& { return s.Step; }, 0, 5000)
        .Bool("play", [](S& s) -> bool& { return s.Playing; })
        .Real("speed", [](S& s) -> float& { return s.Speed; }, 1.0, 1000.0, {MLVIZ_TR_KEY("Скорость показа"), nullptr, true});

    const auto optimizer_names = EnumNames<OptimizerKind>(OptimizerName);
    const auto schedule_names = EnumNames<ScheduleKind>(ScheduleName);
    for (int i = 0; i < kOptimSlots; ++i) {
        const std::size_t at = static_cast<std::size_t>(i);
        const std::string o = "o" + std::to_string(i + 1);
        auto opt = [at]<typename T>(T OptimizerParams::*m) { return [at, m](S& s) -> T& { return s.Slots[at].Optimizer.*m; }; };
        auto sch = [at]<typename T>(T ScheduleParams::*m) { return [at, m](S& s) -> T& { return s.Slots[at].Schedule.*m; }; };
        schema.Enum(o, opt(&OptimizerParams::Kind), optimizer_names)
            .Bool(o + "on", [at](S& s) -> bool& { return s.Slots[at].Enabled; })
            .Real(o + "lr", opt(&OptimizerParams::Lr), 1e-5, 10.0, {"lr", "%.4g", true})
            .Real(o + "mom", opt(&OptimizerParams::Momentum), 0.0, 0.999, {"momentum", "%.3f"})
            .Real(o + "damp", opt(&OptimizerParams::Dampening), 0.0, 1.0, {"dampening", "%.2f"})
            .Bool(o + "nest", opt(&OptimizerParams::Nesterov), {"nesterov"})
            .Real(o + "wd", opt(&OptimizerParams::WeightDecay), 0.0, 1.0, {"weight_decay", "%.3g", true})
            .Real(o + "lrd", opt(&OptimizerParams::LrDecay), 0.0, 1.0, {"lr_decay", "%.3g", true})
            .Real(o + "iav", opt(&OptimizerParams::InitialAccumulatorValue), 0.0, 10.0,
                  {"initial_accumulator_value", "%.3g", true})
            .Real(o + "alpha", opt(&OptimizerParams::Alpha), 0.0, 0.9999, {"alpha", "%.4f"})
            .Bool(o + "cent", opt(&OptimizerParams::Centered), {"centered"})
            .Real(o + "b1", opt(&OptimizerParams::Beta1), 0.0, 0.999, {"betas[0] (β1)", "%.3f"})
            .Real(o + "b2", opt(&OptimizerParams::Beta2), 0.0, 0.9999, {"betas[1] (β2)", "%.4f"})
            .Bool(o + "ams", opt(&OptimizerParams::Amsgrad), {"amsgrad"})
            .Real(o + "eps", opt(&OptimizerParams::Eps), 1e-12, 1.0, {"eps", "%.0e", true})
            .Real(o + "md", opt(&OptimizerParams::MomentumDecay), 0.0, 0.1, {"momentum_decay", "%.4f"})
            .Enum(o + "s", sch(&ScheduleParams::Kind), schedule_names, {MLVIZ_TR_KEY("Расписание lr")})
            .Int(o + "ss", sch(&ScheduleParams::StepSize), 1, 2000, {MLVIZ_TR_KEY("step_size (шагов)"), "%d", true})
            .Real(o + "sg", sch(&ScheduleParams::Gamma), 0.01, 1.0, {MLVIZ_TR_KEY("gamma (множитель)"), "%.4f"})
            .Int(o + "tmax", sch(&ScheduleParams::TMax), 1, 5000, {MLVIZ_TR_KEY("T_max (полупериод)"), "%d", true})
            .Real(o + "emin", sch(&ScheduleParams::EtaMin), 0.0, 1.0, {"eta_min", "%.2g", true})
            .Real(o + "sf", sch(&ScheduleParams::StartFactor), 0.01, 1.0, {"start_factor", "%.3f"})
            .Real(o + "ef", sch(&ScheduleParams::EndFactor), 0.0, 1.0, {"end_factor", "%.3f"})
            .Int(o + "ti", sch(&ScheduleParams::TotalIters), 1, 2000, {MLVIZ_TR_KEY("total_iters (разогрев)"), "%d", true})
            .Bool(o + "smax", sch(&ScheduleParams::ModeMax))
            .Real(o + "fac", sch(&ScheduleParams::Factor), 0.0, 0.99, {"factor", "%.2f"})
            .Int(o + "pat", sch(&ScheduleParams::Patience), 0, 200, {MLVIZ_TR_KEY("patience (шагов)")})
            .Real(o + "thr", sch(&ScheduleParams::Threshold), 0.0, 0.5, {MLVIZ_TR_KEY("threshold (отн.)"), "%.2g", true})
            .Bool(o + "tabs", sch(&ScheduleParams::ThresholdAbs))
            .Int(o + "cd", sch(&ScheduleParams::Cooldown), 0, 200, {"cooldown"})
            .Real(o + "minlr", sch(&ScheduleParams::MinLr), 0.0, 1.0, {"min_lr", "%.2g", true})
            .Real(o + "peps", sch(&ScheduleParams::PlateauEps), 0.0, 1.0)
            .Int(o + "bs", [at](S& s) -> int& { return s.Slots[at].Batch; }, 1, 1024, {nullptr, "%d", true});
    }
    return schema;
}

// Clamps `v` into [lo, hi]; if it moved, one notice naming the key and the value given in `kv`
// (replacing the schema's own notice for that key: one notice per bad value).
void ClampCross(const KeyValues& kv, const std::string& key, double lo, double hi, double& v, std::vector<Message>& notices)
{
    if (v >= lo && v <= hi) return;
    v = std::clamp(v, lo, hi);
    std::erase_if(notices, [&](const Message& n) { return n.Context.starts_with(key + "="); });
    const std::string* given = nullptr; // the last one: the one the schema applied
    for (const auto& [k, value] : kv)
        if (k == key) given = &value;
    if (given)
        notices.push_back(WithContext(ClampNotice(lo, hi), key + "=" + *given));
    else
        notices.push_back(Msg("%s (значение пресета): %s", key, ClampNotice(lo, hi))); // e.g. x0 kept while fn changed the area
}

} // namespace

std::string_view OptimPresetName(int index)
{
    return index >= 0 && index < static_cast<int>(std::size(kPresetNames)) ? kPresetNames[index] : std::string_view();
}

OptimizersState OptimPresetState(int index)
{
    const auto& presets = OptimPresets();
    index = std::clamp(index, 0, static_cast<int>(presets.size()) - 1);
    const OptimPreset& p = presets[static_cast<std::size_t>(index)];
    OptimizersState s;
    s.Preset = index;
    s.Surface = p.Surface;
    s.Function = p.Function;
    s.StartX = p.Start.X;
    s.StartY = p.Start.Y;
    s.Steps = p.Steps;
    s.NoiseSigma = p.NoiseSigma;
    s.Seed = static_cast<int>(p.Seed);
    s.LogColors = LogColorsByDefault(p.Surface);
    // Unused slots get distinct optimizers, ready to be switched on.
    const OptimizerKind spare[] = {OptimizerKind::Adam,    OptimizerKind::RMSprop, OptimizerKind::NAdam,
                                   OptimizerKind::Adagrad, OptimizerKind::AdamW,   OptimizerKind::SGD};
    for (int i = 0; i < kOptimSlots; ++i) {
        OptimSlot& slot = s.Slots[static_cast<std::size_t>(i)];
        if (i < static_cast<int>(p.Runs.size())) {
            const OptimPresetRun& r = p.Runs[static_cast<std::size_t>(i)];
            slot = {true, r.Optimizer, r.Schedule, r.Batch};
        } else {
            slot.Optimizer = DefaultOptimizerParams(spare[i]);
            slot.Optimizer.Lr = 0.05;
        }
    }
    s.Selected = std::clamp(p.Selected, 0, kOptimSlots - 1);
    s.Step = s.Steps; // show whole trajectories first; "Пуск" replays them
    return s;
}

const StateSchema<OptimizersState>& OptimizersStateSchema()
{
    static const StateSchema<OptimizersState> schema = MakeSchema();
    return schema;
}

std::string EncodeOptimizersState(const OptimizersState& s)
{
    // Against the preset's own state, except for "p" itself (compared with the first preset,
    // so it is written exactly when the preset is not the first).
    OptimizersState base = OptimPresetState(s.Preset);
    base.Preset = 0;
    return OptimizersStateSchema().Encode(s, base);
}

std::vector<Message> DecodeOptimizersState(const KeyValues& kv, OptimizersState& s)
{
    const auto& schema = OptimizersStateSchema();
    KeyValues preset_kv, rest;
    for (const auto& entry : kv) {
        bool known = false;
        for (const auto& f : schema.AllFields()) known = known || f.Key == entry.first;
        if (!known) continue; // the app's keys (topic, q, v, theme, ...) and unknown ones
        (entry.first == "p" ? preset_kv : rest).push_back(entry);
    }
    OptimizersState probe;
    std::vector<Message> notices = schema.Decode(preset_kv, probe);
    OptimizersState out = OptimPresetState(probe.Preset);
    for (Message& n : schema.Decode(rest, out)) notices.push_back(std::move(n));
    // Ranges that depend on other fields.
    const Bounds2 a = DefaultArea(out.Surface);
    ClampCross(kv, "x0", a.XMin, a.XMax, out.StartX, notices);
    ClampCross(kv, "y0", a.YMin, a.YMax, out.StartY, notices);
    double step = out.Step;
    ClampCross(kv, "step", 0.0, out.Steps, step, notices);
    out.Step = static_cast<int>(step);
    s = out;
    return notices;
}

void ClampOptimizersState(OptimizersState& s)
{
    OptimizersStateSchema().Clamp(s);
    const Bounds2 a = DefaultArea(s.Surface);
    s.StartX = std::clamp(s.StartX, a.XMin, a.XMax);
    s.StartY = std::clamp(s.StartY, a.YMin, a.YMax);
    s.Step = std::clamp(s.Step, 0, s.Steps);
    s.Selected = std::clamp(s.Selected, 0, kOptimSlots - 1);
}

const StateCodec<OptimizersState>& OptimizersCodec()
{
    static const StateCodec<OptimizersState> codec{OptimizersStateSchema, DecodeOptimizersState, EncodeOptimizersState};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(OptimizersTopicCodec, OptimizersCodec())

} // namespace mlviz
