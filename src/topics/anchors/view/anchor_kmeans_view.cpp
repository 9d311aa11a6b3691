// Anchors topic, tab "k-means": YOLOv2's dimension clusters. The GT boxes' (w, h) scatter,
// the anchors k-means finds with distance 1 - IoU, and how well they cover the boxes
// compared with hand-set anchors (YOLOv3's nine and the current level's set).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "topics/anchors/view/anchor_view_state.h"
#include "ui/plot.h"

namespace mlviz {

namespace {

void ShapeList(const char* title, const std::vector<AnchorShape>& shapes)
{
    std::string s = title;
    char buf[32];
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        std::snprintf(buf, sizeof(buf), "%s%.0f×%.0f", i == 0 ? " " : ", ", shapes[i].Width, shapes[i].Height);
        s += buf;
    }
    ImGui::TextWrapped("%s", s.c_str());
}

} // namespace

void AnchorsView::DrawKMeansTab()
{
    AnchorKMeansState& k = State.KMeans;
    const float fs = ImGui::GetFontSize();
    if (ImGui::RadioButton(Tr("датасет"), k.UseDataset)) k.UseDataset = true;
    ImGui::SameLine();
    if (ImGui::RadioButton(Tr("рамки сцены"), !k.UseDataset)) k.UseDataset = false;
    ImGui::SameLine();
    ImGui::TextDisabled("%s", Tr("· справа seed"));
    const float w = std::max(fs * 5.0f, (ImGui::GetContentRegionAvail().x - 2.0f * ImGui::GetStyle().ItemSpacing.x) / 3.0f);
    ImGui::BeginDisabled(!k.UseDataset);
    ImGui::SetNextItemWidth(w);
    ImGui::SliderInt("##n", &k.DatasetSize, 20, 3000, Tr("%d рамок"), ImGuiSliderFlags_Logarithmic);
    k.DatasetSize = std::clamp(k.DatasetSize, 20, 3000);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::SliderInt("##k", &k.K, 1, 12, "k = %d");
    k.K = std::clamp(k.K, 1, 12);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::InputInt("##kseed", &k.Seed);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("seed k-means++");
    k.Seed = std::clamp(k.Seed, 0, 1 << 30);
    UpdateKMeans();

    // Scatter of (w, h), y up; axes from 0 so shapes compare by eye.
    double max_w = 16.0, max_h = 16.0;
    for (const AnchorShape& b : KMeans.Boxes) {
        max_w = std::max(max_w, b.Width);
        max_h = std::max(max_h, b.Height);
    }
    for (const AnchorShape& a : KMeans.Fit.Anchors) {
        max_w = std::max(max_w, a.Width);
        max_h = std::max(max_h, a.Height);
    }
    const PlotRange range{0.0, max_w * 1.05, 0.0, max_h * 1.05};
    const float plot_h = std::clamp(ImGui::GetContentRegionAvail().y * 0.55f, fs * 10.0f, fs * 30.0f);
    const PlotFrame f = BeginPlot("##wh", ImVec2(-1.0f, plot_h), range, Tr("ширина × высота рамок, px"));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool fitted = KMeans.Error.Empty() && KMeans.Fit.Assignment.size() == KMeans.Boxes.size();
    for (std::size_t i = 0; i < KMeans.Boxes.size(); ++i)
        PlotMarker(f, KMeans.Boxes[i].Width, KMeans.Boxes[i].Height,
                   fitted ? SeriesColor(KMeans.Fit.Assignment[i], 0.55f) : SeriesColor(9, 0.6f), 2.5f);
    for (const AnchorShape& a : YoloV3Anchors()) {
        const ImVec2 p = f.ToScreen(a.Width, a.Height);
        dl->AddRect(ImVec2(p.x - 5, p.y - 5), ImVec2(p.x + 5, p.y + 5), IM_COL32(255, 255, 255, 200), 0.0f, 0, 1.5f);
    }
    if (fitted) {
        for (std::size_t c = 0; c < KMeans.Fit.Anchors.size(); ++c) {
            const ImVec2 p = f.ToScreen(KMeans.Fit.Anchors[c].Width, KMeans.Fit.Anchors[c].Height);
            dl->AddCircleFilled(p, 7.0f, SeriesColor(static_cast<int>(c)));
            dl->AddCircle(p, 7.0f, IM_COL32(255, 255, 255, 255), 0, 2.0f);
        }
    }
    if (f.Hovered && fitted && !KMeans.Fit.Anchors.empty()) {
        // Which anchor a box of the hovered shape would pick, and how well it fits.
        const AnchorShape probe{std::max(f.MouseX, 1e-3), std::max(f.MouseY, 1e-3)};
        std::size_t best = 0;
        for (std::size_t c = 1; c < KMeans.Fit.Anchors.size(); ++c)
            if (ShapeIoU(probe, KMeans.Fit.Anchors[c]) > ShapeIoU(probe, KMeans.Fit.Anchors[best])) best = c;
        ImGui::SetTooltip(Tr("рамка %.0f×%.0f → якорь %.0f×%.0f, IoU %.3f"), probe.Width, probe.Height,
                          KMeans.Fit.Anchors[best].Width, KMeans.Fit.Anchors[best].Height,
                          ShapeIoU(probe, KMeans.Fit.Anchors[best]));
    }
    EndPlot(f);

    ImGui::PushTextWrapPos(0.0f);
    if (!KMeans.Error.Empty()) {
        ImGui::TextColored(ImVec4(1.0f, 0.42f, 0.38f, 1.0f), "k-means: %s", Tr(KMeans.Error).c_str());
    } else {
        ImGui::Text(Tr("Средний лучший IoU рамки с якорем: k-means (k = %zu) %.3f · YOLOv3, 9 ручных (□) %.3f · текущие якоря "
                       "уровня (%d) %.3f"),
                    KMeans.Fit.Anchors.size(), KMeans.Fit.MeanBestIoU, KMeans.YoloIoU, KMeans.CurrentCount, KMeans.CurrentIoU);
        ImGui::TextDisabled(Tr("%zu рамок, %d итераций%s."), KMeans.Boxes.size(), KMeans.Fit.Iterations,
                            KMeans.Fit.Converged ? Tr(", сошлось") : "");
        ShapeList(Tr("Якоря k-means:"), KMeans.Fit.Anchors);
        if (ImGui::Button(Tr("Взять как якоря уровня"))) {
            AnchorGenState& g = State.Gen;
            g.UseShapes = true;
            g.ShapeCount = std::min<int>(static_cast<int>(KMeans.Fit.Anchors.size()), kAnchorMaxShapes);
            for (int i = 0; i < g.ShapeCount; ++i) {
                g.Shapes[static_cast<std::size_t>(2 * i)] =
                    static_cast<float>(KMeans.Fit.Anchors[static_cast<std::size_t>(i)].Width);
                g.Shapes[static_cast<std::size_t>(2 * i + 1)] =
                    static_cast<float>(KMeans.Fit.Anchors[static_cast<std::size_t>(i)].Height);
            }
            g.Preset = static_cast<int>(MatchPreset::Custom);
        }
    }
    ImGui::TextDisabled("%s",
                        Tr("Расстояние 1 − IoU, а не евклидово: с ним крупные рамки не перетягивают центры, и ошибка не зависит "
                           "от масштаба (YOLOv2, «dimension clusters»). Seed задаёт k-means++ инициализацию."));
    ImGui::PopTextWrapPos();
}

} // namespace mlviz
