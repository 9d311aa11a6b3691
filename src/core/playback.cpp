#include "core/playback.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

bool UpdatePlayback(PlaybackState& p, int count, const PlaybackInput& in)
{
    count = std::max(count, 0);
    const int before = p.Step;
    int step = std::clamp(p.Step, 0, count);
    if (in.ToStart) {
        step = 0;
        p.Playing = false;
    }
    if (in.ToEnd) {
        step = count;
        p.Playing = false;
    }
    if (in.StepBack) {
        step = std::max(step - 1, 0);
        p.Playing = false;
    }
    if (in.StepForward) {
        step = std::min(step + 1, count);
        p.Playing = false;
    }
    if (in.JumpTo >= 0) {
        step = std::min(in.JumpTo, count);
        p.Playing = false;
    }
    if (in.TogglePlay) {
        p.Playing = !p.Playing;
        if (p.Playing && step >= count) step = 0; // play again from the start
        p.Clock = 0.0;
    }
    if (p.Playing) {
        const double speed = std::isfinite(p.Speed) ? std::max(static_cast<double>(p.Speed), 0.0) : 0.0;
        p.Clock += std::max(in.Dt, 0.0) * speed;
        const double whole = std::min(std::floor(p.Clock), static_cast<double>(count));
        p.Clock -= whole;
        step = std::min(step + static_cast<int>(whole), count);
        if (step >= count) p.Playing = false;
    } else {
        p.Clock = 0.0;
    }
    p.Step = step;
    return step != before;
}

} // namespace mlviz
