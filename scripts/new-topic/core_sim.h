// @Title@: the simulation core (standard library only). A damped oscillation sampled in time,
// x(t) = A·exp(−γt)·cos(2πft), as the skeleton's stand-in for the topic's real algorithm.
#pragma once
#include <vector>

#include "core/result.h"

namespace mlviz {

struct @Camel@Config {
    double Amplitude = 1.0;   // A
    double Damping = 0.5;     // γ, 1/s
    double Frequency = 1.0;   // f, Hz
    int Samples = 200;        // over t in [0, 10] s
};

struct @Camel@Curve {
    std::vector<double> T, X;
};

// Fails with a message naming the field on a non-finite value or fewer than 2 samples.
Result<@Camel@Curve> Simulate@Camel@(const @Camel@Config& c);

} // namespace mlviz
