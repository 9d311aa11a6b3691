// Multi-object tracking metrics over a sequence, fed one frame at a time.
//
// CLEAR MOT (Bernardin & Stiefelhagen, EURASIP JIVP 2008, Sec. 2.1.2-2.1.3), with IoU as the
// similarity and a pair valid when IoU >= threshold:
//  1. every correspondence (o, h) of the previous frame whose o and h are both present and
//     still valid is kept;
//  2. the remaining objects and hypotheses are matched to maximise the number of valid pairs and
//     then minimise sum(1 - IoU) (linear_sum_assignment, trk_assign.h);
//  3. a match (o, h) made in step 2 is an ID switch when o's last match, at any earlier frame,
//     was another h (py-motmetrics' rule); unmatched objects are FN, unmatched hypotheses FP.
//  MOTA = 1 - (FN + FP + IDSW) / GT;  MOTP = mean IoU of the matches.
// Identity metrics (Ristani, Solera, Zou, Cucchiara, Tomasi, ECCV-W 2016): a (object trajectory,
// hypothesis trajectory) pair agrees in a frame when both are present with IoU >= threshold; the
// one-to-one trajectory mapping maximising the agreeing frames (the min-cost bipartite matching
// of the paper, whose cost IDFN + IDFP is total - 2 IDTP) gives IDTP; IDFN = GT - IDTP,
// IDFP = hypotheses - IDTP, IDF1 = 2 IDTP / (GT + hypotheses).
#pragma once
#include <array>
#include <map>
#include <vector>

#include "topics/tracking/core/trk_kalman.h"

namespace mlviz {

struct MotFrameInput {
    std::vector<int> GtIds;
    std::vector<BoxD> GtBoxes;
    std::vector<int> HypIds;
    std::vector<BoxD> HypBoxes;
};

struct MotFrameEvents {
    std::vector<std::array<int, 2>> Matches;  // (gt id, hyp id)
    std::vector<std::array<int, 2>> Switches; // subset of Matches: ID switches
    std::vector<int> Misses;                  // gt ids
    std::vector<int> FalsePositives;          // hyp ids
};

struct ClearMotSummary {
    long Gt = 0, Matches = 0, FalseNegatives = 0, FalsePositives = 0, IdSwitches = 0;
    double IouSum = 0.0;
    double Mota() const { return Gt > 0 ? 1.0 - double(FalseNegatives + FalsePositives + IdSwitches) / Gt : 0.0; }
    double Motp() const { return Matches > 0 ? IouSum / Matches : 0.0; }
};

// Standard (area-clipped) IoU; 0 for two empty boxes.
double BoxIoU(const BoxD& a, const BoxD& b);

class ClearMotAccumulator {
public:
    explicit ClearMotAccumulator(double iou_threshold = 0.5) : Threshold_(iou_threshold) {}
    MotFrameEvents AddFrame(const MotFrameInput& f);
    const ClearMotSummary& Summary() const { return Summary_; }

private:
    double Threshold_;
    ClearMotSummary Summary_;
    std::map<int, int> Previous_; // gt id -> hyp id matched in the previous frame
    std::map<int, int> Last_;     // gt id -> hyp id of its last match ever
};

struct IdentitySummary {
    long IdTp = 0, IdFp = 0, IdFn = 0, Gt = 0, Hyp = 0;
    std::vector<std::array<int, 2>> Mapping; // (gt id, hyp id) pairs of the global matching
    double Idf1() const { return Gt + Hyp > 0 ? 2.0 * IdTp / double(Gt + Hyp) : 0.0; }
    double Idp() const { return Hyp > 0 ? double(IdTp) / Hyp : 0.0; }
    double Idr() const { return Gt > 0 ? double(IdTp) / Gt : 0.0; }
};

class IdentityAccumulator {
public:
    explicit IdentityAccumulator(double iou_threshold = 0.5) : Threshold_(iou_threshold) {}
    void AddFrame(const MotFrameInput& f);
    IdentitySummary Summary() const; // the global matching: O(n^3) in the number of trajectories

private:
    double Threshold_;
    long Gt_ = 0, Hyp_ = 0;
    std::map<int, int> GtIndex_, HypIndex_;
    std::map<std::pair<int, int>, long> Agree_; // (gt index, hyp index) -> frames
};

} // namespace mlviz
