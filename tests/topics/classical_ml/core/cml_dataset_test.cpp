// Data sets: generators (seeded, shapes as sklearn's make_moons / make_circles), label noise,
// editing, validation; slicing keeps every call small; decision-region grids.
#include <catch2/catch.hpp>

#include <ctime>
#include <cmath>

#include "topics/classical_ml/core/cml_boosting.h"
#include "topics/classical_ml/core/cml_forest.h"
#include "topics/classical_ml/core/cml_regions.h"
#include "topics/classical_ml/core/cml_presets.h"

using namespace mlviz;

TEST_CASE("generators: seeded, sized, and shaped as described", "[classical_ml]")
{
    CmlDataConfig moons;
    moons.Shape = CmlShape::Moons;
    moons.PointsPerClass = 50;
    moons.Noise = 0.0;
    const auto a = CmlGenerate(moons), b = CmlGenerate(moons), t = CmlGenerate(moons, 1);
    REQUIRE((a.Ok() && b.Ok() && t.Ok()));
    CHECK(a->X == b->X);
    CHECK(a->Size() == 100);
    CHECK(CmlClassCounts(*a) == std::vector<int>{50, 50});
    // Without noise: make_moons' arcs (outer: unit circle, upper half; inner: shifted by (1, -0.5)).
    for (int i = 0; i < 50; ++i) {
        CHECK(std::hypot(a->At(i, 0), a->At(i, 1)) == Approx(1.0));
        CHECK(a->At(i, 1) >= -1e-12);
        CHECK(std::hypot(a->At(50 + i, 0) - 1.0, a->At(50 + i, 1) - 0.5) == Approx(1.0));
    }
    CHECK(a->At(0, 0) == 1.0); // linspace(0, pi) starts at angle 0
    moons.Noise = 0.2;
    const auto n1 = CmlGenerate(moons), n2 = CmlGenerate(moons, 1);
    CHECK(n1->X != n2->X); // the test stream is another draw
    moons.Seed = 2;
    CHECK(CmlGenerate(moons)->X != n1->X);

    CmlDataConfig circles;
    circles.Shape = CmlShape::Circles;
    circles.Noise = 0.0;
    circles.Factor = 0.3;
    const auto c = CmlGenerate(circles);
    for (int i = 0; i < c->Size(); ++i) CHECK(std::hypot(c->At(i, 0), c->At(i, 1)) == Approx(c->Y[i] == 0 ? 1.0 : 0.3));

    CmlDataConfig xr;
    xr.Shape = CmlShape::Xor;
    xr.Noise = 0.0;
    const auto x = CmlGenerate(xr);
    for (int i = 0; i < x->Size(); ++i) CHECK(((x->At(i, 0) > 0) == (x->At(i, 1) > 0)) == (x->Y[i] == 0));
    xr.LabelNoise = 0.5;
    const auto flipped = CmlGenerate(xr);
    int changed = 0;
    for (int i = 0; i < x->Size(); ++i) changed += ((flipped->At(i, 0) > 0) == (flipped->At(i, 1) > 0)) != (flipped->Y[i] == 0);
    CHECK(changed > 70); // about half of 200
    CHECK(changed < 130);
}

TEST_CASE("blobs follow their mean and covariance, in 2-D and 3-D", "[classical_ml]")
{
    CmlDataConfig c;
    c.Dims = 3;
    c.NumClasses = 2;
    c.Blobs[0] = {1.0, -2.0, 3.0, 4.0, 1.0, 2.0, 1.5, -1.0, 0.5, 2500};
    c.Blobs[1] = {0, 0, 0, 1, 1, 1, 0, 0, 0, 10};
    const auto d = CmlGenerate(c);
    REQUIRE(d.Ok());
    double mean[3] = {0, 0, 0}, cov[9] = {};
    for (int i = 0; i < 2500; ++i)
        for (int j = 0; j < 3; ++j) mean[j] += d->At(i, j) / 2500.0;
    for (int i = 0; i < 2500; ++i)
        for (int a = 0; a < 3; ++a)
            for (int b = 0; b < 3; ++b) cov[a * 3 + b] += (d->At(i, a) - mean[a]) * (d->At(i, b) - mean[b]) / 2500.0;
    CHECK(mean[0] == Approx(1.0).margin(0.1));
    CHECK(mean[1] == Approx(-2.0).margin(0.06));
    CHECK(mean[2] == Approx(3.0).margin(0.08));
    const double want[9] = {4.0, 1.5, -1.0, 1.5, 1.0, 0.5, -1.0, 0.5, 2.0};
    for (int k = 0; k < 9; ++k) CHECK(cov[k] == Approx(want[k]).margin(0.25));
    c.Blobs[0].CovXY = 3.0; // |cov| > sqrt(var var): not PSD
    CHECK_FALSE(CmlGenerate(c).Ok());
    c.Blobs[0].CovXY = 0.0;
    c.Blobs[0].Count = 3000;
    CHECK_FALSE(CmlGenerate(c).Ok());
    c.Blobs[0].Count = 2500;
    c.Blobs[1].Count = 2501; // 5001 points in all
    CHECK_FALSE(CmlGenerate(c).Ok());
    CmlDataConfig m;
    m.Shape = CmlShape::Moons;
    m.Dims = 3;
    CHECK_FALSE(CmlGenerate(m).Ok());
    m.Dims = 2;
    m.NumClasses = 3;
    CHECK_FALSE(CmlGenerate(m).Ok());
    for (const CmlProjectionPreset& p : CmlProjectionPresets()) CHECK(CmlValidateDataConfig(p.Data).Empty());
    for (const CmlEnsemblePreset& p : CmlEnsemblePresets()) CHECK(CmlValidateDataConfig(p.Data).Empty());
    for (const CmlImbalancePreset& p : CmlImbalancePresets()) CHECK(CmlValidateImbalanceConfig(p.Config).Empty());
}

TEST_CASE("points are added and removed by click, bad data is refused", "[classical_ml]")
{
    CmlDataset d;
    d.Dims = 2;
    d.NumClasses = 3;
    const double p[2] = {1.0, 2.0}, q[2] = {1.1, 2.0};
    CHECK(CmlAddPoint(d, p, 2));
    CHECK(CmlAddPoint(d, q, 0));
    CHECK_FALSE(CmlAddPoint(d, p, 3));
    const double inf[2] = {INFINITY, 0.0};
    CHECK_FALSE(CmlAddPoint(d, inf, 0));
    CHECK(d.Size() == 2);
    CHECK(CmlRemoveNearest(d, 5.0, 5.0, 0.5) == -1);
    CHECK(CmlRemoveNearest(d, 1.08, 2.0, 0.5) == 1);
    CHECK(d.Size() == 1);
    CHECK(d.Y[0] == 2);
    CHECK(CmlValidateDataset(d).Empty());
    d.Y[0] = 5;
    CHECK_FALSE(CmlValidateDataset(d).Empty());
    d.Y[0] = 0;
    d.X.push_back(1.0);
    CHECK_FALSE(CmlValidateDataset(d).Empty());
}

TEST_CASE("every Step stays small: trees of 5000 points grow in slices, regions fill row by row", "[classical_ml]")
{
    CmlDataConfig c;
    c.Shape = CmlShape::Moons;
    c.PointsPerClass = 2500;
    c.Noise = 0.4;
    const auto train = CmlGenerate(c);
    REQUIRE(train.Ok());
    CmlForestParams fp;
    fp.NumTrees = 3;
    fp.MaxDepth = kCmlMaxTreeDepth;
    CmlForestJob forest;
    REQUIRE(forest.Begin(*train, nullptr, fp).Empty());
    double worst_ms = 0.0;
    int calls = 0;
    while (true) {
        // Process CPU time: the wall clock of a loaded shared machine says little about the code.
        const std::clock_t t0 = std::clock();
        const bool done = forest.Step(20000);
        worst_ms = std::max(worst_ms, 1000.0 * static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC);
        ++calls;
        if (done) break;
    }
    CHECK(calls > 10);
    INFO("worst forest Step(20000) on 5000 points: " << worst_ms << " ms of CPU over " << calls << " calls");
    CHECK(worst_ms < 10.0); // generous for sanitizer builds; measured ~1 ms in release

    CmlRegionJob region;
    CmlGridSpec g;
    g.Width = 100;
    g.Height = 80;
    REQUIRE(region.Begin(g, forest).Empty());
    int steps = 0;
    while (!region.Step(forest, 3, 1)) ++steps;
    CHECK(steps == 2); // one tree per call
    CHECK(region.Trees() == 3);
    std::vector<double> p(2);
    for (int cell = 0; cell < 8000; ++cell) {
        const double* q = region.Proba().data() + 2 * cell;
        CHECK(q[0] + q[1] == Approx(1.0));
        CHECK(region.Label()[cell] == (q[1] > q[0] + 1e-9 ? 1 : 0));
        const double x[2] = {g.X0 + (g.X1 - g.X0) * (cell % 100 + 0.5) / 100, g.Y0 + (g.Y1 - g.Y0) * (cell / 100 + 0.5) / 80};
        forest.PredictProba(x, 3, p.data());
        CHECK(q[0] == p[0]); // the forest's own sum, bit for bit
    }
    g.Width = 1;
    CHECK_FALSE(region.Begin(g, forest).Empty());
}
