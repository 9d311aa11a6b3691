// Scene -> metric inputs, and the generated set of scenes.
#include "topics/segmentation/core/evaluate.h"

namespace mlviz {

namespace {

CocoMask MaskOf(const LabelMap& map, int id) { return CocoMask{map.Width, map.Height, InstanceMask(map, id)}; }

} // namespace

void AppendSceneCoco(CocoInput& in, const Scene& scene, const LabelMap& prediction, const std::vector<ScoredInstance>& scored,
                     int image_id)
{
    for (const InstanceExtent& e : InstanceExtents(scene.Gt)) {
        CocoAnnotation a;
        a.ImageId = image_id;
        a.CategoryId = e.Class;
        a.Bbox = e.Bbox;
        a.Area = static_cast<double>(e.Area);
        a.Crowd = e.Id >= 1 && e.Id <= static_cast<int>(scene.Instances.size()) && scene.Instances[e.Id - 1].Crowd;
        if (in.Type == CocoIouType::Segm) {
            a.Mask = static_cast<int>(in.Masks.size());
            in.Masks.push_back(MaskOf(scene.Gt, e.Id));
        }
        in.Gt.push_back(a);
    }
    for (const ScoredInstance& s : scored) {
        CocoAnnotation a;
        a.ImageId = image_id;
        a.CategoryId = s.Class;
        a.Bbox = s.Bbox;
        a.Score = s.Score;
        if (in.Type == CocoIouType::Segm) {
            a.Mask = static_cast<int>(in.Masks.size());
            in.Masks.push_back(MaskOf(prediction, s.Id));
        }
        in.Dt.push_back(a);
    }
}

CocoInput SceneCocoInput(const Scene& scene, const LabelMap& prediction, const std::vector<ScoredInstance>& scored,
                         CocoIouType type, int image_id)
{
    CocoInput in;
    in.Type = type;
    AppendSceneCoco(in, scene, prediction, scored, image_id);
    return in;
}

Result<ConfusionMatrix> SceneConfusion(const Scene& scene, const LabelMap& prediction)
{
    const std::vector<int> g = SemanticLabels(scene.Gt), p = SemanticLabels(prediction);
    return ComputeConfusion({scene.Gt.Width, scene.Gt.Height, g}, {prediction.Width, prediction.Height, p}, kSegNumClasses, kSegVoid);
}

Result<SceneSetResult> EvaluateSceneSet(const SceneSetConfig& c)
{
    using R = Result<SceneSetResult>;
    if (c.Images < 1 || c.Images > kSceneSetMaxImages)
        return R::Fail(Msg("поле '%s' должно быть в [%d, %d]", "images", 1, kSceneSetMaxImages));
    SceneSetResult out;
    out.Coco.Type = CocoIouType::Segm;
    for (int k = 0; k < c.Images; ++k) {
        SceneConfig sc = c.Scene;
        sc.Seed = c.Scene.Seed + static_cast<std::uint32_t>(k);
        PerturbConfig pc = c.Perturb;
        pc.Seed = c.Perturb.Seed + static_cast<std::uint32_t>(k);
        const auto scene = GenerateScene(sc);
        if (!scene) return R::Fail(scene.Error());
        const auto pred = PerturbPrediction(*scene, pc);
        if (!pred) return R::Fail(pred.Error());
        const auto cm = SceneConfusion(*scene, *pred);
        if (!cm) return R::Fail(cm.Error());
        out.PerImage.push_back(*cm);
        AppendSceneCoco(out.Coco, *scene, *pred, ScorePrediction(*scene, *pred, pc.Seed, pc.ScoreNoise), k + 1);
    }
    out.Semantic = MetricsOfSet(out.PerImage);
    return out;
}

} // namespace mlviz
