// CNN building blocks view, q38: a 3-D kernel sliding over time on the moving-square clip, beside
// the same clip convolved frame by frame with a 2-D kernel; shapes, parameters and FLOPs of a
// real video layer as 3-D, 2-D per frame and (2+1)-D. Recomputed only when the inputs change.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "topics/conv_blocks/view/conv_blocks_view.h"
#include "ui/controls.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

struct ClipInputs {
    int K3 = 0, Kt = 0, K = 0, K2 = 0;
    int LIn = 0, LOut = 0, LT = 0, LSide = 0, LKt = 0, LK = 0;
    bool operator==(const ClipInputs&) const = default;
};

bool SameClip(const MovingSquareClip& a, const MovingSquareClip& b)
{
    return a.Frames == b.Frames && a.Height == b.Height && a.Width == b.Width && a.Size == b.Size && a.X0 == b.X0 &&
        a.Y0 == b.Y0 && a.Vx == b.Vx && a.Vy == b.Vy;
}

ClipInputs InputsOf(const ConvBlocksState& s)
{
    return {s.Kernel3d, s.KernelT, s.KernelK, s.Kernel2d, s.LayerIn, s.LayerOut, s.LayerT, s.LayerSide, s.LayerKt, s.LayerK};
}

double MaxAbs(const std::vector<double>& v)
{
    double m = 0.0;
    for (double x : v) m = std::max(m, std::fabs(x));
    return m;
}

} // namespace

struct Conv3dPanel::Impl {
    ClipInputs BuiltFor;
    MovingSquareClip BuiltClip;
    bool Built = false;
    std::string Error;
    Grid4 Clip;            // 1×T×H×W
    Grid5 Kernel3;         // 1×1×kt×k×k
    Grid4 Kernel2;         // 1×1×k×k
    Grid4 Y3, Y3Other, Y2; // 3-D output, the same with the opposite motion kernel, 2-D per frame
    std::optional<Conv3dGeometry> Full, PerFrame;
    std::optional<R2Plus1dFactorisation> Factor;
};

Conv3dPanel::Conv3dPanel() : P(std::make_unique<Impl>()) {}
Conv3dPanel::~Conv3dPanel() = default;

void Conv3dPanel::Update(const ConvBlocksState& s)
{
    Impl& d = *P;
    const ClipInputs in = InputsOf(s);
    if (d.Built && SameClip(s.Clip, d.BuiltClip) && in == d.BuiltFor) return;
    d = Impl{};
    d.Built = true;
    d.BuiltFor = in;
    d.BuiltClip = s.Clip;
    Conv3dSpec spec;
    spec.Padding = {0, s.KernelK / 2, s.KernelK / 2};
    spec.Bias = false;
    const auto kind = static_cast<ClipKernel3d>(s.Kernel3d);
    const auto other = kind == ClipKernel3d::MotionRight ? ClipKernel3d::MotionLeft : ClipKernel3d::MotionRight;
    auto clip = MakeMovingSquare(s.Clip);
    auto k3 = MakeClipKernel3d(kind, s.KernelT, s.KernelK);
    auto k3o = MakeClipKernel3d(other, s.KernelT, s.KernelK);
    auto k2 = MakeClipKernel2d(static_cast<ClipKernel2d>(s.Kernel2d), s.KernelK);
    if (!clip || !k3 || !k2 || !k3o) {
        d.Error = Tr(!clip ? clip.Error() : !k3 ? k3.Error() : !k3o ? k3o.Error() : k2.Error());
    } else {
        auto y3 = Conv3dForward(*clip, *k3, {}, spec);
        auto y3o = Conv3dForward(*clip, *k3o, {}, spec);
        auto y2 = Conv2dPerFrame(*clip, *k2, {}, spec);
        if (!y3 || !y2 || !y3o) {
            d.Error = Tr(!y3 ? y3.Error() : !y3o ? y3o.Error() : y2.Error());
        } else {
            d.Clip = std::move(*clip), d.Kernel3 = std::move(*k3), d.Kernel2 = std::move(*k2);
            d.Y3 = std::move(*y3), d.Y3Other = std::move(*y3o), d.Y2 = std::move(*y2);
        }
    }
    Conv3dSpec layer;
    layer.Padding = {s.LayerKt / 2, s.LayerK / 2, s.LayerK / 2};
    const auto full =
        Conv3dGeometryOf(s.LayerIn, {s.LayerT, s.LayerSide, s.LayerSide}, s.LayerOut, {s.LayerKt, s.LayerK, s.LayerK}, layer);
    const auto frame =
        Conv2dPerFrameGeometry(s.LayerIn, {s.LayerT, s.LayerSide, s.LayerSide}, s.LayerOut, s.LayerK, s.LayerK, layer);
    if (full) {
        d.Full = *full;
        if (auto f = FactoriseR2Plus1d(*full)) d.Factor = *f;
    }
    if (frame) d.PerFrame = *frame;
}

int Conv3dPanel::TimelineCount() const
{
    return P->Y3.Values.empty() ? 0 : P->Y3.Dim(1);
}

void Conv3dPanel::DrawControls(ConvBlocksState& s)
{
    const auto& t = ConvBlocksStateSchema();
    ImGui::SeparatorText(Tr("Клип"));
    for (const char* key : {"frames", "side", "sq", "vx", "vy", "x0", "y0"}) FieldSlider(t, key, s);
    ImGui::SeparatorText(Tr("Ядра"));
    const char* const k3[] = {Tr("движение вправо"), Tr("движение влево"), Tr("разность кадров")};
    const char* const k2[] = {Tr("размытие (box)"), Tr("вертикальные границы")};
    FieldCombo(t, "k3", s, k3);
    FieldSlider(t, "kt", s);
    FieldSlider(t, "ks", s);
    FieldCombo(t, "k2", s, k2);
    ImGui::SeparatorText(Tr("Слой видео-сети"));
    for (const char* key : {"l_in", "l_out", "l_t", "l_side", "l_kt", "l_k"}) FieldSlider(t, key, s);
}

void Conv3dPanel::Draw(const ViewContext& ctx, ConvBlocksState& s)
{
    (void)ctx;
    const Impl& d = *P;
    if (!d.Error.empty()) {
        ErrorText(d.Error);
        return;
    }
    const int T = d.Clip.Dim(1), H = d.Clip.Dim(2), W = d.Clip.Dim(3), Tout = d.Y3.Dim(1);
    const int kt = d.Kernel3.Dim(2), k = d.Kernel3.Dim(3);
    const int shown = s.Step < 0 ? Tout - 1 : std::min(s.Step, Tout - 1);
    const float font = ImGui::GetFontSize(), gap = font * 0.4f, label_w = font * 8.5f;
    const float avail = ImGui::GetContentRegionAvail().x - label_w;
    const float px = std::clamp((avail / T - gap) / W, 1.5f, 8.0f);
    const float fw = px * W, fh = px * H, kpx = std::min(px * 2.0f, fw / std::max(1, k));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const float x0 = top.x + label_w;
    const auto column = [&](double t) { return x0 + static_cast<float>(t) * (fw + gap); };
    const double s3 = std::max(1e-9, MaxAbs(d.Y3.Values)), s2 = std::max(1e-9, MaxAbs(d.Y2.Values));
    const auto frame = [&](float x, float y, int rows, int cols, float cell, auto value, auto colour) {
        for (int i = 0; i < rows; ++i)
            for (int j = 0; j < cols; ++j)
                dl->AddRectFilled(ImVec2(x + j * cell, y + i * cell), ImVec2(x + (j + 1) * cell, y + (i + 1) * cell),
                                  colour(value(i, j)));
        dl->AddRect(ImVec2(x - 1, y - 1), ImVec2(x + cols * cell + 1, y + rows * cell + 1), ImGui::GetColorU32(ImGuiCol_Border));
    };
    const auto label = [&](float y, const char* text) {
        ImGui::SetCursorScreenPos(ImVec2(top.x, y));
        ImGui::PushTextWrapPos(top.x + label_w - gap);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
    };
    const float row_gap = font * 0.8f, ksz = kpx * k;
    const float y_in = top.y, y_k = y_in + fh + row_gap, y_3 = y_k + ksz + row_gap, y_2 = y_3 + fh + row_gap;
    // Input frames, the 3-D kernel's slices under the frames it reads, the outputs under their centre frame.
    label(y_in, Tr("Клип X: кадры t"));
    for (int t = 0; t < T; ++t) {
        frame(
            column(t), y_in, H, W, px, [&](int i, int j) { return d.Clip(0, t, i, j); }, [](double v) { return HeatColor(v); });
        if (t >= shown && t < shown + kt)
            dl->AddRect(ImVec2(column(t) - 3, y_in - 3), ImVec2(column(t) + fw + 3, y_in + fh + 3), HighlightColor(1), 0, 0,
                        2.0f);
    }
    label(y_k, Tr("3D-ядро k_t×k×k"));
    for (int a = 0; a < kt; ++a) {
        const float x = column(shown + a) + (fw - ksz) * 0.5f;
        frame(
            x, y_k, k, k, kpx, [&](int i, int j) { return d.Kernel3(0, 0, a, i, j); },
            [](double v) { return ValueColor(v, 1.0); });
    }
    label(y_3, Tr("3D-свёртка: Y[t']"));
    const double centre = (kt - 1) * 0.5;
    ImGui::SetCursorScreenPos(ImVec2(x0, y_3));
    ImGui::InvisibleButton("##y3", ImVec2(std::max(1.0f, column(T) - x0), fh));
    const bool hover = ImGui::IsItemHovered();
    for (int t = 0; t < Tout; ++t) {
        const float x = column(t + centre);
        if (s.Step >= 0 && t > s.Step) {
            dl->AddRect(ImVec2(x, y_3), ImVec2(x + fw, y_3 + fh), ImGui::GetColorU32(ImGuiCol_Border));
            continue;
        }
        frame(
            x, y_3, H, W, px, [&](int i, int j) { return d.Y3(0, t, i, j); }, [&](double v) { return ValueColor(v, s3); });
        if (t == shown) dl->AddRect(ImVec2(x - 3, y_3 - 3), ImVec2(x + fw + 3, y_3 + fh + 3), HighlightColor(0), 0, 0, 2.0f);
        const ImVec2 m = ImGui::GetIO().MousePos;
        if (hover && m.x >= x && m.x < x + fw && m.y >= y_3 && m.y < y_3 + fh) {
            const int j = static_cast<int>((m.x - x) / px), i = static_cast<int>((m.y - y_3) / px);
            ImGui::SetTooltip(Tr("Y[t'=%d, %d, %d] = %s: кадры %d…%d, окно %d×%d"), t, i, j, Num(d.Y3(0, t, i, j)).c_str(), t,
                              t + kt - 1, k, k);
            for (int a = 0; a < kt; ++a)
                dl->AddRect(ImVec2(column(t + a) + (j - k / 2) * px, y_in + (i - k / 2) * px),
                            ImVec2(column(t + a) + (j + k / 2 + 1) * px, y_in + (i + k / 2 + 1) * px), HighlightColor(0), 0, 0,
                            2.0f);
            if (ImGui::IsItemClicked()) s.Step = t, s.Playing = false;
        }
    }
    label(y_2, Tr("2D по кадрам"));
    for (int t = 0; t < T; ++t)
        frame(
            column(t), y_2, H, W, px, [&](int i, int j) { return d.Y2(0, t, i, j); },
            [&](double v) { return ValueColor(v, s2); });
    ImGui::SetCursorScreenPos(ImVec2(top.x, y_2 + fh + row_gap));

    ImGui::PushTextWrapPos(0.0f);
    double peak_other = MaxAbs(d.Y3Other.Values);
    ImGui::Text(Tr("X: 1×%d×%d×%d ⋆ W: 1×1×%d×%d×%d (отступ 0 по времени, %d по пространству) → Y: 1×%d×%d×%d,  T' = T − k_t + 1 "
                   "= %d − %d + 1 = %d"),
                T, H, W, kt, k, k, k / 2, Tout, H, W, T, kt, Tout);
    if (s.Kernel3d != static_cast<int>(ClipKernel3d::TemporalDifference))
        ImGui::Text(Tr("Пик отклика 3D-ядра: %s; ядра противоположного направления: %s. 2D-ядро видит кадры по одному: его выход "
                       "не зависит от направления движения."),
                    Num(s3).c_str(), Num(peak_other).c_str());
    else
        ImGui::Text(Tr("Разность кадров: отклик %s там, где квадрат сдвинулся; 2D-ядро движения не видит."), Num(s3).c_str());
    ImGui::PopTextWrapPos();

    ImGui::SeparatorText(Tr("Стоимость слоя (ядро k_t×k×k, отступ «same», без групп)"));
    if (!d.Full || !d.PerFrame) {
        ImGui::TextDisabled("%s", Tr("Слой с такими размерами не считается: выход пуст."));
        return;
    }
    const auto shape = [](const Conv3dGeometry& g) {
        return std::to_string(g.O) + "×" + std::to_string(g.Out[0]) + "×" + std::to_string(g.Out[1]) + "×" +
            std::to_string(g.Out[2]);
    };
    const auto row = [&](const char* name, const std::string& kernel, const std::string& out, std::int64_t params,
                         std::int64_t macs) {
        return std::vector<std::string>{name, kernel, out, Thousands(params), Short(double(macs)), Short(2.0 * macs)};
    };
    std::vector<std::vector<std::string>> rows = {
        {Tr("Свёртка"), Tr("Ядро"), Tr("Выход"), Tr("Параметры"), Tr("MACs"), Tr("FLOPs")}};
    const Conv3dGeometry& f = *d.Full;
    const std::string kk = std::to_string(f.Kernel[1]) + "×" + std::to_string(f.Kernel[2]);
    rows.push_back(row("3D", std::to_string(f.Kernel[0]) + "×" + kk, shape(f), f.Params(), f.Macs()));
    rows.push_back(row(Tr("2D по кадрам"), "1×" + kk, shape(*d.PerFrame), d.PerFrame->Params(), d.PerFrame->Macs()));
    if (d.Factor)
        rows.push_back(row("(2+1)D", "1×" + kk + " → " + std::to_string(f.Kernel[0]) + "×1×1", shape(d.Factor->Temporal),
                           d.Factor->Params(), d.Factor->Macs()));
    TextTable("##layer", rows);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(Tr("Параметры 3D = C_out·C_in·k_t·k² + C_out = %s; FLOPs = 2·MACs = 2·C_out·T'·H'·W'·C_in·k_t·k²."),
                        Thousands(f.Params()).c_str());
    if (d.Factor)
        ImGui::TextDisabled(Tr("(2+1)D (Tran et al., 2018): M = floor(k_t·k²·C_in·C_out / (k²·C_in + k_t·C_out)) = %d "
                               "промежуточных каналов — параметров почти столько же, но две нелинейности вместо одной."),
                            d.Factor->Mid);
    ImGui::PopTextWrapPos();
}

} // namespace mlviz
