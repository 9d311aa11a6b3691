// The tracking topic's state: plain fields only (the simulated video, SORT's parameters, the
// frame shown and what is drawn), so it can be reset, compared and put in a URL.
// TrackingStateSchema() is its field table, the one place ranges, formats and labels are
// written: "objects=12&fp=1.5&method=greedy&step=57". A link opens paused on its frame.
#pragma once
#include "core/state_codec.h"
#include "core/topic_codec.h"
#include "topics/tracking/core/trk_run.h"

namespace mlviz {

struct TrackingState {
    // The simulated video and detector (trk_sim.h).
    int Objects = 8;
    int Frames = 150;
    float Speed = 3.0f; // px / frame
    float TurnRate = 0.03f;
    float MissRate = 0.05f;
    float FalsePositives = 0.3f; // per frame
    float Jitter = 1.5f;         // px
    float OcclusionMiss = 0.5f;  // visibility below which an object is missed
    int Seed = 1;
    // SORT (trk_sort.h).
    int MaxAge = 1;
    int MinHits = 3;
    float IouThreshold = 0.3f;
    int Method = static_cast<int>(Association::Hungarian);
    float MetricIou = 0.5f; // IoU a track needs on an object for MOTA / IDF1
    // Playback over frames: Step is the frame shown (0-based, < Frames).
    int Step = 40;
    bool Playing = false;
    float PlaySpeed = 10.0f; // frames per second
    // What the video shows.
    bool ShowTruth = true, ShowDetections = true, ShowPredictions = true, ShowEllipses = true, ShowTrails = true;
    int Track = -1; // selected track (SORT output id), -1 none
};

inline constexpr int kTrackingImageW = 640, kTrackingImageH = 480;

TrackingSimConfig TrackingSimFor(const TrackingState& s);
SortParams SortParamsFor(const TrackingState& s, Association method);
const char* AssociationName(Association a); // "hungarian", "greedy"

// Which derived data a change invalidates: the video, or the tracking run on it.
bool SameTrackingVideo(const TrackingState& a, const TrackingState& b);
bool SameTrackingRuns(const TrackingState& a, const TrackingState& b);

const StateSchema<TrackingState>& TrackingStateSchema();
// Decodes over the defaults, clamps through the field table, bounds the frame by the number of
// frames and opens paused.
const StateCodec<TrackingState>& TrackingCodec();
const TopicCodec& TrackingTopicCodec();

} // namespace mlviz
