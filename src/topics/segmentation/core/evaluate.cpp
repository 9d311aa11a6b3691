// Scene -> metric inputs, and the generated set of scenes.
#include "topics/segmentation/core/evaluate.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

namespace {

CocoMask MaskOf(const LabelMap& map, int id)
{
    return CocoMask{map.Width, map.Height, InstanceMask(map, id)};
}

} // namespace

void AppendSceneCoco(CocoInput& in, const Scene& scene, const LabelMap& prediction, const std::vector<ScoredInstance>& scored,
                     int image_id)
{
    const double side = std::sqrt(in.MaskCellArea);
    auto scaled = [&](std::array<double, 4> b) {
        for (double& v : b) v *= side;
        return b;
    };
    for (const InstanceExtent& e : InstanceExtents(scene.Gt)) {
        CocoAnnotation a;
        a.ImageId = image_id;
        a.CategoryId = e.Class;
        a.Bbox = scaled(e.Bbox);
        a.Area = static_cast<double>(e.Area) * in.MaskCellArea;
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
        a.Bbox = scaled(s.Bbox);
        a.Score = s.Score;
        if (in.Type == CocoIouType::Segm) {
            a.Mask = static_cast<int>(in.Masks.size());
            in.Masks.push_back(MaskOf(prediction, s.Id));
        }
        in.Dt.push_back(a);
    }
}

CocoInput SceneCocoInput(const Scene& scene, const LabelMap& prediction, const std::vector<ScoredInstance>& scored,
                         CocoIouType type, int image_id, int cell_px)
{
    CocoInput in;
    in.Type = type;
    in.MaskCellArea = static_cast<double>(std::max(cell_px, 1)) * std::max(cell_px, 1);
    AppendSceneCoco(in, scene, prediction, scored, image_id);
    return in;
}

Result<ConfusionMatrix> SceneConfusion(const Scene& scene, const LabelMap& prediction)
{
    const std::vector<int> g = SemanticLabels(scene.Gt), p = SemanticLabels(prediction);
    return ComputeConfusion({scene.Gt.Width, scene.Gt.Height, g}, {prediction.Width, prediction.Height, p}, kSegNumClasses,
                            kSegVoid);
}

Result<SceneSetJob> SceneSetJob::Start(const SceneSetConfig& c)
{
    if (c.Images < 1 || c.Images > kSceneSetMaxImages)
        return Result<SceneSetJob>::Fail(Msg("поле '%s' должно быть в [%d, %d]", "images", 1, kSceneSetMaxImages));
    if (Message why = ValidateSceneConfig(c.Scene); !why.Empty()) return Result<SceneSetJob>::Fail(why);
    if (Message why = ValidatePerturbConfig(c.Perturb); !why.Empty()) return Result<SceneSetJob>::Fail(why);
    SceneSetJob job;
    job.Config_ = c;
    job.Out_.Coco.Type = CocoIouType::Segm;
    return job;
}

Message SceneSetJob::Step(int images)
{
    for (int n = 0; n < std::max(images, 1) && !Done(); ++n) {
        const int k = Next_;
        SceneConfig sc = Config_.Scene;
        sc.Seed = Config_.Scene.Seed + static_cast<std::uint32_t>(k);
        PerturbConfig pc = Config_.Perturb;
        pc.Seed = Config_.Perturb.Seed + static_cast<std::uint32_t>(k);
        const auto scene = GenerateScene(sc);
        const auto pred = scene ? PerturbPrediction(*scene, pc) : Result<LabelMap>::Fail(scene.Error());
        const auto cm = pred ? SceneConfusion(*scene, *pred) : Result<ConfusionMatrix>::Fail(pred.Error());
        if (!cm) {
            Failure_ = cm.Error();
            return Failure_;
        }
        Out_.PerImage.push_back(*cm);
        AppendSceneCoco(Out_.Coco, *scene, *pred, ScorePrediction(*scene, *pred, pc.Seed, pc.ScoreNoise), k + 1);
        if (++Next_ == Config_.Images) Out_.Semantic = MetricsOfSet(Out_.PerImage);
    }
    return {};
}

Result<SceneSetResult> EvaluateSceneSet(const SceneSetConfig& config)
{
    auto job = SceneSetJob::Start(config);
    if (!job) return Result<SceneSetResult>::Fail(job.Error());
    if (Message why = (*job).Step(kSceneSetMaxImages); !why.Empty()) return Result<SceneSetResult>::Fail(why);
    return job->Output();
}

} // namespace mlviz
