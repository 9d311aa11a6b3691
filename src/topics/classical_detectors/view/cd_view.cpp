// Classical detectors (q49, q12): the integral image and Haar features, OpenCV's frontal-face
// Viola-Jones cascade on a photo stage by stage, and SIFT vs ORB keypoints under a known transform.
// This file: loading the photo and the cascade, the tabs, the shared controls and playback.
#include <algorithm>
#include <cmath>

#include "topics/classical_detectors/core/grey.h"
#include "topics/classical_detectors/view/cd_view.h"
#include "topics/views.h"
#include "ui/controls.h"
#include "ui/data_files.h"
#include "ui/playback_bar.h"
#include "ui/theme.h"
#include "ui/topic_layout.h"
#include "ui/tr.h"

namespace mlviz {

CdCanvas FitCanvas(ImVec2 origin, ImVec2 avail, int w, int h)
{
    CdCanvas c;
    const float sx = avail.x / static_cast<float>(std::max(w, 1)), sy = avail.y / static_cast<float>(std::max(h, 1));
    c.Scale = std::max(1e-3f, std::min(sx, sy));
    c.Min = origin;
    c.Max = ImVec2(origin.x + c.Scale * static_cast<float>(w), origin.y + c.Scale * static_cast<float>(h));
    return c;
}

void CdProgress(double fraction, const char* what)
{
    char text[128];
    std::snprintf(text, sizeof text, "%s %.0f%%", what, 100.0 * fraction);
    ImGui::ProgressBar(static_cast<float>(fraction), ImVec2(-1.0f, 0.0f), text);
}

void CdHint(const char* text)
{
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - ImGui::GetFontSize() * 0.5f);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
}

float CdWrapAt(float screen_x)
{
    return screen_x - ImGui::GetWindowPos().x + ImGui::GetScrollX();
}

ImU32 CdGood(float alpha)
{
    return CurrentTheme() == Theme::Light ? IM_COL32(0, 140, 60, static_cast<int>(255 * alpha))
                                          : IM_COL32(80, 230, 120, static_cast<int>(255 * alpha));
}

ImU32 CdBad(float alpha)
{
    return CurrentTheme() == Theme::Light ? IM_COL32(200, 30, 30, static_cast<int>(255 * alpha))
                                          : IM_COL32(255, 90, 90, static_cast<int>(255 * alpha));
}

bool ClassicalDetectorsView::LoadPhoto(ViewContext& ctx)
{
    if (UserPhoto) return !Grey.Pixels.empty();
    const CdPhoto want = static_cast<CdPhoto>(State.Photo);
    if (LoadedPhoto == State.Photo) return true;
    const DataFiles::Entry& e = ctx.Data->Get(CdPhotoFile(want));
    if (e.State == DataFiles::Status::Loading) {
        PhotoError.clear();
        return false;
    }
    if (e.State == DataFiles::Status::Failed) {
        PhotoError = std::string(Tr("Фото не загрузилось:")) + " " + e.Error;
        return false;
    }
    auto img = DecodeImage(e.Bytes);
    if (!img) {
        PhotoError = Tr(img.Error());
        return false;
    }
    Rgba = FitImage(img.Value(), 640);
    Grey = GreyFromRgba(Rgba);
    LoadedPhoto = State.Photo;
    ++PhotoVersion;
    PhotoError.clear();
    return true;
}

bool ClassicalDetectorsView::OnFileDropped(std::string_view name, std::string_view bytes, std::string& error)
{
    auto img = DecodeImage(bytes);
    if (!img) {
        error = std::string(Tr("Не удалось прочитать")) + " «" + std::string(name) + "»: " + Tr(img.Error());
        return false;
    }
    if (img.Value().Width < 32 || img.Value().Height < 32) {
        error = std::string(Tr("Изображение меньше 32 × 32 пикселей:")) + " «" + std::string(name) + "»";
        return false;
    }
    // The detectors would take seconds on a 4000 px photo; OpenCV users resize too.
    Rgba = FitImage(img.Value(), 640);
    Grey = GreyFromRgba(Rgba);
    UserPhoto = true;
    UserName = std::string(name);
    LoadedPhoto = -1;
    ++PhotoVersion;
    return true;
}

void ClassicalDetectorsView::OnStateDecoded(const KeyValues&, std::vector<Message>&)
{
    UserPhoto = false; // a link names a sample photo
    PlayClock = 0.0;
}

void ClassicalDetectorsView::PlayIntegral(const PlaybackInput& in)
{
    const int count = kCdSmallSide * kCdSmallSide;
    PlaybackState p{State.Step < 0 ? count : std::min(State.Step, count), State.Playing, State.Speed, PlayClock};
    UpdatePlayback(p, count, in);
    State.Step = p.Step >= count ? -1 : p.Step;
    State.Playing = p.Playing;
    PlayClock = p.Clock;
}

void ClassicalDetectorsView::DrawControls()
{
    const auto& t = ClassicalDetectorsStateSchema();
    const char* const photos[] = {Tr("Астронавт (лицо)"), Tr("Кошка Челси"), Tr("Чашка кофе")};
    if (FieldCombo(t, "photo", State, photos)) UserPhoto = false;
    if (UserPhoto)
        ImGui::TextWrapped("%s «%s»", Tr("Своё изображение:"), UserName.c_str());
    else
        CdHint(Tr("Перетащите своё фото в окно"));
    switch (static_cast<CdTab>(State.Tab)) {
    case CdTab::Integral: DrawIntegralControls(); break;
    case CdTab::Cascade: DrawCascadeControls(); break;
    default: DrawKeypointsControls(); break;
    }
    ImGui::Spacing();
    if (ImGui::Button(Tr("Сбросить"))) {
        const int tab = State.Tab;
        State = ClassicalDetectorsState();
        State.Tab = tab;
    }
    ClampState();
}

void ClassicalDetectorsView::DrawTabs()
{
    const char* labels[] = {Tr("Интегральное изображение"), Tr("Каскад Виолы–Джонса"), Tr("SIFT и ORB")};
    for (int i = 0; i < static_cast<int>(CdTab::Count); ++i) {
        if (i > 0) ImGui::SameLine();
        const bool on = State.Tab == i;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(labels[i])) State.Tab = i;
        if (on) ImGui::PopStyleColor();
    }
}

void ClassicalDetectorsView::Draw(ViewContext& ctx)
{
    const bool photo = LoadPhoto(ctx);
    PlaybackInput keys = PlaybackInputFromKeys(ctx);
    if (State.Tab != static_cast<int>(CdTab::Integral)) keys = PlaybackInput{}; // only that tab has a timeline
    keys.Dt = ImGui::GetIO().DeltaTime;
    PlayIntegral(keys);
    if (photo) {
        switch (static_cast<CdTab>(State.Tab)) {
        case CdTab::Integral: UpdateIntegral(); break;
        case CdTab::Cascade: UpdateCascade(ctx); break;
        default: UpdateKeypoints(); break;
        }
    }
    DrawTopicLayout(
        ctx, [&] { DrawControls(); },
        [&] {
            if (ctx.ShowControls) DrawTabs();
            if (!photo) {
                if (!PhotoError.empty())
                    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(CdBad()), "%s", PhotoError.c_str());
                else
                    ImGui::TextDisabled("%s", Tr("Загрузка фото…"));
                return;
            }
            switch (static_cast<CdTab>(State.Tab)) {
            case CdTab::Integral: DrawIntegral(ctx); break;
            case CdTab::Cascade: DrawCascade(ctx); break;
            default: DrawKeypoints(ctx); break;
            }
        });
}

std::unique_ptr<TopicView> CreateClassicalDetectorsView()
{
    return std::make_unique<ClassicalDetectorsView>();
}

} // namespace mlviz
