// What the NMS view shows, computed without ImGui: one method's run on simulated detections
// (result, trace, metrics against the ground truth), stepping through the trace, and a sweep of
// detection metrics over the NMS threshold computed a point at a time (so a view can spread it
// over frames).
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "topics/nms/core/detections_sim.h"
#include "topics/nms/core/nms.h"
#include "topics/nms/core/nms_metrics.h"

namespace mlviz {

struct NmsRun {
    NmsOptions Options;
    NmsResult Result;
    std::vector<NmsEvent> Trace;
    std::vector<std::size_t> Selects; // index of each Select event in Trace
    DetectionMetrics Metrics;
    std::vector<int> MatchedGt; // per kept box (parallel to Result.Keep): ground-truth index or -1
    Message Error;              // not Empty() when the input was rejected
};

// The IoU a kept box needs with a ground-truth box to count as a true positive, in the view's
// metrics, its threshold sweeps and their captions.
inline constexpr double kNmsMetricIou = 0.5;

// Runs NMS with a trace and scores the kept boxes against `ground_truth` (IoU >= metric_iou,
// counting kept boxes whose final score >= min_score).
NmsRun RunNmsOnDetections(const SimulatedDetections& d, std::span<const LabeledBox> ground_truth, const NmsOptions& o,
                          double metric_iou, double min_score);

// Metrics of NMS on the detections, without a trace.
DetectionMetrics EvaluateNms(const SimulatedDetections& d, std::span<const LabeledBox> ground_truth, const NmsOptions& o,
                             double metric_iou, double min_score);

// Precision, recall and AP as the method's main parameter varies: the IoU threshold, or sigma
// for Gaussian Soft-NMS (which has no threshold).
struct NmsSweep {
    std::vector<double> X, Precision, Recall, AveragePrecision;
    int Points = 41;
    bool Done() const { return static_cast<int>(X.size()) >= Points; }
};
double NmsSweepX(NmsMethod m, int index, int points); // threshold in [0, 1] or sigma in [0.02, 2]
// Computes the next point; returns false when the sweep is already complete.
bool AdvanceNmsSweep(NmsSweep& sweep, const SimulatedDetections& d, std::span<const LabeledBox> ground_truth, const NmsOptions& o,
                     double metric_iou, double min_score);

} // namespace mlviz
