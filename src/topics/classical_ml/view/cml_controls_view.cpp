// Classical ML, the controls column: the tab's presets, the data set, then the tab's own
// parameters. Every widget is bound to the field table (core/classical_ml_state.cpp).
#include <algorithm>
#include <string>

#include "imgui.h"
#include "topics/classical_ml/view/cml_view.h"
#include "ui/controls.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

using S = ClassicalMlState;

// A row of small buttons choosing one of `count` classes (the active one highlighted).
bool ClassButtons(const char* id, int& value, int count)
{
    bool changed = false;
    ImGui::PushID(id);
    for (int k = 0; k < count; ++k) {
        if (k > 0) ImGui::SameLine(0.0f, 3.0f);
        const bool active = value == k;
        ImGui::PushStyleColor(ImGuiCol_Button, active ? CmlClassColor(k, 0.9f) : CmlClassColor(k, 0.3f));
        if (ImGui::Button(std::to_string(k + 1).c_str(), ImVec2(ImGui::GetFrameHeight() * 1.3f, 0.0f)) && !active) {
            value = k;
            changed = true;
        }
        ImGui::PopStyleColor();
    }
    ImGui::PopID();
    return changed;
}

void PresetCombo(S& s)
{
    const CmlTab tab = static_cast<CmlTab>(s.Tab);
    const std::vector<int> presets = CmlPresetsOfTab(tab);
    const bool mine = std::find(presets.begin(), presets.end(), s.Preset) != presets.end();
    Label(Tr("Пресет"));
    if (ImGui::BeginCombo("##preset", mine ? Tr(CmlPresetTitle(s.Preset)) : "—")) {
        for (int p : presets)
            if (ImGui::Selectable(Tr(CmlPresetTitle(p)), p == s.Preset)) s = CmlPresetState(p);
        ImGui::EndCombo();
    }
    if (mine) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", Tr(CmlPresetNote(s.Preset)));
        ImGui::PopTextWrapPos();
    }
}

void BlobSliders(S& s, int classes, bool three_d)
{
    const auto& t = ClassicalMlStateSchema();
    Label(Tr("Гауссов класс (на рисунке: центр и концы осей эллипса 2σ)"));
    s.Selected = std::min(s.Selected, classes - 1);
    ClassButtons("##cls", s.Selected, classes);
    const std::string k = std::to_string(s.Selected);
    FieldSlider(t, "m" + k + "x", s);
    FieldSlider(t, "m" + k + "y", s);
    if (three_d) FieldSlider(t, "m" + k + "z", s);
    FieldSlider(t, "v" + k + "x", s);
    FieldSlider(t, "v" + k + "y", s);
    if (three_d) FieldSlider(t, "v" + k + "z", s);
    FieldSlider(t, "c" + k + "xy", s);
    if (three_d) {
        FieldSlider(t, "c" + k + "xz", s);
        FieldSlider(t, "c" + k + "yz", s);
    }
}

// The data set of the PCA and ensemble tabs.
void DataControls(S& s, bool pca)
{
    const auto& t = ClassicalMlStateSchema();
    ImGui::SeparatorText(Tr("Данные"));
    const char* const shapes[] = {Tr("Гауссовы облака"), Tr("Две луны"), Tr("Круги"), "XOR"};
    FieldCombo(t, "data", s, shapes);
    const bool blobs = s.Shape == static_cast<int>(CmlShape::Blobs);
    if (blobs) {
        if (pca) FieldSlider(t, "dims", s);
        FieldSlider(t, "classes", s);
    }
    FieldSlider(t, "n", s);
    if (!blobs) FieldSlider(t, "noise", s);
    if (s.Shape == static_cast<int>(CmlShape::Circles)) FieldSlider(t, "factor", s);
    FieldSlider(t, "flip", s);
    FieldInputInt(t, "seed", s);
    const int classes = blobs ? s.Classes : 2;
    if (blobs) BlobSliders(s, classes, pca && s.Dims == 3);
    if (pca && blobs && s.Dims == 3) {
        FieldSlider(t, "yaw", s);
        FieldSlider(t, "pitch", s);
        return; // edits are 2-D only
    }
    Label(Tr("Щелчок по пустому месту добавляет точку класса:"));
    s.Brush = std::min(s.Brush, classes - 1);
    ClassButtons("##brush", s.Brush, classes);
    ImGui::TextDisabled(Tr("щелчок по точке убирает её; правок: +%d, −%d"), static_cast<int>(s.Added.size()),
                        static_cast<int>(s.Removed.size()));
    if (!s.Added.empty() || !s.Removed.empty()) {
        if (ImGui::Button(Tr("Отменить правки точек"))) {
            s.Added.clear();
            s.Removed.clear();
        }
    }
}

void EnsembleControls(S& s)
{
    const auto& t = ClassicalMlStateSchema();
    ImGui::SeparatorText(Tr("Случайный лес"));
    for (const char* key : {"rf_n", "rf_depth", "rf_leaf", "rf_feat"}) FieldSlider(t, key, s);
    FieldCheckbox(t, "boot", s);
    FieldInputInt(t, "rf_seed", s);
    ImGui::SeparatorText(Tr("Градиентный бустинг"));
    for (const char* key : {"gb_n", "lr", "gb_depth", "gb_leaf"}) FieldSlider(t, key, s);
    const char* const criteria[] = {"squared_error", "friedman_mse"};
    FieldCombo(t, "crit", s, criteria);
    ImGui::SeparatorText(Tr("Просмотр"));
    FieldSlider(t, "tree", s, nullptr, s.Tree < 0 ? Tr("последнее показанное") : "%d");
    FieldCheckbox(t, "test", s);
}

void ImbalanceControls(S& s)
{
    const auto& t = ClassicalMlStateSchema();
    ImGui::SeparatorText(Tr("Данные"));
    FieldSlider(t, "ratio", s);
    FieldSlider(t, "maj", s);
    FieldInputInt(t, "seed", s);
    BlobSliders(s, 2, false);
    ImGui::SeparatorText(Tr("Борьба с дисбалансом"));
    const char* const methods[] = {Tr("нет"), Tr("случайный oversampling"), Tr("случайный undersampling"), "SMOTE"};
    FieldCombo(t, "method", s, methods);
    if (s.Method == static_cast<int>(CmlResampling::Smote)) FieldSlider(t, "k", s);
    if (s.Method != static_cast<int>(CmlResampling::None)) FieldInputInt(t, "rs_seed", s);
    FieldCheckbox(t, "balanced", s);
    FieldSlider(t, "thr", s);
    ImGui::SeparatorText(Tr("Логистическая регрессия"));
    FieldSlider(t, "reg_c", s);
    FieldSlider(t, "degree", s);
    FieldCheckbox(t, "test", s);
}

} // namespace

void DrawCmlControls(ClassicalMlState& s)
{
    ImGui::PushTextWrapPos(0.0f); // notes and hints wrap in the narrow column
    PresetCombo(s);
    switch (static_cast<CmlTab>(s.Tab)) {
    case CmlTab::Pca: DataControls(s, true); break;
    case CmlTab::Ensemble:
        DataControls(s, false);
        EnsembleControls(s);
        break;
    case CmlTab::Imbalance: ImbalanceControls(s); break;
    case CmlTab::Count: break;
    }
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    if (ImGui::Button(Tr("Сбросить всё"))) s = ClassicalMlState();
}

} // namespace mlviz
