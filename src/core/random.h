// Seeded random numbers that are the same on every platform: std::mt19937 bits turned into
// uniforms and Box-Muller normals by hand (std::normal_distribution and friends differ between
// libstdc++ and libc++, which would make links and tests depend on the compiler).
#pragma once
#include <algorithm>
#include <cmath>
#include <random>

namespace mlviz {

// Uniform in (0, 1), never 0 or 1, from 32 random bits.
inline double Uniform01(std::mt19937& rng)
{
    return (static_cast<double>(rng()) + 0.5) / 4294967296.0;
}

inline double Uniform(std::mt19937& rng, double lo, double hi)
{
    return lo + (hi - lo) * Uniform01(rng);
}

// An integer in [0, n), n >= 1.
inline int UniformInt(std::mt19937& rng, int n)
{
    return std::min(n - 1, static_cast<int>(Uniform01(rng) * n));
}

// Standard normal by Box-Muller (one of the pair; two uniforms per call).
inline double StandardNormal(std::mt19937& rng)
{
    const double u1 = Uniform01(rng), u2 = Uniform01(rng);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
}

inline double Normal(std::mt19937& rng, double mean, double sd)
{
    return mean + sd * StandardNormal(rng);
}

} // namespace mlviz
