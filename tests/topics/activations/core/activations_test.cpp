// Activation functions: values and derivatives against PyTorch, derivatives against central
// finite differences for every function and parameter set, kinks, and extreme inputs.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "topics/activations/core/activations.h"

using namespace mlviz;

namespace {

ActivationParams Leaky(double slope)
{
    ActivationParams p;
    p.LeakySlope = slope;
    return p;
}
ActivationParams Elu(double alpha)
{
    ActivationParams p;
    p.EluAlpha = alpha;
    return p;
}
ActivationParams Swish(double beta)
{
    ActivationParams p;
    p.SwishBeta = beta;
    return p;
}
ActivationParams GeluTanh()
{
    ActivationParams p;
    p.GeluTanh = true;
    return p;
}

struct Reference {
    const char* Label;
    Activation Kind;
    ActivationParams Params;
    double Y[7], Dy[7];
};

// x = -3, -1, -0.5, 0, 0.5, 1, 2.5. Produced with python3-torch 1.13 (Debian) in float64:
//   x = torch.tensor([...], dtype=torch.float64, requires_grad=True); y = f(x); y.sum().backward()
// with f = torch.sigmoid, torch.tanh, F.relu, F.leaky_relu(x, s), F.elu(x, a), F.gelu(x),
// F.gelu(x, approximate='tanh'), F.silu, x * torch.sigmoid(b * x). The x = 0 column is the
// gradient torch's autograd returns at the kink.
const double kXs[7] = {-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.5};
const Reference kTorch[] = {
    {"sigmoid",
     Activation::Sigmoid,
     {},
     {0.04742587317756678, 0.2689414213699951, 0.3775406687981454, 0.5, 0.6224593312018546, 0.7310585786300049,
      0.9241418199787566},
     {0.04517665973091214, 0.19661193324148185, 0.2350037122015945, 0.25, 0.2350037122015945, 0.19661193324148185,
      0.07010371654510807}},
    {"tanh",
     Activation::Tanh,
     {},
     {-0.9950547536867305, -0.7615941559557649, -0.46211715726000974, 0.0, 0.46211715726000974, 0.7615941559557649,
      0.9866142981514303},
     {0.009866037165440166, 0.41997434161402614, 0.7864477329659274, 1.0, 0.7864477329659274, 0.41997434161402614,
      0.02659222668316057}},
    {"relu", Activation::ReLU, {}, {0.0, 0.0, 0.0, 0.0, 0.5, 1.0, 2.5}, {0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0}},
    {"leaky_relu 0.01",
     Activation::LeakyReLU,
     Leaky(0.01),
     {-0.03, -0.01, -0.005, 0.0, 0.5, 1.0, 2.5},
     {0.01, 0.01, 0.01, 0.01, 1.0, 1.0, 1.0}},
    {"leaky_relu 0.2",
     Activation::LeakyReLU,
     Leaky(0.2),
     {-0.6000000000000001, -0.2, -0.1, 0.0, 0.5, 1.0, 2.5},
     {0.2, 0.2, 0.2, 0.2, 1.0, 1.0, 1.0}},
    {"elu 1",
     Activation::ELU,
     Elu(1.0),
     {-0.950212931632136, -0.6321205588285577, -0.3934693402873666, 0.0, 0.5, 1.0, 2.5},
     {0.049787068367863944, 0.36787944117144233, 0.6065306597126334, 1.0, 1.0, 1.0, 1.0}},
    {"elu 0.5",
     Activation::ELU,
     Elu(0.5),
     {-0.475106465816068, -0.31606027941427883, -0.1967346701436833, 0.0, 0.5, 1.0, 2.5},
     {0.024893534183931972, 0.18393972058572117, 0.3032653298563167, 0.5, 1.0, 1.0, 1.0}},
    {"gelu",
     Activation::GELU,
     {},
     {-0.00404969409489031, -0.15865525393145702, -0.15426876936299344, 0.0, 0.34573123063700656, 0.841344746068543,
      2.4844758366855597},
     {-0.01194564720418392, -0.08331547058768635, 0.13250487534383712, 0.5, 0.8674951246561629, 1.0833154705876864,
      1.037611085908145}},
    {"gelu tanh",
     Activation::GELU,
     GeluTanh(),
     {-0.0036373920817729943, -0.15880800939172324, -0.15428599017485606, 0.0, 0.34571400982514394, 0.8411919906082768,
      2.484915733910001},
     {-0.011584166630969648, -0.08296408384578252, 0.13263009646535764, 0.5, 0.8673699035346424, 1.0829640838457826,
      1.037951576212666}},
    {"swish 1 (silu)",
     Activation::Swish,
     Swish(1.0),
     {-0.14227761953270035, -0.2689414213699951, -0.1887703343990727, 0.0, 0.3112296656009273, 0.7310585786300049,
      2.3103545499468914},
     {-0.08810410601516962, 0.07232948812851325, 0.2600388126973482, 0.5, 0.7399611873026519, 0.9276705118714869,
      1.0994011113415267}},
    {"swish 2",
     Activation::Swish,
     Swish(2.0),
     {-0.007417869469904323, -0.11920292202211755, -0.13447071068499755, 0.0, 0.36552928931500245, 0.8807970779778823,
      2.483267872689288},
     {-0.012326432591525513, -0.09078424878489547, 0.07232948812851325, 0.5, 0.9276705118714867, 1.0907842487848955,
      1.0265474324296655}},
    {"swish 0.5",
     Activation::Swish,
     Swish(0.5),
     {-0.547276571419069, -0.3775406687981454, -0.21891174955710097, 0.0, 0.28108825044289903, 0.6224593312018546,
      1.9432496529367276},
     {-0.04129415429914293, 0.2600388126973482, 0.37628997842980233, 0.5, 0.6237100215701976, 0.7399611873026518,
      0.9936808449153124}},
};

struct ParamSet {
    Activation Kind;
    ActivationParams Params;
    bool KinkAtZero; // not differentiable at 0: finite differences skip a neighbourhood
};

// Every function, with parameters across each slider's whole range (activations.h limits).
std::vector<ParamSet> AllParamSets()
{
    std::vector<ParamSet> sets = {
        {Activation::Identity, {}, false}, {Activation::Sigmoid, {}, false}, {Activation::Tanh, {}, false},
        {Activation::ReLU, {}, true},      {Activation::GELU, {}, false},    {Activation::GELU, GeluTanh(), false},
    };
    for (double s : {kLeakySlopeMin, 0.01, 0.3, kLeakySlopeMax}) sets.push_back({Activation::LeakyReLU, Leaky(s), s != 1.0});
    for (double a : {kEluAlphaMin, 0.5, 1.0, 3.0, kEluAlphaMax}) sets.push_back({Activation::ELU, Elu(a), a != 1.0});
    for (double b : {kSwishBetaMin, 0.5, 1.0, 1.702, 10.0, kSwishBetaMax}) sets.push_back({Activation::Swish, Swish(b), false});
    return sets;
}

} // namespace

TEST_CASE("Activations match PyTorch values and autograd at hand-picked points", "[found][activations]")
{
    for (const Reference& r : kTorch) {
        for (int i = 0; i < 7; ++i) {
            INFO(r.Label << " at x = " << kXs[i]);
            CHECK(Activate(r.Kind, r.Params, kXs[i]) == Approx(r.Y[i]).epsilon(1e-12).margin(1e-15));
            CHECK(ActivateDerivative(r.Kind, r.Params, kXs[i]) == Approx(r.Dy[i]).epsilon(1e-12).margin(1e-15));
        }
    }
}

TEST_CASE("Activations at hand-computed points", "[found][activations]")
{
    const ActivationParams d;
    CHECK(Activate(Activation::Identity, d, -7.25) == -7.25);
    CHECK(Activate(Activation::Sigmoid, d, 0.0) == 0.5);
    CHECK(Activate(Activation::Sigmoid, d, std::log(3.0)) == Approx(0.75).epsilon(1e-15)); // 1 / (1 + 1/3)
    CHECK(ActivateDerivative(Activation::Sigmoid, d, std::log(3.0)) == Approx(0.1875).epsilon(1e-15));
    CHECK(Activate(Activation::Tanh, d, std::log(2.0)) == Approx(0.6).epsilon(1e-15)); // (4 - 1) / (4 + 1)
    CHECK(ActivateDerivative(Activation::Tanh, d, std::log(2.0)) == Approx(0.64).epsilon(1e-15));
    CHECK(Activate(Activation::LeakyReLU, Leaky(0.25), -4.0) == -1.0);
    CHECK(Activate(Activation::ELU, Elu(2.0), -std::log(2.0)) == Approx(-1.0).epsilon(1e-15)); // 2 (1/2 - 1)
    CHECK(ActivateDerivative(Activation::ELU, Elu(2.0), -std::log(2.0)) == Approx(1.0).epsilon(1e-15));
    CHECK(Activate(Activation::GELU, d, 0.0) == 0.0);
    CHECK(Activate(Activation::Swish, Swish(0.0), 3.0) == 1.5); // beta = 0: x / 2
    CHECK(ActivateDerivative(Activation::Swish, Swish(0.0), 3.0) == 0.5);
    CHECK(Activate(Activation::Swish, Swish(1.0), std::log(3.0)) == Approx(0.75 * std::log(3.0)).epsilon(1e-15));
}

TEST_CASE("Derivatives agree with central finite differences for every function and parameter", "[found][activations]")
{
    std::mt19937 rng(57u);
    std::vector<double> xs;
    for (int i = 0; i <= 240; ++i) xs.push_back(-6.0 + 0.05 * i + 0.0123); // offset: never exactly 0
    for (int i = 0; i < 200; ++i) xs.push_back(-8.0 + 16.0 * (rng() / 4294967296.0));
    for (const ParamSet& s : AllParamSets()) {
        // Steps scale with beta so that h^2 f''' and rounding (eps / h) both stay ~1e-9.
        const double h = 1e-5 / std::max(1.0, s.Params.SwishBeta * (s.Kind == Activation::Swish));
        for (double x : xs) {
            if (s.KinkAtZero && std::fabs(x) < 1e-3) continue;
            const double fd = (Activate(s.Kind, s.Params, x + h) - Activate(s.Kind, s.Params, x - h)) / (2.0 * h);
            const double d = ActivateDerivative(s.Kind, s.Params, x);
            INFO(ActivationName(s.Kind) << " slope " << s.Params.LeakySlope << " alpha " << s.Params.EluAlpha << " beta "
                                        << s.Params.SwishBeta << " gelu_tanh " << s.Params.GeluTanh << " x = " << x);
            REQUIRE(d == Approx(fd).epsilon(1e-6).margin(1e-7));
        }
    }
}

TEST_CASE("Kinks follow PyTorch's conventions (activations.h)", "[found][activations]")
{
    CHECK(ActivateDerivative(Activation::ReLU, {}, 0.0) == 0.0);
    CHECK(ActivateDerivative(Activation::ReLU, {}, -0.0) == 0.0);
    CHECK(ActivateDerivative(Activation::ReLU, {}, 1e-300) == 1.0);
    for (double s : {0.0, 0.01, 0.3, 1.0}) CHECK(ActivateDerivative(Activation::LeakyReLU, Leaky(s), 0.0) == s);
    for (double a : {0.0, 0.5, 1.0, 10.0}) {
        CHECK(ActivateDerivative(Activation::ELU, Elu(a), 0.0) == a); // alpha * exp(0)
        CHECK(Activate(Activation::ELU, Elu(a), 0.0) == 0.0);
        CHECK(ActivateDerivative(Activation::ELU, Elu(a), 1e-12) == 1.0);
    }
    // One-sided slopes around the kinks are the two branches.
    const double h = 1e-7;
    CHECK((Activate(Activation::LeakyReLU, Leaky(0.3), 0.0) - Activate(Activation::LeakyReLU, Leaky(0.3), -h)) / h ==
          Approx(0.3).epsilon(1e-9));
    CHECK((Activate(Activation::ELU, Elu(3.0), 0.0) - Activate(Activation::ELU, Elu(3.0), -h)) / h == Approx(3.0).epsilon(1e-6));
    // Continuity at 0 for every function.
    for (const ParamSet& s : AllParamSets())
        CHECK(Activate(s.Kind, s.Params, 1e-12) == Approx(Activate(s.Kind, s.Params, -1e-12)).margin(1e-10));
}

TEST_CASE("Asymptotes and limits", "[found][activations]")
{
    CHECK(Activate(Activation::Sigmoid, {}, 40.0) == Approx(1.0));
    CHECK(Activate(Activation::Sigmoid, {}, -40.0) == Approx(std::exp(-40.0)).epsilon(1e-9)); // no cancellation
    CHECK(Activate(Activation::ELU, Elu(2.0), -50.0) == Approx(-2.0));
    CHECK(Activate(Activation::GELU, {}, 10.0) == Approx(10.0));
    CHECK(Activate(Activation::Swish, Swish(100.0), 0.5) == Approx(0.5)); // beta -> inf: relu
    CHECK(Activate(Activation::Swish, Swish(100.0), -0.5) == Approx(0.0).margin(1e-20));
    // Sigmoid symmetry s(-x) = 1 - s(x), tanh odd, GELU(x) - GELU(-x) = x.
    for (double x : {0.1, 1.0, 3.3, 12.0}) {
        CHECK(Activate(Activation::Sigmoid, {}, -x) == Approx(1.0 - Activate(Activation::Sigmoid, {}, x)).margin(1e-15));
        CHECK(Activate(Activation::Tanh, {}, -x) == -Activate(Activation::Tanh, {}, x));
        CHECK(Activate(Activation::GELU, {}, x) - Activate(Activation::GELU, {}, -x) == Approx(x).epsilon(1e-14));
    }
}

TEST_CASE("No NaN or inf at |x| = 1e3 for every function and parameter", "[found][activations]")
{
    for (const ParamSet& s : AllParamSets()) {
        for (double x : {-1e3, -999.5, -710.0, -40.0, 40.0, 710.0, 999.5, 1e3}) {
            INFO(ActivationName(s.Kind) << " beta " << s.Params.SwishBeta << " gelu_tanh " << s.Params.GeluTanh << " x = " << x);
            const double y = Activate(s.Kind, s.Params, x), dy = ActivateDerivative(s.Kind, s.Params, x);
            REQUIRE(std::isfinite(y));
            REQUIRE(std::isfinite(dy));
            CHECK(dy >= -0.2); // every function here is (almost) monotone far from 0
            CHECK(dy <= 1.2);
        }
    }
}

TEST_CASE("No NaN or inf for any finite input (the CLI accepts every finite x)", "[found][activations]")
{
    // The limits are exact: f'(x) -> 1 for x -> +inf and -> 0 (or slope/identity) for x -> -inf.
    const double big[] = {1e10, 1e100, 1e154, 1e155, 1e200, 1e307, std::numeric_limits<double>::max()};
    for (const ParamSet& s : AllParamSets()) {
        for (double b : big) {
            for (double x : {b, -b}) {
                INFO(ActivationName(s.Kind) << " beta " << s.Params.SwishBeta << " gelu_tanh " << s.Params.GeluTanh
                                            << " x = " << x);
                CHECK(std::isfinite(Activate(s.Kind, s.Params, x)));
                CHECK(std::isfinite(ActivateDerivative(s.Kind, s.Params, x)));
            }
        }
    }
}

TEST_CASE("Activation names round-trip and unknown names are rejected", "[found][activations]")
{
    const char* names[] = {"identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "gelu", "swish"};
    for (int i = 0; i < static_cast<int>(Activation::Count); ++i) {
        const auto a = static_cast<Activation>(i);
        CHECK(ActivationName(a) == names[i]);
        CHECK(ActivationFromName(names[i]) == a);
        CHECK_FALSE(ActivationLabel(a).empty());
    }
    CHECK_FALSE(ActivationFromName("ReLU").has_value()); // names are exact, lower-case
    CHECK_FALSE(ActivationFromName("").has_value());
    CHECK_FALSE(ActivationFromName("softmax").has_value());
    CHECK_FALSE(ActivationFromName("relu ").has_value());
}
