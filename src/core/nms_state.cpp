#include "core/nms_state.h"

#include <algorithm>
#include <cmath>

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
