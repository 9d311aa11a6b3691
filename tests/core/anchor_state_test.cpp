// The anchor topic's URL state: round trips, defaults omitted, bad values clamped or ignored.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "core/anchor.h"
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

TEST_CASE("Anchor state: ClampAnchorsState turns typed NaN and inf into usable values", "[anchor]")
{
    // A slider opened for typing takes "nan" or "inf"; std::clamp lets a NaN through, and one
    // NaN anchor size made NaN anchor corners in the view.
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    AnchorsState s;
    s.Gen.Sizes = {nan, inf, -inf, 2.0f};
    s.Gen.SizeCount = 4;
    s.Gen.Ratios = {nan, 0.0f, 1e30f, 1.0f, nan};
    s.Gen.RatioCount = 5;
    s.Match.High = nan;
    s.Match.Low = nan;
    s.Match.Ignore = -inf;
    s.Fcos.Radius = nan;
    s.GtCount = 2;
    s.Gt[0] = GtBox{nan, 5, 3, inf, 9};
    s.Gt[1] = GtBox{10, 20, 30, 40, 1};
    s.Selected = 7;
    ClampAnchorsState(s);
    const AnchorsState d;
    CHECK(s.Gen.Sizes[0] == d.Gen.Sizes[0]);   // NaN: the default
    CHECK(s.Gen.Sizes[1] == d.Gen.Sizes[1]);   // +-inf: not a number either
    CHECK(s.Gen.Sizes[2] == d.Gen.Sizes[2]);
    CHECK(s.Gen.Sizes[3] == 4.0f);             // finite: clamped to [4, 1024]
    CHECK(s.Gen.Ratios[0] == d.Gen.Ratios[0]);
    CHECK(s.Gen.Ratios[1] == 0.2f);
    CHECK(s.Gen.Ratios[2] == 5.0f);
    CHECK(s.Gen.Ratios[4] == d.Gen.Ratios[4]);
    CHECK(s.Match.High == d.Match.High);
    CHECK(s.Match.Low == d.Match.Low);
    CHECK(s.Match.Ignore == d.Match.Ignore);
    CHECK(s.Fcos.Radius == d.Fcos.Radius);
    CHECK(s.Gt[0] == GtBox{0, 0, 3, 5, 4});   // non-finite corners: 0, then ordered; kind clamped
    CHECK(s.Gt[1] == GtBox{10, 20, 30, 40, 1});
    CHECK(s.Selected == -1);
    // What the view builds anchors from is now valid, and the link it shares opens cleanly.
    std::vector<double> sizes(s.Gen.Sizes.begin(), s.Gen.Sizes.begin() + s.Gen.SizeCount);
    std::vector<double> ratios(s.Gen.Ratios.begin(), s.Gen.Ratios.begin() + s.Gen.RatioCount);
    CHECK(ValidateAnchorParams(sizes, ratios).empty());
    s.GtEdited = true;
    const std::string text = AnchorsStateSchema().Encode(s, AnchorsState());
    INFO(text);
    AnchorsState back;
    CHECK(AnchorsStateSchema().Decode(ParseKeyValues(text), back).empty());
    CHECK(back.Gen == s.Gen);
    CHECK(back.Match == s.Match);
}

TEST_CASE("Anchor state: ClampAnchorsState keeps low <= high and drops non-finite shapes", "[anchor]")
{
    AnchorsState s;
    s.Match.High = 0.3f;
    s.Match.Low = 0.6f;
    s.Gen.UseShapes = true;
    s.Gen.ShapeCount = 2;
    s.Gen.Shapes[0] = 10.0f; s.Gen.Shapes[1] = 13.0f; s.Gen.Shapes[2] = std::numeric_limits<float>::quiet_NaN(); s.Gen.Shapes[3] = 23.0f;
    ClampAnchorsState(s);
    CHECK(s.Match.Low == 0.3f);
    CHECK_FALSE(s.Gen.UseShapes);
    CHECK(s.Gen.ShapeCount == 0);
    s.Match.High = std::numeric_limits<float>::quiet_NaN();
    s.Match.Low = 0.45f;
    ClampAnchorsState(s);
    CHECK(s.Match.High == AnchorMatchState().High);
    CHECK(s.Match.Low == 0.45f);
}

TEST_CASE("Anchor state: ClampAnchorsState leaves a state in range as it is", "[anchor]")
{
    AnchorsState s;
    s.Gen.Sizes = {4.0f, 32.5f, 1024.0f, 128.0f};
    s.Gen.UseShapes = true;
    s.Gen.ShapeCount = 1;
    s.Gen.Shapes[0] = 1.0f;
    s.Gen.Shapes[1] = 2048.0f;
    s.Match.High = 0.7f;
    s.Match.Low = 0.7f;
    s.Fcos.Radius = 0.1f;
    s.GtCount = 1;
    s.Gt[0] = GtBox{0, 0, 640, 480, 2};
    s.Selected = 0;
    s.InspectX = 639;
    AnchorsState c = s;
    ClampAnchorsState(c);
    CHECK(c.Gen == s.Gen);
    CHECK(c.Match == s.Match);
    CHECK(c.Fcos == s.Fcos);
    CHECK(c.Scene == s.Scene);
    CHECK(c.Gt[0] == s.Gt[0]);
    CHECK(c.Selected == 0);
    CHECK(c.InspectX == 639);
}
