// Gradient flow topic: the presets (each a known regime of deep-network training) and the
// mapping from the view state to the core's configuration.
#include "topics/gradflow_view.h"

namespace mlviz {

namespace {

void BaseNet(GradflowState& s, int depth, int width, Activation act, GradflowInit init)
{
    const GradflowState keep = s;
    s = GradflowState{};
    s.Mode = keep.Mode;
    s.WeightGrads = keep.WeightGrads;
    s.HistPerLayer = keep.HistPerLayer;
    s.Depth = depth;
    s.Width = width;
    s.Act = static_cast<int>(act);
    s.Init = static_cast<int>(init);
}

const GradflowPreset kPresets[] = {
    {"20 слоёв sigmoid, Xavier",
     "Классическое затухание: ‖∂L/∂h‖ падает примерно в 10¹² раз от выхода к входу. σ' ≤ 0,25, и каждый слой "
     "умножает градиент на ~0,25 — первые слои почти не учатся. Гаснет и прямой сигнал: каждый нейрон почти "
     "одинаков на всех примерах, гистограмма распадается на «гребёнку» из 64 пиков, точность — 50 %.",
     [](GradflowState& s) { BaseNet(s, 20, 64, Activation::Sigmoid, GradflowInit::XavierUniform); }},
    {"sigmoid, N(0, 1), n = 256",
     "Веса слишком крупные для ширины 256: сумма 256 слагаемых даёт z порядка ±10, почти две трети единиц насыщены "
     "(σ' < 0,01), а градиент растёт к входу. Масштаб инициализации должен зависеть от ширины (Xavier, He).",
     [](GradflowState& s) {
         BaseNet(s, 20, 256, Activation::Sigmoid, GradflowInit::Normal);
         s.InitStd = 1.0f;
         s.Batch = 128;
     }},
    {"tanh, σ_w = 2/√n (хаос)",
     "Хаотический режим: каждый слой умножает норму градиента на √χ ≈ 1,17 (χ = σ_w²·E[tanh'²] ≈ 1,36), "
     "за 40 слоёв — примерно в 10³ раз: взрыв градиента. σ_w = 1/√n — «край хаоса».",
     [](GradflowState& s) {
         BaseNet(s, 40, 64, Activation::Tanh, GradflowInit::Normal);
         s.InitStd = 2.0f;
         s.InitStdPerFanIn = true;
     }},
    {"ReLU + He",
     "Здоровая сеть: He (σ² = 2/n) компенсирует половину, которую обнуляет ReLU, поэтому std активаций и "
     "‖∂L/∂h‖ почти постоянны по глубине. Сравните с N(0, 1/n): сигнал гаснет вдвое по дисперсии на слой.",
     [](GradflowState& s) { BaseNet(s, 30, 64, Activation::ReLU, GradflowInit::HeNormal); }},
    {"50 слоёв, residual",
     "Каждый блок h ← h + ReLU(W h) добавляет к h примерно столько же, сколько в нём уже есть: std активаций "
     "растёт в ~10¹¹ раз к выходу, градиент ко входу — тоже. Обходные связи без нормализации не спасают.",
     [](GradflowState& s) {
         BaseNet(s, 50, 64, Activation::ReLU, GradflowInit::HeNormal);
         s.ResidualEvery = 1;
     }},
    {"50 слоёв, residual + BN",
     "BatchNorm на ветке держит её вклад порядка 1: std растёт лишь как √l, а нормы градиента у первого и "
     "последнего слоя различаются в ~20 раз, а не в 10¹⁰. Ещё проще — маленькая инициализация ветки "
     "(σ_w = 0,1/√n): блок почти тождественный.",
     [](GradflowState& s) {
         BaseNet(s, 50, 64, Activation::ReLU, GradflowInit::HeNormal);
         s.ResidualEvery = 1;
         s.Norm = static_cast<int>(GradflowNorm::BatchNorm);
     }},
    {"BN до активации",
     "BN перед ReLU (как в ResNet): вход нелинейности всегда ~N(0, 1). При инициализации градиент с BN даже "
     "растёт к входу (~×100, известный эффект BN в глубоких сетях), но за 100 шагов SGD сеть доходит до "
     "точности > 90 %, а без BN та же сеть — лишь до ~70 %.",
     [](GradflowState& s) {
         BaseNet(s, 20, 64, Activation::ReLU, GradflowInit::HeNormal);
         s.Norm = static_cast<int>(GradflowNorm::BatchNorm);
         s.TrainSteps = 100;
     }},
    {"BN после активации",
     "BN после ReLU нормирует уже выход слоя: его std ровно 1, среднее 0 (слой перестаёт быть «только "
     "положительным»). Учится примерно так же, как BN до активации; спор о месте BN — эмпирический.",
     [](GradflowState& s) {
         BaseNet(s, 20, 64, Activation::ReLU, GradflowInit::HeNormal);
         s.Norm = static_cast<int>(GradflowNorm::BatchNorm);
         s.NormAfter = 1;
         s.TrainSteps = 100;
     }},
    {"Мёртвые ReLU (большой lr)",
     "SGD с шагом 2 (обрезка нормы 5, чтобы не разойтись): за 50 шагов около половины ReLU умирают — "
     "нулевые на всех примерах, градиента через них нет, и они уже не оживают. Потеря застревает у ln 2. "
     "С шагом 0,1 мёртвых единиц мало.",
     [](GradflowState& s) {
         BaseNet(s, 8, 64, Activation::ReLU, GradflowInit::HeNormal);
         s.Lr = 2.0f;
         s.Clip = static_cast<int>(GradflowClip::Norm);
         s.ClipMax = 5.0f;
         s.TrainSteps = 50;
     }},
};

} // namespace

std::span<const GradflowPreset> GradflowPresets()
{
    return kPresets;
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
           a.ResidualEvery == b.ResidualEvery && a.Norm == b.Norm && a.NormAfter == b.NormAfter &&
           a.Dataset == b.Dataset && a.Batch == b.Batch && a.Seed == b.Seed && a.Noise == b.Noise &&
           a.Optimizer == b.Optimizer && a.Lr == b.Lr && a.Momentum == b.Momentum && a.Clip == b.Clip &&
           a.ClipMax == b.ClipMax;
}

} // namespace mlviz
