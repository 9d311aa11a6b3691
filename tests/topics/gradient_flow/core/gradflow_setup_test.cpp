// Gradient-flow MLP set-up: toy data sets, torch.nn.init scales, orthogonality, per-layer seeding,
// configuration errors.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cmath>
#include <functional>

#include "topics/gradient_flow/core/gradflow.h"

using namespace mlviz;

namespace {

GradflowModel Make(const GradflowConfig& c)
{
    auto m = MakeGradflowModel(c);
    REQUIRE(m.Ok());
    return std::move(m.Value());
}

} // namespace

TEST_CASE("Toy data sets are seeded, balanced and where they should be", "[gradflow]")
{
    for (ToyDataset d : {ToyDataset::Spirals, ToyDataset::Moons, ToyDataset::Circles}) {
        INFO(ToyDatasetName(d));
        std::vector<double> xy, xy2, xy3;
        std::vector<int> y, y2, y3;
        MakeToyData(d, 400, 0.0, 5, xy, y);
        MakeToyData(d, 400, 0.0, 5, xy2, y2);
        MakeToyData(d, 400, 0.0, 6, xy3, y3);
        CHECK(xy == xy2);
        CHECK(xy != xy3);
        int ones = 0;
        for (int v : y) ones += v;
        CHECK(ones == 200);
        for (std::size_t i = 0; i < y.size(); ++i) {
            const double px = xy[2 * i], py = xy[2 * i + 1], r = std::hypot(px, py);
            if (d == ToyDataset::Circles) CHECK(r == Approx(y[i] == 0 ? 1.0 : 0.5));
            if (d == ToyDataset::Spirals) CHECK(r <= 1.0);
            if (d == ToyDataset::Moons) {
                // Outer moon: unit upper half-circle; inner: centred at (1, 0.5), lower half; both shifted.
                const double cx = y[i] == 0 ? -0.5 : 0.5, cy = y[i] == 0 ? -0.25 : 0.25;
                CHECK(std::hypot(px - cx, py - cy) == Approx(1.0));
                CHECK((y[i] == 0 ? py + 0.25 : 0.25 - py) >= -1e-12);
            }
        }
    }
    // Noise has the requested standard deviation (circles: compare with the clean radius).
    std::vector<double> clean, noisy;
    std::vector<int> y;
    MakeToyData(ToyDataset::Circles, 20000, 0.0, 3, clean, y);
    MakeToyData(ToyDataset::Circles, 20000, 0.2, 3, noisy, y);
    double s2 = 0.0;
    for (std::size_t i = 0; i < clean.size(); ++i) s2 += (noisy[i] - clean[i]) * (noisy[i] - clean[i]);
    CHECK(std::sqrt(s2 / clean.size()) == Approx(0.2).epsilon(0.03));
}

TEST_CASE("Initialisations have the torch.nn.init scales", "[gradflow]")
{
    GradflowConfig c;
    c.Depth = 2;
    c.Width = 256;
    c.Batch = 2;
    auto weights = [&](GradflowInit init) {
        c.Init = init;
        return Make(c).Layers[1].W.Value; // 256 x 256
    };
    auto stats = [](const std::vector<double>& w, double& sd, double& maxabs) {
        double s = 0.0;
        maxabs = 0.0;
        for (double v : w) {
            s += v * v;
            maxabs = std::max(maxabs, std::fabs(v));
        }
        sd = std::sqrt(s / w.size());
    };
    double sd = 0.0, mx = 0.0;
    stats(weights(GradflowInit::HeNormal), sd, mx);
    CHECK(sd == Approx(std::sqrt(2.0 / 256)).epsilon(0.01));
    stats(weights(GradflowInit::HeUniform), sd, mx);
    CHECK(sd == Approx(std::sqrt(2.0 / 256)).epsilon(0.01)); // U(-a, a) has sd a / √3
    CHECK(mx <= std::sqrt(6.0 / 256));
    CHECK(mx > 0.99 * std::sqrt(6.0 / 256));
    stats(weights(GradflowInit::XavierNormal), sd, mx);
    CHECK(sd == Approx(std::sqrt(2.0 / 512)).epsilon(0.01));
    stats(weights(GradflowInit::XavierUniform), sd, mx);
    CHECK(mx <= std::sqrt(6.0 / 512));
    CHECK(sd == Approx(std::sqrt(2.0 / 512)).epsilon(0.01));
    c.InitStd = 0.3;
    stats(weights(GradflowInit::Normal), sd, mx);
    CHECK(sd == Approx(0.3).epsilon(0.01));
    c.InitStdPerFanIn = true;
    c.InitStd = 2.0;
    stats(weights(GradflowInit::Normal), sd, mx);
    CHECK(sd == Approx(2.0 / 16.0).epsilon(0.01));

    // Orthogonal: square layers are exactly orthogonal; the 2 -> 256 first layer has orthonormal
    // rows in our In x Out storage (torch: orthonormal columns of the 256 x 2 weight).
    c.Init = GradflowInit::Orthogonal;
    c.Width = 7;
    GradflowModel m = Make(c);
    for (int which = 0; which < 2; ++which) {
        const GradflowLayer& L = m.Layers[static_cast<std::size_t>(which)];
        const int n = std::min(L.In, L.Out);
        for (int a = 0; a < n; ++a)
            for (int b = 0; b < n; ++b) {
                double dot = 0.0;
                for (int k = 0; k < std::max(L.In, L.Out); ++k) {
                    const std::size_t ia =
                        L.Out >= L.In ? static_cast<std::size_t>(a) * L.Out + k : static_cast<std::size_t>(k) * L.Out + a;
                    const std::size_t ib =
                        L.Out >= L.In ? static_cast<std::size_t>(b) * L.Out + k : static_cast<std::size_t>(k) * L.Out + b;
                    dot += L.W.Value[ia] * L.W.Value[ib];
                }
                CHECK(dot == Approx(a == b ? 1.0 : 0.0).margin(1e-12));
            }
    }
    // Output layer 7 -> 2: Out < In, so the two columns of our storage are orthonormal.
    const GradflowLayer& O = m.Output;
    double d01 = 0.0, d00 = 0.0;
    for (int i = 0; i < O.In; ++i) {
        d00 += O.W.Value[static_cast<std::size_t>(i) * 2] * O.W.Value[static_cast<std::size_t>(i) * 2];
        d01 += O.W.Value[static_cast<std::size_t>(i) * 2] * O.W.Value[static_cast<std::size_t>(i) * 2 + 1];
    }
    CHECK(d00 == Approx(1.0));
    CHECK(d01 == Approx(0.0).margin(1e-12));

    // Per-layer streams: a deeper net keeps the shallower net's weights.
    c.Init = GradflowInit::HeNormal;
    c.Depth = 3;
    const auto w3 = Make(c).Layers[1].W.Value;
    c.Depth = 8;
    CHECK(Make(c).Layers[1].W.Value == w3);
}

TEST_CASE("Configuration errors name the field", "[gradflow]")
{
    auto error = [](std::function<void(GradflowConfig&)> edit) {
        GradflowConfig c;
        edit(c);
        auto m = MakeGradflowModel(c);
        return m.Ok() ? std::string() : Text(m.Error());
    };
    CHECK(error([](GradflowConfig&) {}).empty());
    CHECK_THAT(error([](GradflowConfig& c) { c.Depth = 0; }), Catch::Contains("'depth'"));
    CHECK_THAT(error([](GradflowConfig& c) { c.Width = 300; }), Catch::Contains("'width'"));
    CHECK_THAT(error([](GradflowConfig& c) { c.Batch = 1; }), Catch::Contains("'batch'"));
    CHECK_THAT(error([](GradflowConfig& c) {
                   c.Depth = 100;
                   c.Width = 256;
                   c.Batch = 1024;
               }),
               Catch::Contains("уменьшите 'batch' до 163"));
    CHECK_THAT(error([](GradflowConfig& c) { c.InitStd = std::nan(""); }), Catch::Contains("'init_std'"));
    CHECK_THAT(error([](GradflowConfig& c) { c.Optimizer.Lr = -1.0; }), Catch::Contains("'lr'"));
    CHECK_THAT(error([](GradflowConfig& c) { c.Clip.Max = 0.0; }), Catch::Contains("'max'"));
    CHECK_THAT(error([](GradflowConfig& c) { c.Act = Activation::Identity; }), Catch::Contains("'activation'"));
    CHECK_THAT(error([](GradflowConfig& c) { c.ActParams.EluAlpha = 11.0; }), Catch::Contains("'alpha'"));
}
