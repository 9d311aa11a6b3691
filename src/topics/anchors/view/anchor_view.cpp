// Anchor boxes and anchor-to-GT matching (q19, 43, 5, 37, 16, 17): drag ground-truth boxes
// over a scene and watch which anchors become positive under real detectors' rules.
// This file: the view's frame, scenes, presets and the URL state.
#include <algorithm>
#include <cstdio>

#include "core/assets.h"
#include "topics/anchors/view/anchor_view_state.h"
#include "topics/views.h"
#include "ui/topic_layout.h"
#include "ui/plot.h"

namespace mlviz {

void AnchorLabel(const char* text)
{
    ImGui::TextDisabled("%s", text);
    ImGui::SetNextItemWidth(-1.0f);
}

void AnchorColumn(const char* label, const char* sample)
{
    // Fixed widths from sample text: a figure is one frame, before auto-fit could measure.
    const float w = std::max(ImGui::CalcTextSize(label).x, ImGui::CalcTextSize(sample).x);
    ImGui::TableSetupColumn(label, ImGuiTableColumnFlags_WidthFixed, w);
}

void AnchorGtColumns()
{
    AnchorColumn("GT", "#00");
    AnchorColumn("w×h", "000×000");
}

void AnchorLevelCount(int level, int count)
{
    if (count > 0)
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(AnchorLevelColor(level)), "%d", count);
    else
        ImGui::TextDisabled("·");
}

ImU32 AnchorStatusColor(int code, float alpha)
{
    if (code >= 0) return IM_COL32(70, 220, 100, static_cast<int>(255 * alpha));
    if (code == kBetweenThresholds) return IM_COL32(245, 190, 50, static_cast<int>(255 * alpha));
    return IM_COL32(150, 150, 160, static_cast<int>(255 * alpha));
}

ImU32 AnchorLevelColor(int level, float alpha)
{
    static const int kSeries[] = {7, 0, 1, 3, 6, 5}; // P2..P7
    return SeriesColor(kSeries[std::clamp(level - kAnchorMinLevel, 0, 5)], alpha);
}

void AnchorsView::AddGt(const Box& b, int kind)
{
    if (State.GtCount >= kAnchorMaxGt) return;
    State.Gt[static_cast<std::size_t>(State.GtCount)] = GtBox{b.X1, b.Y1, b.X2, b.Y2, kind};
    State.Selected = State.GtCount++;
}

void AnchorsView::DeleteGt(int index)
{
    if (index < 0 || index >= State.GtCount) return;
    for (int i = index; i + 1 < State.GtCount; ++i)
        State.Gt[static_cast<std::size_t>(i)] = State.Gt[static_cast<std::size_t>(i) + 1];
    State.Gt[static_cast<std::size_t>(--State.GtCount)] = GtBox{};
    State.Selected = -1;
    State.GtEdited = true;
}

void AnchorsView::LoadScene(bool keep_gt)
{
    SceneError.clear();
    Objects.clear();
    HasImage = false;
    const auto kind = static_cast<AnchorSceneKind>(State.Scene.Kind);
    std::vector<SceneObject> boxes;
    if (kind == AnchorSceneKind::User && !UserImage.Pixels.empty()) {
        SceneImage = UserImage;
        HasImage = true;
        const float w = static_cast<float>(UserImage.Width), h = static_cast<float>(UserImage.Height);
        boxes.push_back({Box{w * 0.35f, h * 0.3f, w * 0.65f, h * 0.7f}, SceneObjectKind::Sign});
    } else if (kind == AnchorSceneKind::Street) {
        // Decoded once: switching scenes back and forth must not stall a frame on PNG decoding.
        if (StreetImage.Pixels.empty()) {
            auto img = DecodeImage(FindAsset(BinaryAssets(), "assets/images/street_scene.png"));
            if (img.Ok())
                StreetImage = std::move(img.Value());
            else
                SceneError = std::string(Tr("Пример не загрузился:")) + " " + Tr(img.Error());
        }
        auto tsv = ParseBoxesTsv(FindAsset(TextAssets(), "assets/images/street_scene_boxes.tsv"));
        if (!tsv.Ok()) SceneError = std::string(Tr("Рамки примера не загрузились:")) + " " + Tr(tsv.Error());
        if (!StreetImage.Pixels.empty() && tsv.Ok()) {
            SceneImage = StreetImage;
            HasImage = true;
            boxes = std::move(tsv.Value());
        }
    } else if (kind == AnchorSceneKind::User) {
        SceneError = Tr("Своё изображение не передаётся ссылкой: откройте файл заново.");
    }
    if (HasImage) {
        ++ImageVersion;
        State.Scene.Width = SceneImage.Width;
        State.Scene.Height = SceneImage.Height;
    } else {
        // Synthetic, also the fallback when the sample or the user's image is missing.
        State.Scene.Kind = static_cast<int>(AnchorSceneKind::Synthetic);
        State.Scene.Width = 640;
        State.Scene.Height = 480;
        Objects = MakeSyntheticScene(static_cast<std::uint32_t>(State.Scene.Seed), State.Scene.Objects, 640, 480);
        boxes = Objects;
    }
    LoadedScene = State.Scene;
    SceneLoaded = true;
    State.Selected = -1;
    if (keep_gt) {
        // Boxes from a link: keep them, but inside this image.
        const float w = static_cast<float>(State.Scene.Width), h = static_cast<float>(State.Scene.Height);
        for (int i = 0; i < State.GtCount; ++i) {
            GtBox& g = State.Gt[static_cast<std::size_t>(i)];
            g.X1 = std::clamp(g.X1, 0.0f, w);
            g.X2 = std::clamp(g.X2, g.X1, w);
            g.Y1 = std::clamp(g.Y1, 0.0f, h);
            g.Y2 = std::clamp(g.Y2, g.Y1, h);
        }
        return;
    }
    State.GtCount = 0;
    for (const SceneObject& o : boxes) AddGt(o.Bounds, static_cast<int>(o.Kind));
    State.Selected = -1;
    State.GtEdited = false;
    State.InspectX = State.InspectY = -1;
}

bool AnchorsView::LoadUserImage(std::string_view bytes, const std::string& what)
{
    auto img = DecodeImage(bytes);
    if (!img.Ok()) {
        SceneError = std::string(Tr("Не удалось прочитать")) + " " + what + ": " + Tr(img.Error());
        return false;
    }
    // Anchors on a 4000 px photo would be millions; detectors resize inputs to ~800-1333 px too.
    UserImage = FitImage(img.Value(), 1024);
    State.Scene.Kind = static_cast<int>(AnchorSceneKind::User);
    LoadScene(false);
    return true;
}

bool AnchorsView::OnFileDropped(std::string_view name, std::string_view bytes, std::string& error)
{
    if (LoadUserImage(bytes, "«" + std::string(name) + "»")) return true;
    error = SceneError;
    return false;
}

void AnchorsView::OnStateDecoded(const KeyValues& kv, std::vector<Message>& notices)
{
    const AnchorsState s = State;
    LoadScene(FindValue(kv, "gt") != nullptr);
    State.InspectX = s.InspectX; // LoadScene forgets the inspected point of the old scene
    State.InspectY = s.InspectY;
    if (!SceneError.empty()) notices.push_back(PlainMessage(SceneError));
    ClampAnchorsState(State);
}

void AnchorsView::ApplyPreset(MatchPreset p)
{
    State.Gen.Preset = static_cast<int>(p);
    if (p == MatchPreset::Custom) return;
    const PresetInfo info = GetPresetInfo(p);
    State.Match = PresetMatchState(p);
    if (!State.Gen.CustomStride) State.Gen.Level = std::clamp(State.Gen.Level, info.MinLevel, info.MaxLevel);
    SetPresetLevelAnchors(State.Gen);
}

static void AnchorTabButtons(int& tab)
{
    // Buttons rather than an ImGui tab bar: they draw fully on a figure's single frame too.
    const char* const kTabNames[] = {Tr("Якоря"), "FPN", "FCOS", "k-means"};
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (int t = 0; t < static_cast<int>(AnchorTab::Count); ++t) {
        const float w = ImGui::CalcTextSize(kTabNames[t]).x + ImGui::GetStyle().FramePadding.x * 2.0f;
        if (t > 0) {
            ImGui::SameLine(0.0f, 3.0f);
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(tab == t ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
        if (ImGui::Button(kTabNames[t])) tab = t;
        ImGui::PopStyleColor();
    }
}

void AnchorsView::Draw(ViewContext& ctx)
{
    if (!SceneLoaded) LoadScene(false);
    ClampAnchorsState(State);
    DrawTopicLayout(
        ctx,
        [&] {
            DrawControls();
            // A slider opened for typing (Ctrl+click) takes any number, NaN included:
            // back into range before the pictures turn it into anchors.
            ClampAnchorsState(State);
        },
        [&] { DrawPictures(ctx); });
}

void AnchorsView::DrawPictures(ViewContext& ctx)
{
    if (ctx.ShowControls) AnchorTabButtons(State.Tab);
    switch (static_cast<AnchorTab>(State.Tab)) {
    case AnchorTab::Fpn: DrawFpnTab(ctx); break;
    case AnchorTab::Fcos: DrawFcosTab(ctx); break;
    case AnchorTab::KMeans: DrawKMeansTab(); break;
    default: DrawAnchorsTab(ctx); break;
    }
}

std::unique_ptr<TopicView> CreateAnchorsView()
{
    return std::make_unique<AnchorsView>();
}

} // namespace mlviz
