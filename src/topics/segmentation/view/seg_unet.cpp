// Segmentation view, the U-Net tab (q25): feature-map sizes of the original unpadded U-Net
// (572 -> 388, copy-and-crop) or the padded variant, drawn as the U with its crops, which input
// sizes are valid, and what skip connections carry on a fixed hand-built encoder-decoder.
#include <algorithm>
#include <cmath>

#include "core/i18n.h"
#include "topics/segmentation/view/seg_view.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

Image OutputImage(const std::vector<int>& labels, int w, int h)
{
    LabelMap map = LabelMap::Filled(w, h, kSegVoid);
    for (std::size_t i = 0; i < map.Size() && i < labels.size(); ++i)
        map.Class[i] = labels[i] >= 0 && labels[i] < kSegNumClasses ? static_cast<std::uint8_t>(labels[i]) : kSegVoid;
    return SegLabelImage(map, SegColoring::Semantic);
}

void Arrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col)
{
    dl->AddLine(a, b, col, 2.0f);
    const float dx = b.x - a.x, dy = b.y - a.y, len = std::max(1e-3f, std::sqrt(dx * dx + dy * dy));
    const float ux = dx / len, uy = dy / len, s = 6.0f;
    dl->AddTriangleFilled(b, ImVec2(b.x - ux * s * 1.6f - uy * s, b.y - uy * s * 1.6f + ux * s),
                          ImVec2(b.x - ux * s * 1.6f + uy * s, b.y - uy * s * 1.6f - ux * s), col);
}

// The U: encoder levels down the left, the decoder up the right, skips across with their crop.
void UDiagram(const UnetShapes& u, const UnetConfig& c, float width)
{
    const int d = static_cast<int>(u.Levels.size()) - 1;
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float row_h = line * 2.4f;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float height = row_h * static_cast<float>(d + 1) + line;
    ImGui::Dummy(ImVec2(width, height));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float box_w = std::min(ImGui::GetFontSize() * 9.0f, width * 0.22f),
                step_x = std::min((width * 0.5f - box_w) / std::max(d, 1), box_w * 0.55f);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), frame = ImGui::GetColorU32(ImGuiCol_FrameBg),
                border = ImGui::GetColorU32(ImGuiCol_Border);
    auto box = [&](ImVec2 p, const char* a, const char* b, ImU32 fill) {
        const ImVec2 q(p.x + box_w, p.y + row_h - line * 0.4f);
        dl->AddRectFilled(p, q, fill, 3.0f);
        dl->AddRect(p, q, border, 3.0f);
        dl->AddText(ImVec2(p.x + 4.0f, p.y + 2.0f), text, a);
        dl->AddText(ImVec2(p.x + 4.0f, p.y + 2.0f + ImGui::GetTextLineHeight()), text, b);
    };
    char a[256], b[128];
    for (int l = 0; l <= d; ++l) {
        const UnetLevel& lv = u.Levels[l];
        const float y = o.y + l * row_h;
        const ImVec2 enc(o.x + l * step_x, y), dec(o.x + width - box_w - l * step_x, y);
        if (l < d) {
            std::snprintf(a, sizeof a, "%d² → %d²", lv.EncoderIn, lv.EncoderOut);
            std::snprintf(b, sizeof b, Tr("%d кан."), lv.Channels);
            box(enc, a, b, frame);
            std::snprintf(a, sizeof a, "↑ %d² → %d²", lv.UpSize, lv.DecoderOut);
            std::snprintf(b, sizeof b, Tr("%d кан."), lv.Channels);
            box(dec, a, b, frame);
            // Skip: copy (and crop) across.
            const float sy = y + row_h * 0.35f;
            Arrow(dl, ImVec2(enc.x + box_w, sy), ImVec2(dec.x, sy), AccentColor(0.9f));
            if (c.Padded)
                std::snprintf(a, sizeof a, Tr("копия %d² (без обрезки)"), lv.EncoderOut);
            else
                std::snprintf(a, sizeof a, Tr("копия %d² → обрезка по %d с каждой стороны → %d²"), lv.EncoderOut, lv.CropEachSide,
                              lv.UpSize);
            ImVec2 ts = ImGui::CalcTextSize(a);
            if (ts.x > dec.x - enc.x - box_w - 8.0f) { // a short label where the U narrows
                if (c.Padded)
                    std::snprintf(a, sizeof a, "%d²", lv.EncoderOut);
                else
                    std::snprintf(a, sizeof a, "−%d: %d² → %d²", lv.CropEachSide, lv.EncoderOut, lv.UpSize);
                ts = ImGui::CalcTextSize(a);
            }
            dl->AddText(ImVec2((enc.x + box_w + dec.x - ts.x) * 0.5f, sy - ts.y - 1.0f), text, a);
            // Max pool down, up-convolution up.
            const float next_y = o.y + (l + 1) * row_h;
            Arrow(dl, ImVec2(enc.x + box_w * 0.3f, y + row_h - line * 0.4f), ImVec2(enc.x + step_x + box_w * 0.3f, next_y),
                  SegBadColor(0.9f));
            Arrow(dl, ImVec2(dec.x - step_x + box_w * 0.7f, next_y), ImVec2(dec.x + box_w * 0.7f, y + row_h - line * 0.4f),
                  SegGoodColor(0.9f));
        } else {
            std::snprintf(a, sizeof a, "%d² → %d²", lv.EncoderIn, lv.DecoderOut);
            std::snprintf(b, sizeof b, Tr("дно, %d кан."), lv.Channels);
            box(ImVec2(o.x + width * 0.5f - box_w * 0.5f, y), a, b, AccentColor(0.25f));
        }
    }
    std::snprintf(a, sizeof a, Tr("↓ max pool 2×2 (красные), ↑ up-conv 2×2 (зелёные); выход 1×1: %d² × %d классов"), u.OutputSize,
                  c.Classes);
    dl->AddText(ImVec2(o.x, o.y + height - line), text, a);
}

void StepsList(const UnetShapes& u)
{
    ImGui::PushTextWrapPos(0.0f);
    for (std::size_t i = 0; i < u.Steps.size(); ++i) {
        const UnetStep& st = u.Steps[i];
        const bool failed = static_cast<int>(i) == u.FailedStep;
        const char* op = st.Op == UnetOp::Conv3x3 ? "conv 3×3"
            : st.Op == UnetOp::MaxPool            ? "max pool 2×2"
            : st.Op == UnetOp::UpConv             ? "up-conv 2×2"
            : st.Op == UnetOp::CopyCrop           ? "copy & crop"
                                                  : "conv 1×1";
        const std::string t = FormatString(Tr("уровень %d %s: %s %d → %d"), st.Level, st.Decoder ? Tr("декодер") : Tr("энкодер"),
                                           op, st.InSize, st.OutSize);
        if (failed)
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(SegBadColor()), "%s", t.c_str());
        else
            ImGui::TextDisabled("%s", t.c_str());
    }
    ImGui::PopTextWrapPos();
}

} // namespace

void DrawSegUnetTab(SegmentationState& s, SegModel& m, ViewContext& ctx)
{
    const UnetConfig c = SegUnetConfig(s);
    const float avail = ImGui::GetContentRegionAvail().x;
    ImGui::SeparatorText(Tr("Размеры карт признаков"));
    if (!m.Unet) return;
    const UnetShapes& u = *m.Unet;
    const int d = c.Depth, k = c.ConvsPerLevel, p2 = 1 << d;
    if (u.Valid) {
        UDiagram(u, c, avail);
        ImGui::Text(
            Tr("Вход %d → выход %d: по краю теряется %d пикселей с каждой стороны (контекст, который выход не покрывает)"),
            c.InputSize, u.OutputSize, u.BorderEachSide);
    } else {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(SegBadColor()), Tr("Вход %d не подходит: %s"), c.InputSize,
                           Tr(u.Problem).c_str());
        StepsList(u);
    }
    ImGui::PushTextWrapPos(0.0f);
    if (!c.Padded) {
        const int b = (c.InputSize - 2 * k * (p2 - 1)) / p2;
        ImGui::Text(Tr("Без padding: вход = 2^%d·b + 2·%d·(2^%d − 1) = %d·b + %d, где b — вход дна (для 572: b = 32); выход = "
                       "%d·(b − %d) − %d."),
                    d, k, d, p2, 2 * k * (p2 - 1), p2, 2 * k, 2 * k * (p2 - 1));
        if (u.Valid) ImGui::TextDisabled(Tr("Здесь b = %d."), b);
    } else {
        ImGui::Text(
            Tr("С padding=1 свёртки размер не меняют: вход должен делиться на 2^%d = %d, выход равен входу, обрезка не нужна."),
            d, p2);
    }
    ImGui::PopTextWrapPos();
    const int lo = std::max(1, c.InputSize - 120), hi = std::min(kUnetMaxInput, c.InputSize + 120);
    const std::vector<int> valid = ValidUnetInputs(c, lo, hi);
    ImGui::Text(Tr("Допустимые входы в [%d, %d]:"), lo, hi);
    for (std::size_t i = 0; i < valid.size() && i < 24; ++i) {
        ImGui::SameLine();
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton(std::to_string(valid[i]).c_str())) s.UnetInput = valid[i];
        ImGui::PopID();
        if (ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 3.0f) ImGui::NewLine();
    }
    if (valid.empty()) ImGui::TextDisabled("%s", Tr("нет"));

    ImGui::SeparatorText(Tr("Что несут skip-соединения (ручной энкодер-декодер, не обученная сеть)"));
    if (!m.Skip) {
        ImGui::TextColored(ImVec4(1.0f, 0.4f, 0.4f, 1.0f), "%s", Tr(m.SkipError).c_str());
        return;
    }
    const SkipDemoResult& r = *m.Skip;
    const float sp = ImGui::GetStyle().ItemSpacing.x;
    // Both pictures in what is left of the panel, leaving room for the numbers below them.
    const float room_h = ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() * 6.0f;
    const float w = std::clamp(room_h * r.Width / std::max(1, r.Height), ImGui::GetFontSize() * 8.0f,
                               std::max(ImGui::GetFontSize() * 8.0f, (avail - sp) * 0.5f));
    const ImTextureID in_tex =
        SegTextureOf(ctx, m.SkipIn, m.SceneVersion, [&] { return SegLabelImage(m.TheScene.Full, SegColoring::Semantic); });
    const std::uint64_t key =
        m.SceneVersion * 4096 + static_cast<std::uint64_t>(s.Skips * 16 + s.SkipDepth * 2 + (s.Bilinear ? 1 : 0));
    const ImTextureID out_tex = SegTextureOf(ctx, m.SkipOut, key, [&] { return OutputImage(r.Output, r.Width, r.Height); });
    ImGui::BeginGroup();
    DrawSegCanvas("##skip_in", in_tex, r.Width, r.Height, w, Tr("Вход: метки сцены (one-hot)"));
    ImGui::EndGroup();
    ImGui::SameLine();
    ImGui::BeginGroup();
    const std::string caption =
        FormatString(Tr("Выход: argmax декодера, skip включены: %d из %d"),
                     __builtin_popcount(static_cast<unsigned>(s.Skips) & ((1u << s.SkipDepth) - 1)), s.SkipDepth);
    DrawSegCanvas("##skip_out", out_tex, r.Width, r.Height, w, caption.c_str());
    ImGui::EndGroup();
    ImGui::Text(Tr("mIoU выхода с входом: %s; Boundary F1 (допуск 1 клетка): %s"), SegNumber(r.Metrics.MeanIou).c_str(),
                SegNumber(r.Boundary.MeanF1).c_str());
    std::string energy;
    for (std::size_t l = 0; l < r.DetailEnergy.size(); ++l)
        energy += FormatString("  L%d %dx%d: %.3f%s", static_cast<int>(l), r.LevelWidth[l], r.LevelHeight[l], r.DetailEnergy[l],
                               (s.Skips >> l) & 1 ? "" : " (off)");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text(Tr("Деталь, которую добавляет skip уровня (среднее |энкодер − апсемплинг грубее|):%s"), energy.c_str());
    ImGui::TextDisabled("%s",
                        Tr("Энкодер усредняет 2×2 на каждом уровне; декодер апсемплирует и, где skip включён, прибавляет то, что "
                           "пулинг убрал на этом уровне. Со всеми skip выход в точности равен входу; без них — размытое дно, и "
                           "тонкие объекты (ноги людей, дальние машины) пропадают."));
    ImGui::PopTextWrapPos();
}

} // namespace mlviz
