// Anchor shapes by k-means on ground-truth (w, h) pairs with distance d = 1 - IoU, as in
// YOLOv2 (Redmon & Farhadi 2017, "Dimension Clusters"): boxes compared as if centred at the
// same point (ShapeIoU), centroids = mean w and mean h of their members. Seeded k-means++
// initialisation with the same distance, so a seed gives the same anchors on every platform.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "topics/anchors/core/anchor.h"
#include "core/result.h"

namespace mlviz {

struct KMeansAnchorsParams {
    int K = 9;
    std::uint32_t Seed = 1;
    int MaxIterations = 300;
};

struct KMeansAnchorsResult {
    std::vector<AnchorShape> Anchors; // sorted by area, smallest first
    std::vector<int> Assignment;      // per box: index into Anchors
    double MeanBestIoU = 0.0;         // mean over boxes of max IoU with an anchor
    int Iterations = 0;
    bool Converged = false; // assignments stopped changing before MaxIterations
};

// Fails when K < 1, K > number of boxes, or a box has non-positive or non-finite w or h.
Result<KMeansAnchorsResult> KMeansAnchors(std::span<const AnchorShape> boxes, const KMeansAnchorsParams& p);

// Mean over boxes of the best ShapeIoU with any of `anchors` (0 for no boxes or anchors).
double MeanBestIoU(std::span<const AnchorShape> boxes, std::span<const AnchorShape> anchors);

} // namespace mlviz
