#include "topics/activations/core/activations.h"

#include <cmath>

namespace mlviz {

namespace {

constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;  // 1 / sqrt(2 pi)
constexpr double kSqrt2OverPi = 0.79788456080286535588; // sqrt(2 / pi)

// Written so that neither branch overflows: exp of a non-positive number only.
double Sigmoid(double x)
{
    if (x >= 0.0) return 1.0 / (1.0 + std::exp(-x));
    const double e = std::exp(x);
    return e / (1.0 + e);
}

struct NamedActivation {
    Activation Kind;
    std::string_view Name;
    std::string_view Label;
};
constexpr NamedActivation kNames[] = {
    {Activation::Identity, "identity", "Identity"},
    {Activation::Sigmoid, "sigmoid", "Sigmoid"},
    {Activation::Tanh, "tanh", "Tanh"},
    {Activation::ReLU, "relu", "ReLU"},
    {Activation::LeakyReLU, "leaky_relu", "Leaky ReLU"},
    {Activation::ELU, "elu", "ELU"},
    {Activation::GELU, "gelu", "GELU"},
    {Activation::Swish, "swish", "Swish"},
};

} // namespace

double Activate(Activation a, const ActivationParams& p, double x)
{
    switch (a) {
    case Activation::Identity: return x;
    case Activation::Sigmoid: return Sigmoid(x);
    case Activation::Tanh: return std::tanh(x);
    case Activation::ReLU: return x > 0.0 ? x : 0.0;
    case Activation::LeakyReLU: return x > 0.0 ? x : p.LeakySlope * x;
    case Activation::ELU: return x > 0.0 ? x : p.EluAlpha * std::expm1(x);
    case Activation::GELU:
        if (p.GeluTanh) return 0.5 * x * (1.0 + std::tanh(kSqrt2OverPi * (x + 0.044715 * x * x * x)));
        return 0.5 * x * (1.0 + std::erf(x / kSqrt2));
    case Activation::Swish: return x * Sigmoid(p.SwishBeta * x);
    case Activation::Count: break;
    }
    return x;
}

double ActivateDerivative(Activation a, const ActivationParams& p, double x)
{
    switch (a) {
    case Activation::Identity: return 1.0;
    case Activation::Sigmoid: {
        const double s = Sigmoid(x);
        return s * (1.0 - s);
    }
    case Activation::Tanh: {
        const double t = std::tanh(x);
        return 1.0 - t * t;
    }
    case Activation::ReLU: return x > 0.0 ? 1.0 : 0.0;
    case Activation::LeakyReLU: return x > 0.0 ? 1.0 : p.LeakySlope;
    case Activation::ELU: return x > 0.0 ? 1.0 : p.EluAlpha * std::exp(x);
    case Activation::GELU:
        // Far out the derivative is exactly the step; the formulas would compute 0 * inf there.
        if (std::fabs(x) > 40.0) return x > 0.0 ? 1.0 : 0.0;
        if (p.GeluTanh) {
            const double inner = kSqrt2OverPi * (x + 0.044715 * x * x * x);
            const double t = std::tanh(inner);
            const double dinner = kSqrt2OverPi * (1.0 + 3.0 * 0.044715 * x * x);
            return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * dinner;
        }
        return 0.5 * (1.0 + std::erf(x / kSqrt2)) + x * kInvSqrt2Pi * std::exp(-0.5 * x * x);
    case Activation::Swish: {
        const double z = p.SwishBeta * x;
        if (std::fabs(z) > 800.0) return z > 0.0 ? 1.0 : 0.0; // sigmoid saturated; avoids inf * 0
        const double s = Sigmoid(z);
        return s + p.SwishBeta * x * s * (1.0 - s);
    }
    case Activation::Count: break;
    }
    return 1.0;
}

std::string_view ActivationName(Activation a)
{
    for (const auto& n : kNames)
        if (n.Kind == a) return n.Name;
    return "identity";
}

std::string_view ActivationLabel(Activation a)
{
    for (const auto& n : kNames)
        if (n.Kind == a) return n.Label;
    return "Identity";
}

std::optional<Activation> ActivationFromName(std::string_view name)
{
    for (const auto& n : kNames)
        if (n.Name == name) return n.Kind;
    return std::nullopt;
}

} // namespace mlviz
