// Classical detectors, keypoints tab (q12): ORB and SIFT on the same grey photo and on a copy
// under a known rotation, scale, blur, noise or brightness change (core/compare.h); matches drawn
// correct or wrong under the known homography, repeatability and time per detector measured.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "topics/classical_detectors/view/cd_view.h"
#include "ui/controls.h"
#include "ui/image_textures.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

bool SameCompare(const CompareOptions& a, const CompareOptions& b)
{
    return a.Transform.Kind == b.Transform.Kind && a.Transform.Amount == b.Transform.Amount &&
        a.Transform.Seed == b.Transform.Seed && a.Orb.Features == b.Orb.Features && a.Orb.FastThreshold == b.Orb.FastThreshold &&
        a.Sift.ContrastThreshold == b.Sift.ContrastThreshold && a.Ratio == b.Ratio && a.Eps == b.Eps;
}

ImU32 OrbColor()
{
    return IM_COL32(255, 150, 0, 255);
}
ImU32 SiftColor()
{
    return IM_COL32(0, 190, 255, 255);
}

} // namespace

void ClassicalDetectorsView::UpdateKeypoints()
{
    const CompareOptions want = CdCompareOptions(State);
    if (!CompareError.empty() && (!SameCompare(want, CompareFor) || ComparePhoto != PhotoVersion)) CompareError.clear();
    if (!Compare && (!Finished || ComparePhoto != PhotoVersion || !SameCompare(want, CompareFor)) && CompareError.empty()) {
        auto job = CompareJob::Start(Grey, want, Finished ? &*Finished : nullptr);
        if (job)
            Compare.emplace(std::move(job.Value()));
        else
            CompareError = Tr(job.Error());
        CompareFor = want;
        ComparePhoto = PhotoVersion;
        GreyRgba = RgbaFromGrey(Grey);
    }
    if (Compare && (ComparePhoto != PhotoVersion || !SameCompare(want, CompareFor))) Compare.reset(); // restart next frame
    if (!Compare) return;
    StepFor(*Compare, 0.6, 50000); // SIFT and ORB tasks can overrun a slice by ~0.5 ms
    if (Compare->Done()) {
        Finished.emplace(std::move(*Compare));
        Compare.reset();
        WarpRgba = RgbaFromGrey(Finished->Output().B.Image);
        ++WarpVersion;
    }
}

void ClassicalDetectorsView::DrawKeypointsControls()
{
    const auto& t = ClassicalDetectorsStateSchema();
    const char* const kinds[] = {Tr("Поворот"), Tr("Масштаб"), Tr("Размытие"), Tr("Шум"), Tr("Яркость")};
    FieldCombo(t, "transform", State, kinds);
    const char* keys[] = {"angle", "zoom", "blur", "noise", "bright"};
    FieldSlider(t, keys[std::clamp(State.Transform, 0, 4)], State);
    if (static_cast<TransformKind>(State.Transform) == TransformKind::Noise) FieldInputInt(t, "seed", State);
    ImGui::SeparatorText(Tr("Детекторы"));
    FieldSlider(t, "orb_n", State);
    FieldSlider(t, "fast_t", State);
    FieldSlider(t, "contrast", State);
    ImGui::SeparatorText(Tr("Сопоставление"));
    FieldSlider(t, "ratio", State);
    FieldSlider(t, "eps", State);
    const char* const shows[] = {"ORB", "SIFT"};
    FieldCombo(t, "show", State, shows);
}

void ClassicalDetectorsView::DrawKeypointTable()
{
    const CompareResult& r = Finished->Output();
    if (!ImGui::BeginTable("##kp", 9, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit)) return;
    for (const char* h : {Tr("Детектор"), Tr("Точек A"), Tr("Точек B"), Tr("Повторяемость"), Tr("Пар"), Tr("Верных"),
                          Tr("Точность"), Tr("Время A + B, мс"), Tr("Сопост., мс")})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (int k = 0; k < 2; ++k) {
        const DetectorReport& d = k == 0 ? r.Orb : r.Sift;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(k == 0 ? OrbColor() : SiftColor()), "%s", k == 0 ? "ORB" : "SIFT");
        ImGui::TableNextColumn();
        ImGui::Text("%d", static_cast<int>(d.KeypointsA.size()));
        ImGui::TableNextColumn();
        ImGui::Text("%d", static_cast<int>(d.KeypointsB.size()));
        ImGui::TableNextColumn();
        ImGui::Text("%.1f%% (%d/%d)", 100.0 * d.Eval.Repeatability, d.Eval.Repeated, std::min(d.Eval.InsideA, d.Eval.InsideB));
        ImGui::TableNextColumn();
        ImGui::Text("%d", d.Eval.Matches);
        ImGui::TableNextColumn();
        ImGui::Text("%d", d.Eval.CorrectMatches);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f%%", 100.0 * d.Eval.Precision);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f + %.1f", d.MillisA, d.MillisB);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f", d.MillisMatch);
    }
    ImGui::EndTable();
}

void ClassicalDetectorsView::DrawKeypoints(ViewContext& ctx)
{
    if (!CompareError.empty()) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(CdBad()), "%s", CompareError.c_str());
        return;
    }
    if (Compare) CdProgress(Compare->Progress(), Tr("ORB и SIFT на двух изображениях"));
    if (!Finished) return;
    if (GreySlot < 0) GreySlot = ctx.Images->CreateSlot();
    if (WarpSlot < 0) WarpSlot = ctx.Images->CreateSlot();
    const float fs = ImGui::GetFontSize();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float table_h = fs * 7.5f;
    const float half = (avail.x - fs) * 0.5f;
    const CompareResult& r = Finished->Output();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const float pic_h = std::max(fs * 6.0f, avail.y - table_h - fs * 1.5f);
    const CdCanvas ca = FitCanvas(ImVec2(o.x, o.y + fs * 1.3f), ImVec2(half, pic_h), Grey.Width, Grey.Height);
    const CdCanvas cb =
        FitCanvas(ImVec2(o.x + half + fs, o.y + fs * 1.3f), ImVec2(half, pic_h), r.B.Image.Width, r.B.Image.Height);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    dl->AddText(o, text, Tr("A: фото (оттенки серого)"));
    dl->AddText(ImVec2(cb.Min.x, o.y), text, Tr("B: после преобразования"));
    dl->AddImage(ctx.Images->Upload(GreySlot, GreyRgba, PhotoVersion, true), ca.Min, ca.Max);
    dl->AddImage(ctx.Images->Upload(WarpSlot, WarpRgba, WarpVersion, true), cb.Min, cb.Max);
    const bool sift = static_cast<CdShow>(State.Show) == CdShow::Sift;
    const DetectorReport& d = sift ? r.Sift : r.Orb;
    const ImU32 col = sift ? SiftColor() : OrbColor();
    for (const Keypoint& k : d.KeypointsA) dl->AddCircle(ca.At(k.X + 0.5, k.Y + 0.5), 3.0f, col, 8);
    for (const Keypoint& k : d.KeypointsB) dl->AddCircle(cb.At(k.X + 0.5, k.Y + 0.5), 3.0f, col, 8);
    for (const FeatureMatch& m : d.Matches) { // wrong ones first, so the correct ones stay on top
        if (m.Correct) continue;
        const Keypoint& a = d.KeypointsA[static_cast<std::size_t>(m.A)];
        const Keypoint& b = d.KeypointsB[static_cast<std::size_t>(m.B)];
        dl->AddLine(ca.At(a.X + 0.5, a.Y + 0.5), cb.At(b.X + 0.5, b.Y + 0.5), CdBad(0.35f), 1.0f);
    }
    for (const FeatureMatch& m : d.Matches) {
        if (!m.Correct) continue;
        const Keypoint& a = d.KeypointsA[static_cast<std::size_t>(m.A)];
        const Keypoint& b = d.KeypointsB[static_cast<std::size_t>(m.B)];
        dl->AddLine(ca.At(a.X + 0.5, a.Y + 0.5), cb.At(b.X + 0.5, b.Y + 0.5), CdGood(0.55f), 1.0f);
    }
    // Hover on A: the nearest keypoint, its scale and orientation, where H sends it in B.
    ImGui::SetCursorScreenPos(ca.Min);
    ImGui::InvisibleButton("##kpa", ImVec2(std::max(1.0f, ca.Max.x - ca.Min.x), std::max(1.0f, ca.Max.y - ca.Min.y)));
    if (ImGui::IsItemHovered() && !d.KeypointsA.empty()) {
        const ImVec2 p = ca.ToImage(ImGui::GetIO().MousePos);
        std::size_t best = 0;
        double best_d = 1e30;
        for (std::size_t i = 0; i < d.KeypointsA.size(); ++i) {
            const double dx = d.KeypointsA[i].X - p.x, dy = d.KeypointsA[i].Y - p.y;
            if (dx * dx + dy * dy < best_d) best_d = dx * dx + dy * dy, best = i;
        }
        const Keypoint& k = d.KeypointsA[best];
        if (best_d < 100.0) {
            double bx = 0.0, by = 0.0;
            r.B.H.Apply(k.X, k.Y, bx, by);
            dl->AddCircle(ca.At(k.X + 0.5, k.Y + 0.5), std::max(4.0f, k.Size * 0.5f * ca.Scale), AccentColor(), 24, 2.0f);
            dl->AddCircle(cb.At(bx + 0.5, by + 0.5), 6.0f, AccentColor(), 16, 2.0f);
            ImGui::SetTooltip(Tr("(%.1f, %.1f): размер %.1f, угол %.0f°, отклик %.3g, октава %d\nH переводит в B: (%.1f, %.1f)"),
                              k.X, k.Y, k.Size, k.Angle, k.Response, k.Octave, bx, by);
        }
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + fs * 1.3f + pic_h + fs * 0.3f));
    ImGui::TextDisabled("%s",
                        Tr("Зелёные линии — верные пары (точка A, переведённая H, ближе ε к паре в B), красные — ошибочные"));
    DrawKeypointTable();
    ImGui::TextDisabled(
        "%s", Tr("Повторяемость: доля точек, найденных снова в пределах ε после преобразования (среди видимых на обоих)"));
}

} // namespace mlviz
