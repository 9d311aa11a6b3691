// The scene and its prediction turned into the inputs of each metric (semantic labels, panoptic
// maps, COCO annotations), and the set of generated images for "accumulated vs per image".
#pragma once
#include <vector>

#include "topics/segmentation/core/coco.h"
#include "topics/segmentation/core/panoptic.h"
#include "topics/segmentation/core/predict.h"
#include "topics/segmentation/core/semantic.h"

namespace mlviz {

// COCO annotations of one scene (image id 1, category id = class id): GT from Scene::Gt's
// instances (crowd flagged; "area" = mask cells, as COCO's GT areas are segment areas even for
// box evaluation), detections from the scored predicted instances. Boxes cover whole cells.
// `cell_px` (>= 1) is the image pixels per cell side: the label image stands for a photo
// cell_px times larger, so boxes are scaled by it and areas by its square (MaskCellArea), which
// is what COCO's area ranges (32², 96² pixels) are compared with; IoUs do not change.
CocoInput SceneCocoInput(const Scene& scene, const LabelMap& prediction, const std::vector<ScoredInstance>& scored,
                         CocoIouType type, int image_id = 1, int cell_px = 1);

// Appends another scene's annotations (its own image id) to `into`; masks are appended too.
// Boxes and GT areas are scaled by into.MaskCellArea's square root (the cell side in pixels).
void AppendSceneCoco(CocoInput& into, const Scene& scene, const LabelMap& prediction, const std::vector<ScoredInstance>& scored,
                     int image_id);

// The semantic confusion of a scene's prediction (void in GT ignored, unlabelled cells missed).
Result<ConfusionMatrix> SceneConfusion(const Scene& scene, const LabelMap& prediction);

// Several scenes generated from consecutive seeds (Scene.Seed + k, Perturb.Seed + k), each
// perturbed the same way: per-image and accumulated metrics.
struct SceneSetConfig {
    int Images = 6; // [1, kSceneSetMaxImages]
    SceneConfig Scene;
    PerturbConfig Perturb;
};
inline constexpr int kSceneSetMaxImages = 12;

struct SceneSetResult {
    std::vector<ConfusionMatrix> PerImage;
    SetMetrics Semantic; // filled when the job is done
    CocoInput Coco;      // every image's instances (segm), image ids 1..n
};

// Sliceable: Step(n) generates, perturbs and scores n more images (about 0.2 ms each).
class SceneSetJob {
public:
    static Result<SceneSetJob> Start(const SceneSetConfig& config);
    Message Step(int images); // non-empty on a failure (the job is then done)
    bool Done() const { return Next_ >= Config_.Images || !Failure_.Empty(); }
    double Progress() const { return static_cast<double>(Next_) / Config_.Images; }
    const SceneSetResult& Output() const { return Out_; }

private:
    SceneSetConfig Config_;
    SceneSetResult Out_;
    int Next_ = 0;
    Message Failure_;
};

Result<SceneSetResult> EvaluateSceneSet(const SceneSetConfig& config);

} // namespace mlviz
