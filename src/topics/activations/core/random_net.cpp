#include "topics/activations/core/random_net.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/random.h"

namespace mlviz {

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

void FillRandomNetRow(const RandomNet& net, Activation a, const ActivationParams& p, ScalarGrid& grid, int j)
{
    const int n = grid.Width;
    const std::size_t un = static_cast<std::size_t>(n);
    std::vector<double> cur(un * 64), next(un * 64); // [unit][point]
    for (int k = 0; k < n; ++k) {
        cur[static_cast<std::size_t>(k)] = grid.CellX(k);
        cur[un + static_cast<std::size_t>(k)] = grid.CellY(j);
    }
    const std::size_t n_layers = net.Weights.size();
    for (std::size_t l = 0; l < n_layers; ++l) {
        const int in = net.Sizes[l], out = net.Sizes[l + 1];
        const double* w = net.Weights[l].data();
        for (int o = 0; o < out; ++o) {
            double* dst = &next[static_cast<std::size_t>(o) * un];
            const double b = net.Biases[l][static_cast<std::size_t>(o)];
            for (int k = 0; k < n; ++k) dst[k] = b;
            for (int i = 0; i < in; ++i) {
                const double wi = w[static_cast<std::size_t>(o) * in + i];
                const double* src = &cur[static_cast<std::size_t>(i) * un];
                for (int k = 0; k < n; ++k) dst[k] += wi * src[k];
            }
            if (l + 1 < n_layers)
                for (int k = 0; k < n; ++k) dst[k] = Activate(a, p, dst[k]);
        }
        std::swap(cur, next);
    }
    for (int k = 0; k < n; ++k)
        grid.Values[static_cast<std::size_t>(j) * un + static_cast<std::size_t>(k)] =
            static_cast<float>(cur[static_cast<std::size_t>(k)]);
}

ScalarGrid RandomNetField(const RandomNet& net, Activation a, const ActivationParams& p, const Bounds2& area, int resolution)
{
    ScalarGrid g;
    g.Width = g.Height = std::clamp(resolution, 1, 4096);
    g.Area = area;
    g.Values.resize(static_cast<std::size_t>(g.Width) * g.Height);
    for (int j = 0; j < g.Height; ++j) FillRandomNetRow(net, a, p, g, j);
    return g;
}

} // namespace mlviz
