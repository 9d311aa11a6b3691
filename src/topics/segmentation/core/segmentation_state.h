// The segmentation topic's state: everything the learner sets, as plain fields, its field table
// (ranges, formats, labels: the one place they are written) and its codec (core/topic_codec.h).
// One scene (seeded) and one prediction (perturbation sliders + painted edits) feed six tabs:
// scene & three tasks (q7), semantic metrics (q8), panoptic quality (q9), COCO AP for masks and
// boxes (q10, q17), U-Net shapes (q25), RoIPool vs RoIAlign (q36).
//
// URL keys: tab, seed, cars, people, crowd, void, pseed, drop, merge, split, dx, dy, morph,
// confuse, confuse_to, confuse_frac, fp, noise, edits, tool, brush, pclass, pinst, layer, gt,
// tol, bclass, images, iou_type, iou, area, maxdets, cat, px, speed, unet_in, unet_depth,
// unet_convs, padded, unet_ch, skips, skip_depth, bilinear, fmap, fseed, x1, y1, x2, y2, scale,
// out, sampling, aligned. "edits" is EncodeEdits' run-length text of the painted cells
// (canonical: decoded and encoded again; a text over kEditTextMaxChars does not fit a link).
#pragma once
#include <cstdint>
#include <string>

#include "core/state_codec.h"
#include "core/topic_codec.h"
#include "topics/segmentation/core/evaluate.h"
#include "topics/segmentation/core/paint.h"
#include "topics/segmentation/core/roi.h"
#include "topics/segmentation/core/skip.h"
#include "topics/segmentation/core/unet.h"

namespace mlviz {

enum class SegTab { Scene, Semantic, Panoptic, Ap, Unet, Roi, Count };
const char* SegTabName(SegTab t); // "scene", "semantic", "panoptic", "ap", "unet", "roi"

enum class SegTool { Brush, Fill, Erase, Revert, Pick, Count };
const char* SegToolName(SegTool t); // "brush", "fill", "erase", "revert", "pick"

// How the prediction (and the GT beside it) is coloured on the scene tab.
enum class SegLayer { Semantic, Instance, Panoptic, Count };
const char* SegLayerName(SegLayer l); // "semantic", "instance", "panoptic"

// The fixed label-image size of the topic (the edit text is tied to it).
inline constexpr int kSegSceneWidth = 96, kSegSceneHeight = 64;
// RoI tab: the feature map's side, and the image size the box lives in is side / scale.
inline constexpr int kSegRoiMinMap = 4, kSegRoiMaxMap = 24, kSegRoiMaxOutput = 14, kSegRoiMaxSampling = 8;
inline constexpr double kSegRoiMaxCoord = 1024.0;
// AP tab: the IoU threshold's playback moves in steps of 0.01 over the slider's range.
inline constexpr double kSegIouMin = 0.05, kSegIouMax = 0.95, kSegIouStep = 0.01;

struct SegmentationState {
    int Tab = static_cast<int>(SegTab::Scene);
    // The scene.
    int Seed = 20;  // [0, 2^30]: 20 has small, medium and large things at px = 8
    int Cars = 3;   // [0, kSceneMaxCars]
    int People = 4; // [0, kSceneMaxPeople]
    bool Crowd = true;
    int VoidBorder = 0; // [0, 2] cells of GT void around things (the ignore label)
    // The prediction: perturbations of the scene, then the painted edits.
    int PredSeed = 1;                      // [0, 2^30]
    int Drop = -1, Merge = -1, Split = -1; // GT instance ids, -1 = none
    int ShiftX = 0, ShiftY = 0;            // [-kPerturbMaxShift, kPerturbMaxShift]
    int Morph = 0;                         // [-kPerturbMaxMorph, kPerturbMaxMorph]
    int ConfuseFrom = 0;                   // 0 = none, else class + 1
    int ConfuseTo = 0;                     // likewise
    float ConfuseFraction = 1.0f;          // [0, 1]
    int FalsePositives = 0;                // [0, kPerturbMaxFalsePositives]
    float ScoreNoise = 0.1f;               // [0, 0.5]
    std::string Edits;                     // EncodeEdits text, "" = none
    // Painting.
    int Tool = static_cast<int>(SegTool::Brush);
    float Brush = 1.5f;       // radius in cells, [0.5, 8]
    int PaintClass = kSegCar; // a class, or kSegNumClasses for void
    int PaintInstance = 1;    // instance id for thing classes, [1, kSegMaxInstanceId]
    int Layer = static_cast<int>(SegLayer::Panoptic);
    bool ShowGtOutline = true;
    // Semantic metrics.
    float Tolerance = 2.0f; // boundary F1 tolerance in cells, [0, 8]
    int BoundaryClass = kSegPerson;
    int Images = 6; // [1, kSceneSetMaxImages] scenes for "accumulated vs per image"
    // AP.
    int IouType = 0;      // 0 segm, 1 bbox
    float Iou = 0.5f;     // [kSegIouMin, kSegIouMax]
    int Area = 0;         // all, small, medium, large
    int MaxDets = 2;      // index into 1, 10, 100
    int Category = 0;     // 0 car, 1 person
    int CellPx = 8;       // [1, 16] image pixels per cell side (for COCO's area ranges)
    bool Playing = false; // the IoU threshold sweeps (not in links: a link opens paused)
    float Speed = 10.0f;  // threshold steps (0.01) per second, [1, 60]
    // U-Net.
    int UnetInput = 572; // [1, kUnetMaxInput]
    int UnetDepth = 4;   // [1, 6]
    int UnetConvs = 2;   // [1, 3]
    bool Padded = false;
    int UnetChannels = 64;                  // [1, 1024]
    int Skips = static_cast<int>(kSkipAll); // bit l: the skip of level l is used, [0, kSkipAll]
    int SkipDepth = 3;                      // [1, kSkipMaxDepth]
    bool Bilinear = true;
    // RoIPool / RoIAlign.
    int MapSide = 12;                                       // [kSegRoiMinMap, kSegRoiMaxMap]
    int MapSeed = 3;                                        // [0, 2^30]
    float X1 = 37.3f, Y1 = 21.9f, X2 = 142.6f, Y2 = 118.4f; // the box, image pixels
    int Scale = 4;                                          // spatial_scale = 1 / 2^Scale, [0, 5]
    int Out = 3;                                            // output_size (square), [1, kSegRoiMaxOutput]
    int Sampling = 2;                                       // sampling_ratio, 0 = adaptive, [0, kSegRoiMaxSampling]
    bool Aligned = false;
};

const StateSchema<SegmentationState>& SegmentationStateSchema();
// Decodes over the defaults, clamps through the field table, opens paused.
const StateCodec<SegmentationState>& SegmentationCodec();
const TopicCodec& SegmentationTopicCodec();

// What each part of the state feeds (the view recomputes only what changed).
SceneConfig SegSceneConfig(const SegmentationState& s);
PerturbConfig SegPerturbConfig(const SegmentationState& s);
SceneSetConfig SegSetConfig(const SegmentationState& s);
UnetConfig SegUnetConfig(const SegmentationState& s);
SkipDemoConfig SegSkipConfig(const SegmentationState& s);
RoiAlignConfig SegRoiConfig(const SegmentationState& s);
RoiBox SegRoiBox(const SegmentationState& s);
double SegSpatialScale(const SegmentationState& s);
PaintValue SegPaintValue(const SegmentationState& s); // the brush's class and instance
CocoIouType SegIouType(const SegmentationState& s);

bool SameSegScene(const SegmentationState& a, const SegmentationState& b);
bool SameSegPerturbation(const SegmentationState& a, const SegmentationState& b); // scene and perturbation (not the edits)

} // namespace mlviz
