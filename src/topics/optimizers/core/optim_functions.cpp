#include "topics/optimizers/core/optim_functions.h"

#include "core/enum_table.h"
#include "core/message.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mlviz {

namespace {

constexpr double kPi = 3.14159265358979323846;

// torch.sign: 0 at 0, so an L1 penalty exerts no pull on a weight that is exactly zero.
double Sign(double v)
{
    return v > 0.0 ? 1.0 : (v < 0.0 ? -1.0 : 0.0);
}

struct QuadraticForm {
    double A11, A12, A22; // Hessian S A0 S in w coordinates
};

QuadraticForm MakeQuadratic(const SurfaceParams& p)
{
    const double th = p.AngleDeg * kPi / 180.0;
    const double c = std::cos(th), s = std::sin(th);
    // A0 = u uᵀ + κ v vᵀ with u = (c, s), v = (−s, c).
    const double b11 = c * c + p.Kappa * s * s;
    const double b12 = c * s - p.Kappa * s * c;
    const double b22 = s * s + p.Kappa * c * c;
    const double sy = p.FeaturesScaled ? 1.0 : p.FeatureScale;
    return {b11, b12 * sy, b22 * sy * sy};
}

SurfaceValue EvaluatePlain(SurfaceKind kind, const SurfaceParams& p, Vec2d w)
{
    const double x = w.X, y = w.Y;
    SurfaceValue r;
    switch (kind) {
    case SurfaceKind::Quadratic: {
        const QuadraticForm q = MakeQuadratic(p);
        const double dx = x - p.CenterX, dy = y - p.CenterY;
        const double gx = q.A11 * dx + q.A12 * dy, gy = q.A12 * dx + q.A22 * dy;
        r.F = 0.5 * (dx * gx + dy * gy);
        r.Grad = {gx, gy};
        break;
    }
    case SurfaceKind::Rosenbrock: {
        const double u = p.RosenA - x, v = y - x * x;
        r.F = u * u + p.RosenB * v * v;
        r.Grad = {-2.0 * u - 4.0 * p.RosenB * x * v, 2.0 * p.RosenB * v};
        break;
    }
    case SurfaceKind::Beale: {
        const double y2 = y * y, y3 = y2 * y;
        const double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y2, t3 = 2.625 - x + x * y3;
        r.F = t1 * t1 + t2 * t2 + t3 * t3;
        r.Grad = {2.0 * (t1 * (y - 1.0) + t2 * (y2 - 1.0) + t3 * (y3 - 1.0)), 2.0 * x * (t1 + 2.0 * y * t2 + 3.0 * y2 * t3)};
        break;
    }
    case SurfaceKind::Himmelblau: {
        const double a = x * x + y - 11.0, b = x + y * y - 7.0;
        r.F = a * a + b * b;
        r.Grad = {4.0 * a * x + 2.0 * b, 2.0 * a + 4.0 * b * y};
        break;
    }
    case SurfaceKind::Saddle:
        r.F = x * x - y * y;
        r.Grad = {2.0 * x, -2.0 * y};
        break;
    case SurfaceKind::Rastrigin: {
        const double a = p.RastriginA, k = 2.0 * kPi;
        r.F = 2.0 * a + x * x - a * std::cos(k * x) + y * y - a * std::cos(k * y);
        r.Grad = {2.0 * x + k * a * std::sin(k * x), 2.0 * y + k * a * std::sin(k * y)};
        break;
    }
    case SurfaceKind::Count: break;
    }
    return r;
}

} // namespace

SurfaceValue EvaluateSurface(SurfaceKind kind, const SurfaceParams& p, Vec2d w)
{
    SurfaceValue r = EvaluatePlain(kind, p, w);
    if (p.L1 != 0.0) {
        r.F += p.L1 * (std::fabs(w.X) + std::fabs(w.Y));
        r.Grad.X += p.L1 * Sign(w.X);
        r.Grad.Y += p.L1 * Sign(w.Y);
    }
    if (p.L2 != 0.0) {
        r.F += 0.5 * p.L2 * (w.X * w.X + w.Y * w.Y);
        r.Grad.X += p.L2 * w.X;
        r.Grad.Y += p.L2 * w.Y;
    }
    return r;
}

double SurfaceLoss(SurfaceKind kind, const SurfaceParams& p, Vec2d w)
{
    return EvaluateSurface(kind, p, w).F;
}

std::vector<double> QuadraticHessian(const SurfaceParams& p)
{
    const QuadraticForm q = MakeQuadratic(p);
    return {q.A11, q.A12, q.A12, q.A22};
}

std::vector<Vec2d> KnownMinima(SurfaceKind kind, const SurfaceParams& p)
{
    switch (kind) {
    case SurfaceKind::Quadratic: return {{p.CenterX, p.CenterY}};
    case SurfaceKind::Rosenbrock: return {{p.RosenA, p.RosenA * p.RosenA}};
    case SurfaceKind::Beale: return {{3.0, 0.5}};
    case SurfaceKind::Himmelblau:
        // Newton-refined roots of the gradient (f = 0 at each).
        return {{3.0, 2.0},
                {-2.805118086952745, 3.131312518250573},
                {-3.779310253377747, -3.2831859912861696},
                {3.5844283403304917, -1.8481265269644034}};
    case SurfaceKind::Saddle: return {{0.0, 0.0}};
    case SurfaceKind::Rastrigin: return {{0.0, 0.0}};
    case SurfaceKind::Count: break;
    }
    return {};
}

Bounds2 DefaultArea(SurfaceKind kind)
{
    switch (kind) {
    case SurfaceKind::Quadratic: return {-3.0, 3.0, -3.0, 3.0};
    case SurfaceKind::Rosenbrock: return {-2.0, 2.0, -1.0, 3.0};
    case SurfaceKind::Beale: return {-4.5, 4.5, -4.5, 4.5};
    case SurfaceKind::Himmelblau: return {-6.0, 6.0, -6.0, 6.0};
    case SurfaceKind::Saddle: return {-2.0, 2.0, -2.0, 2.0};
    case SurfaceKind::Rastrigin: return {-5.12, 5.12, -5.12, 5.12};
    case SurfaceKind::Count: break;
    }
    return {};
}

Vec2d DefaultStart(SurfaceKind kind)
{
    switch (kind) {
    case SurfaceKind::Quadratic: return {-2.5, 1.5};
    case SurfaceKind::Rosenbrock: return {-1.5, 2.5};
    case SurfaceKind::Beale: return {1.0, 1.5};
    case SurfaceKind::Himmelblau: return {0.0, 0.0};
    case SurfaceKind::Saddle: return {-1.8, 0.01};
    case SurfaceKind::Rastrigin: return {3.3, -2.7};
    case SurfaceKind::Count: break;
    }
    return {};
}

AreaMinimum MinimizeInArea(SurfaceKind kind, const SurfaceParams& p, const Bounds2& area)
{
    AreaMinimum best{{0.5 * (area.XMin + area.XMax), 0.5 * (area.YMin + area.YMax)}, std::numeric_limits<double>::infinity()};
    double x0 = area.XMin, x1 = area.XMax, y0 = area.YMin, y1 = area.YMax;
    // A fine first grid finds the basin; each zoom keeps ±2 cells around the best sample,
    // halving the box. No derivatives are used, so the kinks of an L1 penalty are fine.
    int n = 96;
    for (int round = 0; round < 48; ++round) {
        const double hx = (x1 - x0) / (n - 1), hy = (y1 - y0) / (n - 1);
        for (int j = 0; j < n; ++j)
            for (int i = 0; i < n; ++i) {
                const Vec2d w{x0 + i * hx, y0 + j * hy};
                const double f = SurfaceLoss(kind, p, w);
                if (std::isfinite(f) && f < best.F) best = {w, f};
            }
        x0 = std::max(area.XMin, best.W.X - 2.0 * hx);
        x1 = std::min(area.XMax, best.W.X + 2.0 * hx);
        y0 = std::max(area.YMin, best.W.Y - 2.0 * hy);
        y1 = std::min(area.YMax, best.W.Y + 2.0 * hy);
        n = 9;
        if (x1 - x0 < 1e-14 && y1 - y0 < 1e-14) break;
    }
    return best;
}

namespace {

// In SurfaceKind order; labels are Russian keys the view translates.
constexpr EnumRow kSurfaceRows[] = {{"quadratic", MLVIZ_TR_KEY("Квадратичная (овраг)")},
                                    {"rosenbrock", MLVIZ_TR_KEY("Розенброк")},
                                    {"beale", MLVIZ_TR_KEY("Била (Beale)")},
                                    {"himmelblau", MLVIZ_TR_KEY("Химмельблау")},
                                    {"saddle", MLVIZ_TR_KEY("Седло x² − y²")},
                                    {"rastrigin", MLVIZ_TR_KEY("Растригин")}};
static_assert(std::size(kSurfaceRows) == static_cast<std::size_t>(SurfaceKind::Count));

} // namespace

std::string_view SurfaceName(SurfaceKind kind)
{
    return EnumRowName(kSurfaceRows, kind);
}
std::string_view SurfaceLabel(SurfaceKind kind)
{
    return EnumRowLabel(kSurfaceRows, kind);
}
std::optional<SurfaceKind> SurfaceFromName(std::string_view name)
{
    return EnumRowFromName<SurfaceKind>(kSurfaceRows, name);
}

} // namespace mlviz
