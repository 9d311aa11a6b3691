// SIFT vs ORB on the same image and on a transformed copy with a known homography: keypoints,
// descriptors, matches (cross-checked Hamming for ORB, L2 with Lowe's ratio for SIFT), correct
// matches, repeatability (matching.h) and the time each detector took, as one sliceable job.
#pragma once
#include <memory>
#include <optional>

#include "topics/classical_detectors/core/matching.h"
#include "topics/classical_detectors/core/orb.h"
#include "topics/classical_detectors/core/sift.h"
#include "topics/classical_detectors/core/transform.h"

namespace mlviz {

struct CompareOptions {
    TransformSpec Transform;
    OrbOptions Orb;
    SiftOptions Sift;
    double Eps = 3.0;       // pixels, (0, 50]: a keypoint is found again / a match is correct within it
    float Ratio = 0.75f;    // Lowe's ratio, (0, 1]
    bool CrossCheck = true; // ORB matching
};

Result<bool> ValidateCompareOptions(const CompareOptions& o);

struct DetectorReport {
    std::vector<Keypoint> KeypointsA, KeypointsB;
    std::vector<FeatureMatch> Matches;
    KeypointEvaluation Eval;
    double MillisA = 0.0, MillisB = 0.0; // detection + description time on each image (wall clock)
    double MillisMatch = 0.0;
};

struct CompareResult {
    TransformedImage B;
    DetectorReport Orb, Sift;
    std::shared_ptr<const OrbResult> OrbA, OrbB; // full detector outputs (pyramids, descriptors)
    std::shared_ptr<const SiftResult> SiftA, SiftB;
};

class CompareJob {
public:
    // `previous` (optional): a finished job on the same image whose detector options are equal;
    // its image-A results are reused, so changing the transform only reruns image B.
    static Result<CompareJob> Start(const GreyImage& a, const CompareOptions& options, const CompareJob* previous = nullptr);
    // Budget in the detectors' units (orb.h, sift.h); at least one unit of work per call.
    void Step(long long budget);
    void RunToEnd()
    {
        while (!Done()) Step(1LL << 40);
    }
    bool Done() const { return Phase_ >= kPhaseCount; }
    double Progress() const;
    const CompareResult& Output() const { return Out_; }

private:
    enum Phase { kTransform, kOrbA, kOrbB, kSiftA, kSiftB, kMatchOrb, kMatchSift, kPhaseCount };
    bool Advance(long long budget); // false when the phase was skipped without work

    GreyImage A_;
    CompareOptions Options_;
    CompareResult Out_;
    int Phase_ = 0;
    std::optional<TransformJob> Transform_;
    std::optional<OrbJob> Orb_;
    std::optional<SiftJob> Sift_;
    HammingState Hamming_;
    std::size_t MatchRow_ = 0;
};

} // namespace mlviz
