// Semantic segmentation metrics from a confusion matrix, as mmsegmentation computes them
// (mmseg.core.evaluation.metrics: intersect_and_union, total_area_to_metrics): pixel accuracy,
// per-class accuracy, IoU and Dice, their means over the classes that are defined, and the
// frequency-weighted IoU of Long et al. (FCN, 2015); plus the boundary F1 score (Csurka et al.,
// BMVC 2013) with a distance tolerance in pixels.
//
// Labels: ints, row-major, the same size for ground truth and prediction. GT cells equal to
// ignore_index are left out everywhere. A predicted cell equal to ignore_index means "no label":
// it counts in its GT class's area (a miss) but in no predicted class, as mmseg's histogram does
// for an out-of-range prediction. A class absent from both GT and prediction has no IoU (0/0):
// it is std::nullopt here, never a NaN, and is left out of the means (mmseg's nanmean).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/result.h"

namespace mlviz {

inline constexpr int kSemanticMaxClasses = 256;
inline constexpr std::size_t kSemanticMaxPixels = 4'000'000;

struct LabelImage {
    int Width = 0, Height = 0;
    std::span<const int> Labels;
};

struct ConfusionMatrix {
    int NumClasses = 0;
    std::vector<std::int64_t> Counts;     // [gt * NumClasses + pred]
    std::vector<std::int64_t> Unlabelled; // per GT class: cells predicted as ignore_index
    std::int64_t Ignored = 0;             // GT cells equal to ignore_index

    std::int64_t At(int gt, int pred) const { return Counts[static_cast<std::size_t>(gt) * NumClasses + pred]; }
    std::int64_t GtArea(int c) const;       // row sum + unlabelled
    std::int64_t PredArea(int c) const;     // column sum
    std::int64_t Valid() const;             // every counted GT cell
    void Add(const ConfusionMatrix& other); // same NumClasses
};

Result<ConfusionMatrix> ComputeConfusion(const LabelImage& gt, const LabelImage& pred, int num_classes, int ignore_index);

struct SemanticMetrics {
    std::optional<double> PixelAccuracy;              // sum TP / valid cells
    std::vector<std::optional<double>> ClassAccuracy; // TP / GT area, none when the class is not in GT
    std::optional<double> MeanClassAccuracy;
    std::vector<std::optional<double>> Iou; // TP / (GT + pred - TP), none when both areas are 0
    std::optional<double> MeanIou;
    std::optional<double> FwIou;             // sum over classes of GT area / valid * IoU
    std::vector<std::optional<double>> Dice; // 2 TP / (GT + pred), none when both are 0
    std::optional<double> MeanDice;
    int DefinedIouClasses = 0; // how many classes the mean IoU averages
};

SemanticMetrics MetricsFromConfusion(const ConfusionMatrix& cm);

// ---- boundary F1 ---------------------------------------------------------------------------

// A boundary cell of class c: a cell of class c with a 4-neighbour inside the image of another
// label (the image border is not a boundary). GT cells equal to ignore_index belong to no class,
// and predicted boundary cells that fall on them are not counted (they cannot be judged).
// Precision = predicted boundary cells within Euclidean distance <= tolerance of a GT boundary
// cell of the same class, over all predicted boundary cells of c; recall the other way round.
struct BoundaryF1 {
    std::vector<std::optional<double>> Precision, Recall, F1; // none when both boundaries are empty
    std::optional<double> MeanF1;                             // over the classes that have an F1
    // For the class `detail_class` (when asked), per cell, for drawing: 0 = not a boundary cell,
    // 1 = a boundary cell within the tolerance of the other side's boundary, 2 = one beyond it.
    std::vector<std::uint8_t> GtCells, PredCells;
};
inline constexpr double kBoundaryMaxTolerance = 16.0;

Result<BoundaryF1> ComputeBoundaryF1(const LabelImage& gt, const LabelImage& pred, int num_classes, int ignore_index,
                                     double tolerance, int detail_class = -1);
// 1 on the boundary cells of class c (definition above), for drawing.
std::vector<std::uint8_t> ClassBoundary(const LabelImage& labels, int cls, const LabelImage* ignore_from = nullptr,
                                        int ignore_index = 255);

// ---- a set of images: accumulated vs averaged -------------------------------------------------

// Accumulated: metrics of the summed confusion matrix (what mmseg reports for a dataset).
// Per image: the metrics of each image, and the plain mean of their defined values (what a
// per-image average would report; the two differ because images weigh by their pixel counts
// and a class absent from one image drops out of that image's mean only).
struct SetMetrics {
    SemanticMetrics Accumulated;
    std::vector<SemanticMetrics> PerImage;
    std::optional<double> MeanPixelAccuracy, MeanMeanIou, MeanFwIou, MeanMeanClassAccuracy, MeanMeanDice;
};

SetMetrics MetricsOfSet(std::span<const ConfusionMatrix> per_image);

} // namespace mlviz
