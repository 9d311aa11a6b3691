// Panoptic quality (panopticapi semantics) on hand-computed maps: void in the union, IoU > 0.5
// strictly, crowd regions, the unmatched-prediction rule and the category averages.
#include <catch2/catch.hpp>

#include "topics/segmentation/core/panoptic.h"

using namespace mlviz;

namespace {

PanopticMap Map(std::vector<std::int32_t> ids, std::vector<PanopticSegment> segs)
{
    PanopticMap m;
    m.Width = static_cast<int>(ids.size());
    m.Height = 1;
    m.Ids = std::move(ids);
    m.Segments = std::move(segs);
    return m;
}

const std::vector<PanopticCategory> kCats = {{10, true}, {20, false}, {30, true}};

} // namespace

TEST_CASE("panoptic: matching at IoU > 0.5 with void left out of the union", "[segmentation]")
{
    const PanopticMap gt =
        Map({1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 3, 3}, {{1, 10, true, false}, {2, 10, true, false}, {3, 20, false, false}});
    const PanopticMap pred = Map({5, 5, 5, 0, 6, 6, 7, 7, 7, 7, 8, 8},
                                 {{5, 10, true, false}, {6, 10, true, false}, {7, 10, true, false}, {8, 20, false, false}});
    const PanopticImagePair img{&gt, &pred};
    const auto r = ComputePanopticQuality({&img, 1}, kCats);
    REQUIRE(r.Ok());
    const PanopticImageResult& i = r->Images[0];
    REQUIRE(i.Tp.size() == 2);
    CHECK(i.Tp[0].GtId == 1);
    CHECK(i.Tp[0].Iou == 0.75); // 3 / (3 + 4 - 3)
    CHECK(i.Tp[1].Iou == 1.0);
    CHECK(i.Fn == std::vector<int>{2});
    CHECK(i.Fp == std::vector<int>{6, 7}); // 6: IoU 2/4 = .5 is not > .5; 7: (2 void of 4) = .5 is not > .5
    CHECK(i.Candidates.size() == 4);
    const PanopticClassStat& car = r->PerClass[0];
    CHECK(car.Tp == 1);
    CHECK(car.Fp == 2);
    CHECK(car.Fn == 1);
    CHECK(*car.Pq == Approx(0.3)); // .75 / (1 + 1 + .5)
    CHECK(*car.Sq == Approx(0.75));
    CHECK(*car.Rq == Approx(0.4));
    CHECK(*r->PerClass[1].Pq == 1.0);
    CHECK_FALSE(r->PerClass[2].Pq.has_value()); // no segment of category 30 anywhere
    CHECK(*r->All.Pq == Approx(0.65));
    CHECK(r->All.N == 2);
    CHECK(r->Things.N == 1);
    CHECK(*r->Things.Pq == Approx(0.3));
    CHECK(*r->Stuff.Pq == 1.0);
}

TEST_CASE("panoptic: a crowd region is never matched and excuses predictions on it", "[segmentation]")
{
    const PanopticMap gt =
        Map({1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 3, 3}, {{1, 10, true, false}, {2, 10, true, true}, {3, 20, false, false}});
    const PanopticMap pred = Map({5, 5, 5, 0, 6, 6, 7, 7, 7, 7, 8, 8},
                                 {{5, 10, true, false}, {6, 10, true, false}, {7, 10, true, false}, {8, 20, false, false}});
    const PanopticImagePair img{&gt, &pred};
    const auto r = ComputePanopticQuality({&img, 1}, kCats);
    REQUIRE(r.Ok());
    const PanopticImageResult& i = r->Images[0];
    CHECK(i.Fn.empty());
    CHECK(i.CrowdGt == std::vector<int>{2});
    CHECK(i.Fp.empty());
    REQUIRE(i.IgnoredPred.size() == 2);
    CHECK(i.IgnoredPred[0].VoidCrowdFraction == 1.0); // 6 lies on the crowd
    CHECK(i.IgnoredPred[1].VoidCrowdFraction == 1.0); // 7: 2 on crowd + 2 on void
    CHECK(*r->PerClass[0].Pq == Approx(0.75));
    CHECK(*r->PerClass[0].Rq == 1.0);
}

TEST_CASE("panoptic: statistics add up over images before the ratios", "[segmentation]")
{
    const PanopticMap gt = Map({1, 1, 1, 1}, {{1, 10, true, false}});
    const PanopticMap hit = Map({4, 4, 4, 0}, {{4, 10, true, false}});
    const PanopticMap miss = Map({0, 0, 0, 9}, {{9, 10, true, false}});
    const PanopticImagePair imgs[] = {{&gt, &hit}, {&gt, &miss}};
    const auto r = ComputePanopticQuality(imgs, kCats);
    REQUIRE(r.Ok());
    // TP 1 (IoU .75), FP 1, FN 1 over both images.
    CHECK(*r->PerClass[0].Pq == Approx(0.75 / 2.0));
    CHECK(*r->PerClass[0].Sq == Approx(0.75));
    CHECK(*r->PerClass[0].Rq == Approx(0.5));
    CHECK_FALSE(r->Stuff.Pq.has_value());
    CHECK(r->Stuff.N == 0);
}

TEST_CASE("panoptic: the checks of panopticapi", "[segmentation]")
{
    const PanopticMap gt = Map({1, 1}, {{1, 10, true, false}});
    const PanopticMap unlisted = Map({1, 2}, {{1, 10, true, false}});
    const PanopticMap empty_seg = Map({1, 1}, {{1, 10, true, false}, {2, 10, true, false}});
    const PanopticMap unknown_cat = Map({1, 1}, {{1, 99, true, false}});
    for (const PanopticMap* bad : {&unlisted, &empty_seg, &unknown_cat}) {
        const PanopticImagePair img{&gt, bad};
        CHECK_FALSE(ComputePanopticQuality({&img, 1}, kCats).Ok());
    }
    const PanopticMap wide = Map({1, 1, 1}, {{1, 10, true, false}});
    const PanopticImagePair img{&gt, &wide};
    CHECK_FALSE(ComputePanopticQuality({&img, 1}, kCats).Ok());
}

TEST_CASE("panoptic: the scene against itself is perfect, against a perturbation is not", "[segmentation]")
{
    const auto scene = GenerateScene(SceneConfig{});
    REQUIRE(scene.Ok());
    const PanopticMap gt = ToPanoptic(scene->Gt, CrowdIds(*scene));
    const PanopticMap same = ToPanoptic(scene->Full);
    const PanopticImagePair img{&gt, &same};
    const auto r = ComputePanopticQuality({&img, 1}, ScenePanopticCategories());
    REQUIRE(r.Ok());
    CHECK(*r->All.Pq == 1.0);
    CHECK(r->Images[0].IgnoredPred.size() == 1); // the crowd, predicted as an instance, is excused
}
