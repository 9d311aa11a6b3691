// Internals shared by coco_eval.cpp and coco_accumulate.cpp (not a public API).
#pragma once
#include <vector>

#include "topics/segmentation/core/coco.h"

namespace mlviz {

struct CocoMatchInput {
    int Id = 0;          // 1-based annotation id
    double Area = 0.0;
    bool Crowd = false;
    double Score = 0.0;
};

// COCOeval.evaluateImg for one area range: `gts` in input order, `dts` sorted by score (<= 100),
// `iou` [d * G + g] with g in input order.
CocoEvalImage EvaluateImage(const std::vector<CocoMatchInput>& gts, const std::vector<CocoMatchInput>& dts,
                            const std::vector<double>& iou, const std::array<double, 2>& area_range);

// COCOeval.accumulate + summarize over Out.EvalImages.
void Accumulate(CocoEvalResult& out);

} // namespace mlviz
