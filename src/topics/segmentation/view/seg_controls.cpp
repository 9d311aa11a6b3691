// Segmentation view, the controls column: per tab its own parameters, then the prediction's
// perturbations and the scene where the tab scores them. Every widget is bound to a field of the
// topic's field table (core/segmentation_state.cpp): the ranges live there.
#include <string>
#include <vector>

#include "topics/segmentation/view/seg_view.h"
#include "ui/controls.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

using Schema = StateSchema<SegmentationState>;

// An instance of the ground truth (or none) for the drop / merge / split perturbations: a list
// of the ids present, not a range.
void InstanceCombo(const char* label, const char* id, int& value, const Scene& scene)
{
    Label(label);
    ImGui::SetNextItemWidth(-1.0f);
    auto name = [&](int v) {
        if (v < 0) return std::string(Tr("нет"));
        std::string s = "#" + std::to_string(v);
        if (v >= 1 && v <= static_cast<int>(scene.Instances.size())) {
            const SceneInstance& in = scene.Instances[v - 1];
            s += std::string(" ") + SegClassLabel(in.Class) + (in.Crowd ? Tr(" (толпа)") : "");
        }
        return s;
    };
    if (ImGui::BeginCombo(id, name(value).c_str())) {
        if (ImGui::Selectable(name(-1).c_str(), value < 0)) value = -1;
        for (const SceneInstance& in : scene.Instances)
            if (ImGui::Selectable(name(in.Id).c_str(), value == in.Id)) value = in.Id;
        ImGui::EndCombo();
    }
}

void ClassCombo(const Schema& t, const char* key, SegmentationState& s, bool with_none, bool with_void,
                const char* label = nullptr)
{
    std::vector<const char*> names;
    if (with_none) names.push_back(Tr("нет"));
    for (int c = 0; c < kSegNumClasses; ++c) names.push_back(SegClassLabel(c));
    if (with_void) names.push_back(Tr("пустота (без метки)"));
    FieldCombo(t, key, s, names, label);
}

void SceneControls(const Schema& t, SegmentationState& s, bool open)
{
    ImGui::SetNextItemOpen(open, ImGuiCond_Once);
    if (!ImGui::CollapsingHeader(Tr("Сцена (разметка)"))) return;
    FieldInputInt(t, "seed", s);
    for (const char* key : {"cars", "people"}) FieldSlider(t, key, s);
    FieldCheckbox(t, "crowd", s);
    FieldSlider(t, "void", s);
}

void PredictionControls(const Schema& t, SegmentationState& s, const SegModel& m, bool open)
{
    ImGui::SetNextItemOpen(open, ImGuiCond_Once);
    if (!ImGui::CollapsingHeader(Tr("Ошибки предсказания"))) return;
    InstanceCombo(Tr("Пропустить экземпляр"), "##drop", s.Drop, m.TheScene);
    InstanceCombo(Tr("Слить с ближайшим того же класса"), "##merge", s.Merge, m.TheScene);
    InstanceCombo(Tr("Разрезать пополам"), "##split", s.Split, m.TheScene);
    for (const char* key : {"dx", "dy", "morph"}) FieldSlider(t, key, s);
    ClassCombo(t, "confuse", s, true, false);
    if (s.ConfuseFrom > 0) {
        ClassCombo(t, "confuse_to", s, true, false);
        FieldSlider(t, "confuse_frac", s);
    }
    FieldSlider(t, "fp", s);
    FieldInputInt(t, "pseed", s);
}

bool PaintControls(const Schema& t, SegmentationState& s, const SegModel& m)
{
    ImGui::SeparatorText(Tr("Рисование"));
    const char* const tools[] = {Tr("Кисть"), Tr("Заливка"), Tr("Стереть (без метки)"), Tr("Вернуть как было"), Tr("Пипетка")};
    FieldCombo(t, "tool", s, tools, Tr("Инструмент"));
    if (s.Tool != static_cast<int>(SegTool::Fill) && s.Tool != static_cast<int>(SegTool::Pick)) FieldSlider(t, "brush", s);
    ClassCombo(t, "pclass", s, false, true);
    if (SegIsThing(s.PaintClass)) {
        FieldInputInt(t, "pinst", s);
        if (ImGui::Button(Tr("Новый экземпляр"))) s.PaintInstance = std::min(MaxInstanceId(m.Pred) + 1, kSegMaxInstanceId);
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", Tr("Левая кнопка: инструмент; правая: пипетка"));
    ImGui::PopTextWrapPos();
    bool clear = false;
    if (m.Edits.EditedCount() > 0) {
        ImGui::Text(Tr("Изменено клеток: %d"), m.Edits.EditedCount());
        clear = ImGui::Button(Tr("Стереть правки"));
    }
    return clear;
}

void UnetControls(const Schema& t, SegmentationState& s, const SegModel& m)
{
    ImGui::SeparatorText(Tr("Размеры U-Net"));
    FieldSlider(t, "unet_in", s);
    // The nearest valid inputs: the tile sizes the unpadded network accepts.
    const UnetConfig c = SegUnetConfig(s);
    int below = -1, above = -1;
    for (int n = s.UnetInput - 1; n >= 1 && below < 0 && n > s.UnetInput - 4096; --n)
        if (UnetInputValid(c, n)) below = n;
    for (int n = s.UnetInput + 1; n <= kUnetMaxInput && above < 0; ++n)
        if (UnetInputValid(c, n)) above = n;
    ImGui::BeginDisabled(below < 0);
    if (ImGui::Button(below > 0 ? ("< " + std::to_string(below)).c_str() : "<")) s.UnetInput = below;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(above < 0);
    if (ImGui::Button(above > 0 ? (std::to_string(above) + " >").c_str() : ">")) s.UnetInput = above;
    ImGui::EndDisabled();
    SegHelpMarker(
        Tr("Ближайшие допустимые размеры входа: на каждом уровне перед max pool размер чётный, все размеры положительны."));
    for (const char* key : {"unet_depth", "unet_convs"}) FieldSlider(t, key, s);
    FieldCheckbox(t, "padded", s);
    FieldSlider(t, "unet_ch", s);
    ImGui::SeparatorText(Tr("Skip-соединения (демо)"));
    FieldSlider(t, "skip_depth", s);
    for (int l = 0; l < s.SkipDepth; ++l) {
        bool on = (s.Skips >> l) & 1;
        const std::string label =
            FormatString(Tr("skip уровня %d (%d×%d)"), l,
                         m.Skip && l < static_cast<int>(m.Skip->LevelWidth.size()) ? m.Skip->LevelWidth[l] : 0,
                         m.Skip && l < static_cast<int>(m.Skip->LevelHeight.size()) ? m.Skip->LevelHeight[l] : 0);
        if (WrappedCheckbox(label.c_str(), ("##skip" + std::to_string(l)).c_str(), on))
            s.Skips = on ? (s.Skips | (1 << l)) : (s.Skips & ~(1 << l));
    }
    if (ImGui::Button(Tr("Все"))) s.Skips = static_cast<int>(kSkipAll);
    ImGui::SameLine();
    if (ImGui::Button(Tr("Ни одного"))) s.Skips = 0;
    FieldCheckbox(t, "bilinear", s);
    ImGui::SeparatorText(Tr("Сцена (вход демо)"));
    FieldInputInt(t, "seed", s);
}

void RoiControls(const Schema& t, SegmentationState& s)
{
    ImGui::SeparatorText(Tr("Карта признаков"));
    FieldSlider(t, "fmap", s);
    FieldInputInt(t, "fseed", s);
    const char* const scales[] = {"1", "1/2", "1/4", "1/8", "1/16", "1/32"};
    FieldCombo(t, "scale", s, scales);
    ImGui::SeparatorText(Tr("Рамка, пиксели"));
    for (const char* key : {"x1", "y1", "x2", "y2"}) FieldSlider(t, key, s);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", Tr("Тащите углы рамки на картинке"));
    ImGui::PopTextWrapPos();
    ImGui::SeparatorText(Tr("Параметры"));
    FieldSlider(t, "out", s);
    FieldSlider(t, "sampling", s, nullptr, s.Sampling == 0 ? Tr("0: адаптивно") : "%d");
    FieldCheckbox(t, "aligned", s);
}

} // namespace

bool DrawSegControls(SegmentationState& s, const SegModel& m)
{
    const Schema& t = SegmentationStateSchema();
    bool clear = false;
    switch (static_cast<SegTab>(s.Tab)) {
    case SegTab::Scene:
        FieldCombo(t, "layer", s, std::vector<const char*>{Tr("семантическая"), Tr("экземпляры"), Tr("паноптическая")});
        FieldCheckbox(t, "gt", s);
        clear = PaintControls(t, s, m);
        PredictionControls(t, s, m, true);
        SceneControls(t, s, false);
        break;
    case SegTab::Semantic:
        ImGui::SeparatorText(Tr("Метрики"));
        ClassCombo(t, "bclass", s, false, false);
        FieldSlider(t, "tol", s);
        FieldSlider(t, "images", s);
        PredictionControls(t, s, m, true);
        SceneControls(t, s, false);
        break;
    case SegTab::Panoptic:
        PredictionControls(t, s, m, true);
        SceneControls(t, s, true);
        break;
    case SegTab::Ap:
        ImGui::SeparatorText(Tr("Оценка COCO"));
        FieldCombo(t, "iou_type", s, std::vector<const char*>{Tr("маскам (segm)"), Tr("рамкам (bbox)")});
        FieldCombo(t, "cat", s, std::vector<const char*>{SegClassLabel(kSegCar), SegClassLabel(kSegPerson)});
        FieldCombo(t, "area", s,
                   std::vector<const char*>{Tr("все"), Tr("малые (< 32²)"), Tr("средние (32²–96²)"), Tr("крупные (> 96²)")});
        FieldCombo(t, "maxdets", s, std::vector<const char*>{"1", "10", "100"});
        FieldSlider(t, "px", s);
        SegHelpMarker(Tr("Сцена 96×64 клеток изображает снимок в px раз крупнее: площади COCO (32², 96² пикселей) сравниваются с "
                         "площадью в клетках × px². IoU от этого не меняется."));
        FieldSlider(t, "noise", s);
        PredictionControls(t, s, m, true); // the score noise is above, with the COCO settings
        SceneControls(t, s, false);
        break;
    case SegTab::Unet: UnetControls(t, s, m); break;
    case SegTab::Roi: RoiControls(t, s); break;
    default: break;
    }
    ImGui::Spacing();
    if (ImGui::Button(Tr("Сбросить всё"))) {
        const int tab = s.Tab;
        s = SegmentationState();
        s.Tab = tab;
        clear = true; // the painted layer goes too, even one too large for the link
    }
    return clear;
}

} // namespace mlviz
