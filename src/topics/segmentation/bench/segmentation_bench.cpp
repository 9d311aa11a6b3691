// Core timings of the segmentation topic for mlviz-bench (bench/frame/core_bench.h): what the
// view redoes on an edit (prediction -> semantic, panoptic, scores), the boundary F1 at the widest
// tolerance, COCO mask AP of the scene and of the 12-scene set, the 91-threshold AP curve, and
// RoIAlign at the largest output and sampling the view allows.
#include <memory>

#include "bench/frame/core_bench.h"
#include "topics/segmentation/core/segmentation_state.h"

namespace mlviz {

void CoreBench_segmentation(CoreBenchList& out)
{
    struct Input {
        Scene S;
        LabelMap Pred;
        std::vector<ScoredInstance> Scored;
        FeatureMap Features;
    };
    auto in = std::make_shared<Input>();
    SegmentationState st;
    st.FalsePositives = kPerturbMaxFalsePositives;
    st.Cars = kSceneMaxCars;
    st.People = kSceneMaxPeople;
    st.Morph = 1;
    in->S = GenerateScene(SegSceneConfig(st)).Value();
    in->Pred = PerturbPrediction(in->S, SegPerturbConfig(st)).Value();
    in->Scored = ScorePrediction(in->S, in->Pred, 1, 0.1);
    in->Features = MakeFeatureMap(kSegRoiMaxMap, kSegRoiMaxMap, 3);

    out.push_back({"segmentation", "scene + perturbed prediction + confusion + PQ + scores (one edit)", 20, [in, st] {
                       const auto scene = GenerateScene(SegSceneConfig(st));
                       const auto pred = PerturbPrediction(*scene, SegPerturbConfig(st));
                       const auto cm = SceneConfusion(*scene, *pred);
                       const PanopticMap g = ToPanoptic(scene->Gt, CrowdIds(*scene)), p = ToPanoptic(*pred);
                       const PanopticImagePair pair{&g, &p};
                       const auto categories = ScenePanopticCategories();
                       volatile bool ok = ComputePanopticQuality(std::span<const PanopticImagePair>(&pair, 1), categories).Ok() &&
                           cm.Ok() && !ScorePrediction(*scene, *pred, 1, 0.1).empty();
                       (void)ok;
                   }});
    out.push_back({"segmentation", "boundary F1, 5 classes, tolerance 8", 20, [in] {
                       const std::vector<int> g = SemanticLabels(in->S.Gt), p = SemanticLabels(in->Pred);
                       volatile bool ok =
                           ComputeBoundaryF1({in->S.Gt.Width, in->S.Gt.Height, g}, {in->Pred.Width, in->Pred.Height, p},
                                             kSegNumClasses, kSegVoid, 8.0, kSegPerson)
                               .Ok();
                       (void)ok;
                   }});
    out.push_back({"segmentation", "COCO mask AP of one scene (8 cars, 12 people, 6 FP)", 20, [in] {
                       volatile double ap =
                           EvaluateCoco(SceneCocoInput(in->S, in->Pred, in->Scored, CocoIouType::Segm, 1, 8))->Stats.Ap;
                       (void)ap;
                   }});
    out.push_back({"segmentation", "AP against 91 IoU thresholds (the AP tab's curve)", 10, [in] {
                       auto ev =
                           CocoEvaluation::Start(SceneCocoInput(in->S, in->Pred, in->Scored, CocoIouType::Segm, 1, 8)).Value();
                       while (!ev.Done()) ev.Step(1e18);
                       double sum = 0.0;
                       for (int i = 0; i <= 90; ++i) sum += ev.CurveAt(0.05 + 0.01 * i, 1, 0, 2).Interpolated[0];
                       volatile double sink = sum;
                       (void)sink;
                   }});
    out.push_back({"segmentation", "12-scene set: semantic + COCO segm input", 5, [st] {
                       SegmentationState s = st;
                       s.Images = kSceneSetMaxImages;
                       volatile bool ok = EvaluateSceneSet(SegSetConfig(s)).Ok();
                       (void)ok;
                   }});
    out.push_back({"segmentation", "RoIAlign 14x14, sampling 8, on 24x24", 20, [in] {
                       RoiAlignConfig c;
                       c.OutputHeight = c.OutputWidth = kSegRoiMaxOutput;
                       c.SamplingRatio = kSegRoiMaxSampling;
                       c.SpatialScale = 1.0 / 16.0;
                       volatile bool ok = RoiAlign(in->Features, {10.3f, 7.9f, 370.2f, 351.7f}, c).Ok();
                       (void)ok;
                   }});
}

} // namespace mlviz
