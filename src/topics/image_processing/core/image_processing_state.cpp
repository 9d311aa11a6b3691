#include "topics/image_processing/core/image_processing_state.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace mlviz {

namespace {

constexpr const char* kTabNames[] = {"kernels", "otsu", "canny", "augment"};
constexpr const char* kImageNames[] = {"astronaut", "coffee", "chelsea", "uneven", "user"};
constexpr const char* kStageNames[] = {"blur", "gradient", "direction", "nms", "threshold", "hysteresis"};
constexpr const char* kAugOpNames[] = {"policy", "hflip", "vflip",  "rotate", "crop",  "jitter",
                                       "blur",   "noise", "cutout", "mixup",  "cutmix"};
constexpr const char* kMixNames[] = {"none", "mixup", "cutmix"};

template <std::size_t N>
std::string_view NameAt(const char* const (&names)[N], int i)
{
    return i >= 0 && i < static_cast<int>(N) ? names[i] : "?";
}

// "kw": the custom kernel's weights, 9 (3 x 3) or 25 (5 x 5) numbers separated by commas.
std::string CustomText(const ImageProcessingState& s)
{
    std::string out;
    const int n = s.Kernel.CustomSize * s.Kernel.CustomSize;
    for (int i = 0; i < n; ++i) out += (i ? "," : "") + FormatReal(s.Kernel.Custom[static_cast<std::size_t>(i)], false);
    return out;
}

Message SetCustom(ImageProcessingState& s, std::string_view text)
{
    std::vector<double> v;
    bool clamped = false;
    std::size_t pos = 0;
    while (pos <= text.size() && v.size() <= 25) {
        std::size_t end = text.find(',', pos);
        if (end == std::string_view::npos) end = text.size();
        double x = 0.0;
        if (!ParseReal(text.substr(pos, end - pos), x))
            return Msg("веса ядра: нужны 9 или 25 конечных чисел через запятую, пропущено");
        if (std::fabs(x) > kIpCustomWeightMax) {
            x = std::clamp(x, -kIpCustomWeightMax, kIpCustomWeightMax);
            clamped = true;
        }
        v.push_back(x);
        pos = end + 1;
    }
    if (v.size() != 9 && v.size() != 25) return Msg("веса ядра: нужны 9 или 25 конечных чисел через запятую, пропущено");
    s.Kernel.CustomSize = v.size() == 9 ? 3 : 5;
    std::copy(v.begin(), v.end(), s.Kernel.Custom.begin());
    return clamped ? ClampNotice(-kIpCustomWeightMax, kIpCustomWeightMax) : Message{};
}

StateSchema<ImageProcessingState> MakeSchema()
{
    using S = ImageProcessingState;
    const auto names = [](const auto& arr) { return std::vector<std::string>(std::begin(arr), std::end(arr)); };
    StateSchema<S> t;
    // Shared: the tab, the image, the synthetic page, the pinned pixel.
    t.Enum(
         "tab", [](S& s) -> int& { return s.Tab; }, names(kTabNames))
        .Enum("image", [](S& s) -> int& { return s.Image; }, names(kImageNames), {MLVIZ_TR_KEY("Изображение")})
        .Real("light", [](S& s) -> double& { return s.Light; }, 0.0, 0.95, {MLVIZ_TR_KEY("Перепад освещения"), "%.2f"})
        .Real("noise", [](S& s) -> double& { return s.Noise; }, 0.0, 50.0, {MLVIZ_TR_KEY("Шум, уровни серого"), "%.1f"})
        .Int(
            "px", [](S& s) -> int& { return s.PixelX; }, -1, kIpMaxPixelCoord)
        .Int(
            "py", [](S& s) -> int& { return s.PixelY; }, -1, kIpMaxPixelCoord);
    // Kernels.
    t.Enum("kernel", [](S& s) -> int& { return s.Kernel.Preset; }, EnumNames<KernelPreset>(KernelPresetName),
           {MLVIZ_TR_KEY("Ядро")})
        .Int("ksize", [](S& s) -> int& { return s.Kernel.Size; }, 1, kIpMaxKernelSize, {MLVIZ_TR_KEY("Размер ядра")})
        .Real("ksigma", [](S& s) -> double& { return s.Kernel.Sigma; }, 0.1, 10.0, {"σ", "%.2f", true})
        .Enum("border", [](S& s) -> int& { return s.Kernel.Border; }, EnumNames<BorderMode>(BorderModeName),
              {MLVIZ_TR_KEY("Край изображения")})
        .Custom("kw", CustomText, SetCustom);
    // Otsu and adaptive thresholds.
    t.Int("t", [](S& s) -> int& { return s.Otsu.Manual; }, 0, 255, {MLVIZ_TR_KEY("Ручной порог t")})
        .Enum("amethod", [](S& s) -> int& { return s.Otsu.Method; }, EnumNames<AdaptiveMethod>(AdaptiveMethodName),
              {MLVIZ_TR_KEY("Локальное среднее")})
        .Int("block", [](S& s) -> int& { return s.Otsu.Block; }, 3, kIpMaxBlockSize, {MLVIZ_TR_KEY("Блок b×b"), nullptr, true})
        .Real("c", [](S& s) -> double& { return s.Otsu.C; }, -50.0, 50.0, {MLVIZ_TR_KEY("Сдвиг C"), "%.1f"});
    // Canny.
    t.Real("sigma", [](S& s) -> double& { return s.Canny.Sigma; }, 0.0, 8.0, {MLVIZ_TR_KEY("σ размытия (0 — без)"), "%.2f"})
        .Int("bsize", [](S& s) -> int& { return s.Canny.BlurSize; }, 0, kIpMaxKernelSize,
             {MLVIZ_TR_KEY("Размер ядра (0 — по σ)")})
        .Real("low", [](S& s) -> double& { return s.Canny.Low; }, 0.0, 2040.0, {MLVIZ_TR_KEY("Нижний порог"), "%.0f"})
        .Real("high", [](S& s) -> double& { return s.Canny.High; }, 0.0, 2040.0, {MLVIZ_TR_KEY("Верхний порог"), "%.0f"})
        .Bool("l2", [](S& s) -> bool& { return s.Canny.L2; }, {MLVIZ_TR_KEY("L2-норма градиента")})
        .Enum(
            "stage", [](S& s) -> int& { return s.Canny.Stage; }, names(kStageNames))
        .Int(
            "step", [](S& s) -> int& { return s.Canny.Step; }, -1, 1 << 20)
        .Real("speed", [](S& s) -> double& { return s.Canny.Speed; }, 1.0, 60.0, {nullptr, "%.0f", true});
    // Augmentation: the transform shown, the seed, the policy.
    t.Enum("aug", [](S& s) -> int& { return s.Aug.Op; }, names(kAugOpNames), {MLVIZ_TR_KEY("Преобразование")})
        .Int("seed", [](S& s) -> int& { return s.Aug.Seed; }, 0, 1 << 30, {"Seed"})
        .Real("p_hflip", [](S& s) -> double& { return s.Aug.Policy.HFlipP; }, 0.0, 1.0, {MLVIZ_TR_KEY("p отражения ↔"), "%.2f"})
        .Real("p_vflip", [](S& s) -> double& { return s.Aug.Policy.VFlipP; }, 0.0, 1.0, {MLVIZ_TR_KEY("p отражения ↕"), "%.2f"})
        .Real("p_rot", [](S& s) -> double& { return s.Aug.Policy.RotateP; }, 0.0, 1.0, {MLVIZ_TR_KEY("p поворота"), "%.2f"})
        .Real("angle", [](S& s) -> double& { return s.Aug.Policy.MaxAngle; }, 0.0, 180.0, {MLVIZ_TR_KEY("Угол до ±, °"), "%.0f"})
        .Real("p_crop", [](S& s) -> double& { return s.Aug.Policy.CropP; }, 0.0, 1.0, {MLVIZ_TR_KEY("p кадрирования"), "%.2f"})
        .Real("scale_min", [](S& s) -> double& { return s.Aug.Policy.ScaleMin; }, 0.01, 1.0,
              {MLVIZ_TR_KEY("Доля площади от"), "%.2f"})
        .Real("scale_max", [](S& s) -> double& { return s.Aug.Policy.ScaleMax; }, 0.01, 1.0,
              {MLVIZ_TR_KEY("Доля площади до"), "%.2f"})
        .Real("ratio_min", [](S& s) -> double& { return s.Aug.Policy.RatioMin; }, 0.1, 10.0,
              {MLVIZ_TR_KEY("Пропорции w/h от"), "%.2f", true})
        .Real("ratio_max", [](S& s) -> double& { return s.Aug.Policy.RatioMax; }, 0.1, 10.0,
              {MLVIZ_TR_KEY("Пропорции w/h до"), "%.2f", true})
        .Real("p_jitter", [](S& s) -> double& { return s.Aug.Policy.JitterP; }, 0.0, 1.0,
              {MLVIZ_TR_KEY("p цветового сдвига"), "%.2f"})
        .Real("bright", [](S& s) -> double& { return s.Aug.Policy.Brightness; }, 0.0, 1.0, {MLVIZ_TR_KEY("Яркость ±"), "%.2f"})
        .Real("contrast", [](S& s) -> double& { return s.Aug.Policy.Contrast; }, 0.0, 1.0, {MLVIZ_TR_KEY("Контраст ±"), "%.2f"})
        .Real("sat", [](S& s) -> double& { return s.Aug.Policy.Saturation; }, 0.0, 1.0, {MLVIZ_TR_KEY("Насыщенность ±"), "%.2f"})
        .Real("hue", [](S& s) -> double& { return s.Aug.Policy.Hue; }, 0.0, 0.5, {MLVIZ_TR_KEY("Тон ±"), "%.2f"})
        .Real("p_blur", [](S& s) -> double& { return s.Aug.Policy.BlurP; }, 0.0, 1.0, {MLVIZ_TR_KEY("p размытия"), "%.2f"})
        .Real("blur_max", [](S& s) -> double& { return s.Aug.Policy.BlurSigmaMax; }, 0.1, 10.0,
              {MLVIZ_TR_KEY("σ размытия до"), "%.1f", true})
        .Real("p_noise", [](S& s) -> double& { return s.Aug.Policy.NoiseP; }, 0.0, 1.0, {MLVIZ_TR_KEY("p шума"), "%.2f"})
        .Real("noise_sd", [](S& s) -> double& { return s.Aug.Policy.NoiseSigma; }, 0.0, 100.0, {MLVIZ_TR_KEY("σ шума"), "%.0f"})
        .Real("p_cutout", [](S& s) -> double& { return s.Aug.Policy.CutoutP; }, 0.0, 1.0, {MLVIZ_TR_KEY("p выреза"), "%.2f"})
        .Real("cutout", [](S& s) -> double& { return s.Aug.Policy.CutoutSize; }, 0.01, 1.0,
              {MLVIZ_TR_KEY("Сторона выреза"), "%.2f"})
        .Enum("mix", [](S& s) -> MixMode& { return s.Aug.Policy.Mix; }, names(kMixNames), {MLVIZ_TR_KEY("Смешивание")})
        .Real("p_mix", [](S& s) -> double& { return s.Aug.Policy.MixP; }, 0.0, 1.0, {MLVIZ_TR_KEY("p смешивания"), "%.2f"})
        .Real("alpha", [](S& s) -> double& { return s.Aug.Policy.MixAlpha; }, 0.05, 10.0, {"α (Beta)", "%.2f", true})
        .Bool("boxes", [](S& s) -> bool& { return s.Aug.ShowBoxes; }, {MLVIZ_TR_KEY("Рамки")})
        .Bool("mask", [](S& s) -> bool& { return s.Aug.ShowMask; }, {MLVIZ_TR_KEY("Маска")});
    return t;
}

int OddUp(int v, int hi)
{
    return v % 2 == 0 ? std::min(v + 1, hi) : v;
}

std::vector<Message> DecodeLink(const KeyValues& kv, ImageProcessingState& out)
{
    ImageProcessingState s;
    std::vector<Message> notices = ImageProcessingStateSchema().Decode(kv, s);
    NormalizeImageProcessingState(s);
    s.Canny.Playing = false; // a link opens paused on its step
    out = s;
    return notices;
}

} // namespace

std::string_view IpTabName(IpTab t)
{
    return NameAt(kTabNames, static_cast<int>(t));
}
std::string_view IpImageName(IpImage i)
{
    return NameAt(kImageNames, static_cast<int>(i));
}
std::string_view IpCannyStageName(IpCannyStage s)
{
    return NameAt(kStageNames, static_cast<int>(s));
}
std::string_view IpAugOpName(IpAugOp o)
{
    return NameAt(kAugOpNames, static_cast<int>(o));
}
std::string_view MixModeName(MixMode m)
{
    return NameAt(kMixNames, static_cast<int>(m));
}

const char* IpImageFile(IpImage i)
{
    switch (i) {
    case IpImage::Astronaut: return "images/astronaut.png";
    case IpImage::Coffee: return "images/coffee.png";
    case IpImage::Chelsea: return "images/chelsea.png";
    default: return "";
    }
}

const StateSchema<ImageProcessingState>& ImageProcessingStateSchema()
{
    static const StateSchema<ImageProcessingState> schema = MakeSchema();
    return schema;
}

void NormalizeImageProcessingState(ImageProcessingState& s)
{
    ImageProcessingStateSchema().Clamp(s);
    s.Kernel.Size = OddUp(s.Kernel.Size, kIpMaxKernelSize);
    s.Otsu.Block = OddUp(s.Otsu.Block, kIpMaxBlockSize);
    if (s.Canny.BlurSize > 0) s.Canny.BlurSize = OddUp(s.Canny.BlurSize, kIpMaxKernelSize);
    if (s.Kernel.CustomSize != 3 && s.Kernel.CustomSize != 5) s.Kernel.CustomSize = 3;
    for (double& w : s.Kernel.Custom) w = std::isfinite(w) ? std::clamp(w, -kIpCustomWeightMax, kIpCustomWeightMax) : 0.0;
    AugmentPolicy& p = s.Aug.Policy;
    if (p.ScaleMax < p.ScaleMin) p.ScaleMax = p.ScaleMin;
    if (p.RatioMax < p.RatioMin) p.RatioMax = p.RatioMin;
}

const StateCodec<ImageProcessingState>& ImageProcessingCodec()
{
    static const StateCodec<ImageProcessingState> codec{ImageProcessingStateSchema, DecodeLink,
                                                        EncodeAgainstDefaults<ImageProcessingState, ImageProcessingStateSchema>};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(ImageProcessingTopicCodec, ImageProcessingCodec())

KernelSpec KernelSpecOf(const IpKernelState& k)
{
    KernelSpec spec;
    spec.Preset = static_cast<KernelPreset>(k.Preset);
    spec.Sigma = k.Sigma;
    if (spec.Preset == KernelPreset::Custom) {
        spec.Size = k.CustomSize;
        spec.Custom.assign(k.Custom.begin(), k.Custom.begin() + k.CustomSize * k.CustomSize);
    } else {
        spec.Size = spec.Preset == KernelPreset::Box || spec.Preset == KernelPreset::Gaussian ? k.Size : 3;
    }
    return spec;
}

AdaptiveSpec AdaptiveSpecOf(const IpOtsuState& o)
{
    AdaptiveSpec a;
    a.Method = static_cast<AdaptiveMethod>(o.Method);
    a.BlockSize = o.Block;
    a.C = o.C;
    a.Invert = false;
    return a;
}

CannySpec CannySpecOf(const IpCannyState& c)
{
    CannySpec spec;
    spec.Sigma = c.Sigma;
    spec.BlurSize = c.Sigma > 0.0 ? c.BlurSize : 0;
    spec.Low = c.Low;
    spec.High = c.High;
    spec.L2 = c.L2;
    return spec;
}

AugmentPolicy PolicyForOp(const AugmentPolicy& policy, IpAugOp op)
{
    if (op == IpAugOp::Policy) return policy;
    AugmentPolicy p = policy;
    p.HFlipP = op == IpAugOp::HFlip ? 1.0 : 0.0;
    p.VFlipP = op == IpAugOp::VFlip ? 1.0 : 0.0;
    p.RotateP = op == IpAugOp::Rotate ? 1.0 : 0.0;
    p.CropP = op == IpAugOp::Crop ? 1.0 : 0.0;
    p.JitterP = op == IpAugOp::Jitter ? 1.0 : 0.0;
    p.BlurP = op == IpAugOp::Blur ? 1.0 : 0.0;
    p.NoiseP = op == IpAugOp::Noise ? 1.0 : 0.0;
    p.CutoutP = op == IpAugOp::Cutout ? 1.0 : 0.0;
    p.Mix = op == IpAugOp::Mixup ? MixMode::Mixup : op == IpAugOp::CutMix ? MixMode::CutMix : MixMode::None;
    p.MixP = 1.0;
    if (op == IpAugOp::Rotate && p.MaxAngle <= 0.0) p.MaxAngle = 30.0; // a rotation that shows
    if (op == IpAugOp::Noise && p.NoiseSigma <= 0.0) p.NoiseSigma = 10.0;
    return p;
}

} // namespace mlviz
