#include <catch2/catch.hpp>

#include <cmath>

#include "topics/optimizers/core/optim_series.h"

using namespace mlviz;

TEST_CASE("optimizer series: log gap, lr carried forward, bias-corrected running means", "[optim]")
{
    Trajectory t;
    t.Loss = {3.0, 2.0, 1.0 + 1e-20};
    t.Lr = {0.1, 0.05}; // one fewer than the losses: the last step repeats the last lr
    OptimSeries s;
    ExtendOptimSeries(s, t, 1.0);
    REQUIRE(s.Steps.size() == 3);
    CHECK(s.LogGap[0] == Approx(std::log10(2.0)));
    CHECK(s.LogGap[2] == Approx(-16.0)); // a gap below 1e-16 is floored, never -inf
    CHECK(s.Lr[2] == 0.05);
    // Bias-corrected EMA of a constant is that constant; of (a, b) it is (0.9 * 0.1 a + 0.1 b) / 0.19.
    CHECK(s.SmoothLoss[0] == Approx(3.0));
    CHECK(s.SmoothLoss[1] == Approx((0.09 * 3.0 + 0.1 * 2.0) / 0.19));
    // Extending again only appends what is new.
    t.Loss.push_back(1.5);
    ExtendOptimSeries(s, t, 1.0);
    CHECK(s.Steps.size() == 4);
    CHECK(s.Loss[3] == 1.5);
}
