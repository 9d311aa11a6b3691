// The point sets of tools/classical_ml_reference.py, rebuilt from the same LCG and the same
// rounding to 1/1000, so the tests and sklearn start from identical doubles.
#pragma once
#include <cmath>
#include <cstdint>
#include <vector>

#include "topics/classical_ml/core/cml_dataset.h"

namespace mlviz::cml_test {

struct Lcg {
    std::uint32_t S;
    double U()
    {
        S = S * 1664525u + 1013904223u;
        return static_cast<double>(S >> 8) / 16777216.0;
    }
    double G() // Irwin-Hall(4) - 2, in the script's evaluation order
    {
        const double a = U();
        const double b = U();
        const double c = U();
        const double d = U();
        return a + b + c + d - 2.0;
    }
};

inline double Q(double v)
{
    return std::floor(v * 1000.0 + 0.5) / 1000.0;
}

inline CmlDataset Empty(int dims, int classes)
{
    CmlDataset d;
    d.Dims = dims;
    d.NumClasses = classes;
    return d;
}

inline CmlDataset ParallelClasses(std::uint32_t seed, int n)
{
    Lcg r{seed};
    const double c = std::cos(3.14159265358979323846 / 6.0), s = std::sin(3.14159265358979323846 / 6.0);
    CmlDataset d = Empty(2, 2);
    for (int k = 0; k < 2; ++k)
        for (int i = 0; i < n; ++i) {
            const double a = 4.0 * r.G();
            const double b = 0.3 * r.G() + (k == 0 ? 0.6 : -0.6);
            d.X.push_back(Q(a * c - b * s));
            d.X.push_back(Q(a * s + b * c));
            d.Y.push_back(k);
        }
    return d;
}

inline CmlDataset Blobs3d(std::uint32_t seed, int n, int classes)
{
    Lcg r{seed};
    const double means[3][3] = {{0.0, 0.0, 0.0}, {2.0, 1.0, 0.0}, {0.0, 2.0, 1.5}};
    CmlDataset d = Empty(3, classes);
    for (int k = 0; k < classes; ++k)
        for (int i = 0; i < n; ++i) {
            const double a = 1.0 * r.G();
            const double b = 0.6 * r.G();
            const double cc = 0.4 * r.G();
            d.X.push_back(Q(means[k][0] + a));
            d.X.push_back(Q(means[k][1] + b + 0.2 * a));
            d.X.push_back(Q(means[k][2] + cc + 0.3 * a));
            d.Y.push_back(k);
        }
    return d;
}

inline CmlDataset Blobs2d(std::uint32_t seed, int n, int classes, double scale = 0.7)
{
    Lcg r{seed};
    const double means[3][2] = {{0.0, 0.0}, {1.5, 0.5}, {0.5, 1.5}};
    CmlDataset d = Empty(2, std::max(2, classes));
    for (int k = 0; k < classes; ++k)
        for (int i = 0; i < n; ++i) {
            const double a = scale * r.G();
            const double b = scale * r.G();
            d.X.push_back(Q(means[k][0] + a));
            d.X.push_back(Q(means[k][1] + b));
            d.Y.push_back(k);
        }
    return d;
}

inline std::vector<double> UniformPoints(std::uint32_t seed, int n, double lo, double hi)
{
    Lcg r{seed};
    std::vector<double> out;
    for (int i = 0; i < n; ++i) {
        const double a = r.U();
        const double b = r.U();
        out.push_back(Q(lo + (hi - lo) * a));
        out.push_back(Q(lo + (hi - lo) * b));
    }
    return out;
}

// The points of `d` whose class is below `classes` (the script's y < classes).
inline CmlDataset FirstClasses(const CmlDataset& d, int classes)
{
    CmlDataset out = Empty(d.Dims, classes);
    for (int i = 0; i < d.Size(); ++i)
        if (d.Y[i] < classes) {
            out.X.insert(out.X.end(), d.Row(i), d.Row(i) + d.Dims);
            out.Y.push_back(d.Y[i]);
        }
    return out;
}

} // namespace mlviz::cml_test
