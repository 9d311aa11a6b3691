#include "topics/nms/core/nms_state.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace mlviz {

namespace {

void ClampFloat(float& v, float lo, float hi, float fallback)
{
    v = std::isfinite(v) ? std::clamp(v, lo, hi) : fallback;
}

} // namespace

void ClampNmsState(NmsState& s)
{
    const NmsState d;
    const int methods = static_cast<int>(NmsMethod::Count);
    s.Scene = std::clamp(s.Scene, 0, static_cast<int>(SimSceneKind::Count) - 1);
    s.Method = std::clamp(s.Method, 0, methods - 1);
    s.MethodB = std::clamp(s.MethodB, 0, methods - 1);
    ClampFloat(s.IouThreshold, 0.0f, 1.0f, d.IouThreshold);
    ClampFloat(s.Sigma, 0.01f, 2.0f, d.Sigma);
    ClampFloat(s.ScoreThreshold, 0.0f, 0.5f, d.ScoreThreshold);
    s.Seed = std::clamp(s.Seed, 0, 1 << 30);
    s.BoxesPerObject = std::clamp(s.BoxesPerObject, 1, kNmsUiMaxBoxesPerObject);
    ClampFloat(s.PositionJitter, 0.0f, 0.3f, d.PositionJitter);
    ClampFloat(s.SizeJitter, 0.0f, 0.5f, d.SizeJitter);
    ClampFloat(s.ScoreNoise, 0.0f, 0.3f, d.ScoreNoise);
    s.FalsePositives = std::clamp(s.FalsePositives, 0, kNmsUiMaxFalsePositives);
    ClampFloat(s.ClassConfusion, 0.0f, 1.0f, d.ClassConfusion);
    s.RandomObjects = std::clamp(s.RandomObjects, 1, kNmsUiMaxObjects);
    s.RandomClasses = std::clamp(s.RandomClasses, 1, kSimMaxClasses);
    ClampFloat(s.MetricScore, 0.0f, 1.0f, d.MetricScore);
    s.Step = std::max(s.Step, -1);
    ClampFloat(s.Speed, 1.0f, 200.0f, d.Speed);
    s.SelectedBox = std::max(s.SelectedBox, -1);
}

bool SameNmsScene(const NmsState& a, const NmsState& b)
{
    return a.Scene == b.Scene && a.RandomObjects == b.RandomObjects && a.RandomClasses == b.RandomClasses && a.Seed == b.Seed;
}

bool SameNmsDetections(const NmsState& a, const NmsState& b)
{
    return SameNmsScene(a, b) && a.BoxesPerObject == b.BoxesPerObject && a.PositionJitter == b.PositionJitter &&
           a.SizeJitter == b.SizeJitter && a.ScoreNoise == b.ScoreNoise && a.FalsePositives == b.FalsePositives &&
           a.ClassConfusion == b.ClassConfusion;
}

bool SameNmsRuns(const NmsState& a, const NmsState& b)
{
    return SameNmsDetections(a, b) && a.Method == b.Method && a.MethodB == b.MethodB && a.Compare == b.Compare &&
           a.ClassAware == b.ClassAware && a.IouThreshold == b.IouThreshold && a.Sigma == b.Sigma &&
           a.ScoreThreshold == b.ScoreThreshold && a.MetricScore == b.MetricScore;
}

NmsOptions NmsOptionsFor(const NmsState& s, int method)
{
    NmsOptions o;
    o.Method = static_cast<NmsMethod>(std::clamp(method, 0, static_cast<int>(NmsMethod::Count) - 1));
    o.IouThreshold = std::clamp<double>(s.IouThreshold, 0.0, 1.0);
    o.Sigma = std::clamp<double>(s.Sigma, kNmsSigmaMin, kNmsSigmaMax);
    o.ScoreThreshold = std::clamp<double>(s.ScoreThreshold, 0.0, 1.0);
    o.ClassAware = s.ClassAware;
    return o;
}

const char* NmsSceneName(SimSceneKind k)
{
    switch (k) {
    case SimSceneKind::Crowd: return "crowd";
    case SimSceneKind::Street: return "street";
    case SimSceneKind::Random: return "random";
    default: return "";
    }
}

namespace {

StateSchema<NmsState> MakeSchema()
{
    using S = NmsState;
    const std::vector<std::string> scenes = EnumNames<SimSceneKind>(NmsSceneName);
    const std::vector<std::string> methods = EnumNames<NmsMethod>(NmsMethodName);
    // Real ranges are ClampNmsState's, so a decoded state never needs clamping again.
    StateSchema<S> schema;
    schema.Enum("scene", [](S& s) -> int& { return s.Scene; }, scenes)
        .Enum("method", [](S& s) -> int& { return s.Method; }, methods)
        .Enum("method_b", [](S& s) -> int& { return s.MethodB; }, methods)
        .Bool("compare", [](S& s) -> bool& { return s.Compare; })
        .Bool("batched", [](S& s) -> bool& { return s.ClassAware; })
        .Real("iou", [](S& s) -> float& { return s.IouThreshold; }, 0.0, 1.0)
        .Real("sigma", [](S& s) -> float& { return s.Sigma; }, 0.01, 2.0)
        .Real("min_score", [](S& s) -> float& { return s.ScoreThreshold; }, 0.0, 0.5)
        .Int("seed", [](S& s) -> int& { return s.Seed; }, 0, 1 << 30)
        .Int("boxes", [](S& s) -> int& { return s.BoxesPerObject; }, 1, kNmsUiMaxBoxesPerObject)
        .Real("pos", [](S& s) -> float& { return s.PositionJitter; }, 0.0, 0.3)
        .Real("size", [](S& s) -> float& { return s.SizeJitter; }, 0.0, 0.5)
        .Real("noise", [](S& s) -> float& { return s.ScoreNoise; }, 0.0, 0.3)
        .Int("fp", [](S& s) -> int& { return s.FalsePositives; }, 0, kNmsUiMaxFalsePositives)
        .Real("confusion", [](S& s) -> float& { return s.ClassConfusion; }, 0.0, 1.0)
        .Int("objects", [](S& s) -> int& { return s.RandomObjects; }, 1, kNmsUiMaxObjects)
        .Int("classes", [](S& s) -> int& { return s.RandomClasses; }, 1, kSimMaxClasses)
        .Real("tp_score", [](S& s) -> float& { return s.MetricScore; }, 0.0, 1.0)
        .Int("step", [](S& s) -> int& { return s.Step; }, -1, 1 << 30)
        .Real("speed", [](S& s) -> float& { return s.Speed; }, 1.0, 200.0)
        .Int("box", [](S& s) -> int& { return s.SelectedBox; }, -1, 1 << 30)
        .Bool("gt", [](S& s) -> bool& { return s.ShowGroundTruth; })
        .Bool("labels", [](S& s) -> bool& { return s.ShowLabels; });
    return schema;
}

} // namespace

const StateSchema<NmsState>& NmsStateSchema()
{
    static const StateSchema<NmsState> schema = MakeSchema();
    return schema;
}

DetectionSimConfig NmsSimConfigFor(const NmsState& s)
{
    DetectionSimConfig c;
    c.Seed = static_cast<std::uint32_t>(std::max(s.Seed, 0));
    c.BoxesPerObject = s.BoxesPerObject;
    c.PositionJitter = s.PositionJitter;
    c.SizeJitter = s.SizeJitter;
    c.ScoreNoise = s.ScoreNoise;
    c.FalsePositives = s.FalsePositives;
    c.ClassConfusion = s.ClassConfusion;
    return c;
}

} // namespace mlviz
