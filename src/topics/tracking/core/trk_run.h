// SORT over the whole simulated video as a sliced job: Step(n) tracks n more frames, keeping
// each frame's SORT trace and CLEAR MOT events so the view can step backwards for free; the
// identity metrics (a global matching) are computed once the last frame is in.
#pragma once
#include <optional>
#include <vector>

#include "core/result.h"
#include "topics/tracking/core/trk_metrics.h"
#include "topics/tracking/core/trk_sim.h"
#include "topics/tracking/core/trk_sort.h"

namespace mlviz {

class TrackingRun {
public:
    // `metric_iou` in (0, 1]: the IoU a track needs on an object to count (MOTA, IDF1).
    static Result<TrackingRun> Start(const TrackingSimConfig& sim, const SortParams& sort, double metric_iou = 0.5);

    void Step(int frames);
    bool Done() const { return FramesDone() == Video_.Frames(); }
    double Progress() const { return static_cast<double>(FramesDone()) / Video_.Frames(); }
    int FramesDone() const { return static_cast<int>(Traces_.size()); }

    const TrackingVideo& Video() const { return Video_; }
    const SortParams& Params() const { return Params_; }
    const SortFrameTrace& Trace(int k) const { return Traces_[k]; } // k < FramesDone()
    const MotFrameEvents& Events(int k) const { return Events_[k]; }
    const ClearMotSummary& Mot() const { return Mot_.Summary(); } // over the frames done
    const IdentitySummary& Identity() const { return Identity_; } // valid when Done()

private:
    TrackingRun(TrackingVideo v, const SortParams& p, double iou)
        : Video_(std::move(v)),
          Params_(p),
          Tracker_(p),
          Mot_(iou),
          Ids_(iou)
    {
    }
    TrackingVideo Video_;
    SortParams Params_;
    SortTracker Tracker_;
    ClearMotAccumulator Mot_;
    IdentityAccumulator Ids_;
    IdentitySummary Identity_;
    std::vector<SortFrameTrace> Traces_;
    std::vector<MotFrameEvents> Events_;
};

} // namespace mlviz
