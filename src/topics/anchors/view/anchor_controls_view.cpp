// Anchors topic: the controls column (scene, boxes, anchors, matcher, display).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "topics/anchors/view/anchor_view_state.h"

namespace mlviz {

namespace {

// Russian keys; translated at the use site (Tr at namespace scope would run before the language is set).
const char* const kPresetLabels[] = {"Faster R-CNN (RPN)", "RetinaNet", "YOLOv3-стиль", "свои настройки"};
const char* const kSceneLabels[] = {"синтетическая", "улица (пример)", "своё изображение"};

const char* TrItem(void* data, int i)
{
    return Tr(static_cast<const char* const*>(data)[i]);
}

} // namespace

void AnchorsView::DrawControls()
{
    ImGui::SeparatorText(Tr("Сцена"));
    int scene = State.Scene.Kind;
    AnchorLabel(Tr("Картинка"));
    if (ImGui::Combo("##scene", &scene, TrItem, const_cast<char**>(kSceneLabels), 3)) {
        if (scene == static_cast<int>(AnchorSceneKind::User) && UserImage.Pixels.empty()) {
            SceneError = Tr("Сначала откройте файл ниже.");
        } else if (scene != State.Scene.Kind) {
            State.Scene.Kind = scene;
            LoadScene(false);
        }
    }
    if (State.Scene.Kind == static_cast<int>(AnchorSceneKind::Synthetic)) {
        AnchorLabel(Tr("Seed сцены"));
        if (ImGui::InputInt("##scene_seed", &State.Scene.Seed)) {
            State.Scene.Seed = std::clamp(State.Scene.Seed, 0, 1 << 30);
            LoadScene(false);
        }
        AnchorLabel(Tr("Объектов"));
        if (ImGui::SliderInt("##objects", &State.Scene.Objects, 2, 16)) {
            State.Scene.Objects = std::clamp(State.Scene.Objects, 2, 16);
            LoadScene(false);
        }
    }
#ifdef __EMSCRIPTEN__
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", Tr("Своё изображение: перетащите файл на страницу."));
    ImGui::PopTextWrapPos();
#else
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", Tr("Своё изображение: перетащите файл в окно или укажите путь:"));
    ImGui::PopTextWrapPos();
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::InputText("##path", PathBuf.data(), PathBuf.size());
    if (ImGui::Button(Tr("Открыть файл"), ImVec2(-1.0f, 0.0f))) {
        std::ifstream f(PathBuf.data(), std::ios::binary | std::ios::ate);
        const std::streamoff size = f ? static_cast<std::streamoff>(f.tellg()) : -1;
        f.seekg(0);
        if (!f || size < 0) {
            SceneError = std::string(Tr("Файл не открывается:")) + " " + PathBuf.data();
        } else if (size > (64 << 20)) {
            SceneError = Tr("Файл больше 64 МБ — это не картинка для сцены.");
        } else {
            std::ostringstream s;
            s << f.rdbuf();
            LoadUserImage(s.str(), std::string(Tr("файл")) + " " + PathBuf.data());
        }
    }
#endif
    if (!SceneError.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 110, 100, 255));
        ImGui::TextWrapped("%s", SceneError.c_str());
        ImGui::PopStyleColor();
    }

    ImGui::SeparatorText(Tr("Рамки GT"));
    const float half = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    ImGui::BeginDisabled(State.GtCount >= kAnchorMaxGt);
    if (ImGui::Button(Tr("+ рамка"), ImVec2(half, 0.0f))) {
        const float w = static_cast<float>(State.Scene.Width), h = static_cast<float>(State.Scene.Height);
        const float s = std::round(std::min(w, h) * 0.18f);
        AddGt(Box{std::round(w * 0.5f - s * 0.5f), std::round(h * 0.5f - s * 0.5f), std::round(w * 0.5f + s * 0.5f),
                  std::round(h * 0.5f + s * 0.5f)},
              static_cast<int>(SceneObjectKind::Sign));
        State.GtEdited = true;
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(State.Selected < 0);
    if (ImGui::Button(Tr("Удалить"), ImVec2(half, 0.0f))) DeleteGt(State.Selected);
    ImGui::EndDisabled();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", Tr("Тяните рамку или её углы; по пустому месту — новая рамка; касание — якоря в этой точке."));
    ImGui::PopTextWrapPos();

    ImGui::SeparatorText(Tr("Якоря"));
    int preset = State.Gen.Preset;
    AnchorLabel(Tr("Пресет детектора"));
    if (ImGui::Combo("##preset", &preset, TrItem, const_cast<char**>(kPresetLabels), static_cast<int>(MatchPreset::Count)))
        ApplyPreset(static_cast<MatchPreset>(std::clamp(preset, 0, static_cast<int>(MatchPreset::Count) - 1)));
    AnchorLabel(Tr("Уровень FPN (шаг)"));
    char level_label[32];
    std::snprintf(level_label, sizeof(level_label), Tr("P%d (шаг %d)"), State.Gen.Level, 1 << State.Gen.Level);
    if (ImGui::BeginCombo("##level", State.Gen.CustomStride ? Tr("свой шаг") : level_label)) {
        for (int l = kAnchorMinLevel; l <= kAnchorMaxLevel; ++l) {
            char item[32];
            std::snprintf(item, sizeof(item), Tr("P%d (шаг %d)"), l, 1 << l);
            if (ImGui::Selectable(item, !State.Gen.CustomStride && State.Gen.Level == l)) {
                State.Gen.CustomStride = false;
                State.Gen.Level = l;
                SetPresetLevelAnchors(State.Gen);
            }
        }
        if (ImGui::Selectable(Tr("свой шаг"), State.Gen.CustomStride)) {
            State.Gen.CustomStride = true;
            State.Gen.Stride = 1 << State.Gen.Level;
        }
        ImGui::EndCombo();
    }
    if (State.Gen.CustomStride) {
        AnchorLabel(Tr("Шаг, px"));
        if (ImGui::SliderInt("##stride", &State.Gen.Stride, 4, 256)) SetPresetLevelAnchors(State.Gen);
        State.Gen.Stride = std::clamp(State.Gen.Stride, 4, 256);
    }
    int conv = State.Gen.Convention;
    const char* conv_labels[] = {Tr("torchvision (углы ячеек)"), Tr("центры ячеек")};
    AnchorLabel(Tr("Центры якорей"));
    if (ImGui::Combo("##conv", &conv, conv_labels, 2)) {
        State.Gen.Convention = std::clamp(conv, 0, 1);
        SetPresetLevelAnchors(State.Gen);
    }

    AnchorGenState& g = State.Gen;
    if (g.Preset == static_cast<int>(MatchPreset::Yolo) && !g.CustomStride && (g.Level < 3 || g.Level > 5)) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled(Tr("В YOLOv3 нет уровня P%d: взяты якоря P%d."), g.Level, std::clamp(g.Level, 3, 5));
        ImGui::PopTextWrapPos();
    }
    bool edited = false;
    if (g.UseShapes) {
        AnchorLabel(Tr("Формы якорей w×h, px"));
        for (int i = 0; i < g.ShapeCount; ++i)
            ImGui::BulletText("%.0f × %.0f", g.Shapes[static_cast<std::size_t>(2 * i)],
                              g.Shapes[static_cast<std::size_t>(2 * i + 1)]);
        if (ImGui::Button(Tr("Размеры × соотношения"), ImVec2(-1.0f, 0.0f))) {
            g.UseShapes = false;
            edited = true;
        }
    } else {
        AnchorLabel(Tr("Размеров на точку"));
        edited |= ImGui::SliderInt("##size_count", &g.SizeCount, 1, kAnchorMaxSizes);
        g.SizeCount = std::clamp(g.SizeCount, 1, kAnchorMaxSizes);
        for (int i = 0; i < g.SizeCount; ++i) {
            ImGui::PushID(i);
            ImGui::SetNextItemWidth(-1.0f);
            edited |= ImGui::SliderFloat("##size", &g.Sizes[static_cast<std::size_t>(i)], 4.0f, 1024.0f, Tr("размер %.0f"),
                                         ImGuiSliderFlags_Logarithmic);
            ImGui::PopID();
        }
        AnchorLabel(Tr("Соотношений h/w"));
        edited |= ImGui::SliderInt("##ratio_count", &g.RatioCount, 1, kAnchorMaxRatios);
        g.RatioCount = std::clamp(g.RatioCount, 1, kAnchorMaxRatios);
        for (int i = 0; i < g.RatioCount; ++i) {
            ImGui::PushID(100 + i);
            ImGui::SetNextItemWidth(-1.0f);
            edited |= ImGui::SliderFloat("##ratio", &g.Ratios[static_cast<std::size_t>(i)], 0.2f, 5.0f, "h/w %.2f",
                                         ImGuiSliderFlags_Logarithmic);
            ImGui::PopID();
        }
    }
    if (edited) g.Preset = static_cast<int>(MatchPreset::Custom);

    ImGui::SeparatorText(Tr("Сопоставление"));
    AnchorMatchState& m = State.Match;
    int rule = m.Rule;
    const char* rule_labels[] = {"Matcher (torchvision)", Tr("YOLO: лучшая форма")};
    AnchorLabel(Tr("Правило"));
    bool match_edited = ImGui::Combo("##rule", &rule, rule_labels, 2);
    m.Rule = std::clamp(rule, 0, 1);
    if (m.Rule == static_cast<int>(MatchRule::IouMatcher)) {
        AnchorLabel(Tr("Позитив: IoU ≥ high"));
        match_edited |= ImGui::SliderFloat("##high", &m.High, 0.05f, 1.0f, "%.2f");
        AnchorLabel(Tr("Негатив: IoU < low"));
        match_edited |= ImGui::SliderFloat("##low", &m.Low, 0.0f, 1.0f, "%.2f");
        match_edited |= ImGui::Checkbox(Tr("low-quality матчи"), &m.LowQuality);
    } else {
        AnchorLabel(Tr("Игнор: IoU > порога"));
        match_edited |= ImGui::SliderFloat("##ignore", &m.Ignore, 0.0f, 1.0f, "%.2f");
    }
    if (match_edited) g.Preset = static_cast<int>(MatchPreset::Custom);

    ImGui::SeparatorText(Tr("Показ"));
    ImGui::Checkbox(Tr("Сетка ячеек"), &State.ShowGrid);
    ImGui::Checkbox(Tr("Все якоря одной точки"), &State.OneLocation);
    ImGui::Spacing();
    if (ImGui::Button(Tr("Сбросить всё"), ImVec2(-1.0f, 0.0f))) {
        State = AnchorsState();
        LoadScene(false);
    }
}

} // namespace mlviz
