// Activation functions: f(x) and f'(x) side by side for several functions at once, with
// live parameters, a hover read-out, and the output surface of a random net (q3, 54, 57, 64, 76, 79).
#include <algorithm>
#include <chrono>
#include <array>
#include <cmath>
#include <cstdio>

#include "topics/activations/core/activations.h"
#include "topics/activations/core/activations_state.h"
#include "topics/activations/core/random_net.h"
#include "ui/tr.h"
#include "imgui.h"
#include "ui/controls.h"
#include "topics/views.h"
#include "ui/topic_layout.h"
#include "ui/topic_view_base.h"
#include "ui/heatmap_renderer.h"
#include "ui/plot.h"
#include "ui/theme.h"

namespace mlviz {

namespace {

constexpr int kCurvePoints = 801;
constexpr int kSurfaceResolution = 128;

class ActivationsView final : public TopicViewOf<ActivationsState> {
public:
    ActivationsView() : TopicViewOf(ActivationsCodec()) {}
    void Draw(ViewContext& ctx) override;

private:
    void DrawControls();
    void DrawCurves();
    void DrawSurface(ViewContext& ctx, float height);
    void UpdateCurves();
    void UpdateSurface();

    // Derived data, recomputed only when the state it depends on changes.
    ActivationsState CurvesFor;
    bool CurvesValid = false;
    std::vector<double> Xs;
    std::array<std::vector<double>, kActivationCount> Ys, Dys;
    ScalarGrid Surface;
    ColorMapping SurfaceMapping;
    std::uint64_t SurfaceVersion = 0;
    bool SurfaceValid = false;
    ActivationsState SurfaceFor;
    int SurfaceSlot = -1;
    // The surface being computed, row by row (see UpdateSurface).
    bool SurfaceJobActive = false;
    RandomNet JobNet;
    ActivationsState JobFor;
    ScalarGrid JobGrid;
    int JobRow = 0;
};

bool SameCurveInputs(const ActivationsState& a, const ActivationsState& b)
{
    return a.Params.LeakySlope == b.Params.LeakySlope && a.Params.EluAlpha == b.Params.EluAlpha &&
        a.Params.SwishBeta == b.Params.SwishBeta && a.Params.GeluTanh == b.Params.GeluTanh && a.XRange == b.XRange;
}

bool SameSurfaceInputs(const ActivationsState& a, const ActivationsState& b)
{
    return SameCurveInputs(a, b) && a.SurfaceActivation == b.SurfaceActivation && a.SurfaceLayers == b.SurfaceLayers &&
        a.SurfaceWidth == b.SurfaceWidth && a.Seed == b.Seed;
}

void ActivationsView::UpdateCurves()
{
    if (CurvesValid && SameCurveInputs(State, CurvesFor)) return;
    Xs.resize(kCurvePoints);
    for (int i = 0; i < kCurvePoints; ++i) Xs[i] = -State.XRange + 2.0 * State.XRange * i / (kCurvePoints - 1.0);
    for (int a = 0; a < kActivationCount; ++a) {
        Ys[a].resize(kCurvePoints);
        Dys[a].resize(kCurvePoints);
        for (int i = 0; i < kCurvePoints; ++i) {
            Ys[a][i] = Activate(static_cast<Activation>(a), State.Params, Xs[i]);
            Dys[a][i] = ActivateDerivative(static_cast<Activation>(a), State.Params, Xs[i]);
        }
    }
    CurvesFor = State;
    CurvesValid = true;
}

// The surface is computed a few rows per frame (about 1.5 ms of work), so a slider drag never
// stalls a frame; the previous surface stays on screen until the new one is complete.
void ActivationsView::UpdateSurface()
{
    if (!SurfaceJobActive && !(SurfaceValid && SameSurfaceInputs(State, SurfaceFor))) {
        RandomNetConfig cfg;
        cfg.HiddenLayers = State.SurfaceLayers;
        cfg.Width = State.SurfaceWidth;
        cfg.Seed = static_cast<std::uint32_t>(State.Seed);
        JobNet = MakeRandomNet(cfg);
        JobFor = State;
        JobGrid = ScalarGrid{};
        JobGrid.Width = JobGrid.Height = kSurfaceResolution;
        JobGrid.Area = Bounds2{-3, 3, -3, 3};
        JobGrid.Values.assign(static_cast<std::size_t>(kSurfaceResolution) * kSurfaceResolution, 0.0f);
        JobRow = 0;
        SurfaceJobActive = true;
    }
    if (!SurfaceJobActive) return;
    const auto start = std::chrono::steady_clock::now();
    while (JobRow < JobGrid.Height) {
        FillRandomNetRow(JobNet, static_cast<Activation>(JobFor.SurfaceActivation), JobFor.Params, JobGrid, JobRow++);
        if (std::chrono::steady_clock::now() - start > std::chrono::microseconds(1500)) break;
    }
    if (JobRow < JobGrid.Height) return;
    Surface = std::move(JobGrid);
    SurfaceMapping = SymmetricMapping(FiniteRange(Surface.Values));
    ++SurfaceVersion;
    SurfaceFor = JobFor;
    SurfaceValid = true;
    SurfaceJobActive = false;
}

void ActivationsView::DrawControls()
{
    ImGui::TextDisabled("%s", Tr("Функции на графиках"));
    for (int a = 1; a < kActivationCount; ++a) { // identity is only for the surface
        ImGui::PushID(a);
        ImGui::PushStyleColor(ImGuiCol_CheckMark, ImGui::ColorConvertU32ToFloat4(SeriesColor(a)));
        ImGui::Checkbox(ActivationLabel(static_cast<Activation>(a)).data(), &State.Shown[a]);
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    ImGui::SeparatorText(Tr("Параметры"));
    const auto& t = ActivationsStateSchema();
    for (const char* key : {"slope", "alpha", "beta"}) FieldSlider(t, key, State);
    FieldCheckbox(t, "gelu_tanh", State);
    FieldSlider(t, "range", State);

    ImGui::SeparatorText(Tr("Сеть на плоскости"));
    const char* names[kActivationCount];
    for (int a = 0; a < kActivationCount; ++a) names[a] = ActivationLabel(static_cast<Activation>(a)).data();
    FieldCombo(t, "net", State, names);
    FieldSlider(t, "layers", State);
    FieldSlider(t, "width", State);
    FieldInputInt(t, "seed", State);
    ImGui::Spacing();
    if (ImGui::Button(Tr("Сбросить всё"))) State = ActivationsState();
}

void ActivationsView::DrawCurves()
{
    const float avail_w = ImGui::GetContentRegionAvail().x;
    const float plot_h =
        std::clamp(ImGui::GetContentRegionAvail().y * 0.48f, ImGui::GetFontSize() * 9.0f, ImGui::GetFontSize() * 22.0f);
    const float plot_w = (avail_w - ImGui::GetStyle().ItemSpacing.x) * 0.5f;

    // y ranges: fit the shown curves, clamped so ReLU on ±20 stays readable.
    double ylo = -1.0, yhi = 1.0, dlo = -0.1, dhi = 1.1;
    for (int a = 1; a < kActivationCount; ++a) {
        if (!State.Shown[a]) continue;
        for (std::size_t i = 0; i < Xs.size(); ++i) {
            ylo = std::min(ylo, Ys[a][i]);
            yhi = std::max(yhi, Ys[a][i]);
            dlo = std::min(dlo, Dys[a][i]);
            dhi = std::max(dhi, Dys[a][i]);
        }
    }
    const double ypad = 0.06 * (yhi - ylo), dpad = 0.06 * (dhi - dlo);
    const PlotRange fr{-State.XRange, State.XRange, ylo - ypad, yhi + ypad};
    const PlotRange dr{-State.XRange, State.XRange, dlo - dpad, dhi + dpad};

    const PlotFrame f = BeginPlot("##f", ImVec2(plot_w, plot_h), fr, "f(x)");
    for (int a = 1; a < kActivationCount; ++a)
        if (State.Shown[a]) PlotLine(f, Xs, Ys[a], SeriesColor(a), 2.0f);
    EndPlot(f);
    ImGui::SameLine();
    const PlotFrame d = BeginPlot("##df", ImVec2(plot_w, plot_h), dr, "f'(x)");
    for (int a = 1; a < kActivationCount; ++a)
        if (State.Shown[a]) PlotLine(d, Xs, Dys[a], SeriesColor(a), 2.0f);
    EndPlot(d);

    // Hover read-out: the same x in both plots, exact values from the core.
    const bool hovered = f.Hovered || d.Hovered;
    if (!hovered) return;
    const double x = f.Hovered ? f.MouseX : d.MouseX;
    for (const PlotFrame* p : {&f, &d}) {
        ImGui::GetWindowDrawList()->PushClipRect(p->Min, p->Max, true);
        PlotVerticalLine(*p, x, ImGui::GetColorU32(ImGuiCol_Text, 0.5f));
        for (int a = 1; a < kActivationCount; ++a) {
            if (!State.Shown[a]) continue;
            const auto act = static_cast<Activation>(a);
            const double y = (p == &f) ? Activate(act, State.Params, x) : ActivateDerivative(act, State.Params, x);
            PlotMarker(*p, x, y, SeriesColor(a), 4.0f);
        }
        ImGui::GetWindowDrawList()->PopClipRect();
    }
    ImGui::BeginTooltip();
    ImGui::Text("x = %.3f", x);
    if (ImGui::BeginTable("readout", 3, ImGuiTableFlags_SizingFixedFit)) {
        ImGui::TableSetupColumn("");
        ImGui::TableSetupColumn("f(x)");
        ImGui::TableSetupColumn("f'(x)");
        ImGui::TableHeadersRow();
        for (int a = 1; a < kActivationCount; ++a) {
            if (!State.Shown[a]) continue;
            const auto act = static_cast<Activation>(a);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(SeriesColor(a)), "%s", ActivationLabel(act).data());
            ImGui::TableNextColumn();
            ImGui::Text("%.4f", Activate(act, State.Params, x));
            ImGui::TableNextColumn();
            ImGui::Text("%.4f", ActivateDerivative(act, State.Params, x));
        }
        ImGui::EndTable();
    }
    ImGui::EndTooltip();
}

void ActivationsView::DrawSurface(ViewContext& ctx, float height)
{
    if (SurfaceSlot < 0) SurfaceSlot = ctx.Heatmaps->CreateSlot();
    const float side = std::max(64.0f, height);
    const ImVec2 pos = ImGui::GetCursorScreenPos();

    if (!SurfaceValid) { // the first surface is still being computed
        ImGui::Dummy(ImVec2(side, side));
    } else {
        HeatmapStyle style;
        style.Map = Colormap::Diverging;
        style.Mapping = SurfaceMapping;
        style.ContourCount = 10;
        const int px = static_cast<int>(side * ctx.PixelScale);
        ImGui::Image(ctx.Heatmaps->Render(SurfaceSlot, Surface, SurfaceVersion, style, px, px), ImVec2(side, side));
    }
    if (SurfaceValid && ImGui::IsItemHovered()) {
        const ImVec2 m = ImGui::GetIO().MousePos;
        const double x = -3.0 + 6.0 * (m.x - pos.x) / side;
        const double y = 3.0 - 6.0 * (m.y - pos.y) / side;
        ImGui::SetTooltip(Tr("x = (%.2f, %.2f)\nвыход сети = %.3f"), x, y, SampleBilinear(Surface, x, y));
    }
    ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(Tr("Выход случайной сети 2 → %d×%d → 1"), State.SurfaceWidth, State.SurfaceLayers);
    if (SurfaceJobActive) {
        ImGui::SameLine();
        ImGui::TextDisabled("%d%%", JobRow * 100 / std::max(1, JobGrid.Height));
    }
    ImGui::TextWrapped("%s",
                       Tr("на плоскости входов [−3, 3]², синее < 0 < красное, линии уровня через равные шаги. С Identity сеть "
                          "остаётся линейной при любой глубине: поверхность — плоскость, линии уровня — параллельные прямые. "
                          "Нелинейность (ReLU, tanh, …) изгибает их: поэтому активации и нужны (вопрос 57)."));
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
}

void ActivationsView::Draw(ViewContext& ctx)
{
    // Update, then draw.
    UpdateCurves();
    UpdateSurface();
    DrawTopicLayout(
        ctx, [&] { DrawControls(); },
        [&] {
            DrawCurves();
            ImGui::Spacing();
            DrawSurface(ctx, std::min(ImGui::GetContentRegionAvail().y - 4.0f, ImGui::GetContentRegionAvail().x * 0.45f));
        });
}

} // namespace

std::unique_ptr<TopicView> CreateActivationsView()
{
    return std::make_unique<ActivationsView>();
}

} // namespace mlviz
