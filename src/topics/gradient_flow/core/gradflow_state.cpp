#include "topics/gradient_flow/core/gradflow_state.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "core/message.h"
#include "topics/gradient_flow/core/rnn_grad.h"

namespace mlviz {

namespace {

// One preset: the network, data and training fields it sets (the rest are GradflowState's
// defaults). Each is a known regime of deep-network training; the view explains it.
struct PresetRow {
    const char* Id;
    int Depth, Width;
    Activation Act;
    GradflowInit Init;
    float InitStd;
    bool InitStdPerFanIn;
    int Batch, ResidualEvery;
    GradflowNorm Norm;
    int NormAfter;
    float Lr;
    GradflowClip Clip;
    float ClipMax;
    int TrainSteps;
};

using A = Activation;
using I = GradflowInit;
using N = GradflowNorm;
using C = GradflowClip;
constexpr PresetRow kPresets[] = {
    // id            depth width act      init            std   fan_in batch res norm          after lr    clip     max   steps
    {"sigmoid", 20, 64, A::Sigmoid, I::XavierUniform, 1.0f, false, 256, 0, N::None, 0, 0.1f, C::None, 1.0f, 0},
    {"sigmoid_wide", 20, 256, A::Sigmoid, I::Normal, 1.0f, false, 128, 0, N::None, 0, 0.1f, C::None, 1.0f, 0},
    {"tanh_chaos", 40, 64, A::Tanh, I::Normal, 2.0f, true, 256, 0, N::None, 0, 0.1f, C::None, 1.0f, 0},
    {"relu_he", 30, 64, A::ReLU, I::HeNormal, 1.0f, false, 256, 0, N::None, 0, 0.1f, C::None, 1.0f, 0},
    {"residual", 50, 64, A::ReLU, I::HeNormal, 1.0f, false, 256, 1, N::None, 0, 0.1f, C::None, 1.0f, 0},
    {"residual_bn", 50, 64, A::ReLU, I::HeNormal, 1.0f, false, 256, 1, N::BatchNorm, 0, 0.1f, C::None, 1.0f, 0},
    {"bn_before", 20, 64, A::ReLU, I::HeNormal, 1.0f, false, 256, 0, N::BatchNorm, 0, 0.1f, C::None, 1.0f, 100},
    {"bn_after", 20, 64, A::ReLU, I::HeNormal, 1.0f, false, 256, 0, N::BatchNorm, 1, 0.1f, C::None, 1.0f, 100},
    {"dead_relu", 8, 64, A::ReLU, I::HeNormal, 1.0f, false, 256, 0, N::None, 0, 2.0f, C::Norm, 5.0f, 50},
};
constexpr int kPresetCount = kGradflowPresetCount;
static_assert(std::size(kPresets) == kGradflowPresetCount);

constexpr const char* kCustom = "custom";

StateSchema<GradflowState> MakeSchema()
{
    using S = GradflowState;
    StateSchema<S> schema;
    // The one place gradient-flow ranges are written (sliders, links and the clamp read them).
    schema.Enum("mode", [](S& s) -> int& { return s.Mode; }, {"mlp", "rnn"})
        .Int("depth", [](S& s) -> int& { return s.Depth; }, kGradflowDepthMin, kGradflowDepthMax, {MLVIZ_TR_KEY("Скрытых слоёв")})
        .Int("width", [](S& s) -> int& { return s.Width; }, kGradflowWidthMin, kGradflowWidthMax,
             {MLVIZ_TR_KEY("Нейронов в слое"), "%d", true})
        .Enum(
            "act", [](S& s) -> int& { return s.Act; }, EnumNames<Activation>(ActivationName))
        .Real("slope", [](S& s) -> float& { return s.LeakySlope; }, 0.0, 0.5, {MLVIZ_TR_KEY("Наклон Leaky ReLU"), "%.3f"})
        .Real("alpha", [](S& s) -> float& { return s.EluAlpha; }, 0.0, 3.0, {"ELU: α", "%.2f"})
        .Real("beta", [](S& s) -> float& { return s.SwishBeta; }, 0.0, 10.0, {"Swish: β (1 = SiLU)", "%.2f"})
        .Bool("gelu_tanh", [](S& s) -> bool& { return s.GeluTanh; }, {MLVIZ_TR_KEY("GELU ≈ tanh-формула")})
        .Enum("init", [](S& s) -> int& { return s.Init; }, EnumNames<GradflowInit>(GradflowInitName),
              {MLVIZ_TR_KEY("Инициализация весов")})
        .Real("std", [](S& s) -> float& { return s.InitStd; }, 0.0, 4.0, {"σ", "%.3f"})
        .Bool("std_fan_in", [](S& s) -> bool& { return s.InitStdPerFanIn; }, {MLVIZ_TR_KEY("σ в единицах 1/√n")})
        .Bool("bias", [](S& s) -> bool& { return s.Bias; }, {MLVIZ_TR_KEY("Смещения (bias)")})
        .Int("res", [](S& s) -> int& { return s.ResidualEvery; }, 0, 10, {MLVIZ_TR_KEY("Residual через k слоёв"), "k = %d"})
        .Enum("norm", [](S& s) -> int& { return s.Norm; }, EnumNames<GradflowNorm>(GradflowNormName),
              {MLVIZ_TR_KEY("Нормализация")})
        .Enum("norm_at", [](S& s) -> int& { return s.NormAfter; }, {"before", "after"})
        .Enum("data", [](S& s) -> int& { return s.Dataset; }, EnumNames<ToyDataset>(ToyDatasetName),
              {MLVIZ_TR_KEY("Набор (2 класса)")})
        .Int("batch", [](S& s) -> int& { return s.Batch; }, kGradflowBatchMin, kGradflowBatchMax, {nullptr, "%d", true})
        .Int("seed", [](S& s) -> int& { return s.Seed; }, 0, 1 << 30, {MLVIZ_TR_KEY("Seed (данные и веса)")})
        .Real("noise", [](S& s) -> float& { return s.Noise; }, 0.0, 0.5, {MLVIZ_TR_KEY("Шум данных"), "%.2f"})
        .Enum("opt", [](S& s) -> int& { return s.Optimizer; }, EnumNames<GradflowOptimizer>(GradflowOptimizerName),
              {MLVIZ_TR_KEY("Оптимизатор")})
        .Real("lr", [](S& s) -> float& { return s.Lr; }, 1e-4, 10.0, {MLVIZ_TR_KEY("Шаг обучения (lr)"), "%.4g", true})
        .Real("mom", [](S& s) -> float& { return s.Momentum; }, 0.0, 0.99, {"Momentum μ", "%.2f"})
        .Enum("clip", [](S& s) -> int& { return s.Clip; }, EnumNames<GradflowClip>(GradflowClipName),
              {MLVIZ_TR_KEY("Обрезка градиента")})
        .Real("clip_max", [](S& s) -> float& { return s.ClipMax; }, 1e-3, 100.0, {nullptr, "%.3g", true})
        .Int(
            "steps", [](S& s) -> int& { return s.TrainSteps; }, 0, kGradflowTrainStepsMax)
        .Int("per_click", [](S& s) -> int& { return s.StepsPerClick; }, 1, 1000, {MLVIZ_TR_KEY("Шагов за нажатие"), "%d", true})
        .Bool("wgrads", [](S& s) -> bool& { return s.WeightGrads; }, {MLVIZ_TR_KEY("‖∂L/∂W‖ вместо ‖∂L/∂h‖")})
        .Bool("hist_own", [](S& s) -> bool& { return s.HistPerLayer; }, {MLVIZ_TR_KEY("Своя шкала у слоя")})
        .Int(
            "layer", [](S& s) -> int& { return s.SelectedLayer; }, -1, kGradflowDepthMax - 1)
        .Int("rnn_hidden", [](S& s) -> int& { return s.RnnHidden; }, 2, kRnnHiddenMax,
             {MLVIZ_TR_KEY("Размер состояния H"), "%d", true})
        .Int("rnn_steps", [](S& s) -> int& { return s.RnnSteps; }, 2, kGradflowRnnStepsMax,
             {MLVIZ_TR_KEY("Шагов по времени T"), "%d", true})
        .Int("rnn_seed", [](S& s) -> int& { return s.RnnSeed; }, 0, 1 << 30, {MLVIZ_TR_KEY("Seed (веса и входы)")})
        .Real("forget_bias", [](S& s) -> float& { return s.ForgetBias; }, 0.0, 5.0,
              {MLVIZ_TR_KEY("Смещение забывания b_f"), "%.2f"})
        .Bool("rnn_zero_bf", [](S& s) -> bool& { return s.RnnCompareZeroBias; }, {MLVIZ_TR_KEY("+ LSTM с b_f = 0")})
        .Int(
            "rnn_t", [](S& s) -> int& { return s.RnnSelectedT; }, -1, kGradflowRnnStepsMax);
    return schema;
}

} // namespace

int GradflowMaxBatch(int depth, int width)
{
    const long long per_sample = static_cast<long long>(std::max(depth, 1)) * std::max(width, 1);
    return static_cast<int>(std::clamp<long long>(kGradflowMaxElements / per_sample, kGradflowBatchMin, kGradflowBatchMax));
}

void ClampGradflowState(GradflowState& s)
{
    GradflowStateSchema().Clamp(s); // every field into its range, non-finite -> default
    s.Preset = std::clamp(s.Preset, -1, kPresetCount - 1);
    // Ranges that depend on other fields.
    // Identity is not offered: a linear network has no vanishing-gradient story to tell.
    s.Act = std::max(s.Act, static_cast<int>(Activation::Sigmoid));
    s.Batch = std::clamp(s.Batch, kGradflowBatchMin, GradflowMaxBatch(s.Depth, s.Width));
    s.SelectedLayer = std::clamp(s.SelectedLayer, -1, s.Depth - 1);
    s.RnnSelectedT = std::clamp(s.RnnSelectedT, -1, s.RnnSteps);
}

int GradflowPresetCount()
{
    return kPresetCount;
}

const char* GradflowPresetId(int index)
{
    return index >= 0 && index < kPresetCount ? kPresets[index].Id : kCustom;
}

GradflowState GradflowPresetState(int index, const GradflowState& keep)
{
    GradflowState s;
    s.Mode = keep.Mode;
    s.WeightGrads = keep.WeightGrads;
    s.HistPerLayer = keep.HistPerLayer;
    if (index < 0 || index >= kPresetCount) {
        s.Preset = -1;
        return s;
    }
    const PresetRow& p = kPresets[index];
    s.Preset = index;
    s.Depth = p.Depth;
    s.Width = p.Width;
    s.Act = static_cast<int>(p.Act);
    s.Init = static_cast<int>(p.Init);
    s.InitStd = p.InitStd;
    s.InitStdPerFanIn = p.InitStdPerFanIn;
    s.Batch = p.Batch;
    s.ResidualEvery = p.ResidualEvery;
    s.Norm = static_cast<int>(p.Norm);
    s.NormAfter = p.NormAfter;
    s.Lr = p.Lr;
    s.Clip = static_cast<int>(p.Clip);
    s.ClipMax = p.ClipMax;
    s.TrainSteps = p.TrainSteps;
    return s;
}

GradflowConfig GradflowConfigFromState(const GradflowState& s)
{
    GradflowConfig c;
    c.Depth = s.Depth;
    c.Width = s.Width;
    c.Act = static_cast<Activation>(s.Act);
    c.ActParams.LeakySlope = s.LeakySlope;
    c.ActParams.EluAlpha = s.EluAlpha;
    c.ActParams.SwishBeta = s.SwishBeta;
    c.ActParams.GeluTanh = s.GeluTanh;
    c.Init = static_cast<GradflowInit>(s.Init);
    c.InitStd = s.InitStd;
    c.InitStdPerFanIn = s.InitStdPerFanIn;
    c.Bias = s.Bias;
    c.ResidualEvery = s.ResidualEvery;
    c.Norm = static_cast<GradflowNorm>(s.Norm);
    c.NormPosition = s.NormAfter ? GradflowNormPosition::After : GradflowNormPosition::Before;
    c.Batch = s.Batch;
    c.Data = static_cast<ToyDataset>(s.Dataset);
    c.DataNoise = s.Noise;
    c.Seed = static_cast<std::uint32_t>(s.Seed);
    c.Optimizer.Kind = static_cast<GradflowOptimizer>(s.Optimizer);
    c.Optimizer.Lr = s.Lr;
    c.Optimizer.Momentum = s.Momentum;
    c.Clip.Kind = static_cast<GradflowClip>(s.Clip);
    c.Clip.Max = s.ClipMax;
    return c;
}

bool SameGradflowModel(const GradflowState& a, const GradflowState& b)
{
    return a.Depth == b.Depth && a.Width == b.Width && a.Act == b.Act && a.LeakySlope == b.LeakySlope &&
        a.EluAlpha == b.EluAlpha && a.SwishBeta == b.SwishBeta && a.GeluTanh == b.GeluTanh && a.Init == b.Init &&
        a.InitStd == b.InitStd && a.InitStdPerFanIn == b.InitStdPerFanIn && a.Bias == b.Bias &&
        a.ResidualEvery == b.ResidualEvery && a.Norm == b.Norm && a.NormAfter == b.NormAfter && a.Dataset == b.Dataset &&
        a.Batch == b.Batch && a.Seed == b.Seed && a.Noise == b.Noise && a.Optimizer == b.Optimizer && a.Lr == b.Lr &&
        a.Momentum == b.Momentum && a.Clip == b.Clip && a.ClipMax == b.ClipMax;
}

const StateSchema<GradflowState>& GradflowStateSchema()
{
    static const StateSchema<GradflowState> schema = MakeSchema();
    return schema;
}

std::string EncodeGradflowState(const GradflowState& s)
{
    // The base keeps the picture switches and mode of the default, so those are written when set.
    const GradflowState base = GradflowPresetState(s.Preset >= 0 ? s.Preset : -1);
    std::string rest = GradflowStateSchema().Encode(s, base);
    if (s.Preset == 0) return rest;
    std::string out = "preset=" + std::string(GradflowPresetId(s.Preset));
    return rest.empty() ? out : out + "&" + rest;
}

std::vector<Message> DecodeGradflowState(const KeyValues& kv, GradflowState& s)
{
    std::vector<Message> notices;
    int preset = 0;
    if (const std::string* name = FindValue(kv, "preset")) {
        preset = -2;
        for (int i = -1; i < kPresetCount; ++i)
            if (*name == GradflowPresetId(i)) preset = i;
        if (preset == -2) {
            notices.push_back(Msg("preset=%s: неизвестный пресет, пропущено", *name));
            preset = 0;
        }
    }
    s = GradflowPresetState(preset);
    std::vector<Message> more = GradflowStateSchema().Decode(kv, s);
    notices.insert(notices.end(), more.begin(), more.end());
    ClampGradflowState(s);
    // A hand-edited link may change a preset's network: then it is no longer that preset (the
    // view would show the preset's explanation under another network).
    if (s.Preset >= 0 && !SameGradflowModel(s, GradflowPresetState(s.Preset))) s.Preset = -1;
    return notices;
}

const StateCodec<GradflowState>& GradflowCodec()
{
    static const StateCodec<GradflowState> codec{GradflowStateSchema, DecodeGradflowState, EncodeGradflowState};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(GradflowTopicCodec, GradflowCodec())

} // namespace mlviz
