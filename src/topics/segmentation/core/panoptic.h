// Panoptic quality (Kirillov et al., "Panoptic Segmentation", CVPR 2019) computed as COCO's
// panopticapi does (evaluation.py: pq_compute_single_core, PQStat.pq_average):
// - segment id 0 is VOID; a GT segment may be a crowd region (iscrowd); areas are cell counts
//   (panopticapi reads the GT's "area" from its JSON, which is the cell count in COCO's files);
// - a GT and a predicted segment of the same category match when IoU > 0.5, where
//   IoU = |g ∩ p| / (|p| + |g| - |g ∩ p| - |p ∩ VOID|): predicted cells on GT void leave the union;
//   crowd GT segments never match (IoU > 0.5 makes every match unique);
// - unmatched non-crowd GT segments are FN;
// - an unmatched predicted segment is FP unless more than half of its area lies on GT void plus
//   the crowd segment of its category (panopticapi keeps one crowd segment per category and
//   image: the last one listed, as its dict does; COCO merges a category's crowd into one);
// - per category over all images: PQ = sum IoU / (TP + FP/2 + FN/2), SQ = sum IoU / TP (0 when
//   TP = 0), RQ = TP / (TP + FP/2 + FN/2); a category with TP + FP + FN = 0 has none of them
//   (std::nullopt; panopticapi prints 0) and is left out of the averages, which are plain means
//   over categories (All, Things, Stuff).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/result.h"
#include "topics/segmentation/core/scene.h"

namespace mlviz {

inline constexpr std::size_t kPanopticMaxPixels = 4'000'000;
inline constexpr std::size_t kPanopticMaxSegments = 10'000;

struct PanopticCategory {
    int Id = 0;
    bool IsThing = false;
};

struct PanopticPair {
    int GtId = 0, PredId = 0;
    int Category = 0;
    std::int64_t Intersection = 0;
    double Iou = 0.0;
};

struct PanopticIgnored {
    int PredId = 0;
    double VoidCrowdFraction = 0.0; // (cells on GT void + on the category's crowd) / area, > 0.5
};

struct PanopticImageResult {
    std::vector<PanopticPair> Tp;             // matched pairs (IoU > 0.5), by GT id
    std::vector<int> Fn;                      // unmatched non-crowd GT segment ids
    std::vector<int> Fp;                      // unmatched predicted segment ids that count
    std::vector<PanopticIgnored> IgnoredPred; // unmatched but mostly on void / crowd
    std::vector<int> CrowdGt;                 // crowd GT segment ids (never matched)
    std::vector<PanopticPair> Candidates;     // every same-category overlapping pair (for drawing)
};

struct PanopticClassStat {
    int Category = 0;
    bool IsThing = false;
    int Tp = 0, Fp = 0, Fn = 0;
    double IouSum = 0.0;
    std::optional<double> Pq, Sq, Rq;
};

struct PanopticSummary {
    std::optional<double> Pq, Sq, Rq; // none when no category counts (panopticapi divides by 0)
    int N = 0;                        // categories averaged
};

struct PanopticResult {
    std::vector<PanopticImageResult> Images;
    std::vector<PanopticClassStat> PerClass; // in the order of `categories`
    PanopticSummary All, Things, Stuff;
};

struct PanopticImagePair {
    const PanopticMap* Gt = nullptr;
    const PanopticMap* Pred = nullptr;
};

// Checks as panopticapi does: every non-zero id in a map is listed in its segments, every listed
// segment has cells, categories are known and unique; GT and prediction have the same size.
Result<PanopticResult> ComputePanopticQuality(std::span<const PanopticImagePair> images,
                                              std::span<const PanopticCategory> categories);

// The scene's categories: road, sky, building (stuff), car, person (things).
std::vector<PanopticCategory> ScenePanopticCategories();

} // namespace mlviz
