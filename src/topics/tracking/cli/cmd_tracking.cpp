// mlviz-cli tracking:
//   {"op": "assign", "cost": [[..]..], "maximize"?: false} -> {"rows", "cols", "total"}
//     (scipy.optimize.linear_sum_assignment, ties included; null stands for +inf, a forbidden pair)
//   {"op": "sort", "detections": [[frame, [[x1, y1, x2, y2(, score)]..]]..], "max_age"?: 1,
//    "min_hits"?: 3, "iou_threshold"?: 0.3, "method"?: "hungarian" | "greedy"} (max_age in [0, 100],
//    min_hits in [0, 30]: the topic's slider ranges)
//     -> {"frames": [{"frame": f, "tracks": [[x1, y1, x2, y2, id]..]}..]}
//     Frames run from the first to the last frame given, with frames not listed as empty (sort.py
//     must see every frame); tracks in sort.py's output order. Semantics in trk_sort.h.
#include <cmath>
#include <string>

#include "cli/commands.h"
#include "topics/tracking/core/trk_assign.h"
#include "topics/tracking/core/trk_sort.h"
#include "topics/tracking/core/tracking_state.h"

namespace mlviz {

namespace {

constexpr int kMaxAssignSide = 500; // O(n^3): well under a second
constexpr long long kMaxFrameNumber = 100000;
constexpr long long kMaxFrameSpan = 10000;
constexpr std::size_t kMaxTotalDetections = 200000;

Json AssignOp(const Json& in)
{
    RequireObject(in, {"op", "cost", "maximize"});
    const bool maximize = ReadBool(in, "maximize", false);
    const auto it = in.find("cost");
    if (it == in.end()) FailInput("missing field 'cost' (an array of rows)");
    if (!it->is_array()) FailInput("field 'cost' must be an array of rows");
    const int rows = static_cast<int>(it->size());
    if (rows > kMaxAssignSide) FailInput("field 'cost' has more than " + std::to_string(kMaxAssignSide) + " rows");
    int cols = 0;
    std::vector<double> cost;
    for (int i = 0; i < rows; ++i) {
        const Json& row = (*it)[i];
        const std::string rn = "cost[" + std::to_string(i) + "]";
        if (!row.is_array()) FailInput("field '" + rn + "' must be an array of numbers");
        if (i == 0) cols = static_cast<int>(row.size());
        if (static_cast<int>(row.size()) != cols)
            FailInput("field '" + rn + "' has " + std::to_string(row.size()) + " values, row 0 has " + std::to_string(cols));
        if (cols > kMaxAssignSide) FailInput("field 'cost' has more than " + std::to_string(kMaxAssignSide) + " columns");
        for (int j = 0; j < cols; ++j) {
            const Json& v = row[j];
            const std::string vn = rn + "[" + std::to_string(j) + "]";
            if (v.is_null()) {
                cost.push_back(maximize ? -INFINITY : INFINITY);
                continue;
            }
            if (!v.is_number()) FailInput("field '" + vn + "' must be a number or null (forbidden pair), got " + v.type_name());
            const double x = v.get<double>();
            if (!std::isfinite(x)) FailInput("field '" + vn + "' is not finite");
            cost.push_back(x);
        }
    }
    const auto a = LinearSumAssignment(cost, rows, cols, maximize);
    if (!a) FailInput(a.Error());
    return {{"rows", a->Rows}, {"cols", a->Cols}, {"total", a->Total}};
}

Json SortOp(const Json& in)
{
    RequireObject(in, {"op", "detections", "max_age", "min_hits", "iou_threshold", "method"});
    // The same ranges as the topic's sliders and links (its field table).
    const auto& t = TrackingStateSchema();
    SortParams p;
    p.MaxAge = static_cast<int>(ReadStateField(in, "max_age", t, "max_age", p.MaxAge));
    p.MinHits = static_cast<int>(ReadStateField(in, "min_hits", t, "min_hits", p.MinHits));
    p.IouThreshold = ReadStateField(in, "iou_threshold", t, "iou", p.IouThreshold);
    const std::string method = ReadString(in, "method", "hungarian");
    if (method == "hungarian")
        p.Method = Association::Hungarian;
    else if (method == "greedy")
        p.Method = Association::Greedy;
    else
        FailInput("field 'method': unknown method '" + method + "' (one of hungarian, greedy)");

    const auto it = in.find("detections");
    if (it == in.end()) FailInput("missing field 'detections' (an array of [frame, [boxes]])");
    if (!it->is_array()) FailInput("field 'detections' must be an array of [frame, [boxes]]");
    std::vector<std::pair<long long, std::vector<BoxD>>> frames;
    std::size_t total = 0;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& e = (*it)[i];
        const std::string en = "detections[" + std::to_string(i) + "]";
        if (!e.is_array() || e.size() != 2) FailInput("field '" + en + "' must be [frame, [boxes]]");
        if (!e[0].is_number()) FailInput("field '" + en + "[0]' must be a frame number");
        const double f = e[0].get<double>();
        if (!std::isfinite(f) || f != std::floor(f) || f < 0 || f > kMaxFrameNumber)
            FailInput("field '" + en + "[0]' must be an integer frame number in [0, " + std::to_string(kMaxFrameNumber) + "]");
        const long long frame = static_cast<long long>(f);
        if (!frames.empty() && frame <= frames.back().first) FailInput("field '" + en + "[0]': frame numbers must increase");
        if (!frames.empty() && frame - frames.front().first >= kMaxFrameSpan)
            FailInput("field '" + en + "[0]': at most " + std::to_string(kMaxFrameSpan) + " frames from the first");
        if (!e[1].is_array()) FailInput("field '" + en + "[1]' must be an array of boxes");
        if (e[1].size() > static_cast<std::size_t>(kSortMaxDetections))
            FailInput("field '" + en + "[1]' has more than " + std::to_string(kSortMaxDetections) + " boxes");
        total += e[1].size();
        if (total > kMaxTotalDetections)
            FailInput("field 'detections': more than " + std::to_string(kMaxTotalDetections) + " boxes in all");
        std::vector<BoxD> boxes;
        for (std::size_t j = 0; j < e[1].size(); ++j) {
            const Json& b = e[1][j];
            const std::string bn = en + "[1][" + std::to_string(j) + "]";
            if (!b.is_array() || (b.size() != 4 && b.size() != 5))
                FailInput("field '" + bn + "' must be [x1, y1, x2, y2] or [x1, y1, x2, y2, score]");
            double v[5] = {0, 0, 0, 0, 0};
            for (std::size_t k = 0; k < b.size(); ++k) {
                if (!b[k].is_number()) FailInput("field '" + bn + "[" + std::to_string(k) + "]' must be a number");
                v[k] = b[k].get<double>();
                if (!std::isfinite(v[k]) || std::fabs(v[k]) > 1e7)
                    FailInput("field '" + bn + "[" + std::to_string(k) + "]' must be finite, |x| <= 1e7");
            }
            if (!(v[2] > v[0]) || !(v[3] > v[1])) FailInput("field '" + bn + "' must have x2 > x1 and y2 > y1");
            boxes.push_back({v[0], v[1], v[2], v[3]});
        }
        frames.push_back({frame, std::move(boxes)});
    }
    Json out = Json::array();
    if (!frames.empty()) {
        SortTracker tracker(p);
        std::size_t next = 0;
        for (long long f = frames.front().first; f <= frames.back().first; ++f) {
            static const std::vector<BoxD> kNone;
            const bool given = next < frames.size() && frames[next].first == f;
            const auto r = tracker.Update(given ? frames[next].second : kNone);
            if (given) ++next;
            if (!r) FailInput(r.Error());
            Json tracks = Json::array();
            for (const SortOutput& o : *r) tracks.push_back({o.Box.X1, o.Box.Y1, o.Box.X2, o.Box.Y2, o.Id});
            out.push_back({{"frame", f}, {"tracks", tracks}});
        }
    }
    return {{"frames", out}};
}

} // namespace

Json TrackingCommand(const Json& in)
{
    if (!in.is_object()) FailInput("the input must be a JSON object with an 'op' field");
    const std::string op = RequireString(in, "op");
    if (op == "assign") return AssignOp(in);
    if (op == "sort") return SortOp(in);
    FailInput("field 'op': unknown operation '" + op + "' (one of assign, sort)");
}

} // namespace mlviz
