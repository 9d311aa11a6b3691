// SORT over the simulated video, sliced, with metrics (see trk_run.h).
#include "topics/tracking/core/trk_run.h"

namespace mlviz {

Result<TrackingRun> TrackingRun::Start(const TrackingSimConfig& sim, const SortParams& sort, double metric_iou)
{
    if (Message m = ValidateSortParams(sort); !m.Empty()) return Result<TrackingRun>::Fail(m);
    if (!(metric_iou > 0.0 && metric_iou <= 1.0)) return Result<TrackingRun>::Fail(Msg("порог IoU метрик должен быть в (0, 1]"));
    auto video = TrackingVideo::Make(sim);
    if (!video) return Result<TrackingRun>::Fail(video.Error());
    return TrackingRun(std::move(*video), sort, metric_iou);
}

void TrackingRun::Step(int frames)
{
    for (int n = 0; n < frames && !Done(); ++n) {
        const int k = FramesDone();
        const SimFrame f = Video_.Frame(k);
        std::vector<BoxD> dets;
        for (const SimDetection& d : f.Detections) dets.push_back(d.Box);
        SortFrameTrace trace;
        // Simulated boxes are always valid, so Update cannot fail here.
        Tracker_.Update(dets, &trace);
        MotFrameInput in;
        for (const GtObject& g : f.Truth) {
            in.GtIds.push_back(g.Id);
            in.GtBoxes.push_back(g.Box);
        }
        for (const SortOutput& o : trace.Output) {
            in.HypIds.push_back(o.Id);
            in.HypBoxes.push_back(o.Box);
        }
        Events_.push_back(Mot_.AddFrame(in));
        Ids_.AddFrame(in);
        Traces_.push_back(std::move(trace));
        if (Done()) Identity_ = Ids_.Summary();
    }
}

} // namespace mlviz
