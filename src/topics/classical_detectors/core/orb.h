// ORB (Rublee et al., ICCV 2011) following OpenCV 4.6's ORB_Impl (features2d/src/orb.cpp) with
// its defaults (patch 31, edge threshold 31, WTA_K 2): a pyramid of ResizeLinearExact levels
// (each from the previous, level l scaled by ScaleFactor^-l); FAST-9 (DetectFast, nonmax) per
// level, corners closer than 31 px to the level border dropped, the best 2n by FAST score kept
// (n = the level's share of Features, geometric in the scale), then the best n by the Harris
// measure (7x7 block, k = 0.04, OpenCV's scaling); the intensity-centroid orientation over a
// radius-15 disc; rBRIEF: the 256 published test pairs (kOrbBitPattern31) rotated by the
// orientation, sampled on the level smoothed by a 7x7 Gaussian (sigma 2), bit = I(p1) < I(p2).
// Keypoints are in input-image pixels (level coordinates times the level scale).
// Known differences from OpenCV: std::atan2 instead of cv::fastAtan2 (|error| < 0.3 deg), a float
// Gaussian instead of OpenCV's fixed-point one, and a deterministic order among equal scores.
#pragma once
#include <cstdint>
#include <vector>

#include "topics/classical_detectors/core/grey.h"
#include "topics/classical_detectors/core/keypoint.h"

namespace mlviz {

struct OrbOptions {
    int Features = 500;       // [1, 5000]
    float ScaleFactor = 1.2f; // [1.05, 2]
    int Levels = 8;           // [1, 12]
    int FastThreshold = 20;   // [1, 100]
    bool HarrisScore = true;  // false: rank by the FAST score (cv2.ORB_FAST_SCORE)
};

inline constexpr int kOrbPatchSize = 31, kOrbEdgeThreshold = 31, kOrbHarrisBlock = 7;
inline constexpr int kOrbMaxFeatures = 5000, kOrbMaxLevels = 12;

// 256 tests x (x1, y1, x2, y2), offsets from the keypoint in level pixels before rotation.
extern const int kOrbBitPattern31[256 * 4];

Result<bool> ValidateOrbOptions(const OrbOptions& o);

struct OrbLevel {
    float Scale = 1.0f;  // input pixels per level pixel
    GreyImage Image;     // FAST, Harris and the orientation run here
    GreyImage Smoothed;  // descriptors sample here
    int FastCorners = 0; // after the border filter
    int Kept = 0;        // final keypoints on this level
    int Quota = 0;       // the level's share of Features
};

struct OrbResult {
    std::vector<OrbLevel> Levels;
    std::vector<Keypoint> Keypoints;        // level by level, best first
    std::vector<OrbDescriptor> Descriptors; // one per keypoint
};

// Harris measure at level pixel (x, y): OpenCV's HarrisResponses with blockSize 7, k = 0.04
// (Sobel-like 3x3 gradients summed over the 7x7 block, scaled by 1 / (4 * 7 * 255)^4).
float OrbHarrisResponse(const GreyImage& level, int x, int y);
// atan2(m01, m10) in degrees [0, 360) over the disc of radius 15 around level pixel (x, y).
float OrbIntensityCentroidAngle(const GreyImage& level, int x, int y);
// The rBRIEF descriptor at level pixel (x, y) of a smoothed level, pattern rotated by angle_deg.
OrbDescriptor OrbDescribe(const GreyImage& smoothed, int x, int y, float angle_deg);
int HammingDistance(const OrbDescriptor& a, const OrbDescriptor& b);

// Sliceable run; Step(budget) works until about `budget` units are spent, at least one task
// (a unit ~ one pixel of one pass, ~2.5 ns natively here; 512 x 512 with the defaults is ~12
// million units, ~30 ms; no task is much above 300 000 units).
class OrbJob {
public:
    static Result<OrbJob> Start(const GreyImage& grey, const OrbOptions& options);
    void Step(long long budget);
    void RunToEnd()
    {
        while (!Done()) Step(1LL << 40);
    }
    bool Done() const { return Next_ >= Tasks_.size(); }
    double Progress() const;
    const OrbResult& Output() const { return Out_; }

    enum class TaskKind { Resize, FastRows, FastCollect, Score, SmoothH, SmoothV, Describe };
    struct Task {
        TaskKind Kind = TaskKind::Resize;
        int Level = 0, Begin = 0, End = 0;
        long long Cost = 1;
    };

private:
    void Run(const Task& t);

    OrbOptions Options_;
    GreyImage Grey_;
    std::vector<float> Scales_;
    std::vector<std::vector<Keypoint>> PerLevel_;
    std::vector<std::int16_t> FastMap_;
    FloatImage SmoothSrc_, SmoothTmp_, SmoothDst_;
    std::vector<float> SmoothKernel_;
    OrbResult Out_;
    std::vector<Task> Tasks_;
    std::size_t Next_ = 0;
    long long CostDone_ = 0, CostTotal_ = 1;
};

Result<OrbResult> DetectOrb(const GreyImage& grey, const OrbOptions& options);

} // namespace mlviz
