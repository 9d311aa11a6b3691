// A detector-output simulator for NMS: from ground-truth objects, seeded clusters of noisy
// candidate boxes with scores, plus false positives, so NMS gets realistic input.
// Pixels, y down, scene origin at the top-left; boxes clipped to the scene.
// Scenes: Crowd (two people overlapping at IoU 0.76, where greedy NMS at 0.5 tends to drop one
// and Soft-NMS keeps both), Street (assets/images/street_scene.png, 640x480, with its
// ground truth from street_scene_boxes.tsv), Random (seeded objects of several classes).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/box.h"
#include "topics/nms/core/nms_metrics.h"
#include "core/result.h"

namespace mlviz {

enum class SimSceneKind { Crowd, Street, Random, Count };

struct DetectionScene {
    float Width = 640.0f, Height = 480.0f;
    std::vector<LabeledBox> Objects;     // ground truth
    std::vector<std::string> ClassNames; // indexed by LabeledBox::Class
};

struct DetectionSimConfig {
    std::uint32_t Seed = 1;
    int BoxesPerObject = 10;      // candidates around each object
    double PositionJitter = 0.05; // sd of the centre shift, as a fraction of the object's size
    double SizeJitter = 0.12;     // sd of log(width), log(height)
    double ScoreNoise = 0.06;     // sd of the additive score noise
    int FalsePositives = 4;       // boxes not on any object, with low scores
    double ClassConfusion = 0.0;  // probability that a candidate gets a wrong class
};

// Limits shared by the UI sliders and the tests.
inline constexpr int kSimMaxBoxesPerObject = 40, kSimMaxFalsePositives = 200, kSimMaxObjects = 30, kSimMaxClasses = 8;

struct SimulatedDetections {
    std::vector<Box> Boxes;
    std::vector<float> Scores; // in (0, 1)
    std::vector<int> Classes;
    std::vector<int> Source; // index of the object a candidate was drawn around, -1 for a false positive
};

// Parses "class<TAB>x1<TAB>y1<TAB>x2<TAB>y2" lines ('#' starts a comment line). Classes are
// numbered in order of first appearance.
Result<DetectionScene> ParseBoxesTsv(std::string_view text, float width, float height);

// Street reads the embedded street_scene_boxes.tsv (an empty scene if it is missing);
// `objects`, `classes` and `seed` shape only the Random scene.
DetectionScene MakeDetectionScene(SimSceneKind kind, int objects, int classes, std::uint32_t seed);

SimulatedDetections SimulateDetections(const DetectionScene& scene, const DetectionSimConfig& config);

} // namespace mlviz
