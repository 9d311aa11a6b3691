#include "core/random_net.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace mlviz {

namespace {

// Uniform in (0, 1) from 32 random bits; never 0, so log() is finite.
double Uniform01(std::mt19937& rng)
{
    return (static_cast<double>(rng()) + 0.5) / 4294967296.0;
}

double StandardNormal(std::mt19937& rng)
{
    const double u1 = Uniform01(rng), u2 = Uniform01(rng);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
}

} // namespace

RandomNet MakeRandomNet(const RandomNetConfig& config)
{
    const int layers = std::clamp(config.HiddenLayers, 1, 8);
    const int width = std::clamp(config.Width, 1, 64);
    std::mt19937 rng(config.Seed);
    RandomNet net;
    net.Sizes.push_back(2);
    for (int l = 0; l < layers; ++l) net.Sizes.push_back(width);
    net.Sizes.push_back(1);
    for (std::size_t l = 0; l + 1 < net.Sizes.size(); ++l) {
        const int in = net.Sizes[l], out = net.Sizes[l + 1];
        const double sd = config.WeightScale * std::sqrt(2.0 / in);
        std::vector<double> w(static_cast<std::size_t>(in) * out), b(static_cast<std::size_t>(out));
        for (double& v : w) v = sd * StandardNormal(rng);
        for (double& v : b) v = 0.1 * StandardNormal(rng);
        net.Weights.push_back(std::move(w));
        net.Biases.push_back(std::move(b));
    }
    return net;
}

double EvaluateRandomNet(const RandomNet& net, Activation a, const ActivationParams& p, double x, double y)
{
    double buf_a[64], buf_b[64];
    double* cur = buf_a;
    double* next = buf_b;
    cur[0] = x;
    cur[1] = y;
    const std::size_t n_layers = net.Weights.size();
    for (std::size_t l = 0; l < n_layers; ++l) {
        const int in = net.Sizes[l], out = net.Sizes[l + 1];
        const double* w = net.Weights[l].data();
        for (int o = 0; o < out; ++o) {
            double s = net.Biases[l][static_cast<std::size_t>(o)];
            for (int i = 0; i < in; ++i) s += w[static_cast<std::size_t>(o) * in + i] * cur[i];
            next[o] = (l + 1 < n_layers) ? Activate(a, p, s) : s;
        }
        std::swap(cur, next);
    }
    return cur[0];
}

ScalarGrid RandomNetField(const RandomNet& net, Activation a, const ActivationParams& p, const Bounds2& area, int resolution)
{
    return SampleGrid([&](double x, double y) { return EvaluateRandomNet(net, a, p, x, y); }, area, resolution, resolution);
}

} // namespace mlviz
