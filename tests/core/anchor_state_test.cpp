// The anchor topic's URL state: round trips, defaults omitted, bad values clamped or ignored.
#include <catch2/catch.hpp>

#include "core/anchor_state.h"
#include "core/deeplink.h"

using namespace mlviz;

TEST_CASE("Anchor state: defaults encode to nothing", "[anchor]")
{
    CHECK(AnchorsStateSchema().Encode(AnchorsState(), AnchorsState()).empty());
}

TEST_CASE("Anchor state: round trip of every kind of field", "[anchor]")
{
    AnchorsState s;
    s.Scene.Kind = static_cast<int>(AnchorSceneKind::Street);
    s.GtCount = 2;
    s.Gt[0] = GtBox{10, 20, 110, 70, 1};
    s.Gt[1] = GtBox{0.5f, 1, 2, 3.25f, 4};
    s.GtEdited = true;
    s.Gen.Preset = static_cast<int>(MatchPreset::Custom);
    s.Gen.Level = 3;
    s.Gen.CustomStride = true;
    s.Gen.Stride = 12;
    s.Gen.Convention = static_cast<int>(AnchorConvention::Torchvision);
    s.Gen.SizeCount = 2;
    s.Gen.Sizes[0] = 24;
    s.Gen.Sizes[1] = 48.5f;
    s.Gen.RatioCount = 1;
    s.Gen.Ratios[0] = 0.25f;
    s.Gen.UseShapes = true;
    s.Gen.ShapeCount = 2;
    s.Gen.Shapes[0] = 10; s.Gen.Shapes[1] = 13; s.Gen.Shapes[2] = 33; s.Gen.Shapes[3] = 23;
    s.Match.Rule = static_cast<int>(MatchRule::YoloBest);
    s.Match.High = 0.65f;
    s.Match.Low = 0.35f;
    s.Match.LowQuality = false;
    s.Fcos.CenterSampling = false;
    s.Fcos.Radius = 2.5f;
    s.KMeans.K = 5;
    s.OneLocation = true;
    s.InspectX = 120;
    s.InspectY = 80;
    s.Tab = static_cast<int>(AnchorTab::Fcos);
    const std::string text = AnchorsStateSchema().Encode(s, AnchorsState());
    INFO(text);
    CHECK(text.find("gt=10,20,110,70,car_0.5,1,2,3.25,ball") != std::string::npos);
    CHECK(text.find("e+") == std::string::npos);   // whole numbers stay whole
    AnchorsState back;
    CHECK(AnchorsStateSchema().Decode(ParseKeyValues(text), back).empty());
    CHECK(back.Scene == s.Scene);
    CHECK(back.GtCount == 2);
    CHECK(back.Gt[0] == s.Gt[0]);
    CHECK(back.Gt[1] == s.Gt[1]);
    CHECK(back.GtEdited);
    CHECK(back.Gen == s.Gen);
    CHECK(back.Match == s.Match);
    CHECK(back.Fcos == s.Fcos);
    CHECK(back.KMeans == s.KMeans);
    CHECK(back.OneLocation);
    CHECK(back.InspectX == 120);
    CHECK(back.Tab == s.Tab);
    // And the text is stable.
    CHECK(AnchorsStateSchema().Encode(back, AnchorsState()) == text);
}

TEST_CASE("Anchor state: bad values are clamped or ignored with notices", "[anchor]")
{
    AnchorsState s;
    const auto notices = AnchorsStateSchema().Decode(
        ParseKeyValues("level=9&high=1e999&sizes=1,2000&ratios=x&shapes=10,20,30&gt=5,5,1,1,car_bad;3,3,4,4,tree&stride=2&preset=ssd"), s);
    CHECK(notices.size() == 8);
    CHECK(s.Gen.Level == kAnchorMaxLevel);
    CHECK(s.Match.High == 0.5f);            // unchanged: not a finite number
    CHECK(s.Gen.SizeCount == 2);
    CHECK(s.Gen.Sizes[0] == 4.0f);          // clamped to [4, 1024]
    CHECK(s.Gen.Sizes[1] == 1024.0f);
    CHECK(s.Gen.RatioCount == 3);           // unchanged
    CHECK_FALSE(s.Gen.UseShapes);           // odd count rejected
    REQUIRE(s.GtCount == 2);                // the bad item skipped, ';' accepted as separator
    CHECK(s.Gt[0] == GtBox{1, 1, 5, 5, 1}); // corners put in order
    CHECK(s.Gt[1].Kind == 2);
    CHECK(s.Gen.CustomStride);
    CHECK(s.Gen.Stride == 4);
    CHECK(s.Gen.Preset == static_cast<int>(MatchPreset::RetinaNet));
    AnchorsState none;
    CHECK(AnchorsStateSchema().Decode(ParseKeyValues("gt=none"), none).empty());
    CHECK(none.GtCount == 0);
    CHECK(none.GtEdited);
}
