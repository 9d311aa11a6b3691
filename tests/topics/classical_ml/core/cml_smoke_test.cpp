#include <catch2/catch.hpp>

#include "topics/classical_ml/core/cml_boosting.h"
#include "topics/classical_ml/core/cml_forest.h"
#include "topics/classical_ml/core/cml_logreg.h"
#include "topics/classical_ml/core/cml_metrics.h"
#include "topics/classical_ml/core/cml_projection.h"
#include "topics/classical_ml/core/cml_resample.h"

using namespace mlviz;

TEST_CASE("classical_ml smoke", "[classical_ml]")
{
    CmlDataConfig c;
    c.Blobs[0] = {-1, 0, 0, 1, 1, 1, 0, 0, 0, 50};
    c.Blobs[1] = {1, 0, 0, 1, 1, 1, 0, 0, 0, 50};
    auto d = CmlGenerate(c);
    REQUIRE(d.Ok());
    auto p = CmlPca(*d);
    REQUIRE(p.Ok());
    auto l = CmlLda(*d);
    REQUIRE(l.Ok());
    CmlForestJob f;
    REQUIRE(f.Begin(*d, nullptr, {}).Empty());
    while (!f.Step(100000)) {}
    CmlBoostingJob b;
    REQUIRE(b.Begin(*d, nullptr, {}).Empty());
    while (!b.Step(100000)) {}
    CHECK(b.Curves().back().TrainAccuracy > 0.7);
}
