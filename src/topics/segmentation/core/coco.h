// COCO detection / instance-segmentation AP exactly as pycocotools' COCOeval (cocoeval.py with
// maskApi.c's bbIou / rleIou), default parameters:
// - IoU thresholds .5:.05:.95 (np.linspace: 0.5 + i * (0.45 / 9), the last exactly 0.95), recall
//   thresholds 0:.01:1 (i * 0.01), area ranges all [0, 1e10], small [0, 32²], medium [32², 96²],
//   large [96², 1e10] (bounds inclusive), maxDets 1, 10, 100;
// - per image and category: detections sorted by score descending with a stable sort (numpy's
//   mergesort: ties keep input order) and cut to 100; GT sorted with ignored ones (crowd or area
//   out of range) last, stably; greedily, each detection takes the unmatched (or crowd) GT of
//   highest IoU >= min(t, 1 - 1e-10), preferring non-ignored GT; a detection matched to an
//   ignored GT is ignored; an unmatched detection outside the area range is ignored;
// - IoU: boxes [x, y, w, h] in double; masks by cell counts; a crowd GT uses
//   intersection / area(detection);
// - accumulate per category, area range and maxDets over images: detections sorted by score
//   (stable across images in ascending image id), precision = tp / (tp + fp + eps), recall =
//   tp / #non-ignored GT, the precision envelope from the right, sampled at the first index whose
//   recall >= each recall threshold (0 beyond the last detection); -1 where a category has no
//   non-ignored GT;
// - summary: mean over the entries > -1 (AP, AP50, AP75, AP small/medium/large at 100
//   detections; AR at 1, 10, 100 and AR small/medium/large), -1 when there is none.
// Ids: GT and detections are numbered 1.. in input order, as COCO's loadRes does; image and
// category ids are any ints, evaluated in ascending order.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"

namespace mlviz {

enum class CocoIouType { Bbox, Segm };

struct CocoMask {
    int Width = 0, Height = 0;
    std::vector<std::uint8_t> Cells; // row-major, 0 / 1
};

struct CocoAnnotation {
    int ImageId = 0;
    int CategoryId = 0;
    std::array<double, 4> Bbox{}; // [x, y, w, h] (bbox evaluation)
    int Mask = -1;                // index into CocoInput::Masks (segm evaluation)
    std::optional<double> Area;   // GT only: the annotation's "area"; default mask cells (segm) or w*h
    bool Crowd = false;           // GT only: iscrowd
    double Score = 0.0;           // detections only
};

struct CocoMaskStats {
    int X0 = 0, Y0 = 0, X1 = -1, Y1 = -1; // inclusive cell box of the set cells (X1 < X0 when empty)
    std::int64_t Area = 0;
};
CocoMaskStats CocoMaskStatsOf(const CocoMask& mask);

struct CocoInput {
    CocoIouType Type = CocoIouType::Bbox;
    std::vector<CocoAnnotation> Gt, Dt;
    std::vector<CocoMask> Masks; // all masks of one image have the same size
    // Image pixels per mask cell, (0, kCocoMaxCellArea]: the areas computed from masks (every
    // detection's, and a GT's without its own "area") are cells x this. A mask upsampled s times
    // by nearest neighbour has s² times the cells and the same IoUs, so MaskCellArea = s² is
    // exactly COCO on the upsampled masks, at the cost of the small ones. 1 = pycocotools as is.
    double MaskCellArea = 1.0;
};
inline constexpr double kCocoMaxCellArea = 1e6;

inline constexpr std::size_t kCocoMaxAnnotations = 20'000;
inline constexpr std::size_t kCocoMaxMaskCells = 1'048'576;
inline constexpr double kCocoMaxWork = 3e8; // summed IoU cost (pairs x mask cells) accepted
inline constexpr std::size_t kCocoMaxImageCategoryPairs = 50'000;

inline constexpr int kCocoT = 10, kCocoR = 101, kCocoA = 4, kCocoM = 3;
const std::array<double, kCocoT>& CocoIouThresholds();
const std::array<double, kCocoR>& CocoRecallThresholds();
const std::array<std::array<double, 2>, kCocoA>& CocoAreaRanges(); // all, small, medium, large
const std::array<int, kCocoM>& CocoMaxDets();                      // 1, 10, 100

// evaluateImg's record for one (category, area range, image); absent when the image has neither
// GT nor detections of the category.
struct CocoEvalImage {
    bool Present = false;
    int ImageId = 0, CategoryId = 0, Area = 0;
    std::vector<int> DtIds, GtIds; // sorted as matched (dt by score, ≤ 100; gt ignored last)
    std::vector<double> DtScores;
    std::vector<std::uint8_t> GtIgnore;
    std::vector<int> DtMatches, GtMatches; // [t * D + d] matched GT id / [t * G + g] matched dt id, 0 = none
    std::vector<std::uint8_t> DtIgnore;    // [t * D + d]
};

// IoUs of one (image, category): rows = detections in score order (≤ 100), columns = GT in input order.
struct CocoIouMatrix {
    int ImageId = 0, CategoryId = 0;
    std::vector<int> DtIds, GtIds;
    std::vector<double> Iou; // [d * G + g]
};

struct CocoStats {
    double Ap = -1, Ap50 = -1, Ap75 = -1, ApSmall = -1, ApMedium = -1, ApLarge = -1;
    double Ar1 = -1, Ar10 = -1, Ar100 = -1, ArSmall = -1, ArMedium = -1, ArLarge = -1;
    std::array<double, 12> AsArray() const; // pycocotools' stats order
};

struct CocoEvalResult {
    std::vector<int> ImageIds, CategoryIds;
    std::vector<CocoIouMatrix> Ious;       // [k * I + i]
    std::vector<CocoEvalImage> EvalImages; // [(k * A + a) * I + i]
    std::vector<double> Precision;         // [(((t * R + r) * K + k) * A + a) * M + m], -1 = absent
    std::vector<double> Recall;            // [((t * K + k) * A + a) * M + m]
    std::vector<double> Scores;            // like Precision: the score at each recall threshold
    CocoStats Stats;
    std::vector<CocoStats> PerCategory; // the same summary restricted to one category

    double PrecisionAt(int t, int r, int k, int a, int m) const;
    double RecallAt(int t, int k, int a, int m) const;
    const CocoEvalImage& EvalImage(int k, int a, int i) const;
};

// The raw precision / recall points of one (threshold, category, area, maxDets) cell, what the
// 101-point sampling reads: one entry per detection in global score order.
struct CocoPrCurve {
    int NumGt = 0;                                 // non-ignored GT (npig)
    std::vector<double> Scores, Recall, Precision; // raw
    std::vector<int> DtIds, ImageIds;              // each entry's detection (1-based input order) and image
    std::vector<int> MatchedGt;                    // the GT id it matched (0 = none), ignored ones included
    std::vector<double> Envelope;                  // precision made non-increasing from the right
    std::vector<std::uint8_t> IsTp, IsFp;          // ignored detections are neither
    std::array<double, kCocoR> Interpolated{};     // = Precision[t, :, k, a, m]
    bool Defined = false;                          // false where pycocotools leaves -1
};
CocoPrCurve CocoCurve(const CocoEvalResult& result, int t, int k, int a, int m);

// Sliceable evaluation: Step() evaluates (image, category) pairs until `budget` IoU cells of
// work are spent (at least one pair), then accumulates at the end.
class CocoEvaluation {
public:
    static Result<CocoEvaluation> Start(CocoInput input);
    void Step(double budget);
    bool Done() const { return Done_; }
    double Progress() const;
    const CocoEvalResult& Output() const { return Out_; } // complete once Done()
    // The curve of category index k, area range a and maxDets index m at any IoU threshold in
    // [0, 1] (evaluateImg's greedy matching redone on the stored IoUs with iouThrs = [threshold]);
    // at one of CocoIouThresholds() it equals CocoCurve(Output(), t, k, a, m). Needs Done().
    CocoPrCurve CurveAt(double threshold, int k, int a, int m) const;

private:
    CocoInput In_;
    CocoEvalResult Out_;
    std::vector<std::vector<int>> GtOf_, DtOf_; // [k * I + i] -> annotation indices in input order
    std::vector<double> Area_;                  // per GT then per detection (index Gt.size() + d)
    std::vector<CocoMaskStats> Stats_;          // per mask (segm)
    std::size_t Next_ = 0;
    bool Done_ = false;
};

Result<CocoEvalResult> EvaluateCoco(CocoInput input);

// Validation shared with the CLI: finite boxes with w, h >= 0, scores finite, masks exist and
// match in size within an image, sizes bounded.
Message ValidateCocoInput(const CocoInput& input);

} // namespace mlviz
