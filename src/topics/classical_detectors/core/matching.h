// Descriptor matching and the evaluation of keypoints under a known transform.
// - ORB: brute force with Hamming distance, cross-checked (cv2.BFMatcher(NORM_HAMMING,
//   crossCheck=True): a's nearest is b and b's nearest is a; ties keep the lower index).
// - SIFT: brute force with L2 distance and Lowe's ratio test (cv2.BFMatcher(NORM_L2).knnMatch
//   k = 2, kept when d1 < ratio * d2).
// - Repeatability (the definition tools/classical_detectors_reference.py uses for OpenCV):
//   A's keypoints whose image H(a) lies in B ([0, w-1] x [0, h-1]), B's whose preimage lies in A;
//   repeated = A's inside ones with a B keypoint (inside) within eps pixels of H(a);
//   repeatability = repeated / min(#A inside, #B inside).
// - A match (a, b) is correct when |H(a) - b| <= eps.
#pragma once
#include <vector>

#include "topics/classical_detectors/core/keypoint.h"
#include "topics/classical_detectors/core/transform.h"

namespace mlviz {

struct FeatureMatch {
    int A = 0, B = 0;      // keypoint indices
    float Distance = 0.0f; // Hamming bits or L2
    bool Correct = false;  // set by EvaluateKeypoints
};

std::vector<FeatureMatch> MatchHamming(const std::vector<OrbDescriptor>& a, const std::vector<OrbDescriptor>& b,
                                       bool cross_check = true);

// MatchHamming in slices: rows [begin, end) of a into `state`, then the matches.
struct HammingState {
    std::vector<int> BestAB, DistAB, BestBA, DistBA;
};
void MatchHammingRows(const std::vector<OrbDescriptor>& a, const std::vector<OrbDescriptor>& b, std::size_t begin,
                      std::size_t end, HammingState& state);
std::vector<FeatureMatch> MatchHammingFinish(const std::vector<OrbDescriptor>& a, const HammingState& state, bool cross_check);
std::vector<FeatureMatch> MatchRatio(const std::vector<SiftDescriptor>& a, const std::vector<SiftDescriptor>& b,
                                     float ratio = 0.75f);

// Rows [begin, end) of a's ratio matches, appended (MatchRatio in slices).
void MatchRatioRows(const std::vector<SiftDescriptor>& a, const std::vector<SiftDescriptor>& b, float ratio, std::size_t begin,
                    std::size_t end, std::vector<FeatureMatch>& out);

struct KeypointEvaluation {
    int InsideA = 0, InsideB = 0, Repeated = 0;
    double Repeatability = 0.0; // [0, 1]
    int Matches = 0, CorrectMatches = 0;
    double Precision = 0.0; // correct / matches (0 without matches)
};

// Marks matches[i].Correct. eps > 0 pixels.
KeypointEvaluation EvaluateKeypoints(const std::vector<Keypoint>& a, const std::vector<Keypoint>& b, const Homography& h,
                                     int width, int height, std::vector<FeatureMatch>& matches, double eps = 3.0);

} // namespace mlviz
