// Gradient flow topic, pictures: per-layer charts on a log10 axis labelled in powers of ten, the
// activation-histogram heatmap (layer x value), dead/saturated fractions and the loss curve.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "ui/tr.h"
#include "core/ticks.h"
#include "topics/gradient_flow/view/gradflow_view.h"
#include "ui/heatmap_renderer.h"

namespace mlviz {

namespace {

constexpr int kHistBins = 48;
// The heatmap pass interpolates between cell centres; repeating every cell keeps the layer and
// bin boundaries crisp.
constexpr int kHistRowRepeat = 4;

ImU32 TextColor()
{
    return ImGui::GetColorU32(ImGuiCol_Text);
}

std::vector<double> LayerXs(int depth)
{
    std::vector<double> xs(static_cast<std::size_t>(depth));
    for (int l = 0; l < depth; ++l) xs[static_cast<std::size_t>(l)] = l + 1.0;
    return xs;
}

// Tick labels of the layer axis: integers only.
void DrawLayerTicks(ImDrawList* dl, const PlotFrame& f, int depth)
{
    const float font = ImGui::GetFontSize();
    const int target = std::max(2, static_cast<int>((f.Max.x - f.Min.x) / (font * 3.5f)));
    char buf[16];
    for (double x : NiceTicks(1.0, depth, target)) {
        if (x != std::floor(x)) continue;
        const ImVec2 p = f.ToScreen(x, f.Range.YMin);
        std::snprintf(buf, sizeof buf, "%d", static_cast<int>(x));
        const float w = ImGui::CalcTextSize(buf).x;
        dl->AddText(ImVec2(p.x - w * 0.5f, f.Max.y + font * 0.2f), TextColor(), buf);
    }
}

// A legend right-aligned in the title row, so it never covers a curve.
void DrawLegend(const PlotFrame& f, std::initializer_list<std::pair<const char*, ImU32>> items)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float font = ImGui::GetFontSize();
    const float y = f.Min.y - font * 1.4f;
    float x = f.Max.x;
    for (auto it = std::rbegin(items); it != std::rend(items); ++it) {
        const float w = ImGui::CalcTextSize(it->first).x;
        x -= w;
        dl->AddText(ImVec2(x, y), TextColor(), it->first);
        dl->AddRectFilled(ImVec2(x - font * 0.8f, y + font * 0.3f), ImVec2(x - font * 0.25f, y + font * 0.85f), it->second);
        x -= font * 1.6f;
    }
}

int HoveredLayer(const PlotFrame& f, int depth)
{
    if (!f.Hovered) return -1;
    return std::clamp(static_cast<int>(std::lround(f.MouseX)) - 1, 0, depth - 1);
}

int ClickedLayer(const PlotFrame& f, int depth)
{
    return f.Hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) ? HoveredLayer(f, depth) : -1;
}

void DrawSelection(const PlotFrame& f, int layer)
{
    if (layer >= 0) PlotVerticalLine(f, layer + 1.0, ImGui::GetColorU32(ImGuiCol_Text, 0.45f));
}

// Frame with title and the layer axis, for charts BeginPlot cannot label (no data drawn).
PlotFrame EmptyFrame(const char* id, float height, const char* title, const char* message)
{
    const PlotFrame f = BeginPlot(id, ImVec2(-1.0f, height), PlotRange{0.0, 1.0, 0.0, 1.0}, title);
    const ImVec2 ts = ImGui::CalcTextSize(message);
    ImGui::GetWindowDrawList()->AddText(ImVec2((f.Min.x + f.Max.x - ts.x) * 0.5f, (f.Min.y + f.Max.y - ts.y) * 0.5f),
                                        ImGui::GetColorU32(ImGuiCol_TextDisabled), message);
    EndPlot(f);
    return f;
}

} // namespace

int DrawGradientChart(const GradflowPicture& p, const GradflowState& s, float height)
{
    const int depth = p.Depth;
    auto norms = [&](const GradflowPassStats& st) {
        std::vector<double> v(static_cast<std::size_t>(depth), std::nan(""));
        for (int l = 0; l < depth && l < static_cast<int>(st.Layers.size()); ++l) {
            const GradflowLayerStats& L = st.Layers[static_cast<std::size_t>(l)];
            v[static_cast<std::size_t>(l)] = s.WeightGrads ? L.WeightGradNorm : L.ActGradNorm;
        }
        return v;
    };
    const std::vector<double> now = norms(p.Stats);
    const bool show_initial = p.Stats.Step > 0 && static_cast<int>(p.Initial.Layers.size()) == depth;
    const std::vector<double> initial = show_initial ? norms(p.Initial) : std::vector<double>{};
    std::vector<double> all = now;
    all.insert(all.end(), initial.begin(), initial.end());
    const char* title = s.WeightGrads ? Tr("‖∂L/∂W_l‖ по слоям: вход → выход") : Tr("‖∂L/∂h_l‖ по слоям: вход → выход");
    double lo = 0.0, hi = 0.0;
    if (!Log10Range(all, 2.0, lo, hi)) {
        const PlotFrame f = EmptyFrame("##grad", height, title, Tr("все градиенты равны нулю"));
        return ClickedLayer(f, depth);
    }
    const PlotFrame f = BeginPlot("##grad", ImVec2(-1.0f, height), PlotRange{0.5, depth + 0.5, lo, hi}, title, kGradflowLogPlot);
    std::vector<double> xs = LayerXs(depth), ys(now.size()), ys0(initial.size());
    std::transform(now.begin(), now.end(), ys.begin(), SafeLog10);
    std::transform(initial.begin(), initial.end(), ys0.begin(), SafeLog10);
    DrawSelection(f, s.SelectedLayer);
    if (show_initial) PlotLine(f, xs, ys0, SeriesColor(0, 0.35f), 1.5f);
    PlotLine(f, xs, ys, SeriesColor(0), 2.0f);
    if (depth <= 60)
        for (int l = 0; l < depth; ++l)
            PlotMarker(f, xs[static_cast<std::size_t>(l)], ys[static_cast<std::size_t>(l)], SeriesColor(0), 3.0f);
    EndPlot(f);
    if (const int h = HoveredLayer(f, depth); h >= 0) {
        char v[48];
        FormatNumber(now[static_cast<std::size_t>(h)], v, sizeof v);
        ImGui::SetTooltip(Tr("слой %d: %s"), h + 1, v);
    }
    return ClickedLayer(f, depth);
}

void ComputeHistograms(const GradflowModel& m, bool per_layer, GradflowPicture& p)
{
    const int depth = m.Config.Depth;
    const auto& L = m.Stats.Layers;
    // Shared range: every layer's mean ± 4 std, cut to the values that occur.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const GradflowLayerStats& s : L) {
        if (!std::isfinite(s.ActMean) || !std::isfinite(s.ActStd)) continue;
        lo = std::min(lo, std::max(s.ActMin, s.ActMean - 4.0 * s.ActStd));
        hi = std::max(hi, std::min(s.ActMax, s.ActMean + 4.0 * s.ActStd));
    }
    if (!(lo < hi)) {
        const double mid = std::isfinite(lo) ? lo : 0.0;
        lo = mid - 0.5;
        hi = mid + 0.5;
    }
    const int repeat = std::clamp(512 / depth, 1, 8), rows = kHistRowRepeat;
    ScalarGrid& g = p.Histograms;
    g.Width = depth * repeat;
    g.Height = kHistBins * rows;
    g.Area = Bounds2{0.5, depth + 0.5, 0.0, 1.0};
    g.Values.assign(static_cast<std::size_t>(g.Width) * g.Height, 0.0f);
    double counts[kHistBins];
    for (int l = 0; l < depth; ++l) {
        double a = lo, b = hi;
        if (per_layer) {
            const GradflowLayerStats& s = L[static_cast<std::size_t>(l)];
            const double sd = s.ActStd > 0.0 ? s.ActStd : 0.125;
            a = s.ActMean - 4.0 * sd;
            b = s.ActMean + 4.0 * sd;
        }
        GradflowHistogram(m, l, a, b, kHistBins, counts);
        for (int bin = 0; bin < kHistBins; ++bin)
            for (int r = 0; r < rows; ++r)
                for (int c = 0; c < repeat; ++c)
                    g.Values[static_cast<std::size_t>(bin * rows + r) * g.Width + static_cast<std::size_t>(l * repeat + c)] =
                        static_cast<float>(counts[bin]);
    }
    p.HistLo = lo;
    p.HistHi = hi;
    p.HistMax = *std::max_element(g.Values.begin(), g.Values.end());
    p.HistPerLayer = per_layer;
    p.HistBins = kHistBins;
    p.HistRepeat = repeat;
    ++p.HistVersion;
}

int DrawHistogramChart(ViewContext& ctx, int& slot, const GradflowPicture& p, const GradflowState& s, float height)
{
    if (slot < 0) slot = ctx.Heatmaps->CreateSlot();
    const int depth = p.Depth;
    const char* title = p.HistPerLayer ? Tr("Гистограммы h_l, у каждого слоя μ ± 4σ") : Tr("Гистограммы активаций h_l по слоям");
    const PlotFrame f = ReservePlot("##hist", ImVec2(-1.0f, height), PlotRange{0.5, depth + 0.5, p.HistLo, p.HistHi}, title,
                                    PlotFlags_WideYLabels);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float font = ImGui::GetFontSize();
    const ImVec2 img_min = f.Min;
    if (p.Histograms.Width > 0 && p.HistMax > 0.0) {
        HeatmapStyle style;
        style.Map = Colormap::Viridis;
        style.Mapping = ColorMapping{0.0, p.HistMax, ColorScale::Log, 1e-3};
        const int w_px = static_cast<int>((f.Max.x - img_min.x) * ctx.PixelScale);
        const int h_px = static_cast<int>((f.Max.y - img_min.y) * ctx.PixelScale);
        const ImTextureID tex =
            ctx.Heatmaps->Render(slot, p.Histograms, p.HistVersion, style, std::max(w_px, 1), std::max(h_px, 1));
        dl->AddImage(tex, img_min, f.Max);
    }
    // y labels: values of the shared range, or μ and ±4σ per layer.
    auto y_of = [&](double t) { return f.Max.y - static_cast<float>(t) * (f.Max.y - img_min.y); };
    char buf[32];
    if (p.HistPerLayer) {
        const std::pair<double, const char*> marks[] = {{0.0, "−4σ"}, {0.5, "μ"}, {1.0, "+4σ"}};
        for (const auto& [t, text] : marks) {
            const float w = ImGui::CalcTextSize(text).x;
            dl->AddText(ImVec2(f.Min.x - w - font * 0.3f, y_of(t) - font * 0.5f), TextColor(), text);
        }
    } else {
        // Huge or tiny ranges (residual blow-up): plain tick numbers and a common "×10ᵏ" in the corner.
        const int target = std::max(2, static_cast<int>((f.Max.y - img_min.y) / (font * 2.0f)));
        const double top = std::max(std::fabs(p.HistLo), std::fabs(p.HistHi));
        const int e = top > 0.0 ? static_cast<int>(std::floor(std::log10(top))) : 0;
        const int shift = (e >= 4 || e <= -3) ? e : 0;
        const double unit = std::pow(10.0, shift);
        if (shift != 0) {
            char pow10[32];
            PowerOfTenLabel(shift, pow10, sizeof pow10);
            std::snprintf(buf, sizeof buf, "×%s", pow10);
            const float w = ImGui::CalcTextSize(buf).x;
            dl->AddText(ImVec2(f.Max.x - w, f.Min.y - font * 1.35f), TextColor(), buf);
        }
        for (double v : NiceTicks(p.HistLo, p.HistHi, target)) {
            std::snprintf(buf, sizeof buf, "%.4g", v / unit);
            if (std::fabs(v) < 1e-12 * (p.HistHi - p.HistLo)) std::snprintf(buf, sizeof buf, "0");
            const float w = ImGui::CalcTextSize(buf).x;
            const float y = y_of((v - p.HistLo) / (p.HistHi - p.HistLo));
            dl->AddText(ImVec2(f.Min.x - w - font * 0.3f, y - font * 0.5f), TextColor(), buf);
            dl->AddLine(ImVec2(f.Min.x - font * 0.2f, y), ImVec2(f.Min.x, y), TextColor());
        }
    }
    DrawLayerTicks(dl, f, depth);
    if (s.SelectedLayer >= 0) {
        const float x = f.ToScreen(s.SelectedLayer + 1.0, 0.0).x;
        dl->AddLine(ImVec2(x, img_min.y), ImVec2(x, f.Max.y), IM_COL32(255, 255, 255, 140));
    }
    if (const int h = HoveredLayer(f, depth); h >= 0) {
        const double t = (f.Max.y - ImGui::GetIO().MousePos.y) / (f.Max.y - img_min.y);
        if (t >= 0.0 && t <= 1.0) {
            const int bin = std::clamp(static_cast<int>(t * p.HistBins), 0, p.HistBins - 1);
            const float frac = p.Histograms.Values[static_cast<std::size_t>(bin * kHistRowRepeat) * p.Histograms.Width +
                                                   static_cast<std::size_t>(h * p.HistRepeat)];
            if (p.HistPerLayer)
                ImGui::SetTooltip(Tr("слой %d: %.0f %% значений около μ %+.1fσ"), h + 1, 100.0 * frac, (t - 0.5) * 8.0);
            else {
                FormatNumber(p.HistLo + t * (p.HistHi - p.HistLo), buf, sizeof buf);
                ImGui::SetTooltip(Tr("слой %d: %.1f %% значений около %s"), h + 1, 100.0 * frac, buf);
            }
        }
    }
    return ClickedLayer(f, depth);
}

int DrawStdChart(const GradflowPicture& p, const GradflowState& s, float height)
{
    const int depth = p.Depth;
    std::vector<double> sd(static_cast<std::size_t>(depth));
    for (int l = 0; l < depth; ++l) sd[static_cast<std::size_t>(l)] = p.Stats.Layers[static_cast<std::size_t>(l)].ActStd;
    double lo = 0.0, hi = 0.0;
    if (!Log10Range(sd, 1.0, lo, hi))
        return ClickedLayer(EmptyFrame("##std", height, Tr("std активаций h_l"), Tr("все активации постоянны")), depth);
    const PlotFrame f =
        BeginPlot("##std", ImVec2(-1.0f, height), PlotRange{0.5, depth + 0.5, lo, hi}, Tr("std активаций h_l"), kGradflowLogPlot);
    std::vector<double> xs = LayerXs(depth), ys(sd.size());
    std::transform(sd.begin(), sd.end(), ys.begin(), SafeLog10);
    DrawSelection(f, s.SelectedLayer);
    PlotLine(f, xs, ys, SeriesColor(3), 2.0f);
    EndPlot(f);
    if (const int h = HoveredLayer(f, depth); h >= 0) {
        char v[48];
        FormatNumber(sd[static_cast<std::size_t>(h)], v, sizeof v);
        ImGui::SetTooltip(Tr("слой %d: std %s"), h + 1, v);
    }
    return ClickedLayer(f, depth);
}

int DrawFractionsChart(const GradflowPicture& p, const GradflowState& s, float height)
{
    const int depth = p.Depth;
    std::vector<double> xs = LayerXs(depth), dead(static_cast<std::size_t>(depth)), sat(static_cast<std::size_t>(depth));
    for (int l = 0; l < depth; ++l) {
        dead[static_cast<std::size_t>(l)] = p.Stats.Layers[static_cast<std::size_t>(l)].DeadFraction;
        sat[static_cast<std::size_t>(l)] = p.Stats.Layers[static_cast<std::size_t>(l)].SaturatedFraction;
    }
    const PlotFrame f = BeginPlot("##frac", ImVec2(-1.0f, height), PlotRange{0.5, depth + 0.5, -0.05, 1.05}, Tr("Доля единиц"),
                                  PlotFlags_WideYLabels); // the same margin as the log charts it stands beside
    DrawSelection(f, s.SelectedLayer);
    PlotLine(f, xs, sat, SeriesColor(1), 2.0f);
    PlotLine(f, xs, dead, SeriesColor(2), 2.0f);
    EndPlot(f); // the legend sits in the title row, outside the data area's clipping
    DrawLegend(f, {{Tr("мёртвые"), SeriesColor(2)}, {Tr("насыщ. σ'<0,01"), SeriesColor(1)}});
    if (const int h = HoveredLayer(f, depth); h >= 0)
        ImGui::SetTooltip(Tr("слой %d: мёртвых %.0f %%, насыщенных %.0f %%"), h + 1, 100.0 * dead[static_cast<std::size_t>(h)],
                          100.0 * sat[static_cast<std::size_t>(h)]);
    return ClickedLayer(f, depth);
}

void DrawLossChart(const GradflowPicture& p, int target_steps, float height)
{
    const double last = std::max<double>(1.0, std::max<double>(target_steps, static_cast<double>(p.Losses.size()) - 1.0));
    double lo = 0.0, hi = 0.0;
    if (!Log10Range(p.Losses, 0.5, lo, hi)) return;
    const PlotFrame f = BeginPlot("##loss", ImVec2(-1.0f, height), PlotRange{0.0, last, lo, hi}, Tr("Потеря по шагам обучения"),
                                  kGradflowLogPlot);
    std::vector<double> xs(p.Losses.size()), ys(p.Losses.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
        xs[i] = static_cast<double>(i);
        ys[i] = SafeLog10(p.Losses[i]);
    }
    PlotLine(f, xs, ys, SeriesColor(4), 2.0f);
    EndPlot(f);
    if (f.Hovered && !p.Losses.empty()) {
        const auto i =
            static_cast<std::size_t>(std::clamp<long>(std::lround(f.MouseX), 0, static_cast<long>(p.Losses.size()) - 1));
        char v[48];
        FormatNumber(p.Losses[i], v, sizeof v);
        ImGui::SetTooltip(Tr("шаг %zu: потеря %s"), i, v);
    }
}

void DrawLayerReadout(const GradflowPicture& p, int layer)
{
    const GradflowLayerStats& L = p.Stats.Layers[static_cast<std::size_t>(layer)];
    ImGui::TextDisabled(Tr("Слой %d из %d (нажмите ещё раз, чтобы скрыть)"), layer + 1, p.Depth);
    // Two label/value pairs per row when there is room for them, one otherwise.
    const int pairs = ImGui::GetContentRegionAvail().x > ImGui::GetFontSize() * 22.0f ? 2 : 1;
    if (!ImGui::BeginTable("readout", 2 * pairs, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) return;
    for (int c = 0; c < pairs; ++c) {
        ImGui::TableSetupColumn("##name", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.5f);
        ImGui::TableSetupColumn("##value", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.5f);
    }
    const std::pair<const char*, double> rows[] = {{"‖∂L/∂h‖", L.ActGradNorm},      {"‖∂L/∂W‖", L.WeightGradNorm},
                                                   {Tr("среднее h"), L.ActMean},    {"std h", L.ActStd},
                                                   {"‖W‖", L.WeightNorm},           {"‖ΔW‖/‖W‖", L.UpdateRatio},
                                                   {Tr("мёртвых"), L.DeadFraction}, {Tr("насыщенных"), L.SaturatedFraction}};
    char buf[48];
    for (std::size_t i = 0; i < std::size(rows); ++i) {
        if (i % static_cast<std::size_t>(pairs) == 0) ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", rows[i].first);
        ImGui::TableNextColumn();
        if (i >= 6)
            std::snprintf(buf, sizeof buf, "%.0f %%", 100.0 * rows[i].second);
        else
            FormatNumber(rows[i].second, buf, sizeof buf);
        ImGui::TextUnformatted(buf);
    }
    ImGui::EndTable();
}

} // namespace mlviz
