// The Otsu tab: the histogram with the between-class variance σ_B²(t) over it and its maximum
// marked, a manual threshold to compare, and adaptive (local) thresholds, which succeed on the
// unevenly lit page where one global threshold fails (IoU of the ink against the page's truth).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "imgui.h"
#include "topics/image_processing/view/ip_view.h"
#include "ui/controls.h"
#include "ui/plot.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

// IoU of the predicted ink (binary == 0: at or below the threshold) with the true ink.
double InkIou(const Plane8& binary, const Plane8& ink)
{
    if (ink.Empty() || binary.Pixels.size() != ink.Pixels.size()) return -1.0;
    long long inter = 0, uni = 0;
    for (std::size_t i = 0; i < ink.Pixels.size(); ++i) {
        const bool p = binary.Pixels[i] == 0, t = ink.Pixels[i] != 0;
        inter += p && t;
        uni += p || t;
    }
    return uni > 0 ? static_cast<double>(inter) / static_cast<double>(uni) : 1.0;
}

bool SameAdaptive(const IpOtsuState& a, const IpOtsuState& b)
{
    return a.Method == b.Method && a.Block == b.Block && a.C == b.C;
}

// "σ_B² = w₀·w₁·(μ₀ − μ₁)² = 0.43·0.57·(55.2 − 160.1)² = 2690"
void VarianceFormula(const char* what, int t, double w0, double w1, double m0, double m1, double var, double best)
{
    ImGui::TextWrapped(Tr("%s t = %d: σ_B² = w₀·w₁·(μ₀ − μ₁)² = %.3f·%.3f·(%.1f − %.1f)² = %.1f (%.1f%% максимума)"), what, t, w0,
                       w1, m0, m1, var, best > 0.0 ? 100.0 * var / best : 0.0);
}

} // namespace

void ImageProcessingView::UpdateOtsu(const FrameBudget& budget)
{
    if (!Src.Ready()) return;
    if (OtsuSrc != Src.Version) {
        OtsuSrc = Src.Version;
        Hist = ComputeHistogram(Src.Gray);
        auto r = OtsuFromHistogram(Hist);
        OtsuRes.reset();
        if (r) OtsuRes = r.Value();
        const Plane8 bin = ThresholdBinary(Src.Gray, OtsuRes ? OtsuRes->Threshold : 0);
        OtsuShown.Set(GrayRgba(bin));
        IouOtsu = InkIou(bin, Src.Ink);
        ManualFor = -1;
        AdaptiveShown.Clear();
        Adaptive.reset();
    }
    if (ManualFor != State.Otsu.Manual) {
        ManualFor = State.Otsu.Manual;
        const Plane8 bin = ThresholdBinary(Src.Gray, ManualFor);
        ManualShown.Set(GrayRgba(bin));
        IouManual = InkIou(bin, Src.Ink);
    }
    if (!Adaptive || AdaptiveSrc != Src.Version || !SameAdaptive(AdaptiveFor, State.Otsu)) {
        AdaptiveFor = State.Otsu;
        AdaptiveSrc = Src.Version;
        AdaptiveBuilt = false;
        auto job = AdaptiveJob::Start(Src.Gray, AdaptiveSpecOf(State.Otsu));
        if (job)
            Adaptive = std::move(job.Value());
        else
            Adaptive.reset();
    }
    if (!Adaptive || AdaptiveBuilt) return;
    AdvanceJob(*Adaptive, budget);
    if (!Adaptive->Done()) return;
    AdaptiveShown.Set(GrayRgba(Adaptive->Output()));
    IouAdaptive = InkIou(Adaptive->Output(), Src.Ink);
    AdaptiveBuilt = true;
}

void ImageProcessingView::DrawOtsuControls()
{
    const auto& t = ImageProcessingStateSchema();
    FieldSlider(t, "t", State);
    if (OtsuRes && ImGui::Button(Tr("Ручной = порог Отсу"))) State.Otsu.Manual = OtsuRes->Threshold;
    ImGui::SeparatorText(Tr("Адаптивный порог"));
    const char* methods[] = {Tr("среднее по блоку"), Tr("гауссово взвешенное")};
    FieldCombo(t, "amethod", State, methods);
    FieldSlider(t, "block", State);
    FieldSlider(t, "c", State);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s",
                       Tr("T(x, y) = среднее яркости в блоке b×b вокруг пикселя − C; белый, если I > T (cv2.adaptiveThreshold, "
                          "THRESH_BINARY)."));
    ImGui::PopStyleColor();
}

void ImageProcessingView::DrawHistogram(float width, float height)
{
    double top = 1.0;
    for (std::int64_t c : Hist) top = std::max(top, static_cast<double>(c));
    const PlotFrame f = BeginPlot("##hist", ImVec2(width, height), PlotRange{-0.5, 255.5, 0.0, top * 1.08},
                                  Tr("Гистограмма и межклассовая дисперсия σ_B²(t)"), PlotFlags_IntegerX);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const int best = OtsuRes ? OtsuRes->Threshold : -1;
    const ImU32 dark = ImGui::GetColorU32(ImGuiCol_PlotHistogram, 0.55f), light = SeriesColor(0, 0.45f);
    for (int v = 0; v < 256; ++v) {
        if (Hist[v] == 0) continue;
        dl->AddRectFilled(f.ToScreen(v - 0.5, 0.0), f.ToScreen(v + 0.5, static_cast<double>(Hist[v])), v <= best ? dark : light);
    }
    if (OtsuRes && OtsuRes->MaxVariance > 0.0) {
        std::vector<double> xs(256), ys(256);
        for (int v = 0; v < 256; ++v) {
            xs[v] = v;
            ys[v] = OtsuRes->BetweenVariance[v] / OtsuRes->MaxVariance * top;
        }
        PlotLine(f, xs, ys, SeriesColor(1), 2.0f);
        PlotVerticalLine(f, best, SeriesColor(1, 0.6f));
        PlotMarker(f, best, top, SeriesColor(1), 5.0f);
        char label[64];
        std::snprintf(label, sizeof label, "t* = %d", best);
        const ImVec2 p = f.ToScreen(best, top);
        dl->AddText(ImVec2(p.x + 8.0f, p.y - 2.0f), ImGui::GetColorU32(ImGuiCol_Text), label);
    }
    PlotVerticalLine(f, State.Otsu.Manual, SeriesColor(2));
    if (f.Hovered) {
        const int t = std::clamp(static_cast<int>(std::lround(f.MouseX)), 0, 255);
        const ThresholdStats s = StatsAtThreshold(Hist, t);
        ImGui::SetTooltip(Tr("t = %d: пикселей со значением t: %lld\nw₀ = %.3f, μ₀ = %.1f; w₁ = %.3f, μ₁ = %.1f\nσ_B² = %.1f"), t,
                          static_cast<long long>(Hist[t]), s.Weight0, s.Mean0, s.Weight1, s.Mean1, s.BetweenVariance);
    }
    EndPlot(f);
}

void ImageProcessingView::DrawOtsu(ViewContext& ctx)
{
    if (!OtsuRes) return;
    const OtsuResult& o = *OtsuRes;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float line = ImGui::GetTextLineHeightWithSpacing(), spacing = ImGui::GetStyle().ItemSpacing.x;
    VarianceFormula(Tr("Отсу:"), o.Threshold, o.Weight0, o.Weight1, o.Mean0, o.Mean1, o.MaxVariance, o.MaxVariance);
    const ThresholdStats m = StatsAtThreshold(Hist, State.Otsu.Manual);
    VarianceFormula(Tr("Ручной:"), State.Otsu.Manual, m.Weight0, m.Weight1, m.Mean0, m.Mean1, m.BetweenVariance, o.MaxVariance);
    ImGui::TextWrapped(Tr("η = σ_B²(t*) / σ² = %.1f / %.1f = %.3f — доля дисперсии, объяснённая разделением на два класса"),
                       o.MaxVariance, o.TotalVariance, o.TotalVariance > 0.0 ? o.MaxVariance / o.TotalVariance : 0.0);
    const float hist_h = std::clamp(avail.y * 0.3f, line * 7.0f, line * 14.0f);
    DrawHistogram(avail.x, hist_h);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(SeriesColor(1)), "%s", Tr("— σ_B²(t), нормирована на максимум"));
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(SeriesColor(2)), "%s", Tr("| ручной порог"));

    // The four pictures: in a row when wide, else two by two.
    const bool row = avail.x >= ImGui::GetFontSize() * 44.0f;
    const int cols = row ? 4 : 2;
    const float w = (avail.x - spacing * (cols - 1)) / cols;
    const float h = std::max(line * 4.0f, (ImGui::GetContentRegionAvail().y - line * (row ? 3.5f : 6.0f)) / (row ? 1 : 2));
    const bool truth = !Src.Ink.Empty();
    char captions[4][160];
    std::snprintf(captions[0], sizeof captions[0], "%s", Tr("Серое изображение"));
    std::snprintf(captions[1], sizeof captions[1], Tr("Отсу, t* = %d"), o.Threshold);
    std::snprintf(captions[2], sizeof captions[2], Tr("Ручной, t = %d"), State.Otsu.Manual);
    std::snprintf(captions[3], sizeof captions[3], Tr("Адаптивный, b = %d, C = %.1f"), State.Otsu.Block, State.Otsu.C);
    ShownImage* shown[4] = {&GrayShown, &OtsuShown, &ManualShown, &AdaptiveShown};
    const double ious[4] = {-1.0, IouOtsu, IouManual, AdaptiveBuilt ? IouAdaptive : -1.0};
    int hx = -1, hy = -1;
    ImageCanvas canvases[4];
    for (int k = 0; k < 4; ++k) {
        if (k % cols) ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::PushID(k);
        canvases[k] = DrawImageCanvas(ctx, "##otsu_img", *shown[k], w, h);
        ImGui::PopID();
        CaptionText(captions[k], w);
        if (truth && ious[k] >= 0.0) {
            char iou[64];
            std::snprintf(iou, sizeof iou, Tr("IoU чернил с разметкой: %.3f"), ious[k]);
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(ious[k] >= 0.8 ? IpGoodColor() : IpBadColor()));
            CaptionText(iou, w);
            ImGui::PopStyleColor();
        } else if (k == 3 && Adaptive && !AdaptiveBuilt) {
            ImGui::ProgressBar(static_cast<float>(Adaptive->Progress()), ImVec2(w, 0.0f), Tr("считается…"));
        }
        ImGui::EndGroup();
        PinPixel(canvases[k]);
        if (canvases[k].HoverX >= 0) {
            hx = canvases[k].HoverX;
            hy = canvases[k].HoverY;
        }
    }
    const bool hovered = hx >= 0;
    if (!hovered && !Pinned(&hx, &hy)) {
        if (truth)
            ImGui::TextWrapped(
                "%s",
                Tr("Чернила — чёрные пиксели (I ≤ порога); IoU сравнивает их с истинной разметкой синтетической страницы."));
        return;
    }
    for (const ImageCanvas& c : canvases) OutlinePixels(c, hx, hy, 1, 1, AccentColor(), 2.0f);
    const int v = Src.Gray.At(hx, hy);
    char text[512];
    int n = std::snprintf(text, sizeof text, Tr("(%d, %d): I = %d\nОтсу: I > %d? %s\nручной: I > %d? %s"), hx, hy, v, o.Threshold,
                          v > o.Threshold ? Tr("да → белый") : Tr("нет → чёрный"), State.Otsu.Manual,
                          v > State.Otsu.Manual ? Tr("да → белый") : Tr("нет → чёрный"));
    if (AdaptiveBuilt && n > 0 && n < static_cast<int>(sizeof text)) {
        const int mean = Adaptive->Mean().At(hx, hy), t = mean - Adaptive->IntegerDelta();
        std::snprintf(text + n, sizeof text - n, Tr("\nадаптивный: T = среднее %d − ceil(C) %d = %d; I > T? %s"), mean,
                      Adaptive->IntegerDelta(), t, v > t ? Tr("да → белый") : Tr("нет → чёрный"));
    }
    if (truth) {
        const std::size_t len = std::char_traits<char>::length(text);
        std::snprintf(text + len, sizeof text - len, Tr("\nразметка: %s"), Src.Ink.At(hx, hy) ? Tr("чернила") : Tr("бумага"));
    }
    if (hovered)
        ImGui::SetTooltip("%s", text);
    else
        ImGui::TextUnformatted(text);
}

} // namespace mlviz
