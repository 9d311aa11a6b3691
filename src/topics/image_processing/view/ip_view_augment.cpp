// The augmentation tab: one draw of a transform (or of the whole policy) applied to the image
// together with its boxes and mask, with every drawn parameter and the label weights written out,
// and a seeded grid of 8 draws of the policy on a thumbnail, computed a slice per frame.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>

#include "imgui.h"
#include "topics/image_processing/core/samples.h"
#include "topics/image_processing/view/ip_view.h"
#include "ui/controls.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

const char* OpLabel(IpAugOp op)
{
    switch (op) {
    case IpAugOp::Policy: return Tr("Вся политика");
    case IpAugOp::HFlip: return Tr("Отражение ↔");
    case IpAugOp::VFlip: return Tr("Отражение ↕");
    case IpAugOp::Rotate: return Tr("Поворот");
    case IpAugOp::Crop: return Tr("RandomResizedCrop");
    case IpAugOp::Jitter: return Tr("Цветовой сдвиг");
    case IpAugOp::Blur: return Tr("Размытие");
    case IpAugOp::Noise: return Tr("Гауссов шум");
    case IpAugOp::Cutout: return Tr("Cutout");
    case IpAugOp::Mixup: return "Mixup";
    case IpAugOp::CutMix: return "CutMix";
    default: return "?";
    }
}

bool SameDraw(const IpAugState& a, const IpAugState& b)
{
    return a.Op == b.Op && a.Seed == b.Seed && a.Policy == b.Policy;
}
bool SameGrid(const IpAugState& a, const IpAugState& b)
{
    return a.Seed == b.Seed && a.Policy == b.Policy;
}

IpImage PartnerOf(IpImage kind)
{
    return kind == IpImage::Coffee ? IpImage::Chelsea : kind == IpImage::Chelsea ? IpImage::Astronaut : IpImage::Coffee;
}

// The photo's hand-drawn boxes (samples.h), scaled to the image, and the mask made from them.
std::shared_ptr<AugSample> SampleOf(const Image& rgba, IpImage kind)
{
    auto s = std::make_shared<AugSample>();
    s->Rgba = rgba;
    if (const SampleAnnotation* a = FindSampleAnnotation(IpImageName(kind)); a && a->Width > 0 && a->Height > 0) {
        const double kx = static_cast<double>(rgba.Width) / a->Width, ky = static_cast<double>(rgba.Height) / a->Height;
        for (const SampleObject& o : a->Objects)
            s->Boxes.push_back({o.Box.X1 * kx, o.Box.Y1 * ky, o.Box.X2 * kx, o.Box.Y2 * ky, o.Box.Label});
        s->Mask = MaskFromBoxes(rgba.Width, rgba.Height, s->Boxes);
    }
    return s;
}

std::shared_ptr<AugSample> ThumbOf(const AugSample& s)
{
    auto t = std::make_shared<AugSample>();
    t->Rgba = FitImage(s.Rgba, kIpThumbSide);
    const double kx = static_cast<double>(t->Rgba.Width) / s.Rgba.Width, ky = static_cast<double>(t->Rgba.Height) / s.Rgba.Height;
    for (const AugBox& b : s.Boxes) t->Boxes.push_back({b.X1 * kx, b.Y1 * ky, b.X2 * kx, b.Y2 * ky, b.Label});
    if (!s.Mask.Empty()) t->Mask = MaskFromBoxes(t->Rgba.Width, t->Rgba.Height, t->Boxes);
    return t;
}

const char* ClassName(IpImage kind, int label)
{
    if (const SampleAnnotation* a = FindSampleAnnotation(IpImageName(kind)))
        for (const SampleObject& o : a->Objects)
            if (o.Box.Label == label) return Tr(o.ClassName);
    return "?";
}

// Short tags of a draw for a grid cell: "↔ 17° crop λ=0.63".
std::string Tags(const AugmentParams& p)
{
    std::string s;
    char buf[48];
    if (p.Crop) s += "crop ";
    if (p.HFlip) s += "↔ ";
    if (p.VFlip) s += "↕ ";
    if (p.Angle != 0.0) {
        std::snprintf(buf, sizeof buf, "%.0f° ", p.Angle);
        s += buf;
    }
    if (p.Jitter) s += Tr("цвет ");
    if (p.BlurSigma > 0.0) s += "blur ";
    if (p.NoiseSigma > 0.0) s += Tr("шум ");
    if (p.Cutout) s += "cutout ";
    if (p.Mix != MixMode::None) {
        std::snprintf(buf, sizeof buf, "%s λ=%.2f", p.Mix == MixMode::Mixup ? "mixup" : "cutmix", p.Lambda);
        s += buf;
    }
    return s.empty() ? std::string(Tr("без изменений")) : s;
}

} // namespace

void ImageProcessingView::UpdateAugment(ViewContext& ctx, const FrameBudget& budget)
{
    if (!Src.Ready()) return;
    if (AugSrcFor != Src.Version) {
        AugSrcFor = Src.Version;
        AugA = SampleOf(Src.Rgba, Src.Kind);
        ThumbA = ThumbOf(*AugA);
        AugOriginal.Set(AugA->Rgba);
        AugOriginalMask.Set(MaskRgba(AugA->Mask, 0.45f));
        AugRun.reset();
        Grid.reset();
    }
    const auto op = static_cast<IpAugOp>(State.Aug.Op);
    const bool mix_one =
        op == IpAugOp::Mixup || op == IpAugOp::CutMix || (op == IpAugOp::Policy && State.Aug.Policy.Mix != MixMode::None);
    const bool mix_grid = State.Aug.Policy.Mix != MixMode::None;
    const IpImage partner = PartnerOf(Src.Kind);
    if ((mix_one || mix_grid) && AugPartner != static_cast<int>(partner)) {
        const Image* photo = Photo(ctx, partner, &AugPartnerStatus);
        if (!photo) { // drawn as "the partner is loading" (or why it failed)
            AugRun.reset();
            Grid.reset();
            return;
        }
        AugB = SampleOf(*photo, partner);
        ThumbB = ThumbOf(*AugB);
        AugPartner = static_cast<int>(partner);
        AugRun.reset();
        Grid.reset();
    }
    if (!AugRun || !SameDraw(AugFor, State.Aug)) {
        AugFor = State.Aug;
        std::mt19937 rng(static_cast<std::uint32_t>(State.Aug.Seed));
        const AugmentParams p = mlviz::DrawAugment(PolicyForOp(State.Aug.Policy, op), AugA->Rgba.Width, AugA->Rgba.Height, rng);
        auto job = AugmentJob::Start(AugA, p.Mix != MixMode::None ? AugB : nullptr, p);
        AugError = job ? Message{} : job.Error();
        if (job)
            AugRun = std::move(job.Value());
        else
            AugRun.reset();
        AugResultBuilt = false;
    }
    if (!Grid || !SameGrid(GridFor, State.Aug)) {
        GridFor = State.Aug;
        auto job = AugmentGridJob::Start(*ThumbA, mix_grid ? ThumbB.get() : nullptr, State.Aug.Policy,
                                         static_cast<std::uint32_t>(State.Aug.Seed), kIpGridDraws);
        if (job)
            Grid = std::move(job.Value());
        else
            Grid.reset();
        GridShownCount = 0;
    }
    if (AugRun && !AugResultBuilt) {
        AdvanceJob(*AugRun, budget);
        if (AugRun->Done()) {
            AugResultShown.Set(AugRun->Output().Sample.Rgba);
            AugResultMask.Set(MaskRgba(AugRun->Output().Sample.Mask, 0.45f));
            AugResultBuilt = true;
        }
    }
    if (!Grid) return;
    AdvanceJob(*Grid, budget);
    for (; GridShownCount < Grid->Finished(); ++GridShownCount) {
        const AugResult& r = Grid->Output(GridShownCount);
        GridShown[GridShownCount].Set(r.Sample.Rgba);
        GridMasks[GridShownCount].Set(MaskRgba(r.Sample.Mask, 0.45f));
    }
}

void ImageProcessingView::DrawAugmentControls()
{
    const auto& t = ImageProcessingStateSchema();
    const char* ops[static_cast<int>(IpAugOp::Count)];
    for (int i = 0; i < static_cast<int>(IpAugOp::Count); ++i) ops[i] = OpLabel(static_cast<IpAugOp>(i));
    FieldCombo(t, "aug", State, ops);
    FieldInputInt(t, "seed", State);
    if (ImGui::Button(Tr("Другой вариант"), ImVec2(-1.0f, 0.0f))) State.Aug.Seed = (State.Aug.Seed + 1) % (1 << 30);
    FieldCheckbox(t, "boxes", State);
    FieldCheckbox(t, "mask", State);
    const auto op = static_cast<IpAugOp>(State.Aug.Op);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s",
                       op == IpAugOp::Policy
                           ? Tr("Одна выборка из всей политики; сетка ниже — ещё 8.")
                           : Tr("Одно преобразование с p = 1, параметры — из диапазонов политики; сетка — вся политика."));
    ImGui::PopStyleColor();
    const struct {
        const char* Title;
        std::initializer_list<const char*> Keys;
    } groups[] = {{Tr("Отражения"), {"p_hflip", "p_vflip"}},
                  {Tr("Поворот"), {"p_rot", "angle"}},
                  {"RandomResizedCrop", {"p_crop", "scale_min", "scale_max", "ratio_min", "ratio_max"}},
                  {Tr("Цвет (ColorJitter)"), {"p_jitter", "bright", "contrast", "sat", "hue"}},
                  {Tr("Размытие и шум"), {"p_blur", "blur_max", "p_noise", "noise_sd"}},
                  {"Cutout", {"p_cutout", "cutout"}}};
    for (const auto& g : groups) {
        ImGui::SeparatorText(g.Title);
        for (const char* key : g.Keys) FieldSlider(t, key, State);
    }
    ImGui::SeparatorText(Tr("Смешивание"));
    const char* mixes[] = {Tr("нет"), "mixup", "cutmix"};
    FieldCombo(t, "mix", State, mixes);
    FieldSlider(t, "p_mix", State);
    FieldSlider(t, "alpha", State);
}

void ImageProcessingView::DrawAugmented(const ImageCanvas& c, const AugResult* r, bool original)
{
    const std::vector<AugBox>& boxes = original || !r ? AugA->Boxes : r->Sample.Boxes;
    if (!State.Aug.ShowBoxes) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool labels = c.Max.x - c.Min.x > ImGui::GetFontSize() * 12.0f;
    std::vector<ImVec4> placed; // label rectangles drawn so far: min x, min y, max x, max y
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const AugBox& b = boxes[i];
        const ImU32 col = IpLabelColor(b.Label);
        const ImVec2 p0 = c.ToScreen(b.X1, b.Y1), p1 = c.ToScreen(b.X2, b.Y2);
        dl->AddRect(p0, p1, col, 0.0f, 0, 2.0f);
        if (!labels) continue;
        const bool from_b = !original && r && i < r->BoxSource.size() && r->BoxSource[i] < 0;
        char text[96];
        const char* name = ClassName(from_b ? static_cast<IpImage>(AugPartner) : Src.Kind, b.Label);
        if (!original && r && i < r->BoxWeight.size() && r->BoxWeight[i] < 0.999)
            std::snprintf(text, sizeof text, "%s %.2f", name, r->BoxWeight[i]);
        else
            std::snprintf(text, sizeof text, "%s", name);
        const ImVec2 ts = ImGui::CalcTextSize(text);
        ImVec2 at(std::max(p0.x, c.Min.x), std::max(p0.y, c.Min.y));
        // Boxes sharing a corner (a flag behind a person) would stack their labels: move down one
        // line until the label is clear of the ones already drawn.
        for (int tries = 0; tries < 8; ++tries) {
            bool clear = true;
            for (const ImVec4& q : placed)
                clear = clear && (at.x + ts.x + 4.0f <= q.x || q.z <= at.x || at.y + ts.y <= q.y || q.w <= at.y);
            if (clear) break;
            at.y += ts.y;
        }
        placed.push_back(ImVec4(at.x, at.y, at.x + ts.x + 4.0f, at.y + ts.y));
        dl->AddRectFilled(at, ImVec2(at.x + ts.x + 4.0f, at.y + ts.y), col);
        dl->AddText(ImVec2(at.x + 2.0f, at.y), IM_COL32(0, 0, 0, 255), text);
    }
}

void ImageProcessingView::DrawAugment(ViewContext& ctx)
{
    if (!AugA) return;
    if (!AugError.Empty()) {
        ImGui::TextColored(IpWarnTextColor(), "%s", Tr(AugError).c_str());
        return;
    }
    if (!AugRun) {
        ImGui::TextWrapped(Tr("Второе изображение для смешивания, %s: %s"), IpImageFile(PartnerOf(Src.Kind)),
                           AugPartnerStatus.c_str());
        return;
    }
    const AugResult& r = AugRun->Output();
    ImGui::TextWrapped("%s", AugmentParamsText(r).c_str());
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.x, line = ImGui::GetTextLineHeightWithSpacing();
    const float w = (avail.x - spacing) * 0.5f, h = std::max(line * 5.0f, avail.y * 0.5f - line * 2.0f);
    for (int k = 0; k < 2; ++k) {
        if (k) ImGui::SameLine();
        ImGui::BeginGroup();
        ShownImage& img = k == 0 ? AugOriginal : AugResultShown;
        const ImageCanvas c = DrawImageCanvas(ctx, k == 0 ? "##aug_a" : "##aug_out", img, w, h);
        ShownImage& mask = k == 0 ? AugOriginalMask : AugResultMask;
        if (State.Aug.ShowMask && !mask.Empty() && (k == 0 || AugResultBuilt))
            ImGui::GetWindowDrawList()->AddImage(mask.Texture(ctx, false), c.Min, c.Max);
        if (k == 0 || AugResultBuilt) DrawAugmented(c, &r, k == 0);
        char caption[128];
        if (k == 0)
            std::snprintf(caption, sizeof caption, Tr("Исходное: рамок %zu"), AugA->Boxes.size());
        else
            std::snprintf(caption, sizeof caption, Tr("Результат: рамок %zu"), r.Sample.Boxes.size());
        CaptionText(caption, w);
        if (k == 1 && !AugResultBuilt)
            ImGui::ProgressBar(static_cast<float>(AugRun->Progress()), ImVec2(w, 0.0f), Tr("считается…"));
        ImGui::EndGroup();
    }
    if (AugA->Boxes.empty())
        ImGui::TextWrapped("%s", Tr("У этого изображения нет разметки: рамки и маска есть только у трёх фотографий-примеров."));
    ImGui::SeparatorText(Tr("8 выборок из всей политики (миниатюры ≤ 256 пикселей)"));
    if (!Grid) return;
    if (!Grid->Done()) ImGui::ProgressBar(static_cast<float>(Grid->Progress()), ImVec2(-1.0f, 0.0f), Tr("сетка считается…"));
    const float gw = (ImGui::GetContentRegionAvail().x - spacing * 3.0f) / 4.0f;
    const float gh = std::max(line * 3.0f, (ImGui::GetContentRegionAvail().y - line * 2.5f) * 0.5f);
    for (std::size_t i = 0; i < GridShown.size(); ++i) {
        if (i % 4) ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::PushID(static_cast<int>(i));
        const bool ready = i < GridShownCount;
        const ImageCanvas c = DrawImageCanvas(ctx, "##grid", GridShown[i], gw, gh);
        if (ready) {
            const AugResult& g = Grid->Output(i);
            if (State.Aug.ShowMask && !GridMasks[i].Empty())
                ImGui::GetWindowDrawList()->AddImage(GridMasks[i].Texture(ctx, false), c.Min, c.Max);
            if (State.Aug.ShowBoxes)
                for (const AugBox& b : g.Sample.Boxes)
                    ImGui::GetWindowDrawList()->AddRect(c.ToScreen(b.X1, b.Y1), c.ToScreen(b.X2, b.Y2), IpLabelColor(b.Label),
                                                        0.0f, 0, 1.5f);
            CaptionText(Tags(g.Params).c_str(), gw);
            if (c.Hovered) ImGui::SetTooltip("%s", AugmentParamsText(g).c_str());
        } else {
            CaptionText("…", gw);
        }
        ImGui::PopID();
        ImGui::EndGroup();
    }
}

} // namespace mlviz
