// Tracking topic state (core/tracking_state.h): links round-trip and clamp through the field
// table, the frame stays below the number of frames, a link opens paused; the CLI reads SORT's
// parameters with the same ranges.
#include <catch2/catch.hpp>

#include "cli/cli.h"
#include "core/topic_state.h"
#include "topics/tracking/core/tracking_state.h"

using namespace mlviz;

TEST_CASE("tracking: links round-trip, clamp to the field table, step < frames", "[tracking]")
{
    for (const char* link :
         {"objects=12&fp=1.5&method=greedy&step=57", "frames=60&max_age=3&min_hits=1&iou=0.2&metric_iou=0.4&step=0",
          "speed=6&turn=0.1&miss=0.2&jitter=4&occl=0.3&seed=9&fps=25&gt=0&dets=0&pred=0&ellipses=0&trails=0&track=4"})
        CHECK(CanonicalTopicState("tracking", link).Fragment == link);
    const TopicStateText t = CanonicalTopicState("tracking", "frames=30&step=100&max_age=1000&method=auction");
    CHECK(t.Fragment == "frames=30&max_age=100&step=29");
    CHECK(t.Notices.size() == 2); // max_age clamped, method unknown (step is bounded by frames silently)
    TrackingState s;
    s.Playing = true;
    std::vector<Message> n = TrackingCodec().Decode(ParseKeyValues("step=3"), s);
    CHECK_FALSE(s.Playing);
}

TEST_CASE("tracking: the state configures the simulator and SORT", "[tracking]")
{
    TrackingState s;
    s.Objects = 5;
    s.MaxAge = 4;
    const TrackingSimConfig c = TrackingSimFor(s);
    CHECK(c.Objects == 5);
    CHECK(c.Width == kTrackingImageW);
    CHECK(ValidateTrackingSim(c).Empty());
    const SortParams p = SortParamsFor(s, Association::Greedy);
    CHECK(p.MaxAge == 4);
    CHECK(p.Method == Association::Greedy);
    CHECK(ValidateSortParams(p).Empty());
    // Every state the field table allows is a valid simulation.
    s.Objects = 30;
    s.Frames = 600;
    s.Speed = 30.0f;
    s.FalsePositives = 10.0f;
    CHECK(ValidateTrackingSim(TrackingSimFor(s)).Empty());
}

TEST_CASE("tracking CLI: SORT's parameters have the sliders' ranges", "[tracking][cli]")
{
    const CliResult ok = RunCliCommand("tracking", R"({"op": "sort", "detections": [], "max_age": 100, "min_hits": 30})");
    CHECK(ok.ExitCode == 0);
    const CliResult bad = RunCliCommand("tracking", R"({"op": "sort", "detections": [], "max_age": 101})");
    CHECK(bad.ExitCode == 2);
    CHECK(bad.Output.find("max_age") != std::string::npos);
}
