// A boosted Haar cascade read from OpenCV's "new" cascade XML (opencv_traincascade's format:
// <cascade><stageType>BOOST</stageType><featureType>HAAR</featureType>... as in
// haarcascade_frontalface_default.xml), held the way CascadeClassifierImpl::Data keeps it
// (modules/objdetect/src/cascadedetect.cpp, OpenCV 4.6): stage thresholds are the file's value
// minus 1e-5 in float, node thresholds and leaf values are float.
#pragma once
#include <array>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace mlviz {

struct CascadeRect {
    int X = 0, Y = 0, W = 0, H = 0; // inside the detection window
    float Weight = 0.0f;
};

struct CascadeFeature {
    std::array<CascadeRect, 3> Rects{}; // unused ones have weight 0
    int RectCount = 0;                  // 2 or 3
};

// One decision node: go left when feature value < Threshold. Left/Right > 0 index a node of the
// same tree (relative to the tree's first node), <= 0 a leaf: -Left / -Right.
struct CascadeNode {
    int FeatureIndex = 0;
    float Threshold = 0.0f;
    int Left = 0, Right = 0;
};

struct CascadeTree {
    int FirstNode = 0, NodeCount = 0;
    int FirstLeaf = 0; // NodeCount + 1 leaves
};

struct CascadeStage {
    float Threshold = 0.0f;     // as evaluated: the file's stageThreshold - 1e-5f
    float FileThreshold = 0.0f; // as written in the file
    int FirstTree = 0, TreeCount = 0;
};

// A one-node tree, flattened (OpenCV's Data::Stump): value < Threshold ? Left : Right.
struct CascadeStump {
    int FeatureIndex = 0;
    float Threshold = 0.0f;
    float Left = 0.0f, Right = 0.0f;
};

struct HaarCascade {
    int WindowWidth = 0, WindowHeight = 0; // 24 x 24 for the frontal face cascade
    std::vector<CascadeStage> Stages;
    std::vector<CascadeTree> Trees;
    std::vector<CascadeNode> Nodes;
    std::vector<float> Leaves;
    std::vector<CascadeFeature> Features;
    bool StumpsOnly = true;           // every tree has one node (OpenCV's predictOrderedStump)
    std::vector<CascadeStump> Stumps; // one per tree when StumpsOnly
};

inline constexpr int kCascadeMaxWindow = 256;
inline constexpr int kCascadeMaxStages = 1000;
inline constexpr int kCascadeMaxTrees = 100'000;
inline constexpr int kCascadeMaxNodesPerTree = 64;

// Parses the XML text. Fails with a message naming the element for the old (pre-2.4) format,
// LBP / HOG cascades, tilted features (none in the frontal face cascades) and malformed or
// inconsistent data (out-of-window rectangles, dangling node or feature indices).
Result<HaarCascade> ParseHaarCascade(std::string_view xml);

// The first `stage_count` stages only (same features): a cascade truncated for the per-stage
// comparison with OpenCV. Fails unless 1 <= stage_count <= stages.
Result<HaarCascade> TruncateCascade(const HaarCascade& c, int stage_count);

} // namespace mlviz
