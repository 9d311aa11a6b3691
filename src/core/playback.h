// The one model behind every timeline a topic steps through: steps 0..count, shown at Step,
// played at Speed steps per second. Buttons, the scrub slider and the app's playback keys (←/→
// step and pause, space plays or pauses) all become a PlaybackInput; UpdatePlayback applies it
// and advances the clock, so stepping works the same way in every topic (tests: core/playback).
#pragma once

namespace mlviz {

struct PlaybackState {
    int Step = 0; // 0..count (count = the end: the whole run)
    bool Playing = false;
    float Speed = 8.0f; // steps per second while playing
    double Clock = 0.0; // fraction of a step accumulated while playing
};

struct PlaybackInput {
    bool StepBack = false;
    bool StepForward = false;
    bool TogglePlay = false; // playing from the end restarts from 0
    bool ToStart = false;
    bool ToEnd = false;
    int JumpTo = -1; // >= 0: go there and pause (scrub slider, "next selection", ...)
    double Dt = 0.0; // seconds since the last update
};

// Applies `in` to `p` for a timeline of `count` steps (count >= 0) and advances the clock while
// playing (at most `count` steps per call, however long the frame); the step ends in [0, count]
// and playing stops at the end. Returns true when the step changed.
bool UpdatePlayback(PlaybackState& p, int count, const PlaybackInput& in);

} // namespace mlviz
