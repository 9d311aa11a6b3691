// Controls column of the optimizer topic: presets, the surface and its penalties, noise,
// the list of optimizers and the editor of the selected one (PyTorch hyper-parameter names).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "topics/optimizers/view/optim_view.h"

namespace mlviz {

namespace {

// A label above a full-width widget: the column is narrow and Russian labels are long.
void Label(const char* text)
{
    ImGui::PushTextWrapPos(0.0f);   // wrap, never cut, a long label (or its translation)
    ImGui::TextDisabled("%s", text);
    ImGui::PopTextWrapPos();
    ImGui::SetNextItemWidth(-1.0f);
}

// A checkbox whose label wraps inside the column instead of running past its edge.
bool WrappedCheckbox(const char* label, const char* id, bool& v)
{
    const bool changed = ImGui::Checkbox(id, &v);
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(label);
    ImGui::PopTextWrapPos();
    return changed;
}

bool SliderDouble(const char* label, const char* id, double& v, double lo, double hi, const char* format, bool log = false)
{
    Label(label);
    ImGuiSliderFlags flags = ImGuiSliderFlags_AlwaysClamp;
    if (log) flags |= ImGuiSliderFlags_Logarithmic;
    const bool changed = ImGui::SliderScalar(id, ImGuiDataType_Double, &v, &lo, &hi, format, flags);
    if (!std::isfinite(v)) v = lo;   // typed-in text can still be "nan"
    v = std::clamp(v, lo, hi);
    return changed;
}

bool SliderInt(const char* label, const char* id, int& v, int lo, int hi, const char* format, bool log = false)
{
    Label(label);
    ImGuiSliderFlags flags = ImGuiSliderFlags_AlwaysClamp;
    if (log) flags |= ImGuiSliderFlags_Logarithmic;
    const bool changed = ImGui::SliderInt(id, &v, lo, hi, format, flags);
    v = std::clamp(v, lo, hi);
    return changed;
}

// A list entry that fits the 13em column: "SGD+имп. lr 0.036 cos B16".
std::string ShortLabel(const OptimSlot& slot)
{
    const OptimizerParams& o = slot.Optimizer;
    std::string s(OptimizerLabel(o.Kind));
    if (o.Kind == OptimizerKind::SGD && o.Momentum > 0.0) s += o.Nesterov ? " " + std::string(Tr("Нест.")) : std::string(Tr("+имп."));
    if (o.Kind == OptimizerKind::RMSprop && o.Momentum > 0.0) s += Tr("+имп.");
    char buf[32];
    std::snprintf(buf, sizeof buf, " lr %.3g", o.Lr);
    s += buf;
    switch (slot.Schedule.Kind) {
    case ScheduleKind::Step: s += " " + std::string(Tr("ступ.")); break;
    case ScheduleKind::Exponential: s += " exp"; break;
    case ScheduleKind::Cosine: s += " cos"; break;
    case ScheduleKind::LinearWarmup: s += " " + std::string(Tr("разогр.")); break;
    case ScheduleKind::Plateau: s += " " + std::string(Tr("плато")); break;
    default: break;
    }
    if (slot.Batch > 1) s += " B" + std::to_string(slot.Batch);
    if (!slot.Enabled) s += " " + std::string(Tr("(выкл.)"));
    return s;
}

void DrawScheduleEditor(ScheduleParams& s, int steps)
{
    const char* names[static_cast<int>(ScheduleKind::Count)];
    for (int k = 0; k < static_cast<int>(ScheduleKind::Count); ++k) names[k] = Tr(ScheduleLabel(static_cast<ScheduleKind>(k)).data());
    int kind = static_cast<int>(s.Kind);
    Label(Tr("Расписание lr"));
    if (ImGui::Combo("##schedule", &kind, names, static_cast<int>(ScheduleKind::Count))) {
        s.Kind = static_cast<ScheduleKind>(std::clamp(kind, 0, static_cast<int>(ScheduleKind::Count) - 1));
        if (s.Kind == ScheduleKind::Cosine) s.TMax = std::max(1, steps);
        if (s.Kind == ScheduleKind::Step) s.StepSize = std::max(1, steps / 3);
        if (s.Kind == ScheduleKind::Exponential) s.Gamma = 0.99;
        if (s.Kind == ScheduleKind::Step) s.Gamma = 0.2;
    }
    switch (s.Kind) {
    case ScheduleKind::Step:
        SliderInt(Tr("step_size (шагов)"), "##step_size", s.StepSize, 1, 2000, "%d", true);
        SliderDouble(Tr("gamma (множитель)"), "##gamma", s.Gamma, 0.01, 1.0, "%.3f");
        break;
    case ScheduleKind::Exponential: SliderDouble(Tr("gamma (за шаг)"), "##gamma", s.Gamma, 0.9, 1.0, "%.4f"); break;
    case ScheduleKind::Cosine:
        SliderInt(Tr("T_max (полупериод)"), "##tmax", s.TMax, 1, 5000, "%d", true);
        SliderDouble("eta_min", "##eta_min", s.EtaMin, 0.0, 1.0, "%.2g", true);
        break;
    case ScheduleKind::LinearWarmup:
        SliderDouble("start_factor", "##start_factor", s.StartFactor, 0.01, 1.0, "%.3f");
        SliderDouble("end_factor", "##end_factor", s.EndFactor, 0.0, 1.0, "%.3f");
        SliderInt(Tr("total_iters (разогрев)"), "##total_iters", s.TotalIters, 1, 2000, "%d", true);
        break;
    case ScheduleKind::Plateau:
        SliderDouble("factor", "##factor", s.Factor, 0.0, 0.99, "%.2f");
        SliderInt(Tr("patience (шагов)"), "##patience", s.Patience, 0, 200, "%d");
        SliderDouble(Tr("threshold (отн.)"), "##threshold", s.Threshold, 0.0, 0.5, "%.2g", true);
        SliderInt("cooldown", "##cooldown", s.Cooldown, 0, 200, "%d");
        SliderDouble("min_lr", "##min_lr", s.MinLr, 0.0, 1.0, "%.2g", true);
        break;
    default: break;
    }
}

} // namespace

void OptimizersView::DrawSurfaceControls()
{
    SurfaceParams& f = State.Function;
    const char* names[static_cast<int>(SurfaceKind::Count)];
    for (int k = 0; k < static_cast<int>(SurfaceKind::Count); ++k) names[k] = Tr(SurfaceLabel(static_cast<SurfaceKind>(k)).data());
    int kind = static_cast<int>(State.Surface);
    Label(Tr("Функция потерь"));
    if (ImGui::Combo("##function", &kind, names, static_cast<int>(SurfaceKind::Count))) {
        State.Surface = static_cast<SurfaceKind>(std::clamp(kind, 0, static_cast<int>(SurfaceKind::Count) - 1));
        const Vec2d start = DefaultStart(State.Surface);
        State.StartX = start.X;
        State.StartY = start.Y;
        State.LogColors = State.Surface != SurfaceKind::Saddle && State.Surface != SurfaceKind::Rastrigin;
    }
    switch (State.Surface) {
    case SurfaceKind::Quadratic:
        SliderDouble(Tr("Обусловленность κ"), "##kappa", f.Kappa, kKappaMin, 1000.0, "%.1f", true);
        SliderDouble(Tr("Угол оврага"), "##angle", f.AngleDeg, -90.0, 90.0, "%.0f°");
        WrappedCheckbox(Tr("Признаки нормированы"), "##scaled", f.FeaturesScaled);
        if (!f.FeaturesScaled) SliderDouble(Tr("Масштаб 2-го признака"), "##fscale", f.FeatureScale, 0.1, 20.0, "×%.2f", true);
        break;
    case SurfaceKind::Rosenbrock:
        SliderDouble(Tr("a (минимум в (a, a²))"), "##rosen_a", f.RosenA, 0.1, 1.5, "%.2f");
        SliderDouble(Tr("b (крутизна стенок)"), "##rosen_b", f.RosenB, 1.0, 1000.0, "%.0f", true);
        break;
    case SurfaceKind::Rastrigin: SliderDouble(Tr("A (глубина ям)"), "##rast_a", f.RastriginA, 0.0, 20.0, "%.1f"); break;
    default: break;
    }
    SliderDouble("L1: λ·(|x| + |y|)", "##l1", f.L1, 0.0, 5.0, "%.3g", true);
    SliderDouble("L2: λ/2·(x² + y²)", "##l2", f.L2, 0.0, 5.0, "%.3g", true);
    ImGui::Checkbox(Tr("Лог. шкала цвета"), &State.LogColors);

    ImGui::SeparatorText(Tr("Запуск"));
    const Bounds2 a = DefaultArea(State.Surface);
    Label(Tr("Старт (или щелчок по карте)"));
    double start[2] = {State.StartX, State.StartY};
    const double lo = std::min(a.XMin, a.YMin), hi = std::max(a.XMax, a.YMax);
    if (ImGui::DragScalarN("##start", ImGuiDataType_Double, start, 2, 0.01f, &lo, &hi, "%.2f", ImGuiSliderFlags_AlwaysClamp)) {
        State.StartX = std::isfinite(start[0]) ? std::clamp(start[0], a.XMin, a.XMax) : 0.0;
        State.StartY = std::isfinite(start[1]) ? std::clamp(start[1], a.YMin, a.YMax) : 0.0;
    }
    SliderInt(Tr("Итераций"), "##steps", State.Steps, 1, 5000, "%d", true);
    SliderDouble(Tr("Шум градиента σ"), "##sigma", State.NoiseSigma, 0.0, 50.0, "%.2f", true);
    if (State.NoiseSigma > 0.0) {
        Label(Tr("Seed шума"));
        ImGui::InputInt("##seed", &State.Seed);
        State.Seed = std::clamp(State.Seed, 0, 1 << 30);
    }
    Label(Tr("Скорость показа"));
    ImGui::SliderFloat("##speed", &State.Speed, 1.0f, 1000.0f, Tr("%.0f шаг/с"), ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp);
}

void OptimizersView::DrawSlotList()
{
    for (int i = 0; i < kOptimSlots; ++i) {
        OptimSlot& slot = State.Slots[static_cast<std::size_t>(i)];
        ImGui::PushID(i);
        ImGui::PushStyleColor(ImGuiCol_CheckMark, ImGui::ColorConvertU32ToFloat4(OptimSlotColor(i)));
        ImGui::PushStyleColor(ImGuiCol_FrameBg, ImGui::ColorConvertU32ToFloat4(OptimSlotColor(i, 0.35f)));
        ImGui::Checkbox("##on", &slot.Enabled);
        ImGui::PopStyleColor(2);
        ImGui::SameLine();
        if (ImGui::Selectable(ShortLabel(slot).c_str(), State.Selected == i)) State.Selected = i;
        ImGui::PopID();
    }
}

void OptimizersView::DrawSlotEditor(OptimSlot& slot)
{
    OptimizerParams& o = slot.Optimizer;
    const char* names[static_cast<int>(OptimizerKind::Count)];
    for (int k = 0; k < static_cast<int>(OptimizerKind::Count); ++k) names[k] = OptimizerLabel(static_cast<OptimizerKind>(k)).data();
    int kind = static_cast<int>(o.Kind);
    ImGui::Checkbox(Tr("Включён"), &slot.Enabled);
    Label(Tr("Алгоритм (torch.optim)"));
    if (ImGui::Combo("##kind", &kind, names, static_cast<int>(OptimizerKind::Count))) {
        // PyTorch's defaults of the new optimizer, but keep the learning rate being explored.
        const double lr = o.Lr;
        o = DefaultOptimizerParams(static_cast<OptimizerKind>(std::clamp(kind, 0, static_cast<int>(OptimizerKind::Count) - 1)));
        o.Lr = lr;
    }
    SliderDouble("lr", "##lr", o.Lr, 1e-5, 10.0, "%.4g", true);
    switch (o.Kind) {
    case OptimizerKind::SGD:
        SliderDouble("momentum", "##momentum", o.Momentum, 0.0, 0.999, "%.3f");
        SliderDouble("dampening", "##dampening", o.Dampening, 0.0, 1.0, "%.2f");
        ImGui::Checkbox("nesterov", &o.Nesterov);
        break;
    case OptimizerKind::Adagrad:
        SliderDouble("lr_decay", "##lr_decay", o.LrDecay, 0.0, 1.0, "%.3g", true);
        SliderDouble("initial_accumulator_value", "##iav", o.InitialAccumulatorValue, 0.0, 10.0, "%.3g", true);
        SliderDouble("eps", "##eps", o.Eps, 1e-12, 1.0, "%.0e", true);
        break;
    case OptimizerKind::RMSprop:
        SliderDouble("alpha", "##alpha", o.Alpha, 0.0, 0.9999, "%.4f");
        SliderDouble("momentum", "##momentum", o.Momentum, 0.0, 0.999, "%.3f");
        ImGui::Checkbox("centered", &o.Centered);
        SliderDouble("eps", "##eps", o.Eps, 1e-12, 1.0, "%.0e", true);
        break;
    default:   // Adam, AdamW, NAdam
        SliderDouble("betas[0] (β1)", "##beta1", o.Beta1, 0.0, 0.999, "%.3f");
        SliderDouble("betas[1] (β2)", "##beta2", o.Beta2, 0.0, 0.9999, "%.4f");
        SliderDouble("eps", "##eps", o.Eps, 1e-12, 1.0, "%.0e", true);
        if (o.Kind == OptimizerKind::NAdam) SliderDouble("momentum_decay", "##mdecay", o.MomentumDecay, 0.0, 0.1, "%.4f");
        else ImGui::Checkbox("amsgrad", &o.Amsgrad);
        break;
    }
    SliderDouble(o.Kind == OptimizerKind::AdamW ? Tr("weight_decay (развязанный)") : "weight_decay", "##wd", o.WeightDecay, 0.0, 1.0, "%.3g", true);
    DrawScheduleEditor(slot.Schedule, State.Steps);
    SliderInt(State.NoiseSigma > 0.0 ? Tr("Батч B (шум σ/√B)") : Tr("Батч B (шум выключен)"), "##batch", slot.Batch, 1, 1024, "%d", true);
}

void OptimizersView::DrawControls()
{
    const auto& presets = OptimPresets();
    Label(Tr("Сценарий"));
    if (ImGui::BeginCombo("##preset", Tr(presets[static_cast<std::size_t>(State.Preset)].Title.data()))) {
        for (int i = 0; i < static_cast<int>(presets.size()); ++i)
            if (ImGui::Selectable(Tr(presets[static_cast<std::size_t>(i)].Title.data()), i == State.Preset)) ApplyPreset(i);
        ImGui::EndCombo();
    }
    if (ImGui::Button(Tr("Сбросить сценарий"), ImVec2(-1.0f, 0.0f))) ApplyPreset(State.Preset);
    ImGui::SeparatorText(Tr("Поверхность"));
    DrawSurfaceControls();
    ImGui::SeparatorText(Tr("Оптимизаторы"));
    DrawSlotList();
    State.Selected = std::clamp(State.Selected, 0, kOptimSlots - 1);
    ImGui::PushStyleColor(ImGuiCol_Separator, ImGui::ColorConvertU32ToFloat4(OptimSlotColor(State.Selected)));
    ImGui::SeparatorText(Tr("Настройки выбранного"));
    ImGui::PopStyleColor();
    ImGui::PushID("editor");
    DrawSlotEditor(State.Slots[static_cast<std::size_t>(State.Selected)]);
    ImGui::PopID();
}

} // namespace mlviz
