// Activation functions and their derivatives, in double precision.
// Definitions and the derivative at kinks follow PyTorch (torch.nn.functional):
//   relu'(0) = 0, leaky_relu'(0) = slope, elu'(x <= 0) = alpha * exp(x),
//   gelu is the exact erf form (approximate='none') unless Approximate is set ('tanh'),
//   swish(x) = x * sigmoid(beta * x) (beta = 1 is torch's silu).
#pragma once
#include <optional>
#include <span>
#include <string_view>

namespace mlviz {

enum class Activation { Identity, Sigmoid, Tanh, ReLU, LeakyReLU, ELU, GELU, Swish, Count };

struct ActivationParams {
    double LeakySlope = 0.01; // torch default negative_slope
    double EluAlpha = 1.0;
    double SwishBeta = 1.0;
    bool GeluTanh = false; // GELU tanh approximation instead of erf
};

// Valid parameter ranges, shared by the UI sliders and the CLI's checks.
inline constexpr double kLeakySlopeMin = 0.0, kLeakySlopeMax = 0.5;
inline constexpr double kEluAlphaMin = 0.0, kEluAlphaMax = 3.0;
inline constexpr double kSwishBetaMin = 0.0, kSwishBetaMax = 10.0;

double Activate(Activation a, const ActivationParams& p, double x);
double ActivateDerivative(Activation a, const ActivationParams& p, double x);

// Stable names used by the CLI and URL state: "identity", "sigmoid", "tanh", "relu",
// "leaky_relu", "elu", "gelu", "swish".
std::string_view ActivationName(Activation a);
std::string_view ActivationLabel(Activation a); // display name, e.g. "Leaky ReLU"
std::optional<Activation> ActivationFromName(std::string_view name);

} // namespace mlviz
