#include "topics/anchors/core/anchor_state.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "topics/anchors/core/anchor_scene.h"
#include "core/message.h"

namespace mlviz {

namespace {

std::vector<std::string_view> Split(std::string_view text, char sep)
{
    std::vector<std::string_view> out;
    if (text.empty()) return out;
    std::size_t pos = 0;
    while (true) {
        const std::size_t end = text.find(sep, pos);
        out.push_back(text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    return out;
}

// Whole numbers (box corners, sizes) stay "310", not FormatReal's shortest "3.1e+02".
std::string Number(float v)
{
    if (v == std::round(v) && std::fabs(v) < 1e7f) return std::to_string(static_cast<long long>(v));
    return FormatReal(v, true);
}

std::string Join(const float* values, int count)
{
    std::string out;
    for (int i = 0; i < count; ++i) out += (i ? "," : "") + Number(values[i]);
    return out;
}

// "a,b,c" into at most `max` values clamped to [lo, hi]; false when nothing valid was read.
bool ParseList(std::string_view text, float* out, int max, double lo, double hi, int& count, Message& notice)
{
    count = 0;
    for (std::string_view piece : Split(text, ',')) {
        double v = 0.0;
        if (!ParseReal(piece, v)) {
            notice = Msg("не список чисел, пропущено");
            return false;
        }
        if (count >= max) {
            notice = Msg("не больше %d значений, остальные пропущены", max);
            break;
        }
        if (v < lo || v > hi) {
            v = std::clamp(v, lo, hi);
            notice = ClampNotice(lo, hi);
        }
        out[count++] = static_cast<float>(v);
    }
    if (count == 0) {
        notice = Msg("пустой список, пропущено");
        return false;
    }
    return true;
}

StateSchema<AnchorsState> MakeSchema()
{
    using S = AnchorsState;
    StateSchema<S> schema;
    schema.Enum("scene", [](S& s) -> int& { return s.Scene.Kind; }, {"synthetic", "street", "user"})
        .Int(
            "seed", [](S& s) -> int& { return s.Scene.Seed; }, 0, 1 << 30)
        .Int(
            "objects", [](S& s) -> int& { return s.Scene.Objects; }, 2, 16);
    // Boxes only when edited: "x1,y1,x2,y2,kind_x1,..." in image pixels ('_' needs no escaping
    // in a URL; ';' is accepted too).
    schema.Custom(
        "gt",
        [](const S& s) {
            if (!s.GtEdited) return std::string();
            std::string out;
            for (int i = 0; i < s.GtCount; ++i) {
                const GtBox& g = s.Gt[static_cast<std::size_t>(i)];
                const float v[4] = {g.X1, g.Y1, g.X2, g.Y2};
                out += (i ? "_" : "") + Join(v, 4) + "," + std::string(SceneObjectName(static_cast<SceneObjectKind>(g.Kind)));
            }
            return out.empty() ? std::string("none") : out;
        },
        [](S& s, std::string_view text) -> Message {
            Message notice;
            s.GtCount = 0;
            s.GtEdited = true;
            s.Selected = -1;
            if (text == "none") return {};
            std::string items(text);
            std::replace(items.begin(), items.end(), ';', '_');
            for (std::string_view item : Split(items, '_')) {
                const auto parts = Split(item, ',');
                double v[4] = {};
                bool ok = parts.size() == 5;
                for (int k = 0; ok && k < 4; ++k) ok = ParseReal(parts[static_cast<std::size_t>(k)], v[k]);
                if (!ok) {
                    notice = Msg("неверные рамки пропущены (x1,y1,x2,y2,kind_...)");
                    continue;
                }
                if (s.GtCount >= kAnchorMaxGt) {
                    notice = Msg("не больше %d рамок", kAnchorMaxGt);
                    break;
                }
                for (double& x : v) x = std::clamp(x, 0.0, static_cast<double>(kAnchorMaxCoord));
                GtBox& g = s.Gt[static_cast<std::size_t>(s.GtCount++)];
                g.X1 = static_cast<float>(std::min(v[0], v[2]));
                g.X2 = static_cast<float>(std::max(v[0], v[2]));
                g.Y1 = static_cast<float>(std::min(v[1], v[3]));
                g.Y2 = static_cast<float>(std::max(v[1], v[3]));
                g.Kind = static_cast<int>(SceneObjectFromName(parts[4]));
            }
            return notice;
        });
    schema.Enum("preset", [](S& s) -> int& { return s.Gen.Preset; }, {"rpn", "retinanet", "yolo", "custom"})
        .Int(
            "level", [](S& s) -> int& { return s.Gen.Level; }, kAnchorMinLevel, kAnchorMaxLevel);
    // A custom stride replaces the level; 0 = use the level.
    schema.Custom(
        "stride", [](const S& s) { return std::to_string(s.Gen.CustomStride ? s.Gen.Stride : 0); },
        [](S& s, std::string_view text) -> Message {
            long long v = 0;
            if (!ParseInteger(text, v)) return Msg("не целое число, пропущено");
            s.Gen.CustomStride = v != 0;
            if (v == 0) return Message{};
            s.Gen.Stride = static_cast<int>(std::clamp<long long>(v, 4, 256));
            return v < 4 || v > 256 ? ClampNotice(4, 256) : Message{};
        });
    schema.Enum("conv", [](S& s) -> int& { return s.Gen.Convention; }, {"torchvision", "centered"});
    schema.Custom(
        "sizes", [](const S& s) { return Join(s.Gen.Sizes.data(), s.Gen.SizeCount); },
        [](S& s, std::string_view text) -> Message {
            Message notice;
            int count = 0;
            std::array<float, kAnchorMaxSizes> v{};
            if (ParseList(text, v.data(), kAnchorMaxSizes, 4.0, 1024.0, count, notice)) {
                std::copy(v.begin(), v.begin() + count, s.Gen.Sizes.begin());
                s.Gen.SizeCount = count;
            }
            return notice;
        });
    schema.Custom(
        "ratios", [](const S& s) { return Join(s.Gen.Ratios.data(), s.Gen.RatioCount); },
        [](S& s, std::string_view text) -> Message {
            Message notice;
            int count = 0;
            std::array<float, kAnchorMaxRatios> v{};
            if (ParseList(text, v.data(), kAnchorMaxRatios, 0.2, 5.0, count, notice)) {
                std::copy(v.begin(), v.begin() + count, s.Gen.Ratios.begin());
                s.Gen.RatioCount = count;
            }
            return notice;
        });
    // Explicit (w, h) shapes "w,h,w,h,..." (YOLO, k-means); empty = sizes x ratios ("shapes=" turns
    // off the shapes of a preset that has them).
    schema.Custom(
        "shapes", [](const S& s) { return s.Gen.UseShapes ? Join(s.Gen.Shapes.data(), 2 * s.Gen.ShapeCount) : std::string(); },
        [](S& s, std::string_view text) -> Message {
            if (text.empty()) {
                s.Gen.UseShapes = false;
                return {};
            }
            Message notice;
            int count = 0;
            std::array<float, 2 * kAnchorMaxShapes> v{};
            if (!ParseList(text, v.data(), 2 * kAnchorMaxShapes, 1.0, 2048.0, count, notice)) return notice;
            if (count % 2 != 0) return Msg("нужны пары w,h, пропущено");
            s.Gen.Shapes = v;
            s.Gen.ShapeCount = count / 2;
            s.Gen.UseShapes = true;
            return notice;
        });
    schema.Enum("rule", [](S& s) -> int& { return s.Match.Rule; }, {"iou", "yolo"})
        .Real(
            "high", [](S& s) -> float& { return s.Match.High; }, 0.0, 1.0)
        .Real(
            "low", [](S& s) -> float& { return s.Match.Low; }, 0.0, 1.0)
        .Bool("lq", [](S& s) -> bool& { return s.Match.LowQuality; })
        .Real(
            "ignore", [](S& s) -> float& { return s.Match.Ignore; }, 0.0, 1.0)
        .Bool("cs", [](S& s) -> bool& { return s.Fcos.CenterSampling; })
        .Real(
            "radius", [](S& s) -> float& { return s.Fcos.Radius; }, 0.1, 10.0)
        .Int(
            "heat", [](S& s) -> int& { return s.Fcos.HeatLevel; }, 3, 7)
        .Bool("km_data", [](S& s) -> bool& { return s.KMeans.UseDataset; })
        .Int(
            "km_n", [](S& s) -> int& { return s.KMeans.DatasetSize; }, 20, 3000)
        .Int(
            "k", [](S& s) -> int& { return s.KMeans.K; }, 1, 12)
        .Int(
            "km_seed", [](S& s) -> int& { return s.KMeans.Seed; }, 0, 1 << 30)
        .Bool("one", [](S& s) -> bool& { return s.OneLocation; })
        .Bool("grid", [](S& s) -> bool& { return s.ShowGrid; })
        .Int(
            "ix", [](S& s) -> int& { return s.InspectX; }, -1, static_cast<long long>(kAnchorMaxCoord))
        .Int(
            "iy", [](S& s) -> int& { return s.InspectY; }, -1, static_cast<long long>(kAnchorMaxCoord))
        .Enum("tab", [](S& s) -> int& { return s.Tab; }, {"anchors", "fpn", "fcos", "kmeans"});
    return schema;
}

} // namespace

const StateSchema<AnchorsState>& AnchorsStateSchema()
{
    static const StateSchema<AnchorsState> schema = MakeSchema();
    return schema;
}

AnchorMatchState PresetMatchState(MatchPreset p)
{
    if (p == MatchPreset::Custom) return AnchorMatchState();
    const PresetInfo info = GetPresetInfo(p);
    AnchorMatchState m;
    m.Rule = static_cast<int>(info.Rule);
    m.High = static_cast<float>(info.Matcher.High);
    m.Low = static_cast<float>(info.Matcher.Low);
    m.LowQuality = info.Matcher.AllowLowQuality;
    m.Ignore = static_cast<float>(info.IgnoreThreshold);
    return m;
}

void SetPresetLevelAnchors(AnchorGenState& g)
{
    const auto preset = static_cast<MatchPreset>(g.Preset);
    if (preset == MatchPreset::Custom) return;
    const int level = g.CustomStride ? static_cast<int>(std::lround(std::log2(std::max(g.Stride, 1)))) : g.Level;
    const LevelAnchorSpec spec = PresetLevelAnchors(preset, std::clamp(level, kAnchorMinLevel, kAnchorMaxLevel));
    g.UseShapes = !spec.Shapes.empty();
    g.ShapeCount = std::min<int>(static_cast<int>(spec.Shapes.size()), kAnchorMaxShapes);
    for (int i = 0; i < g.ShapeCount; ++i) {
        g.Shapes[static_cast<std::size_t>(2 * i)] = static_cast<float>(spec.Shapes[static_cast<std::size_t>(i)].Width);
        g.Shapes[static_cast<std::size_t>(2 * i + 1)] = static_cast<float>(spec.Shapes[static_cast<std::size_t>(i)].Height);
    }
    if (!spec.Sizes.empty()) {
        g.SizeCount = std::min<int>(static_cast<int>(spec.Sizes.size()), kAnchorMaxSizes);
        for (int i = 0; i < g.SizeCount; ++i)
            g.Sizes[static_cast<std::size_t>(i)] = static_cast<float>(spec.Sizes[static_cast<std::size_t>(i)]);
        g.RatioCount = std::min<int>(static_cast<int>(spec.Ratios.size()), kAnchorMaxRatios);
        for (int i = 0; i < g.RatioCount; ++i)
            g.Ratios[static_cast<std::size_t>(i)] = static_cast<float>(spec.Ratios[static_cast<std::size_t>(i)]);
    }
}

AnchorsState AnchorsBaseState(const AnchorGenState& place)
{
    AnchorsState s;
    s.Gen.Preset = place.Preset;
    s.Gen.Level = place.Level;
    s.Gen.CustomStride = place.CustomStride;
    s.Gen.Stride = place.Stride;
    const auto preset = static_cast<MatchPreset>(place.Preset);
    if (preset == MatchPreset::Custom) return s;
    s.Match = PresetMatchState(preset);
    SetPresetLevelAnchors(s.Gen);
    return s;
}

namespace {

// The keys that choose the base the others are relative to.
bool IsPlaceKey(std::string_view key)
{
    return key == "preset" || key == "level" || key == "stride";
}

} // namespace

std::string EncodeAnchorsState(const AnchorsState& s)
{
    const AnchorsState defaults, base = AnchorsBaseState(s.Gen);
    KeyValues kv;
    for (const auto& f : AnchorsStateSchema().AllFields()) {
        std::string v = f.Get(s);
        if (v != f.Get(IsPlaceKey(f.Key) ? defaults : base)) kv.emplace_back(f.Key, std::move(v));
    }
    return EncodeKeyValues(kv);
}

std::vector<Message> DecodeAnchorsState(const KeyValues& kv, AnchorsState& s)
{
    KeyValues place_kv;
    for (const auto& [key, value] : kv)
        if (IsPlaceKey(key)) place_kv.emplace_back(key, value);
    AnchorsState place;
    AnchorsStateSchema().Decode(place_kv, place); // its notices come again below, with the rest
    s = AnchorsBaseState(place.Gen);
    std::vector<Message> notices = AnchorsStateSchema().Decode(kv, s);
    ClampAnchorsState(s);
    return notices;
}

namespace {

// std::clamp passes a NaN through, and a NaN anchor size turns into NaN anchor corners.
void ClampFloat(float& v, float lo, float hi, float fallback)
{
    v = std::isfinite(v) ? std::clamp(v, lo, hi) : fallback;
}

float ClampCoord(float v)
{
    return std::isfinite(v) ? std::clamp(v, 0.0f, static_cast<float>(kAnchorMaxCoord)) : 0.0f;
}

} // namespace

void ClampAnchorsState(AnchorsState& s)
{
    const AnchorsState d;
    s.Scene.Kind = std::clamp(s.Scene.Kind, 0, static_cast<int>(AnchorSceneKind::User));
    s.Scene.Seed = std::clamp(s.Scene.Seed, 0, 1 << 30);
    s.Scene.Objects = std::clamp(s.Scene.Objects, 2, 16);
    s.Scene.Width = std::clamp(s.Scene.Width, 1, static_cast<int>(kAnchorMaxCoord));
    s.Scene.Height = std::clamp(s.Scene.Height, 1, static_cast<int>(kAnchorMaxCoord));
    s.GtCount = std::clamp(s.GtCount, 0, kAnchorMaxGt);
    for (int i = 0; i < s.GtCount; ++i) {
        GtBox& g = s.Gt[static_cast<std::size_t>(i)];
        const float x1 = ClampCoord(g.X1), y1 = ClampCoord(g.Y1), x2 = ClampCoord(g.X2), y2 = ClampCoord(g.Y2);
        g.X1 = std::min(x1, x2);
        g.X2 = std::max(x1, x2);
        g.Y1 = std::min(y1, y2);
        g.Y2 = std::max(y1, y2);
        g.Kind = std::clamp(g.Kind, 0, static_cast<int>(SceneObjectKind::Count) - 1);
    }
    if (s.Selected < -1 || s.Selected >= s.GtCount) s.Selected = -1;

    AnchorGenState& g = s.Gen;
    g.Preset = std::clamp(g.Preset, 0, static_cast<int>(MatchPreset::Count) - 1);
    g.Level = std::clamp(g.Level, kAnchorMinLevel, kAnchorMaxLevel);
    g.Stride = std::clamp(g.Stride, 4, 256);
    g.Convention = std::clamp(g.Convention, 0, 1);
    g.SizeCount = std::clamp(g.SizeCount, 1, kAnchorMaxSizes);
    for (std::size_t i = 0; i < g.Sizes.size(); ++i) ClampFloat(g.Sizes[i], 4.0f, 1024.0f, d.Gen.Sizes[i]);
    g.RatioCount = std::clamp(g.RatioCount, 1, kAnchorMaxRatios);
    for (std::size_t i = 0; i < g.Ratios.size(); ++i) ClampFloat(g.Ratios[i], 0.2f, 5.0f, d.Gen.Ratios[i]);
    g.ShapeCount = std::clamp(g.ShapeCount, 0, kAnchorMaxShapes);
    for (int i = 0; i < 2 * g.ShapeCount; ++i) {
        float& v = g.Shapes[static_cast<std::size_t>(i)];
        if (!std::isfinite(v)) {
            g.ShapeCount = 0;
            break;
        }
        v = std::clamp(v, 1.0f, 2048.0f);
    }
    if (g.ShapeCount == 0) g.UseShapes = false;

    AnchorMatchState& m = s.Match;
    m.Rule = std::clamp(m.Rule, 0, 1);
    ClampFloat(m.High, 0.0f, 1.0f, d.Match.High);
    ClampFloat(m.Low, 0.0f, m.High, std::min(d.Match.Low, m.High)); // torchvision requires low <= high
    ClampFloat(m.Ignore, 0.0f, 1.0f, d.Match.Ignore);

    ClampFloat(s.Fcos.Radius, 0.1f, 10.0f, d.Fcos.Radius);
    s.Fcos.HeatLevel = std::clamp(s.Fcos.HeatLevel, 3, 7);
    s.KMeans.DatasetSize = std::clamp(s.KMeans.DatasetSize, 20, 3000);
    s.KMeans.K = std::clamp(s.KMeans.K, 1, 12);
    s.KMeans.Seed = std::clamp(s.KMeans.Seed, 0, 1 << 30);
    s.InspectX = std::clamp(s.InspectX, -1, static_cast<int>(kAnchorMaxCoord));
    s.InspectY = std::clamp(s.InspectY, -1, static_cast<int>(kAnchorMaxCoord));
    s.Tab = std::clamp(s.Tab, 0, static_cast<int>(AnchorTab::Count) - 1);
}

const StateCodec<AnchorsState>& AnchorsCodec()
{
    static const StateCodec<AnchorsState> codec{AnchorsStateSchema, DecodeAnchorsState, EncodeAnchorsState};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(AnchorsTopicCodec, AnchorsCodec())

} // namespace mlviz
