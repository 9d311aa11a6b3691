// 2-D loss surfaces with analytic gradients for the optimizer topic (q60, 75, 77, 86, 58),
// in double precision. Coordinates are the two parameters (x, y) = (w1, w2) of a model.
// Optional penalties follow PyTorch conventions: L1 adds l1 * (|x| + |y|) with gradient
// l1 * sign(w) (torch.sign: sign(0) = 0); L2 adds (l2 / 2) * (x² + y²) with gradient l2 * w,
// i.e. the same gradient as torch.optim.SGD's weight_decay = l2.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

#include "core/heatmap.h"

namespace mlviz {

struct Vec2d {
    double X = 0.0, Y = 0.0;

    bool operator==(const Vec2d&) const = default;
};

enum class SurfaceKind { Quadratic, Rosenbrock, Beale, Himmelblau, Saddle, Rastrigin, Count };

struct SurfaceParams {
    // Quadratic f = ½ (S(w − c))ᵀ A (S(w − c)), A with eigenvalues 1 (along AngleDeg from the
    // x axis) and Kappa (across it). S = I when FeaturesScaled, else diag(1, FeatureScale):
    // an unnormalised second input feature makes the surface FeatureScale² more ill-conditioned.
    double Kappa = 10.0;
    double AngleDeg = 30.0;
    bool FeaturesScaled = true;
    double FeatureScale = 5.0;
    double CenterX = 0.0, CenterY = 0.0;
    // Rosenbrock (a − x)² + b (y − x²)², minimum (a, a²).
    double RosenA = 1.0, RosenB = 100.0;
    // Rastrigin 2A + Σ (w² − A cos 2πw), minimum 0 at the origin.
    double RastriginA = 10.0;
    // Penalties (see the banner); both >= 0.
    double L1 = 0.0, L2 = 0.0;

    bool operator==(const SurfaceParams&) const = default;
};

// Valid ranges, shared by the UI sliders and the CLI checks.
inline constexpr double kKappaMin = 1.0, kKappaMax = 1000.0;
inline constexpr double kFeatureScaleMin = 0.01, kFeatureScaleMax = 100.0;
inline constexpr double kRosenAMax = 10.0, kRosenBMax = 1e4;
inline constexpr double kRastriginAMax = 100.0;
inline constexpr double kPenaltyMax = 100.0;

struct SurfaceValue {
    double F = 0.0;
    Vec2d Grad;
};

// Value and gradient of the penalised loss at w.
SurfaceValue EvaluateSurface(SurfaceKind kind, const SurfaceParams& p, Vec2d w);
double SurfaceLoss(SurfaceKind kind, const SurfaceParams& p, Vec2d w);

// Hessian of the (unpenalised) quadratic, row-major {a11, a12, a21, a22}.
std::vector<double> QuadraticHessian(const SurfaceParams& p);

// Global minima of the unpenalised function (all four for Himmelblau; the saddle point for
// Saddle, which has no minimum).
std::vector<Vec2d> KnownMinima(SurfaceKind kind, const SurfaceParams& p);

// Default plotting area and start point of each function.
Bounds2 DefaultArea(SurfaceKind kind);
Vec2d DefaultStart(SurfaceKind kind);

// The lowest point of the penalised loss inside `area`, by a grid search refined by repeated
// zooming (works for non-smooth L1 penalties); `f` is its value.
struct AreaMinimum {
    Vec2d W;
    double F = 0.0;
};
AreaMinimum MinimizeInArea(SurfaceKind kind, const SurfaceParams& p, const Bounds2& area);

// Stable names ("quadratic", "rosenbrock", "beale", "himmelblau", "saddle", "rastrigin").
std::string_view SurfaceName(SurfaceKind kind);
std::string_view SurfaceLabel(SurfaceKind kind); // display name (Russian)
std::optional<SurfaceKind> SurfaceFromName(std::string_view name);

} // namespace mlviz
