// nn core: seeded weight initialisation with torch.nn.init's formulas. The numbers come from
// core/random.h over the caller's std::mt19937, so the distributions equal torch's but the
// values do not (torch's generator is a different stream); tests check bounds and moments.
#pragma once
#include <random>

#include "core/nn/tensor.h"

namespace mlviz::nn {

// torch.nn.init.calculate_gain('leaky_relu', a) = sqrt(2 / (1 + a^2)); a = 0 gives ReLU's sqrt(2).
double LeakyReluGain(double negative_slope);

// U(lo, hi) for every element.
template <typename T>
void FillUniform(Tensor<T>& t, double lo, double hi, std::mt19937& rng);

// N(mean, sd^2) for every element.
template <typename T>
void FillNormal(Tensor<T>& t, double mean, double sd, std::mt19937& rng);

// kaiming_uniform_(t, a, mode='fan_in', nonlinearity='leaky_relu'): U(-b, b) with
// b = gain(a) * sqrt(3 / fan_in). a = sqrt(5) is the default of Linear and Conv (b = 1/sqrt(fan_in)).
template <typename T>
void KaimingUniform(Tensor<T>& t, int fan_in, double a, std::mt19937& rng);

// kaiming_normal_(t, a, mode='fan_in'): N(0, (gain(a) / sqrt(fan_in))^2).
template <typename T>
void KaimingNormal(Tensor<T>& t, int fan_in, double a, std::mt19937& rng);

// xavier_uniform_(t, gain): U(-b, b) with b = gain * sqrt(6 / (fan_in + fan_out)).
template <typename T>
void XavierUniform(Tensor<T>& t, int fan_in, int fan_out, double gain, std::mt19937& rng);

// torch's default Linear / Conv initialisation (reset_parameters): the weight by
// kaiming_uniform_(a=sqrt(5)), the bias (if not empty) by U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
template <typename T>
void TorchDefaultInit(Tensor<T>& weight, Tensor<T>& bias, int fan_in, std::mt19937& rng);

} // namespace mlviz::nn
