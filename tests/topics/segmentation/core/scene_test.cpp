// The synthetic street scene and its three annotation views (semantic, instance, panoptic).
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "topics/segmentation/core/scene.h"

using namespace mlviz;

TEST_CASE("segmentation scene: seeded, deterministic, every class present", "[segmentation]")
{
    SceneConfig c;
    const auto a = GenerateScene(c), b = GenerateScene(c);
    REQUIRE(a.Ok());
    REQUIRE(b.Ok());
    CHECK(a->Gt == b->Gt);
    CHECK(a->Gt.Width == 96);
    CHECK(a->Gt.Height == 64);
    c.Seed = 2;
    CHECK_FALSE(GenerateScene(c)->Gt == a->Gt);

    std::set<int> classes(a->Gt.Class.begin(), a->Gt.Class.end());
    CHECK(classes == std::set<int>{kSegRoad, kSegSky, kSegBuilding, kSegCar, kSegPerson});
    // Sky is above the road: the top row has no road, the bottom row no sky.
    for (int x = 0; x < 96; ++x) {
        CHECK(a->Gt.Class[a->Gt.Index(x, 0)] != kSegRoad);
        CHECK(a->Gt.Class[a->Gt.Index(x, 63)] != kSegSky);
    }
}

TEST_CASE("segmentation scene: instances are visible, numbered 1..n, one class each", "[segmentation]")
{
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
        SceneConfig c;
        c.Seed = seed;
        const auto s = GenerateScene(c);
        REQUIRE(s.Ok());
        const auto ext = InstanceExtents(s->Gt);
        REQUIRE(ext.size() == s->Instances.size());
        int crowds = 0;
        for (std::size_t k = 0; k < ext.size(); ++k) {
            CHECK(ext[k].Id == static_cast<int>(k) + 1);
            CHECK(ext[k].Class == s->Instances[k].Class);
            CHECK(ext[k].Area >= 6);
            crowds += s->Instances[k].Crowd ? 1 : 0;
        }
        CHECK(crowds <= 1);
        for (std::size_t i = 0; i < s->Gt.Size(); ++i) {
            const int id = s->Gt.Instance[i];
            CHECK((id != 0) == SegIsThing(s->Gt.Class[i]));
            if (id != 0) CHECK(s->Gt.Class[i] == s->Instances[id - 1].Class);
        }
    }
}

TEST_CASE("segmentation scene: the void border surrounds things and leaves them whole", "[segmentation]")
{
    SceneConfig c;
    c.VoidBorder = 1;
    const auto s = GenerateScene(c);
    REQUIRE(s.Ok());
    int voids = 0;
    for (int y = 0; y < s->Gt.Height; ++y)
        for (int x = 0; x < s->Gt.Width; ++x) {
            const std::size_t i = s->Gt.Index(x, y);
            if (SegIsThing(s->Full.Class[i])) CHECK(s->Gt.Class[i] == s->Full.Class[i]);
            if (s->Gt.Class[i] != kSegVoid) continue;
            ++voids;
            bool near_thing = false;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx)
                    near_thing = near_thing ||
                        (s->Full.Inside(x + dx, y + dy) && SegIsThing(s->Full.Class[s->Full.Index(x + dx, y + dy)]));
            CHECK(near_thing);
        }
    CHECK(voids > 20);
}

TEST_CASE("segmentation scene: panoptic view has a segment per instance and per stuff class", "[segmentation]")
{
    const auto s = GenerateScene(SceneConfig{});
    REQUIRE(s.Ok());
    const PanopticMap pan = ToPanoptic(s->Gt, CrowdIds(*s));
    CHECK(pan.Segments.size() == s->Instances.size() + 3);
    for (const PanopticSegment& seg : pan.Segments) {
        if (seg.IsThing) {
            CHECK(seg.Id == s->Instances[seg.Id - 1].Id);
            CHECK(seg.Crowd == s->Instances[seg.Id - 1].Crowd);
        } else {
            CHECK(seg.Id == kSegStuffSegmentBase + seg.Category);
        }
    }
    for (std::size_t i = 0; i < pan.Ids.size(); ++i) CHECK((pan.Ids[i] == 0) == (s->Gt.Class[i] == kSegVoid));
}

TEST_CASE("segmentation scene: bad sizes are refused", "[segmentation]")
{
    SceneConfig c;
    c.Width = 8;
    CHECK_FALSE(GenerateScene(c).Ok());
    c = SceneConfig{};
    c.People = 100;
    CHECK_FALSE(GenerateScene(c).Ok());
}
