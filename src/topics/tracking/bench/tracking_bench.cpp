// Core timings of the tracking topic for mlviz-bench (bench/frame/core_bench.h).
#include <memory>
#include <random>

#include "bench/frame/core_bench.h"
#include "topics/tracking/core/trk_assign.h"
#include "topics/tracking/core/tracking_state.h"

namespace mlviz {

void CoreBench_tracking(CoreBenchList& out)
{
    // The view's heaviest video: 30 objects, 600 frames, 10 false positives a frame, min_hits 0
    // (every false positive a track: many hypotheses for the identity matching).
    TrackingState s;
    s.Objects = 30;
    s.Frames = 600;
    s.FalsePositives = 10.0f;
    s.MinHits = 0;
    out.push_back({"tracking", "SORT + CLEAR MOT + IDF1 on 600 frames x 30 objects, 10 FP / frame", 3, [s] {
                       auto run = TrackingRun::Start(TrackingSimFor(s), SortParamsFor(s, Association::Hungarian), s.MetricIou);
                       while (run && !run->Done()) run->Step(50);
                   }});
    out.push_back({"tracking", "one SORT frame there (the view's slice unit)", 50, [s] {
                       auto run = TrackingRun::Start(TrackingSimFor(s), SortParamsFor(s, Association::Hungarian), s.MetricIou);
                       if (run) run->Step(1);
                   }});
    auto cost = std::make_shared<std::vector<double>>();
    std::mt19937 rng(3);
    for (int i = 0; i < 200 * 200; ++i) cost->push_back(static_cast<double>(rng() % 1000) / 1000.0);
    out.push_back({"tracking", "linear_sum_assignment 200 x 200", 10, [cost] {
                       volatile int n = static_cast<int>(LinearSumAssignment(*cost, 200, 200).Value().Rows.size());
                       (void)n;
                   }});
}

} // namespace mlviz
