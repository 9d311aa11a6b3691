#include "topics/nms/core/nms_replay.h"

#include <algorithm>

namespace mlviz {

NmsSnapshot NmsSnapshotAt(std::span<const float> scores, std::span<const NmsEvent> events, std::size_t step)
{
    NmsSnapshot s;
    s.Boxes.resize(scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i) s.Boxes[i].Score = scores[i];
    step = std::min(step, events.size());
    const auto valid = [&](int i) { return i >= 0 && static_cast<std::size_t>(i) < scores.size(); };
    for (std::size_t k = 0; k < step; ++k) {
        const NmsEvent& e = events[k];
        if (!valid(e.Box)) continue; // a malformed trace must not crash playback
        NmsBoxView& b = s.Boxes[static_cast<std::size_t>(e.Box)];
        switch (e.Type) {
        case NmsEventType::Select:
            if (valid(s.Current)) s.Boxes[static_cast<std::size_t>(s.Current)].State = NmsBoxState::Kept;
            for (NmsBoxView& v : s.Boxes) v.Compared = false; // IoUs are "with the current box"
            b.State = NmsBoxState::Current;
            s.Current = e.Box;
            s.Compared = -1;
            ++s.Selections;
            break;
        case NmsEventType::Compare:
            b.Compared = true;
            b.Overlap = e.Overlap;
            s.Compared = e.Box;
            break;
        case NmsEventType::Suppress:
            b.State = NmsBoxState::Suppressed;
            b.By = e.Other;
            s.Compared = e.Box;
            break;
        case NmsEventType::Decay:
            b.Score = e.NewScore;
            b.Decayed = true;
            b.By = e.Other;
            s.Compared = e.Box;
            break;
        case NmsEventType::Drop:
            b.State = NmsBoxState::Dropped;
            if (e.Other >= 0) b.By = e.Other;
            s.Compared = e.Other >= 0 ? e.Box : -1;
            break;
        }
    }
    if (step == events.size() && valid(s.Current)) {
        s.Boxes[static_cast<std::size_t>(s.Current)].State = NmsBoxState::Kept;
        for (NmsBoxView& v : s.Boxes) v.Compared = false;
        s.Current = -1;
        s.Compared = -1;
    }
    return s;
}

NmsResult ReplayNmsTrace(std::span<const float> scores, std::span<const NmsEvent> events)
{
    std::vector<double> score(scores.begin(), scores.end());
    NmsResult out;
    for (const NmsEvent& e : events) {
        if (e.Box < 0 || static_cast<std::size_t>(e.Box) >= score.size()) continue;
        if (e.Type == NmsEventType::Select) {
            out.Keep.push_back(e.Box);
            out.Scores.push_back(score[static_cast<std::size_t>(e.Box)]);
        } else if (e.Type == NmsEventType::Decay) {
            score[static_cast<std::size_t>(e.Box)] = e.NewScore;
        }
    }
    return out;
}

std::vector<std::size_t> NmsSelectSteps(std::span<const NmsEvent> events)
{
    std::vector<std::size_t> out;
    for (std::size_t k = 0; k < events.size(); ++k)
        if (events[k].Type == NmsEventType::Select) out.push_back(k);
    return out;
}

} // namespace mlviz
