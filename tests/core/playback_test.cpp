#include <catch2/catch.hpp>

#include "core/playback.h"

using namespace mlviz;

TEST_CASE("playback steps, jumps and pauses within the timeline", "[playback]")
{
    PlaybackState p;
    p.Step = 5;
    CHECK(UpdatePlayback(p, 10, {.StepForward = true}));
    CHECK(p.Step == 6);
    UpdatePlayback(p, 10, {.StepBack = true});
    CHECK(p.Step == 5);
    UpdatePlayback(p, 10, {.ToEnd = true});
    CHECK(p.Step == 10);
    CHECK_FALSE(UpdatePlayback(p, 10, {.StepForward = true})); // stays at the end
    UpdatePlayback(p, 10, {.ToStart = true});
    CHECK(p.Step == 0);
    UpdatePlayback(p, 10, {.StepBack = true});
    CHECK(p.Step == 0);
    UpdatePlayback(p, 10, {.JumpTo = 99});
    CHECK(p.Step == 10);
    p.Step = 42; // a shorter timeline than the state was made for
    UpdatePlayback(p, 7, {});
    CHECK(p.Step == 7);
}

TEST_CASE("playing advances by speed x time, stops at the end, restarts from the end", "[playback]")
{
    PlaybackState p;
    p.Speed = 4.0f;
    UpdatePlayback(p, 10, {.TogglePlay = true});
    CHECK(p.Playing);
    UpdatePlayback(p, 10, {.Dt = 0.3}); // 1.2 steps
    CHECK(p.Step == 1);
    UpdatePlayback(p, 10, {.Dt = 0.2}); // 0.2 + 0.8 = 1 more
    CHECK(p.Step == 2);
    UpdatePlayback(p, 10, {.Dt = 1000.0}); // a long frame: at most to the end
    CHECK(p.Step == 10);
    CHECK_FALSE(p.Playing);
    UpdatePlayback(p, 10, {.TogglePlay = true}); // from the end: restart
    CHECK(p.Playing);
    CHECK(p.Step == 0);
    UpdatePlayback(p, 10, {.StepForward = true}); // a step pauses
    CHECK_FALSE(p.Playing);
    CHECK(p.Step == 1);
    p.Speed = NAN;
    UpdatePlayback(p, 10, {.TogglePlay = true, .Dt = 1.0});
    CHECK(p.Step == 1); // a broken speed never moves or produces garbage
}
