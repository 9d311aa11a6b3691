// Test helpers for the nn core: the deterministic input pattern shared with
// tools/nn_torch_reference.py, and checksums that summarise a tensor for reference comparisons.
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

#include "core/nn/tensor.h"

namespace mlviz::nn::test {

// Element i of a pattern with `salt`: an exact multiple of 1/1001 in [-1, 1.0009]; the same
// formula as pattern() in tools/nn_torch_reference.py, so inputs need no pasting.
inline double PatternValue(std::int64_t i, int salt)
{
    return static_cast<double>((i * 7919 + static_cast<std::int64_t>(salt) * 104729 + 13) % 2003) / 1001.0 - 1.0;
}

template <typename T>
Tensor<T> Pattern(const Shape& shape, int salt, double scale = 1.0)
{
    Tensor<T> t(shape);
    for (std::size_t i = 0; i < t.Numel(); ++i) t[i] = static_cast<T>(scale * PatternValue(static_cast<std::int64_t>(i), salt));
    return t;
}

template <typename T>
void FillPattern(Tensor<T>& t, int salt, double scale = 1.0)
{
    for (std::size_t i = 0; i < t.Numel(); ++i) t[i] = static_cast<T>(scale * PatternValue(static_cast<std::int64_t>(i), salt));
}

// The checksums of checksums() in the tool: sum, sum of |v|, sum of v * w1(i), sum of v * w2(i)
// with w1(i) = ((i * 31) % 17 - 8) / 8 and w2(i) = ((i * 13) % 11 - 5) / 5 + i / n.
struct Checksums {
    std::int64_t Count = 0;
    double Sum = 0, AbsSum = 0, W1 = 0, W2 = 0;
};

template <typename T>
Checksums ChecksumsOf(const Tensor<T>& t)
{
    Checksums c;
    c.Count = static_cast<std::int64_t>(t.Numel());
    const double n = static_cast<double>(t.Numel());
    for (std::size_t i = 0; i < t.Numel(); ++i) {
        const double v = static_cast<double>(t[i]);
        const double w1 = static_cast<double>(static_cast<std::int64_t>(i) * 31 % 17 - 8) / 8.0;
        const double w2 = static_cast<double>(static_cast<std::int64_t>(i) * 13 % 11 - 5) / 5.0 + static_cast<double>(i) / n;
        c.Sum += v;
        c.AbsSum += std::abs(v);
        c.W1 += v * w1;
        c.W2 += v * w2;
    }
    return c;
}

// |a - b| <= tol * max(1, |b|)
inline bool Near(double a, double b, double tol)
{
    return std::abs(a - b) <= tol * std::max(1.0, std::abs(b));
}

} // namespace mlviz::nn::test
