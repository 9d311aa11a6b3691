#include "topics/optimizers/core/optim_optimizers.h"

#include <algorithm>
#include <cmath>

#include "core/enum_table.h"
#include "core/message.h"

namespace mlviz {

OptimizerParams DefaultOptimizerParams(OptimizerKind kind)
{
    OptimizerParams p;
    p.Kind = kind;
    switch (kind) {
    case OptimizerKind::SGD: p.Lr = 0.01; break;
    case OptimizerKind::Adagrad:
        p.Lr = 1e-2;
        p.Eps = 1e-10;
        break;
    case OptimizerKind::RMSprop: p.Lr = 1e-2; break;
    case OptimizerKind::Adam: p.Lr = 1e-3; break;
    case OptimizerKind::AdamW:
        p.Lr = 1e-3;
        p.WeightDecay = 1e-2;
        break;
    case OptimizerKind::NAdam: p.Lr = 2e-3; break;
    case OptimizerKind::Count: break;
    }
    return p;
}

namespace {

Message Fail(const OptimizerParams& p, const Message& what, const char* field, double value)
{
    const std::string name(OptimizerName(p.Kind));
    return Msg("оптимизатор '%s': %s (%s = %g)", name.c_str(), what, field, value);
}

} // namespace

Result<OptimizerParams> CheckOptimizerParams(const OptimizerParams& p)
{
    using R = Result<OptimizerParams>;
    if (p.Kind == OptimizerKind::Count) return R::Fail(Msg("оптимизатор: неизвестный вид"));
    const struct {
        const char* Field;
        double Value;
    } numbers[] = {{"lr", p.Lr},
                   {"momentum", p.Momentum},
                   {"dampening", p.Dampening},
                   {"weight_decay", p.WeightDecay},
                   {"lr_decay", p.LrDecay},
                   {"initial_accumulator_value", p.InitialAccumulatorValue},
                   {"alpha", p.Alpha},
                   {"betas[0]", p.Beta1},
                   {"betas[1]", p.Beta2},
                   {"eps", p.Eps},
                   {"momentum_decay", p.MomentumDecay}};
    for (const auto& n : numbers)
        if (!std::isfinite(n.Value)) return R::Fail(Fail(p, Msg("значение не конечно"), n.Field, n.Value));

    // The checks of each torch.optim constructor, in its order.
    if (!(p.Lr >= 0.0)) return R::Fail(Fail(p, Msg("недопустимый шаг обучения"), "lr", p.Lr));
    const OptimizerKind k = p.Kind;
    if (k == OptimizerKind::SGD) {
        if (p.Momentum < 0.0) return R::Fail(Fail(p, Msg("недопустимое значение momentum"), "momentum", p.Momentum));
        if (p.WeightDecay < 0.0)
            return R::Fail(Fail(p, Msg("недопустимое значение weight_decay"), "weight_decay", p.WeightDecay));
        if (p.Nesterov && (p.Momentum <= 0.0 || p.Dampening != 0.0))
            return R::Fail(
                Msg("оптимизатор 'sgd': импульсу Нестерова нужны ненулевой momentum и нулевой dampening (поле 'nesterov')"));
    } else if (k == OptimizerKind::Adagrad) {
        if (p.LrDecay < 0.0) return R::Fail(Fail(p, Msg("недопустимое значение lr_decay"), "lr_decay", p.LrDecay));
        if (p.WeightDecay < 0.0)
            return R::Fail(Fail(p, Msg("недопустимое значение weight_decay"), "weight_decay", p.WeightDecay));
        if (p.InitialAccumulatorValue < 0.0)
            return R::Fail(Fail(p, Msg("недопустимое значение initial_accumulator_value"), "initial_accumulator_value",
                                p.InitialAccumulatorValue));
        if (p.Eps < 0.0) return R::Fail(Fail(p, Msg("недопустимое значение epsilon"), "eps", p.Eps));
    } else if (k == OptimizerKind::RMSprop) {
        if (p.Eps < 0.0) return R::Fail(Fail(p, Msg("недопустимое значение epsilon"), "eps", p.Eps));
        if (p.Momentum < 0.0) return R::Fail(Fail(p, Msg("недопустимое значение momentum"), "momentum", p.Momentum));
        if (p.WeightDecay < 0.0)
            return R::Fail(Fail(p, Msg("недопустимое значение weight_decay"), "weight_decay", p.WeightDecay));
        if (p.Alpha < 0.0) return R::Fail(Fail(p, Msg("недопустимое значение alpha"), "alpha", p.Alpha));
    } else { // Adam, AdamW, NAdam
        if (p.Eps < 0.0) return R::Fail(Fail(p, Msg("недопустимое значение epsilon"), "eps", p.Eps));
        if (!(p.Beta1 >= 0.0 && p.Beta1 < 1.0))
            return R::Fail(Fail(p, Msg("недопустимый параметр beta с индексом 0"), "betas[0]", p.Beta1));
        if (!(p.Beta2 >= 0.0 && p.Beta2 < 1.0))
            return R::Fail(Fail(p, Msg("недопустимый параметр beta с индексом 1"), "betas[1]", p.Beta2));
        if (p.WeightDecay < 0.0)
            return R::Fail(Fail(p, Msg("недопустимое значение weight_decay"), "weight_decay", p.WeightDecay));
        if (k == OptimizerKind::NAdam && p.MomentumDecay < 0.0)
            return R::Fail(Fail(p, Msg("недопустимое значение momentum_decay"), "momentum_decay", p.MomentumDecay));
    }
    return p;
}

OptimizerState MakeOptimizerState(const OptimizerParams& p)
{
    OptimizerState s;
    if (p.Kind == OptimizerKind::Adagrad) s.Sum = {p.InitialAccumulatorValue, p.InitialAccumulatorValue};
    return s;
}

namespace {

// torch's element-wise kernels, with the rounding they have on x86 CPUs with FMA (torch's
// AVX2 kernels are compiled with contraction); checked bit for bit against torch 1.13:
//   self.add(other, alpha=a)          = fma(a, other, self)
//   self.addcmul(t1, t2, value=v)     = fma(v * t1, t2, self)
//   self.addcdiv(t1, t2, value=v)     = self + (v * t1) / t2
// std::fma rounds once on every platform, so the web build computes the same numbers.
double Add(double self, double other, double alpha)
{
    return std::fma(alpha, other, self);
}

double Addcmul(double self, double t1, double t2, double value)
{
    return std::fma(value * t1, t2, self);
}

double Addcdiv(double self, double t1, double t2, double value)
{
    return self + (value * t1) / t2;
}

void StepSgd(const OptimizerParams& p, OptimizerState& s, Vec2Array& param, const Vec2Array& grad, double lr)
{
    Vec2Array d = grad;
    if (p.WeightDecay != 0.0)
        for (int i = 0; i < 2; ++i) d[i] = Add(d[i], param[i], p.WeightDecay);
    if (p.Momentum != 0.0) {
        if (!s.HasMomentumBuffer) {
            s.MomentumBuffer = d; // torch.clone(d_p): the first step has no dampening
            s.HasMomentumBuffer = true;
        } else {
            for (int i = 0; i < 2; ++i) s.MomentumBuffer[i] = Add(s.MomentumBuffer[i] * p.Momentum, d[i], 1.0 - p.Dampening);
        }
        if (p.Nesterov)
            for (int i = 0; i < 2; ++i) d[i] = Add(d[i], s.MomentumBuffer[i], p.Momentum);
        else
            d = s.MomentumBuffer;
    }
    for (int i = 0; i < 2; ++i) param[i] = Add(param[i], d[i], -lr);
}

void StepAdagrad(const OptimizerParams& p, OptimizerState& s, Vec2Array& param, const Vec2Array& grad, double lr)
{
    s.Step += 1.0;
    Vec2Array g = grad;
    if (p.WeightDecay != 0.0)
        for (int i = 0; i < 2; ++i) g[i] = Add(g[i], param[i], p.WeightDecay);
    const double clr = lr / (1.0 + (s.Step - 1.0) * p.LrDecay);
    for (int i = 0; i < 2; ++i) {
        s.Sum[i] = Addcmul(s.Sum[i], g[i], g[i], 1.0);
        const double std_dev = std::sqrt(s.Sum[i]) + p.Eps;
        param[i] = Addcdiv(param[i], g[i], std_dev, -clr);
    }
}

void StepRmsprop(const OptimizerParams& p, OptimizerState& s, Vec2Array& param, const Vec2Array& grad, double lr)
{
    s.Step += 1.0;
    Vec2Array g = grad;
    if (p.WeightDecay != 0.0)
        for (int i = 0; i < 2; ++i) g[i] = Add(g[i], param[i], p.WeightDecay);
    for (int i = 0; i < 2; ++i) {
        s.SquareAvg[i] = Addcmul(s.SquareAvg[i] * p.Alpha, g[i], g[i], 1.0 - p.Alpha);
        double avg;
        if (p.Centered) {
            s.GradAvg[i] = Add(s.GradAvg[i] * p.Alpha, g[i], 1.0 - p.Alpha);
            avg = std::sqrt(Addcmul(s.SquareAvg[i], s.GradAvg[i], s.GradAvg[i], -1.0));
        } else {
            avg = std::sqrt(s.SquareAvg[i]);
        }
        avg = avg + p.Eps;
        if (p.Momentum > 0.0) {
            s.MomentumBuffer[i] = Addcdiv(s.MomentumBuffer[i] * p.Momentum, g[i], avg, 1.0);
            param[i] = Add(param[i], s.MomentumBuffer[i], -lr);
        } else {
            param[i] = Addcdiv(param[i], g[i], avg, -lr);
        }
    }
    s.HasMomentumBuffer = p.Momentum > 0.0;
}

// Adam and AdamW (torch 1.13 _single_tensor_adam / _single_tensor_adamw, capturable=False).
void StepAdam(const OptimizerParams& p, OptimizerState& s, Vec2Array& param, const Vec2Array& grad, double lr, bool decoupled)
{
    s.Step += 1.0;
    Vec2Array g = grad;
    if (decoupled) {
        for (int i = 0; i < 2; ++i) param[i] = param[i] * (1.0 - lr * p.WeightDecay);
    } else if (p.WeightDecay != 0.0) {
        for (int i = 0; i < 2; ++i) g[i] = Add(g[i], param[i], p.WeightDecay);
    }
    const double bias_correction1 = 1.0 - std::pow(p.Beta1, s.Step);
    const double bias_correction2 = 1.0 - std::pow(p.Beta2, s.Step);
    const double step_size = lr / bias_correction1;
    const double bias_correction2_sqrt = std::sqrt(bias_correction2);
    for (int i = 0; i < 2; ++i) {
        s.ExpAvg[i] = Add(s.ExpAvg[i] * p.Beta1, g[i], 1.0 - p.Beta1);
        s.ExpAvgSq[i] = Addcmul(s.ExpAvgSq[i] * p.Beta2, g[i], g[i], 1.0 - p.Beta2);
        double second = s.ExpAvgSq[i];
        if (p.Amsgrad) {
            s.MaxExpAvgSq[i] = std::max(s.MaxExpAvgSq[i], s.ExpAvgSq[i]);
            second = s.MaxExpAvgSq[i];
        }
        const double denom = std::sqrt(second) / bias_correction2_sqrt + p.Eps;
        param[i] = Addcdiv(param[i], s.ExpAvg[i], denom, -step_size);
    }
}

void StepNadam(const OptimizerParams& p, OptimizerState& s, Vec2Array& param, const Vec2Array& grad, double lr)
{
    s.Step += 1.0;
    const double step = s.Step;
    const double bias_correction2 = 1.0 - std::pow(p.Beta2, step);
    Vec2Array g = grad;
    if (p.WeightDecay != 0.0)
        for (int i = 0; i < 2; ++i) g[i] = Add(g[i], param[i], p.WeightDecay);
    const double mu = p.Beta1 * (1.0 - 0.5 * std::pow(0.96, step * p.MomentumDecay));
    const double mu_next = p.Beta1 * (1.0 - 0.5 * std::pow(0.96, (step + 1.0) * p.MomentumDecay));
    s.MuProduct *= mu;
    const double mu_product_next = s.MuProduct * mu_next;
    const double grad_coef = -lr * (1.0 - mu) / (1.0 - s.MuProduct);
    const double avg_coef = (-lr * mu_next) / (1.0 - mu_product_next);
    for (int i = 0; i < 2; ++i) {
        s.ExpAvg[i] = Add(s.ExpAvg[i] * p.Beta1, g[i], 1.0 - p.Beta1);
        s.ExpAvgSq[i] = Addcmul(s.ExpAvgSq[i] * p.Beta2, g[i], g[i], 1.0 - p.Beta2);
        const double denom = std::sqrt(s.ExpAvgSq[i] / bias_correction2) + p.Eps;
        param[i] = Addcdiv(param[i], g[i], denom, grad_coef);
        param[i] = Addcdiv(param[i], s.ExpAvg[i], denom, avg_coef);
    }
}

} // namespace

void OptimizerStep(const OptimizerParams& p, OptimizerState& s, Vec2Array& param, const Vec2Array& grad, double lr)
{
    switch (p.Kind) {
    case OptimizerKind::SGD: StepSgd(p, s, param, grad, lr); break;
    case OptimizerKind::Adagrad: StepAdagrad(p, s, param, grad, lr); break;
    case OptimizerKind::RMSprop: StepRmsprop(p, s, param, grad, lr); break;
    case OptimizerKind::Adam: StepAdam(p, s, param, grad, lr, false); break;
    case OptimizerKind::AdamW: StepAdam(p, s, param, grad, lr, true); break;
    case OptimizerKind::NAdam: StepNadam(p, s, param, grad, lr); break;
    case OptimizerKind::Count: break;
    }
}

std::optional<Vec2Array> MomentVector(const OptimizerParams& p, const OptimizerState& s)
{
    switch (p.Kind) {
    case OptimizerKind::SGD:
    case OptimizerKind::RMSprop:
        if (s.HasMomentumBuffer) return s.MomentumBuffer;
        return std::nullopt;
    case OptimizerKind::Adam:
    case OptimizerKind::AdamW:
    case OptimizerKind::NAdam: return s.ExpAvg;
    default: return std::nullopt;
    }
}

namespace {

// In OptimizerKind order (static_assert below).
constexpr EnumRow kOptimizerRows[] = {{"sgd", "SGD"},   {"adagrad", "Adagrad"}, {"rmsprop", "RMSprop"},
                                      {"adam", "Adam"}, {"adamw", "AdamW"},     {"nadam", "NAdam"}};
static_assert(std::size(kOptimizerRows) == static_cast<std::size_t>(OptimizerKind::Count));

} // namespace

std::string_view OptimizerName(OptimizerKind kind)
{
    return EnumRowName(kOptimizerRows, kind);
}
std::string_view OptimizerLabel(OptimizerKind kind)
{
    return EnumRowLabel(kOptimizerRows, kind);
}
std::optional<OptimizerKind> OptimizerFromName(std::string_view name)
{
    return EnumRowFromName<OptimizerKind>(kOptimizerRows, name);
}

} // namespace mlviz
