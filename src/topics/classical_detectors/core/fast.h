// FAST-9 corners (Rosten & Drummond), equal to OpenCV 4.6's
// cv2.FastFeatureDetector_create(threshold, nonmaxSuppression).detect(grey) with TYPE_9_16
// (features2d/src/fast.cpp, fast_score.cpp): a pixel p is a corner when 9 contiguous pixels of
// the 16-pixel Bresenham circle of radius 3 are all > p + t or all < p - t; candidates lie in
// [3, w-4] x [3, h-4]. Score = (max over the 16 arcs of 9 of max(min(p - c), -max(p - c))) - 1,
// the largest threshold at which p stays a corner (OpenCV's SIMD cornerScore<16>); with
// non-maximum suppression a corner survives when its score is strictly greater than the scores
// of its 8 neighbours (0 where no corner). Output in raster order (y, then x).
#pragma once
#include <cstdint>
#include <vector>

#include "topics/classical_detectors/core/grey.h"

namespace mlviz {

struct FastCorner {
    int X = 0, Y = 0;
    int Score = 0; // cv2's KeyPoint.response with nonmax suppression (cv2 leaves it 0 without)
};

// The circle's 16 offsets in OpenCV's order (dx, dy), starting straight below, for drawing.
extern const int kFastCircle[16][2];

// Fails unless threshold is in [0, 255] and the image valid.
Result<std::vector<FastCorner>> DetectFast(const GreyImage& img, int threshold, bool nonmax);

// The same in two passes so that a job can spread it over frames: FastScoreRows fills rows
// [row_begin, row_end) of a score map (w * h, -1 = no corner; sized by the first call), then
// FastCollect applies the suppression. threshold must be in [0, 255].
void FastScoreRows(const GreyImage& img, int threshold, int row_begin, int row_end, std::vector<std::int16_t>& map);
std::vector<FastCorner> FastCollect(const GreyImage& img, const std::vector<std::int16_t>& map, bool nonmax);

// The score of (x, y) (0 unless it is a corner at `threshold`); x, y in [3, w-4] x [3, h-4].
int FastScore(const GreyImage& img, int x, int y, int threshold);

} // namespace mlviz
