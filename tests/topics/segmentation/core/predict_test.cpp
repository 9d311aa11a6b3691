// Perturbations, scores, painting, the run-length edit text, and the scene's metric inputs.
#include <catch2/catch.hpp>

#include <chrono>

#include "topics/segmentation/core/evaluate.h"
#include "topics/segmentation/core/paint.h"

using namespace mlviz;

namespace {

Scene MakeScene(std::uint32_t seed = 1)
{
    SceneConfig c;
    c.Seed = seed;
    return *GenerateScene(c);
}

int CountInstance(const LabelMap& m, int id)
{
    int n = 0;
    for (std::uint16_t v : m.Instance) n += v == id;
    return n;
}

} // namespace

TEST_CASE("perturb: no perturbation predicts the full scene, scores follow IoU", "[segmentation]")
{
    const Scene s = MakeScene();
    PerturbConfig c;
    const auto p = PerturbPrediction(s, c);
    REQUIRE(p.Ok());
    CHECK(*p == s.Full);
    c.ScoreNoise = 0.0;
    for (const ScoredInstance& si : ScorePrediction(s, *p, 1, 0.0)) {
        CHECK(si.BestIou == 1.0);
        CHECK(si.Score == Approx(0.95));
    }
}

TEST_CASE("perturb: drop, split, merge, shift, morph, confuse, false positives", "[segmentation]")
{
    const Scene s = MakeScene();
    const int n = static_cast<int>(s.Instances.size());
    REQUIRE(n >= 4);
    PerturbConfig c;
    c.DropInstance = 2;
    CHECK(CountInstance(*PerturbPrediction(s, c), 2) == 0);

    c = PerturbConfig{};
    c.SplitInstance = 2;
    const LabelMap split = *PerturbPrediction(s, c);
    CHECK(CountInstance(split, n + 1) > 0);
    CHECK(CountInstance(split, 2) + CountInstance(split, n + 1) == CountInstance(s.Full, 2));

    c = PerturbConfig{};
    const int target = [&] { // an instance with another of its class to merge with
        for (const SceneInstance& a : s.Instances)
            for (const SceneInstance& b : s.Instances)
                if (a.Id != b.Id && a.Class == b.Class) return a.Id;
        return -1;
    }();
    REQUIRE(target > 0);
    c.MergeInstance = target;
    const LabelMap merged = *PerturbPrediction(s, c);
    CHECK(InstanceExtents(merged).size() == s.Instances.size() - 1);

    c = PerturbConfig{};
    c.ShiftX = 3;
    const LabelMap shifted = *PerturbPrediction(s, c);
    for (int y = 0; y < s.Full.Height; ++y)
        for (int x = 0; x + 3 < s.Full.Width; ++x)
            if (s.Full.Instance[s.Full.Index(x, y)] != 0)
                CHECK(shifted.Instance[shifted.Index(x + 3, y)] == s.Full.Instance[s.Full.Index(x, y)]);

    c = PerturbConfig{};
    c.Morph = 1;
    const LabelMap dilated = *PerturbPrediction(s, c);
    c.Morph = -1;
    const LabelMap eroded = *PerturbPrediction(s, c);
    int things = 0, grown = 0, shrunk = 0;
    for (std::size_t i = 0; i < s.Full.Size(); ++i) {
        things += s.Full.Instance[i] != 0;
        grown += dilated.Instance[i] != 0;
        shrunk += eroded.Instance[i] != 0;
        if (eroded.Instance[i] != 0) CHECK(eroded.Instance[i] == s.Full.Instance[i]);
    }
    CHECK(grown > things);
    CHECK(shrunk < things);

    c = PerturbConfig{};
    c.ConfuseFrom = kSegCar;
    c.ConfuseTo = kSegPerson;
    c.ConfuseFraction = 1.0;
    const LabelMap confused = *PerturbPrediction(s, c);
    for (std::size_t i = 0; i < s.Full.Size(); ++i) CHECK(confused.Class[i] != kSegCar);
    c.ConfuseFraction = 0.0;
    CHECK(*PerturbPrediction(s, c) == s.Full);

    c = PerturbConfig{};
    c.FalsePositives = 3;
    CHECK(MaxInstanceId(*PerturbPrediction(s, c)) == n + 3);

    c = PerturbConfig{};
    c.Morph = 9;
    CHECK_FALSE(PerturbPrediction(s, c).Ok());
}

TEST_CASE("paint: brush, erase, revert, fill and picker", "[segmentation]")
{
    const Scene s = MakeScene();
    EditLayer e = EditLayer::Empty(s.Full.Width, s.Full.Height);
    CHECK(PaintBrush(e, 10.5, 10.5, 1.0, {kSegCar, 7}) == 5); // the cell and its 4 neighbours
    LabelMap shown = ApplyEdits(s.Full, e);
    CHECK(PickAt(shown, 10, 10) == PaintValue{kSegCar, 7});
    CHECK(PickAt(shown, 11, 11) == PickAt(s.Full, 11, 11));
    CHECK(PaintErase(e, 10.5, 10.5, 0.5) == 1);
    CHECK(ApplyEdits(s.Full, e).Class[s.Full.Index(10, 10)] == kSegVoid);
    CHECK(PaintRevert(e, 10.5, 10.5, 3.0) == 5);
    CHECK(e.EditedCount() == 0);
    CHECK(PaintBrush(e, 5, 5, 2, {kSegSky, 3}) == 0); // sky has no instances: refused
    // Fill the sky region (4-connected) with building.
    const int sky_cells = [&] {
        int n = 0;
        for (auto c : s.Full.Class) n += c == kSegSky;
        return n;
    }();
    const int filled = PaintFill(e, s.Full, 0, 0, {kSegBuilding, 0});
    CHECK(filled > 0);
    CHECK(filled <= sky_cells);
    CHECK(PickAt(ApplyEdits(s.Full, e), 0, 0).Class == kSegBuilding);
}

TEST_CASE("paint: the run-length text round-trips and is bounded", "[segmentation]")
{
    EditLayer e = EditLayer::Empty(96, 64);
    const auto empty = EncodeEdits(e);
    REQUIRE(empty.Ok());
    CHECK(empty->size() <= 4);
    PaintBrush(e, 20, 20, 4, {kSegCar, 12});
    PaintBrush(e, 60, 30, 3, {kSegRoad, 0});
    PaintErase(e, 80, 50, 2);
    const auto text = EncodeEdits(e);
    REQUIRE(text.Ok());
    CHECK(text->size() < 200);
    const auto back = DecodeEdits(*text, 96, 64);
    REQUIRE(back.Ok());
    CHECK(*back == e);
    // Bad text: a foreign character, runs that do not fill the map, a bad class.
    CHECK_FALSE(DecodeEdits("A*", 96, 64).Ok());
    CHECK_FALSE(DecodeEdits("BA", 96, 64).Ok());
    CHECK_FALSE(DecodeEdits(*text, 96, 63).Ok());
    // A checkerboard of edits does not fit in a URL: the caller is told to use the PNG export.
    for (std::size_t i = 0; i < e.Cells.size(); ++i) e.Cells[i] = (i % 2) ? 3 : -1;
    CHECK_FALSE(EncodeEdits(e).Ok());
}

TEST_CASE("paint: masks survive the RGBA export and import", "[segmentation]")
{
    const Scene s = MakeScene();
    const auto back = LabelMapFromRgba(LabelMapToRgba(s.Gt), s.Gt.Width, s.Gt.Height);
    REQUIRE(back.Ok());
    CHECK(*back == s.Gt);
    auto rgba = LabelMapToRgba(s.Gt);
    rgba[0] = 17; // no such class
    CHECK_FALSE(LabelMapFromRgba(rgba, s.Gt.Width, s.Gt.Height).Ok());
}

TEST_CASE("evaluate: a perfect prediction scores 1 everywhere, the set shows two averages", "[segmentation]")
{
    const Scene s = MakeScene(4);
    const auto scored = ScorePrediction(s, s.Full, 1, 0.1);
    const auto coco = EvaluateCoco(SceneCocoInput(s, s.Full, scored, CocoIouType::Segm));
    REQUIRE(coco.Ok());
    CHECK(coco->Stats.Ap == Approx(1.0));
    const auto cm = SceneConfusion(s, s.Full);
    REQUIRE(cm.Ok());
    CHECK(*MetricsFromConfusion(*cm).MeanIou == 1.0);

    SceneSetConfig sc;
    sc.Perturb.Morph = -1;
    sc.Perturb.ShiftX = 2;
    const auto set = EvaluateSceneSet(sc);
    REQUIRE(set.Ok());
    CHECK(set->PerImage.size() == 6);
    CHECK(*set->Semantic.Accumulated.MeanIou != Approx(*set->Semantic.MeanMeanIou).epsilon(1e-9));
    CHECK(EvaluateCoco(set->Coco).Ok());
}

TEST_CASE("segmentation: one scene's full evaluation stays within a frame budget", "[segmentation]")
{
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    const Scene s = MakeScene(9);
    PerturbConfig pc;
    pc.Morph = 1;
    pc.FalsePositives = 2;
    const LabelMap pred = *PerturbPrediction(s, pc);
    const auto scored = ScorePrediction(s, pred, 1, 0.1);
    const auto coco = EvaluateCoco(SceneCocoInput(s, pred, scored, CocoIouType::Segm));
    const auto cm = SceneConfusion(s, pred);
    const std::vector<int> g = SemanticLabels(s.Gt), p = SemanticLabels(pred);
    const auto bf = ComputeBoundaryF1({96, 64, g}, {96, 64, p}, kSegNumClasses, kSegVoid, 2.0);
    const PanopticMap pg = ToPanoptic(s.Gt, CrowdIds(s)), pp = ToPanoptic(pred);
    const PanopticImagePair img{&pg, &pp};
    const auto pq = ComputePanopticQuality({&img, 1}, ScenePanopticCategories());
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    REQUIRE(coco.Ok());
    REQUIRE(cm.Ok());
    REQUIRE(bf.Ok());
    REQUIRE(pq.Ok());
    CHECK(ms < 50.0); // loose for sanitizer / debug builds; about 1 ms in release
}
