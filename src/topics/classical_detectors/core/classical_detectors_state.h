// Classical detectors: everything the learner sets, as plain fields (three tabs: the integral
// image with Haar features, the Viola-Jones cascade, SIFT vs ORB keypoints), and its field table
// (ranges, formats, labels: the one place they are written) and codec (core/topic_codec.h).
#pragma once
#include "core/state_codec.h"
#include "core/topic_codec.h"
#include "topics/classical_detectors/core/compare.h"

namespace mlviz {

enum class CdTab { Integral, Cascade, Keypoints, Count };
enum class CdPhoto { Astronaut, Chelsea, Coffee, Count };
enum class CdShow { Orb, Sift, Count };

// The integral tab steps through the table of the photo reduced to this many pixels a side.
inline constexpr int kCdSmallSide = 10;
inline constexpr int kCdMaxHaarCell = 64; // pixels a Haar cell side (the slider, the link and the corner drag)

struct ClassicalDetectorsState {
    int Tab = static_cast<int>(CdTab::Integral);
    int Photo = static_cast<int>(CdPhoto::Astronaut);
    // Integral tab: cells of the small table written (-1 = all), the rectangle summed with four
    // look-ups (small-image pixels), a Haar feature placed on the photo (photo pixels).
    int Step = -1;
    bool Playing = false;
    float Speed = 6.0f;
    int RectX = 2, RectY = 3, RectW = 5, RectH = 4;
    int Feature = 0; // HaarFeatureKind
    int FeatX = 200, FeatY = 150, CellW = 16, CellH = 8;
    bool Normalised = true;
    // Cascade tab.
    double ScaleFactor = 1.1;
    int MinNeighbors = 3;
    bool ShowCandidates = true;
    int Level = 0; // pyramid level whose windows are coloured by their rejecting stage
    // Keypoints tab.
    int Transform = 0; // TransformKind
    double Angle = 30.0, Zoom = 1.5, Blur = 2.0, Noise = 20.0, Brightness = 60.0;
    int Seed = 1;
    int OrbFeatures = 500, FastThreshold = 20;
    double Contrast = 0.04;
    double Ratio = 0.75, Eps = 3.0;
    int Show = static_cast<int>(CdShow::Orb);
};

const StateSchema<ClassicalDetectorsState>& ClassicalDetectorsStateSchema();
const StateCodec<ClassicalDetectorsState>& ClassicalDetectorsCodec();
const TopicCodec& ClassicalDetectorsTopicCodec();

// "astronaut", ... and the data file of each sample photo ("images/astronaut.png").
const char* CdPhotoName(CdPhoto p);
const char* CdPhotoFile(CdPhoto p);

// The comparison the keypoints tab runs for the state (transform, detector options, matching).
CompareOptions CdCompareOptions(const ClassicalDetectorsState& s);

} // namespace mlviz
