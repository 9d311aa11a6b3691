// Step / play / scrub controls over core/playback.h, shared by every topic with a timeline, and
// the app's playback keys (←/→ step, space plays or pauses) turned into the same input, so the
// keys work with or without the buttons on screen (controls=0).
#pragma once
#include "core/playback.h"
#include "ui/view.h"

namespace mlviz {

// Optional coarse jumps beside the single steps (e.g. "previous/next box selection" in NMS).
struct PlaybackJumps {
    int Back = -1, Forward = -1; // targets, or -1 for no button
    const char* BackTooltip = nullptr;
    const char* ForwardTooltip = nullptr;
};

// The app's keys as playback input, with this frame's time step.
PlaybackInput PlaybackInputFromKeys(const ViewContext& ctx);

// ⇤ [⇐] ← ▶/‖ → [⇒] ⇥ buttons filling the width; adds what was pressed to `in`.
void DrawPlaybackButtons(const PlaybackState& p, PlaybackInput& in, const PlaybackJumps& jumps = {});

// The scrub slider over 0..count (full width); `format` shows the step ("шаг %d"). Sets JumpTo.
void DrawPlaybackScrub(const PlaybackState& p, int count, const char* format, PlaybackInput& in);

// The speed slider (steps per second, logarithmic) within [lo, hi].
void DrawPlaybackSpeed(PlaybackState& p, float lo, float hi, const char* format);

} // namespace mlviz
