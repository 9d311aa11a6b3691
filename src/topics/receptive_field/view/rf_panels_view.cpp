// Receptive field: the padding panel ('valid' vs 'same', the zero border drawn; q66) and the
// parameter panel (weights and MACs, filter vs kernel, depthwise separable, conv vs FC; q83,
// q84, q20, q42, q59, q81, q44, q63) for the layer that produces the selected map.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "topics/receptive_field/view/rf_view.h"
#include "ui/theme.h"

namespace mlviz {

namespace {

// "4.3·10⁹" for large numbers, plain digits below 10^6.
std::string SciText(double v)
{
    if (!(v >= 0.0) || v < 1e6) return GroupDigits(static_cast<std::int64_t>(v + 0.5));
    const int e = static_cast<int>(std::floor(std::log10(v)));
    static const char* const kSup[10] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string exp;
    for (const char ch : std::to_string(e)) exp += kSup[ch - '0'];
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f·10", v / std::pow(10.0, e));
    return buf + exp;
}

// Padded input (zeros grey) with the window of output unit (uy, ux), and the output grid;
// clicking an output cell picks the window. Returns false when too large to draw.
bool DrawPaddingDiagram(const char* id, RfPair n, const RfLayer& l, RfPair pad, int& uy, int& ux, float width)
{
    RfPair out{};
    for (int a = 0; a < 2; ++a) out[a] = static_cast<int>(OutputSize(n[a], l.Kernel[a], l.Stride[a], pad[a], l.Dilation[a]));
    if (out[0] < 1 || out[1] < 1) {
        ImGui::TextDisabled("%s", Tr("выход пуст: окно больше входа"));
        return true;
    }
    const int cols = n[1] + 2 * pad[1], rows = n[0] + 2 * pad[0];
    if (cols > 40 || rows > 40) return false;
    const float gap = ImGui::GetFontSize() * 1.6f;
    const float cell = std::clamp(std::min((width - gap) / static_cast<float>(cols + out[1]),
                                           ImGui::GetFontSize() * 16.0f / static_cast<float>(std::max(rows, out[0]))),
                                  3.0f, ImGui::GetFontSize() * 1.2f);
    const float h = cell * static_cast<float>(std::max(rows, out[0]));
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(width, h));
    const bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 grid = ImGui::GetColorU32(ImGuiCol_TextDisabled, 0.5f), accent = AccentColor();
    uy = std::clamp(uy, 0, out[0] - 1);
    ux = std::clamp(ux, 0, out[1] - 1);
    const bool zero_text = cell >= ImGui::GetFontSize() * 0.9f;
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x) {
            const ImVec2 a(p0.x + x * cell, p0.y + y * cell), b(a.x + cell, a.y + cell);
            const bool padding = y < pad[0] || y >= pad[0] + n[0] || x < pad[1] || x >= pad[1] + n[1];
            dl->AddRectFilled(a, b, padding ? IM_COL32(150, 150, 150, 120) : ImGui::GetColorU32(ImGuiCol_FrameBg));
            if (padding && zero_text)
                dl->AddText(ImVec2(a.x + cell * 0.3f, a.y + cell * 0.05f), ImGui::GetColorU32(ImGuiCol_TextDisabled), "0");
            dl->AddRect(a, b, grid);
        }
    dl->AddRect(ImVec2(p0.x + pad[1] * cell, p0.y + pad[0] * cell),
                ImVec2(p0.x + (pad[1] + n[1]) * cell, p0.y + (pad[0] + n[0]) * cell), ImGui::GetColorU32(ImGuiCol_Text, 0.8f),
                0.0f, 0, 1.5f); // the real input inside the zero border
    // Window taps of the chosen unit (padded coordinates: unit u starts at u * s).
    for (int ky = 0; ky < l.Kernel[0]; ++ky)
        for (int kx = 0; kx < l.Kernel[1]; ++kx) {
            const int y = uy * l.Stride[0] + ky * l.Dilation[0], x = ux * l.Stride[1] + kx * l.Dilation[1];
            const ImVec2 a(p0.x + x * cell, p0.y + y * cell);
            dl->AddRectFilled(ImVec2(a.x + 1, a.y + 1), ImVec2(a.x + cell - 1, a.y + cell - 1), AccentColor(0.55f));
        }
    const float ox = p0.x + cols * cell + gap;
    dl->AddText(ImVec2(p0.x + cols * cell + gap * 0.25f, p0.y + h * 0.5f - ImGui::GetFontSize() * 0.5f),
                ImGui::GetColorU32(ImGuiCol_Text), "→");
    for (int y = 0; y < out[0]; ++y)
        for (int x = 0; x < out[1]; ++x) {
            const ImVec2 a(ox + x * cell, p0.y + y * cell), b(a.x + cell, a.y + cell);
            dl->AddRectFilled(a, b, (y == uy && x == ux) ? accent : ImGui::GetColorU32(ImGuiCol_FrameBg));
            dl->AddRect(a, b, grid);
        }
    if (clicked) {
        const ImVec2 mp = ImGui::GetIO().MousePos;
        const int cx = static_cast<int>((mp.x - ox) / cell), cy = static_cast<int>((mp.y - p0.y) / cell);
        if (mp.x >= ox && cx < out[1] && cy >= 0 && cy < out[0]) {
            uy = cy;
            ux = cx;
        }
    }
    return true;
}

} // namespace

void DrawRfPaddingPanel(ReceptiveFieldState& s, const RfModel& m)
{
    const int li = PanelLayer(s, m);
    if (li < 0) return;
    const RfLayer& l = m.Stack.Layers[static_cast<std::size_t>(li)];
    const RfLayerInfo& info = m.Analysis->Layers[static_cast<std::size_t>(li)];
    ImGui::BeginChild("padding_panel", ImVec2(0.0f, 0.0f), false);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text(Tr("Слой %d %s: %s, p = %s"), li + 1, std::string(l.NameView()).c_str(), RfLayerSummary(l).c_str(),
                PairText(l.Padding[0], l.Padding[1]).c_str());
    ImGui::TextDisabled(Tr("выход = floor((n + 2p − d·(k − 1) − 1) / s) + 1, как в torch; вход n = %s"),
                        PairText(info.InSize[0], info.InSize[1]).c_str());
    ImGui::PopTextWrapPos();
    const int same[2] = {SamePadding(l.Kernel[0], l.Dilation[0]), SamePadding(l.Kernel[1], l.Dilation[1])};
    const bool same_ok = same[0] >= 0 && same[1] >= 0 && l.Stride[0] == 1 && l.Stride[1] == 1;
    std::vector<std::vector<std::string>> rows = {{Tr("паддинг"), "p", Tr("выход")}};
    auto row = [&](const char* name, int ph, int pw) {
        const std::int64_t oh = OutputSize(info.InSize[0], l.Kernel[0], l.Stride[0], ph, l.Dilation[0]);
        const std::int64_t ow = OutputSize(info.InSize[1], l.Kernel[1], l.Stride[1], pw, l.Dilation[1]);
        rows.push_back({name, PairText(ph, pw), oh < 1 || ow < 1 ? std::string(Tr("пусто")) : PairText(oh, ow)});
    };
    row("'valid'", 0, 0);
    if (same_ok) row("'same'", same[0], same[1]);
    row(Tr("в этом слое"), l.Padding[0], l.Padding[1]);
    RfTextTable("pad_sizes", rows);
    ImGui::PushTextWrapPos(0.0f);
    if (!same_ok)
        ImGui::TextDisabled("%s", Tr("'same' в torch — только при шаге 1 и чётном d·(k − 1); иначе паддинг несимметричен."));
    ImGui::TextDisabled("%s",
                        Tr("Паддинг не меняет r и j, но сдвигает start на −p·j: поле крайнего нейрона заходит на нули. Нажмите "
                           "на выходную ячейку, чтобы увидеть её окно."));
    ImGui::PopTextWrapPos();

    // Small inputs are drawn as they are; larger ones as a 7×7 stand-in with the same layer.
    const float width = std::max(ImGui::GetContentRegionAvail().x - 4.0f, 80.0f);
    const std::int64_t ke0 = EffectiveKernel(l.Kernel[0], l.Dilation[0]), ke1 = EffectiveKernel(l.Kernel[1], l.Dilation[1]);
    RfPair n = info.InSize;
    if (n[0] > 12 || n[1] > 12) {
        n = {static_cast<int>(std::max<std::int64_t>(7, ke0)), static_cast<int>(std::max<std::int64_t>(7, ke1))};
        ImGui::TextDisabled(Tr("Рисунок — вход %d×%d с тем же слоем:"), n[0], n[1]);
    }
    ImGui::SeparatorText(Tr("'valid': без паддинга"));
    if (!DrawPaddingDiagram("valid", n, l, {0, 0}, s.PadUnitY, s.PadUnitX, width))
        ImGui::TextDisabled("%s", Tr("ядро слишком велико для рисунка"));
    if (same_ok) {
        ImGui::SeparatorText(Tr("'same': нули по краю, размер сохраняется"));
        if (!DrawPaddingDiagram("same", n, l, {same[0], same[1]}, s.PadUnitY, s.PadUnitX, width))
            ImGui::TextDisabled("%s", Tr("ядро слишком велико для рисунка"));
    }
    if (l.Padding[0] != 0 || l.Padding[1] != 0) {
        if (!same_ok || l.Padding[0] != same[0] || l.Padding[1] != same[1]) {
            ImGui::SeparatorText(Tr("паддинг этого слоя"));
            if (!DrawPaddingDiagram("layer", n, l, l.Padding, s.PadUnitY, s.PadUnitX, width))
                ImGui::TextDisabled("%s", Tr("ядро слишком велико для рисунка"));
        }
    }
    ImGui::EndChild();
}

namespace {

// An RGB input, one filter made of C_in = 3 kernels k×k, and the output channels (q84).
void DrawFilterVsKernel(int k, int c_out, float width)
{
    const float font = ImGui::GetFontSize();
    const float h = font * 7.5f;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, h));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 chan[3] = {IM_COL32(230, 80, 80, 200), IM_COL32(90, 200, 90, 200), IM_COL32(90, 130, 240, 200)};
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const float side = std::min(font * 3.6f, width * 0.2f), off = side * 0.16f;
    const float top = p0.y + font * 1.4f;
    // Input: three stacked channel planes.
    for (int c = 2; c >= 0; --c) {
        const ImVec2 a(p0.x + c * off, top + c * off);
        dl->AddRectFilled(a, ImVec2(a.x + side, a.y + side), chan[c]);
        dl->AddRect(a, ImVec2(a.x + side, a.y + side), text);
    }
    dl->AddText(ImVec2(p0.x, p0.y), dim, Tr("вход RGB"));
    // One filter: one k×k kernel per input channel.
    const int kd = std::clamp(k, 1, 7);
    const float ks = std::min(side * 0.8f, font * 2.6f), kx0 = p0.x + width * 0.34f;
    for (int c = 2; c >= 0; --c) {
        const ImVec2 a(kx0 + c * off, top + c * off);
        dl->AddRectFilled(a, ImVec2(a.x + ks, a.y + ks), chan[c]);
        for (int i = 1; i < kd; ++i) {
            const float t = ks * static_cast<float>(i) / static_cast<float>(kd);
            dl->AddLine(ImVec2(a.x + t, a.y), ImVec2(a.x + t, a.y + ks), IM_COL32(0, 0, 0, 90));
            dl->AddLine(ImVec2(a.x, a.y + t), ImVec2(a.x + ks, a.y + t), IM_COL32(0, 0, 0, 90));
        }
        dl->AddRect(a, ImVec2(a.x + ks, a.y + ks), text);
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, Tr("фильтр %d×%d×3"), k, k);
    dl->AddText(ImVec2(kx0, p0.y), dim, buf);
    dl->AddText(ImVec2(kx0, top + ks + 2 * off + font * 0.3f), dim, Tr("= 3 ядра"));
    // Output: one plane per filter.
    const float ox = p0.x + width * 0.68f;
    const int shown = std::min(c_out, 5);
    for (int c = shown - 1; c >= 0; --c) {
        const ImVec2 a(ox + c * off, top + c * off);
        dl->AddRectFilled(a, ImVec2(a.x + side * 0.8f, a.y + side * 0.8f),
                          c == 0 ? AccentColor(0.8f) : ImGui::GetColorU32(ImGuiCol_FrameBgHovered));
        dl->AddRect(a, ImVec2(a.x + side * 0.8f, a.y + side * 0.8f), text);
    }
    std::snprintf(buf, sizeof buf, Tr("выход: %d кан."), c_out);
    dl->AddText(ImVec2(ox, p0.y), dim, buf);
    dl->AddText(ImVec2(p0.x + width * 0.25f, top + side * 0.4f), text, "*");
    dl->AddText(ImVec2(p0.x + width * 0.58f, top + side * 0.4f), text, "→");
}

} // namespace

void DrawRfParamsPanel(const ReceptiveFieldState& s, const RfModel& m)
{
    const int li = PanelLayer(s, m);
    if (li < 0) return;
    const RfLayer& l = m.Stack.Layers[static_cast<std::size_t>(li)];
    const RfLayerInfo& info = m.Analysis->Layers[static_cast<std::size_t>(li)];
    ImGui::BeginChild("params_panel", ImVec2(0.0f, 0.0f), false);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text(Tr("Слой %d %s: %s"), li + 1, std::string(l.NameView()).c_str(), RfLayerSummary(l).c_str());
    if (l.Type != RfLayerType::Conv) {
        ImGui::TextUnformatted(Tr("У пулинга нет обучаемых параметров: max pool берёт максимум окна, avg pool — среднее; каналы "
                                  "не смешиваются, их число не меняется."));
        ImGui::TextDisabled("%s", Tr("Выберите нейрон слоя-свёртки во вкладке «Поле»."));
        ImGui::PopTextWrapPos();
        ImGui::EndChild();
        return;
    }
    const int cin = info.InChannels, cout = info.OutChannels, g = l.Groups;
    const std::int64_t per_filter = static_cast<std::int64_t>(l.Kernel[0]) * l.Kernel[1] * (cin / g);
    ImGui::SeparatorText(Tr("Параметры"));
    ImGui::Text("(k_h·k_w·C_in/g%s)·C_out", l.Bias ? " + 1" : "");
    ImGui::Text("= (%d·%d·%d/%d%s)·%d = %s", l.Kernel[0], l.Kernel[1], cin, g, l.Bias ? " + 1" : "", cout,
                GroupDigits(info.Params).c_str());
    if (!l.Bias) ImGui::TextDisabled("%s", Tr("без смещения: за свёрткой идёт BatchNorm"));
    ImGui::Text("MACs = H_out·W_out·C_out·k_h·k_w·C_in/g = %s", GroupDigits(info.Macs).c_str());

    ImGui::SeparatorText(Tr("Фильтр и ядро (RGB-вход)"));
    const float width = std::max(ImGui::GetContentRegionAvail().x - 4.0f, 80.0f);
    DrawFilterVsKernel(l.Kernel[0], cout, width);
    ImGui::TextDisabled(Tr("Ядро — матрица k×k для одного входного канала; фильтр — C_in ядер (k×k×C_in), даёт один выходной "
                           "канал; в слое C_out фильтров. В этом слое фильтр = %d·%d·%d = %s весов%s."),
                        l.Kernel[0], l.Kernel[1], cin / g, GroupDigits(per_filter).c_str(),
                        g > 1 ? Tr(" (группы: фильтр видит C_in/g каналов)") : "");

    ImGui::SeparatorText(Tr("Обычная vs depthwise separable"));
    const std::int64_t k2 = static_cast<std::int64_t>(l.Kernel[0]) * l.Kernel[1],
                       hw = static_cast<std::int64_t>(info.OutSize[0]) * info.OutSize[1];
    const std::int64_t std_p = k2 * cin * cout, sep_p = k2 * cin + static_cast<std::int64_t>(cin) * cout;
    RfTextTable("sep",
                {{"", Tr("веса"), "MACs"},
                 {Tr("обычная k×k"), GroupDigits(std_p), GroupDigits(std_p * hw)},
                 {"dw k×k + 1×1", GroupDigits(sep_p), GroupDigits(sep_p * hw)}});
    ImGui::Text(Tr("отношение = 1/C_out + 1/k² = %.3f (в %.1f раза меньше)"),
                static_cast<double>(sep_p) / static_cast<double>(std_p), static_cast<double>(std_p) / static_cast<double>(sep_p));
    ImGui::TextDisabled(Tr("Без смещений, для C_in = %d, C_out = %d, выхода %s (MobileNet, q20, q42)."), cin, cout,
                        PairText(info.OutSize[0], info.OutSize[1]).c_str());

    ImGui::SeparatorText(Tr("Свёртка vs полносвязный слой"));
    const double fc = static_cast<double>(info.InSize[0]) * info.InSize[1] * cin * static_cast<double>(hw) * cout;
    ImGui::Text(Tr("FC с тем же входом и выходом: %s весов,"), SciText(fc).c_str());
    ImGui::Text(Tr("в %s раз больше, чем у свёртки"),
                SciText(fc / static_cast<double>(std::max<std::int64_t>(info.Params, 1))).c_str());
    ImGui::TextDisabled("%s",
                        Tr("Свёртка делит веса между позициями и смотрит только на окно k×k; 1×1-свёртка — это FC по каналам в "
                           "каждой точке (q59, q81)."));
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
}

} // namespace mlviz
