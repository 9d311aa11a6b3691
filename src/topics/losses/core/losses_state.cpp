// The losses topic's field table (the one place its ranges are written), its codec and the cores' inputs.
#include "topics/losses/core/losses_state.h"

#include <algorithm>
#include <string>

namespace mlviz {

namespace {

constexpr const char* kTabNames[] = {"softmax", "curves", "train"};
constexpr const char* kLogitKeys[] = {"z0", "z1", "z2", "z3", "z4", "z5", "z6", "z7", "z8", "z9"};
constexpr const char* kShowKeys[] = {"show_ce", "show_wce", "show_focal", "show_ls", "show_dice", "show_dice_ce"};
// The held-out image is the training image's settings with this seed offset (as in the phase-1 measurement).
constexpr int kHeldOutSeedOffset = 1000;

StateSchema<LossesState> MakeSchema()
{
    using S = LossesState;
    StateSchema<S> t;
    t.Enum(
        "tab", [](S& s) -> int& { return s.Tab; }, EnumNames<LossesTab>(LossesTabName));
    // Softmax + CE.
    t.Int("k", [](S& s) -> int& { return s.Classes; }, kSoftmaxMinClasses, kSoftmaxMaxClasses, {MLVIZ_TR_KEY("Классов K")});
    for (int i = 0; i < kSoftmaxMaxClasses; ++i)
        t.Real(kLogitKeys[i], [i](S& s) -> double& { return s.Logits[static_cast<std::size_t>(i)]; }, -kLossesMaxUiLogit,
               kLossesMaxUiLogit, {nullptr, "%.2f"});
    t.Int("target", [](S& s) -> int& { return s.Target; }, 0, kSoftmaxMaxClasses - 1, {MLVIZ_TR_KEY("Верный класс")})
        .Real("temp", [](S& s) -> double& { return s.Temperature; }, kSoftmaxMinTemperature, kSoftmaxMaxTemperature,
              {MLVIZ_TR_KEY("Температура T"), "%.3g", true})
        .Enum("form", [](S& s) -> int& { return s.Form; }, {"naive", "lse"}, {MLVIZ_TR_KEY("Как считать softmax")})
        .Enum("prec", [](S& s) -> int& { return s.Precision; }, {"float32", "float64"}, {MLVIZ_TR_KEY("Тип чисел")})
        .Bool("multi", [](S& s) -> bool& { return s.MultiLabel; }, {MLVIZ_TR_KEY("Несколько верных классов")})
        .Int(
            "labels", [](S& s) -> int& { return s.Labels; }, 1, (1 << kSoftmaxMaxClasses) - 1);
    // Loss curves.
    t.Real("pt", [](S& s) -> double& { return s.Pt; }, 0.001, 0.999, {MLVIZ_TR_KEY("p_t — уверенность в верном классе"), "%.3f"})
        .Real("c_alpha", [](S& s) -> double& { return s.CurveAlpha; }, 0.0, 1.0,
              {MLVIZ_TR_KEY("α (вес переднего плана)"), "%.2f"})
        .Real("c_gamma", [](S& s) -> double& { return s.CurveGamma; }, 0.0, 10.0, {MLVIZ_TR_KEY("γ фокальной"), "%.2f"})
        .Real("ls", [](S& s) -> double& { return s.Smoothing; }, 0.0, 1.0, {MLVIZ_TR_KEY("Сглаживание меток ε"), "%.2f"})
        .Int("ls_k", [](S& s) -> int& { return s.SmoothingClasses; }, 2, 1000,
             {MLVIZ_TR_KEY("Классов K (сглаживание)"), "%d", true})
        .Real("c_frac", [](S& s) -> double& { return s.CurveFraction; }, 0.001, 0.999,
              {MLVIZ_TR_KEY("Доля переднего плана f"), "%.3f", true})
        .Int("pixels", [](S& s) -> int& { return s.Pixels; }, 16, 1048576, {MLVIZ_TR_KEY("Пикселей N"), "%d", true})
        .Real("c_eps", [](S& s) -> double& { return s.CurveEps; }, 0.0, 1000.0, {MLVIZ_TR_KEY("ε в Dice"), "%.3g"})
        .Bool("fg", [](S& s) -> bool& { return s.PixelForeground; }, {MLVIZ_TR_KEY("Пиксель — передний план")});
    for (int i = 0; i < kLossesCurveCount; ++i)
        t.Bool(kShowKeys[i], [i](S& s) -> bool& { return s.ShowCurve[static_cast<std::size_t>(i)]; });
    t.Bool("logy", [](S& s) -> bool& { return s.LogGrad; }, {MLVIZ_TR_KEY("|∂L/∂z| в логарифмической шкале")});
    // Training under imbalance.
    const std::vector<std::string> losses = EnumNames<TrainLoss>(TrainLossName);
    t.Enum("loss_a", [](S& s) -> int& { return s.LossA; }, losses, {MLVIZ_TR_KEY("Функция потерь A")})
        .Enum("loss_b", [](S& s) -> int& { return s.LossB; }, losses, {MLVIZ_TR_KEY("Функция потерь B")})
        .Real("frac", [](S& s) -> double& { return s.Fraction; }, kToyMinFraction, kToyMaxFraction,
              {MLVIZ_TR_KEY("Доля переднего плана"), "%.3f", true})
        .Real("width", [](S& s) -> double& { return s.LineWidth; }, 1.0, 4.0, {MLVIZ_TR_KEY("Толщина линий, пикс."), "%.1f"})
        .Real("noise", [](S& s) -> double& { return s.Noise; }, 0.0, 2.0, {MLVIZ_TR_KEY("Шум σ"), "%.2f"})
        .Real("clutter", [](S& s) -> double& { return s.Clutter; }, 0.0, 2.0, {MLVIZ_TR_KEY("Фоновые пятна"), "%.2f"})
        .Int("seed", [](S& s) -> int& { return s.Seed; }, 0, 1 << 30, {MLVIZ_TR_KEY("Seed (картинка и веса)")})
        .Int("hidden", [](S& s) -> int& { return s.Hidden; }, 0, kModelMaxHidden,
             {MLVIZ_TR_KEY("Скрытых нейронов (0 = логистическая)")})
        .Real("lr", [](S& s) -> double& { return s.LearningRate; }, 1e-4, 1.0, {MLVIZ_TR_KEY("Шаг Adam (lr)"), "%.4g", true})
        .Int("epochs", [](S& s) -> int& { return s.Epochs; }, 1, 5000, {MLVIZ_TR_KEY("Эпох"), "%d", true})
        .Real("w", [](S& s) -> double& { return s.ForegroundWeight; }, 0.0, 1000.0,
              {MLVIZ_TR_KEY("Вес переднего плана w (0 = N_фон/N_объект)"), "%.3g", true})
        .Real("alpha", [](S& s) -> double& { return s.FocalAlpha; }, -1.0, 1.0,
              {MLVIZ_TR_KEY("Фокальная: α (< 0 — без α)"), "%.2f"})
        .Real("gamma", [](S& s) -> double& { return s.FocalGamma; }, 0.0, 10.0, {MLVIZ_TR_KEY("Фокальная: γ"), "%.2f"})
        .Real("eps", [](S& s) -> double& { return s.DiceEps; }, 0.0, 100.0, {MLVIZ_TR_KEY("Dice: ε"), "%.3g"})
        .Int(
            "epoch", [](S& s) -> int& { return s.Epoch; }, -1, 5000)
        .Real("speed", [](S& s) -> double& { return s.Speed; }, 1.0, 1000.0, {nullptr, "%.0f", true})
        .Bool("heldout", [](S& s) -> bool& { return s.HeldOut; }, {MLVIZ_TR_KEY("Новое изображение (seed + 1000)")});
    return t;
}

// The rules across fields; one notice per value a link gave and the rule changed.
void ApplyCrossRules(const KeyValues& kv, LossesState& s, std::vector<Message>* notices)
{
    const auto clamp = [&](const char* key, int& v, int lo, int hi) {
        if (v >= lo && v <= hi) return;
        v = std::clamp(v, lo, hi);
        if (!notices) return;
        std::erase_if(*notices, [&](const Message& n) { return n.Context.starts_with(std::string(key) + "="); });
        for (const auto& [k, value] : kv)
            if (k == key) notices->push_back(WithContext(ClampNotice(lo, hi), k + "=" + value));
    };
    clamp("target", s.Target, 0, s.Classes - 1);
    clamp("epoch", s.Epoch, -1, s.Epochs);
}

std::vector<Message> DecodeLosses(const KeyValues& kv, LossesState& out)
{
    std::vector<Message> notices = DecodeFromDefaults<LossesState, LossesStateSchema>(kv, out);
    ApplyCrossRules(kv, out, &notices);
    out.Playing = false; // a link opens paused on its epoch
    return notices;
}

} // namespace

const char* LossesTabName(LossesTab t)
{
    const int i = static_cast<int>(t);
    return i >= 0 && i < static_cast<int>(LossesTab::Count) ? kTabNames[i] : "";
}

const StateSchema<LossesState>& LossesStateSchema()
{
    static const StateSchema<LossesState> schema = MakeSchema();
    return schema;
}

const StateCodec<LossesState>& LossesCodec()
{
    static const StateCodec<LossesState> codec{LossesStateSchema, DecodeLosses,
                                               EncodeAgainstDefaults<LossesState, LossesStateSchema>};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(LossesTopicCodec, LossesCodec())

void ClampLossesState(LossesState& s)
{
    LossesStateSchema().Clamp(s);
    ApplyCrossRules({}, s, nullptr);
}

std::vector<double> LogitsOf(const LossesState& s)
{
    const int k = std::clamp(s.Classes, kSoftmaxMinClasses, kSoftmaxMaxClasses);
    return std::vector<double>(s.Logits.begin(), s.Logits.begin() + k);
}

SoftmaxConfig SoftmaxConfigFor(const LossesState& s)
{
    SoftmaxConfig c;
    c.Logits = LogitsOf(s);
    c.Target = std::clamp(s.Target, 0, static_cast<int>(c.Logits.size()) - 1);
    c.Temperature = s.Temperature;
    c.Form = s.Form == static_cast<int>(SoftmaxForm::Naive) ? SoftmaxForm::Naive : SoftmaxForm::LogSumExp;
    c.Precision = s.Precision == static_cast<int>(FloatPrecision::Float64) ? FloatPrecision::Float64 : FloatPrecision::Float32;
    return c;
}

std::vector<double> LabelTargetsFor(const LossesState& s)
{
    const SoftmaxConfig c = SoftmaxConfigFor(s);
    const int k = static_cast<int>(c.Logits.size());
    std::vector<double> y(static_cast<std::size_t>(k), 0.0);
    bool any = false;
    if (s.MultiLabel)
        for (int i = 0; i < k; ++i)
            if (s.Labels & (1 << i)) y[static_cast<std::size_t>(i)] = 1.0, any = true;
    if (!any) y[static_cast<std::size_t>(c.Target)] = 1.0;
    return y;
}

CurveParams CurveParamsFor(const LossesState& s)
{
    CurveParams p;
    p.Alpha = s.CurveAlpha;
    p.Gamma = s.CurveGamma;
    p.Smoothing = s.Smoothing;
    p.Classes = s.SmoothingClasses;
    p.ForegroundFraction = s.CurveFraction;
    p.Pixels = s.Pixels;
    p.DiceEps = s.CurveEps;
    p.Foreground = s.PixelForeground;
    return p;
}

ToyConfig HeldOutToyConfig(const LossesState& s)
{
    ToyConfig d = TrainConfigFor(s, 0).Data;
    d.Seed += kHeldOutSeedOffset;
    return d;
}

TrainConfig TrainConfigFor(const LossesState& s, int side)
{
    TrainConfig c;
    c.Data.ForegroundFraction = s.Fraction;
    c.Data.LineWidth = s.LineWidth;
    c.Data.Noise = s.Noise;
    c.Data.Clutter = s.Clutter;
    c.Data.Seed = static_cast<std::uint32_t>(std::max(s.Seed, 0));
    const int loss = side == 0 ? s.LossA : s.LossB;
    c.Loss = static_cast<TrainLoss>(std::clamp(loss, 0, static_cast<int>(TrainLoss::Count) - 1));
    c.ForegroundWeight = s.ForegroundWeight;
    c.FocalAlpha = s.FocalAlpha;
    c.FocalGamma = s.FocalGamma;
    c.DiceEps = s.DiceEps;
    c.Hidden = s.Hidden;
    c.LearningRate = s.LearningRate;
    c.Epochs = s.Epochs;
    return c;
}

} // namespace mlviz
