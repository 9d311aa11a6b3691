#include <catch2/catch.hpp>

#include "topics/anchors/core/anchor_pipeline.h"

using namespace mlviz;

// The pipeline the view caches: one level's anchors for the scene, matched against the GT boxes.
TEST_CASE("Anchor pipeline: one level placed, matched, summarised, IoU rows follow a moved box", "[anchor]")
{
    AnchorsState s;
    s.Scene.Width = 256;
    s.Scene.Height = 128;
    s.Gen.Level = 5; // stride 32: 8 x 4 positions
    s.GtCount = 1;
    s.Gt[0] = GtBox{32.0f, 32.0f, 96.0f, 96.0f, 0};
    const auto c = static_cast<AnchorConvention>(s.Gen.Convention);
    MatchedAnchors m;
    m.Levels.push_back(MakeLevel(5, 32, 256, 128, c, CellFromState(s.Gen, c, 1.0)));
    BuildAnchors(m, c);
    REQUIRE(m.Error.Empty());
    CHECK(m.Levels[0].Level.FeatureW == 8);
    CHECK(m.Levels[0].Level.FeatureH == 4);
    CHECK(m.Anchors.size() == static_cast<std::size_t>(m.Levels[0].Level.Count()));
    MatchAnchors(m, AnchorGtBoxes(s), c, s.Match);
    REQUIRE(m.Summary.size() == 1);
    CHECK(m.Iou.size() == m.Anchors.size());
    CHECK(m.Summary[0].BestIou > 0.0f);
    // Every anchor has a decision; positives are counted per GT and level.
    CHECK(m.Matches.size() == m.Anchors.size());
    int positives = 0;
    for (int code : m.Matches) positives += code >= 0 ? 1 : 0;
    CHECK(positives == m.Positives);
    CHECK(m.PositivesPerLevel[0][5] == m.Positives);
    // Moving the box refreshes its IoU row to the same values a fresh matrix has.
    s.Gt[0] = GtBox{100.0f, 20.0f, 180.0f, 120.0f, 0};
    MatchAnchors(m, AnchorGtBoxes(s), c, s.Match);
    CHECK(m.Iou == BoxIouMatrix(AnchorGtBoxes(s), m.Anchors));
}

TEST_CASE("Anchor pipeline: too many anchors is an error, not a stall", "[anchor]")
{
    AnchorsState s;
    s.Scene.Width = 4000;
    s.Scene.Height = 4000;
    const auto c = static_cast<AnchorConvention>(s.Gen.Convention);
    MatchedAnchors m;
    m.Levels.push_back(MakeLevel(2, 4, 4000, 4000, c, CellFromState(s.Gen, c, 1.0)));
    BuildAnchors(m, c);
    CHECK_FALSE(m.Error.Empty());
    CHECK(m.Levels.empty());
}
