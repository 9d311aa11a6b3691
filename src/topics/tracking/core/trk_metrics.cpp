// CLEAR MOT and identity metrics (see trk_metrics.h).
#include "topics/tracking/core/trk_metrics.h"

#include <algorithm>
#include <cmath>

#include "topics/tracking/core/trk_assign.h"

namespace mlviz {

double BoxIoU(const BoxD& a, const BoxD& b)
{
    const double w = std::min(a.X2, b.X2) - std::max(a.X1, b.X1), h = std::min(a.Y2, b.Y2) - std::max(a.Y1, b.Y1);
    const double inter = w > 0.0 && h > 0.0 ? w * h : 0.0;
    const double aa = std::max(0.0, a.X2 - a.X1) * std::max(0.0, a.Y2 - a.Y1);
    const double ab = std::max(0.0, b.X2 - b.X1) * std::max(0.0, b.Y2 - b.Y1);
    const double uni = aa + ab - inter;
    return uni > 0.0 ? inter / uni : 0.0;
}

MotFrameEvents ClearMotAccumulator::AddFrame(const MotFrameInput& f)
{
    const int no = static_cast<int>(f.GtIds.size()), nh = static_cast<int>(f.HypIds.size());
    std::vector<double> iou(static_cast<std::size_t>(no) * nh);
    for (int i = 0; i < no; ++i)
        for (int j = 0; j < nh; ++j) iou[i * nh + j] = BoxIoU(f.GtBoxes[i], f.HypBoxes[j]);
    auto valid = [&](int i, int j) { return iou[i * nh + j] >= Threshold_; };
    std::vector<char> o_used(no, 0), h_used(nh, 0);
    MotFrameEvents ev;
    std::map<int, int> current;
    auto match = [&](int i, int j, bool is_switch) {
        o_used[i] = h_used[j] = 1;
        ev.Matches.push_back({f.GtIds[i], f.HypIds[j]});
        if (is_switch) ev.Switches.push_back({f.GtIds[i], f.HypIds[j]});
        current[f.GtIds[i]] = f.HypIds[j];
        Last_[f.GtIds[i]] = f.HypIds[j];
        Summary_.IouSum += iou[i * nh + j];
    };
    // 1. keep the previous frame's correspondences that are still valid.
    for (int i = 0; i < no; ++i) {
        const auto it = Previous_.find(f.GtIds[i]);
        if (it == Previous_.end()) continue;
        for (int j = 0; j < nh; ++j)
            if (!h_used[j] && f.HypIds[j] == it->second && valid(i, j)) {
                match(i, j, false);
                break;
            }
    }
    // 2. the rest: most valid pairs, then least total distance (invalid pairs cost more than any
    // set of valid ones, and are dropped afterwards).
    std::vector<int> rows, cols;
    for (int i = 0; i < no; ++i)
        if (!o_used[i]) rows.push_back(i);
    for (int j = 0; j < nh; ++j)
        if (!h_used[j]) cols.push_back(j);
    if (!rows.empty() && !cols.empty()) {
        const double big = 2.0 * (std::min(rows.size(), cols.size()) + 1);
        std::vector<double> cost(rows.size() * cols.size());
        for (std::size_t a = 0; a < rows.size(); ++a)
            for (std::size_t b = 0; b < cols.size(); ++b)
                cost[a * cols.size() + b] = valid(rows[a], cols[b]) ? 1.0 - iou[rows[a] * nh + cols[b]] : big;
        const auto asg = LinearSumAssignment(cost, static_cast<int>(rows.size()), static_cast<int>(cols.size()));
        if (asg.Ok())
            for (std::size_t k = 0; k < asg->Rows.size(); ++k) {
                const int i = rows[asg->Rows[k]], j = cols[asg->Cols[k]];
                if (!valid(i, j)) continue;
                const auto last = Last_.find(f.GtIds[i]);
                match(i, j, last != Last_.end() && last->second != f.HypIds[j]);
            }
    }
    for (int i = 0; i < no; ++i)
        if (!o_used[i]) ev.Misses.push_back(f.GtIds[i]);
    for (int j = 0; j < nh; ++j)
        if (!h_used[j]) ev.FalsePositives.push_back(f.HypIds[j]);
    Previous_ = std::move(current);
    Summary_.Gt += no;
    Summary_.Matches += static_cast<long>(ev.Matches.size());
    Summary_.FalseNegatives += static_cast<long>(ev.Misses.size());
    Summary_.FalsePositives += static_cast<long>(ev.FalsePositives.size());
    Summary_.IdSwitches += static_cast<long>(ev.Switches.size());
    return ev;
}

void IdentityAccumulator::AddFrame(const MotFrameInput& f)
{
    auto index = [](std::map<int, int>& m, int id) {
        const auto it = m.find(id);
        if (it != m.end()) return it->second;
        const int k = static_cast<int>(m.size());
        m[id] = k;
        return k;
    };
    Gt_ += static_cast<long>(f.GtIds.size());
    Hyp_ += static_cast<long>(f.HypIds.size());
    std::vector<int> gi, hi;
    for (int id : f.GtIds) gi.push_back(index(GtIndex_, id));
    for (int id : f.HypIds) hi.push_back(index(HypIndex_, id));
    for (std::size_t i = 0; i < gi.size(); ++i)
        for (std::size_t j = 0; j < hi.size(); ++j)
            if (BoxIoU(f.GtBoxes[i], f.HypBoxes[j]) >= Threshold_) ++Agree_[{gi[i], hi[j]}];
}

IdentitySummary IdentityAccumulator::Summary() const
{
    IdentitySummary s;
    s.Gt = Gt_;
    s.Hyp = Hyp_;
    const int ng = static_cast<int>(GtIndex_.size()), nh = static_cast<int>(HypIndex_.size());
    if (ng > 0 && nh > 0 && !Agree_.empty()) {
        std::vector<double> cost(static_cast<std::size_t>(ng) * nh, 0.0);
        for (const auto& [key, n] : Agree_) cost[static_cast<std::size_t>(key.first) * nh + key.second] = -static_cast<double>(n);
        const auto a = LinearSumAssignment(cost, ng, nh);
        if (a.Ok()) {
            std::vector<int> gt_id(ng), hyp_id(nh);
            for (const auto& [id, k] : GtIndex_) gt_id[k] = id;
            for (const auto& [id, k] : HypIndex_) hyp_id[k] = id;
            for (std::size_t k = 0; k < a->Rows.size(); ++k) {
                const auto it = Agree_.find({a->Rows[k], a->Cols[k]});
                if (it == Agree_.end()) continue; // zero agreement: no real pair
                s.IdTp += it->second;
                s.Mapping.push_back({gt_id[a->Rows[k]], hyp_id[a->Cols[k]]});
            }
        }
    }
    std::sort(s.Mapping.begin(), s.Mapping.end());
    s.IdFn = s.Gt - s.IdTp;
    s.IdFp = s.Hyp - s.IdTp;
    return s;
}

} // namespace mlviz
