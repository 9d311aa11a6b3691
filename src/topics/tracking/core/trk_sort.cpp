// SORT, frame by frame, with its trace (see trk_sort.h).
#include "topics/tracking/core/trk_sort.h"

#include <algorithm>
#include <cmath>

#include "topics/tracking/core/trk_assign.h"

namespace mlviz {

double SortIoU(const BoxD& d, const BoxD& t)
{
    const double xx1 = std::max(d.X1, t.X1), yy1 = std::max(d.Y1, t.Y1);
    const double xx2 = std::min(d.X2, t.X2), yy2 = std::min(d.Y2, t.Y2);
    const double w = std::max(0.0, xx2 - xx1), h = std::max(0.0, yy2 - yy1);
    const double wh = w * h;
    return wh / ((d.X2 - d.X1) * (d.Y2 - d.Y1) + (t.X2 - t.X1) * (t.Y2 - t.Y1) - wh);
}

Message ValidateSortParams(const SortParams& p)
{
    if (p.MaxAge < 0 || p.MaxAge > 1000) return Msg("max_age должно быть в [%d, %d]", 0, 1000);
    if (p.MinHits < 0 || p.MinHits > 1000) return Msg("min_hits должно быть в [%d, %d]", 0, 1000);
    if (!(p.IouThreshold >= 0.0 && p.IouThreshold <= 1.0)) return Msg("iou_threshold должно быть в [0, 1]");
    return {};
}

SortTrackerInfo SortTracker::Info(const Tracker& t)
{
    SortTrackerInfo i;
    i.Id = t.Id;
    i.Box = StateToBox(t.Kf.X.data());
    for (int k = 0; k < 7; ++k) i.State[k] = t.Kf.X[k];
    i.CovUV = {t.Kf.P[0], t.Kf.P[1], t.Kf.P[7], t.Kf.P[8]};
    i.Age = t.Age;
    i.Hits = t.Hits;
    i.HitStreak = t.HitStreak;
    i.TimeSinceUpdate = t.TimeSinceUpdate;
    return i;
}

Result<std::vector<SortOutput>> SortTracker::Update(const std::vector<BoxD>& dets, SortFrameTrace* trace)
{
    using R = Result<std::vector<SortOutput>>;
    if (Message m = ValidateSortParams(Params_); !m.Empty()) return R::Fail(m);
    if (dets.size() > static_cast<std::size_t>(kSortMaxDetections))
        return R::Fail(Msg("детекций в кадре должно быть не больше %d", kSortMaxDetections));
    for (std::size_t i = 0; i < dets.size(); ++i) {
        const BoxD& b = dets[i];
        if (!std::isfinite(b.X1) || !std::isfinite(b.Y1) || !std::isfinite(b.X2) || !std::isfinite(b.Y2) || !(b.X2 > b.X1) ||
            !(b.Y2 > b.Y1))
            return R::Fail(Msg("детекция %d: нужна конечная рамка с x2 > x1 и y2 > y1", static_cast<int>(i)));
    }
    SortFrameTrace local;
    SortFrameTrace& tr = trace ? *trace : local;
    tr = SortFrameTrace{};
    ++FrameCount_;
    tr.FrameCount = FrameCount_;
    tr.Detections = dets;

    // 1. predict; drop trackers whose predicted box has NaN.
    std::vector<BoxD> predicted;
    std::vector<Tracker> kept;
    for (Tracker& t : Trackers_) {
        if (t.Kf.X[6] + t.Kf.X[2] <= 0.0) t.Kf.X[6] *= 0.0;
        KalmanPredict(t.Kf);
        ++t.Age;
        if (t.TimeSinceUpdate > 0) t.HitStreak = 0;
        ++t.TimeSinceUpdate;
        const BoxD b = StateToBox(t.Kf.X.data());
        if (std::isnan(b.X1) || std::isnan(b.Y1) || std::isnan(b.X2) || std::isnan(b.Y2)) {
            tr.DroppedNan.push_back(t.Id);
            continue;
        }
        predicted.push_back(b);
        kept.push_back(t);
        tr.Predicted.push_back(Info(t));
    }
    Trackers_ = std::move(kept);

    // 2-4. associate.
    const int nd = static_cast<int>(dets.size()), nt = static_cast<int>(predicted.size());
    std::vector<std::array<int, 2>> assigned;
    if (nt == 0) {
        for (int d = 0; d < nd; ++d) tr.UnmatchedDetections.push_back(d);
    } else {
        tr.Iou.assign(static_cast<std::size_t>(nd) * nt, 0.0);
        for (int d = 0; d < nd; ++d)
            for (int t = 0; t < nt; ++t) tr.Iou[d * nt + t] = SortIoU(dets[d], predicted[t]);
        if (nd > 0) {
            std::vector<int> row_count(nd, 0), col_count(nt, 0);
            for (int d = 0; d < nd; ++d)
                for (int t = 0; t < nt; ++t)
                    if (tr.Iou[d * nt + t] > Params_.IouThreshold) {
                        ++row_count[d];
                        ++col_count[t];
                    }
            const int max_row = *std::max_element(row_count.begin(), row_count.end());
            const int max_col = *std::max_element(col_count.begin(), col_count.end());
            if (max_row == 1 && max_col == 1) {
                tr.Shortcut = true;
                for (int d = 0; d < nd; ++d)
                    for (int t = 0; t < nt; ++t)
                        if (tr.Iou[d * nt + t] > Params_.IouThreshold) assigned.push_back({d, t});
            } else if (Params_.Method == Association::Greedy) {
                const Assignment a = GreedyMaxAssignment(tr.Iou, nd, nt, -INFINITY);
                for (std::size_t k = 0; k < a.Rows.size(); ++k) assigned.push_back({a.Rows[k], a.Cols[k]});
            } else {
                std::vector<double> cost(tr.Iou.size());
                for (std::size_t k = 0; k < cost.size(); ++k) cost[k] = -tr.Iou[k];
                const auto a = LinearSumAssignment(cost, nd, nt);
                if (!a) return R::Fail(a.Error());
                for (std::size_t k = 0; k < a->Rows.size(); ++k) assigned.push_back({a->Rows[k], a->Cols[k]});
            }
        }
        std::vector<char> det_in(nd, 0), trk_in(nt, 0);
        for (const auto& m : assigned) det_in[m[0]] = trk_in[m[1]] = 1;
        for (int d = 0; d < nd; ++d)
            if (!det_in[d]) tr.UnmatchedDetections.push_back(d);
        for (int t = 0; t < nt; ++t)
            if (!trk_in[t]) tr.UnmatchedTrackers.push_back(t);
        for (const auto& m : assigned) {
            if (tr.Iou[m[0] * nt + m[1]] < Params_.IouThreshold) {
                tr.UnmatchedDetections.push_back(m[0]);
                tr.UnmatchedTrackers.push_back(m[1]);
                tr.Gated.push_back(m);
            } else {
                tr.Matches.push_back(m);
            }
        }
    }
    tr.Assigned = assigned;

    // 5. update matched trackers, start new ones.
    for (const auto& m : tr.Matches) {
        Tracker& t = Trackers_[m[1]];
        t.TimeSinceUpdate = 0;
        ++t.Hits;
        ++t.HitStreak;
        const auto z = BoxToMeasurement(dets[m[0]]);
        KalmanUpdate(t.Kf, z.data(), Params_.Form);
    }
    for (int d : tr.UnmatchedDetections) {
        Tracker t;
        t.Kf = MakeSortKalman(dets[d]);
        t.Id = NextId_++;
        tr.Born.push_back(t.Id);
        Trackers_.push_back(t);
    }
    for (const Tracker& t : Trackers_) tr.Trackers.push_back(Info(t));

    // 6. output (reverse order) and deaths.
    std::vector<SortOutput> out;
    for (int i = static_cast<int>(Trackers_.size()) - 1; i >= 0; --i) {
        const Tracker& t = Trackers_[i];
        if (t.TimeSinceUpdate < 1 && (t.HitStreak >= Params_.MinHits || FrameCount_ <= Params_.MinHits))
            out.push_back({t.Id + 1, StateToBox(t.Kf.X.data())});
        if (t.TimeSinceUpdate > Params_.MaxAge) {
            tr.Died.push_back(t.Id);
            Trackers_.erase(Trackers_.begin() + i);
        }
    }
    tr.Output = out;
    return out;
}

} // namespace mlviz
