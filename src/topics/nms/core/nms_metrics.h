// Detection metrics against ground truth, for judging an NMS result: TP, FP, FN, precision,
// recall at one score threshold, and AP (all-point interpolated, VOC 2010+ style, averaged over
// classes that have ground truth). Matching is COCO-style greedy: detections in descending score
// order (ties by index) each take the unmatched same-class ground-truth box of highest IoU
// (core/box.h IoU, double), and count as a true positive when that IoU >= iou_threshold.
#pragma once
#include <span>
#include <vector>

#include "core/box.h"

namespace mlviz {

struct LabeledBox {
    Box Bounds;
    int Class = 0;
};

struct DetectionMetrics {
    int TruePositives = 0, FalsePositives = 0, FalseNegatives = 0;
    double Precision = 0.0;        // TP / (TP + FP); 0 when nothing is detected
    double Recall = 0.0;           // TP / #ground truth; 0 when there is no ground truth
    double AveragePrecision = 0.0; // over all detections, whatever min_score
};

// Detections with score >= min_score are counted in TP/FP/FN/precision/recall. `matched_gt`
// (optional) receives, per detection, the index of its ground-truth box or -1 (a false positive);
// it is filled for every detection, since greedy matching of a score prefix is a prefix of it.
DetectionMetrics EvaluateDetections(std::span<const LabeledBox> detections, std::span<const double> scores,
                                    std::span<const LabeledBox> ground_truth, double iou_threshold, double min_score,
                                    std::vector<int>* matched_gt = nullptr);

} // namespace mlviz
