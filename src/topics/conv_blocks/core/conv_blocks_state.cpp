#include "topics/conv_blocks/core/conv_blocks_state.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

namespace mlviz {

namespace {

StateSchema<ConvBlocksState> MakeSchema()
{
    using S = ConvBlocksState;
    StateSchema<S> t;
    t.Enum("tab", [](S& s) -> int& { return s.Tab; }, {"conv", "conv3d", "inception", "se", "spp", "efficientnet"})
        .Int(
            "step", [](S& s) -> int& { return s.Step; }, -1, 1 << 20)
        .Real("speed", [](S& s) -> float& { return s.Speed; }, 0.5, 60.0, {nullptr, "%.1f", true});
    // q41
    t.Enum("pass", [](S& s) -> int& { return s.Pass; }, {"forward", "dx", "dw"}, {MLVIZ_TR_KEY("Что считаем")})
        .Int("c", [](S& s) -> int& { return s.Conv.Channels; }, 1, kConv2dMaxChannels, {MLVIZ_TR_KEY("Входных каналов C")})
        .Int("h", [](S& s) -> int& { return s.Conv.Height; }, 1, kConvUiMaxSide, {MLVIZ_TR_KEY("Высота H")})
        .Int("w", [](S& s) -> int& { return s.Conv.Width; }, 1, kConvUiMaxSide, {MLVIZ_TR_KEY("Ширина W")})
        .Int("o", [](S& s) -> int& { return s.Conv.OutChannels; }, 1, kConv2dMaxChannels, {MLVIZ_TR_KEY("Выходных каналов O")})
        .Int("k", [](S& s) -> int& { return s.Conv.Kernel; }, 1, kConv2dMaxKernel, {MLVIZ_TR_KEY("Ядро k×k")})
        .Int("stride", [](S& s) -> int& { return s.Conv.Spec.Stride; }, 1, kConv2dMaxStride, {MLVIZ_TR_KEY("Шаг (stride) s")})
        .Int("pad", [](S& s) -> int& { return s.Conv.Spec.Padding; }, 0, kConvUiMaxPadding, {MLVIZ_TR_KEY("Отступ (padding) p")})
        .Int("dil", [](S& s) -> int& { return s.Conv.Spec.Dilation; }, 1, kConv2dMaxDilation, {MLVIZ_TR_KEY("Дилатация d")})
        .Int("groups", [](S& s) -> int& { return s.Conv.Spec.Groups; }, 1, kConv2dMaxChannels, {MLVIZ_TR_KEY("Группы g")})
        .Bool("bias", [](S& s) -> bool& { return s.Conv.Bias; }, {MLVIZ_TR_KEY("Смещение b")})
        .Int("range", [](S& s) -> int& { return s.Conv.ValueRange; }, 1, 9, {MLVIZ_TR_KEY("Значения от −r до r")})
        .Int("seed", [](S& s) -> std::uint32_t& { return s.Conv.Seed; }, 0, 1 << 30, {"Seed"})
        .Int("ic", [](S& s) -> int& { return s.InShown; }, 0, kConv2dMaxChannels - 1, {MLVIZ_TR_KEY("Показан входной канал")})
        .Int("oc", [](S& s) -> int& { return s.OutShown; }, 0, kConv2dMaxChannels - 1, {MLVIZ_TR_KEY("Показан выходной канал")})
        .Bool("check", [](S& s) -> bool& { return s.Check; }, {MLVIZ_TR_KEY("Проверка конечными разностями")});
    // q38
    t.Int("frames", [](S& s) -> int& { return s.Clip.Frames; }, 3, 16, {MLVIZ_TR_KEY("Кадров T")})
        .Int("side", [](S& s) -> int& { return s.Clip.Height; }, 6, 24, {MLVIZ_TR_KEY("Кадр H = W")})
        .Real("sq", [](S& s) -> double& { return s.Clip.Size; }, 1.0, 8.0, {MLVIZ_TR_KEY("Сторона квадрата"), "%.1f"})
        .Real("vx", [](S& s) -> double& { return s.Clip.Vx; }, -3.0, 3.0, {MLVIZ_TR_KEY("Скорость vx, пикс./кадр"), "%.2f"})
        .Real("vy", [](S& s) -> double& { return s.Clip.Vy; }, -3.0, 3.0, {MLVIZ_TR_KEY("Скорость vy, пикс./кадр"), "%.2f"})
        .Real("x0", [](S& s) -> double& { return s.Clip.X0; }, -8.0, 24.0, {MLVIZ_TR_KEY("Начало x₀"), "%.1f"})
        .Real("y0", [](S& s) -> double& { return s.Clip.Y0; }, -8.0, 24.0, {MLVIZ_TR_KEY("Начало y₀"), "%.1f"})
        .Enum("k3", [](S& s) -> int& { return s.Kernel3d; }, {"right", "left", "diff"}, {MLVIZ_TR_KEY("3D-ядро")})
        .Int("kt", [](S& s) -> int& { return s.KernelT; }, 2, 7, {MLVIZ_TR_KEY("Глубина ядра по времени k_t")})
        .Int("ks", [](S& s) -> int& { return s.KernelK; }, 1, 7, {MLVIZ_TR_KEY("Размер ядра k (нечётный)")})
        .Enum("k2", [](S& s) -> int& { return s.Kernel2d; }, {"box", "edge"}, {MLVIZ_TR_KEY("2D-ядро")})
        .Int("l_in", [](S& s) -> int& { return s.LayerIn; }, 1, 2048, {MLVIZ_TR_KEY("C_in"), "%d", true})
        .Int("l_out", [](S& s) -> int& { return s.LayerOut; }, 1, 2048, {MLVIZ_TR_KEY("C_out"), "%d", true})
        .Int("l_t", [](S& s) -> int& { return s.LayerT; }, 1, 256, {MLVIZ_TR_KEY("Кадров на входе слоя"), "%d", true})
        .Int("l_side", [](S& s) -> int& { return s.LayerSide; }, 1, 512, {MLVIZ_TR_KEY("Сторона карты слоя"), "%d", true})
        .Int("l_kt", [](S& s) -> int& { return s.LayerKt; }, 1, 7, {MLVIZ_TR_KEY("k_t слоя")})
        .Int("l_k", [](S& s) -> int& { return s.LayerK; }, 1, 7, {MLVIZ_TR_KEY("k слоя")});
    // q45
    t.Int("in_side", [](S& s) -> int& { return s.Inception.Height; }, 1, 224, {MLVIZ_TR_KEY("Карта H = W"), "%d", true})
        .Int("cin", [](S& s) -> int& { return s.Inception.InChannels; }, 1, 1024, {MLVIZ_TR_KEY("Входных каналов"), "%d", true})
        .Int("n1", [](S& s) -> int& { return s.Inception.N1x1; }, 1, 1024, {MLVIZ_TR_KEY("#1×1"), "%d", true})
        .Int("n3r", [](S& s) -> int& { return s.Inception.N3x3Reduce; }, 1, 1024, {MLVIZ_TR_KEY("#3×3 reduce"), "%d", true})
        .Int("n3", [](S& s) -> int& { return s.Inception.N3x3; }, 1, 1024, {MLVIZ_TR_KEY("#3×3"), "%d", true})
        .Int("n5r", [](S& s) -> int& { return s.Inception.N5x5Reduce; }, 1, 1024, {MLVIZ_TR_KEY("#5×5 reduce"), "%d", true})
        .Int("n5", [](S& s) -> int& { return s.Inception.N5x5; }, 1, 1024, {MLVIZ_TR_KEY("#5×5"), "%d", true})
        .Int("pp", [](S& s) -> int& { return s.Inception.PoolProj; }, 1, 1024, {MLVIZ_TR_KEY("pool proj"), "%d", true})
        .Bool("red3", [](S& s) -> bool& { return s.Inception.Reduce3; }, {MLVIZ_TR_KEY("1×1 перед 3×3")})
        .Bool("red5", [](S& s) -> bool& { return s.Inception.Reduce5; }, {MLVIZ_TR_KEY("1×1 перед 5×5")})
        .Bool("proj", [](S& s) -> bool& { return s.Inception.ProjectPool; }, {MLVIZ_TR_KEY("1×1 после пулинга")});
    // q53
    t.Int("se_seed", [](S& s) -> int& { return s.SeSeed; }, 0, 1 << 30, {"Seed"})
        .Int("epochs", [](S& s) -> int& { return s.SeEpochs; }, 1, 40, {MLVIZ_TR_KEY("Эпох")})
        .Int("se_r", [](S& s) -> int& { return s.SeReduction; }, 1, 16, {MLVIZ_TR_KEY("Сжатие SE r")})
        .Bool("gap", [](S& s) -> bool& { return s.SeGlobalHead; }, {MLVIZ_TR_KEY("Голова: глобальный пулинг")})
        .Int("digit", [](S& s) -> int& { return s.SeDigit; }, 0, 359, {MLVIZ_TR_KEY("Тестовая цифра №")});
    // q56
    t.Int("spp_c", [](S& s) -> int& { return s.SppChannels; }, 1, 8, {MLVIZ_TR_KEY("Каналов C")})
        .Int("h1", [](S& s) -> int& { return s.SppH1; }, 1, 64, {MLVIZ_TR_KEY("Карта 1: высота")})
        .Int("w1", [](S& s) -> int& { return s.SppW1; }, 1, 64, {MLVIZ_TR_KEY("Карта 1: ширина")})
        .Int("h2", [](S& s) -> int& { return s.SppH2; }, 1, 64, {MLVIZ_TR_KEY("Карта 2: высота")})
        .Int("w2", [](S& s) -> int& { return s.SppW2; }, 1, 64, {MLVIZ_TR_KEY("Карта 2: ширина")})
        .Int("blobs", [](S& s) -> int& { return s.SppBlobs; }, 1, 16, {MLVIZ_TR_KEY("Пятен на карте")})
        .Int("spp_seed", [](S& s) -> int& { return s.SppSeed; }, 0, 1 << 30, {"Seed"})
        .Int("l1", [](S& s) -> int& { return s.SppLevel1; }, 0, 8, {MLVIZ_TR_KEY("Уровень 1: n×n (0 = нет)")})
        .Int("l2", [](S& s) -> int& { return s.SppLevel2; }, 0, 8, {MLVIZ_TR_KEY("Уровень 2: n×n (0 = нет)")})
        .Int("l3", [](S& s) -> int& { return s.SppLevel3; }, 0, 8, {MLVIZ_TR_KEY("Уровень 3: n×n (0 = нет)")})
        .Enum("pool", [](S& s) -> int& { return s.SppPool; }, {"max", "avg"}, {MLVIZ_TR_KEY("Пулинг")})
        .Int("level", [](S& s) -> int& { return s.SppShownLevel; }, 0, 2, {MLVIZ_TR_KEY("Показаны ячейки уровня")})
        .Int("ch", [](S& s) -> int& { return s.SppShownChannel; }, 0, 7, {MLVIZ_TR_KEY("Показан канал")});
    // q27
    t.Enum("variant", [](S& s) -> int& { return s.Variant; }, {"b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7"},
           {MLVIZ_TR_KEY("Вариант")})
        .Real("phi", [](S& s) -> double& { return s.Phi; }, 0.0, 8.0, {MLVIZ_TR_KEY("φ"), "%.2f"})
        .Real("alpha", [](S& s) -> double& { return s.Alpha; }, 1.0, 2.0, {MLVIZ_TR_KEY("α (глубина)"), "%.3f"})
        .Real("beta", [](S& s) -> double& { return s.Beta; }, 1.0, 2.0, {MLVIZ_TR_KEY("β (ширина)"), "%.3f"})
        .Real("gamma", [](S& s) -> double& { return s.Gamma; }, 1.0, 2.0, {MLVIZ_TR_KEY("γ (разрешение)"), "%.3f"});
    return t;
}

std::vector<Message> DecodeConvBlocks(const KeyValues& kv, ConvBlocksState& out)
{
    std::vector<Message> notices = DecodeFromDefaults<ConvBlocksState, ConvBlocksStateSchema>(kv, out);
    FixConvBlocksState(out);
    out.Playing = false; // a link opens paused on its step
    return notices;
}

} // namespace

const StateSchema<ConvBlocksState>& ConvBlocksStateSchema()
{
    static const StateSchema<ConvBlocksState> schema = MakeSchema();
    return schema;
}

void FixConvBlocksState(ConvBlocksState& s)
{
    ConvBlocksStateSchema().Clamp(s);
    Conv2dExampleConfig& c = s.Conv;
    const int common = std::gcd(c.Channels, c.OutChannels);
    int g = std::clamp(c.Spec.Groups, 1, common);
    while (common % g != 0) --g;
    c.Spec.Groups = g;
    c.Width = std::clamp(c.Width, 1, kConvUiMaxSide);
    s.InShown = std::clamp(s.InShown, 0, c.Channels - 1);
    s.OutShown = std::clamp(s.OutShown, 0, c.OutChannels - 1);
    s.Clip.Width = s.Clip.Height;
    if (s.KernelK % 2 == 0) ++s.KernelK;
    if (s.LayerK % 2 == 0) ++s.LayerK;
    s.Inception.Width = s.Inception.Height;
    if (s.SppLevel1 == 0 && s.SppLevel2 == 0 && s.SppLevel3 == 0) s.SppLevel1 = 1;
    const int levels[3] = {s.SppLevel1, s.SppLevel2, s.SppLevel3};
    if (levels[s.SppShownLevel] == 0) {
        s.SppShownLevel = 0;
        while (levels[s.SppShownLevel] == 0) ++s.SppShownLevel;
    }
    s.SppShownChannel = std::min(s.SppShownChannel, s.SppChannels - 1);
}

int SppLevels(const ConvBlocksState& s, int out[3])
{
    int n = 0;
    for (int v : {s.SppLevel1, s.SppLevel2, s.SppLevel3})
        if (v > 0) out[n++] = v;
    return n;
}

const StateCodec<ConvBlocksState>& ConvBlocksCodec()
{
    static const StateCodec<ConvBlocksState> codec{ConvBlocksStateSchema, DecodeConvBlocks,
                                                   EncodeAgainstDefaults<ConvBlocksState, ConvBlocksStateSchema>};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(ConvBlocksTopicCodec, ConvBlocksCodec())

} // namespace mlviz
