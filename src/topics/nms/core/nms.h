// Non-maximum suppression: greedy (same as torchvision.ops.nms), class-aware (same as
// torchvision.ops.batched_nms), Soft-NMS linear / Gaussian (Bodla et al., 2017) and DIoU-NMS
// (Zheng et al., 2020), with an optional event trace for step-by-step playback.
//
// Conventions: boxes are (x1, y1, x2, y2) in pixels, y down (core/box.h); boxes and scores are
// float32 like torchvision's tensors. Greedy and class-aware NMS reproduce torchvision 0.14's CPU
// kernel bit for bit: scores sorted descending with a STABLE sort (ties keep the lower index
// first), IoU computed in float exactly as the kernel does (inter / (area_i + area_j - inter);
// 0/0 for two empty boxes gives NaN, which never suppresses), a box suppressed when
// IoU > iou_threshold (strictly; the comparison is in double). Output order: descending score,
// ties by index. Class-aware output is in that same global order (torchvision's coordinate-offset
// path; its per-class path for > 1000 boxes orders ties arbitrarily, and its offset trick lets
// classes leak into each other when coordinates are < -1: here classes never interact).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/box.h"
#include "core/result.h"

namespace mlviz {

enum class NmsMethod {
    Greedy,       // suppress IoU > threshold (torchvision.ops.nms)
    SoftLinear,   // s *= 1 - IoU when IoU > threshold
    SoftGaussian, // s *= exp(-IoU^2 / sigma) for every later box (threshold unused)
    DIoU,         // greedy with DIoU = IoU - d^2 / c^2 (core/box.h) > threshold
    Count
};

// "greedy", "soft-linear", "soft-gaussian", "diou" (CLI and URL names).
std::string_view NmsMethodName(NmsMethod m);
std::optional<NmsMethod> NmsMethodFromName(std::string_view name);
bool IsSoftNms(NmsMethod m);

struct NmsOptions {
    NmsMethod Method = NmsMethod::Greedy;
    double IouThreshold = 0.5;     // [0, 1]; for DIoU the DIoU threshold
    double Sigma = 0.5;            // Gaussian Soft-NMS, > 0 (the paper's sigma: exp(-IoU^2 / sigma))
    double ScoreThreshold = 0.001; // Soft-NMS only: a box whose score is < this is dropped
    bool ClassAware = false;       // boxes of different classes never suppress each other
};

// Valid ranges, shared by the UI and the CLI.
inline constexpr double kNmsSigmaMin = 1e-12, kNmsSigmaMax = 100.0;
inline constexpr std::size_t kNmsMaxBoxes = 100'000;

struct NmsInput {
    std::span<const Box> Boxes;
    std::span<const float> Scores;
    std::span<const int> Classes; // empty: one class (needed only when ClassAware)
};

struct NmsResult {
    std::vector<int> Keep;      // box indices in output order (selection order)
    std::vector<double> Scores; // final score of each kept box (decayed for Soft-NMS)
};

enum class NmsEventType {
    Select,   // Box becomes the current (highest remaining) box and is kept
    Compare,  // Box is compared with the current box Other; Overlap = IoU (DIoU for DIoU-NMS).
              // Only pairs whose boxes intersect: a disjoint pair (IoU 0) can change nothing.
    Suppress, // Box is removed by Other (greedy / DIoU)
    Decay,    // Box's score goes OldScore -> NewScore because of Other (Soft-NMS)
    Drop,     // Box's score is below the score threshold (Other = -1 before the first selection)
};

struct NmsEvent {
    NmsEventType Type = NmsEventType::Select;
    int Box = -1;
    int Other = -1;
    double Overlap = 0.0;
    double OldScore = 0.0, NewScore = 0.0;
};

// The factor Soft-NMS multiplies a score by for an overlap with the selected box: 1 - IoU above
// the threshold (linear), exp(-IoU^2 / sigma) (Gaussian); 1 for the other methods.
double NmsSoftWeight(const NmsOptions& o, double overlap);

// Empty when the input and options are valid, else a message naming the field
// ("boxes[3]: box has x2 < x1", "scores[1] is not finite", "iou_threshold ...").
Message ValidateNms(const NmsInput& input, const NmsOptions& options);

// Any method; `trace` (optional) receives every decision, in order: each selection, each
// comparison of intersecting boxes, each suppression, decay and drop (O(n^2) events at worst).
Result<NmsResult> RunNms(const NmsInput& input, const NmsOptions& options, std::vector<NmsEvent>* trace = nullptr);

// The fast paths (no validation, no trace): same results as RunNms with Greedy.
std::vector<int> GreedyNms(std::span<const Box> boxes, std::span<const float> scores, double iou_threshold);
std::vector<int> BatchedNms(std::span<const Box> boxes, std::span<const float> scores, std::span<const int> classes,
                            double iou_threshold);

// torchvision's CPU-kernel IoU: float arithmetic, NaN for two empty boxes.
float TorchvisionIoU(const Box& a, const Box& b);

// Indices sorted by score descending, ties by index (torch.sort(stable=True, descending=True)).
std::vector<int> ScoreOrder(std::span<const float> scores);

} // namespace mlviz
