#include "topics/tracking/core/tracking_state.h"

#include <algorithm>
#include <string>
#include <vector>

namespace mlviz {

namespace {

StateSchema<TrackingState> MakeSchema()
{
    using S = TrackingState;
    const std::vector<std::string> methods = {AssociationName(Association::Hungarian), AssociationName(Association::Greedy)};
    // The one place the tracking topic's ranges are written: the codec, the sliders and the CLI read them.
    StateSchema<S> t;
    t.Int("objects", [](S& s) -> int& { return s.Objects; }, 2, 30, {MLVIZ_TR_KEY("Объектов")})
        .Int("frames", [](S& s) -> int& { return s.Frames; }, 20, 600, {MLVIZ_TR_KEY("Кадров")})
        .Real("speed", [](S& s) -> float& { return s.Speed; }, 0.0, 30.0, {MLVIZ_TR_KEY("Скорость, пикс/кадр"), "%.1f"})
        .Real("turn", [](S& s) -> float& { return s.TurnRate; }, 0.0, 1.0, {MLVIZ_TR_KEY("Частота поворотов"), "%.3f"})
        .Real("miss", [](S& s) -> float& { return s.MissRate; }, 0.0, 1.0, {MLVIZ_TR_KEY("Доля пропусков детектора"), "%.2f"})
        .Real("fp", [](S& s) -> float& { return s.FalsePositives; }, 0.0, 10.0,
              {MLVIZ_TR_KEY("Ложных срабатываний на кадр"), "%.2f"})
        .Real("jitter", [](S& s) -> float& { return s.Jitter; }, 0.0, 30.0, {MLVIZ_TR_KEY("Дрожание рамок σ, пикс"), "%.1f"})
        .Real("occl", [](S& s) -> float& { return s.OcclusionMiss; }, 0.0, 1.0,
              {MLVIZ_TR_KEY("Пропуск, если видно меньше"), "%.2f"})
        .Int("seed", [](S& s) -> int& { return s.Seed; }, 0, 1 << 30, {"Seed"})
        .Int("max_age", [](S& s) -> int& { return s.MaxAge; }, 0, 100,
             {MLVIZ_TR_KEY("max_age: кадров без детекции"), nullptr, true})
        .Int("min_hits", [](S& s) -> int& { return s.MinHits; }, 0, 30, {MLVIZ_TR_KEY("min_hits: попаданий до показа")})
        .Real("iou", [](S& s) -> float& { return s.IouThreshold; }, 0.0, 1.0, {MLVIZ_TR_KEY("Порог IoU сопоставления"), "%.2f"})
        .Enum("method", [](S& s) -> int& { return s.Method; }, methods, {MLVIZ_TR_KEY("Сопоставление")})
        .Real("metric_iou", [](S& s) -> float& { return s.MetricIou; }, 0.05, 1.0, {MLVIZ_TR_KEY("Порог IoU метрик"), "%.2f"})
        .Int(
            "step", [](S& s) -> int& { return s.Step; }, 0, 599)
        .Real("fps", [](S& s) -> float& { return s.PlaySpeed; }, 1.0, 60.0, {nullptr, "%.0f", true})
        .Bool("gt", [](S& s) -> bool& { return s.ShowTruth; }, {MLVIZ_TR_KEY("Разметка (GT)")})
        .Bool("dets", [](S& s) -> bool& { return s.ShowDetections; }, {MLVIZ_TR_KEY("Детекции")})
        .Bool("pred", [](S& s) -> bool& { return s.ShowPredictions; }, {MLVIZ_TR_KEY("Прогноз Калмана")})
        .Bool("ellipses", [](S& s) -> bool& { return s.ShowEllipses; }, {MLVIZ_TR_KEY("Эллипсы ковариации (2σ)")})
        .Bool("trails", [](S& s) -> bool& { return s.ShowTrails; }, {MLVIZ_TR_KEY("Следы треков")})
        .Int(
            "track", [](S& s) -> int& { return s.Track; }, -1, 1 << 20);
    return t;
}

std::vector<Message> DecodeTrackingLink(const KeyValues& kv, TrackingState& out)
{
    std::vector<Message> notices = DecodeFromDefaults<TrackingState, TrackingStateSchema>(kv, out);
    out.Step = std::min(out.Step, out.Frames - 1);
    out.Playing = false; // a link opens paused on its frame
    return notices;
}

} // namespace

const char* AssociationName(Association a)
{
    return a == Association::Greedy ? "greedy" : "hungarian";
}

TrackingSimConfig TrackingSimFor(const TrackingState& s)
{
    TrackingSimConfig c;
    c.Objects = s.Objects;
    c.Frames = s.Frames;
    c.Width = kTrackingImageW;
    c.Height = kTrackingImageH;
    c.Speed = s.Speed;
    c.TurnRate = s.TurnRate;
    c.MissRate = s.MissRate;
    c.FalsePositives = s.FalsePositives;
    c.JitterPx = s.Jitter;
    c.OcclusionMiss = s.OcclusionMiss;
    c.Seed = static_cast<std::uint32_t>(std::max(s.Seed, 0));
    return c;
}

SortParams SortParamsFor(const TrackingState& s, Association method)
{
    SortParams p;
    p.MaxAge = s.MaxAge;
    p.MinHits = s.MinHits;
    p.IouThreshold = s.IouThreshold;
    p.Method = method;
    return p;
}

bool SameTrackingVideo(const TrackingState& a, const TrackingState& b)
{
    return a.Objects == b.Objects && a.Frames == b.Frames && a.Speed == b.Speed && a.TurnRate == b.TurnRate &&
        a.MissRate == b.MissRate && a.FalsePositives == b.FalsePositives && a.Jitter == b.Jitter &&
        a.OcclusionMiss == b.OcclusionMiss && a.Seed == b.Seed;
}

bool SameTrackingRuns(const TrackingState& a, const TrackingState& b)
{
    return SameTrackingVideo(a, b) && a.MaxAge == b.MaxAge && a.MinHits == b.MinHits && a.IouThreshold == b.IouThreshold &&
        a.MetricIou == b.MetricIou;
}

const StateSchema<TrackingState>& TrackingStateSchema()
{
    static const StateSchema<TrackingState> schema = MakeSchema();
    return schema;
}

const StateCodec<TrackingState>& TrackingCodec()
{
    static const StateCodec<TrackingState> codec{TrackingStateSchema, DecodeTrackingLink,
                                                 EncodeAgainstDefaults<TrackingState, TrackingStateSchema>};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(TrackingTopicCodec, TrackingCodec())

} // namespace mlviz
