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

Conv2dGradCheck::Reach Conv2dGradCheck::ReachOf(int k) const
{
    const Conv2dGeometry& g = Geo_;
    const int n_input = static_cast<int>(Problem_.Input.Size()), n_weight = static_cast<int>(Problem_.Weight.Size());
    if (k >= n_input) {
        // A weight or a bias reaches its whole output channel.
        const int o = k < n_input + n_weight ? (k - n_input) / (g.CPerGroup * g.KH * g.KW) : k - n_input - n_weight;
        return {o, o + 1, 0, g.OutH, 0, g.OutW};
    }
    const int c = k / (g.H * g.W), y = k / g.W % g.H, x = k % g.W;
    const int s = g.Spec.Stride, pad = g.Spec.Padding;
    // Windows i·s - p .. i·s - p + SpanH - 1 that contain y (a superset is harmless).
    const auto first = [s](int lowest) { return lowest <= 0 ? 0 : (lowest + s - 1) / s; };
    const int group = g.GroupOfInput(c);
    return {group * g.OPerGroup,          (group + 1) * g.OPerGroup,
            first(y + pad - g.SpanH + 1), std::min(g.OutH, (y + pad) / s + 1),
            first(x + pad - g.SpanW + 1), std::min(g.OutW, (x + pad) / s + 1)};
}

double Conv2dGradCheck::CentralDifference(double& value, const Reach& r)
{
    const double saved = value;
    const double h = StepSize_ * std::max(1.0, std::fabs(saved));
    Scratch_.clear();
    value = saved + h;
    for (int o = r.O0; o < r.O1; ++o)
        for (int i = r.I0; i < r.I1; ++i)
            for (int j = r.J0; j < r.J1; ++j) Scratch_.push_back(Conv2dOutputCell(Problem_, Geo_, o, i, j));
    value = saved - h;
    double diff = 0.0;
    std::size_t n = 0;
    for (int o = r.O0; o < r.O1; ++o)
        for (int i = r.I0; i < r.I1; ++i)
            for (int j = r.J0; j < r.J1; ++j)
                diff += Problem_.GradOutput(o, i, j) * (Scratch_[n++] - Conv2dOutputCell(Problem_, Geo_, o, i, j));
    value = saved;
    return diff / (2.0 * h);
}

void Conv2dGradCheck::Step(std::int64_t budget_macs)
{
    const std::int64_t per_cell = std::int64_t(Geo_.CPerGroup) * Geo_.KH * Geo_.KW;
    const int n_input = static_cast<int>(Problem_.Input.Size());
    const int n_weight = static_cast<int>(Problem_.Weight.Size());
    std::int64_t spent = 0;
    bool first = true;
    while (!Done()) {
        const int k = Report_.CellsDone;
        const Reach reach = ReachOf(k);
        const std::int64_t cost = 2 * std::max<std::int64_t>(1, reach.Cells()) * per_cell;
        if (!first && spent + cost > budget_macs) break;
        first = false;
        spent += cost;
        double numeric = 0.0, analytic = 0.0;
        double* error = nullptr;
        if (k < n_input) {
            numeric = Numeric_.GradInput.Values[k] = CentralDifference(Problem_.Input.Values[k], reach);
            analytic = Analytic_.GradInput.Values[k];
            error = &Report_.MaxErrorInput;
        } else if (k < n_input + n_weight) {
            numeric = Numeric_.GradWeight.Values[k - n_input] = CentralDifference(Problem_.Weight.Values[k - n_input], reach);
            analytic = Analytic_.GradWeight.Values[k - n_input];
            error = &Report_.MaxErrorWeight;
        } else {
            const int b = k - n_input - n_weight;
            numeric = Numeric_.GradBias[b] = CentralDifference(Problem_.Bias[b], reach);
            analytic = Analytic_.GradBias[b];
            error = &Report_.MaxErrorBias;
        }
        *error = std::max(*error, std::fabs(numeric - analytic));
        Report_.MaxAbsGradient = std::max(Report_.MaxAbsGradient, std::fabs(analytic));
        ++Report_.CellsDone;
    }
}

} // namespace mlviz
