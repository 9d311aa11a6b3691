#include "topics/classical_detectors/core/classical_detectors_state.h"

#include <algorithm>
#include <string>
#include <vector>

#include "topics/classical_detectors/core/cascade_detect.h"
#include "topics/classical_detectors/core/haar_features.h"

namespace mlviz {

const char* CdPhotoName(CdPhoto p)
{
    switch (p) {
    case CdPhoto::Astronaut: return "astronaut";
    case CdPhoto::Chelsea: return "chelsea";
    case CdPhoto::Coffee: return "coffee";
    default: return "";
    }
}

const char* CdPhotoFile(CdPhoto p)
{
    switch (p) {
    case CdPhoto::Chelsea: return "images/chelsea.png";
    case CdPhoto::Coffee: return "images/coffee.png";
    default: return "images/astronaut.png";
    }
}

namespace {

const char* TabName(CdTab t)
{
    switch (t) {
    case CdTab::Integral: return "integral";
    case CdTab::Cascade: return "cascade";
    case CdTab::Keypoints: return "keypoints";
    default: return "";
    }
}

const char* ShowName(CdShow s)
{
    return s == CdShow::Sift ? "sift" : "orb";
}

std::string FeatureName(HaarFeatureKind k)
{
    return std::string(HaarFeatureKindName(k));
}
std::string TransformName(TransformKind k)
{
    return std::string(TransformKindName(k));
}

StateSchema<ClassicalDetectorsState> MakeSchema()
{
    using S = ClassicalDetectorsState;
    StateSchema<S> schema;
    schema
        .Enum(
            "tab", [](S& s) -> int& { return s.Tab; }, EnumNames<CdTab>(TabName))
        .Enum("photo", [](S& s) -> int& { return s.Photo; }, EnumNames<CdPhoto>(CdPhotoName), {MLVIZ_TR_KEY("Фото")})
        // Integral tab.
        .Int(
            "step", [](S& s) -> int& { return s.Step; }, -1, kCdSmallSide* kCdSmallSide)
        .Real("speed", [](S& s) -> float& { return s.Speed; }, 1.0, 100.0, {nullptr, "%.0f", true})
        .Int("rx", [](S& s) -> int& { return s.RectX; }, 0, kCdSmallSide - 1, {"x"})
        .Int("ry", [](S& s) -> int& { return s.RectY; }, 0, kCdSmallSide - 1, {"y"})
        .Int("rw", [](S& s) -> int& { return s.RectW; }, 1, kCdSmallSide, {MLVIZ_TR_KEY("ширина")})
        .Int("rh", [](S& s) -> int& { return s.RectH; }, 1, kCdSmallSide, {MLVIZ_TR_KEY("высота")})
        .Enum("feature", [](S& s) -> int& { return s.Feature; }, EnumNames<HaarFeatureKind>(FeatureName),
              {MLVIZ_TR_KEY("Признак Хаара")})
        .Int(
            "fx", [](S& s) -> int& { return s.FeatX; }, 0, kClassicalMaxSide)
        .Int(
            "fy", [](S& s) -> int& { return s.FeatY; }, 0, kClassicalMaxSide)
        .Int("cw", [](S& s) -> int& { return s.CellW; }, 1, kCdMaxHaarCell, {MLVIZ_TR_KEY("Ширина клетки, пикс.")})
        .Int("ch", [](S& s) -> int& { return s.CellH; }, 1, kCdMaxHaarCell, {MLVIZ_TR_KEY("Высота клетки, пикс.")})
        .Bool("norm", [](S& s) -> bool& { return s.Normalised; }, {MLVIZ_TR_KEY("Нормировать на σ окна")})
        // Cascade tab: the scale factor stays >= 1.05 here so that the pyramid fits a few seconds.
        .Real("scale", [](S& s) -> double& { return s.ScaleFactor; }, 1.05, 2.0,
              {MLVIZ_TR_KEY("scaleFactor (шаг пирамиды)"), "%.2f", true})
        .Int("neighbors", [](S& s) -> int& { return s.MinNeighbors; }, 0, 20, {MLVIZ_TR_KEY("minNeighbors")})
        .Bool("candidates", [](S& s) -> bool& { return s.ShowCandidates; }, {MLVIZ_TR_KEY("Окна до группировки")})
        .Int("level", [](S& s) -> int& { return s.Level; }, 0, 200, {MLVIZ_TR_KEY("Уровень пирамиды")})
        // Keypoints tab.
        .Enum("transform", [](S& s) -> int& { return s.Transform; }, EnumNames<TransformKind>(TransformName),
              {MLVIZ_TR_KEY("Преобразование")})
        .Real("angle", [](S& s) -> double& { return s.Angle; }, -180.0, 180.0, {MLVIZ_TR_KEY("Угол, °"), "%.0f"})
        .Real("zoom", [](S& s) -> double& { return s.Zoom; }, 0.5, 2.0, {MLVIZ_TR_KEY("Масштаб"), "%.2f", true})
        .Real("blur", [](S& s) -> double& { return s.Blur; }, 0.0, 8.0, {MLVIZ_TR_KEY("Размытие σ, пикс."), "%.1f"})
        .Real("noise", [](S& s) -> double& { return s.Noise; }, 0.0, 64.0, {MLVIZ_TR_KEY("Шум σ, уровней"), "%.0f"})
        .Real("bright", [](S& s) -> double& { return s.Brightness; }, -128.0, 128.0, {MLVIZ_TR_KEY("Сдвиг яркости"), "%.0f"})
        .Int("seed", [](S& s) -> int& { return s.Seed; }, 0, 1 << 30, {"Seed"})
        .Int("orb_n", [](S& s) -> int& { return s.OrbFeatures; }, 50, 2000, {MLVIZ_TR_KEY("ORB: точек не больше")})
        .Int("fast_t", [](S& s) -> int& { return s.FastThreshold; }, 1, 100, {MLVIZ_TR_KEY("ORB: порог FAST")})
        .Real("contrast", [](S& s) -> double& { return s.Contrast; }, 0.01, 0.2,
              {MLVIZ_TR_KEY("SIFT: порог контраста"), "%.3f", true})
        .Real("ratio", [](S& s) -> double& { return s.Ratio; }, 0.5, 1.0, {MLVIZ_TR_KEY("SIFT: тест Лоу (ratio)"), "%.2f"})
        .Real("eps", [](S& s) -> double& { return s.Eps; }, 1.0, 10.0, {MLVIZ_TR_KEY("Допуск ε, пикс."), "%.1f"})
        .Enum("show", [](S& s) -> int& { return s.Show; }, EnumNames<CdShow>(ShowName), {MLVIZ_TR_KEY("Сопоставления")});
    return schema;
}

std::vector<Message> DecodeLink(const KeyValues& kv, ClassicalDetectorsState& out)
{
    std::vector<Message> notices = DecodeFromDefaults<ClassicalDetectorsState, ClassicalDetectorsStateSchema>(kv, out);
    out.Playing = false; // a link opens paused on its step
    return notices;
}

} // namespace

const StateSchema<ClassicalDetectorsState>& ClassicalDetectorsStateSchema()
{
    static const StateSchema<ClassicalDetectorsState> schema = MakeSchema();
    return schema;
}

const StateCodec<ClassicalDetectorsState>& ClassicalDetectorsCodec()
{
    static const StateCodec<ClassicalDetectorsState> codec{
        ClassicalDetectorsStateSchema, DecodeLink, EncodeAgainstDefaults<ClassicalDetectorsState, ClassicalDetectorsStateSchema>};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(ClassicalDetectorsTopicCodec, ClassicalDetectorsCodec())

CompareOptions CdCompareOptions(const ClassicalDetectorsState& s)
{
    CompareOptions o;
    const auto kind = static_cast<TransformKind>(std::clamp(s.Transform, 0, static_cast<int>(TransformKind::Count) - 1));
    o.Transform.Kind = kind;
    switch (kind) {
    case TransformKind::Rotate: o.Transform.Amount = s.Angle; break;
    case TransformKind::Scale: o.Transform.Amount = s.Zoom; break;
    case TransformKind::Blur: o.Transform.Amount = s.Blur; break;
    case TransformKind::Noise: o.Transform.Amount = s.Noise; break;
    default: o.Transform.Amount = s.Brightness; break;
    }
    o.Transform.Seed = static_cast<std::uint32_t>(std::max(s.Seed, 0));
    o.Orb.Features = s.OrbFeatures;
    o.Orb.FastThreshold = s.FastThreshold;
    o.Sift.ContrastThreshold = s.Contrast;
    o.Sift.KeepScaleSpace = false;
    o.Ratio = static_cast<float>(s.Ratio);
    o.Eps = s.Eps;
    return o;
}

} // namespace mlviz
