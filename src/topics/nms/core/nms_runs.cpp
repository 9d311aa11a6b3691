#include "topics/nms/core/nms_runs.h"

#include <algorithm>
#include <cmath>

#include "topics/nms/core/nms_replay.h"

namespace mlviz {

namespace {

std::vector<LabeledBox> KeptBoxes(const SimulatedDetections& d, const NmsResult& r)
{
    std::vector<LabeledBox> out;
    out.reserve(r.Keep.size());
    for (int i : r.Keep) out.push_back({d.Boxes[static_cast<std::size_t>(i)], d.Classes[static_cast<std::size_t>(i)]});
    return out;
}

} // namespace

NmsRun RunNmsOnDetections(const SimulatedDetections& d, std::span<const LabeledBox> gt, const NmsOptions& o, double metric_iou,
                          double min_score)
{
    NmsRun run;
    run.Options = o;
    const auto r = RunNms({d.Boxes, d.Scores, d.Classes}, o, &run.Trace);
    if (!r) {
        run.Error = r.Error();
        return run;
    }
    run.Result = r.Value();
    run.Selects = NmsSelectSteps(run.Trace);
    run.Metrics = EvaluateDetections(KeptBoxes(d, run.Result), run.Result.Scores, gt, metric_iou, min_score, &run.MatchedGt);
    return run;
}

DetectionMetrics EvaluateNms(const SimulatedDetections& d, std::span<const LabeledBox> gt, const NmsOptions& o, double metric_iou,
                             double min_score)
{
    const auto r = RunNms({d.Boxes, d.Scores, d.Classes}, o);
    if (!r) return {};
    return EvaluateDetections(KeptBoxes(d, r.Value()), r->Scores, gt, metric_iou, min_score);
}

double NmsSweepX(NmsMethod m, int index, int points)
{
    const double t = points > 1 ? static_cast<double>(index) / (points - 1) : 0.0;
    // Sigma on a log scale: its effect is multiplicative (exp(-IoU^2 / sigma)).
    return m == NmsMethod::SoftGaussian ? 0.02 * std::pow(100.0, t) : t;
}

bool AdvanceNmsSweep(NmsSweep& s, const SimulatedDetections& d, std::span<const LabeledBox> gt, const NmsOptions& o,
                     double metric_iou, double min_score)
{
    if (s.Done()) return false;
    const int k = static_cast<int>(s.X.size());
    NmsOptions p = o;
    const double x = NmsSweepX(o.Method, k, s.Points);
    (o.Method == NmsMethod::SoftGaussian ? p.Sigma : p.IouThreshold) = x;
    const DetectionMetrics m = EvaluateNms(d, gt, p, metric_iou, min_score);
    s.X.push_back(x);
    s.Precision.push_back(m.Precision);
    s.Recall.push_back(m.Recall);
    s.AveragePrecision.push_back(m.AveragePrecision);
    return true;
}

} // namespace mlviz
