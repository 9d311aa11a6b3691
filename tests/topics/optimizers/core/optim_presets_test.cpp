// The optimizer presets show what their explanations claim: each is a small experiment
// whose outcome is checked here, so a retuned preset cannot silently stop answering its question.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <string>

#include "topics/optimizers/core/optim_presets.h"

using namespace mlviz;

namespace {

const OptimPreset& Find(const std::string& title_start)
{
    for (const OptimPreset& p : OptimPresets())
        if (std::string(p.Title).rfind(title_start, 0) == 0) return p;
    FAIL("no preset " << title_start);
    return OptimPresets().front();
}

Trajectory Run(const RunConfig& c)
{
    const auto r = RunTrajectory(c);
    REQUIRE(r.Ok());
    return r.Value();
}

Trajectory Run(const OptimPreset& p, int i)
{
    return Run(PresetRunConfig(p, i));
}

double MeanTail(const Trajectory& t, int n)
{
    const auto begin = t.Loss.end() - n;
    return std::accumulate(begin, t.Loss.end(), 0.0) / n;
}

} // namespace

TEST_CASE("Every preset is a valid configuration", "[optim]")
{
    REQUIRE(OptimPresets().size() >= 7);
    for (const OptimPreset& p : OptimPresets()) {
        INFO(p.Title);
        CHECK_FALSE(p.Explanation.empty());
        REQUIRE_FALSE(p.Runs.empty());
        CHECK(p.Runs.size() <= 6);
        CHECK(p.Selected >= 0);
        CHECK(p.Selected < static_cast<int>(p.Runs.size()));
        for (int i = 0; i < static_cast<int>(p.Runs.size()); ++i) CHECK(CheckRunConfig(PresetRunConfig(p, i)).Ok());
    }
}

TEST_CASE("Preset: Adam beats plain SGD on Rosenbrock, momentum helps SGD", "[optim]")
{
    const OptimPreset& p = Find("Розенброк");
    const double sgd = Run(p, 0).Loss.back(), momentum = Run(p, 1).Loss.back(), adam = Run(p, 3).Loss.back();
    CHECK(sgd > 1.0);
    CHECK(momentum < sgd / 100.0);
    CHECK(adam < sgd / 1000.0);
}

TEST_CASE("Preset: momentum crosses the narrow valley faster than SGD", "[optim]")
{
    const OptimPreset& p = Find("Овраг");
    const Trajectory sgd = Run(p, 0), heavy = Run(p, 1), nesterov = Run(p, 2);
    CHECK(heavy.Loss.back() < sgd.Loss.back() / 1000.0);
    CHECK(nesterov.Loss.back() < sgd.Loss.back() / 1000.0);
    // SGD zigzags: the steep coordinate changes sign along the way.
    int flips = 0;
    for (std::size_t i = 2; i < 20; ++i) {
        const double a = sgd.Points[i].X - sgd.Points[i - 1].X, b = sgd.Points[i - 1].X - sgd.Points[i - 2].X;
        flips += (a * b < 0.0);
    }
    CHECK(flips >= 5);
}

TEST_CASE("Preset: larger batches settle lower", "[optim]")
{
    const OptimPreset& p = Find("Размер батча");
    const double b1 = MeanTail(Run(p, 0), 100), b16 = MeanTail(Run(p, 1), 100), b256 = MeanTail(Run(p, 2), 100);
    // Stationary SGD noise on a quadratic: the loss floor scales with σ²/B.
    CHECK(b16 < b1 / 5.0);
    CHECK(b256 < b16 / 5.0);
}

TEST_CASE("Preset: step and cosine decay end below constant lr", "[optim]")
{
    const OptimPreset& p = Find("Затухание");
    const Trajectory constant = Run(p, 0), step = Run(p, 1), cosine = Run(p, 2);
    CHECK(MeanTail(step, 30) < MeanTail(constant, 30) / 10.0);
    CHECK(MeanTail(cosine, 30) < MeanTail(constant, 30) / 10.0);
    CHECK(step.Lr[99] == 0.15);
    CHECK(step.Lr[100] == Approx(0.03));
    CHECK(cosine.Lr.back() < 1e-4);
}

TEST_CASE("Preset: normalised inputs allow a 7x larger learning rate", "[optim]")
{
    const OptimPreset& p = Find("Нормировка");
    CHECK(Run(p, 0).DivergedAt == -1);
    CHECK(Run(p, 1).DivergedAt > 0); // lr 0.5 > 2 / 25
    RunConfig scaled = PresetRunConfig(p, 1);
    scaled.Function.FeaturesScaled = true;
    const Trajectory t = Run(scaled);
    CHECK(t.DivergedAt == -1);
    CHECK(t.Loss[20] < 1e-10);
}

TEST_CASE("Preset: L1 ends on an axis, L2 shrinks towards the origin", "[optim]")
{
    const OptimPreset& l1 = Find("L1");
    const RunConfig c1 = PresetRunConfig(l1, 0);
    const AreaMinimum m1 = MinimizeInArea(c1.Surface, c1.Function, DefaultArea(c1.Surface));
    CHECK(std::fabs(m1.W.Y) < 1e-9); // exactly on the axis (up to the search precision)
    CHECK(std::fabs(m1.W.X) > 0.3);
    const Trajectory t1 = Run(c1);
    // SGD on the kink keeps crossing the axis (sign(y) flips) in a small cycle around it,
    // while the unpenalised minimum has y = 0.5.
    int crossings = 0;
    for (std::size_t i = t1.Points.size() - 20; i < t1.Points.size(); ++i) {
        CHECK(std::fabs(t1.Points[i].Y) < 0.1);
        crossings += t1.Points[i].Y * t1.Points[i - 1].Y < 0.0;
    }
    CHECK(crossings >= 5);

    const OptimPreset& l2 = Find("L2");
    const RunConfig c2 = PresetRunConfig(l2, 0);
    const AreaMinimum m2 = MinimizeInArea(c2.Surface, c2.Function, DefaultArea(c2.Surface));
    const double r2 = std::hypot(m2.W.X, m2.W.Y), r0 = std::hypot(c2.Function.CenterX, c2.Function.CenterY);
    CHECK(r2 < 0.8 * r0);
    CHECK(std::fabs(m2.W.X) > 0.1);
    CHECK(std::fabs(m2.W.Y) > 0.01); // both stay non-zero
    const Trajectory t2 = Run(c2);
    CHECK(t2.Points.back().X == Approx(m2.W.X).margin(1e-3));
    CHECK(t2.Points.back().Y == Approx(m2.W.Y).margin(1e-3));
}
