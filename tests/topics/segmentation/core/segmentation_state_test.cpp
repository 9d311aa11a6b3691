// The segmentation topic's state: its field table and codec (links, clamping, the edit text).
#include <catch2/catch.hpp>

#include "core/topic_state.h"
#include "topics/segmentation/core/segmentation_state.h"

using namespace mlviz;

TEST_CASE("segmentation state: defaults are the cores' defaults and encode to nothing", "[segmentation]")
{
    const SegmentationState s;
    CHECK(SegmentationCodec().Encode(s).empty());
    const SceneConfig sc = SegSceneConfig(s);
    CHECK(sc.Width == 96);
    CHECK(sc.Height == 64);
    CHECK(ValidateSceneConfig(sc).Empty());
    CHECK(ValidatePerturbConfig(SegPerturbConfig(s)).Empty());
    CHECK(SegPerturbConfig(s).ConfuseFrom == -1);
    CHECK(SegRoiConfig(s).SpatialScale == 1.0 / 16.0);
    CHECK(ComputeUnetShapes(SegUnetConfig(s))->OutputSize == 388);
}

TEST_CASE("segmentation state: links round-trip and clamp through the field table", "[segmentation]")
{
    CHECK(CanonicalTopicState("segmentation", "tab=ap&iou=0.75&cat=person").Fragment == "tab=ap&iou=0.75&cat=person");
    const TopicStateText t = CanonicalTopicState("segmentation", "dx=99&iou=2&tab=nope");
    CHECK(t.Fragment == "dx=8&iou=0.95");
    CHECK(t.Notices.size() == 3);
    // Enum names: classes by their ASCII ids, spatial scales by value.
    SegmentationState s;
    CHECK(SegmentationCodec().Decode(ParseKeyValues("confuse=car&confuse_to=person&scale=0.125&pclass=void"), s).empty());
    CHECK(SegPerturbConfig(s).ConfuseFrom == kSegCar);
    CHECK(SegPerturbConfig(s).ConfuseTo == kSegPerson);
    CHECK(SegSpatialScale(s) == 0.125);
    CHECK(SegPaintValue(s).Class == kSegVoid);
    // A link opens paused.
    s.Playing = true;
    SegmentationCodec().Decode(ParseKeyValues("tab=ap"), s);
    CHECK_FALSE(s.Playing);
}

TEST_CASE("segmentation state: the edit text is checked and made canonical", "[segmentation]")
{
    EditLayer e = EditLayer::Empty(kSegSceneWidth, kSegSceneHeight);
    CHECK(PaintBrush(e, 20.0, 30.0, 2.0, {kSegPerson, 7}) > 0);
    const std::string text = *EncodeEdits(e);
    SegmentationState s;
    CHECK(SegmentationCodec().Decode(ParseKeyValues("edits=" + text), s).empty());
    CHECK(s.Edits == text);
    CHECK(*DecodeEdits(s.Edits, kSegSceneWidth, kSegSceneHeight) == e);
    // The same (empty) layer written as two runs: accepted, stored as nothing.
    CHECK(SegmentationCodec().Decode(ParseKeyValues("edits=DA9_FA"), s).empty());
    CHECK(s.Edits.empty());
    // Corrupt text: a notice, no edits.
    const auto notices = SegmentationCodec().Decode(ParseKeyValues("edits=" + text.substr(0, text.size() - 3)), s);
    CHECK(notices.size() == 1);
    CHECK(s.Edits.empty());
    CHECK(SegmentationCodec().Decode(ParseKeyValues("edits=%21%21"), s).size() == 1);
}
