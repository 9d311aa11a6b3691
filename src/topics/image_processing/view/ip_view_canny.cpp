// The Canny tab, stage by stage: blur, gradient magnitude, direction bins, non-maximum
// suppression, double threshold, and the hysteresis flood stepped one frontier at a time with the
// shared playback (keys, buttons, scrub). The hover read-out is in ip_view_canny_readout.cpp.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "imgui.h"
#include "topics/image_processing/core/gauss8.h"
#include "topics/image_processing/view/ip_view.h"
#include "ui/controls.h"
#include "ui/playback_bar.h"
#include "ui/plot.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

const char* StageLabel(IpCannyStage s)
{
    switch (s) {
    case IpCannyStage::Blur: return Tr("1. Размытие");
    case IpCannyStage::Gradient: return Tr("2. Модуль градиента");
    case IpCannyStage::Direction: return Tr("3. Направление");
    case IpCannyStage::Nms: return Tr("4. Подавление немаксимумов");
    case IpCannyStage::Threshold: return Tr("5. Двойной порог");
    case IpCannyStage::Hysteresis: return Tr("6. Гистерезис");
    default: return "?";
    }
}

bool SameCannyInputs(const IpCannyState& a, const IpCannyState& b)
{
    return a.Sigma == b.Sigma && a.BlurSize == b.BlurSize && a.Low == b.Low && a.High == b.High && a.L2 == b.L2;
}

void Put(Image& img, std::size_t i, std::uint8_t r, std::uint8_t g, std::uint8_t b)
{
    std::uint8_t* q = &img.Pixels[i * 4];
    q[0] = r;
    q[1] = g;
    q[2] = b;
    q[3] = 255;
}

Image Blank(int w, int h)
{
    Image img;
    img.Width = w;
    img.Height = h;
    img.Pixels.assign(static_cast<std::size_t>(w) * h * 4, 255);
    return img;
}

} // namespace

// The colours of the stage pictures (also the read-out's legend).
const std::array<ImU32, 4>& CannyBinColors()
{
    static const std::array<ImU32, 4> c = {IM_COL32(255, 90, 70, 255), IM_COL32(90, 200, 90, 255), IM_COL32(70, 150, 255, 255),
                                           IM_COL32(240, 200, 40, 255)};
    return c;
}
const ImU32 kCannyStrong = IM_COL32(255, 255, 255, 255), kCannyWeakColor = IM_COL32(230, 160, 40, 255),
            kCannyJoined = IM_COL32(60, 220, 230, 255), kCannyFront = IM_COL32(255, 60, 200, 255);

bool ImageProcessingView::CannyStale() const
{
    return !CannyRun || CannySrc != Src.Version || !SameCannyInputs(CannyFor, State.Canny);
}

void ImageProcessingView::StartCanny()
{
    if (CannySrc != Src.Version)
        for (ShownImage& img : CannyStages) img.Clear(); // pictures of another image would mislead
    CannyFor = State.Canny;
    CannySrc = Src.Version;
    StageBuilt.fill(false);
    LayersCounted = false;
    CannyMaxLayer = 0;
    LayerCounts.clear();
    HystShownStep = -2;
    auto job = CannyJob::Start(Src.Gray, CannySpecOf(State.Canny));
    CannyError = job ? Message{} : job.Error();
    if (job)
        CannyRun = std::move(job.Value());
    else
        CannyRun.reset();
}

bool ImageProcessingView::FinishCanny()
{
    if (!Src.Ready()) return false;
    if (CannyStale()) StartCanny();
    if (!CannyRun) return false;
    CannyRun->RunToEnd();
    CountLayers();
    return true;
}

void ImageProcessingView::CountLayers()
{
    if (LayersCounted || !CannyRun || !CannyRun->Done()) return;
    LayerCounts.clear();
    for (std::int32_t l : CannyRun->Layers()) {
        if (l < 0) continue;
        if (static_cast<std::size_t>(l) >= LayerCounts.size()) LayerCounts.resize(static_cast<std::size_t>(l) + 1, 0);
        ++LayerCounts[static_cast<std::size_t>(l)];
    }
    CannyMaxLayer = std::max(0, static_cast<int>(LayerCounts.size()) - 1);
    if (State.Canny.Step >= CannyMaxLayer) State.Canny.Step = -1; // the end: one encoding of it
    LayersCounted = true;
}

void ImageProcessingView::UpdateCanny(const FrameBudget& budget)
{
    if (!Src.Ready()) return;
    if (CannyStale()) StartCanny();
    if (!CannyRun) return;
    if (!CannyRun->Done()) AdvanceJob(*CannyRun, budget);
    CountLayers();
    const auto stage = static_cast<IpCannyStage>(State.Canny.Stage);
    if (!CannyRun->GradientsDone()) return;
    if (stage != IpCannyStage::Hysteresis && !StageBuilt[State.Canny.Stage]) BuildStageImage(stage);
    const int step = State.Canny.Step < 0 ? CannyMaxLayer : State.Canny.Step;
    if (stage == IpCannyStage::Hysteresis && LayersCounted && HystShownStep != step) {
        HystShownStep = step;
        BuildStageImage(stage);
    }
}

void ImageProcessingView::BuildStageImage(IpCannyStage stage)
{
    const CannyJob& j = *CannyRun;
    const int w = Src.Gray.Width, h = Src.Gray.Height;
    const std::size_t n = static_cast<std::size_t>(w) * h;
    const auto& mag = j.Magnitude();
    MagnitudeMax = std::max(1, *std::max_element(mag.begin(), mag.end()));
    // Brightness ~ sqrt of the magnitude in threshold units (|G| or sqrt of G² for L2).
    const bool l2 = State.Canny.L2;
    const double top = l2 ? std::sqrt(static_cast<double>(MagnitudeMax)) : MagnitudeMax;
    const auto level = [&](std::size_t i) {
        const double m = l2 ? std::sqrt(static_cast<double>(mag[i])) : mag[i];
        return std::sqrt(std::clamp(m / top, 0.0, 1.0));
    };
    Image img = Blank(w, h);
    switch (stage) {
    case IpCannyStage::Blur: img = GrayRgba(j.Blurred()); break;
    case IpCannyStage::Gradient:
        for (std::size_t i = 0; i < n; ++i) {
            const auto v = static_cast<std::uint8_t>(255.0 * level(i));
            Put(img, i, v, v, v);
        }
        break;
    case IpCannyStage::Direction:
        for (std::size_t i = 0; i < n; ++i) {
            const ImU32 c = CannyBinColors()[j.Bins()[i] & 3];
            const double a = level(i);
            Put(img, i, static_cast<std::uint8_t>(((c >> IM_COL32_R_SHIFT) & 0xFF) * a),
                static_cast<std::uint8_t>(((c >> IM_COL32_G_SHIFT) & 0xFF) * a),
                static_cast<std::uint8_t>(((c >> IM_COL32_B_SHIFT) & 0xFF) * a));
        }
        break;
    case IpCannyStage::Nms:
        for (std::size_t i = 0; i < n; ++i) {
            const double a = level(i) * (j.LocalMax()[i] ? 1.0 : 0.18); // suppressed pixels stay faintly visible
            const auto v = static_cast<std::uint8_t>(255.0 * a);
            Put(img, i, v, v, v);
        }
        break;
    case IpCannyStage::Threshold:
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint8_t c = j.ThresholdMap()[i];
            const ImU32 col = c == kCannyEdge ? kCannyStrong : c == kCannyWeak ? kCannyWeakColor : IM_COL32(0, 0, 0, 255);
            Put(img, i, col & 0xFF, (col >> 8) & 0xFF, (col >> 16) & 0xFF);
        }
        break;
    default: {
        const int step = HystShownStep;
        for (std::size_t i = 0; i < n; ++i) {
            const std::int32_t l = j.Layers()[i];
            ImU32 col = IM_COL32(0, 0, 0, 255);
            if (l == 0)
                col = kCannyStrong;
            else if (l > 0 && l < step)
                col = kCannyJoined;
            else if (l > 0 && l == step)
                col = kCannyFront;
            else if (j.ThresholdMap()[i] == kCannyWeak)
                col = IM_COL32(110, 75, 20, 255); // not (yet) reached
            Put(img, i, col & 0xFF, (col >> 8) & 0xFF, (col >> 16) & 0xFF);
        }
        break;
    }
    }
    CannyStages[static_cast<int>(stage)].Set(std::move(img));
    StageBuilt[static_cast<int>(stage)] = true;
}

void ImageProcessingView::ApplyPlayback(const PlaybackInput& in)
{
    const bool acted = in.StepBack || in.StepForward || in.TogglePlay || in.ToStart || in.ToEnd || in.JumpTo >= 0;
    if (acted) {
        if (!FinishCanny()) return; // a key asks for the timeline: finish the flood now (once)
    } else if (!State.Canny.Playing || CannyStale() || !LayersCounted) {
        return;
    }
    const int count = CannyMaxLayer;
    PlaybackState p{State.Canny.Step < 0 ? count : std::min(State.Canny.Step, count), State.Canny.Playing,
                    static_cast<float>(State.Canny.Speed), PlayClock};
    UpdatePlayback(p, count, in);
    State.Canny.Step = p.Step >= count ? -1 : p.Step;
    State.Canny.Playing = p.Playing;
    PlayClock = p.Clock;
}

void ImageProcessingView::DrawCannyControls()
{
    const auto& t = ImageProcessingStateSchema();
    FieldSlider(t, "sigma", State);
    if (State.Canny.Sigma > 0.0) FieldSlider(t, "bsize", State);
    FieldSlider(t, "low", State);
    FieldSlider(t, "high", State);
    FieldCheckbox(t, "l2", State);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s",
                       Tr("После размытия карта краёв совпадает с cv2.Canny(img, low, high, apertureSize=3, L2gradient) пиксель "
                          "в пиксель; σ = 0 — без размытия."));
    ImGui::PopStyleColor();
}

void ImageProcessingView::DrawCannyPlayback()
{
    const int count = CannyMaxLayer;
    const int step = State.Canny.Step < 0 ? count : std::min(State.Canny.Step, count);
    PlaybackInput in;
    const PlaybackState shown{step, State.Canny.Playing, static_cast<float>(State.Canny.Speed), PlayClock};
    DrawPlaybackButtons(shown, in);
    DrawPlaybackScrub(shown, count, Tr("фронт %d"), in);
    FieldSlider(ImageProcessingStateSchema(), "speed", State, "", Tr("скорость %.0f фронт/с"));
    ApplyPlayback(in);
}

void ImageProcessingView::DrawCanny(ViewContext& ctx)
{
    if (!CannyError.Empty()) {
        ImGui::TextColored(IpWarnTextColor(), "%s", Tr(CannyError).c_str());
        return;
    }
    if (!CannyRun) return;
    const CannyJob& j = *CannyRun;
    const auto stage = static_cast<IpCannyStage>(State.Canny.Stage);
    if (ctx.ShowControls) {
        const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
        for (int s = 0; s < static_cast<int>(IpCannyStage::Count); ++s) {
            const char* label = StageLabel(static_cast<IpCannyStage>(s));
            const float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2.0f;
            if (s > 0) {
                ImGui::SameLine(0.0f, 3.0f);
                if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
            }
            ImGui::PushStyleColor(ImGuiCol_Button,
                                  ImGui::GetStyleColorVec4(s == State.Canny.Stage ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
            if (ImGui::SmallButton(label)) State.Canny.Stage = s;
            ImGui::PopStyleColor();
        }
    } else {
        ImGui::TextUnformatted(StageLabel(stage));
    }
    if (!j.Done()) ImGui::ProgressBar(static_cast<float>(j.Progress()), ImVec2(-1.0f, 0.0f), Tr("Канни считается…"));
    if (!j.GradientsDone()) return;
    // What this stage does, with the current numbers.
    const char* norm = State.Canny.L2 ? "√(Gx² + Gy²)" : "|Gx| + |Gy|";
    switch (stage) {
    case IpCannyStage::Blur:
        if (State.Canny.Sigma > 0.0) {
            GaussianBlurSpec g{State.Canny.BlurSize, State.Canny.Sigma, BorderMode::Reflect};
            const auto size = ResolveGaussianSize(g);
            ImGui::TextWrapped(Tr("cv2.GaussianBlur: σ = %.2f, ядро %dx%d, 8 бит с фиксированной точкой"), State.Canny.Sigma,
                               size ? *size : 0, size ? *size : 0);
        } else {
            ImGui::TextWrapped("%s", Tr("σ = 0: без размытия, Собель берёт исходное изображение"));
        }
        break;
    case IpCannyStage::Gradient:
        ImGui::TextWrapped(Tr("Собель 3×3: Gx, Gy; |G| = %s, максимум %.0f; яркость ∝ √|G|"), norm,
                           State.Canny.L2 ? std::sqrt(static_cast<double>(MagnitudeMax)) : MagnitudeMax);
        break;
    case IpCannyStage::Direction:
        ImGui::TextWrapped(
            "%s", Tr("Направление градиента квантуется в 4 сектора по tan 22.5° ≈ 13573/2¹⁵: цвет — сектор, яркость — |G|."));
        for (int b = 0; b < 4; ++b) {
            const char* names[] = {Tr("↔ по x"), Tr("↘ диагональ"), Tr("↕ по y"), Tr("↗ диагональ")};
            if (b) ImGui::SameLine();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(CannyBinColors()[b]), "■ %s", names[b]);
        }
        break;
    case IpCannyStage::Nms: {
        long long kept = 0;
        for (std::uint8_t v : j.LocalMax()) kept += v;
        ImGui::TextWrapped(Tr("Остаётся пиксель, чей |G| больше двух соседей вдоль градиента: %lld из %d (тусклые — подавлены)"),
                           kept, Src.Gray.Width * Src.Gray.Height);
        break;
    }
    case IpCannyStage::Threshold: {
        long long strong = 0, weak = 0;
        for (std::uint8_t c : j.ThresholdMap()) {
            strong += c == kCannyEdge;
            weak += c == kCannyWeak;
        }
        ImGui::TextWrapped(Tr("Сильные (белые): |G| > high = %d: %lld; слабые (оранжевые): low = %d < |G| ≤ high: %lld"),
                           j.HighInt(), strong, j.LowInt(), weak);
        break;
    }
    default:
        if (ctx.ShowControls && LayersCounted) DrawCannyPlayback();
        if (LayersCounted) {
            const int step = State.Canny.Step < 0 ? CannyMaxLayer : State.Canny.Step;
            long long shown = 0;
            for (int l = 0; l <= step && l < static_cast<int>(LayerCounts.size()); ++l) shown += LayerCounts[l];
            ImGui::TextWrapped(Tr("Фронт %d из %d: +%d пикс. (розовые); краёв %lld из %zu. Белые — сильные, голубые — "
                                  "присоединённые, бурые — слабые, до которых поток не дошёл."),
                               step, CannyMaxLayer, step < static_cast<int>(LayerCounts.size()) ? LayerCounts[step] : 0, shown,
                               j.EdgeCount());
        }
        break;
    }
    ShownImage& img = CannyStages[State.Canny.Stage];
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    float panel = ImGui::GetFontSize() * 17.0f;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const bool side = avail.x >= panel * 2.2f;
    const float cw = side ? avail.x - panel - spacing : avail.x;
    const float ch = side ? avail.y : std::max(ImGui::GetFontSize() * 8.0f, avail.y - ImGui::GetFontSize() * 16.0f);
    if (side && !img.Empty()) {
        // A height-bound picture leaves room on its right: the read-out takes it (up to 30 em), so
        // that its lines do not wrap inside numbers.
        const float w = static_cast<float>(img.Rgba.Width), h = static_cast<float>(img.Rgba.Height);
        const float scale = std::min({cw / w, ch / h, 4.0f});
        panel = std::clamp(avail.x - w * scale - spacing, panel, ImGui::GetFontSize() * 30.0f);
    }
    const ImageCanvas c = DrawImageCanvas(ctx, "##canny", img, cw, ch);
    PinPixel(c);
    int x = c.HoverX, y = c.HoverY;
    if (x < 0 && !Pinned(&x, &y)) x = -1;
    if (x >= 0) {
        OutlinePixels(c, x, y, 1, 1, AccentColor(), 2.0f);
        if (auto info = j.Explain(x, y); info && stage >= IpCannyStage::Direction)
            for (const CannyNeighbour& nb : info->Neighbours)
                OutlinePixels(c, nb.X, nb.Y, 1, 1, nb.Passed ? IpGoodColor() : IpBadColor(), 1.5f);
    }
    if (side) ImGui::SameLine();
    ImGui::BeginGroup();
    if (x >= 0)
        DrawCannyReadout(x, y, side ? panel : avail.x);
    else
        ImGui::TextWrapped(
            "%s", Tr("Наведите на пиксель: градиент, его сектор и соседи, с которыми он сравнивался; щелчок закрепляет."));
    if (stage == IpCannyStage::Hysteresis && LayerCounts.size() > 1) {
        // Pixels joined per frontier: the flood fades out.
        std::vector<double> xs, ys;
        for (std::size_t l = 1; l < LayerCounts.size(); ++l) {
            xs.push_back(static_cast<double>(l));
            ys.push_back(static_cast<double>(LayerCounts[l]));
        }
        const double top = *std::max_element(ys.begin(), ys.end());
        const float pw = side ? panel : std::min(avail.x, panel * 1.5f);
        const PlotFrame f =
            BeginPlot("##fronts", ImVec2(pw, ImGui::GetFontSize() * 8.0f), PlotRange{0.5, xs.back() + 0.5, 0.0, top * 1.1},
                      Tr("Пикселей на фронт"), PlotFlags_IntegerX);
        PlotLine(f, xs, ys, SeriesColor(0), 1.5f);
        const int step = State.Canny.Step < 0 ? CannyMaxLayer : State.Canny.Step;
        if (step > 0) PlotVerticalLine(f, step, SeriesColor(1));
        EndPlot(f);
    }
    ImGui::EndGroup();
}

} // namespace mlviz
