// Detection metrics (hand-computed) and the detector-output simulator (determinism, bounds, and
// the crowd scene where greedy NMS loses a person that Soft-NMS keeps), and the view's state.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cmath>

#include "topics/nms/core/detections_sim.h"
#include "topics/nms/core/nms.h"
#include "topics/nms/core/nms_metrics.h"
#include "topics/nms/core/nms_state.h"

using namespace mlviz;

TEST_CASE("detection metrics: hand-computed TP, FP, FN and AP", "[nms]")
{
    const std::vector<LabeledBox> gt = {{{0, 0, 10, 10}, 0}, {{20, 0, 30, 10}, 0}, {{40, 0, 50, 10}, 1}};
    // d0 hits gt0 (IoU 1); d1 is a duplicate of gt0 (IoU 0.81 but gt0 is taken: FP); d2 hits gt1
    // with IoU 50/150 = 1/3 < 0.5 (FP); d3 is class 1 on gt2 (TP); d4 is the wrong class on gt1 (FP).
    const std::vector<LabeledBox> det = {
        {{0, 0, 10, 10}, 0}, {{1, 1, 10, 10}, 0}, {{25, 0, 35, 10}, 0}, {{40, 0, 50, 10}, 1}, {{20, 0, 30, 10}, 1}};
    const std::vector<double> scores = {0.9, 0.8, 0.7, 0.6, 0.5};
    std::vector<int> match;
    const DetectionMetrics m = EvaluateDetections(det, scores, gt, 0.5, 0.0, &match);
    CHECK(m.TruePositives == 2);
    CHECK(m.FalsePositives == 3);
    CHECK(m.FalseNegatives == 1);
    CHECK(m.Precision == Approx(0.4));
    CHECK(m.Recall == Approx(2.0 / 3.0));
    CHECK(match == std::vector<int>{0, -1, -1, 2, -1});
    // Class 0 in score order: TP, FP, FP over 2 objects -> AP 0.5; class 1: d3 (TP), d4 (FP)
    // over 1 object -> AP 1. Mean over classes 0.75.
    CHECK(m.AveragePrecision == Approx(0.75));
    // A score threshold counts only the confident ones (AP unchanged).
    const DetectionMetrics top = EvaluateDetections(det, scores, gt, 0.5, 0.75);
    CHECK(top.TruePositives == 1);
    CHECK(top.FalsePositives == 1);
    CHECK(top.FalseNegatives == 2);
    CHECK(top.AveragePrecision == Approx(0.75));
    // Nothing detected: zeros, never NaN.
    const DetectionMetrics none = EvaluateDetections({}, {}, gt, 0.5, 0.0);
    CHECK(none.Precision == 0.0);
    CHECK(none.Recall == 0.0);
    CHECK(none.FalseNegatives == 3);
}

TEST_CASE("AP with a recall gap and a precision dip", "[nms]")
{
    // 2 objects; detections in score order TP, FP, TP: precision 1, 1/2, 2/3 at recall 1/2, 1/2, 1
    // -> envelope 1, 2/3, 2/3 -> AP = 0.5 * 1 + 0.5 * 2/3 = 5/6.
    const std::vector<LabeledBox> gt = {{{0, 0, 10, 10}, 0}, {{20, 0, 30, 10}, 0}};
    const std::vector<LabeledBox> det = {{{0, 0, 10, 10}, 0}, {{60, 0, 70, 10}, 0}, {{20, 0, 30, 10}, 0}};
    const DetectionMetrics m = EvaluateDetections(det, std::vector<double>{0.9, 0.8, 0.7}, gt, 0.5, 0.0);
    CHECK(m.AveragePrecision == Approx(5.0 / 6.0));
}

TEST_CASE("boxes TSV parsing", "[nms]")
{
    const auto ok = ParseBoxesTsv("# header\ncar\t1\t2\t30\t40\nperson\t5\t5\t9\t20\ncar\t0\t0\t1\t1\n", 100, 50);
    REQUIRE(ok.Ok());
    REQUIRE(ok->Objects.size() == 3);
    CHECK(ok->ClassNames == std::vector<std::string>{"car", "person"});
    CHECK(ok->Objects[2].Class == 0);
    CHECK(ok->Objects[0].Bounds.X2 == 30.0f);
    CHECK(Text(ParseBoxesTsv("car\t1\t2\n", 100, 50).Error()).find("строка 1") != std::string::npos);
    CHECK(Text(ParseBoxesTsv("#\ncar\t10\t2\t5\t40\n", 100, 50).Error()).find("строка 2: у рамки x2 < x1") != std::string::npos);
}

TEST_CASE("the embedded street scene has its ground truth", "[nms]")
{
    const DetectionScene s = MakeDetectionScene(SimSceneKind::Street, 0, 0, 1);
    CHECK(s.Objects.size() == 11);
    CHECK(s.ClassNames.size() == 4);
}

TEST_CASE("simulator: deterministic, inside the scene, scores in (0, 1)", "[nms]")
{
    for (int kind = 0; kind < static_cast<int>(SimSceneKind::Count); ++kind) {
        const DetectionScene scene = MakeDetectionScene(static_cast<SimSceneKind>(kind), 12, 3, 4);
        DetectionSimConfig cfg;
        cfg.Seed = 17;
        cfg.BoxesPerObject = 7;
        cfg.FalsePositives = 9;
        cfg.ClassConfusion = 0.3;
        const SimulatedDetections a = SimulateDetections(scene, cfg), b = SimulateDetections(scene, cfg);
        REQUIRE(a.Boxes.size() == scene.Objects.size() * 7 + 9);
        CHECK(a.Scores == b.Scores);
        for (std::size_t i = 0; i < a.Boxes.size(); ++i) {
            CHECK(ValidateBox(a.Boxes[i]).Empty());
            CHECK(a.Boxes[i].X1 >= 0.0f);
            CHECK(a.Boxes[i].Y1 >= 0.0f);
            CHECK(a.Boxes[i].X2 <= scene.Width + 1e-3f);
            CHECK(a.Boxes[i].Y2 <= scene.Height + 1e-3f);
            CHECK(a.Scores[i] > 0.0f);
            CHECK(a.Scores[i] < 1.0f);
            CHECK(a.Classes[i] >= 0);
            CHECK(a.Classes[i] < static_cast<int>(scene.ClassNames.size()));
        }
        cfg.Seed = 18;
        CHECK(SimulateDetections(scene, cfg).Scores != a.Scores);
    }
    // Extreme settings are clamped, never a crash or a hang.
    DetectionSimConfig wild;
    wild.BoxesPerObject = 1 << 20;
    wild.FalsePositives = -5;
    wild.PositionJitter = 1e9;
    const DetectionScene crowd = MakeDetectionScene(SimSceneKind::Crowd, 0, 0, 1);
    CHECK(SimulateDetections(crowd, wild).Boxes.size() == crowd.Objects.size() * kSimMaxBoxesPerObject);
}

TEST_CASE("crowd scene: greedy NMS loses a person that Gaussian Soft-NMS keeps", "[nms]")
{
    const DetectionScene scene = MakeDetectionScene(SimSceneKind::Crowd, 0, 0, 1);
    CHECK(IoU(scene.Objects[0].Bounds, scene.Objects[1].Bounds) == Approx(24640.0 / 32560.0));
    // Over 20 seeds of the default simulator: recall of the two overlapping people after NMS,
    // counting detections with score >= 0.3 (a typical display threshold).
    int greedy_found = 0, soft_found = 0;
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
        DetectionSimConfig cfg;
        cfg.Seed = seed;
        const SimulatedDetections d = SimulateDetections(scene, cfg);
        for (NmsMethod m : {NmsMethod::Greedy, NmsMethod::SoftGaussian}) {
            NmsOptions o;
            o.Method = m;
            o.IouThreshold = 0.5;
            const auto r = RunNms({d.Boxes, d.Scores, d.Classes}, o);
            REQUIRE(r.Ok());
            std::vector<LabeledBox> dets;
            for (int i : r->Keep) dets.push_back({d.Boxes[i], d.Classes[i]});
            const std::vector<LabeledBox> pair(scene.Objects.begin(), scene.Objects.begin() + 2);
            const DetectionMetrics met = EvaluateDetections(dets, r->Scores, pair, 0.5, 0.3);
            (m == NmsMethod::Greedy ? greedy_found : soft_found) += met.TruePositives;
        }
    }
    CHECK(soft_found >= 38);                // Soft-NMS finds both people nearly always
    CHECK(greedy_found <= soft_found - 10); // greedy NMS misses one in many scenes
}

TEST_CASE("NMS view state: clamping and options", "[nms]")
{
    NmsState s;
    s.Scene = 99;
    s.Method = -3;
    s.IouThreshold = std::nanf("");
    s.Sigma = 1e9f;
    s.BoxesPerObject = 1 << 20;
    s.FalsePositives = -1;
    s.Speed = INFINITY;
    s.Step = -7;
    ClampNmsState(s);
    CHECK(s.Scene == static_cast<int>(SimSceneKind::Count) - 1);
    CHECK(s.Method == 0);
    CHECK(s.IouThreshold == NmsState().IouThreshold); // NaN -> the default
    CHECK(s.Sigma == 2.0f);
    CHECK(s.BoxesPerObject == kNmsUiMaxBoxesPerObject);
    CHECK(s.FalsePositives == 0);
    CHECK(s.Speed == NmsState().Speed);
    CHECK(s.Step == -1);
    // The UI caps keep a traced run small: at most 600 candidate boxes.
    CHECK(kNmsUiMaxObjects * kNmsUiMaxBoxesPerObject + kNmsUiMaxFalsePositives <= 600);

    NmsState a, b;
    b.IouThreshold = 0.7f;
    CHECK(SameNmsDetections(a, b));
    CHECK(!SameNmsRuns(a, b));
    b = a;
    b.PositionJitter = 0.2f;
    CHECK(SameNmsScene(a, b));
    CHECK(!SameNmsDetections(a, b));
    const NmsOptions o = NmsOptionsFor(a, static_cast<int>(NmsMethod::DIoU));
    CHECK(o.Method == NmsMethod::DIoU);
    CHECK(o.IouThreshold == Approx(0.5));
    CHECK(o.ClassAware);
}
