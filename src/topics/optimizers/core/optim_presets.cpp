#include "topics/optimizers/core/optim_presets.h"

namespace mlviz {

namespace {

OptimPresetRun Run(OptimizerKind kind, double lr)
{
    OptimPresetRun r;
    r.Optimizer = DefaultOptimizerParams(kind);
    r.Optimizer.Lr = lr;
    return r;
}

OptimPresetRun Sgd(double lr, double momentum = 0.0, bool nesterov = false)
{
    OptimPresetRun r = Run(OptimizerKind::SGD, lr);
    r.Optimizer.Momentum = momentum;
    r.Optimizer.Nesterov = nesterov;
    return r;
}

OptimPresetRun WithSchedule(OptimPresetRun r, ScheduleParams s)
{
    r.Schedule = s;
    return r;
}

OptimPresetRun WithBatch(OptimPresetRun r, int batch)
{
    r.Batch = batch;
    return r;
}

std::vector<OptimPreset> MakePresets()
{
    std::vector<OptimPreset> out;
    {
        OptimPreset p;
        p.Title = "Розенброк: Adam и SGD";
        p.Explanation = "Изогнутый овраг: крутые стенки заставляют SGD брать маленький lr, и по плоскому дну он ползёт. "
                        "Импульс разгоняет SGD вдоль дна; RMSprop и Adam делят шаг на корень из среднего квадрата "
                        "градиента и идут по дну почти с постоянной скоростью (вопрос 60).";
        p.Surface = SurfaceKind::Rosenbrock;
        p.Start = {-1.5, 2.5};
        p.Steps = 1000;
        p.Runs = {Sgd(1e-3), Sgd(1e-3, 0.9), Run(OptimizerKind::RMSprop, 0.01), Run(OptimizerKind::Adam, 0.1)};
        p.Selected = 3;
        out.push_back(p);
    }
    {
        OptimPreset p;
        p.Title = "Овраг: SGD и импульс";
        p.Explanation = "Квадратичная функция с числом обусловленности κ = 50, lr близок к пределу 2/L. SGD скачет "
                        "поперёк оврага и медленно идёт вдоль. Импульс гасит поперечные колебания и копит скорость "
                        "вдоль дна; Нестеров смотрит на шаг вперёд и колеблется меньше (вопрос 75).";
        p.Function.Kappa = 50.0;
        p.Function.AngleDeg = 30.0;
        p.Start = {-2.6, -1.0};
        p.Steps = 120;
        p.Runs = {Sgd(0.036), Sgd(0.036, 0.8), Sgd(0.02, 0.8, true)};
        p.Selected = 1;
        out.push_back(p);
    }
    {
        OptimPreset p;
        p.Title = "Размер батча и шум";
        p.Explanation = "Градиент по мини-батчу = истинный градиент + шум с дисперсией σ²/B. При B = 1 точка блуждает "
                        "вокруг минимума, при B = 256 шум в √256 = 16 раз слабее и путь почти гладкий. Сравните "
                        "уровень, на котором останавливаются потери (вопрос 23).";
        p.Function.Kappa = 5.0;
        p.Function.AngleDeg = 20.0;
        p.Start = {-2.5, 1.5};
        p.Steps = 300;
        p.NoiseSigma = 3.0;
        p.Runs = {WithBatch(Sgd(0.1), 1), WithBatch(Sgd(0.1), 16), WithBatch(Sgd(0.1), 256)};
        p.Selected = 2;
        out.push_back(p);
    }
    {
        OptimPreset p;
        p.Title = "Затухание lr";
        p.Explanation = "С шумным градиентом постоянный lr не даёт сойтись: точка дрожит на уровне, пропорциональном lr. "
                        "StepLR снижает lr скачками (ступени на графике потерь), косинус — плавно до нуля к T_max; "
                        "оба опускают этот уровень (вопрос 78).";
        p.Function.Kappa = 5.0;
        p.Function.AngleDeg = 20.0;
        p.Start = {-2.5, 1.5};
        p.Steps = 300;
        p.NoiseSigma = 2.5;
        ScheduleParams step;
        step.Kind = ScheduleKind::Step;
        step.StepSize = 100;
        step.Gamma = 0.2;
        ScheduleParams cosine;
        cosine.Kind = ScheduleKind::Cosine;
        cosine.TMax = 300;
        p.Runs = {Sgd(0.15), WithSchedule(Sgd(0.15), step), WithSchedule(Sgd(0.15), cosine)};
        p.Selected = 2;
        out.push_back(p);
    }
    {
        OptimPreset p;
        p.Title = "Нормировка входов";
        p.Explanation = "Второй признак в 5 раз крупнее первого: круглая чаша становится оврагом с κ = 25, и lr 0.5 "
                        "расходится. Включите «Признаки нормированы»: чаша снова круглая, тот же lr 0.5 сходится "
                        "за несколько шагов (вопрос 77).";
        p.Function.Kappa = 1.0;
        p.Function.AngleDeg = 0.0;
        p.Function.FeaturesScaled = false;
        p.Function.FeatureScale = 5.0;
        p.Start = {-2.5, 1.5};
        p.Steps = 100;
        p.Runs = {Sgd(0.075), Sgd(0.5)};
        p.Selected = 1;
        out.push_back(p);
    }
    {
        OptimPreset p;
        p.Title = "L1 тянет к осям";
        p.Explanation = "Штраф λ(|x| + |y|) добавляет к градиенту λ·sign(w) — постоянную силу к нулю. Минимум со "
                        "штрафом (кольцо) лежит на оси y = 0: одна координата ровно ноль, так L1 даёт разреженные "
                        "веса (вопросы 86, 58).";
        p.Function.Kappa = 3.0;
        p.Function.AngleDeg = 25.0;
        p.Function.CenterX = 1.5;
        p.Function.CenterY = 0.5;
        p.Function.L1 = 1.0;
        p.Start = {-2.0, 2.0};
        p.Steps = 200;
        p.Runs = {Sgd(0.05), Run(OptimizerKind::Adam, 0.05)};
        out.push_back(p);
    }
    {
        OptimPreset p;
        p.Title = "L2 сжимает к нулю";
        p.Explanation = "Штраф λ/2·‖w‖² добавляет к градиенту λ·w (то же, что weight_decay в SGD): минимум (кольцо) "
                        "сдвигается к началу координат, но обе координаты остаются ненулевыми (вопросы 86, 58).";
        p.Function = out.back().Function;
        p.Function.L1 = 0.0;
        p.Function.L2 = 1.0;
        p.Start = {-2.0, 2.0};
        p.Steps = 200;
        p.Runs = {Sgd(0.05), Run(OptimizerKind::Adam, 0.05)};
        out.push_back(p);
    }
    return out;
}

} // namespace

const std::vector<OptimPreset>& OptimPresets()
{
    static const std::vector<OptimPreset> presets = MakePresets();
    return presets;
}

RunConfig PresetRunConfig(const OptimPreset& preset, int index)
{
    RunConfig c;
    c.Surface = preset.Surface;
    c.Function = preset.Function;
    c.Start = preset.Start;
    c.Steps = preset.Steps;
    const OptimPresetRun& r = preset.Runs[static_cast<std::size_t>(index)];
    c.Optimizer = r.Optimizer;
    c.Schedule = r.Schedule;
    c.Noise = {preset.NoiseSigma, r.Batch, preset.Seed};
    return c;
}

} // namespace mlviz
