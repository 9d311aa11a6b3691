// mlviz-cli gradflow: per-layer statistics of a deep MLP (optionally after training), and
// mlviz-cli rnngrad: ‖∂h_T/∂h_t‖ through time for an RNN / LSTM / GRU (see core/gradflow.h,
// core/rnn_grad.h for the exact semantics).
#include <cmath>
#include <sstream>

#include "cli/commands.h"
#include "topics/gradient_flow/core/gradflow.h"
#include "topics/gradient_flow/core/rnn_grad.h"

namespace mlviz {

namespace {

// Non-finite statistics (layers a diverged pass never reached) are written as null.
Json Number(double v)
{
    return std::isfinite(v) ? Json(v) : Json(nullptr);
}

template <typename E>
E ReadEnum(const Json& in, const char* field, E fallback, std::optional<E> (*from_name)(std::string_view), const char* choices)
{
    if (!in.contains(field)) return fallback;
    const std::string name = RequireString(in, field);
    const auto v = from_name(name);
    if (!v) FailInput(std::string("field '") + field + "': unknown value '" + name + "' (one of " + choices + ")");
    return *v;
}

const Json& RequireObjectField(const Json& in, const char* field)
{
    const Json& v = in.at(field);
    if (!v.is_object()) FailInput(std::string("field '") + field + "' must be an object, got " + v.type_name());
    return v;
}

void ReadActivation(const Json& in, GradflowConfig& c)
{
    if (!in.contains("activation"))
        FailInput("missing field 'activation' (one of sigmoid, tanh, relu, leaky_relu, elu, gelu, swish)");
    const std::string name = RequireString(in, "activation");
    const auto act = ActivationFromName(name);
    if (!act || *act == Activation::Identity)
        FailInput("field 'activation': unknown activation '" + name +
                  "' (one of sigmoid, tanh, relu, leaky_relu, elu, gelu, swish)");
    c.Act = *act;
    if (!in.contains("activation_params")) return;
    const Json& p = RequireObjectField(in, "activation_params");
    // Each function takes only its own parameters, so a typo is never silently ignored.
    switch (c.Act) {
    case Activation::LeakyReLU:
        RequireKnownKeys(p, {"slope"}, "in 'activation_params' for leaky_relu");
        c.ActParams.LeakySlope = ReadNumber(p, "slope", c.ActParams.LeakySlope, kLeakySlopeMin, kLeakySlopeMax);
        break;
    case Activation::ELU:
        RequireKnownKeys(p, {"alpha"}, "in 'activation_params' for elu");
        c.ActParams.EluAlpha = ReadNumber(p, "alpha", c.ActParams.EluAlpha, kEluAlphaMin, kEluAlphaMax);
        break;
    case Activation::Swish:
        RequireKnownKeys(p, {"beta"}, "in 'activation_params' for swish");
        c.ActParams.SwishBeta = ReadNumber(p, "beta", c.ActParams.SwishBeta, kSwishBetaMin, kSwishBetaMax);
        break;
    case Activation::GELU: {
        RequireKnownKeys(p, {"approximate"}, "in 'activation_params' for gelu");
        const std::string approx = ReadString(p, "approximate", "none");
        if (approx != "none" && approx != "tanh") FailInput("field 'approximate' must be \"none\" or \"tanh\"");
        c.ActParams.GeluTanh = approx == "tanh";
        break;
    }
    default: RequireKnownKeys(p, {}, "in 'activation_params' for " + name + " (it has no parameters)");
    }
}

void ReadOptimizer(const Json& in, GradflowConfig& c)
{
    if (!in.contains("optimizer")) return;
    const Json& o = RequireObjectField(in, "optimizer");
    GradflowOptimizerConfig& opt = c.Optimizer;
    opt.Kind = ReadEnum(o, "name", GradflowOptimizer::Sgd, GradflowOptimizerFromName, "sgd, momentum, adam");
    std::vector<std::string> allowed = {"name", "lr"};
    if (opt.Kind == GradflowOptimizer::Momentum) allowed.push_back("momentum");
    if (opt.Kind == GradflowOptimizer::Adam) allowed.insert(allowed.end(), {"beta1", "beta2", "eps"});
    RequireKnownKeys(o, allowed, "in 'optimizer' for '" + std::string(GradflowOptimizerName(opt.Kind)) + "'");
    if (opt.Kind == GradflowOptimizer::Adam) opt.Lr = 1e-3; // torch.optim.Adam's default
    opt.Lr = ReadNumber(o, "lr", opt.Lr, 0.0, kGradflowLrMax);
    opt.Momentum = ReadNumber(o, "momentum", opt.Momentum, 0.0, 0.9999);
    opt.Beta1 = ReadNumber(o, "beta1", opt.Beta1, 0.0, 0.9999);
    opt.Beta2 = ReadNumber(o, "beta2", opt.Beta2, 0.0, 0.999999);
    opt.Eps = ReadNumber(o, "eps", opt.Eps, 1e-12, 1.0);
}

void ReadClip(const Json& in, GradflowConfig& c)
{
    if (!in.contains("clip")) return;
    const Json& o = RequireObjectField(in, "clip");
    RequireKnownKeys(o, {"by", "max"}, "in 'clip'");
    c.Clip.Kind = ReadEnum(o, "by", GradflowClip::None, GradflowClipFromName, "none, norm, value");
    if (c.Clip.Kind != GradflowClip::None && !o.contains("max")) FailInput("missing field 'max' in 'clip'");
    c.Clip.Max = ReadNumber(o, "max", c.Clip.Max, 1e-9, 1e9);
}

} // namespace

// Input: {"depth", "width", "activation", "init"} required; "activation_params", "init_std" or
// "init_gain" (init "normal": σ = init_std, or σ = init_gain / √fan_in), "bias", "residual_every",
// "norm", "norm_position", "batch", "dataset", "noise", "seed", "train_steps",
// "optimizer": {"name", "lr", "momentum" | "beta1", "beta2", "eps"}, "clip": {"by", "max"}.
// Output: "layers" (statistics of the last pass: the final weights, or the pass that diverged, with
// null where it never got to), "loss" (one per completed pass, loss[s] after s updates),
// "accuracy", "steps" (updates applied), "diverged": null or {"step", "layer", "phase"}; layer
// == depth means the output layer / loss.
Json GradflowCommand(const Json& in)
{
    RequireObject(in,
                  {"depth", "width", "activation", "activation_params", "init", "init_std", "init_gain", "bias", "residual_every",
                   "norm", "norm_position", "batch", "dataset", "noise", "seed", "train_steps", "optimizer", "clip"});
    GradflowConfig c;
    c.Depth = static_cast<int>(RequireInt(in, "depth", kGradflowDepthMin, kGradflowDepthMax));
    c.Width = static_cast<int>(RequireInt(in, "width", kGradflowWidthMin, kGradflowWidthMax));
    ReadActivation(in, c);
    if (!in.contains("init"))
        FailInput("missing field 'init' (one of normal, xavier_uniform, xavier_normal, he_uniform, he_normal, orthogonal)");
    c.Init = ReadEnum(in, "init", c.Init, GradflowInitFromName,
                      "normal, xavier_uniform, xavier_normal, he_uniform, he_normal, orthogonal");
    const bool has_std = in.contains("init_std"), has_gain = in.contains("init_gain");
    if ((has_std || has_gain) && c.Init != GradflowInit::Normal)
        FailInput(std::string("field '") + (has_std ? "init_std" : "init_gain") + "' applies only to init \"normal\"");
    if (has_std && has_gain) FailInput("give either 'init_std' (σ) or 'init_gain' (σ = gain / √fan_in), not both");
    c.InitStd = has_gain ? RequireNumber(in, "init_gain", 0.0, kGradflowInitStdMax)
                         : ReadNumber(in, "init_std", 1.0, 0.0, kGradflowInitStdMax);
    c.InitStdPerFanIn = has_gain;
    c.Bias = ReadBool(in, "bias", true);
    c.ResidualEvery = static_cast<int>(ReadInt(in, "residual_every", 0, 0, kGradflowDepthMax));
    c.Norm = ReadEnum(in, "norm", GradflowNorm::None, GradflowNormFromName, "none, batchnorm, layernorm");
    const std::string position = ReadString(in, "norm_position", "before");
    if (position != "before" && position != "after")
        FailInput("field 'norm_position' must be \"before\" or \"after\" (the activation)");
    c.NormPosition = position == "before" ? GradflowNormPosition::Before : GradflowNormPosition::After;
    c.Batch = static_cast<int>(ReadInt(in, "batch", 256, kGradflowBatchMin, kGradflowBatchMax));
    c.Data = ReadEnum(in, "dataset", ToyDataset::Spirals, ToyDatasetFromName, "spirals, moons, circles");
    c.DataNoise = ReadNumber(in, "noise", c.DataNoise, 0.0, kGradflowNoiseMax);
    c.Seed = static_cast<std::uint32_t>(ReadInt(in, "seed", 1, 0, 4294967295LL));
    const int steps = static_cast<int>(ReadInt(in, "train_steps", 0, 0, 100000));
    ReadOptimizer(in, c);
    ReadClip(in, c);
    if (Message error = ValidateGradflowConfig(c); !error.Empty()) FailInput(error);

    // Three matrix products per layer and pass; about a minute of work is the most we accept.
    const double macs = 3.0 * (steps + 1.0) * c.Depth * c.Width * c.Width * c.Batch;
    constexpr double kMaxMacs = 1e11;
    if (macs > kMaxMacs) {
        std::ostringstream s;
        s << "too much work: 3 x (train_steps + 1) x depth x width² x batch = " << macs << " multiply-adds exceeds " << kMaxMacs
          << "; reduce 'train_steps', 'depth', 'width' or 'batch'";
        FailInput(s.str());
    }

    auto runner = GradflowRunner::Create(c, steps);
    if (!runner) FailInput(runner.Error());
    GradflowRunner& r = runner.Value();
    r.RunToEnd();
    const GradflowModel& m = r.Model();
    Json layers = Json::array();
    for (const GradflowLayerStats& s : m.Stats.Layers)
        layers.push_back({{"act_grad_norm", Number(s.ActGradNorm)},
                          {"grad_norm", Number(s.WeightGradNorm)},
                          {"act_mean", Number(s.ActMean)},
                          {"act_std", Number(s.ActStd)},
                          {"dead_fraction", Number(s.DeadFraction)},
                          {"saturated_fraction", Number(s.SaturatedFraction)},
                          {"weight_norm", Number(s.WeightNorm)},
                          {"update_ratio", Number(s.UpdateRatio)}});
    Json diverged = nullptr;
    if (const auto& d = r.Divergence())
        diverged = {{"step", d->Step}, {"layer", d->Layer}, {"phase", d->Backward ? "backward" : "forward"}};
    return {{"layers", layers},
            {"loss", r.LossHistory()},
            {"accuracy", Number(m.Stats.Accuracy)},
            {"steps", m.Step},
            {"diverged", diverged}};
}

// Input: {"cell"} required; "hidden", "steps", "seed", "input_size", "forget_bias" (lstm only).
// Output: {"grad_norms"}: ‖∂h_T/∂h_{t+1}‖_F for t = 0 .. steps-1 (the last one is √hidden).
Json RnngradCommand(const Json& in)
{
    RequireObject(in, {"cell", "hidden", "steps", "seed", "input_size", "forget_bias"});
    if (!in.contains("cell")) FailInput("missing field 'cell' (one of rnn, lstm, gru)");
    RnnGradConfig c;
    c.Cell = ReadEnum(in, "cell", RnnCell::Lstm, RnnCellFromName, "rnn, lstm, gru");
    c.Hidden = static_cast<int>(ReadInt(in, "hidden", c.Hidden, kRnnHiddenMin, kRnnHiddenMax));
    c.Steps = static_cast<int>(ReadInt(in, "steps", c.Steps, kRnnStepsMin, kRnnStepsMax));
    c.Seed = static_cast<std::uint32_t>(ReadInt(in, "seed", 1, 0, 4294967295LL));
    c.InputSize = static_cast<int>(ReadInt(in, "input_size", c.InputSize, kRnnInputMin, kRnnInputMax));
    if (in.contains("forget_bias") && c.Cell != RnnCell::Lstm) FailInput("field 'forget_bias' applies only to cell \"lstm\"");
    c.ForgetBias = ReadNumber(in, "forget_bias", c.ForgetBias, kRnnForgetBiasMin, kRnnForgetBiasMax);
    auto norms = RnnGradNorms(c);
    if (!norms) FailInput(norms.Error());
    Json out = Json::array();
    for (double v : norms.Value()) out.push_back(Number(v));
    return {{"grad_norms", out}};
}

} // namespace mlviz
