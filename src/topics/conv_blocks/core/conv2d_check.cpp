// Finite-difference gradient check of the explained convolution, one value at a time (conv2d_check.h).
#include "topics/conv_blocks/core/conv2d_check.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

Result<Conv2dGradCheck> Conv2dGradCheck::Start(const Conv2dProblem& p, double step)
{
    using R = Result<Conv2dGradCheck>;
    if (!(step >= 1e-8 && step <= 1.0)) return R::Fail(Msg("проверка градиента: шаг %g вне диапазона [%g, %g]", step, 1e-8, 1.0));
    const auto geo = CheckConv2dProblem(p, true);
    if (!geo) return R::Fail(geo.Error());
    auto analytic = Conv2dBackwardDirect(p);
    if (!analytic) return R::Fail(analytic.Error());
    Conv2dGradCheck job;
    job.Problem_ = p;
    job.Geo_ = *geo;
    job.Analytic_ = std::move(*analytic);
    job.Numeric_.GradInput = Grid3(p.Input.Dims);
    job.Numeric_.GradWeight = Grid4(p.Weight.Dims);
    job.Numeric_.GradBias.assign(p.Bias.size(), 0.0);
    job.StepSize_ = step;
    job.Report_.CellsTotal = static_cast<int>(p.Input.Size() + p.Weight.Size() + p.Bias.size());
    return job;
}

double Conv2dGradCheck::Loss()
{
    Conv2dForwardInto(Problem_, Geo_, Scratch_);
    double sum = 0.0;
    for (std::size_t k = 0; k < Scratch_.Size(); ++k) sum += Problem_.GradOutput.Values[k] * Scratch_.Values[k];
    return sum;
}

double Conv2dGradCheck::CentralDifference(double& value)
{
    const double saved = value;
    const double h = StepSize_ * std::max(1.0, std::fabs(saved));
    value = saved + h;
    const double plus = Loss();
    value = saved - h;
    const double minus = Loss();
    value = saved;
    return (plus - minus) / (2.0 * h);
}

void Conv2dGradCheck::Step(std::int64_t budget_macs)
{
    const std::int64_t per_value = std::max<std::int64_t>(1, 2 * Geo_.Macs());
    std::int64_t spent = 0;
    const int n_input = static_cast<int>(Problem_.Input.Size());
    const int n_weight = static_cast<int>(Problem_.Weight.Size());
    while (!Done() && (spent == 0 || spent + per_value <= budget_macs)) {
        const int k = Report_.CellsDone;
        double numeric = 0.0, analytic = 0.0;
        double* error = nullptr;
        if (k < n_input) {
            numeric = Numeric_.GradInput.Values[k] = CentralDifference(Problem_.Input.Values[k]);
            analytic = Analytic_.GradInput.Values[k];
            error = &Report_.MaxErrorInput;
        } else if (k < n_input + n_weight) {
            numeric = Numeric_.GradWeight.Values[k - n_input] = CentralDifference(Problem_.Weight.Values[k - n_input]);
            analytic = Analytic_.GradWeight.Values[k - n_input];
            error = &Report_.MaxErrorWeight;
        } else {
            const int b = k - n_input - n_weight;
            numeric = Numeric_.GradBias[b] = CentralDifference(Problem_.Bias[b]);
            analytic = Analytic_.GradBias[b];
            error = &Report_.MaxErrorBias;
        }
        *error = std::max(*error, std::fabs(numeric - analytic));
        Report_.MaxAbsGradient = std::max(Report_.MaxAbsGradient, std::fabs(analytic));
        ++Report_.CellsDone;
        spent += per_value;
    }
}

} // namespace mlviz
