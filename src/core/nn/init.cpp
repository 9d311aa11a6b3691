// nn core: torch.nn.init's formulas over core/random.h.
#include "core/nn/init.h"

#include <cmath>

#include "core/random.h"

namespace mlviz::nn {

double LeakyReluGain(double negative_slope)
{
    return std::sqrt(2.0 / (1.0 + negative_slope * negative_slope));
}

template <typename T>
void FillUniform(Tensor<T>& t, double lo, double hi, std::mt19937& rng)
{
    for (T& v : t.Data) v = static_cast<T>(Uniform(rng, lo, hi));
}

template <typename T>
void FillNormal(Tensor<T>& t, double mean, double sd, std::mt19937& rng)
{
    for (T& v : t.Data) v = static_cast<T>(Normal(rng, mean, sd));
}

template <typename T>
void KaimingUniform(Tensor<T>& t, int fan_in, double a, std::mt19937& rng)
{
    // torch: std = gain / sqrt(fan); bound = sqrt(3) * std.
    const double sd = LeakyReluGain(a) / std::sqrt(static_cast<double>(fan_in));
    const double bound = std::sqrt(3.0) * sd;
    FillUniform(t, -bound, bound, rng);
}

template <typename T>
void KaimingNormal(Tensor<T>& t, int fan_in, double a, std::mt19937& rng)
{
    FillNormal(t, 0.0, LeakyReluGain(a) / std::sqrt(static_cast<double>(fan_in)), rng);
}

template <typename T>
void XavierUniform(Tensor<T>& t, int fan_in, int fan_out, double gain, std::mt19937& rng)
{
    const double bound = gain * std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
    FillUniform(t, -bound, bound, rng);
}

template <typename T>
void TorchDefaultInit(Tensor<T>& weight, Tensor<T>& bias, int fan_in, std::mt19937& rng)
{
    KaimingUniform(weight, fan_in, std::sqrt(5.0), rng);
    if (!bias.Empty()) {
        const double bound = fan_in > 0 ? 1.0 / std::sqrt(static_cast<double>(fan_in)) : 0.0;
        FillUniform(bias, -bound, bound, rng);
    }
}

#define MLVIZ_NN_INIT(T)                                                                                                         \
    template void FillUniform<T>(Tensor<T>&, double, double, std::mt19937&);                                                     \
    template void FillNormal<T>(Tensor<T>&, double, double, std::mt19937&);                                                      \
    template void KaimingUniform<T>(Tensor<T>&, int, double, std::mt19937&);                                                     \
    template void KaimingNormal<T>(Tensor<T>&, int, double, std::mt19937&);                                                      \
    template void XavierUniform<T>(Tensor<T>&, int, int, double, std::mt19937&);                                                 \
    template void TorchDefaultInit<T>(Tensor<T>&, Tensor<T>&, int, std::mt19937&);
MLVIZ_NN_INIT(float)
MLVIZ_NN_INIT(double)
#undef MLVIZ_NN_INIT

} // namespace mlviz::nn
