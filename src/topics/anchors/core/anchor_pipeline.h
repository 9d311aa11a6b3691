// The anchors topic's pipeline from its state to what the view draws: each level's anchors
// placed for the scene (torchvision's grid and strides), their IoU with the ground truth, the
// matcher's decisions (torchvision's Matcher or YOLO's best-anchor rule) summarised per box.
// The view caches each result and recomputes it only when the state it depends on changes.
#pragma once
#include <array>
#include <vector>

#include "core/box.h"
#include "core/message.h"
#include "topics/anchors/core/anchor.h"
#include "topics/anchors/core/anchor_match.h"
#include "topics/anchors/core/anchor_scene.h"
#include "topics/anchors/core/anchor_state.h"
#include "topics/anchors/core/fcos.h"
#include "topics/anchors/core/kmeans_anchors.h"

namespace mlviz {

struct AnchorLevelData {
    int LevelId = 0; // P-level (2..7); 0 for a custom stride
    AnchorLevel Level;
    std::vector<Box> Anchors;
    std::size_t Offset = 0; // first index in a multi-level anchor list
};

struct MatchedAnchors {
    std::vector<AnchorLevelData> Levels;
    std::vector<Box> Anchors;  // all levels concatenated
    std::vector<float> Iou;    // num_gt x anchors
    std::vector<Box> IouBoxes; // the GT boxes Iou was computed for
    std::vector<int> Matches;
    std::vector<GtMatchSummary> Summary;
    std::vector<std::array<int, 8>> PositivesPerLevel; // [gt][P-level]
    int Positives = 0, Ignored = 0;
    std::vector<int> UnmatchedGt; // GTs whose IoU with every anchor is 0 (the torchvision quirk)
    Message Error;
};

struct FcosData {
    std::vector<int> LevelIds, PerLevel;
    std::vector<Box> Anchors;
    FcosAssignment Assignment;
    std::vector<std::array<int, 8>> PositivesPerLevel;
};

struct KMeansData {
    std::vector<AnchorShape> Boxes;
    KMeansAnchorsResult Fit;
    Message Error;
    double YoloIoU = 0.0, CurrentIoU = 0.0;
    int CurrentCount = 0;
};

// A GT box of the state as a Box (corners as stored).
Box ToBox(const GtBox& g);
// The state's GT boxes, and whether two states have the same ones.
std::vector<Box> AnchorGtBoxes(const AnchorsState& s);
bool SameAnchorGt(const AnchorsState& a, const AnchorsState& b);

// The P-level a custom stride stands for (log2, clamped to the levels), else the chosen level.
int BaseLevel(const AnchorGenState& g);
// Cell anchors from the controls, scaled by `scale` (FPN levels of a custom set), or a preset's.
std::vector<Box> CellFromState(const AnchorGenState& g, AnchorConvention c, double scale);
std::vector<Box> CellFromSpec(const LevelAnchorSpec& spec, AnchorConvention c);
// One level's grid for the scene; nominal stride s, torchvision's stride = side // ceil(side / s).
AnchorLevelData MakeLevel(int level_id, int nominal, int image_w, int image_h, AnchorConvention c, std::vector<Box> cell);
// Places every level's anchors, concatenated in level order (an error above the interactive
// budget of 150 000 anchors).
void BuildAnchors(MatchedAnchors& m, AnchorConvention c);
// Matches all anchors at once (as RetinaNet / RPN do over FPN levels) and summarises per GT;
// IoU rows are recomputed only for boxes that changed since the last call.
void MatchAnchors(MatchedAnchors& m, const std::vector<Box>& gt, AnchorConvention c, const AnchorMatchState& ms);

} // namespace mlviz
