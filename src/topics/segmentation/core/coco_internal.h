// Internals shared by coco_eval.cpp and coco_accumulate.cpp (not a public API).
#pragma once
#include <span>
#include <vector>

#include "topics/segmentation/core/coco.h"

namespace mlviz {

struct CocoMatchInput {
    int Id = 0; // 1-based annotation id
    double Area = 0.0;
    bool Crowd = false;
    double Score = 0.0;
};

// COCOeval.evaluateImg for one area range: `gts` in input order, `dts` sorted by score (<= 100),
// `iou` [d * G + g] with g in input order; the matches are [t * D + d] for t over `thresholds`.
CocoEvalImage EvaluateImage(const std::vector<CocoMatchInput>& gts, const std::vector<CocoMatchInput>& dts,
                            const std::vector<double>& iou, const std::array<double, 2>& area_range,
                            std::span<const double> thresholds);

// COCOeval.accumulate + summarize over Out.EvalImages.
void Accumulate(CocoEvalResult& out);

// accumulate's raw curve for one (category, area, maxDets) cell over the given image records
// (each evaluated at one or more thresholds), at threshold index t.
CocoPrCurve CurveOfImages(const std::vector<const CocoEvalImage*>& images, int max_det, int t);

} // namespace mlviz
