// SORT (Bewley, Ge, Ott, Ramos, Upcroft, "Simple online and realtime tracking", ICIP 2016) as
// abewley/sort's sort.py does it, one frame per Update(), with every stage kept for drawing:
//  1. predict every tracker (first zeroing s' when s + s' <= 0); trackers whose predicted box
//     has NaN are dropped;
//  2. IoU matrix detections x predictions (iou_batch: unclipped areas);
//  3. if every row and every column has at most one IoU > threshold and some do, those pairs are
//     the matches; otherwise linear_sum_assignment(-IoU) (trk_assign.h, SciPy's, ties included);
//     Greedy instead takes the highest IoUs first (the toggle that shows its ID switches);
//  4. gate: an assigned pair with IoU < threshold is split again (detection and tracker
//     unmatched, appended after the never-assigned ones, in pair order);
//  5. matched trackers are updated (filterpy's Joseph form), each unmatched detection starts a
//     tracker (ids 0, 1, ... in that order; output ids are id + 1);
//  6. output, in reverse tracker order, every tracker updated this frame whose hit streak
//     reaches min_hits or while frame_count <= min_hits; then trackers with
//     time_since_update > max_age die.
#pragma once
#include <array>
#include <vector>

#include "core/result.h"
#include "topics/tracking/core/trk_kalman.h"

namespace mlviz {

enum class Association { Hungarian, Greedy };

struct SortParams {
    int MaxAge = 1;            // [0, 1000] frames a tracker survives without a detection
    int MinHits = 3;           // [0, 1000] consecutive hits before a tracker is reported
    double IouThreshold = 0.3; // [0, 1]
    Association Method = Association::Hungarian;
    CovarianceForm Form = CovarianceForm::Joseph; // filterpy's, as sort.py
};
Message ValidateSortParams(const SortParams& p);
inline constexpr int kSortMaxDetections = 1000;

struct SortTrackerInfo {
    int Id = 0;                    // 0-based (sort.py's trk.id); reported as Id + 1
    BoxD Box;                      // get_state() now
    std::array<double, 7> State{}; // [u, v, s, r, u', v', s']
    std::array<double, 4> CovUV{}; // P's (u, v) block, for the uncertainty ellipse
    int Age = 0, Hits = 0, HitStreak = 0, TimeSinceUpdate = 0;
};

struct SortOutput {
    int Id = 0; // sort.py's output id (trk.id + 1)
    BoxD Box;
};

struct SortFrameTrace {
    int FrameCount = 0; // 1 for the first Update()
    std::vector<BoxD> Detections;
    std::vector<SortTrackerInfo> Predicted;                  // after predict, NaN ones removed (columns of Iou)
    std::vector<int> DroppedNan;                             // ids dropped for NaN predictions
    std::vector<double> Iou;                                 // Detections x Predicted, row-major
    bool Shortcut = false;                                   // step 3's one-candidate path was taken
    std::vector<std::array<int, 2>> Assigned;                // (detection, predicted column) before the gate
    std::vector<std::array<int, 2>> Matches;                 // after the gate
    std::vector<std::array<int, 2>> Gated;                   // assigned but IoU < threshold
    std::vector<int> UnmatchedDetections, UnmatchedTrackers; // sort.py's order
    std::vector<int> Born;                                   // ids of new trackers
    std::vector<int> Died;                                   // ids removed at the end
    std::vector<SortTrackerInfo> Trackers;                   // after the update, before deaths
    std::vector<SortOutput> Output;
};

class SortTracker {
public:
    explicit SortTracker(const SortParams& p = {}) : Params_(p) {}
    // One frame (boxes must have x2 > x1 and y2 > y1, finite); the returned outputs equal
    // sort.py's Sort.update rows (box, id).
    Result<std::vector<SortOutput>> Update(const std::vector<BoxD>& detections, SortFrameTrace* trace = nullptr);
    int FrameCount() const { return FrameCount_; }
    int TrackerCount() const { return static_cast<int>(Trackers_.size()); }

private:
    struct Tracker {
        KalmanFilter Kf;
        int Id = 0, TimeSinceUpdate = 0, Hits = 0, HitStreak = 0, Age = 0;
    };
    static SortTrackerInfo Info(const Tracker& t);
    SortParams Params_;
    std::vector<Tracker> Trackers_;
    int FrameCount_ = 0, NextId_ = 0;
};

// sort.py's iou_batch for one pair.
double SortIoU(const BoxD& det, const BoxD& trk);

} // namespace mlviz
