// Loss surfaces of the optimizer topic: analytic gradients against finite differences,
// the known minima, the quadratic's conditioning, and where L1 / L2 penalties move the minimum.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "topics/optimizers/core/optim_functions.h"

using namespace mlviz;

namespace {

constexpr int kKinds = static_cast<int>(SurfaceKind::Count);

double Uniform(std::mt19937& rng, double lo, double hi)
{
    return lo + (hi - lo) * (rng() / 4294967296.0);
}

SurfaceParams RandomParams(std::mt19937& rng)
{
    SurfaceParams p;
    p.Kappa = Uniform(rng, 1.0, 30.0);
    p.AngleDeg = Uniform(rng, -90.0, 90.0);
    p.FeaturesScaled = rng() % 2 == 0;
    p.FeatureScale = Uniform(rng, 0.5, 4.0);
    p.CenterX = Uniform(rng, -1.0, 1.0);
    p.CenterY = Uniform(rng, -1.0, 1.0);
    p.RosenA = Uniform(rng, 0.5, 2.0);
    p.RosenB = Uniform(rng, 1.0, 100.0);
    p.RastriginA = Uniform(rng, 1.0, 10.0);
    return p;
}

} // namespace

TEST_CASE("Surface gradients agree with central finite differences", "[optim]")
{
    std::mt19937 rng(42);
    for (int k = 0; k < kKinds; ++k) {
        const auto kind = static_cast<SurfaceKind>(k);
        INFO(SurfaceName(kind));
        for (int trial = 0; trial < 200; ++trial) {
            SurfaceParams p = RandomParams(rng);
            if (trial % 2 == 1) { // with penalties, away from the L1 kinks on the axes
                p.L1 = Uniform(rng, 0.0, 2.0);
                p.L2 = Uniform(rng, 0.0, 2.0);
            }
            const Bounds2 a = DefaultArea(kind);
            Vec2d w{Uniform(rng, a.XMin, a.XMax), Uniform(rng, a.YMin, a.YMax)};
            if (std::fabs(w.X) < 1e-3 || std::fabs(w.Y) < 1e-3) continue;
            const SurfaceValue v = EvaluateSurface(kind, p, w);
            CHECK(v.F == SurfaceLoss(kind, p, w));
            const double h = 1e-6;
            const double dx = (SurfaceLoss(kind, p, {w.X + h, w.Y}) - SurfaceLoss(kind, p, {w.X - h, w.Y})) / (2 * h);
            const double dy = (SurfaceLoss(kind, p, {w.X, w.Y + h}) - SurfaceLoss(kind, p, {w.X, w.Y - h})) / (2 * h);
            const double scale = 1.0 + std::fabs(v.F);
            CHECK(v.Grad.X == Approx(dx).margin(1e-6 * scale));
            CHECK(v.Grad.Y == Approx(dy).margin(1e-6 * scale));
        }
    }
}

TEST_CASE("Known minima have zero gradient and the textbook values", "[optim]")
{
    const SurfaceParams p;
    for (int k = 0; k < kKinds; ++k) {
        const auto kind = static_cast<SurfaceKind>(k);
        INFO(SurfaceName(kind));
        for (const Vec2d& m : KnownMinima(kind, p)) {
            const SurfaceValue v = EvaluateSurface(kind, p, m);
            CHECK(v.F == Approx(0.0).margin(1e-12));
            CHECK(v.Grad.X == Approx(0.0).margin(1e-9));
            CHECK(v.Grad.Y == Approx(0.0).margin(1e-9));
        }
    }
    CHECK(KnownMinima(SurfaceKind::Himmelblau, p).size() == 4);
    CHECK(SurfaceLoss(SurfaceKind::Beale, p, {3.0, 0.5}) == 0.0);
    CHECK(SurfaceLoss(SurfaceKind::Rosenbrock, p, {1.0, 1.0}) == 0.0);
    CHECK(SurfaceLoss(SurfaceKind::Rosenbrock, p, {0.0, 0.0}) == 1.0);
    CHECK(SurfaceLoss(SurfaceKind::Rastrigin, p, {1.0, 0.0}) == Approx(1.0)); // 1 − 10 cos 2π + 10
    CHECK(SurfaceLoss(SurfaceKind::Saddle, p, {1.0, 2.0}) == -3.0);
    SurfaceParams r;
    r.RosenA = 2.0;
    CHECK(KnownMinima(SurfaceKind::Rosenbrock, r)[0].Y == 4.0);
}

TEST_CASE("The quadratic has eigenvalues 1 and kappa, unscaled inputs worsen the conditioning", "[optim]")
{
    SurfaceParams p;
    p.Kappa = 20.0;
    p.AngleDeg = 35.0;
    auto eig = [](const std::vector<double>& h) {
        const double tr = h[0] + h[3], det = h[0] * h[3] - h[1] * h[2];
        const double d = std::sqrt(tr * tr / 4 - det);
        return std::pair{tr / 2 - d, tr / 2 + d};
    };
    const auto [lo, hi] = eig(QuadraticHessian(p));
    CHECK(lo == Approx(1.0));
    CHECK(hi == Approx(20.0));
    // Round bowl + one input feature 5x larger: curvature along w2 grows by 25.
    p.Kappa = 1.0;
    p.FeaturesScaled = false;
    p.FeatureScale = 5.0;
    const auto h = QuadraticHessian(p);
    CHECK(h[0] == Approx(1.0));
    CHECK(h[3] == Approx(25.0));
    CHECK(h[1] == Approx(0.0).margin(1e-12));
    // The long axis of the valley points along AngleDeg: curvature 1 there.
    SurfaceParams q;
    q.Kappa = 50.0;
    q.AngleDeg = 30.0;
    const double c = std::cos(30.0 * 3.14159265358979323846 / 180.0), s = std::sin(30.0 * 3.14159265358979323846 / 180.0);
    CHECK(SurfaceLoss(SurfaceKind::Quadratic, q, {c, s}) == Approx(0.5));
    CHECK(SurfaceLoss(SurfaceKind::Quadratic, q, {-s, c}) == Approx(25.0));
}

TEST_CASE("L1 moves the minimum onto an axis, L2 shrinks it towards the origin", "[optim]")
{
    // Axis-aligned quadratic ½(x − 1.5)² + ½(y − 0.4)²: the penalised minima are known in
    // closed form. L1 (λ = 0.6): soft-thresholding, (1.5 − 0.6, max(0.4 − 0.6, 0)) = (0.9, 0).
    // L2 (λ = 1): c / (1 + λ) = (0.75, 0.2), the same direction as c.
    SurfaceParams p;
    p.Kappa = 1.0;
    p.AngleDeg = 0.0;
    p.CenterX = 1.5;
    p.CenterY = 0.4;
    const Bounds2 area{-3.0, 3.0, -3.0, 3.0};
    SurfaceParams l1 = p;
    l1.L1 = 0.6;
    const AreaMinimum m1 = MinimizeInArea(SurfaceKind::Quadratic, l1, area);
    CHECK(m1.W.X == Approx(0.9).margin(1e-9));
    CHECK(m1.W.Y == Approx(0.0).margin(1e-9));
    SurfaceParams l2 = p;
    l2.L2 = 1.0;
    const AreaMinimum m2 = MinimizeInArea(SurfaceKind::Quadratic, l2, area);
    CHECK(m2.W.X == Approx(0.75).margin(1e-9));
    CHECK(m2.W.Y == Approx(0.2).margin(1e-9));
    // sign(0) = 0: no L1 force on a coordinate that is exactly zero (torch.sign).
    CHECK(EvaluateSurface(SurfaceKind::Quadratic, l1, {0.9, 0.0}).Grad.Y == Approx(-0.4));
}

TEST_CASE("MinimizeInArea finds the known minima", "[optim]")
{
    const SurfaceParams p;
    for (int k = 0; k < kKinds; ++k) {
        const auto kind = static_cast<SurfaceKind>(k);
        if (kind == SurfaceKind::Saddle) continue; // unbounded below: the area's corner
        INFO(SurfaceName(kind));
        const AreaMinimum m = MinimizeInArea(kind, p, DefaultArea(kind));
        CHECK(m.F == Approx(0.0).margin(1e-9));
        double nearest = 1e9;
        for (const Vec2d& k2 : KnownMinima(kind, p)) nearest = std::min(nearest, std::hypot(m.W.X - k2.X, m.W.Y - k2.Y));
        CHECK(nearest < 1e-4);
    }
    const AreaMinimum s = MinimizeInArea(SurfaceKind::Saddle, p, {-2.0, 2.0, -1.0, 1.0});
    CHECK(s.F == Approx(-1.0).margin(1e-9)); // x = 0, |y| = 1
}

TEST_CASE("Surface names round-trip", "[optim]")
{
    for (int k = 0; k < kKinds; ++k) {
        const auto kind = static_cast<SurfaceKind>(k);
        CHECK(SurfaceFromName(SurfaceName(kind)) == kind);
        CHECK_FALSE(SurfaceLabel(kind).empty());
        const Bounds2 a = DefaultArea(kind);
        const Vec2d s = DefaultStart(kind);
        CHECK((s.X > a.XMin && s.X < a.XMax && s.Y > a.YMin && s.Y < a.YMax));
    }
    CHECK_FALSE(SurfaceFromName("Rosenbrock").has_value());
}
