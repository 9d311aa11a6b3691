// The prediction layer: the scene's full labelling with controlled mistakes (the perturbation
// sliders), and a confidence score per predicted instance for the AP view.
//
// Perturbations apply in this order to a copy of Scene::Full (cells, x right, y down):
//   drop -> merge -> split -> shift -> dilate/erode -> confuse -> false positives.
// Whatever a thing leaves behind is filled from Scene::Background (the stuff behind it).
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "topics/segmentation/core/scene.h"

namespace mlviz {

struct PerturbConfig {
    std::uint32_t Seed = 1;       // the confusion pattern, false positives and score noise
    int DropInstance = -1;        // [-1, kSegMaxInstanceId]: this GT instance id is not predicted
    int MergeInstance = -1;       // this instance absorbs the nearest instance of its class
    int SplitInstance = -1;       // this instance's right half (x >= centre of its box) gets a new id
    int ShiftX = 0, ShiftY = 0;   // [-kPerturbMaxShift, kPerturbMaxShift] cells, things only
    int Morph = 0;                // [-kPerturbMaxMorph, kPerturbMaxMorph]: > 0 dilate, < 0 erode things (3x3)
    int ConfuseFrom = -1;         // [-1, kSegNumClasses): cells of this class ...
    int ConfuseTo = -1;           // ... are predicted as this class
    double ConfuseFraction = 1.0; // [0, 1]: share of 4x4 blocks of ConfuseFrom that are confused
    int FalsePositives = 0;       // [0, kPerturbMaxFalsePositives] hallucinated cars / people
    double ScoreNoise = 0.1;      // [0, 0.5]: standard deviation added to the scores
};
inline constexpr int kPerturbMaxShift = 8, kPerturbMaxMorph = 3, kPerturbMaxFalsePositives = 6;

Message ValidatePerturbConfig(const PerturbConfig& config);

// The perturbed prediction (no painted edits yet).
Result<LabelMap> PerturbPrediction(const Scene& scene, const PerturbConfig& config);

struct ScoredInstance {
    int Id = 0;
    int Class = 0;
    double Score = 0.0;   // in [0.01, 0.99]
    double BestIou = 0.0; // mask IoU with the best GT instance of its class (what the score follows)
    std::int64_t Area = 0;
    std::array<double, 4> Bbox{}; // COCO [x, y, w, h]
};

// One score per thing instance of `prediction`: 0.15 + 0.8 * best IoU + noise, clamped; the
// noise of an instance depends on (seed, id) only, so painting one instance leaves the others'
// scores alone. Ascending id.
std::vector<ScoredInstance> ScorePrediction(const Scene& scene, const LabelMap& prediction, std::uint32_t seed,
                                            double score_noise);

// Mask IoU (cells) of two instance masks given as (map, id) pairs of the same size.
double InstanceIou(const LabelMap& a, int id_a, const LabelMap& b, int id_b);

} // namespace mlviz
