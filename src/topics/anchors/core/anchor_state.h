// The anchor topic's full state (plain fields) and its URL codec (core/state_codec.h):
// "scene=street&preset=rpn&level=3&gt=40,330,230,426,car;..." restores what the reader saw.
// A link names the preset and level, then only what differs from the matcher and anchors that
// preset uses there: "preset=yolo&level=3&high=0.6". "preset=custom" is relative to the defaults.
// Ground-truth boxes are image pixels (x1, y1, x2, y2), y down, of the current scene.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "topics/anchors/core/anchor_match.h"
#include "core/state_codec.h"
#include "core/topic_codec.h"

namespace mlviz {

inline constexpr int kAnchorMaxGt = 24;
inline constexpr int kAnchorMaxSizes = 4;
inline constexpr int kAnchorMaxRatios = 5;
inline constexpr int kAnchorMaxShapes = 9;
inline constexpr int kAnchorMinLevel = 2, kAnchorMaxLevel = 7; // P2..P7
inline constexpr double kAnchorMaxCoord = 8192.0;              // largest image side (core/image.h)

enum class AnchorSceneKind : int { Synthetic, Street, User };
enum class AnchorTab : int { Anchors, Fpn, Fcos, KMeans, Count };

// A ground-truth box plus its object kind (SceneObjectKind) for the label.
struct GtBox {
    float X1 = 0.0f, Y1 = 0.0f, X2 = 0.0f, Y2 = 0.0f;
    int Kind = 0;
    bool operator==(const GtBox&) const = default;
};

struct AnchorSceneState {
    int Kind = static_cast<int>(AnchorSceneKind::Synthetic);
    int Seed = 3;
    int Objects = 9;
    int Width = 640, Height = 480; // image pixels of the current scene (set by the view)
    bool operator==(const AnchorSceneState&) const = default;
};

struct AnchorGenState {
    int Preset = static_cast<int>(MatchPreset::RetinaNet);
    int Level = 4; // P2..P7, stride 2^Level
    bool CustomStride = false;
    int Stride = 16; // when CustomStride
    int Convention = static_cast<int>(AnchorConvention::Centered);
    bool UseShapes = false; // explicit (w, h) shapes (YOLO, k-means) instead of sizes x ratios
    int SizeCount = 3;
    std::array<float, kAnchorMaxSizes> Sizes{64.0f, 80.0f, 101.0f, 128.0f}; // RetinaNet on P4
    int RatioCount = 3;
    std::array<float, kAnchorMaxRatios> Ratios{0.5f, 1.0f, 2.0f, 3.0f, 0.33f};
    int ShapeCount = 0;
    std::array<float, 2 * kAnchorMaxShapes> Shapes{}; // w0, h0, w1, h1, ...
    bool operator==(const AnchorGenState&) const = default;
};

struct AnchorMatchState {
    int Rule = static_cast<int>(MatchRule::IouMatcher);
    float High = 0.5f, Low = 0.4f; // RetinaNet
    bool LowQuality = true;
    float Ignore = 0.5f; // YOLO ignore threshold
    bool operator==(const AnchorMatchState&) const = default;
};

struct AnchorFcosState {
    bool CenterSampling = true;
    float Radius = 1.5f; // torchvision's center_sampling_radius
    int HeatLevel = 3;   // P3..P7
    bool operator==(const AnchorFcosState&) const = default;
};

struct AnchorKMeansState {
    bool UseDataset = true; // a synthetic data set of many boxes, else the scene's GT boxes
    int DatasetSize = 500;
    int K = 9;
    int Seed = 1;
    bool operator==(const AnchorKMeansState&) const = default;
};

struct AnchorsState {
    AnchorSceneState Scene;
    int GtCount = 0;
    std::array<GtBox, kAnchorMaxGt> Gt{};
    bool GtEdited = false; // boxes differ from the scene's own (only then they go in the URL)
    int Selected = -1;
    AnchorGenState Gen;
    AnchorMatchState Match;
    AnchorFcosState Fcos;
    AnchorKMeansState KMeans;
    bool OneLocation = false; // all anchors of the inspected location instead of all positives
    bool ShowGrid = true;
    int InspectX = -1, InspectY = -1; // image pixels; negative: nothing inspected
    int Tab = static_cast<int>(AnchorTab::Anchors);
    bool operator==(const AnchorsState&) const = default;
};

// The matcher a detector preset uses (GetPresetInfo); a custom preset: the default matcher.
AnchorMatchState PresetMatchState(MatchPreset p);
// Sets g's anchors to those g.Preset places at g.Level (PresetLevelAnchors), or at the level
// nearest a custom stride: shapes for YOLO (sizes and ratios kept), else sizes and ratios. A
// custom preset keeps its anchors.
void SetPresetLevelAnchors(AnchorGenState& g);
// What a link is relative to: the defaults with `place`'s preset, level and stride and, unless
// the preset is custom, that preset's matcher and level anchors (as choosing it in the view sets).
AnchorsState AnchorsBaseState(const AnchorGenState& place);

// Every key; EncodeAnchorsState and DecodeAnchorsState apply it against the right base.
const StateSchema<AnchorsState>& AnchorsStateSchema();
// preset, level and stride against the defaults, every other key against AnchorsBaseState(s.Gen).
std::string EncodeAnchorsState(const AnchorsState& s);
// Reads preset, level and stride, starts from their AnchorsBaseState, applies every key of `kv`
// and clamps (ClampAnchorsState); returns one notice per ignored or clamped value. Keys the link
// leaves out are the base's, never what `s` held.
std::vector<Message> DecodeAnchorsState(const KeyValues& kv, AnchorsState& s);

// Clamps every field into the range its widget and URL key allow, whatever wrote it (a slider
// opened for typing takes any number); a NaN becomes the default, non-finite shapes drop the
// shape list, a non-finite box corner becomes 0. The ranges match AnchorsStateSchema's.
void ClampAnchorsState(AnchorsState& s);
const StateCodec<AnchorsState>& AnchorsCodec(); // DecodeAnchorsState / EncodeAnchorsState
const TopicCodec& AnchorsTopicCodec();

} // namespace mlviz
