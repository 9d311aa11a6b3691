// A simulated video for the tracking topic: boxes of people-like objects moving at constant
// velocity with occasional turns, bouncing off the frame, crossing and occluding each other, and
// a noisy detector (misses, false positives, jitter, misses of mostly hidden objects).
// Pixels, y down; frame k = 0 .. Frames-1. Ground truth is made once (cheap); the detections of
// frame k come from their own generator seeded by (Seed, k), so any frame can be computed alone,
// the same forwards and backwards.
#pragma once
#include <cstdint>
#include <vector>

#include "core/result.h"
#include "topics/tracking/core/trk_kalman.h"

namespace mlviz {

struct TrackingSimConfig {
    int Objects = 8;               // [2, 30]
    int Frames = 150;              // [2, 1000]
    int Width = 640, Height = 480; // [64, 4096]
    double Speed = 3.0;            // mean speed, px / frame, [0, 30]
    double TurnRate = 0.03;        // chance per frame that an object starts a turn, [0, 1]
    double MissRate = 0.05;        // chance a visible object is not detected, [0, 1]
    double FalsePositives = 0.3;   // mean false detections per frame (Poisson), [0, 10]
    double JitterPx = 1.5;         // sd of each detected box coordinate, px, [0, 30]
    double OcclusionMiss = 0.5;    // an object less visible than this is missed, [0, 1]
    std::uint32_t Seed = 1;
};
Message ValidateTrackingSim(const TrackingSimConfig& c);

struct GtObject {
    int Id = 0; // 1-based
    BoxD Box;
    double Visible = 1.0; // 1 - (area covered by nearer boxes) / area, nearer = lower bottom edge
};

struct SimDetection {
    BoxD Box;
    double Score = 1.0;
    int GtId = -1; // the object it comes from; -1 for a false positive
};

struct SimFrame {
    std::vector<GtObject> Truth;
    std::vector<SimDetection> Detections; // shuffled
};

class TrackingVideo {
public:
    static Result<TrackingVideo> Make(const TrackingSimConfig& c);
    const TrackingSimConfig& Config() const { return Config_; }
    int Frames() const { return Config_.Frames; }
    // Ground truth with visibility and the detector's output of frame k (0-based, clamped).
    SimFrame Frame(int k) const;

private:
    TrackingSimConfig Config_;
    std::vector<std::vector<BoxD>> Boxes_; // [frame][object]
};

} // namespace mlviz
