#include <catch2/catch.hpp>

#include <cmath>

#include "core/topic_state.h"
#include "topics/@id@/core/@id@_state.h"

using namespace mlviz;

TEST_CASE("@id@: the curve is A exp(-gt) cos(2 pi f t), sampled on [0, 10]", "[@id@]")
{
    @Camel@Config c;
    c.Amplitude = 2.0;
    c.Damping = 0.0;
    c.Frequency = 0.25;
    c.Samples = 5;   // t = 0, 2.5, 5, 7.5, 10
    const auto r = Simulate@Camel@(c);
    REQUIRE(r.Ok());
    CHECK(r->X[0] == Approx(2.0));
    CHECK(r->X[2] == Approx(2.0 * std::cos(3.14159265358979323846 * 2.5)));
    c.Samples = 1;
    CHECK_FALSE(Simulate@Camel@(c).Ok());
}

TEST_CASE("@id@: links round-trip and clamp through the field table", "[@id@]")
{
    CHECK(CanonicalTopicState("@id@", "amp=2.5&samples=50").Fragment == "amp=2.5&samples=50");
    const TopicStateText t = CanonicalTopicState("@id@", "amp=99");
    CHECK(t.Fragment == "amp=10");
    CHECK(t.Notices.size() == 1);
}
