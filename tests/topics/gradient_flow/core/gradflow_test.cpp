// Gradient-flow MLP: finite-difference gradient checks over every activation x normalisation x
// residual combination, PyTorch reference values, stored derivatives.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <random>

#include "topics/gradient_flow/core/gradflow.h"

using namespace mlviz;

namespace {

double Norm(const std::vector<double>& v)
{
    double s = 0.0;
    for (double x : v) s += x * x;
    return std::sqrt(s);
}

// ‖a − b‖ / max(‖a‖, ‖b‖, floor): the usual vector-wise relative error of a gradient check.
double RelError(const std::vector<double>& a, const std::vector<double>& b)
{
    std::vector<double> d(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
    return Norm(d) / std::max({Norm(a), Norm(b), 1e-4});
}

GradflowModel Make(const GradflowConfig& c)
{
    auto m = MakeGradflowModel(c);
    REQUIRE(m.Ok());
    return std::move(m.Value());
}

// Non-trivial biases, γ and β so that a bug hidden by b = 0, γ = 1, β = 0 still shows.
void RandomiseAffine(GradflowModel& m, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    auto u = [&] { return (static_cast<double>(rng()) / 4294967296.0) * 2.0 - 1.0; };
    for (GradflowLayer* L : {&m.Output})
        for (double& v : L->B.Value) v = 0.2 * u();
    for (GradflowLayer& L : m.Layers) {
        for (double& v : L.B.Value) v = 0.2 * u();
        for (double& v : L.Gamma.Value) v = 1.0 + 0.3 * u();
        for (double& v : L.Beta.Value) v = 0.2 * u();
    }
}

// Fourth-order central difference (-f(2h) + 8 f(h) - 8 f(-h) + f(-2h)) / 12h: truncation
// O(h⁴) and rounding ~1e-16 / h ~ 1e-11, both far below the 1e-6 the check asks for.
constexpr double kStep = 1e-5;

// Which side of its kink every activation input is on (ReLU, Leaky ReLU and ELU with α < 1 have
// derivative exactly 1 right of 0 and below 1 left of it). Finite differences across a kink
// measure a mix of the two one-sided derivatives, so such entries are skipped, and counted.
std::vector<bool> KinkSides(const GradflowModel& m)
{
    std::vector<bool> sides;
    for (const GradflowLayer& L : m.Layers)
        for (double d : L.D) sides.push_back(d == 1.0);
    return sides;
}

struct FdCheck {
    GradflowModel& M;
    std::vector<bool> Base = KinkSides(M);
    int Skipped = 0, Total = 0;

    // Fills fd[i] with the derivative of f at 0, or returns false when a kink was crossed.
    bool Derivative(const std::function<double(double)>& f, double& out)
    {
        const double steps[4] = {2.0 * kStep, kStep, -kStep, -2.0 * kStep};
        double v[4];
        bool crossed = false;
        for (int k = 0; k < 4; ++k) {
            v[k] = f(steps[k]);
            crossed = crossed || KinkSides(M) != Base;
        }
        ++Total;
        if (crossed) {
            ++Skipped;
            return false;
        }
        out = (-v[0] + 8.0 * v[1] - 8.0 * v[2] + v[3]) / (12.0 * kStep);
        return true;
    }

    // ‖analytic − fd‖ / max(‖analytic‖, ‖fd‖) over the entries without a kink crossing.
    double Compare(const std::vector<double>& analytic, const std::function<double(std::size_t, double)>& f)
    {
        std::vector<double> a, fd;
        for (std::size_t i = 0; i < analytic.size(); ++i) {
            double d = 0.0;
            if (!Derivative([&](double h) { return f(i, h); }, d)) continue;
            a.push_back(analytic[i]);
            fd.push_back(d);
        }
        return RelError(a, fd);
    }

    double Param(GradflowParam& p)
    {
        return Compare(p.Grad, [&](std::size_t i, double h) {
            const double v = p.Value[i];
            p.Value[i] = v + h;
            const double loss = GradflowLoss(M);
            p.Value[i] = v;
            return loss;
        });
    }
};

const char* NormLabel(const GradflowConfig& c)
{
    if (c.Norm == GradflowNorm::None) return "none";
    const bool before = c.NormPosition == GradflowNormPosition::Before;
    if (c.Norm == GradflowNorm::BatchNorm) return before ? "batchnorm before" : "batchnorm after";
    return before ? "layernorm before" : "layernorm after";
}

} // namespace

TEST_CASE("Backward matches finite differences for every activation x norm x residual", "[gradflow]")
{
    const Activation acts[] = {Activation::Sigmoid, Activation::Tanh, Activation::ReLU, Activation::LeakyReLU,
                               Activation::ELU,     Activation::GELU, Activation::Swish};
    struct NormCase {
        GradflowNorm Norm;
        GradflowNormPosition Pos;
    };
    const NormCase norms[] = {{GradflowNorm::None, GradflowNormPosition::Before},
                              {GradflowNorm::BatchNorm, GradflowNormPosition::Before},
                              {GradflowNorm::BatchNorm, GradflowNormPosition::After},
                              {GradflowNorm::LayerNorm, GradflowNormPosition::Before},
                              {GradflowNorm::LayerNorm, GradflowNormPosition::After}};
    int checked = 0;
    for (Activation act : acts)
        for (const NormCase& nc : norms)
            for (int residual : {0, 1, 2}) {
                GradflowConfig c;
                c.Depth = 5;
                c.Width = 5;
                c.Batch = 6;
                c.Act = act;
                c.ActParams.LeakySlope = 0.1;
                c.ActParams.EluAlpha = 0.8;
                c.ActParams.SwishBeta = 1.3;
                c.Norm = nc.Norm;
                c.NormPosition = nc.Pos;
                c.ResidualEvery = residual;
                c.Init = GradflowInit::XavierNormal;
                c.Seed = 11 + static_cast<std::uint32_t>(checked);
                GradflowModel m = Make(c);
                RandomiseAffine(m, c.Seed);
                SetKeepActGrads(m, true);
                REQUIRE(RunGradflowPass(m));
                INFO(ActivationName(act) << ", " << NormLabel(c) << ", residual every " << residual);
                FdCheck fd{m};
                for (int l = 0; l < c.Depth; ++l) {
                    INFO("layer " << l);
                    GradflowLayer& L = m.Layers[static_cast<std::size_t>(l)];
                    // ∂L/∂h_l: perturb one activation after layer l, everything downstream sees it.
                    const std::vector<double> analytic = KeptActGrad(m, l);
                    CHECK(fd.Compare(analytic, [&](std::size_t i, double h) { return GradflowLoss(m, l, i, h); }) < 1e-6);
                    CHECK(fd.Param(L.W) < 1e-6);
                    CHECK(fd.Param(L.B) < 1e-6);
                    if (c.Norm != GradflowNorm::None) {
                        CHECK(fd.Param(L.Gamma) < 1e-6);
                        CHECK(fd.Param(L.Beta) < 1e-6);
                    }
                }
                CHECK(fd.Param(m.Output.W) < 1e-6);
                CHECK(fd.Param(m.Output.B) < 1e-6);
                // Kink crossings are rare; if many were skipped the check would prove little.
                CHECK(fd.Skipped <= fd.Total / 20);
                ++checked;
            }
    CHECK(checked == 7 * 5 * 3);
}

namespace {

// The formula parameters and data of /tmp/gf/ref_mlp.py (reproduced in the comment below).
void SetFormulaModel(GradflowModel& m)
{
    const GradflowConfig& c = m.Config;
    for (int l = 0; l <= c.Depth; ++l) {
        GradflowLayer& L = l == c.Depth ? m.Output : m.Layers[static_cast<std::size_t>(l)];
        for (int o = 0; o < L.Out; ++o) {
            for (int i = 0; i < L.In; ++i)
                L.W.Value[static_cast<std::size_t>(i) * L.Out + o] =
                    0.8 * std::sin(0.37 * (o + 1) + 0.91 * (i + 1) + 0.53 * l) / std::sqrt(static_cast<double>(L.In));
            if (!L.B.Value.empty()) L.B.Value[static_cast<std::size_t>(o)] = 0.1 * std::cos(0.3 * o + l);
            if (!L.Gamma.Value.empty()) {
                L.Gamma.Value[static_cast<std::size_t>(o)] = 1.0 + 0.2 * std::sin(0.5 * o + l);
                L.Beta.Value[static_cast<std::size_t>(o)] = 0.1 * std::cos(0.7 * o + 0.5 * l);
            }
        }
    }
    for (int b = 0; b < c.Batch; ++b) {
        m.X[static_cast<std::size_t>(b) * 2] = 1.2 * std::sin(0.9 * b + 0.2);
        m.X[static_cast<std::size_t>(b) * 2 + 1] = 0.8 * std::cos(1.7 * b + 0.1);
        m.Y[static_cast<std::size_t>(b)] = b % 2;
    }
}

struct TorchCase {
    const char* Name;
    GradflowConfig Config;
    int Steps;
    double Loss;
    std::vector<double> ActGradNorms, WeightGradNorms, DW0, Losses;
};

} // namespace

// Reference values: PyTorch 1.13 (Debian python3-torch), float64, the same network written with
// F.linear / F.batch_norm(training=True) / F.layer_norm / F.cross_entropy, autograd for the
// gradients, h.retain_grad() for ‖∂L/∂h_l‖, and torch.optim.SGD / Adam with clip_grad_norm_ /
// clip_grad_value_ for the loss after each step (script: ref_mlp.py, kept beside the issue).
TEST_CASE("Forward, backward and optimizers match PyTorch", "[gradflow]")
{
    auto config = [](int depth, int width, int batch, Activation act, GradflowNorm norm, GradflowNormPosition pos, int residual,
                     bool bias) {
        GradflowConfig c;
        c.Depth = depth;
        c.Width = width;
        c.Batch = batch;
        c.Act = act;
        c.Norm = norm;
        c.NormPosition = pos;
        c.ResidualEvery = residual;
        c.Bias = bias;
        return c;
    };
    std::vector<TorchCase> cases;
    {
        GradflowConfig c = config(4, 6, 8, Activation::GELU, GradflowNorm::LayerNorm, GradflowNormPosition::After, 2, true);
        c.Optimizer = {GradflowOptimizer::Adam, 0.05};
        c.Clip = {GradflowClip::Norm, 0.5};
        cases.push_back({"A: GELU, LayerNorm after, residual 2, Adam, clip norm",
                         c,
                         3,
                         0.63797320963239024,
                         {0.062129240364265557, 0.019751808380323234, 0.018075185121504283, 0.03288190142495491},
                         {1.020767465265225, 0.25219984265236844, 0.087045429831482585, 0.13918297572985439},
                         {-0.21419835008831356, 0.14029903943673985, -0.47446117691955664, 0.34063204087018001},
                         {0.63797320963239024, 0.76224467861914869, 0.64110349975581415, 0.71383831174964407}});
    }
    {
        GradflowConfig c = config(3, 5, 7, Activation::Tanh, GradflowNorm::BatchNorm, GradflowNormPosition::Before, 0, true);
        c.Optimizer = {GradflowOptimizer::Momentum, 0.3, 0.9};
        c.Clip = {GradflowClip::Value, 0.02};
        cases.push_back({"B: tanh, BatchNorm before, momentum, clip value",
                         c,
                         3,
                         0.69152938840314881,
                         {0.053644728927385227, 0.037778492263425278, 0.043674212456884166},
                         {0.044627505851730268, 0.040424693220790002, 0.034291658246576782},
                         {-0.0041409854782129924, 0.0048723160233927216, 0.0010599200803090621, -0.0019229737594180433},
                         {0.69152938840314881, 0.68529043014959246, 0.67479558955971142, 0.66388877417210346}});
    }
    {
        GradflowConfig c = config(3, 4, 6, Activation::ELU, GradflowNorm::BatchNorm, GradflowNormPosition::After, 1, false);
        c.ActParams.EluAlpha = 0.7;
        c.Optimizer = {GradflowOptimizer::Sgd, 0.5};
        cases.push_back({"C: ELU(0.7), BatchNorm after, residual 1, no bias, SGD",
                         c,
                         3,
                         0.68230105215550385,
                         {0.20536119932525265, 0.095935057025094472, 0.044834599092590702},
                         {0.084337184604002899, 0.1458215325076459, 0.071123229126958426},
                         {0.032240059838877566, 0.0024047342634035893, 0.0038447939196112821, 0.023124787231350634},
                         {0.68230105215550385, 0.71296294026280282, 0.75457998020052208, 0.72288190488388848}});
    }
    {
        GradflowConfig c = config(5, 8, 9, Activation::Swish, GradflowNorm::None, GradflowNormPosition::Before, 1, true);
        c.ActParams.SwishBeta = 1.5;
        c.Optimizer = {GradflowOptimizer::Adam, 0.01};
        c.Clip = {GradflowClip::Norm, 100.0};
        cases.push_back(
            {"D: Swish(1.5), residual 1, Adam",
             c,
             2,
             0.69555462271842727,
             {0.015075584685270539, 0.017736785537803283, 0.020795521749013151, 0.026202245831705787, 0.033720922707997508},
             {0.0029621302745696091, 0.0013860765185614403, 0.00097555326877708424, 0.0010616929476228174, 0.001429427670835703},
             {-0.00024559700409114492, 0.00023472668058100918, 0.00025629912477271308, 0.00052364222097574307},
             {0.69555462271842727, 0.69325740987620632, 0.69123522966460693}});
    }
    for (const TorchCase& tc : cases) {
        INFO(tc.Name);
        GradflowModel m = Make(tc.Config);
        SetFormulaModel(m);
        REQUIRE(RunGradflowPass(m));
        CHECK(m.Stats.Loss == Approx(tc.Loss).epsilon(1e-12));
        for (std::size_t l = 0; l < tc.ActGradNorms.size(); ++l) {
            INFO("layer " << l);
            CHECK(m.Stats.Layers[l].ActGradNorm == Approx(tc.ActGradNorms[l]).epsilon(1e-10));
            CHECK(m.Stats.Layers[l].WeightGradNorm == Approx(tc.WeightGradNorms[l]).epsilon(1e-10));
        }
        // torch's weight is Out x In; ours is stored transposed: W[o][i] = Wt[i * Out + o].
        const GradflowLayer& L0 = m.Layers[0];
        const double dw[4] = {L0.W.Grad[0], L0.W.Grad[static_cast<std::size_t>(L0.Out)], L0.W.Grad[1],
                              L0.W.Grad[static_cast<std::size_t>(L0.Out) + 1]};
        for (int i = 0; i < 4; ++i) CHECK(dw[i] == Approx(tc.DW0[static_cast<std::size_t>(i)]).epsilon(1e-10));
        for (int s = 0; s <= tc.Steps; ++s) {
            if (s > 0) {
                ApplyUpdate(m);
                REQUIRE(RunGradflowPass(m));
            }
            INFO("after step " << s);
            CHECK(m.Stats.Loss == Approx(tc.Losses[static_cast<std::size_t>(s)]).epsilon(1e-10));
        }
    }
}

TEST_CASE("Stored activation derivatives equal the activations core, bit for bit", "[gradflow]")
{
    // The forward pass derives sigmoid' and tanh' from the output; this pins that shortcut to
    // ActivateDerivative. One layer without bias: z = x0 W[0][o] + x1 W[1][o], summed in the
    // same order as the kernel, so the pre-activations are reproduced exactly.
    for (Activation act : {Activation::Sigmoid, Activation::Tanh, Activation::GELU, Activation::ELU}) {
        GradflowConfig c;
        c.Depth = 1;
        c.Width = 6;
        c.Batch = 9;
        c.Bias = false;
        c.Act = act;
        c.Init = GradflowInit::Normal;
        c.InitStd = 3.0; // into the saturated range too
        GradflowModel m = Make(c);
        REQUIRE(RunGradflowPass(m));
        const GradflowLayer& L = m.Layers[0];
        for (int b = 0; b < c.Batch; ++b)
            for (int o = 0; o < c.Width; ++o) {
                const double z = m.X[static_cast<std::size_t>(b) * 2] * L.W.Value[static_cast<std::size_t>(o)] +
                    m.X[static_cast<std::size_t>(b) * 2 + 1] * L.W.Value[static_cast<std::size_t>(c.Width + o)];
                const std::size_t k = static_cast<std::size_t>(b) * c.Width + o;
                CHECK(L.H[k] == Activate(act, c.ActParams, z));
                CHECK(L.D[k] == ActivateDerivative(act, c.ActParams, z));
            }
    }
}
