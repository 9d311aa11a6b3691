#include "topics/optimizers/core/optim_schedules.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/enum_table.h"
#include "core/message.h"

namespace mlviz {

namespace {

constexpr double kPi = 3.14159265358979323846; // Python's math.pi, the same double

Message Fail(ScheduleKind kind, const Message& what, const char* field, double value)
{
    const std::string name(ScheduleName(kind));
    return Msg("расписание '%s': %s (%s = %g)", name.c_str(), what, field, value);
}

// Python's a % b for b > 0: the result has the sign of b.
long long PyMod(long long a, long long b)
{
    const long long r = a % b;
    return r < 0 ? r + b : r;
}

bool PlateauIsBetter(const ScheduleParams& p, double a, double best)
{
    if (!p.ModeMax && !p.ThresholdAbs) return a < best * (1.0 - p.Threshold);
    if (!p.ModeMax && p.ThresholdAbs) return a < best - p.Threshold;
    if (p.ModeMax && !p.ThresholdAbs) return a > best * (p.Threshold + 1.0);
    return a > best + p.Threshold;
}

} // namespace

Result<ScheduleParams> CheckScheduleParams(const ScheduleParams& p)
{
    using R = Result<ScheduleParams>;
    const ScheduleKind k = p.Kind;
    const struct {
        const char* Field;
        double Value;
    } numbers[] = {{"gamma", p.Gamma},          {"eta_min", p.EtaMin}, {"start_factor", p.StartFactor},
                   {"end_factor", p.EndFactor}, {"factor", p.Factor},  {"threshold", p.Threshold},
                   {"min_lr", p.MinLr},         {"eps", p.PlateauEps}};
    for (const auto& n : numbers)
        if (!std::isfinite(n.Value)) return R::Fail(Fail(k, Msg("значение не конечно"), n.Field, n.Value));
    switch (k) {
    case ScheduleKind::Step:
        if (p.StepSize < 1) return R::Fail(Fail(k, Msg("step_size должен быть >= 1"), "step_size", p.StepSize));
        break;
    case ScheduleKind::Cosine:
        if (p.TMax < 1) return R::Fail(Fail(k, Msg("T_max должен быть >= 1"), "T_max", p.TMax));
        break;
    case ScheduleKind::LinearWarmup:
        if (p.StartFactor > 1.0 || p.StartFactor < 0.0)
            return R::Fail(Fail(k, Msg("начальный множитель должен быть между 0 и 1"), "start_factor", p.StartFactor));
        if (p.EndFactor > 1.0 || p.EndFactor < 0.0)
            return R::Fail(Fail(k, Msg("конечный множитель должен быть между 0 и 1"), "end_factor", p.EndFactor));
        if (p.TotalIters < 1) return R::Fail(Fail(k, Msg("total_iters должен быть >= 1"), "total_iters", p.TotalIters));
        // start_factor = 0 divides by zero in torch's first recursive step.
        if (p.StartFactor == 0.0) return R::Fail(Fail(k, Msg("start_factor должен быть > 0"), "start_factor", p.StartFactor));
        break;
    case ScheduleKind::Plateau:
        if (p.Factor >= 1.0) return R::Fail(Fail(k, Msg("factor должен быть < 1.0"), "factor", p.Factor));
        if (p.Factor < 0.0) return R::Fail(Fail(k, Msg("factor должен быть >= 0"), "factor", p.Factor));
        if (p.Patience < 0) return R::Fail(Fail(k, Msg("patience должен быть >= 0"), "patience", p.Patience));
        if (p.Cooldown < 0) return R::Fail(Fail(k, Msg("cooldown должен быть >= 0"), "cooldown", p.Cooldown));
        if (p.MinLr < 0.0) return R::Fail(Fail(k, Msg("min_lr должен быть >= 0"), "min_lr", p.MinLr));
        break;
    default: break;
    }
    return p;
}

ScheduleState StartSchedule(const ScheduleParams& p, double base_lr)
{
    ScheduleState s;
    s.BaseLr = base_lr;
    s.Lr = base_lr;
    s.LastEpoch = 0;
    if (p.Kind == ScheduleKind::LinearWarmup) s.Lr = base_lr * p.StartFactor;
    if (p.Kind == ScheduleKind::Plateau)
        s.Best = p.ModeMax ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    return s;
}

void StepSchedule(const ScheduleParams& p, ScheduleState& s, double metric)
{
    s.LastEpoch += 1;
    const long long e = s.LastEpoch;
    switch (p.Kind) {
    case ScheduleKind::Constant: break;
    case ScheduleKind::Step:
        if (e % p.StepSize == 0) s.Lr = s.Lr * p.Gamma;
        break;
    case ScheduleKind::Exponential: s.Lr = s.Lr * p.Gamma; break;
    case ScheduleKind::Cosine: {
        const double t = p.TMax;
        if (PyMod(e - 1 - p.TMax, 2LL * p.TMax) == 0) {
            s.Lr = s.Lr + (s.BaseLr - p.EtaMin) * (1.0 - std::cos(kPi / t)) / 2.0;
        } else {
            s.Lr = (1.0 + std::cos(kPi * static_cast<double>(e) / t)) / (1.0 + std::cos(kPi * static_cast<double>(e - 1) / t)) *
                    (s.Lr - p.EtaMin) +
                p.EtaMin;
        }
        break;
    }
    case ScheduleKind::LinearWarmup:
        if (e <= p.TotalIters)
            s.Lr = s.Lr *
                (1.0 +
                 (p.EndFactor - p.StartFactor) /
                     (p.TotalIters * p.StartFactor + static_cast<double>(e - 1) * (p.EndFactor - p.StartFactor)));
        break;
    case ScheduleKind::Plateau: {
        if (PlateauIsBetter(p, metric, s.Best)) {
            s.Best = metric;
            s.NumBadEpochs = 0;
        } else {
            s.NumBadEpochs += 1;
        }
        if (s.CooldownCounter > 0) {
            s.CooldownCounter -= 1;
            s.NumBadEpochs = 0; // bad epochs during cooldown are ignored
        }
        if (s.NumBadEpochs > p.Patience) {
            const double new_lr = std::max(s.Lr * p.Factor, p.MinLr);
            if (s.Lr - new_lr > p.PlateauEps) s.Lr = new_lr;
            s.CooldownCounter = p.Cooldown;
            s.NumBadEpochs = 0;
        }
        break;
    }
    case ScheduleKind::Count: break;
    }
}

namespace {

// In ScheduleKind order; labels are Russian keys the view translates.
constexpr EnumRow kScheduleRows[] = {{"constant", MLVIZ_TR_KEY("Постоянный")},      {"step", MLVIZ_TR_KEY("Ступени (StepLR)")},
                                     {"exponential", MLVIZ_TR_KEY("Экспонента")},   {"cosine", MLVIZ_TR_KEY("Косинус")},
                                     {"linear", MLVIZ_TR_KEY("Линейный разогрев")}, {"plateau", MLVIZ_TR_KEY("На плато")}};
static_assert(std::size(kScheduleRows) == static_cast<std::size_t>(ScheduleKind::Count));

} // namespace

std::string_view ScheduleName(ScheduleKind kind)
{
    return EnumRowName(kScheduleRows, kind);
}
std::string_view ScheduleLabel(ScheduleKind kind)
{
    return EnumRowLabel(kScheduleRows, kind);
}
std::optional<ScheduleKind> ScheduleFromName(std::string_view name)
{
    return EnumRowFromName<ScheduleKind>(kScheduleRows, name);
}

} // namespace mlviz
