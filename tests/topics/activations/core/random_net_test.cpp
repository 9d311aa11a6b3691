// The random MLP behind the activation topic's output surface: shapes, seeded weights that
// are the same on every platform, a hand-computed forward pass, and the q57 property that
// without a non-linearity the net is an affine map.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "topics/activations/core/random_net.h"

using namespace mlviz;

TEST_CASE("MakeRandomNet: layer sizes, clamps, weight shapes", "[found][random_net]")
{
    const RandomNet net = MakeRandomNet({3, 16, 1, 1.0});
    CHECK(net.Sizes == std::vector<int>{2, 16, 16, 16, 1});
    REQUIRE(net.Weights.size() == 4);
    REQUIRE(net.Biases.size() == 4);
    for (std::size_t l = 0; l < 4; ++l) {
        CHECK(net.Weights[l].size() == static_cast<std::size_t>(net.Sizes[l] * net.Sizes[l + 1]));
        CHECK(net.Biases[l].size() == static_cast<std::size_t>(net.Sizes[l + 1]));
    }
    CHECK(MakeRandomNet({0, 0, 1, 1.0}).Sizes == std::vector<int>{2, 1, 1});
    CHECK(MakeRandomNet({-4, -4, 1, 1.0}).Sizes == std::vector<int>{2, 1, 1});
    const RandomNet big = MakeRandomNet({100, 1000, 1, 1.0});
    CHECK(big.Sizes.size() == 10); // 8 hidden layers at most
    CHECK(big.Sizes[1] == 64);     // 64 wide at most
}

TEST_CASE("MakeRandomNet: same seed same net, the same numbers on every platform", "[found][random_net]")
{
    const RandomNet a = MakeRandomNet({3, 16, 1, 1.0}), b = MakeRandomNet({3, 16, 1, 1.0});
    CHECK(a.Weights == b.Weights);
    CHECK(a.Biases == b.Biases);
    const RandomNet c = MakeRandomNet({3, 16, 2, 1.0});
    CHECK(a.Weights[0] != c.Weights[0]);
    // Reference values from an independent pure-Python MT19937 (init_genrand(1); checked against
    // the standard's 10000th output 4123659995 for seed 5489) and the same transforms:
    // u = (r + 0.5) / 2^32, n = sqrt(-2 ln u1) cos(2 pi u2); layer 0 weights (sd 1), then its
    // biases (sd 0.1), then layer 1 weights (sd sqrt(2/16)).
    CHECK(a.Weights[0][0] == Approx(1.3223786781134519).epsilon(1e-12));
    CHECK(a.Weights[0][1] == Approx(0.7383606671238929).epsilon(1e-12));
    CHECK(a.Weights[0][31] == Approx(-0.6215872271778303).epsilon(1e-12));
    CHECK(a.Biases[0][0] == Approx(-0.024942123645212262).epsilon(1e-12));
    CHECK(a.Biases[0][15] == Approx(0.12857649994243764).epsilon(1e-12));
    CHECK(a.Weights[1][0] == Approx(0.4080048045105259).epsilon(1e-12));
    // WeightScale multiplies every weight and leaves the biases alone.
    const RandomNet s = MakeRandomNet({3, 16, 1, 0.5});
    CHECK(s.Weights[1][0] == Approx(0.5 * a.Weights[1][0]).epsilon(1e-15));
    CHECK(s.Biases[2] == a.Biases[2]);
}

TEST_CASE("MakeRandomNet: weights are He-scaled normals, biases N(0, 0.1^2)", "[found][random_net]")
{
    const RandomNet net = MakeRandomNet({8, 64, 12345, 1.0});
    double sum = 0.0, sq = 0.0, n = 0.0, bsum = 0.0, bsq = 0.0, bn = 0.0;
    for (std::size_t l = 1; l + 1 < net.Weights.size(); ++l) { // the 64 x 64 layers: fan_in 64
        for (double w : net.Weights[l]) {
            sum += w;
            sq += w * w;
            n += 1.0;
        }
        for (double b : net.Biases[l]) {
            bsum += b;
            bsq += b * b;
            bn += 1.0;
        }
    }
    const double var = sq / n - (sum / n) * (sum / n);
    CHECK(n == 7 * 64 * 64);
    CHECK(std::fabs(sum / n) < 4.0 * std::sqrt(2.0 / 64.0 / n)); // 4 sigma of the mean
    CHECK(var == Approx(2.0 / 64.0).epsilon(0.04));
    CHECK(bsq / bn == Approx(0.01).epsilon(0.25));
    CHECK(std::fabs(bsum / bn) < 0.05);
}

TEST_CASE("EvaluateRandomNet: a hand-computed forward pass", "[found][random_net]")
{
    RandomNet net;
    net.Sizes = {2, 2, 1};
    net.Weights = {{1.0, 2.0, 3.0, -4.0}, {1.0, -1.0}};
    net.Biases = {{0.5, -1.0}, {0.25}};
    // Hidden pre-activations at (1, 1): 1 + 2 + 0.5 = 3.5 and 3 - 4 - 1 = -2.
    CHECK(EvaluateRandomNet(net, Activation::ReLU, {}, 1.0, 1.0) == 3.75);     // 3.5 - 0 + 0.25
    CHECK(EvaluateRandomNet(net, Activation::Identity, {}, 1.0, 1.0) == 5.75); // 3.5 + 2 + 0.25
    ActivationParams leaky;
    leaky.LeakySlope = 0.5;
    CHECK(EvaluateRandomNet(net, Activation::LeakyReLU, leaky, 1.0, 1.0) == 4.75); // 3.5 + 1 + 0.25
    CHECK(EvaluateRandomNet(net, Activation::Tanh, {}, 1.0, 1.0) == Approx(std::tanh(3.5) - std::tanh(-2.0) + 0.25));
    // No activation after the output layer: a negative output stays negative under ReLU.
    CHECK(EvaluateRandomNet(net, Activation::ReLU, {}, 1.0, -1.0) == -5.75); // pre (-0.5, 6): 0 - 6 + 0.25
}

TEST_CASE("Identity activation gives an affine field (q57), ReLU does not", "[found][random_net]")
{
    for (std::uint32_t seed : {1u, 7u, 2024u}) {
        const RandomNet net = MakeRandomNet({4, 32, seed, 1.0});
        const double h = 0.37;
        double max_second = 0.0, relu_second = 0.0;
        std::mt19937 rng(seed);
        for (int k = 0; k < 200; ++k) {
            const double x = -2.0 + 4.0 * (rng() / 4294967296.0), y = -2.0 + 4.0 * (rng() / 4294967296.0);
            auto f = [&](Activation a, double dx, double dy) { return EvaluateRandomNet(net, a, {}, x + dx, y + dy); };
            for (Activation a : {Activation::Identity, Activation::ReLU}) {
                const double c = f(a, 0, 0);
                const double dxx = f(a, h, 0) - 2 * c + f(a, -h, 0);
                const double dyy = f(a, 0, h) - 2 * c + f(a, 0, -h);
                const double dxy = f(a, h, h) - f(a, h, -h) - f(a, -h, h) + f(a, -h, -h);
                double& worst = a == Activation::Identity ? max_second : relu_second;
                worst = std::max({worst, std::fabs(dxx), std::fabs(dyy), std::fabs(dxy)});
            }
        }
        INFO("seed " << seed);
        CHECK(max_second < 1e-10);
        CHECK(relu_second > 1e-3); // the check can tell a bent surface from a plane
    }
}

TEST_CASE("RandomNetField samples the net at cell centres", "[found][random_net]")
{
    const RandomNet net = MakeRandomNet({2, 8, 3, 1.0});
    ActivationParams p;
    const Bounds2 area{-3.0, 3.0, -2.0, 2.0};
    const ScalarGrid g = RandomNetField(net, Activation::GELU, p, area, 16);
    REQUIRE(g.Width == 16);
    REQUIRE(g.Height == 16);
    for (int j = 0; j < 16; j += 5)
        for (int i = 0; i < 16; i += 3)
            CHECK(g.At(i, j) == static_cast<float>(EvaluateRandomNet(net, Activation::GELU, p, g.CellX(i), g.CellY(j))));
    // The identity field's grid has zero second differences up to float rounding.
    const ScalarGrid lin = RandomNetField(net, Activation::Identity, p, area, 32);
    const ValueRange r = FiniteRange(lin.Values);
    REQUIRE(r.Valid);
    const double scale = std::max(std::fabs(r.Min), std::fabs(r.Max)) + 1.0;
    for (int j = 0; j < 32; ++j)
        for (int i = 1; i + 1 < 32; ++i)
            CHECK(std::fabs(double(lin.At(i + 1, j)) - 2.0 * lin.At(i, j) + lin.At(i - 1, j)) < 1e-5 * scale);
    for (float v : RandomNetField(net, Activation::Swish, p, Bounds2{-1e3, 1e3, -1e3, 1e3}, 8).Values) CHECK(std::isfinite(v));
}
