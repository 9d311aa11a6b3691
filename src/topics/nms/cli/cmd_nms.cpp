// mlviz-cli nms: {"boxes", "scores", "classes"?, "iou_threshold", "method", "sigma",
// "score_threshold", "trace"} -> {"keep", "scores", "trace"?}; semantics in core/nms.h.
#include <cfloat>
#include <cmath>
#include <sstream>

#include "cli/commands.h"
#include "topics/nms/core/nms.h"

namespace mlviz {

namespace {

// The trace is O(n^2) events for Soft-NMS; beyond this it would be megabytes of JSON.
constexpr std::size_t kMaxTraceBoxes = 2000;

float ToFloat(double v, const std::string& field)
{
    if (std::fabs(v) > FLT_MAX) {
        std::ostringstream msg;
        msg << "field '" << field << "' = " << v << " does not fit in float32 (|x| <= 3.4e38)";
        FailInput(msg.str());
    }
    return static_cast<float>(v);
}

std::vector<Box> ReadBoxes(const Json& in)
{
    const auto it = in.find("boxes");
    if (it == in.end()) FailInput("missing field 'boxes' (an array of [x1, y1, x2, y2])");
    if (!it->is_array()) FailInput(std::string("field 'boxes' must be an array of [x1, y1, x2, y2], got ") + it->type_name());
    if (it->size() > kNmsMaxBoxes)
        FailInput("field 'boxes' has " + std::to_string(it->size()) + " boxes; at most " + std::to_string(kNmsMaxBoxes));
    std::vector<Box> boxes;
    boxes.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& b = (*it)[i];
        const std::string name = "boxes[" + std::to_string(i) + "]";
        if (!b.is_array() || b.size() != 4) FailInput("field '" + name + "' must be an array of 4 numbers [x1, y1, x2, y2]");
        float v[4];
        for (int k = 0; k < 4; ++k) {
            const std::string coord = name + "[" + std::to_string(k) + "]";
            if (!b[k].is_number()) FailInput("field '" + coord + "' must be a number, got " + b[k].type_name());
            const double x = b[k].get<double>();
            if (!std::isfinite(x)) FailInput("field '" + coord + "' is not finite");
            v[k] = ToFloat(x, coord);
        }
        boxes.push_back(Box{v[0], v[1], v[2], v[3]});
        const Message why = ValidateBox(boxes.back());
        if (!why.Empty()) FailInput("field '" + name + "': " + English(why));
    }
    return boxes;
}

std::vector<int> ReadClasses(const Json& in)
{
    const auto it = in.find("classes");
    if (it == in.end()) return {};
    if (!it->is_array()) FailInput(std::string("field 'classes' must be an array of integers, got ") + it->type_name());
    std::vector<int> out;
    for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& v = (*it)[i];
        const std::string name = "classes[" + std::to_string(i) + "]";
        if (!v.is_number()) FailInput("field '" + name + "' must be an integer, got " + v.type_name());
        const double x = v.get<double>();
        if (!std::isfinite(x) || x != std::floor(x)) FailInput("field '" + name + "' must be an integer");
        if (x < -2147483648.0 || x > 2147483647.0) FailInput("field '" + name + "' is out of the 32-bit integer range");
        out.push_back(static_cast<int>(x));
    }
    return out;
}

const char* EventName(NmsEventType t)
{
    switch (t) {
    case NmsEventType::Select: return "select";
    case NmsEventType::Compare: return "compare";
    case NmsEventType::Suppress: return "suppress";
    case NmsEventType::Decay: return "decay";
    case NmsEventType::Drop: return "drop";
    }
    return "?";
}

Json EventJson(const NmsEvent& e)
{
    Json j = {{"type", EventName(e.Type)}, {"box", e.Box}};
    switch (e.Type) {
    case NmsEventType::Select: j["score"] = e.NewScore; break;
    case NmsEventType::Compare:
        j["with"] = e.Other;
        j["overlap"] = e.Overlap;
        break;
    case NmsEventType::Suppress: j["by"] = e.Other; break;
    case NmsEventType::Decay:
        j["by"] = e.Other;
        j["old"] = e.OldScore;
        j["new"] = e.NewScore;
        break;
    case NmsEventType::Drop:
        j["by"] = e.Other;
        j["score"] = e.NewScore;
        break;
    }
    return j;
}

} // namespace

Json NmsCommand(const Json& in)
{
    RequireObject(in, {"boxes", "scores", "classes", "iou_threshold", "method", "sigma", "score_threshold", "trace"});
    const std::string method_name = ReadString(in, "method", "greedy");
    const auto method = NmsMethodFromName(method_name);
    if (!method)
        FailInput("field 'method': unknown method '" + method_name + "' (one of greedy, soft-linear, soft-gaussian, diou)");

    NmsOptions o;
    o.Method = *method;
    o.IouThreshold = ReadNumber(in, "iou_threshold", o.IouThreshold, 0.0, 1.0);
    o.Sigma = ReadNumber(in, "sigma", o.Sigma, kNmsSigmaMin, kNmsSigmaMax);
    o.ScoreThreshold = ReadNumber(in, "score_threshold", o.ScoreThreshold, 0.0, 1.0);
    const bool want_trace = ReadBool(in, "trace", false);

    const std::vector<Box> boxes = ReadBoxes(in);
    const std::vector<double> raw_scores = ReadNumberArray(in, "scores", kNmsMaxBoxes);
    std::vector<float> scores;
    for (std::size_t i = 0; i < raw_scores.size(); ++i)
        scores.push_back(ToFloat(raw_scores[i], "scores[" + std::to_string(i) + "]"));
    const std::vector<int> classes = ReadClasses(in);
    o.ClassAware = in.contains("classes");
    if (scores.size() != boxes.size())
        FailInput("length mismatch: 'scores' has " + std::to_string(scores.size()) + " values, 'boxes' has " +
                  std::to_string(boxes.size()));
    if (o.ClassAware && classes.size() != boxes.size())
        FailInput("length mismatch: 'classes' has " + std::to_string(classes.size()) + " values, 'boxes' has " +
                  std::to_string(boxes.size()));
    if (want_trace && boxes.size() > kMaxTraceBoxes)
        FailInput("field 'trace': a trace is available for at most " + std::to_string(kMaxTraceBoxes) + " boxes");

    std::vector<NmsEvent> trace;
    const auto result = RunNms({boxes, scores, classes}, o, want_trace ? &trace : nullptr);
    if (!result) FailInput(result.Error());
    Json out = {{"keep", result->Keep}, {"scores", result->Scores}};
    if (want_trace) {
        Json events = Json::array();
        for (const NmsEvent& e : trace) events.push_back(EventJson(e));
        out["trace"] = std::move(events);
    }
    return out;
}

} // namespace mlviz
