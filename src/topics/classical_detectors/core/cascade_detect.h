// Viola-Jones detection with a boosted Haar cascade, reproducing OpenCV 4.6's
// cv::CascadeClassifier::detectMultiScale(grey, scaleFactor, minNeighbors, 0, minSize, maxSize)
// on the CPU path (objdetect/src/cascadedetect.cpp / .hpp), window for window:
// - scales: factor = 1, s, s^2, ... (double) while round(window * factor) fits the image; each
//   kept as float; level image = ResizeLinearExact(grey, round(w / scale), round(h / scale))
//   (cv::resize INTER_LINEAR_EXACT, always from the full-size grey image);
// - integral sum and squared sum per level in 32-bit ints (wrapping, as CV_32S);
// - window at level position (x, y): variance normalisation over the window inset by 1 pixel
//   (normrect = (1, 1, W-2, H-2)): nf = sqrt(area * sqsum - sum^2), factor = (float)(1 / nf);
//   the window is dropped when nf <= 0 or area * factor >= 0.1 (a flat window);
// - feature value = (w0 * s0 + w1 * s1 [+ w2 * s2]) * factor in float; a stage sums its trees'
//   leaves in double and rejects when the sum < stageThreshold - 1e-5f;
// - positions x, y step by yStep = (scale >= 2 ? 1 : 2); after a window rejected by stage 0
//   the next x is skipped; rows follow OpenCV's stripes (nstripes = ceil(level0 width / 32)),
//   which can leave out the last row of a level;
// - a window passing every stage is a candidate (round(x * scale), round(y * scale),
//   round(W * scale), round(H * scale)) in original pixels; candidates are grouped with
//   GroupRectangles(minNeighbors, 0.2), then clipped to the image (CascadeClassifier::detectMultiScale).
// Float arithmetic is kept in the same order and precision as OpenCV's x86-64 (SSE2, no FMA).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "topics/classical_detectors/core/cascade.h"
#include "topics/classical_detectors/core/grey.h"
#include "topics/classical_detectors/core/group_rects.h"

namespace mlviz {

struct CascadeOptions {
    double ScaleFactor = 1.1;        // [1.01, 4]
    int MinNeighbors = 3;            // [0, 1000]
    int MinWidth = 0, MinHeight = 0; // minSize; 0 = no minimum
    int MaxWidth = 0, MaxHeight = 0; // maxSize; 0 = the image size
};

// OpenCV takes any scaleFactor > 1; below 1.01 the pyramid has hundreds of levels.
inline constexpr double kCascadeMinScaleFactor = 1.01, kCascadeMaxScaleFactor = 4.0;
inline constexpr int kCascadeMaxNeighbors = 1000;
// Windows a job may record (6 bytes each): 4096 x 4096 at scale factor 1.1 is ~90 million.
inline constexpr long long kCascadeMaxWindows = 20'000'000;

// One pyramid level (FeatureEvaluator::ScaleData plus the scan extent).
struct CascadeScale {
    float Scale = 1.0f;
    int Width = 0, Height = 0;    // level image: round(w / scale) x round(h / scale)
    int Step = 2;                 // yStep, in level pixels
    int WindowW = 0, WindowH = 0; // the window in original pixels: round(24 * scale)
    int GridW = 0, GridH = 0;     // scanned positions: x = gx * Step, y = gy * Step
};

// The scales detectMultiScale uses for an image (empty when the image is smaller than the window).
Result<std::vector<CascadeScale>> CascadeScales(const HaarCascade& c, int image_w, int image_h, const CascadeOptions& o);

// Windows the scan visits at most (every grid position of every scale).
long long CascadeWindowCount(const std::vector<CascadeScale>& scales);

// A feature laid out for one level: 3 rectangles x 4 corner offsets into the integral, weights.
struct CascadeOptFeature {
    int Offsets[12] = {};
    float Weights[3] = {};
};

// The resized image and its 32-bit integrals for one scale, with the cascade's feature offsets.
struct CascadeLevel {
    CascadeScale Scale;
    GreyImage Pixels;
    int Stride = 0;                          // Width + 1
    std::vector<std::uint32_t> Sum, SqSum;   // (Height+1) x Stride
    std::vector<CascadeOptFeature> Features; // one per cascade feature
    int NormOffsets[4] = {0, 0, 0, 0};
    int NormArea = 0;
};

Result<CascadeLevel> PrepareCascadeLevel(const HaarCascade& c, const GreyImage& grey, const CascadeScale& scale);

// Outcome of one window: Stage = index of the rejecting stage, Stages.size() when accepted,
// kWindowFlat when variance normalisation dropped it; Sum = that stage's sum (0 when flat).
inline constexpr int kWindowFlat = -1;
inline constexpr int kWindowSkipped = -2; // in scan records: jumped over after a stage-0 rejection
struct WindowOutcome {
    int Stage = kWindowFlat;
    double Sum = 0.0;
    float NormFactor = 0.0f; // varianceNormFactor = 1 / sqrt(area * sqsum - sum^2)
    int Features = 0;        // feature evaluations spent
};

// (x, y) in level pixels; the window must fit: 0 <= x, x + W < level width + 1 (else flat).
WindowOutcome EvaluateWindow(const HaarCascade& c, const CascadeLevel& level, int x, int y);

// Everything about one window for the hover read-out: every stage it reached.
struct WindowExplanation {
    WindowOutcome Outcome;
    double Mean = 0.0, StdDev = 0.0; // over the normalisation rectangle, grey levels
    std::vector<double> StageSums;   // stages evaluated, in order
    std::vector<float> StageThresholds;
};
WindowExplanation ExplainWindow(const HaarCascade& c, const CascadeLevel& level, int x, int y);

// Per-level scan record of every grid position (level pixels x = GridX * Step, y = GridY * Step;
// the window covers round(x * Scale), round(y * Scale), WindowW x WindowH original pixels):
// Stage as WindowOutcome (kWindowSkipped where the scan jumped over it), Sum = that stage's sum,
// to compare with HaarCascade::Stages[Stage].Threshold.
struct CascadeLevelRecord {
    CascadeScale Scale;
    std::vector<std::int16_t> Stage;
    std::vector<float> Sum;
};

struct CascadeCandidate {
    IntRect Box; // original pixels, as OpenCV's raw candidates
    int Level = 0, GridX = 0, GridY = 0;
};

struct CascadeDetection {
    std::vector<CascadeLevelRecord> Levels;
    std::vector<long long> StageRejections; // windows rejected by each stage
    long long FlatWindows = 0, SkippedWindows = 0, EvaluatedWindows = 0, FeatureEvaluations = 0;
    std::vector<CascadeCandidate> Candidates; // in OpenCV's single-thread order (level, y, x)
    GroupedRects Groups;                      // grouped candidates, before clipping
    std::vector<IntRect> Objects;             // detectMultiScale's output: Groups.Rects clipped to the image
    std::vector<int> ObjectNeighbors;         // members of each object's group
};

// cv::clipObjects: each box intersected with the image; empty ones dropped (with their neighbours).
void ClipObjects(int image_w, int image_h, std::vector<IntRect>& boxes, std::vector<int>* neighbors);

// The whole detection spread over calls: Step(budget) does at least one unit of work (one row of
// windows, or preparing a level) and stops once about `budget` units are spent. A unit ~ one Haar
// feature evaluation (~10 ns natively here: 100 000 units ~ 1 ms); preparing a level costs its
// pixel count / 2. 512 x 512 at scale 1.1: ~15 million units, about OpenCV's 170 ms of CPU.
class CascadeDetectJob {
public:
    static Result<CascadeDetectJob> Start(std::shared_ptr<const HaarCascade> cascade, const GreyImage& grey,
                                          const CascadeOptions& options);
    void Step(long long budget);
    void RunToEnd()
    {
        while (!Done()) Step(1LL << 40);
    }
    bool Done() const { return Done_; }
    double Progress() const; // [0, 1], by windows scanned
    const CascadeDetection& Detection() const { return Det_; }
    const CascadeOptions& Options() const { return Options_; }
    const std::vector<CascadeScale>& Scales() const { return Scales_; }
    // Regroup with another minNeighbors without rescanning (Done() only).
    void Regroup(int min_neighbors);

private:
    std::shared_ptr<const HaarCascade> Cascade_;
    GreyImage Grey_;
    CascadeOptions Options_;
    std::vector<CascadeScale> Scales_;
    CascadeDetection Det_;
    std::optional<CascadeLevel> Level_; // the level being scanned
    int LevelIndex_ = 0, Row_ = 0;
    long long WindowsTotal_ = 0, WindowsDone_ = 0;
    bool Done_ = false;
};

} // namespace mlviz
