// The NMS view's state: plain fields only (numbers, bools, enums as ints, the seed and the
// playback step), so it can be reset, compared and encoded in a URL. Ranges are enforced by
// ClampNmsState, whatever wrote the fields (widgets, a URL, a test). NmsStateSchema() is its URL
// codec (core/state_codec.h): "scene=street&method=soft-gaussian&sigma=0.3&seed=7&step=12".
#pragma once
#include "topics/nms/core/detections_sim.h"
#include "topics/nms/core/nms.h"
#include "core/state_codec.h"
#include "core/topic_codec.h"

namespace mlviz {

struct NmsState {
    int Scene = static_cast<int>(SimSceneKind::Crowd);
    int Method = static_cast<int>(NmsMethod::Greedy);
    int MethodB = static_cast<int>(NmsMethod::SoftGaussian);
    bool Compare = false; // two methods side by side
    bool ClassAware = true;
    float IouThreshold = 0.5f;     // [0, 1]
    float Sigma = 0.5f;            // [0.01, 2]
    float ScoreThreshold = 0.001f; // Soft-NMS drop threshold, [0, 0.5]
    // The detector simulator.
    int Seed = 1;                 // [0, 2^30]
    int BoxesPerObject = 10;      // [1, kNmsUiMaxBoxesPerObject]
    float PositionJitter = 0.05f; // [0, 0.3]
    float SizeJitter = 0.12f;     // [0, 0.5]
    float ScoreNoise = 0.06f;     // [0, 0.3]
    int FalsePositives = 4;       // [0, kNmsUiMaxFalsePositives]
    float ClassConfusion = 0.0f;  // [0, 1]
    int RandomObjects = 8;        // [1, kNmsUiMaxObjects]
    int RandomClasses = 3;        // [1, kSimMaxClasses]
    // Metrics: kept boxes whose final score is below this are not counted as detections.
    float MetricScore = 0.3f; // [0, 1]
    // Playback: events applied, or whole rounds (selections) side by side; -1 = the end.
    int Step = -1;
    bool Playing = false;
    float Speed = 8.0f; // steps per second, [1, 200]
    int SelectedBox = -1;
    bool ShowGroundTruth = true;
    bool ShowLabels = true;
};

// The view caps the simulator below the core's limits so that a traced run (O(n^2) events at
// worst) stays within a few milliseconds: at most 20 * 25 + 100 = 600 boxes.
inline constexpr int kNmsUiMaxBoxesPerObject = 25, kNmsUiMaxFalsePositives = 100, kNmsUiMaxObjects = 20;

// Clamps every field into its range; NaN becomes the default.
void ClampNmsState(NmsState& s);

// Keys: scene, method, method_b, compare, batched, iou, sigma, min_score, seed, boxes, pos,
// size, noise, fp, confusion, objects, classes, tp_score, step, speed, box, gt, labels.
// Enums travel by name (scene: crowd|street|random; methods: NmsMethodName). Playing is not
// encoded: a link opens paused on its step, so the same link always shows the same picture.
// Step and box are only bounded below here; the view clamps them to the recomputed trace.
const StateSchema<NmsState>& NmsStateSchema();
// Decodes over the defaults, clamps through the field table, and opens paused: a link always
// shows the same picture (core/topic_codec.h).
const StateCodec<NmsState>& NmsCodec();
const TopicCodec& NmsTopicCodec();
// "crowd", "street", "random".
const char* NmsSceneName(SimSceneKind k);

// Which derived data a change invalidates.
bool SameNmsScene(const NmsState& a, const NmsState& b);
bool SameNmsDetections(const NmsState& a, const NmsState& b);
bool SameNmsRuns(const NmsState& a, const NmsState& b);

NmsOptions NmsOptionsFor(const NmsState& s, int method);
DetectionSimConfig NmsSimConfigFor(const NmsState& s);

} // namespace mlviz
