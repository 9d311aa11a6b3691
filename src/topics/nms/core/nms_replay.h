// Playback of an NMS event trace (core/nms.h): the state of every box after the first `step`
// events, and the final result rebuilt from the events alone (which must equal RunNms's).
#pragma once
#include <cstddef>
#include <span>
#include <vector>

#include "topics/nms/core/nms.h"

namespace mlviz {

enum class NmsBoxState {
    Pending,    // not yet decided (possibly with a decayed score)
    Current,    // the box selected last; its comparisons are running
    Kept,       // selected earlier
    Suppressed, // removed by a higher box (greedy / DIoU)
    Dropped,    // score fell below the score threshold (Soft-NMS)
};

struct NmsBoxView {
    NmsBoxState State = NmsBoxState::Pending;
    double Score = 0.0;    // current score (decayed by Soft-NMS)
    bool Decayed = false;  // Score differs from the input score
    int By = -1;           // box that suppressed / last decayed / dropped it
    bool Compared = false; // compared with the current box in this round
    double Overlap = 0.0;  // that comparison's IoU (DIoU for DIoU-NMS); valid when Compared
};

struct NmsSnapshot {
    std::vector<NmsBoxView> Boxes;
    int Current = -1;   // box being processed (-1 before the first selection and at the end)
    int Selections = 0; // Select events applied
    int Compared = -1;  // box of the last Compare/Suppress/Decay/Drop event applied, or -1
};

// State after applying events[0, step) to boxes with the given input scores. step is clamped to
// events.size(); at the end no box is Current (the last selected one is Kept).
NmsSnapshot NmsSnapshotAt(std::span<const float> scores, std::span<const NmsEvent> events, std::size_t step);

// Kept boxes in selection order with their score at selection, from the events alone.
NmsResult ReplayNmsTrace(std::span<const float> scores, std::span<const NmsEvent> events);

// Index of each Select event, in order (the playback's "next / previous selection").
std::vector<std::size_t> NmsSelectSteps(std::span<const NmsEvent> events);

} // namespace mlviz
