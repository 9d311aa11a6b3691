// The anchor topic's URL state: round trips, defaults omitted, bad values clamped or ignored,
// links relative to the preset and level (a preset's own settings are not written).
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "topics/anchors/core/anchor.h"
#include "topics/anchors/core/anchor_scene.h"
#include "topics/anchors/core/anchor_state.h"
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
    s.Gen.Shapes[0] = 10;
    s.Gen.Shapes[1] = 13;
    s.Gen.Shapes[2] = 33;
    s.Gen.Shapes[3] = 23;
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
    CHECK(text.find("e+") == std::string::npos); // whole numbers stay whole
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
        ParseKeyValues(
            "level=9&high=1e999&sizes=1,2000&ratios=x&shapes=10,20,30&gt=5,5,1,1,car_bad;3,3,4,4,tree&stride=2&preset=ssd"),
        s);
    CHECK(notices.size() == 8);
    CHECK(s.Gen.Level == kAnchorMaxLevel);
    CHECK(s.Match.High == 0.5f); // unchanged: not a finite number
    CHECK(s.Gen.SizeCount == 2);
    CHECK(s.Gen.Sizes[0] == 4.0f); // clamped to [4, 1024]
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
    CHECK(s.Gen.Sizes[0] == d.Gen.Sizes[0]); // NaN: the default
    CHECK(s.Gen.Sizes[1] == d.Gen.Sizes[1]); // +-inf: not a number either
    CHECK(s.Gen.Sizes[2] == d.Gen.Sizes[2]);
    CHECK(s.Gen.Sizes[3] == 4.0f); // finite: clamped to [4, 1024]
    CHECK(s.Gen.Ratios[0] == d.Gen.Ratios[0]);
    CHECK(s.Gen.Ratios[1] == 0.2f);
    CHECK(s.Gen.Ratios[2] == 5.0f);
    CHECK(s.Gen.Ratios[4] == d.Gen.Ratios[4]);
    CHECK(s.Match.High == d.Match.High);
    CHECK(s.Match.Low == d.Match.Low);
    CHECK(s.Match.Ignore == d.Match.Ignore);
    CHECK(s.Fcos.Radius == d.Fcos.Radius);
    CHECK(s.Gt[0] == GtBox{0, 0, 3, 5, 4}); // non-finite corners: 0, then ordered; kind clamped
    CHECK(s.Gt[1] == GtBox{10, 20, 30, 40, 1});
    CHECK(s.Selected == -1);
    // What the view builds anchors from is now valid, and the link it shares opens cleanly.
    std::vector<double> sizes(s.Gen.Sizes.begin(), s.Gen.Sizes.begin() + s.Gen.SizeCount);
    std::vector<double> ratios(s.Gen.Ratios.begin(), s.Gen.Ratios.begin() + s.Gen.RatioCount);
    CHECK(ValidateAnchorParams(sizes, ratios).Empty());
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
    s.Gen.Shapes[0] = 10.0f;
    s.Gen.Shapes[1] = 13.0f;
    s.Gen.Shapes[2] = std::numeric_limits<float>::quiet_NaN();
    s.Gen.Shapes[3] = 23.0f;
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
    s.Fcos.Radius = 0.5f;
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

namespace {

// What choosing preset `p` and then level `level` in the view gives, from the default state.
AnchorsState ChosenPreset(MatchPreset p, int level)
{
    AnchorsState s;
    s.Gen.Preset = static_cast<int>(p);
    s.Gen.Level = level;
    s.Match = PresetMatchState(p);
    SetPresetLevelAnchors(s.Gen);
    return s;
}

AnchorsState Decoded(const std::string& fragment, std::vector<std::string>* notices = nullptr)
{
    AnchorsState s;
    std::vector<std::string> n = Texts(DecodeAnchorsState(ParseKeyValues(fragment), s));
    if (notices) *notices = n;
    return s;
}

// "preset=yolo&level=3", without the default preset (RetinaNet) or level (P4).
std::string PlaceLink(MatchPreset p, int level)
{
    std::string out;
    if (p != MatchPreset::RetinaNet) out = "preset=" + std::string(PresetName(p));
    if (level != AnchorGenState().Level) out += (out.empty() ? "" : "&") + std::string("level=") + std::to_string(level);
    return out;
}

constexpr MatchPreset kPresets[] = {MatchPreset::FasterRcnnRpn, MatchPreset::RetinaNet, MatchPreset::Yolo, MatchPreset::Custom};

} // namespace

TEST_CASE("Anchor link: the default state is its own base and encodes to nothing", "[anchor]")
{
    CHECK(AnchorsBaseState(AnchorGenState()) == AnchorsState());
    CHECK(ChosenPreset(MatchPreset::RetinaNet, 4) == AnchorsState());
    CHECK(EncodeAnchorsState(AnchorsState()).empty());
    std::vector<std::string> notices;
    CHECK(Decoded("", &notices) == AnchorsState());
    CHECK(notices.empty());
}

TEST_CASE("Anchor link: a preset at a level is only its name and level", "[anchor]")
{
    for (MatchPreset p : kPresets) {
        for (int level = kAnchorMinLevel; level <= kAnchorMaxLevel; ++level) {
            const AnchorsState s = ChosenPreset(p, level);
            const std::string link = EncodeAnchorsState(s);
            INFO(PresetName(p) << " P" << level << ": " << link);
            CHECK(link == PlaceLink(p, level));
            std::vector<std::string> notices;
            CHECK(Decoded(link, &notices) == s);
            CHECK(notices.empty());
        }
    }
    // The anchors really are the level's: RPN's one size doubles per level, YOLO has shapes.
    CHECK(ChosenPreset(MatchPreset::FasterRcnnRpn, 5).Gen.Sizes[0] == 256.0f);
    CHECK(ChosenPreset(MatchPreset::FasterRcnnRpn, 5).Gen.SizeCount == 1);
    CHECK(ChosenPreset(MatchPreset::RetinaNet, 3).Gen.Sizes[1] == 40.0f);
    const AnchorsState yolo = ChosenPreset(MatchPreset::Yolo, 3);
    CHECK(yolo.Gen.UseShapes);
    CHECK(yolo.Gen.ShapeCount == 3);
    CHECK(yolo.Gen.Shapes[4] == 33.0f);
    CHECK(yolo.Match.Rule == static_cast<int>(MatchRule::YoloBest));
    CHECK_FALSE(yolo.Match.LowQuality);
}

TEST_CASE("Anchor link: a preset at a custom stride takes the nearest level's anchors", "[anchor]")
{
    for (MatchPreset p : kPresets) {
        for (int stride : {4, 6, 12, 24, 100, 256}) {
            AnchorsState s = ChosenPreset(p, 4);
            s.Gen.CustomStride = true;
            s.Gen.Stride = stride;
            SetPresetLevelAnchors(s.Gen);
            const std::string link = EncodeAnchorsState(s);
            INFO(PresetName(p) << " stride " << stride << ": " << link);
            const std::string place = PlaceLink(p, 4);
            CHECK(link == place + (place.empty() ? "" : "&") + "stride=" + std::to_string(stride));
            CHECK(Decoded(link) == s);
        }
    }
    // 24 px lies nearer 32 (P5) than 16 (P4) in log scale: RPN's P5 size.
    AnchorGenState g;
    g.Preset = static_cast<int>(MatchPreset::FasterRcnnRpn);
    g.CustomStride = true;
    g.Stride = 24;
    SetPresetLevelAnchors(g);
    CHECK(g.Sizes[0] == 256.0f);
}

TEST_CASE("Anchor link: an edited preset writes only its edits, long links still open", "[anchor]")
{
    AnchorsState s = ChosenPreset(MatchPreset::Yolo, 3);
    s.Match.High = 0.6f;
    CHECK(EncodeAnchorsState(s) == "preset=yolo&level=3&high=0.6");
    CHECK(Decoded("preset=yolo&level=3&high=0.6") == s);
    // The long form older links had: every setting written against the RetinaNet P4 default.
    std::vector<std::string> notices;
    CHECK(Decoded("preset=yolo&level=3&shapes=10,13,16,30,33,23&rule=yolo&high=0.6&low=0.5&lq=0", &notices) == s);
    CHECK(notices.empty());
    // Key order does not matter: the base comes from preset, level and stride wherever they stand.
    CHECK(Decoded("high=0.6&level=3&preset=yolo") == s);
}

TEST_CASE("Anchor link: keys a link leaves out are the preset's", "[anchor]")
{
    const AnchorsState rpn = ChosenPreset(MatchPreset::FasterRcnnRpn, 5);
    // Only sizes: the preset's ratios and matcher stay.
    const AnchorsState sizes = Decoded("preset=rpn&level=5&sizes=100,300");
    CHECK(sizes.Gen.SizeCount == 2);
    CHECK(sizes.Gen.Sizes[1] == 300.0f);
    CHECK(sizes.Gen.RatioCount == rpn.Gen.RatioCount);
    CHECK(sizes.Gen.Ratios == rpn.Gen.Ratios);
    CHECK(sizes.Match == rpn.Match);
    CHECK(sizes.Match.High == 0.7f);
    // Only ratios: the level's size stays (one size of 256 px on P5, not the default three).
    const AnchorsState ratios = Decoded("preset=rpn&level=5&ratios=1");
    CHECK(ratios.Gen.RatioCount == 1);
    CHECK(ratios.Gen.SizeCount == 1);
    CHECK(ratios.Gen.Sizes[0] == 256.0f);
    // YOLO without its shapes: "shapes=" turns them off, and that round-trips.
    AnchorsState no_shapes = ChosenPreset(MatchPreset::Yolo, 4);
    no_shapes.Gen.UseShapes = false;
    CHECK(EncodeAnchorsState(no_shapes) == "preset=yolo&shapes=");
    std::vector<std::string> notices;
    CHECK(Decoded("preset=yolo&shapes=", &notices) == no_shapes);
    CHECK(notices.empty());
    // Custom is relative to the defaults, not to the preset it was edited from.
    CHECK(Decoded("preset=custom&level=3").Gen.Sizes == AnchorGenState().Sizes);
    CHECK(Decoded("preset=custom&level=3").Match == AnchorMatchState());
}

TEST_CASE("Anchor link: bad place keys give one notice each and a valid base", "[anchor]")
{
    std::vector<std::string> notices;
    const AnchorsState s = Decoded("preset=ssd&level=9&stride=x&high=2", &notices);
    CHECK(notices.size() == 4);
    CHECK(s.Gen.Preset == static_cast<int>(MatchPreset::RetinaNet));
    CHECK(s.Gen.Level == kAnchorMaxLevel);
    CHECK_FALSE(s.Gen.CustomStride);
    CHECK(s.Match.High == 1.0f);
    CHECK(s.Gen.Sizes[0] == 512.0f); // RetinaNet on P7
    // A threshold below the preset's low pulls low down with it, and that is written.
    const AnchorsState low = Decoded("preset=rpn&high=0.2");
    CHECK(low.Match.Low == 0.2f);
    CHECK(EncodeAnchorsState(low) == "preset=rpn&high=0.2&low=0.2");
}

TEST_CASE("Anchor link: seeded random edited states round-trip exactly", "[anchor]")
{
    std::mt19937 rng(77);
    auto integer = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    auto uniform = [&](float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng); };
    auto coin = [&] { return integer(0, 1) == 1; };
    for (int trial = 0; trial < 400; ++trial) {
        const auto preset = static_cast<MatchPreset>(integer(0, static_cast<int>(MatchPreset::Count) - 1));
        AnchorsState s = ChosenPreset(preset, integer(kAnchorMinLevel, kAnchorMaxLevel));
        if (trial % 4 == 0) {
            s.Gen.CustomStride = true;
            s.Gen.Stride = integer(4, 256);
            SetPresetLevelAnchors(s.Gen);
        }
        // Half keep the preset's anchors and matcher, the rest are edited.
        if (trial % 2 == 1) {
            AnchorGenState& g = s.Gen;
            g.Convention = integer(0, 1);
            if (coin()) {
                g.SizeCount = integer(1, kAnchorMaxSizes);
                for (int i = 0; i < g.SizeCount; ++i)
                    g.Sizes[static_cast<std::size_t>(i)] = static_cast<float>(integer(8, 2048)) * 0.5f;
            }
            if (coin()) {
                g.RatioCount = integer(1, kAnchorMaxRatios);
                for (int i = 0; i < g.RatioCount; ++i) g.Ratios[static_cast<std::size_t>(i)] = uniform(0.2f, 5.0f);
            }
            switch (integer(0, 2)) {
            case 0: g.UseShapes = false; break;
            case 1:
                g.UseShapes = true;
                g.ShapeCount = integer(1, kAnchorMaxShapes);
                g.Shapes = {};
                for (int i = 0; i < 2 * g.ShapeCount; ++i)
                    g.Shapes[static_cast<std::size_t>(i)] = static_cast<float>(integer(1, 2048));
                break;
            default: break; // the preset's
            }
            AnchorMatchState& m = s.Match;
            m.Rule = integer(0, 1);
            m.High = uniform(0.0f, 1.0f);
            m.Low = uniform(0.0f, 1.0f);
            m.LowQuality = coin();
            m.Ignore = uniform(0.0f, 1.0f);
        }
        s.Scene.Kind = integer(0, 2);
        s.Scene.Seed = integer(0, 1 << 30);
        s.Scene.Objects = integer(2, 16);
        if (coin()) {
            s.GtEdited = true;
            s.GtCount = integer(0, kAnchorMaxGt);
            for (int i = 0; i < s.GtCount; ++i)
                s.Gt[static_cast<std::size_t>(i)] =
                    GtBox{static_cast<float>(integer(0, 1200)) * 0.5f, static_cast<float>(integer(0, 900)) * 0.5f,
                          static_cast<float>(integer(0, 1200)) * 0.5f, static_cast<float>(integer(0, 900)) * 0.5f,
                          integer(0, static_cast<int>(SceneObjectKind::Count) - 1)};
        }
        s.Fcos.CenterSampling = coin();
        s.Fcos.Radius = uniform(0.5f, 4.0f);
        s.Fcos.HeatLevel = integer(3, 7);
        s.KMeans.UseDataset = coin();
        s.KMeans.DatasetSize = integer(20, 3000);
        s.KMeans.K = integer(1, 12);
        s.KMeans.Seed = integer(0, 1 << 30);
        s.OneLocation = coin();
        s.ShowGrid = coin();
        s.InspectX = integer(-1, 1000);
        s.InspectY = integer(-1, 1000);
        s.Tab = integer(0, static_cast<int>(AnchorTab::Count) - 1);
        ClampAnchorsState(s);
        const std::string link = EncodeAnchorsState(s);
        INFO(link);
        std::vector<std::string> notices;
        const AnchorsState back = Decoded(link, &notices);
        CHECK(notices.empty());
        CHECK(back == s);
        CHECK(EncodeAnchorsState(back) == link);
        if (trial % 2 == 0) { // an unedited preset writes no anchor or matcher key
            CHECK(link.find("sizes=") == std::string::npos);
            CHECK(link.find("shapes=") == std::string::npos);
            CHECK(link.find("high=") == std::string::npos);
            CHECK(link.find("rule=") == std::string::npos);
        }
    }
}
