#include "topics/nms/core/nms_state.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace mlviz {

void ClampNmsState(NmsState& s)
{
    NmsStateSchema().Clamp(s);
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
    // The one place NMS ranges are written: ClampNmsState, the sliders and the links read them.
    StateSchema<S> schema;
    schema.Enum("scene", [](S& s) -> int& { return s.Scene; }, scenes, {MLVIZ_TR_KEY("Сцена")})
        .Enum(
            "method", [](S& s) -> int& { return s.Method; }, methods)
        .Enum("method_b", [](S& s) -> int& { return s.MethodB; }, methods, {MLVIZ_TR_KEY("Метод B")})
        .Bool("compare", [](S& s) -> bool& { return s.Compare; }, {MLVIZ_TR_KEY("Сравнить два метода")})
        .Bool("batched", [](S& s) -> bool& { return s.ClassAware; }, {MLVIZ_TR_KEY("По классам (batched)")})
        .Real("iou", [](S& s) -> float& { return s.IouThreshold; }, 0.0, 1.0, {MLVIZ_TR_KEY("Порог IoU"), "%.2f"})
        .Real("sigma", [](S& s) -> float& { return s.Sigma; }, 0.01, 2.0, {MLVIZ_TR_KEY("σ гауссова Soft-NMS"), "%.2f", true})
        .Real("min_score", [](S& s) -> float& { return s.ScoreThreshold; }, 0.0, 0.5,
              {MLVIZ_TR_KEY("Мин. score (Soft-NMS)"), "%.3f", true})
        .Int("seed", [](S& s) -> int& { return s.Seed; }, 0, 1 << 30, {"Seed"})
        .Int("boxes", [](S& s) -> int& { return s.BoxesPerObject; }, 1, kNmsUiMaxBoxesPerObject,
             {MLVIZ_TR_KEY("Рамок на объект")})
        .Real("pos", [](S& s) -> float& { return s.PositionJitter; }, 0.0, 0.3, {MLVIZ_TR_KEY("Разброс положения"), "%.2f"})
        .Real("size", [](S& s) -> float& { return s.SizeJitter; }, 0.0, 0.5, {MLVIZ_TR_KEY("Разброс размера"), "%.2f"})
        .Real("noise", [](S& s) -> float& { return s.ScoreNoise; }, 0.0, 0.3, {MLVIZ_TR_KEY("Шум score"), "%.2f"})
        .Int("fp", [](S& s) -> int& { return s.FalsePositives; }, 0, kNmsUiMaxFalsePositives,
             {MLVIZ_TR_KEY("Ложные срабатывания")})
        .Real("confusion", [](S& s) -> float& { return s.ClassConfusion; }, 0.0, 1.0, {MLVIZ_TR_KEY("Путаница классов"), "%.2f"})
        .Int("objects", [](S& s) -> int& { return s.RandomObjects; }, 1, kNmsUiMaxObjects, {MLVIZ_TR_KEY("Объектов")})
        .Int("classes", [](S& s) -> int& { return s.RandomClasses; }, 1, kSimMaxClasses, {MLVIZ_TR_KEY("Классов")})
        .Real("tp_score", [](S& s) -> float& { return s.MetricScore; }, 0.0, 1.0, {MLVIZ_TR_KEY("Score не ниже (TP/FP)"), "%.2f"})
        .Int(
            "step", [](S& s) -> int& { return s.Step; }, -1, 1 << 30)
        .Real("speed", [](S& s) -> float& { return s.Speed; }, 1.0, 200.0, {nullptr, "%.0f", true})
        .Int(
            "box", [](S& s) -> int& { return s.SelectedBox; }, -1, 1 << 30)
        .Bool("gt", [](S& s) -> bool& { return s.ShowGroundTruth; }, {MLVIZ_TR_KEY("Разметка (GT)")})
        .Bool("labels", [](S& s) -> bool& { return s.ShowLabels; }, {MLVIZ_TR_KEY("Подписи IoU/score")});
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

namespace {

std::vector<Message> DecodeNmsLink(const KeyValues& kv, NmsState& out)
{
    std::vector<Message> notices = DecodeFromDefaults<NmsState, NmsStateSchema>(kv, out);
    out.Playing = false; // a link opens paused on its step
    return notices;
}

} // namespace

const StateCodec<NmsState>& NmsCodec()
{
    static const StateCodec<NmsState> codec{NmsStateSchema, DecodeNmsLink, EncodeAgainstDefaults<NmsState, NmsStateSchema>};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(NmsTopicCodec, NmsCodec())

} // namespace mlviz
