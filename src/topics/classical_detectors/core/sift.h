// SIFT (Lowe, IJCV 2004) following OpenCV 4.6's SIFT_Impl (features2d/src/sift.dispatch.cpp,
// sift.simd.hpp) with its defaults and float scale space:
// - base: the grey image as float (0..255), doubled with bilinear interpolation, blurred to
//   sigma 1.6 assuming 0.5 already (sqrt(1.6^2 - 4 * 0.5^2)); octaves = round(log2(min side of
//   the base)) - 2 + 1; each octave has layers + 3 Gaussian images (sigma_i = sigma * 2^(i/layers),
//   blurred incrementally), the next octave starts from image [layers] taking every other pixel;
//   layers + 2 DoG images are differences of neighbours;
// - extrema: |DoG| > floor(0.5 * contrast / layers * 255) and >= (<=) all 26 neighbours,
//   5 px from the border; refined by up to 5 Newton steps on the 3-D quadratic (Cramer's rule as
//   Matx33f::solve); dropped when |D(x^)| * layers < contrast (in 0..1 units) or when the 2-D
//   Hessian has tr^2 * r >= (r + 1)^2 * det (r = EdgeThreshold) or det <= 0;
// - orientation: 36-bin histogram of gradients within 3 * 1.5 * scale, Gaussian weight
//   sigma 1.5 * scale, smoothed by [1 4 6 4 1] / 16; every peak >= 0.8 * max gives a keypoint,
//   angle from a parabola through the peak, stored as 360 - angle (OpenCV's convention);
// - descriptor: 4 x 4 cells x 8 bins of weighted gradients over a 3 * scale cell grid rotated by
//   the orientation, trilinear interpolation, L2 normalised, clipped at 0.2, scaled by 512 and
//   saturated to 0..255;
// - keypoints in input pixels; duplicates (same x, y, size, angle) removed; the Features best
//   by |contrast| kept when Features > 0.
// Differences from OpenCV: std::exp / std::atan2 instead of OpenCV's polynomial approximations,
// plain float convolution order; exact agreement is not the goal (the tests check properties
// and repeatability against OpenCV, tools/classical_detectors_reference.py).
#pragma once
#include <vector>

#include "topics/classical_detectors/core/grey.h"
#include "topics/classical_detectors/core/keypoint.h"

namespace mlviz {

struct SiftOptions {
    int Features = 0;                // [0, 10000], 0 = all
    int OctaveLayers = 3;            // [1, 6]
    double ContrastThreshold = 0.04; // [0, 0.5]
    double EdgeThreshold = 10.0;     // [1, 100]
    double Sigma = 1.6;              // [0.5, 5]
    bool DoubleImage = true;         // OpenCV's firstOctave = -1
    bool KeepScaleSpace = true;      // false: free each octave's DoG after its extrema and every
                                     // Gaussian after the descriptors (~60 MB for 512 x 512)
};

Result<bool> ValidateSiftOptions(const SiftOptions& o);

struct SiftOctave {
    std::vector<FloatImage> Gauss; // OctaveLayers + 3
    std::vector<FloatImage> Dog;   // OctaveLayers + 2
};

// Why DoG extrema were dropped, for the funnel.
struct SiftCounts {
    long long Extrema = 0;      // 26-neighbour extrema above the pre-threshold
    long long NotConverged = 0; // refinement left the octave or did not settle
    long long LowContrast = 0;
    long long OnEdge = 0;
    long long Accepted = 0; // refined extrema (before one keypoint per orientation peak)
};

struct SiftResult {
    int FirstOctave = -1;
    std::vector<SiftOctave> Octaves;
    SiftCounts Counts;
    std::vector<Keypoint> Keypoints; // sorted as KeyPointsFilter::removeDuplicatedSorted leaves them
    std::vector<SiftDescriptor> Descriptors;
};

class SiftJob {
public:
    static Result<SiftJob> Start(const GreyImage& grey, const SiftOptions& options);
    // Works until about `budget` units are spent, at least one task (a unit ~ one multiply-add,
    // ~1 ns natively here; 512 x 512 is ~350 million units, ~300 ms; tasks are ~400 000 units).
    void Step(long long budget);
    void RunToEnd()
    {
        while (!Done()) Step(1LL << 40);
    }
    bool Done() const { return Next_ >= Tasks_.size(); }
    double Progress() const;
    const SiftResult& Output() const { return Out_; }

    enum class TaskKind { Base, BlurH, BlurV, Downsample, Dog, Extrema, Finish, Describe };
    struct Task {
        TaskKind Kind = TaskKind::Base;
        int Octave = 0, Layer = 0, Begin = 0, End = 0; // rows, or keypoints for Describe
        long long Cost = 1;
    };

private:
    void Plan();
    void AddBlur(int octave, int layer, int width, int height);
    void Run(const Task& t);

    SiftOptions Options_;
    GreyImage Grey_;
    SiftResult Out_;
    std::vector<double> Sigmas_;
    std::vector<std::vector<float>> Kernels_; // per layer; [0] = the base blur
    FloatImage Upsampled_, Tmp_;
    std::vector<Keypoint> Raw_; // before deduplication, octave coordinates
    std::vector<Task> Tasks_;
    std::size_t Next_ = 0;
    long long CostDone_ = 0, CostTotal_ = 1;
};

Result<SiftResult> DetectSift(const GreyImage& grey, const SiftOptions& options);

// The pieces, for tests and the view. `img` is an octave's Gaussian image; (x, y), radius and
// sigma in that octave's pixels; hist gets 36 smoothed bins; returns the maximum.
float SiftOrientationHistogram(const FloatImage& img, int x, int y, int radius, float sigma, float hist[36]);
// The 128 values at (x, y) of `img` (octave pixels), orientation in degrees (OpenCV's 360 - angle
// convention already applied), scale = half the keypoint size in octave pixels.
SiftDescriptor SiftDescribe(const FloatImage& img, float x, float y, float ori_deg, float scale);

} // namespace mlviz
