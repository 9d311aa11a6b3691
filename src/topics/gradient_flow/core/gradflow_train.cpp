// Gradient-flow MLP training: clipping, SGD / momentum / Adam updates (torch.optim semantics),
// and the incremental runner that spreads passes over many small units of work.
#include <algorithm>
#include <cmath>
#include <limits>

#include "topics/gradient_flow/core/gradflow.h"
#include "topics/gradient_flow/core/gradflow_kernels.h"
#include "core/message.h"

namespace mlviz {

namespace {

template <typename F>
void ForEachParam(GradflowModel& m, F&& f)
{
    auto layer = [&](GradflowLayer& L) {
        for (GradflowParam* p : {&L.W, &L.B, &L.Gamma, &L.Beta})
            if (!p->Value.empty()) f(*p);
    };
    for (GradflowLayer& L : m.Layers) layer(L);
    layer(m.Output);
}

struct ClipState {
    double Scale = 1.0; // clip_grad_norm_ factor
    double Value = 0.0; // clip_grad_value_ bound, 0 = none
};

ClipState ComputeClip(GradflowModel& m)
{
    double total = 0.0;
    ForEachParam(m, [&](GradflowParam& p) { total += gradflow_detail::SumSquares(p.Grad.data(), p.Grad.size()); });
    m.Stats.TotalGradNorm = std::sqrt(total);
    ClipState clip;
    const GradflowClipConfig& c = m.Config.Clip;
    if (c.Kind == GradflowClip::Norm) clip.Scale = std::min(1.0, c.Max / (m.Stats.TotalGradNorm + 1e-6));
    if (c.Kind == GradflowClip::Value) clip.Value = c.Max;
    return clip;
}

// One optimizer step for one tensor as torch.optim does it, `step` counting from 1. Returns
// ‖Δ‖²; with apply == false nothing changes (the size of the next update, for the statistics).
double UpdateParam(GradflowParam& p, const GradflowOptimizerConfig& o, int step, const ClipState& clip, bool apply)
{
    const std::size_t n = p.Value.size();
    const double bias1 = 1.0 - std::pow(o.Beta1, step);
    const double bias2_sqrt = std::sqrt(1.0 - std::pow(o.Beta2, step));
    double sum = 0.0;
    // No optimizer state before the first step: zeros, as in torch.
    if (apply && o.Kind != GradflowOptimizer::Sgd && p.M.empty()) {
        p.M.assign(n, 0.0);
        p.V.assign(o.Kind == GradflowOptimizer::Adam ? n : 0, 0.0);
    }
    const bool use_state = !p.M.empty();
    for (std::size_t i = 0; i < n; ++i) {
        double g = p.Grad[i] * clip.Scale;
        if (clip.Value > 0.0) g = std::clamp(g, -clip.Value, clip.Value);
        double delta = 0.0, mi = 0.0, vi = 0.0;
        switch (o.Kind) {
        case GradflowOptimizer::Sgd: delta = o.Lr * g; break;
        case GradflowOptimizer::Momentum:
            mi = o.Momentum * (use_state ? p.M[i] : 0.0) + g; // step 1 gives buf = g as in torch
            delta = o.Lr * mi;
            break;
        case GradflowOptimizer::Adam:
        case GradflowOptimizer::Count:
            mi = o.Beta1 * (use_state ? p.M[i] : 0.0) + (1.0 - o.Beta1) * g;
            vi = o.Beta2 * (use_state ? p.V[i] : 0.0) + (1.0 - o.Beta2) * g * g;
            delta = (o.Lr / bias1) * mi / (std::sqrt(vi) / bias2_sqrt + o.Eps);
            break;
        }
        sum += delta * delta;
        if (apply) {
            if (use_state) p.M[i] = mi;
            if (!p.V.empty()) p.V[i] = vi;
            p.Value[i] -= delta;
        }
    }
    return sum;
}

} // namespace

void FinishPass(GradflowModel& m)
{
    const ClipState clip = ComputeClip(m);
    for (std::size_t l = 0; l < m.Layers.size(); ++l) {
        GradflowLayerStats& s = m.Stats.Layers[l];
        const double delta = std::sqrt(UpdateParam(m.Layers[l].W, m.Config.Optimizer, m.Step + 1, clip, false));
        s.UpdateRatio = s.WeightNorm > 0.0 ? delta / s.WeightNorm : 0.0;
    }
    if (!std::isfinite(m.Stats.TotalGradNorm)) {
        // A bias or γ/β gradient overflowed although every weight gradient was finite.
        if (!m.Divergence) m.Divergence = GradflowDivergence{m.Step, m.Config.Depth, true};
    }
}

void ApplyUpdate(GradflowModel& m)
{
    const ClipState clip = ComputeClip(m);
    const int step = m.Step + 1;
    ForEachParam(m, [&](GradflowParam& p) { UpdateParam(p, m.Config.Optimizer, step, clip, true); });
    m.Step = step;
}

Result<GradflowRunner> GradflowRunner::Create(const GradflowConfig& config, int target_steps)
{
    if (target_steps < 0) return Result<GradflowRunner>::Fail(Msg("поле 'train_steps' должно быть >= 0"));
    auto model = MakeGradflowModel(config, false);
    if (!model) return Result<GradflowRunner>::Fail(model.Error());
    GradflowRunner r;
    r.Net = std::move(model.Value());
    r.Target = target_steps;
    r.Losses.reserve(static_cast<std::size_t>(std::min(target_steps, 100000)) + 1);
    return r;
}

void GradflowRunner::ExtendTarget(int target_steps)
{
    if (target_steps <= Target || Net.Divergence) return;
    Target = target_steps;
    if (Phase == PhaseKind::Done) Phase = PhaseKind::Update;
}

double GradflowRunner::Progress() const
{
    if (Done()) return 1.0;
    const double depth = Net.Config.Depth;
    const double total = (depth + 1.0) + (Target + 1.0) * (2.0 * depth + 2.0) + Target;
    return std::clamp(static_cast<double>(UnitsDone) / total, 0.0, 1.0);
}

void GradflowRunner::Record()
{
    LatestStats = Net.Stats;
    HaveStats = true;
    Losses.push_back(Net.Stats.Loss);
    for (const GradflowLayerStats& s : Net.Stats.Layers) {
        ActGrads.push_back(static_cast<float>(s.ActGradNorm));
        WeightGrads.push_back(static_cast<float>(s.WeightGradNorm));
    }
}

bool GradflowRunner::Advance(long long units)
{
    JustFinished = false;
    const int depth = Net.Config.Depth;
    for (; units > 0 && Phase != PhaseKind::Done; --units) {
        ++UnitsDone;
        switch (Phase) {
        case PhaseKind::Init:
            InitGradflowLayer(Net, Layer);
            if (++Layer > depth) {
                Phase = PhaseKind::Forward;
                Layer = 0;
            }
            break;
        case PhaseKind::Forward:
            ForwardLayer(Net, Layer);
            if (++Layer == depth) Phase = PhaseKind::Output;
            break;
        case PhaseKind::Output:
            ForwardOutput(Net);
            if (!Net.Divergence) BackwardOutput(Net);
            Phase = PhaseKind::Backward;
            Layer = depth - 1;
            break;
        case PhaseKind::Backward:
            BackwardLayer(Net, Layer);
            if (--Layer < 0) Phase = PhaseKind::Finish;
            break;
        case PhaseKind::Finish:
            FinishPass(Net);
            if (Net.Divergence) break;
            Record();
            JustFinished = true;
            Phase = Net.Step >= Target ? PhaseKind::Done : PhaseKind::Update;
            return Done(); // let the caller look at the finished pass before the update
        case PhaseKind::Update:
            ApplyUpdate(Net);
            Phase = PhaseKind::Forward;
            Layer = 0;
            break;
        case PhaseKind::Done: break;
        }
        if (Net.Divergence) Phase = PhaseKind::Done;
    }
    return Done();
}

} // namespace mlviz
