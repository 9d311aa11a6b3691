// Gradient flow through deep networks: per-layer gradient norms, activation histograms, dead and
// saturated units, training, and the RNN/LSTM/GRU gradient through time (q73, 80, 3, 65, 72, ...).
#include "topics/gradient_flow/view/gradflow_view.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "ui/controls.h"
#include "ui/tr.h"
#include "topics/views.h"
#include "ui/topic_layout.h"
#include "ui/topic_view_base.h"

namespace mlviz {

namespace {

// Compute per frame, in slices of one layer's forward or backward. The frame-time targets of every
// topic (p95 <= 4 ms, no frame over 8 ms of core work; measured by mlviz-bench) leave about 3 ms:
// a 60 fps page keeps its frame rate while a depth-20 network (a pass of ~10-15 ms natively)
// trains at one step every four or five frames.
constexpr double kFrameBudgetMs = 2.0;
// Rebuilding a big network allocates up to ~100 MB; while a slider is dragged, at most this often.
constexpr double kBigRebuildIntervalMs = 250.0;
constexpr long long kBigModelElements = 1 << 20;

double MsSince(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

class GradflowView final : public TopicViewOf<GradflowState> {
public:
    GradflowView() : TopicViewOf(GradflowCodec()) {}
    void Draw(ViewContext& ctx) override;

private:
    void OnStateDecoded(const KeyValues& kv, std::vector<Message>& notices) override;
    void DrawControls();
    void DrawMlpControls();
    void DrawTrainingControls();
    void DrawMlp(ViewContext& ctx);
    void DrawStatus();
    void UpdateMlp(double budget_ms);
    void TakePicture();

    std::optional<GradflowRunner> Runner;
    GradflowState RunnerFor;
    std::string Error;
    GradflowPicture Picture;
    int HistSlot = -1, HistorySlot = -1;
    std::chrono::steady_clock::time_point LastRebuild;
    RnnPanel Rnn;
};

// A link restores exactly: keys it leaves out are the preset's (EncodeState omits them). The
// runner is rebuilt on the next frame because the model or the training target changed.
void GradflowView::OnStateDecoded(const KeyValues&, std::vector<Message>&)
{
    Runner.reset();
    Picture = GradflowPicture{};
    Error.clear();
}

void GradflowView::DrawControls()
{
    ImGui::RadioButton(Tr("Глубокая сеть"), &State.Mode, 0);
    ImGui::RadioButton(Tr("RNN во времени"), &State.Mode, 1);
    if (State.Mode == 1) {
        Rnn.DrawControls(State);
        return;
    }
    const GradflowState before = State;
    bool applied = false;
    ImGui::SeparatorText(Tr("Пресет"));
    const auto presets = GradflowPresets();
    ImGui::SetNextItemWidth(-1.0f);
    const char* current = State.Preset >= 0 ? presets[static_cast<std::size_t>(State.Preset)].Label : Tr("(свои настройки)");
    if (ImGui::BeginCombo("##preset", current, ImGuiComboFlags_HeightLarge)) {
        for (int i = 0; i < static_cast<int>(presets.size()); ++i) {
            if (ImGui::Selectable(presets[static_cast<std::size_t>(i)].Label, State.Preset == i)) {
                State = GradflowPresetState(i, State);
                applied = true;
            }
        }
        ImGui::EndCombo();
    }
    DrawMlpControls();
    DrawTrainingControls();
    if (!applied && !SameGradflowModel(before, State)) State.Preset = -1;

    ImGui::SeparatorText(Tr("Вид"));
    FieldCheckbox(GradflowStateSchema(), "wgrads", State);
    // A short label: the controls column is narrow; the tooltip says what the scale is.
    FieldCheckbox(GradflowStateSchema(), "hist_own", State);
    ImGui::SetItemTooltip("%s", Tr("Гистограмма каждого слоя — по его среднему ± 4 std, а не по общему диапазону"));
    ImGui::Spacing();
    if (ImGui::Button(Tr("Сбросить всё"))) State = GradflowState{};
    ClampGradflowState(State);
}

void GradflowView::DrawMlpControls()
{
    const auto& t = GradflowStateSchema();
    ImGui::SeparatorText(Tr("Сеть"));
    FieldSlider(t, "depth", State);
    FieldSlider(t, "width", State);
    const char* acts[] = {"Sigmoid", "Tanh", "ReLU", "Leaky ReLU", "ELU", "GELU", "Swish"};
    int act = std::clamp(State.Act - 1, 0, 6); // Identity is not offered: a linear net has no story here
    Label(Tr("Активация"));
    if (ImGui::Combo("##act", &act, acts, 7)) State.Act = act + 1;
    const auto a = static_cast<Activation>(State.Act);
    if (a == Activation::LeakyReLU)
        FieldSlider(t, "slope", State);
    else if (a == Activation::ELU)
        FieldSlider(t, "alpha", State);
    else if (a == Activation::Swish)
        FieldSlider(t, "beta", State);
    else if (a == Activation::GELU)
        FieldCheckbox(t, "gelu_tanh", State);
    const char* const inits[] = {
        "N(0, σ²)",         Tr("Xavier равномерная"), Tr("Xavier нормальная"), Tr("Kaiming (He) равн."), Tr("Kaiming (He) норм."),
        Tr("Ортогональная")};
    FieldCombo(t, "init", State, inits);
    if (State.Init == static_cast<int>(GradflowInit::Normal)) {
        FieldCheckbox(t, "std_fan_in", State);
        // An absolute σ above 2 is never useful: the per-fan-in form reaches the table's 4.
        FieldSliderWithin(t, "std", State, 0.0, State.InitStdPerFanIn ? 4.0 : 2.0,
                          State.InitStdPerFanIn ? Tr("σ·√n (n — входов слоя)") : "σ");
    }
    FieldCheckbox(t, "bias", State);
    FieldSlider(t, "res", State, nullptr, State.ResidualEvery == 0 ? Tr("нет") : "k = %d");
    const char* const norms[] = {Tr("нет"), "BatchNorm", "LayerNorm"};
    FieldCombo(t, "norm", State, norms);
    if (State.Norm != 0) {
        ImGui::RadioButton(Tr("до актив."), &State.NormAfter, 0);
        ImGui::SameLine();
        ImGui::RadioButton(Tr("после"), &State.NormAfter, 1);
    }

    ImGui::SeparatorText(Tr("Данные"));
    const char* const sets[] = {Tr("Спирали"), Tr("Две луны"), Tr("Окружности")};
    FieldCombo(t, "data", State, sets);
    // Memory: every layer keeps Batch x Width activations for the backward pass.
    const int max_batch = GradflowMaxBatch(State.Depth, State.Width);
    FieldSliderWithin(t, "batch", State, kGradflowBatchMin, max_batch,
                      max_batch < kGradflowBatchMax ? Tr("Батч (предел памяти)") : Tr("Батч = весь набор"));
    FieldSlider(t, "noise", State);
    FieldInputInt(t, "seed", State);

    // The depth and width just set bound the batch (memory): clamp now, before training reads it.
    ClampGradflowState(State);
}

void GradflowView::DrawTrainingControls()
{
    const auto& t = GradflowStateSchema();
    ImGui::SeparatorText(Tr("Обучение"));
    const char* const opts[] = {"SGD", "SGD + momentum", "Adam"};
    FieldCombo(t, "opt", State, opts);
    FieldSlider(t, "lr", State);
    if (State.Optimizer == static_cast<int>(GradflowOptimizer::Momentum)) FieldSlider(t, "mom", State);
    const char* const clips[] = {Tr("без обрезки"), Tr("обрезка по норме"), Tr("обрезка по значению")};
    FieldCombo(t, "clip", State, clips);
    if (State.Clip != 0) FieldSlider(t, "clip_max", State, State.Clip == 1 ? Tr("Макс. норма ‖g‖") : Tr("Макс. |g_i|"));
    FieldSlider(t, "per_click", State);
    ClampGradflowState(State);
    char label[48];
    std::snprintf(label, sizeof label, Tr("Обучить +%d"), State.StepsPerClick);
    if (ImGui::Button(label)) State.TrainSteps = std::min(State.TrainSteps + State.StepsPerClick, kGradflowTrainStepsMax);
    ImGui::SameLine();
    if (ImGui::Button(Tr("К началу"))) State.TrainSteps = 0;
}

void GradflowView::TakePicture()
{
    const GradflowRunner& r = *Runner;
    Picture.Valid = true;
    Picture.Depth = r.Model().Config.Depth;
    Picture.Stats = r.Latest();
    if (Picture.Stats.Step == 0) Picture.Initial = Picture.Stats;
    Picture.Losses = r.LossHistory();
    ComputeHistograms(r.Model(), State.HistPerLayer, Picture);
    ComputeGradHistory(r, State.WeightGrads, Picture);
}

void GradflowView::UpdateMlp(double budget_ms)
{
    const auto t0 = std::chrono::steady_clock::now();
    bool rebuild = !Runner || !SameGradflowModel(State, RunnerFor) || State.TrainSteps < RunnerFor.TrainSteps;
    if (!rebuild && State.TrainSteps > RunnerFor.TrainSteps) {
        Runner->ExtendTarget(State.TrainSteps);
        RunnerFor.TrainSteps = State.TrainSteps;
    }
    if (rebuild) {
        const long long elements = static_cast<long long>(State.Depth) * State.Width * State.Batch;
        if (Runner && elements > kBigModelElements && MsSince(LastRebuild) < kBigRebuildIntervalMs) return;
        LastRebuild = std::chrono::steady_clock::now();
        auto r = GradflowRunner::Create(GradflowConfigFromState(State), State.TrainSteps);
        RunnerFor = State;
        if (!r) {
            Error = Tr(r.Error());
            Runner.reset();
            return;
        }
        Error.clear();
        Runner.emplace(std::move(r.Value()));
    }
    // Histograms follow the scale switch at once when the buffers hold a finished, finite pass.
    if (Picture.Valid && Picture.HistPerLayer != State.HistPerLayer && Runner->Done() && !Runner->Divergence() &&
        Runner->HasStats())
        ComputeHistograms(Runner->Model(), State.HistPerLayer, Picture);
    if (Picture.Valid && Picture.HistoryWeights != State.WeightGrads) ComputeGradHistory(*Runner, State.WeightGrads, Picture);
    while (!Runner->Done() && MsSince(t0) < budget_ms) {
        Runner->Advance(1);
        if (Runner->PassReady()) TakePicture();
    }
}

void GradflowView::DrawStatus()
{
    if (!Error.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(ImVec4(0.95f, 0.4f, 0.35f, 1.0f), "%s", Error.c_str());
        ImGui::PopTextWrapPos();
        return;
    }
    if (Runner && !Runner->Done()) {
        char overlay[64];
        if (State.TrainSteps > 0)
            std::snprintf(overlay, sizeof overlay, Tr("обучение: шаг %d из %d"), Runner->Model().Step, State.TrainSteps);
        else
            std::snprintf(overlay, sizeof overlay, "%s", Tr("прямой и обратный проход…"));
        ImGui::ProgressBar(static_cast<float>(Runner->Progress()), ImVec2(-1.0f, 0.0f), overlay);
    }
    if (Picture.Valid) {
        const GradflowPassStats& s = Picture.Stats;
        char loss[32];
        FormatNumber(s.Loss, loss, sizeof loss);
        ImGui::Text(Tr("Потеря %s · точность %.0f %% · шаг %d"), loss, 100.0 * s.Accuracy, s.Step);
    }
    if (Runner && Runner->Divergence()) {
        const GradflowDivergence& d = *Runner->Divergence();
        char where[64];
        if (d.Layer >= Runner->Model().Config.Depth)
            std::snprintf(where, sizeof where, "%s", Tr("на выходе (потеря)"));
        else
            std::snprintf(where, sizeof where, Tr("в слое %d"), d.Layer + 1);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(ImVec4(0.95f, 0.4f, 0.35f, 1.0f),
                           Tr("Обучение разошлось: на шаге %d %s появились inf/NaN (%s проход). Показан последний конечный шаг. "
                              "Уменьшите lr или включите обрезку градиента."),
                           d.Step, where, d.Backward ? Tr("обратный") : Tr("прямой"));
        ImGui::PopTextWrapPos();
    }
}

void GradflowView::DrawMlp(ViewContext& ctx)
{
    DrawStatus();
    if (!Picture.Valid) return;
    const float font = ImGui::GetFontSize();
    State.SelectedLayer = std::clamp(State.SelectedLayer, -1, Picture.Depth - 1);
    auto select = [&](int layer) {
        if (layer >= 0) State.SelectedLayer = layer == State.SelectedLayer ? -1 : layer;
    };
    select(DrawGradientChart(Picture, State, font * 13.0f));
    if (State.SelectedLayer >= 0) DrawLayerReadout(Picture, State.SelectedLayer);
    select(DrawHistogramChart(ctx, HistSlot, Picture, State, font * 13.0f));
    // Two small charts side by side when there is room, stacked otherwise.
    const bool wide = ImGui::GetContentRegionAvail().x > font * 34.0f;
    const float small_h = font * 10.0f;
    if (wide) {
        const float w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
        ImGui::BeginChild("std", ImVec2(w, small_h + 4.0f), false, ImGuiWindowFlags_NoScrollbar);
        select(DrawStdChart(Picture, State, small_h));
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("frac", ImVec2(0.0f, small_h + 4.0f), false, ImGuiWindowFlags_NoScrollbar);
        select(DrawFractionsChart(Picture, State, small_h));
        ImGui::EndChild();
    } else {
        select(DrawStdChart(Picture, State, small_h));
        select(DrawFractionsChart(Picture, State, small_h));
    }
    if (State.TrainSteps > 0 || Picture.Losses.size() > 1) DrawLossChart(Picture, State.TrainSteps, font * 9.0f);
    DrawGradHistoryChart(ctx, HistorySlot, Picture, font * 10.0f);
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    if (State.Preset >= 0) ImGui::TextWrapped("%s", GradflowPresets()[static_cast<std::size_t>(State.Preset)].Note);
    ImGui::TextDisabled("%s",
                        Tr("Нажмите на график, чтобы увидеть числа слоя. Слой 1 — первый скрытый (у входа), справа — выход. "
                           "Бледная линия — норма градиента до обучения."));
    ImGui::PopTextWrapPos();
}

void GradflowView::Draw(ViewContext& ctx)
{
    if (State.Mode != 1) UpdateMlp(kFrameBudgetMs); // update, then draw (the RNN panel computes its own)
    DrawTopicLayout(
        ctx, [&] { DrawControls(); },
        [&] {
            if (State.Mode == 1)
                Rnn.Draw(State, kFrameBudgetMs);
            else
                DrawMlp(ctx);
        });
}

} // namespace

std::unique_ptr<TopicView> CreateGradientFlowView()
{
    return std::make_unique<GradflowView>();
}

} // namespace mlviz
