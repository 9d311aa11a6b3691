// Controls column of the optimizer topic: presets, the surface and its penalties, noise,
// the list of optimizers and the editor of the selected one (PyTorch hyper-parameter names).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "topics/optimizers/view/optim_view.h"
#include "ui/controls.h"

namespace mlviz {

namespace {

// A list entry that fits the 13em column: "SGD+имп. lr 0.036 cos B16".
std::string ShortLabel(const OptimSlot& slot)
{
    const OptimizerParams& o = slot.Optimizer;
    std::string s(OptimizerLabel(o.Kind));
    if (o.Kind == OptimizerKind::SGD && o.Momentum > 0.0)
        s += o.Nesterov ? " " + std::string(Tr("Нест.")) : std::string(Tr("+имп."));
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

// The schedule of slot `slot` (fields "o<n>..." of the field table).
void DrawScheduleEditor(OptimizersState& state, int slot)
{
    const auto& t = OptimizersStateSchema();
    ScheduleParams& s = state.Slots[static_cast<std::size_t>(slot)].Schedule;
    const std::string o = "o" + std::to_string(slot + 1);
    const auto key = [&](const char* suffix) { return o + suffix; };
    const char* names[static_cast<int>(ScheduleKind::Count)];
    for (int k = 0; k < static_cast<int>(ScheduleKind::Count); ++k)
        names[k] = Tr(ScheduleLabel(static_cast<ScheduleKind>(k)).data());
    if (FieldCombo(t, key("s"), state, names)) {
        // Starting values that show the schedule's shape over the run being shown.
        if (s.Kind == ScheduleKind::Cosine) s.TMax = std::max(1, state.Steps);
        if (s.Kind == ScheduleKind::Step) s.StepSize = std::max(1, state.Steps / 3);
        if (s.Kind == ScheduleKind::Exponential) s.Gamma = 0.99;
        if (s.Kind == ScheduleKind::Step) s.Gamma = 0.2;
    }
    switch (s.Kind) {
    case ScheduleKind::Step:
        FieldSlider(t, key("ss"), state);
        FieldSlider(t, key("sg"), state);
        break;
    case ScheduleKind::Exponential: FieldSlider(t, key("sg"), state, Tr("gamma (за шаг)")); break;
    case ScheduleKind::Cosine:
        FieldSlider(t, key("tmax"), state);
        FieldSlider(t, key("emin"), state);
        break;
    case ScheduleKind::LinearWarmup:
        for (const char* k : {"sf", "ef", "ti"}) FieldSlider(t, key(k), state);
        break;
    case ScheduleKind::Plateau:
        for (const char* k : {"fac", "pat", "thr", "cd", "minlr"}) FieldSlider(t, key(k), state);
        break;
    default: break;
    }
}

} // namespace

void OptimizersView::DrawSurfaceControls()
{
    const auto& t = OptimizersStateSchema();
    const char* names[static_cast<int>(SurfaceKind::Count)];
    for (int k = 0; k < static_cast<int>(SurfaceKind::Count); ++k)
        names[k] = Tr(SurfaceLabel(static_cast<SurfaceKind>(k)).data());
    if (FieldCombo(t, "fn", State, names, Tr("Функция потерь"))) {
        const Vec2d start = DefaultStart(State.Surface);
        State.StartX = start.X;
        State.StartY = start.Y;
        State.LogColors = State.Surface != SurfaceKind::Saddle && State.Surface != SurfaceKind::Rastrigin;
    }
    switch (State.Surface) {
    case SurfaceKind::Quadratic:
        FieldSlider(t, "kappa", State);
        FieldSlider(t, "angle", State);
        FieldCheckbox(t, "scaled", State);
        if (!State.Function.FeaturesScaled) FieldSlider(t, "fscale", State);
        break;
    case SurfaceKind::Rosenbrock:
        FieldSlider(t, "ra", State);
        FieldSlider(t, "rb", State);
        break;
    case SurfaceKind::Rastrigin: FieldSlider(t, "rast", State); break;
    default: break;
    }
    FieldSlider(t, "l1", State);
    FieldSlider(t, "l2", State);
    FieldCheckbox(t, "logc", State);

    ImGui::SeparatorText(Tr("Запуск"));
    // The start point's range is the surface's area (core DefaultArea), not a field range.
    const Bounds2 a = DefaultArea(State.Surface);
    Label(Tr("Старт (или щелчок по карте)"));
    double start[2] = {State.StartX, State.StartY};
    const double lo = std::min(a.XMin, a.YMin), hi = std::max(a.XMax, a.YMax);
    if (ImGui::DragScalarN("##start", ImGuiDataType_Double, start, 2, 0.01f, &lo, &hi, "%.2f", ImGuiSliderFlags_AlwaysClamp)) {
        State.StartX = std::isfinite(start[0]) ? std::clamp(start[0], a.XMin, a.XMax) : 0.0;
        State.StartY = std::isfinite(start[1]) ? std::clamp(start[1], a.YMin, a.YMax) : 0.0;
    }
    FieldSlider(t, "iters", State);
    FieldSlider(t, "sigma", State);
    if (State.NoiseSigma > 0.0) FieldInputInt(t, "seed", State);
    FieldSlider(t, "speed", State, nullptr, Tr("%.0f шаг/с"));
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

void OptimizersView::DrawSlotEditor(int index)
{
    const auto& t = OptimizersStateSchema();
    OptimSlot& slot = State.Slots[static_cast<std::size_t>(index)];
    OptimizerParams& o = slot.Optimizer;
    const std::string p = "o" + std::to_string(index + 1);
    const auto key = [&](const char* suffix) { return p + suffix; };
    const char* names[static_cast<int>(OptimizerKind::Count)];
    for (int k = 0; k < static_cast<int>(OptimizerKind::Count); ++k)
        names[k] = OptimizerLabel(static_cast<OptimizerKind>(k)).data();
    ImGui::Checkbox(Tr("Включён"), &slot.Enabled);
    const double lr = o.Lr;
    if (FieldCombo(t, key(""), State, names, Tr("Алгоритм (torch.optim)"))) {
        // PyTorch's defaults of the new optimizer, but keep the learning rate being explored.
        o = DefaultOptimizerParams(o.Kind);
        o.Lr = lr;
    }
    FieldSlider(t, key("lr"), State);
    switch (o.Kind) {
    case OptimizerKind::SGD:
        FieldSlider(t, key("mom"), State);
        FieldSlider(t, key("damp"), State);
        FieldCheckbox(t, key("nest"), State);
        break;
    case OptimizerKind::Adagrad:
        for (const char* k : {"lrd", "iav", "eps"}) FieldSlider(t, key(k), State);
        break;
    case OptimizerKind::RMSprop:
        FieldSlider(t, key("alpha"), State);
        FieldSlider(t, key("mom"), State);
        FieldCheckbox(t, key("cent"), State);
        FieldSlider(t, key("eps"), State);
        break;
    default: // Adam, AdamW, NAdam
        for (const char* k : {"b1", "b2", "eps"}) FieldSlider(t, key(k), State);
        if (o.Kind == OptimizerKind::NAdam)
            FieldSlider(t, key("md"), State);
        else
            FieldCheckbox(t, key("ams"), State);
        break;
    }
    FieldSlider(t, key("wd"), State, o.Kind == OptimizerKind::AdamW ? Tr("weight_decay (развязанный)") : nullptr);
    DrawScheduleEditor(State, index);
    FieldSlider(t, key("bs"), State, State.NoiseSigma > 0.0 ? Tr("Батч B (шум σ/√B)") : Tr("Батч B (шум выключен)"));
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
    DrawSlotEditor(State.Selected);
    ImGui::PopID();
}

} // namespace mlviz
