// Otsu's global threshold (Otsu 1979) on an 8-bit histogram, with the whole between-class
// variance curve for the plot, and a manual threshold to compare.
//
// Convention (both references): a threshold t splits the pixels into class 0 = {v <= t} and
// class 1 = {v > t}; binarising is v > t (cv2.THRESH_BINARY). The result equals OpenCV 4.6
// cv2.threshold(img, 0, 255, THRESH_BINARY | THRESH_OTSU)[0] exactly: its running-mean
// arithmetic in double, bins skipped while either class weight is < FLT_EPSILON, first maximum
// kept (strict >). skimage.filters.threshold_otsu (0.19) returns the same t on 8-bit images: it
// too gives the last value of class 0 (bin_centers[argmax], used as image > t), so there is no
// off-by-one between the two on uint8 input; they differ on a constant image (cv2 gives 0, skimage
// the value) and on float input (skimage returns a bin centre between min and max, not an integer).
#pragma once
#include <array>
#include <cstdint>

#include "core/result.h"
#include "topics/image_processing/core/planes.h"

namespace mlviz {

using Histogram256 = std::array<std::int64_t, 256>;

Histogram256 ComputeHistogram(const Plane8& img);

struct OtsuResult {
    int Threshold = 0;                         // cv2's value; class 1 = pixels > Threshold
    std::array<double, 256> BetweenVariance{}; // sigma_B^2(t) = w0 w1 (mu0 - mu1)^2 in grey levels^2; 0 where a class is empty
    double MaxVariance = 0.0;                  // BetweenVariance[Threshold]
    double TotalVariance = 0.0;                // sigma^2 of all pixels: eta = MaxVariance / TotalVariance
    double Mean = 0.0;
    std::int64_t Count = 0;
    // Statistics of the two classes at Threshold.
    double Weight0 = 0.0, Weight1 = 0.0, Mean0 = 0.0, Mean1 = 0.0;
};

// Fails on an empty histogram. A histogram with one occupied bin gives Threshold 0 (as cv2).
Result<OtsuResult> OtsuFromHistogram(const Histogram256& hist);
Result<OtsuResult> Otsu(const Plane8& img);

// 255 where v > t, else 0 (cv2.threshold(img, t, 255, THRESH_BINARY)); t may be -1 (all) .. 255 (none).
Plane8 ThresholdBinary(const Plane8& img, int t);

// The statistics of a manual threshold t in [0, 255] for the comparison read-out.
struct ThresholdStats {
    double Weight0 = 0.0, Weight1 = 0.0, Mean0 = 0.0, Mean1 = 0.0, BetweenVariance = 0.0;
};
ThresholdStats StatsAtThreshold(const Histogram256& hist, int t);

} // namespace mlviz
