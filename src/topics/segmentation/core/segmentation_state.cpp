#include "topics/segmentation/core/segmentation_state.h"

#include <algorithm>
#include <vector>

namespace mlviz {

const char* SegTabName(SegTab t)
{
    switch (t) {
    case SegTab::Scene: return "scene";
    case SegTab::Semantic: return "semantic";
    case SegTab::Panoptic: return "panoptic";
    case SegTab::Ap: return "ap";
    case SegTab::Unet: return "unet";
    case SegTab::Roi: return "roi";
    default: return "";
    }
}

const char* SegToolName(SegTool t)
{
    switch (t) {
    case SegTool::Brush: return "brush";
    case SegTool::Fill: return "fill";
    case SegTool::Erase: return "erase";
    case SegTool::Revert: return "revert";
    case SegTool::Pick: return "pick";
    default: return "";
    }
}

const char* SegLayerName(SegLayer l)
{
    switch (l) {
    case SegLayer::Semantic: return "semantic";
    case SegLayer::Instance: return "instance";
    case SegLayer::Panoptic: return "panoptic";
    default: return "";
    }
}

namespace {

std::vector<std::string> ClassNames(const char* first, const char* last)
{
    std::vector<std::string> names;
    if (first) names.emplace_back(first);
    for (int c = 0; c < kSegNumClasses; ++c) names.emplace_back(SegClassInfoOf(c).Id);
    if (last) names.emplace_back(last);
    return names;
}

// The edit text is kept canonical: decoded (every run and value checked) and encoded again.
Message SetEdits(SegmentationState& s, std::string_view text)
{
    s.Edits.clear();
    if (text.empty()) return {};
    const auto layer = DecodeEdits(text, kSegSceneWidth, kSegSceneHeight);
    if (!layer) return layer.Error();
    if (layer->EditedCount() == 0) return {};
    const auto canonical = EncodeEdits(*layer);
    if (!canonical) return canonical.Error();
    s.Edits = *canonical;
    return {};
}

StateSchema<SegmentationState> MakeSchema()
{
    using S = SegmentationState;
    StateSchema<S> schema;
    // The one place the topic's ranges are written: links, sliders and clamping read them.
    schema
        .Enum(
            "tab", [](S& s) -> int& { return s.Tab; }, EnumNames<SegTab>(SegTabName))
        .Int("seed", [](S& s) -> int& { return s.Seed; }, 0, 1 << 30, {MLVIZ_TR_KEY("Seed сцены")})
        .Int("cars", [](S& s) -> int& { return s.Cars; }, 0, kSceneMaxCars, {MLVIZ_TR_KEY("Машин")})
        .Int("people", [](S& s) -> int& { return s.People; }, 0, kSceneMaxPeople, {MLVIZ_TR_KEY("Людей")})
        .Bool("crowd", [](S& s) -> bool& { return s.Crowd; }, {MLVIZ_TR_KEY("Толпа (crowd-область)")})
        .Int("void", [](S& s) -> int& { return s.VoidBorder; }, 0, 2, {MLVIZ_TR_KEY("Пустота (void) вокруг объектов, клеток")})
        .Int("pseed", [](S& s) -> int& { return s.PredSeed; }, 0, 1 << 30, {MLVIZ_TR_KEY("Seed предсказания")})
        .Int(
            "drop", [](S& s) -> int& { return s.Drop; }, -1, kSegMaxInstanceId)
        .Int(
            "merge", [](S& s) -> int& { return s.Merge; }, -1, kSegMaxInstanceId)
        .Int(
            "split", [](S& s) -> int& { return s.Split; }, -1, kSegMaxInstanceId)
        .Int("dx", [](S& s) -> int& { return s.ShiftX; }, -kPerturbMaxShift, kPerturbMaxShift,
             {MLVIZ_TR_KEY("Сдвиг объектов по x")})
        .Int("dy", [](S& s) -> int& { return s.ShiftY; }, -kPerturbMaxShift, kPerturbMaxShift,
             {MLVIZ_TR_KEY("Сдвиг объектов по y")})
        .Int("morph", [](S& s) -> int& { return s.Morph; }, -kPerturbMaxMorph, kPerturbMaxMorph,
             {MLVIZ_TR_KEY("Эрозия (−) / дилатация (+)")})
        .Enum("confuse", [](S& s) -> int& { return s.ConfuseFrom; }, ClassNames("none", nullptr), {MLVIZ_TR_KEY("Путать класс")})
        .Enum("confuse_to", [](S& s) -> int& { return s.ConfuseTo; }, ClassNames("none", nullptr), {MLVIZ_TR_KEY("с классом")})
        .Real("confuse_frac", [](S& s) -> float& { return s.ConfuseFraction; }, 0.0, 1.0,
              {MLVIZ_TR_KEY("Доля перепутанных блоков 4×4"), "%.2f"})
        .Int("fp", [](S& s) -> int& { return s.FalsePositives; }, 0, kPerturbMaxFalsePositives, {MLVIZ_TR_KEY("Ложные объекты")})
        .Real("noise", [](S& s) -> float& { return s.ScoreNoise; }, 0.0, 0.5, {MLVIZ_TR_KEY("Шум score"), "%.2f"});
    schema.Custom(
        "edits", [](const S& s) { return s.Edits; }, SetEdits);
    schema
        .Enum(
            "tool", [](S& s) -> int& { return s.Tool; }, EnumNames<SegTool>(SegToolName))
        .Real("brush", [](S& s) -> float& { return s.Brush; }, 0.5, 8.0, {MLVIZ_TR_KEY("Радиус кисти, клеток"), "%.1f"})
        .Enum("pclass", [](S& s) -> int& { return s.PaintClass; }, ClassNames(nullptr, "void"), {MLVIZ_TR_KEY("Класс кисти")})
        .Int("pinst", [](S& s) -> int& { return s.PaintInstance; }, 1, kSegMaxInstanceId, {MLVIZ_TR_KEY("Экземпляр кисти")})
        .Enum("layer", [](S& s) -> int& { return s.Layer; }, EnumNames<SegLayer>(SegLayerName),
              {MLVIZ_TR_KEY("Показать разметку как")})
        .Bool("gt", [](S& s) -> bool& { return s.ShowGtOutline; }, {MLVIZ_TR_KEY("Контуры разметки (GT) поверх")})
        .Real("tol", [](S& s) -> float& { return s.Tolerance; }, 0.0, 8.0, {MLVIZ_TR_KEY("Допуск границы, клеток"), "%.1f"})
        .Enum("bclass", [](S& s) -> int& { return s.BoundaryClass; }, ClassNames(nullptr, nullptr),
              {MLVIZ_TR_KEY("Граница класса")})
        .Int("images", [](S& s) -> int& { return s.Images; }, 1, kSceneSetMaxImages, {MLVIZ_TR_KEY("Изображений в наборе")})
        .Enum("iou_type", [](S& s) -> int& { return s.IouType; }, {"segm", "bbox"}, {MLVIZ_TR_KEY("IoU по")})
        .Real("iou", [](S& s) -> float& { return s.Iou; }, kSegIouMin, kSegIouMax, {MLVIZ_TR_KEY("Порог IoU"), "%.2f"})
        .Enum("area", [](S& s) -> int& { return s.Area; }, {"all", "small", "medium", "large"},
              {MLVIZ_TR_KEY("Диапазон площадей")})
        .Enum("maxdets", [](S& s) -> int& { return s.MaxDets; }, {"1", "10", "100"}, {"maxDets"})
        .Enum("cat", [](S& s) -> int& { return s.Category; }, {"car", "person"}, {MLVIZ_TR_KEY("Кривая PR для класса")})
        .Int("px", [](S& s) -> int& { return s.CellPx; }, 1, 16, {MLVIZ_TR_KEY("Пикселей в клетке (по стороне)")})
        .Real("speed", [](S& s) -> float& { return s.Speed; }, 1.0, 60.0, {nullptr, "%.0f", true})
        .Int("unet_in", [](S& s) -> int& { return s.UnetInput; }, 1, kUnetMaxInput, {MLVIZ_TR_KEY("Размер входа"), "%d", true})
        .Int("unet_depth", [](S& s) -> int& { return s.UnetDepth; }, 1, 6, {MLVIZ_TR_KEY("Глубина (число max pool)")})
        .Int("unet_convs", [](S& s) -> int& { return s.UnetConvs; }, 1, 3, {MLVIZ_TR_KEY("Свёрток 3×3 на уровень")})
        .Bool("padded", [](S& s) -> bool& { return s.Padded; }, {MLVIZ_TR_KEY("Свёртки с padding=1")})
        .Int("unet_ch", [](S& s) -> int& { return s.UnetChannels; }, 1, 1024, {MLVIZ_TR_KEY("Каналов на уровне 0"), "%d", true})
        .Int(
            "skips", [](S& s) -> int& { return s.Skips; }, 0, static_cast<long long>(kSkipAll))
        .Int("skip_depth", [](S& s) -> int& { return s.SkipDepth; }, 1, kSkipMaxDepth, {MLVIZ_TR_KEY("Уровней пулинга")})
        .Bool("bilinear", [](S& s) -> bool& { return s.Bilinear; }, {MLVIZ_TR_KEY("Билинейный апсемплинг")})
        .Int("fmap", [](S& s) -> int& { return s.MapSide; }, kSegRoiMinMap, kSegRoiMaxMap,
             {MLVIZ_TR_KEY("Карта признаков, клеток по стороне")})
        .Int("fseed", [](S& s) -> int& { return s.MapSeed; }, 0, 1 << 30, {MLVIZ_TR_KEY("Seed карты признаков")})
        .Real("x1", [](S& s) -> float& { return s.X1; }, -kSegRoiMaxCoord, kSegRoiMaxCoord, {"x1", "%.1f"})
        .Real("y1", [](S& s) -> float& { return s.Y1; }, -kSegRoiMaxCoord, kSegRoiMaxCoord, {"y1", "%.1f"})
        .Real("x2", [](S& s) -> float& { return s.X2; }, -kSegRoiMaxCoord, kSegRoiMaxCoord, {"x2", "%.1f"})
        .Real("y2", [](S& s) -> float& { return s.Y2; }, -kSegRoiMaxCoord, kSegRoiMaxCoord, {"y2", "%.1f"})
        .Enum("scale", [](S& s) -> int& { return s.Scale; }, {"1", "0.5", "0.25", "0.125", "0.0625", "0.03125"},
              {"spatial_scale"})
        .Int("out", [](S& s) -> int& { return s.Out; }, 1, kSegRoiMaxOutput, {MLVIZ_TR_KEY("Размер выхода (output_size)")})
        .Int("sampling", [](S& s) -> int& { return s.Sampling; }, 0, kSegRoiMaxSampling, {"sampling_ratio"})
        .Bool("aligned", [](S& s) -> bool& { return s.Aligned; }, {"aligned=True"});
    return schema;
}

std::vector<Message> DecodeSegmentationLink(const KeyValues& kv, SegmentationState& out)
{
    std::vector<Message> notices = DecodeFromDefaults<SegmentationState, SegmentationStateSchema>(kv, out);
    out.Playing = false; // a link opens paused on its threshold
    return notices;
}

} // namespace

const StateSchema<SegmentationState>& SegmentationStateSchema()
{
    static const StateSchema<SegmentationState> schema = MakeSchema();
    return schema;
}

const StateCodec<SegmentationState>& SegmentationCodec()
{
    static const StateCodec<SegmentationState> codec{SegmentationStateSchema, DecodeSegmentationLink,
                                                     EncodeAgainstDefaults<SegmentationState, SegmentationStateSchema>};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(SegmentationTopicCodec, SegmentationCodec())

SceneConfig SegSceneConfig(const SegmentationState& s)
{
    SceneConfig c;
    c.Seed = static_cast<std::uint32_t>(std::max(s.Seed, 0));
    c.Width = kSegSceneWidth;
    c.Height = kSegSceneHeight;
    c.Cars = s.Cars;
    c.People = s.People;
    c.Crowd = s.Crowd;
    c.VoidBorder = s.VoidBorder;
    return c;
}

PerturbConfig SegPerturbConfig(const SegmentationState& s)
{
    PerturbConfig c;
    c.Seed = static_cast<std::uint32_t>(std::max(s.PredSeed, 0));
    c.DropInstance = s.Drop;
    c.MergeInstance = s.Merge;
    c.SplitInstance = s.Split;
    c.ShiftX = s.ShiftX;
    c.ShiftY = s.ShiftY;
    c.Morph = s.Morph;
    c.ConfuseFrom = s.ConfuseFrom - 1;
    c.ConfuseTo = s.ConfuseTo - 1;
    c.ConfuseFraction = s.ConfuseFraction;
    c.FalsePositives = s.FalsePositives;
    c.ScoreNoise = s.ScoreNoise;
    return c;
}

SceneSetConfig SegSetConfig(const SegmentationState& s)
{
    SceneSetConfig c;
    c.Images = s.Images;
    c.Scene = SegSceneConfig(s);
    c.Perturb = SegPerturbConfig(s);
    return c;
}

UnetConfig SegUnetConfig(const SegmentationState& s)
{
    UnetConfig c;
    c.InputSize = s.UnetInput;
    c.Depth = s.UnetDepth;
    c.ConvsPerLevel = s.UnetConvs;
    c.Padded = s.Padded;
    c.BaseChannels = s.UnetChannels;
    return c;
}

SkipDemoConfig SegSkipConfig(const SegmentationState& s)
{
    SkipDemoConfig c;
    c.Depth = s.SkipDepth;
    c.SkipMask = static_cast<std::uint32_t>(s.Skips) & kSkipAll;
    c.Bilinear = s.Bilinear;
    return c;
}

double SegSpatialScale(const SegmentationState& s)
{
    return 1.0 / static_cast<double>(1 << std::clamp(s.Scale, 0, 5));
}

RoiAlignConfig SegRoiConfig(const SegmentationState& s)
{
    RoiAlignConfig c;
    c.OutputHeight = c.OutputWidth = s.Out;
    c.SpatialScale = SegSpatialScale(s);
    c.SamplingRatio = s.Sampling; // 0 = adaptive, as torchvision's <= 0
    c.Aligned = s.Aligned;
    return c;
}

RoiBox SegRoiBox(const SegmentationState& s)
{
    return {s.X1, s.Y1, s.X2, s.Y2};
}

PaintValue SegPaintValue(const SegmentationState& s)
{
    if (s.PaintClass >= kSegNumClasses) return {kSegVoid, 0};
    const auto cls = static_cast<std::uint8_t>(std::clamp(s.PaintClass, 0, kSegNumClasses - 1));
    return {cls, static_cast<std::uint16_t>(SegIsThing(cls) ? std::clamp(s.PaintInstance, 1, kSegMaxInstanceId) : 0)};
}

CocoIouType SegIouType(const SegmentationState& s)
{
    return s.IouType == 1 ? CocoIouType::Bbox : CocoIouType::Segm;
}

bool SameSegScene(const SegmentationState& a, const SegmentationState& b)
{
    return a.Seed == b.Seed && a.Cars == b.Cars && a.People == b.People && a.Crowd == b.Crowd && a.VoidBorder == b.VoidBorder;
}

bool SameSegPerturbation(const SegmentationState& a, const SegmentationState& b)
{
    return SameSegScene(a, b) && a.PredSeed == b.PredSeed && a.Drop == b.Drop && a.Merge == b.Merge && a.Split == b.Split &&
        a.ShiftX == b.ShiftX && a.ShiftY == b.ShiftY && a.Morph == b.Morph && a.ConfuseFrom == b.ConfuseFrom &&
        a.ConfuseTo == b.ConfuseTo && a.ConfuseFraction == b.ConfuseFraction && a.FalsePositives == b.FalsePositives &&
        a.ScoreNoise == b.ScoreNoise;
}

} // namespace mlviz
