// mlviz-cli activations: {"name", "x": [...], per-function parameters} -> {"y", "dy"}.
#include "cli/commands.h"
#include "topics/activations/core/activations.h"

namespace mlviz {

Json ActivationsCommand(const Json& in)
{
    if (!in.is_object()) FailInput(std::string("input must be a JSON object, got ") + in.type_name());
    if (!in.contains("name"))
        FailInput("missing field 'name' (one of identity, sigmoid, tanh, relu, leaky_relu, elu, gelu, swish)");
    const std::string name = RequireString(in, "name");
    const auto kind = ActivationFromName(name);
    if (!kind)
        FailInput("field 'name': unknown activation '" + name +
                  "' (one of identity, sigmoid, tanh, relu, leaky_relu, elu, gelu, swish)");

    // Each function accepts only its own parameters, so a typo is never silently ignored.
    std::vector<std::string> allowed = {"name", "x"};
    ActivationParams p;
    switch (*kind) {
    case Activation::LeakyReLU:
        p.LeakySlope = ReadNumber(in, "slope", p.LeakySlope, kLeakySlopeMin, kLeakySlopeMax);
        allowed.push_back("slope");
        break;
    case Activation::ELU:
        p.EluAlpha = ReadNumber(in, "alpha", p.EluAlpha, kEluAlphaMin, kEluAlphaMax);
        allowed.push_back("alpha");
        break;
    case Activation::Swish:
        p.SwishBeta = ReadNumber(in, "beta", p.SwishBeta, kSwishBetaMin, kSwishBetaMax);
        allowed.push_back("beta");
        break;
    case Activation::GELU: {
        const std::string approx = ReadString(in, "approximate", "none");
        if (approx != "none" && approx != "tanh") FailInput("field 'approximate' must be \"none\" or \"tanh\"");
        p.GeluTanh = approx == "tanh";
        allowed.push_back("approximate");
        break;
    }
    default: break;
    }
    RequireKnownKeys(in, allowed, "for activation '" + name + "'");

    const std::vector<double> xs = ReadNumberArray(in, "x", 1'000'000);
    std::vector<double> y, dy;
    y.reserve(xs.size());
    dy.reserve(xs.size());
    for (double x : xs) {
        y.push_back(Activate(*kind, p, x));
        dy.push_back(ActivateDerivative(*kind, p, x));
    }
    return {{"y", y}, {"dy", dy}};
}

} // namespace mlviz
