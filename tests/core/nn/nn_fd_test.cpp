// nn core: gradients against central finite differences on seeded random layer configurations
// (every stride / padding / dilation / groups combination the generator draws), and the
// services of Sequential: state dict text round trip, deep copies, freezing, activations.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <random>

#include "core/nn/activation.h"
#include "core/nn/batchnorm.h"
#include "core/nn/conv.h"
#include "core/nn/init.h"
#include "core/nn/linear.h"
#include "core/nn/optim.h"
#include "core/nn/loss.h"
#include "core/nn/pool.h"
#include "core/nn/reshape.h"
#include "core/nn/se.h"
#include "core/nn/sequential.h"
#include "core/nn/state_io.h"
#include "core/random.h"
#include "nn_test_util.h"

using namespace mlviz::nn;
using namespace mlviz::nn::test;
using mlviz::Normal;
using mlviz::UniformInt;

namespace {

// L = sum(net(x) * g) in Mode::Train; compares dL/dx and dL/dparameters with central
// differences at up to `probes` random coordinates of each tensor.
void CheckFiniteDifferences(Sequential<double>& net, const Tensor<double>& x, std::mt19937& rng, int probes = 6)
{
    auto y = net.Forward(x, Mode::Train);
    REQUIRE(y);
    Tensor<double> g(y->Dims);
    for (double& v : g.Data) v = Normal(rng, 0.0, 1.0);
    net.ZeroGrad();
    auto dx = net.Backward(g, true);
    REQUIRE(dx);
    auto loss = [&](const Tensor<double>& input) {
        const Tensor<double> out = *net.Forward(input, Mode::Train);
        double s = 0.0;
        for (std::size_t i = 0; i < out.Numel(); ++i) s += out[i] * g[i];
        return s;
    };
    const double h = 1e-6;
    auto check = [&](double analytic, double plus, double minus) {
        const double numeric = (plus - minus) / (2.0 * h);
        CHECK(std::abs(analytic - numeric) <= 1e-6 * std::max(1.0, std::abs(numeric)));
    };
    Tensor<double> xp = x;
    for (int k = 0; k < probes; ++k) {
        const std::size_t i = static_cast<std::size_t>(UniformInt(rng, static_cast<int>(x.Numel())));
        xp[i] = x[i] + h;
        const double plus = loss(xp);
        xp[i] = x[i] - h;
        const double minus = loss(xp);
        xp[i] = x[i];
        INFO("input " << i);
        check((*dx)[i], plus, minus);
    }
    const std::vector<std::string> names = net.ParameterNames();
    std::vector<Parameter<double>*> params = net.Parameters();
    for (std::size_t p = 0; p < params.size(); ++p) {
        const Tensor<double> grad = params[p]->Grad;
        for (int k = 0; k < probes; ++k) {
            const std::size_t i = static_cast<std::size_t>(UniformInt(rng, static_cast<int>(grad.Numel())));
            const double v = params[p]->Value[i];
            params[p]->Value[i] = v + h;
            const double plus = loss(x);
            params[p]->Value[i] = v - h;
            const double minus = loss(x);
            params[p]->Value[i] = v;
            INFO(names[p] << "[" << i << "]");
            check(grad[i], plus, minus);
        }
    }
}

Tensor<double> RandomTensor(const Shape& s, std::mt19937& rng)
{
    Tensor<double> t(s);
    for (double& v : t.Data) v = Normal(rng, 0.0, 1.0);
    return t;
}

// A random Conv2d (or Conv3d) with an input large enough for a non-empty output.
Sequential<double> RandomConvNet(std::mt19937& rng, bool three_d, Shape& input)
{
    const int groups = 1 + UniformInt(rng, 3);
    const int c = groups * (1 + UniformInt(rng, 2)), o = groups * (1 + UniformInt(rng, 2));
    std::array<int, 3> k{}, s{}, p{}, d{}, in{};
    for (int a = 0; a < 3; ++a) {
        k[a] = 1 + UniformInt(rng, 3);
        s[a] = 1 + UniformInt(rng, 3);
        p[a] = UniformInt(rng, 3);
        d[a] = 1 + UniformInt(rng, 3);
        const int span = d[a] * (k[a] - 1) + 1;
        in[a] = std::max(1, span - 2 * p[a]) + UniformInt(rng, 5);
    }
    Sequential<double> net;
    if (three_d) {
        net.Add(std::make_unique<Conv3d<double>>(Conv3dConfig{c, o, k, s, p, d, groups, UniformInt(rng, 2) == 0}));
        input = {2, c, in[0], in[1], in[2]};
    } else {
        net.Add(std::make_unique<Conv2d<double>>(
            Conv2dConfig{c, o, {k[1], k[2]}, {s[1], s[2]}, {p[1], p[2]}, {d[1], d[2]}, groups, UniformInt(rng, 2) == 0}));
        input = {2, c, in[1], in[2]};
    }
    net.Initialize(rng);
    return net;
}

} // namespace

TEST_CASE("nn: Conv2d and Conv3d gradients match finite differences on random configurations", "[nn]")
{
    std::mt19937 rng(2024);
    for (int trial = 0; trial < 40; ++trial) {
        Shape input;
        Sequential<double> net = RandomConvNet(rng, trial % 4 == 3, input);
        INFO(net.Describe()[0] << " on " << ShapeString(input));
        REQUIRE(net.Shapes(input, Mode::Train).Ok());
        CheckFiniteDifferences(net, RandomTensor(input, rng), rng, 4);
    }
}

TEST_CASE("nn: every other layer's gradients match finite differences", "[nn]")
{
    std::mt19937 rng(7);
    Sequential<double> net;
    net.Add(std::make_unique<Conv2d<double>>(Conv2dConfig{2, 6, {3, 3}, {1, 1}, {1, 1}, {1, 1}, 1, true}));
    net.Add(std::make_unique<BatchNorm<double>>(BatchNormConfig{6}));
    net.Add(MakeTanh<double>());
    net.Add(std::make_unique<SqueezeExcitation<double>>(SqueezeExcitationConfig{6, 2}));
    net.Add(std::make_unique<AvgPool2d<double>>(AvgPool2dConfig{{3, 3}, {2, 2}, {1, 1}, true, false, 0}));
    net.Add(MakeSigmoid<double>());
    net.Add(std::make_unique<MaxPool2d<double>>(MaxPool2dConfig{{2, 2}, {1, 1}, {1, 1}, {1, 1}, false}));
    net.Add(std::make_unique<AdaptivePool2d<double>>(AdaptivePool2dConfig{{3, 2}}, true));
    net.Add(std::make_unique<AdaptivePool2d<double>>(AdaptivePool2dConfig{{2, 2}}, false));
    net.Add(MakeFlatten<double>());
    net.Add(std::make_unique<Linear<double>>(LinearConfig{24, 8, true}));
    net.Add(std::make_unique<BatchNorm<double>>(BatchNormConfig{8}));
    net.Add(MakeReLU<double>());
    net.Add(MakeReshape<double>({2, 2, 2}));
    net.Add(MakeFlatten<double>());
    net.Add(MakeSoftmax<double>());
    net.Initialize(rng);
    for (int trial = 0; trial < 3; ++trial) CheckFiniteDifferences(net, RandomTensor({4, 2, 7, 6}, rng), rng, 8);
}

TEST_CASE("nn: torch's default initialisation bounds", "[nn]")
{
    Conv2d<double> conv(Conv2dConfig{8, 16, {3, 3}, {1, 1}, {0, 0}, {1, 1}, 2, true});
    std::mt19937 rng(1);
    conv.Initialize(rng);
    const double bound = 1.0 / std::sqrt(4.0 * 9.0); // fan_in = C / groups * kH * kW
    double sum = 0.0, sq = 0.0, max_abs = 0.0;
    for (double v : conv.Weight().Value.Data) {
        sum += v;
        sq += v * v;
        max_abs = std::max(max_abs, std::abs(v));
    }
    const double n = static_cast<double>(conv.Weight().Value.Numel());
    CHECK(max_abs <= bound);
    CHECK(max_abs > 0.95 * bound);
    CHECK(std::abs(sum / n) < 0.1 * bound);
    CHECK(sq / n == Approx(bound * bound / 3.0).epsilon(0.15)); // variance of U(-b, b)
    for (double v : conv.Bias().Value.Data) CHECK(std::abs(v) <= bound);
    // Same seed, same weights; another seed, other weights.
    Conv2d<double> again(Conv2dConfig{8, 16, {3, 3}, {1, 1}, {0, 0}, {1, 1}, 2, true});
    std::mt19937 rng2(1);
    again.Initialize(rng2);
    CHECK(again.Weight().Value == conv.Weight().Value);
    CHECK(LeakyReluGain(std::sqrt(5.0)) == Approx(std::sqrt(1.0 / 3.0)));
}

TEST_CASE("nn: state dict text round trip, deep copies and strict loading", "[nn]")
{
    Sequential<double> net;
    net.Add(std::make_unique<Conv2d<double>>(Conv2dConfig{1, 3, {3, 3}, {1, 1}, {1, 1}, {1, 1}, 1, true}));
    net.Add(std::make_unique<BatchNorm<double>>(BatchNormConfig{3}));
    net.Add(MakeFlatten<double>()).Add(std::make_unique<Linear<double>>(LinearConfig{48, 2, true}));
    net.Initialize(5);
    const Tensor<double> x = Pattern<double>({2, 1, 4, 4}, 1);
    REQUIRE(net.Forward(x, Mode::Train)); // running stats move away from their defaults
    const std::string text = StateToText(net.StateDict());
    CHECK(text.starts_with("mlviz-nn-state 1 9\n0.weight 4 3 1 3 3\n"));
    auto state = StateFromText<double>(text);
    REQUIRE(state);
    Sequential<double> other = net; // deep copy
    other.Initialize(99);
    CHECK(other.StateDict()[0].Value != net.StateDict()[0].Value);
    REQUIRE(other.LoadStateDict(*state).Empty());
    CHECK(*other.Forward(x, Mode::Eval) == *net.Forward(x, Mode::Eval)); // bit-identical (%.17g)

    std::vector<NamedTensor<double>> missing = *state;
    missing.pop_back();
    CHECK_FALSE(other.LoadStateDict(missing).Empty());
    std::vector<NamedTensor<double>> wrong = *state;
    wrong[0].Value = Tensor<double>({3, 1, 2, 2});
    CHECK_FALSE(other.LoadStateDict(wrong).Empty());
    wrong = *state;
    wrong.push_back({"9.weight", Tensor<double>({1})});
    CHECK_FALSE(other.LoadStateDict(wrong).Empty());
    CHECK_FALSE(StateFromText<double>("mlviz-nn-state 1 1\nw 1 2\n1.0\n").Ok());     // one value short
    CHECK_FALSE(StateFromText<double>("mlviz-nn-state 1 1\nw 1 2\n1.0 nan\n").Ok()); // not finite
    CHECK_FALSE(StateFromText<double>("mlviz-nn-state 2 0\n").Ok());
    CHECK_FALSE(StateFromText<double>("mlviz-nn-state 1 1\nw 1 99999999999\n").Ok());
    CHECK(StateFromText<float>(StateToText(std::vector<NamedTensor<float>>{{"a", Tensor<float>({2}, 0.1f)}}))->at(0).Value[1] ==
          0.1f);
}

TEST_CASE("nn: frozen layers keep their weights but pass the input gradient", "[nn]")
{
    Sequential<double> net;
    net.Add(std::make_unique<Linear<double>>(LinearConfig{4, 3, true})).Add(MakeReLU<double>());
    net.Add(std::make_unique<Linear<double>>(LinearConfig{3, 2, true}));
    net.Initialize(3);
    Sequential<double> frozen = net;
    frozen.SetFrozen(0, 0, true);
    CHECK(frozen.ParameterCount(true) == 8);
    CHECK(frozen.ParameterCount() == 23);
    const Tensor<double> x = Pattern<double>({5, 4}, 1), g = Pattern<double>({5, 2}, 4);
    REQUIRE(net.Forward(x, Mode::Train));
    REQUIRE(frozen.Forward(x, Mode::Train));
    net.ZeroGrad();
    frozen.ZeroGrad();
    const Tensor<double> dx = *net.Backward(g, true), dx_frozen = *frozen.Backward(g, true);
    CHECK(dx == dx_frozen);
    CHECK(frozen.Parameters()[0]->Grad == Tensor<double>({3, 4}));
    CHECK(frozen.Parameters()[2]->Grad == net.Parameters()[2]->Grad);
    const Tensor<double> before = frozen.Parameters()[0]->Value;
    Sgd<double> sgd(SgdConfig{0.5});
    sgd.Step(frozen);
    CHECK(frozen.Parameters()[0]->Value == before);
    CHECK(frozen.Describe()[0].ends_with("[frozen]"));
}

TEST_CASE("nn: per-layer activations, shapes, multiply-adds and checked calls", "[nn]")
{
    Sequential<float> net;
    net.Add(std::make_unique<Conv2d<float>>(Conv2dConfig{1, 4, {3, 3}, {1, 1}, {1, 1}, {1, 1}, 1, true}));
    net.Add(MakeReLU<float>()).Add(std::make_unique<MaxPool2d<float>>(MaxPool2dConfig{})).Add(MakeFlatten<float>());
    net.Add(std::make_unique<Linear<float>>(LinearConfig{64, 10, true}));
    net.Initialize(1);
    net.KeepActivations = true;
    auto y = net.Forward(Pattern<float>({2, 1, 8, 8}, 1), Mode::Eval);
    REQUIRE(y);
    CHECK(net.Activation(0).Dims == Shape{2, 4, 8, 8});
    CHECK(net.Activation(2).Dims == Shape{2, 4, 4, 4});
    CHECK(net.Activation(4) == *y);
    for (float v : net.Activation(1).Data) CHECK(v >= 0.0f);
    CHECK(net.MultiplyAdds({1, 1, 8, 8}) == 4 * 64 * 9 + 640);
    CHECK(net.ParameterCount() == 40 + 650);
    auto shapes = net.Shapes({3, 1, 8, 8}, Mode::Eval);
    REQUIRE(shapes);
    CHECK(shapes->back() == Shape{3, 10});
    auto bad = net.Forward(Pattern<float>({2, 2, 8, 8}, 1), Mode::Eval);
    REQUIRE_FALSE(bad.Ok());
    CHECK(mlviz::RenderMessage(bad.Error(), mlviz::Language::En).starts_with("0: ")); // names the layer
    CHECK_FALSE(net.Backward(Tensor<float>({2, 9}), true).Ok());
    Sequential<float> fresh;
    fresh.Add(MakeReLU<float>());
    CHECK_FALSE(fresh.Backward(Tensor<float>({1, 1}), true).Ok()); // no forward yet
    CHECK_FALSE(net.Forward(Tensor<float>({2, 1, 8, 8}, std::vector<float>(3)), Mode::Eval).Ok());
}
