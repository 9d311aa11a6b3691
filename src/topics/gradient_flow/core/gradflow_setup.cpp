// Gradient-flow MLP set-up: names, validation, toy data sets, weight initialisation.
#include <algorithm>
#include <cmath>

#include "topics/gradient_flow/core/gradflow.h"
#include "topics/gradient_flow/core/gradflow_kernels.h"
#include "core/message.h"

namespace mlviz {

using gradflow_detail::StandardNormal;
using gradflow_detail::Uniform01;

namespace {

constexpr double kPi = 3.14159265358979323846;

template <typename E>
struct Named {
    E Kind;
    std::string_view Name;
};

constexpr Named<GradflowInit> kInitNames[] = {{GradflowInit::Normal, "normal"},
                                              {GradflowInit::XavierUniform, "xavier_uniform"},
                                              {GradflowInit::XavierNormal, "xavier_normal"},
                                              {GradflowInit::HeUniform, "he_uniform"},
                                              {GradflowInit::HeNormal, "he_normal"},
                                              {GradflowInit::Orthogonal, "orthogonal"}};
constexpr Named<GradflowNorm> kNormNames[] = {
    {GradflowNorm::None, "none"}, {GradflowNorm::BatchNorm, "batchnorm"}, {GradflowNorm::LayerNorm, "layernorm"}};
constexpr Named<ToyDataset> kDataNames[] = {
    {ToyDataset::Spirals, "spirals"}, {ToyDataset::Moons, "moons"}, {ToyDataset::Circles, "circles"}};
constexpr Named<GradflowOptimizer> kOptNames[] = {
    {GradflowOptimizer::Sgd, "sgd"}, {GradflowOptimizer::Momentum, "momentum"}, {GradflowOptimizer::Adam, "adam"}};
constexpr Named<GradflowClip> kClipNames[] = {
    {GradflowClip::None, "none"}, {GradflowClip::Norm, "norm"}, {GradflowClip::Value, "value"}};

template <typename E, std::size_t N>
std::string_view NameOf(const Named<E> (&table)[N], E v)
{
    for (const auto& n : table)
        if (n.Kind == v) return n.Name;
    return table[0].Name;
}

template <typename E, std::size_t N>
std::optional<E> FromName(const Named<E> (&table)[N], std::string_view s)
{
    for (const auto& n : table)
        if (n.Name == s) return n.Kind;
    return std::nullopt;
}

Message OutOfRange(const char* field, double v, double lo, double hi)
{
    return Msg("поле '%s' = %g вне диапазона [%g, %g]", field, v, lo, hi);
}

bool In(double v, double lo, double hi)
{
    return std::isfinite(v) && v >= lo && v <= hi;
}

// Orthonormalises `count` vectors of length `len` (row-major) in place by modified Gram-Schmidt,
// run twice for full float64 orthogonality. A zero vector (never drawn in practice) stays zero.
void Orthonormalise(std::vector<double>& v, int count, int len)
{
    for (int i = 0; i < count; ++i) {
        double* vi = v.data() + static_cast<std::size_t>(i) * len;
        for (int pass = 0; pass < 2; ++pass) {
            for (int j = 0; j < i; ++j) {
                const double* vj = v.data() + static_cast<std::size_t>(j) * len;
                double dot = 0.0;
                for (int k = 0; k < len; ++k) dot += vi[k] * vj[k];
                for (int k = 0; k < len; ++k) vi[k] -= dot * vj[k];
            }
        }
        const double norm = std::sqrt(gradflow_detail::SumSquares(vi, static_cast<std::size_t>(len)));
        if (norm > 0.0)
            for (int k = 0; k < len; ++k) vi[k] /= norm;
    }
}

} // namespace

std::string_view GradflowInitName(GradflowInit v)
{
    return NameOf(kInitNames, v);
}
std::string_view GradflowNormName(GradflowNorm v)
{
    return NameOf(kNormNames, v);
}
std::string_view ToyDatasetName(ToyDataset v)
{
    return NameOf(kDataNames, v);
}
std::string_view GradflowOptimizerName(GradflowOptimizer v)
{
    return NameOf(kOptNames, v);
}
std::string_view GradflowClipName(GradflowClip v)
{
    return NameOf(kClipNames, v);
}
std::optional<GradflowInit> GradflowInitFromName(std::string_view s)
{
    return FromName(kInitNames, s);
}
std::optional<GradflowNorm> GradflowNormFromName(std::string_view s)
{
    return FromName(kNormNames, s);
}
std::optional<ToyDataset> ToyDatasetFromName(std::string_view s)
{
    return FromName(kDataNames, s);
}
std::optional<GradflowOptimizer> GradflowOptimizerFromName(std::string_view s)
{
    return FromName(kOptNames, s);
}
std::optional<GradflowClip> GradflowClipFromName(std::string_view s)
{
    return FromName(kClipNames, s);
}

void GradflowParam::Resize(std::size_t n)
{
    Value.assign(n, 0.0);
    Grad.assign(n, 0.0);
    M.clear(); // the optimizer allocates its state at its first step (zeros, as torch)
    V.clear();
}

Message ValidateGradflowConfig(const GradflowConfig& c)
{
    if (c.Depth < kGradflowDepthMin || c.Depth > kGradflowDepthMax)
        return OutOfRange("depth", c.Depth, kGradflowDepthMin, kGradflowDepthMax);
    if (c.Width < kGradflowWidthMin || c.Width > kGradflowWidthMax)
        return OutOfRange("width", c.Width, kGradflowWidthMin, kGradflowWidthMax);
    if (c.Batch < kGradflowBatchMin || c.Batch > kGradflowBatchMax)
        return OutOfRange("batch", c.Batch, kGradflowBatchMin, kGradflowBatchMax);
    const long long elements = static_cast<long long>(c.Depth) * c.Width * c.Batch;
    if (elements > kGradflowMaxElements) {
        const long long batch =
            std::max<long long>(kGradflowBatchMin, kGradflowMaxElements / (static_cast<long long>(c.Depth) * c.Width));
        return Msg("depth × width × batch = %lld, а для обратного прохода хранится не больше %lld активаций; уменьшите 'batch' "
                   "до %lld или меньше",
                   elements, kGradflowMaxElements, batch);
    }
    if (c.Act == Activation::Identity || c.Act == Activation::Count) return Msg("поле 'activation' должно быть нелинейностью");
    if (!In(c.ActParams.LeakySlope, kLeakySlopeMin, kLeakySlopeMax))
        return OutOfRange("slope", c.ActParams.LeakySlope, kLeakySlopeMin, kLeakySlopeMax);
    if (!In(c.ActParams.EluAlpha, kEluAlphaMin, kEluAlphaMax))
        return OutOfRange("alpha", c.ActParams.EluAlpha, kEluAlphaMin, kEluAlphaMax);
    if (!In(c.ActParams.SwishBeta, kSwishBetaMin, kSwishBetaMax))
        return OutOfRange("beta", c.ActParams.SwishBeta, kSwishBetaMin, kSwishBetaMax);
    if (!In(c.InitStd, 0.0, kGradflowInitStdMax)) return OutOfRange("init_std", c.InitStd, 0.0, kGradflowInitStdMax);
    if (c.ResidualEvery < 0 || c.ResidualEvery > kGradflowDepthMax)
        return OutOfRange("residual_every", c.ResidualEvery, 0, kGradflowDepthMax);
    if (!In(c.DataNoise, 0.0, kGradflowNoiseMax)) return OutOfRange("noise", c.DataNoise, 0.0, kGradflowNoiseMax);
    const GradflowOptimizerConfig& o = c.Optimizer;
    if (!In(o.Lr, 0.0, kGradflowLrMax)) return OutOfRange("lr", o.Lr, 0.0, kGradflowLrMax);
    if (!In(o.Momentum, 0.0, 0.9999)) return OutOfRange("momentum", o.Momentum, 0.0, 0.9999);
    if (!In(o.Beta1, 0.0, 0.9999)) return OutOfRange("beta1", o.Beta1, 0.0, 0.9999);
    if (!In(o.Beta2, 0.0, 0.999999)) return OutOfRange("beta2", o.Beta2, 0.0, 0.999999);
    if (!In(o.Eps, 1e-12, 1.0)) return OutOfRange("eps", o.Eps, 1e-12, 1.0);
    if (!In(c.Clip.Max, 1e-9, 1e9)) return OutOfRange("max", c.Clip.Max, 1e-9, 1e9);
    return {};
}

void MakeToyData(ToyDataset kind, int count, double noise, std::uint32_t seed, std::vector<double>& xy, std::vector<int>& labels)
{
    std::seed_seq seq{seed, 0xDA7A5E7u};
    std::mt19937 rng(seq);
    xy.assign(static_cast<std::size_t>(count) * 2, 0.0);
    labels.assign(static_cast<std::size_t>(count), 0);
    for (int i = 0; i < count; ++i) {
        const int label = i % 2;
        const double t = Uniform01(rng);
        double x = 0.0, y = 0.0;
        switch (kind) {
        case ToyDataset::Spirals: {
            const double angle = 3.0 * kPi * t + label * kPi;
            x = t * std::cos(angle);
            y = t * std::sin(angle);
            break;
        }
        case ToyDataset::Moons:
            if (label == 0) {
                x = std::cos(kPi * t);
                y = std::sin(kPi * t);
            } else {
                x = 1.0 - std::cos(kPi * t);
                y = 0.5 - std::sin(kPi * t);
            }
            x -= 0.5;
            y -= 0.25;
            break;
        case ToyDataset::Circles:
        case ToyDataset::Count: {
            const double r = label == 0 ? 1.0 : 0.5;
            x = r * std::cos(2.0 * kPi * t);
            y = r * std::sin(2.0 * kPi * t);
            break;
        }
        }
        xy[static_cast<std::size_t>(i) * 2] = x + noise * StandardNormal(rng);
        xy[static_cast<std::size_t>(i) * 2 + 1] = y + noise * StandardNormal(rng);
        labels[static_cast<std::size_t>(i)] = label;
    }
}

namespace {

// Parameters and forward buffers of one layer: allocated when the layer is initialised, so a
// 100 x 256 network's ~100 MB are spread over the runner's units instead of one frame.
void AllocateLayer(GradflowLayer& L, int batch, bool bias, bool norm, bool layer_norm)
{
    const int in = L.In, out = L.Out;
    L.W.Resize(static_cast<std::size_t>(in) * out);
    if (bias) L.B.Resize(static_cast<std::size_t>(out));
    const std::size_t n = static_cast<std::size_t>(batch) * out;
    L.H.assign(n, 0.0);
    L.D.assign(n, 0.0);
    if (norm) {
        L.Gamma.Resize(static_cast<std::size_t>(out));
        L.Beta.Resize(static_cast<std::size_t>(out));
        std::fill(L.Gamma.Value.begin(), L.Gamma.Value.end(), 1.0);
        L.Xhat.assign(n, 0.0);
        const std::size_t stats = static_cast<std::size_t>(layer_norm ? batch : out);
        L.Mean.assign(stats, 0.0);
        L.InvStd.assign(stats, 0.0);
    }
}

} // namespace

Result<GradflowModel> MakeGradflowModel(const GradflowConfig& config, bool init_weights)
{
    if (Message error = ValidateGradflowConfig(config); !error.Empty()) return Result<GradflowModel>::Fail(error);
    GradflowModel m;
    m.Config = config;
    MakeToyData(config.Data, config.Batch, config.DataNoise, config.Seed, m.X, m.Y);
    m.Layers.resize(static_cast<std::size_t>(config.Depth));
    for (int l = 0; l < config.Depth; ++l) {
        GradflowLayer& L = m.Layers[static_cast<std::size_t>(l)];
        L.In = l == 0 ? 2 : config.Width;
        L.Out = config.Width;
        const int k = config.ResidualEvery;
        // Groups are layers [1 + g k, (g + 1) k]; layer e ends one if e % k == 0, input = h_{e-k}.
        if (k > 0 && l >= k && l % k == 0) L.SkipFrom = l - k;
    }
    m.Output.In = config.Width;
    m.Output.Out = kGradflowClasses;
    const std::size_t scratch = static_cast<std::size_t>(config.Batch) * std::max(config.Width, kGradflowClasses);
    m.G.assign(scratch, 0.0);
    m.DZ.assign(scratch, 0.0);
    m.Skip.assign(scratch, 0.0);
    m.Wt.assign(static_cast<std::size_t>(config.Width) * config.Width, 0.0);
    if (init_weights)
        for (int l = 0; l <= config.Depth; ++l) InitGradflowLayer(m, l);
    return m;
}

void InitGradflowLayer(GradflowModel& m, int layer)
{
    const GradflowConfig& c = m.Config;
    const bool output = layer == c.Depth;
    GradflowLayer& L = output ? m.Output : m.Layers[static_cast<std::size_t>(layer)];
    AllocateLayer(L, c.Batch, c.Bias, !output && c.Norm != GradflowNorm::None, c.Norm == GradflowNorm::LayerNorm);
    std::seed_seq seq{c.Seed, static_cast<std::uint32_t>(layer), 0x9E3779B9u};
    std::mt19937 rng(seq);
    const double fan_in = L.In, fan_out = L.Out;
    std::vector<double>& w = L.W.Value;
    auto normal = [&](double sd) {
        for (double& v : w) v = sd * StandardNormal(rng);
    };
    auto uniform = [&](double bound) {
        for (double& v : w) v = bound * (2.0 * Uniform01(rng) - 1.0);
    };
    switch (c.Init) {
    case GradflowInit::Normal: normal(c.InitStdPerFanIn ? c.InitStd / std::sqrt(fan_in) : c.InitStd); break;
    case GradflowInit::XavierUniform: uniform(std::sqrt(6.0 / (fan_in + fan_out))); break;
    case GradflowInit::XavierNormal: normal(std::sqrt(2.0 / (fan_in + fan_out))); break;
    case GradflowInit::HeUniform: uniform(std::sqrt(6.0 / fan_in)); break;
    case GradflowInit::HeNormal: normal(std::sqrt(2.0 / fan_in)); break;
    case GradflowInit::Orthogonal:
    case GradflowInit::Count: {
        // torch.nn.init.orthogonal_: orthonormal rows of the (Out x In) weight when Out <= In,
        // orthonormal columns otherwise; in our transposed In x Out storage the roles swap.
        const int count = std::min(L.In, L.Out), len = std::max(L.In, L.Out);
        std::vector<double> v(static_cast<std::size_t>(count) * len);
        for (double& x : v) x = StandardNormal(rng);
        Orthonormalise(v, count, len);
        for (int i = 0; i < L.In; ++i)
            for (int o = 0; o < L.Out; ++o)
                w[static_cast<std::size_t>(i) * L.Out + o] =
                    L.Out >= L.In ? v[static_cast<std::size_t>(i) * len + o] : v[static_cast<std::size_t>(o) * len + i];
        break;
    }
    }
}

} // namespace mlviz
