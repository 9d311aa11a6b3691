// Image processing on real photos (q31, q52, q18): convolution kernels with the multiply-add sum
// under the pointer, Otsu's between-class variance over the histogram next to adaptive thresholds,
// Canny stage by stage with the hysteresis stepped one frontier at a time, and augmentation of an
// image with its boxes and mask. This file: the source image (photos fetched when the topic opens,
// the synthetic page, the learner's own), the tabs and the shared controls. Tabs: ip_view_*.cpp.
#include <algorithm>
#include <cstdio>

#include "imgui.h"
#include "topics/image_processing/core/synthetic.h"
#include "topics/image_processing/view/ip_view.h"
#include "topics/views.h"
#include "ui/controls.h"
#include "ui/data_files.h"
#include "ui/playback_bar.h"
#include "ui/topic_layout.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

const char* ImageLabel(IpImage i)
{
    switch (i) {
    case IpImage::Astronaut: return Tr("Астронавт (фото)");
    case IpImage::Coffee: return Tr("Кофе (фото)");
    case IpImage::Chelsea: return Tr("Кошка (фото)");
    case IpImage::Uneven: return Tr("Неровный свет");
    case IpImage::User: return Tr("Своё изображение");
    default: return "?";
    }
}

// Where each photo comes from (assets/images/README.md).
const char* ImageCredit(IpImage i)
{
    switch (i) {
    case IpImage::Astronaut: return Tr("Айлин Коллинз, фото NASA (общественное достояние), из scikit-image");
    case IpImage::Coffee: return Tr("фото Rachel Michetti (CC0), из scikit-image");
    case IpImage::Chelsea: return Tr("фото Stefan van der Walt (CC0), из scikit-image");
    default: return "";
    }
}

} // namespace

void ImageProcessingView::OnStateDecoded(const KeyValues&, std::vector<Message>&)
{
    PlayClock = 0.0;
    HystShownStep = -2; // the hysteresis picture follows the link's step
}

const Image* ImageProcessingView::Photo(ViewContext& ctx, IpImage kind, std::string* status)
{
    const int k = static_cast<int>(kind);
    if (k < 0 || k >= static_cast<int>(Photos.size())) return nullptr;
    if (Photos[k]) return &*Photos[k];
    if (status) status->clear();
    if (PhotoErrors[k].empty()) {
        const DataFiles::Entry& e = ctx.Data->Get(IpImageFile(kind));
        if (e.State == DataFiles::Status::Loading) {
            if (status) *status = Tr("загрузка…");
            return nullptr;
        }
        if (e.State == DataFiles::Status::Failed) {
            PhotoErrors[k] = e.Error;
        } else {
            auto img = DecodeImage(e.Bytes);
            if (img)
                Photos[k] = FitImage(img.Value(), kIpViewMaxSide);
            else
                PhotoErrors[k] = Tr(img.Error());
        }
    }
    if (Photos[k]) return &*Photos[k];
    if (status) {
        char buf[512];
        std::snprintf(buf, sizeof buf, Tr("Не удалось загрузить %s: %s"), IpImageFile(kind), PhotoErrors[k].c_str());
        *status = buf;
    }
    return nullptr;
}

void ImageProcessingView::UpdateSource(ViewContext& ctx)
{
    const IpImage kind = static_cast<IpImage>(State.Image);
    SrcStatus.clear();
    SrcLoading = false;
    const Image* rgba = nullptr;
    Plane8 ink;
    bool fresh = false;
    if (kind == IpImage::Uneven) {
        if (Src.Kind != kind || SrcLight != State.Light || SrcNoise != State.Noise) {
            SyntheticSpec spec;
            spec.Gradient = State.Light;
            spec.Noise = State.Noise;
            auto page = MakeUnevenLightingImage(spec);
            if (!page) {
                SrcStatus = Tr(page.Error());
                Src = {};
                return;
            }
            SrcLight = State.Light;
            SrcNoise = State.Noise;
            Src.Rgba = ImageFromGray(page->Gray);
            Src.Gray = std::move(page->Gray);
            Src.Ink = std::move(page->Ink);
            fresh = true;
        }
    } else if (kind == IpImage::User) {
        if (UserImage.Width <= 0) {
            SrcStatus = Tr("Перетащите своё изображение (PNG, JPEG, BMP или GIF) в окно: оно заменит пример. Большие уменьшаются "
                           "до 800 пикселей по длинной стороне.");
            Src = {};
            return;
        }
        if (Src.Kind != kind || SrcUserVersion != UserVersion) {
            rgba = &UserImage;
            SrcUserVersion = UserVersion;
        }
    } else {
        const Image* photo = Photo(ctx, kind, &SrcStatus);
        if (!photo) {
            SrcLoading = SrcStatus == Tr("загрузка…");
            Src = {};
            return;
        }
        if (Src.Kind != kind) rgba = photo;
    }
    if (rgba) {
        auto gray = GrayFromImage(*rgba);
        if (!gray) {
            SrcStatus = Tr(gray.Error());
            Src = {};
            return;
        }
        Src.Rgba = *rgba;
        Src.Gray = std::move(gray.Value());
        Src.Ink = Plane8();
        fresh = true;
    }
    if (!fresh) return;
    Src.Kind = kind;
    Src.Version = ++SourceCounter;
    Src.GrayF = PlaneFromGray(Src.Gray);
    GrayShown.Set(GrayRgba(Src.Gray));
}

bool ImageProcessingView::OnFileDropped(std::string_view name, std::string_view bytes, std::string& error)
{
    auto img = DecodeUserImage(bytes);
    if (!img) {
        error = std::string(Tr("не удалось открыть изображение: ")) + Tr(img.Error());
        DropNotice = "«" + std::string(name) + "»: " + error;
        return false;
    }
    UserImage = FitImage(img.Value(), kIpViewMaxSide);
    UserName = std::string(name);
    ++UserVersion;
    State.Image = static_cast<int>(IpImage::User);
    State.PixelX = State.PixelY = -1;
    char buf[256];
    std::snprintf(buf, sizeof buf, Tr("%dx%d, в работе %dx%d"), img->Width, img->Height, UserImage.Width, UserImage.Height);
    DropNotice = "«" + UserName + "»: " + buf;
    return true;
}

bool ImageProcessingView::Pinned(int* x, int* y) const
{
    if (!Src.Ready() || State.PixelX < 0 || State.PixelY < 0 || State.PixelX >= Src.Gray.Width || State.PixelY >= Src.Gray.Height)
        return false;
    *x = State.PixelX;
    *y = State.PixelY;
    return true;
}

void ImageProcessingView::PinPixel(const ImageCanvas& c)
{
    if (!c.Clicked || c.HoverX < 0) return;
    const bool same = c.HoverX == State.PixelX && c.HoverY == State.PixelY;
    State.PixelX = same ? -1 : c.HoverX;
    State.PixelY = same ? -1 : c.HoverY;
}

void ImageProcessingView::DrawTabButtons()
{
    // Buttons rather than an ImGui tab bar: they draw fully on a figure's single frame too.
    const char* const names[] = {Tr("Ядра свёртки"), Tr("Отсу и адаптивный порог"), Tr("Канни по этапам"), Tr("Аугментация")};
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (int t = 0; t < static_cast<int>(IpTab::Count); ++t) {
        const float w = ImGui::CalcTextSize(names[t]).x + ImGui::GetStyle().FramePadding.x * 2.0f;
        if (t > 0) {
            ImGui::SameLine(0.0f, 3.0f);
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        ImGui::PushStyleColor(ImGuiCol_Button,
                              ImGui::GetStyleColorVec4(State.Tab == t ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
        if (ImGui::Button(names[t])) State.Tab = t;
        ImGui::PopStyleColor();
    }
}

bool ImageProcessingView::DrawSourceStatus()
{
    if (!Src.Ready()) {
        if (SrcLoading) {
            const char* dots[] = {"", ".", "..", "..."};
            ImGui::Text("%s: %s", ImageLabel(static_cast<IpImage>(State.Image)), Tr("загрузка…"));
            ImGui::SameLine(0.0f, 0.0f);
            ImGui::TextUnformatted(dots[static_cast<int>(ImGui::GetTime() * 3.0) % 4]);
        } else {
            ImGui::PushStyleColor(ImGuiCol_Text, IpWarnTextColor());
            ImGui::TextWrapped("%s", SrcStatus.c_str());
            ImGui::PopStyleColor();
        }
        return false;
    }
    const IpImage kind = Src.Kind;
    char buf[512];
    if (kind == IpImage::Uneven)
        std::snprintf(buf, sizeof buf, Tr("Синтетическая страница %dx%d: освещение от %.0f%% до 100%%, шум σ = %.1f"),
                      Src.Gray.Width, Src.Gray.Height, 100.0 * (1.0 - State.Light), State.Noise);
    else if (kind == IpImage::User)
        std::snprintf(buf, sizeof buf, "«%s» %dx%d", UserName.c_str(), Src.Gray.Width, Src.Gray.Height);
    else
        std::snprintf(buf, sizeof buf, "%dx%d · %s", Src.Gray.Width, Src.Gray.Height, ImageCredit(kind));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    CaptionText(buf, ImGui::GetContentRegionAvail().x);
    ImGui::PopStyleColor();
    return true;
}

void ImageProcessingView::DrawControls()
{
    const auto& t = ImageProcessingStateSchema();
    const char* images[static_cast<int>(IpImage::Count)];
    for (int i = 0; i < static_cast<int>(IpImage::Count); ++i) images[i] = ImageLabel(static_cast<IpImage>(i));
    FieldCombo(t, "image", State, images);
    if (State.Image == static_cast<int>(IpImage::Uneven)) {
        FieldSlider(t, "light", State);
        FieldSlider(t, "noise", State);
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", Tr("Своё изображение: перетащите файл в окно."));
    if (!DropNotice.empty()) ImGui::TextWrapped("%s", DropNotice.c_str());
    ImGui::PopStyleColor();
    ImGui::Separator();
    switch (static_cast<IpTab>(State.Tab)) {
    case IpTab::Kernels: DrawKernelControls(); break;
    case IpTab::Otsu: DrawOtsuControls(); break;
    case IpTab::Canny: DrawCannyControls(); break;
    default: DrawAugmentControls(); break;
    }
    ImGui::Separator();
    if (ImGui::Button(Tr("Сбросить"))) {
        const int tab = State.Tab, image = State.Image;
        State = ImageProcessingState();
        State.Tab = tab;
        State.Image = image;
    }
}

void ImageProcessingView::DrawPictures(ViewContext& ctx)
{
    if (ctx.ShowControls) DrawTabButtons();
    if (!DrawSourceStatus()) return;
    switch (static_cast<IpTab>(State.Tab)) {
    case IpTab::Kernels: DrawKernels(ctx); break;
    case IpTab::Otsu: DrawOtsu(ctx); break;
    case IpTab::Canny: DrawCanny(ctx); break;
    default: DrawAugment(ctx); break;
    }
}

// Update, then draw: the playback keys and the clock move the hysteresis step, the current tab's
// core advances within this frame's budget, then everything is drawn; what the widgets change is
// read by the next frame's update.
void ImageProcessingView::Draw(ViewContext& ctx)
{
    NormalizeImageProcessingState(State);
    UpdateSource(ctx);
    ApplyPlayback(PlaybackInputFromKeys(ctx));
    const FrameBudget budget(1.2);
    switch (static_cast<IpTab>(State.Tab)) {
    case IpTab::Kernels: UpdateKernels(budget); break;
    case IpTab::Otsu: UpdateOtsu(budget); break;
    case IpTab::Canny: UpdateCanny(budget); break;
    default: UpdateAugment(ctx, budget); break;
    }
    // The playback keys step the hysteresis from every tab: the Canny timeline is computed in the
    // time the current tab leaves, so a key rarely has to finish it in one frame.
    if (State.Tab != static_cast<int>(IpTab::Canny) && Src.Ready() && budget.Left()) {
        if (CannyStale()) StartCanny();
        if (CannyRun && !CannyRun->Done()) AdvanceJob(*CannyRun, budget);
        CountLayers();
    }
    DrawTopicLayout(
        ctx, [&] { DrawControls(); }, [&] { DrawPictures(ctx); });
}

std::unique_ptr<TopicView> CreateImageProcessingView()
{
    return std::make_unique<ImageProcessingView>();
}

} // namespace mlviz
