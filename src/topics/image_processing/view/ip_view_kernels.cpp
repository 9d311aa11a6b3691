// The kernels tab: a preset or custom kernel convolved with the grey image under a border rule,
// input and output side by side, and the multiply-add sum of the pixel under the pointer.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "topics/image_processing/view/ip_view.h"
#include "ui/controls.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

const char* KernelLabel(KernelPreset p)
{
    switch (p) {
    case KernelPreset::Box: return Tr("Среднее (box)");
    case KernelPreset::Gaussian: return Tr("Гаусс");
    case KernelPreset::Sharpen: return Tr("Резкость");
    case KernelPreset::SobelX: return Tr("Собель по x");
    case KernelPreset::SobelY: return Tr("Собель по y");
    case KernelPreset::Laplacian: return Tr("Лаплас");
    case KernelPreset::Emboss: return Tr("Тиснение");
    case KernelPreset::Custom: return Tr("Своё ядро");
    default: return "?";
    }
}

// A compact weight: integers as integers, else 3 significant digits.
std::string Weight(double w)
{
    char buf[32];
    if (w == std::round(w) && std::fabs(w) < 1e6)
        std::snprintf(buf, sizeof buf, "%.0f", w);
    else
        std::snprintf(buf, sizeof buf, "%.3g", w);
    return buf;
}

void KernelTable(const FilterKernel& k)
{
    if (k.Size > 7) {
        ImGui::TextWrapped(Tr("%dx%d, разделимое: строка × столбец, центр %s"), k.Size, k.Size,
                           Weight(k.At(k.Size / 2, k.Size / 2)).c_str());
        return;
    }
    if (!ImGui::BeginTable("##kernel", k.Size, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame)) return;
    for (int j = 0; j < k.Size; ++j) {
        ImGui::TableNextRow();
        for (int i = 0; i < k.Size; ++i) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(Weight(k.At(i, j)).c_str());
        }
    }
    ImGui::EndTable();
}

} // namespace

void ImageProcessingView::UpdateKernels(const FrameBudget& budget)
{
    if (!Src.Ready()) return;
    if (KernelSrc != Src.Version) KernelOut.Clear(); // a stale picture of another image misleads
    if (KernelSrc != Src.Version || !(KernelFor == State.Kernel)) {
        KernelFor = State.Kernel;
        KernelSrc = Src.Version;
        Conv.reset();
        auto k = MakeKernel(KernelSpecOf(State.Kernel));
        KernelError = k ? Message{} : k.Error();
        if (!k) return;
        Kernel = k.Value();
        auto job = ConvolveJob::Start(Src.GrayF, Kernel, static_cast<BorderMode>(State.Kernel.Border));
        if (!job) {
            KernelError = job.Error();
            return;
        }
        Conv = std::move(job.Value());
        KernelSigned = std::fabs(Kernel.Sum()) < 1e-9;
    }
    if (!Conv || Conv->Done()) return;
    AdvanceJob(*Conv, budget);
    if (!Conv->Done()) return;
    const PlaneF& out = Conv->Output();
    const auto [lo, hi] = std::minmax_element(out.Values.begin(), out.Values.end());
    OutMin = *lo;
    OutMax = *hi;
    KernelScale = static_cast<float>(std::max({std::fabs(OutMin), std::fabs(OutMax), 1e-6}));
    KernelOut.Set(KernelSigned ? SignedRgba(out, KernelScale) : ClippedRgba(out));
}

void ImageProcessingView::DrawKernelControls()
{
    const auto& t = ImageProcessingStateSchema();
    const char* presets[static_cast<int>(KernelPreset::Count)];
    for (int i = 0; i < static_cast<int>(KernelPreset::Count); ++i) presets[i] = KernelLabel(static_cast<KernelPreset>(i));
    FieldCombo(t, "kernel", State, presets);
    const auto preset = static_cast<KernelPreset>(State.Kernel.Preset);
    if (preset == KernelPreset::Box || preset == KernelPreset::Gaussian) FieldSlider(t, "ksize", State);
    if (preset == KernelPreset::Gaussian) FieldSlider(t, "ksigma", State);
    const char* borders[] = {Tr("нули (CONSTANT)"), Tr("повтор (REPLICATE)"), Tr("зеркало (REFLECT_101)")};
    FieldCombo(t, "border", State, borders);
    if (preset != KernelPreset::Custom) {
        Label(Tr("Веса ядра"));
        if (KernelError.Empty() && Kernel.Size > 0) KernelTable(Kernel);
        return;
    }
    // The custom kernel: its size, a fill from a preset, and the weights themselves.
    IpKernelState& k = State.Kernel;
    int size = k.CustomSize;
    if (ImGui::RadioButton("3×3", size == 3)) size = 3;
    ImGui::SameLine();
    if (ImGui::RadioButton("5×5", size == 5)) size = 5;
    if (size != k.CustomSize) {
        std::array<double, 25> w{};
        for (int j = 0; j < size; ++j)
            for (int i = 0; i < size; ++i) {
                const int d = (k.CustomSize - size) / 2, si = i + d, sj = j + d; // keep the centre
                if (si >= 0 && sj >= 0 && si < k.CustomSize && sj < k.CustomSize)
                    w[static_cast<std::size_t>(j * size + i)] = k.Custom[static_cast<std::size_t>(sj * k.CustomSize + si)];
            }
        k.Custom = w;
        k.CustomSize = size;
    }
    Label(Tr("Заполнить из пресета"));
    int fill = -1;
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::Combo("##fill", &fill, presets, static_cast<int>(KernelPreset::Custom)) && fill >= 0) {
        KernelSpec spec;
        spec.Preset = static_cast<KernelPreset>(fill);
        spec.Size = size;
        spec.Sigma = k.Sigma;
        if (auto made = MakeKernel(spec); made && made->Size <= size) {
            k.Custom.fill(0.0);
            const int d = (size - made->Size) / 2;
            for (int j = 0; j < made->Size; ++j)
                for (int i = 0; i < made->Size; ++i) k.Custom[static_cast<std::size_t>((j + d) * size + i + d)] = made->At(i, j);
        }
    }
    Label(Tr("Веса (перетащите или Ctrl+щелчок)"));
    const float cell = (ImGui::GetContentRegionAvail().x - (size - 1) * 2.0f) / size;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(2.0f, 2.0f));
    for (int j = 0; j < size; ++j)
        for (int i = 0; i < size; ++i) {
            if (i > 0) ImGui::SameLine();
            ImGui::PushID(j * size + i);
            ImGui::SetNextItemWidth(cell);
            double& w = k.Custom[static_cast<std::size_t>(j * size + i)];
            const double lo = -kIpCustomWeightMax, hi = kIpCustomWeightMax;
            ImGui::DragScalar("##w", ImGuiDataType_Double, &w, 0.05f, &lo, &hi, "%.3g");
            ImGui::PopID();
        }
    ImGui::PopStyleVar();
    double sum = 0.0;
    for (int i = 0; i < size * size; ++i) sum += k.Custom[static_cast<std::size_t>(i)];
    ImGui::TextWrapped(Tr("Сумма весов %s: %s"), Weight(sum).c_str(),
                       std::fabs(sum) < 1e-9 ? Tr("ноль — выход знаковый (края)") : Tr("яркость умножается на неё"));
}

void ImageProcessingView::DrawKernelBreakdown(int x, int y, float width)
{
    auto b = ExplainConvolution(Src.GrayF, Kernel, static_cast<BorderMode>(State.Kernel.Border), x, y);
    if (!b) return;
    const int n = Kernel.Size, shown = std::min(n, 5), first = (n - shown) / 2;
    ImGui::Text(Tr("Пиксель (%d, %d): I = %.0f; out = Σ K·I = %s"), x, y, Src.GrayF.At(x, y), Weight(b->Sum).c_str());
    if (n > shown) ImGui::TextWrapped(Tr("Ядро %dx%d: %d произведений; ниже — середина 5×5."), n, n, n * n);
    const float cell_w = std::min(width / shown, ImGui::GetFontSize() * 7.0f);
    if (!ImGui::BeginTable("##terms", shown,
                           ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_NoHostExtendX))
        return;
    for (int c = 0; c < shown; ++c) ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthFixed, cell_w);
    const ImVec4 muted = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
    for (int j = first; j < first + shown; ++j) {
        ImGui::TableNextRow();
        for (int i = first; i < first + shown; ++i) {
            ImGui::TableNextColumn();
            const ConvolutionTerm& t = b->Terms[static_cast<std::size_t>(j * n + i)];
            if (!t.Inside) ImGui::PushStyleColor(ImGuiCol_Text, muted);
            ImGui::Text("%s×%.0f", Weight(t.Weight).c_str(), t.Value);
            ImGui::Text("= %s", Weight(t.Product).c_str());
            if (!t.Inside) ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) {
                if (t.SourceX < 0)
                    ImGui::SetTooltip(Tr("(%d, %d) вне изображения: 0 по правилу края"), t.X, t.Y);
                else
                    ImGui::SetTooltip(Tr("(%d, %d) → берётся (%d, %d)"), t.X, t.Y, t.SourceX, t.SourceY);
            }
        }
    }
    ImGui::EndTable();
    ImGui::PushStyleColor(ImGuiCol_Text, muted);
    ImGui::TextWrapped("%s", Tr("Серые клетки — за краем изображения: значение берётся по правилу края."));
    ImGui::PopStyleColor();
}

void ImageProcessingView::DrawKernels(ViewContext& ctx)
{
    if (!KernelError.Empty()) {
        ImGui::TextColored(IpWarnTextColor(), "%s", Tr(KernelError).c_str());
        return;
    }
    if (Kernel.Size <= 0) return;
    const int r = Kernel.Size / 2;
    ImGui::TextWrapped(Tr("out(x, y) = Σ K[j][i] · I(x + i − %d, y + j − %d), ядро %dx%d, сумма весов %s"), r, r, Kernel.Size,
                       Kernel.Size, Weight(Kernel.Sum()).c_str());
    if (Conv && !Conv->Done()) ImGui::ProgressBar(static_cast<float>(Conv->Progress()), ImVec2(-1.0f, 0.0f), Tr("свёртка…"));
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.x, line = ImGui::GetTextLineHeightWithSpacing();
    const float cw = (avail.x - spacing) * 0.5f;
    const float ch = std::max(line * 6.0f, avail.y - line * (std::min(Kernel.Size, 5) * 2.2f + 6.0f));
    ImGui::BeginGroup();
    const ImageCanvas in = DrawImageCanvas(ctx, "##kin", GrayShown, cw, ch);
    CaptionText(Tr("Вход: серый, как cv2.COLOR_BGR2GRAY"), cw);
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    const ImageCanvas out = DrawImageCanvas(ctx, "##kout", KernelOut, cw, ch);
    char caption[160];
    if (KernelSigned)
        std::snprintf(caption, sizeof caption, Tr("Выход: синий < 0 < красный, шкала ±%.0f"), KernelScale);
    else
        std::snprintf(caption, sizeof caption, Tr("Выход: от %.0f до %.0f, показан в 0…255"), OutMin, OutMax);
    CaptionText(caption, cw);
    ImGui::EndGroup();
    PinPixel(in);
    PinPixel(out);
    int x = in.Hovered ? in.HoverX : out.HoverX, y = in.Hovered ? in.HoverY : out.HoverY;
    const bool hovered = x >= 0;
    if (!hovered && !Pinned(&x, &y)) {
        ImGui::TextWrapped("%s",
                           Tr("Наведите на пиксель: ниже появится сумма произведений весов ядра на его окрестность; щелчок "
                              "закрепляет пиксель."));
        return;
    }
    const ImU32 accent = AccentColor();
    OutlinePixels(in, x - r, y - r, Kernel.Size, Kernel.Size, accent, 2.0f);
    OutlinePixels(out, x, y, 1, 1, accent, 2.0f);
    if (hovered && Kernel.Size <= 5) {
        // The sum itself, row by row of the kernel.
        auto b = ExplainConvolution(Src.GrayF, Kernel, static_cast<BorderMode>(State.Kernel.Border), x, y);
        if (b) {
            std::string text;
            for (int j = 0; j < Kernel.Size; ++j) {
                for (int i = 0; i < Kernel.Size; ++i) {
                    const ConvolutionTerm& t = b->Terms[static_cast<std::size_t>(j * Kernel.Size + i)];
                    char term[48];
                    std::snprintf(term, sizeof term, "%s%s·%.0f", (i || j) ? " + " : "  ", Weight(t.Weight).c_str(), t.Value);
                    text += term;
                }
                text += "\n";
            }
            text += "= " + Weight(b->Sum);
            ImGui::SetTooltip("(%d, %d)\n%s", x, y, text.c_str());
        }
    }
    DrawKernelBreakdown(x, y, avail.x);
}

} // namespace mlviz
