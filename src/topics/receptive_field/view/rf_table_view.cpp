// Receptive field: the per-layer table (output size, r, j, start, params, MACs) that is also
// the stack editor: change any value, insert, copy, move and delete layers.
#include <algorithm>
#include <array>
#include <string>
#include <vector>
#include <cstdio>

#include "topics/receptive_field/view/rf_view.h"

namespace mlviz {

namespace {

constexpr int kMaxKernelUi = 64, kMaxStrideUi = 16, kMaxDilationUi = 64, kMaxPaddingUi = 64, kMaxChannelsUi = 4096;

// One integer per axis: a single field while both axes agree (and not split), else two.
bool EditPair(const char* id, RfPair& v, int lo, int hi, bool split, float unit_w)
{
    ImGui::PushID(id);
    bool changed = false;
    if (split || v[0] != v[1]) {
        ImGui::SetNextItemWidth(unit_w * 2.0f);
        int tmp[2] = {v[0], v[1]};
        if (ImGui::DragInt2("##v", tmp, 0.1f, lo, hi)) {
            v = {std::clamp(tmp[0], lo, hi), std::clamp(tmp[1], lo, hi)};
            changed = true;
        }
    } else {
        ImGui::SetNextItemWidth(unit_w);
        int tmp = v[0];
        if (ImGui::DragInt("##v", &tmp, 0.1f, lo, hi)) {
            tmp = std::clamp(tmp, lo, hi);
            v = {tmp, tmp};
            changed = true;
        }
    }
    ImGui::PopID();
    return changed;
}

RfLayer DefaultConv()
{
    RfLayer l;
    l.Kernel = {3, 3};
    l.Padding = {1, 1};
    return l;
}

} // namespace

bool DrawRfTable(ReceptiveFieldState& s, const RfModel& m)
{
    bool changed = false;
    ImGui::PushTextWrapPos(0.0f);
    if (!m.Error.empty()) ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s", m.Error.c_str());
    ImGui::TextDisabled("%s",
                        Tr("k — ядро, s — шаг, p — паддинг, d — dilation, g — группы (g = C_in: depthwise). Нажмите на номер "
                           "слоя: вставить, переместить, удалить."));
    ImGui::PopTextWrapPos();
    ImGui::Checkbox(Tr("Высота и ширина раздельно"), &s.SplitAxes);

    const float unit_w = ImGui::GetFontSize() * 2.1f;
    const float footer = ImGui::GetFrameHeightWithSpacing() + 4.0f;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
        ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    const int move_none = -1;
    int move_from = move_none, move_to = move_none, erase = move_none, insert_at = move_none;
    RfLayer insert_layer;
    // Text of the derived columns first: fixed column widths from it, so that the table is
    // laid out right in its first frame (figures are rendered in one frame).
    std::vector<std::array<std::string, 6>> derived(static_cast<std::size_t>(s.LayerCount));
    for (int i = 0; i < s.LayerCount && m.Analysis; ++i) {
        const RfLayerInfo& info = m.Analysis->Layers[static_cast<std::size_t>(i)];
        derived[static_cast<std::size_t>(i)] = {
            PairText(info.OutSize[0], info.OutSize[1]),
            PairText(info.Rf[0], info.Rf[1]),
            PairText(info.Jump[0], info.Jump[1]),
            info.Start[0] == info.Start[1] ? HalfText(info.Start[0]) : HalfText(info.Start[0]) + ", " + HalfText(info.Start[1]),
            GroupDigits(info.Params),
            GroupDigits(info.Macs)};
    }
    // Definition first, then what follows from it (output, r, j, start), then channels and
    // costs: the numbers the reader asks about fit the narrow panel without scrolling.
    enum Col { kNum, kType, kK, kS, kP, kD, kOut, kR, kJ, kStart, kCout, kG, kParams, kMacs, kColCount };
    const char* headers[kColCount] = {"#", Tr("тип"), "k",     "s",     "p", "d",          Tr("выход"),
                                      "r", "j",       "start", "C_out", "g", Tr("парам."), "MACs"};
    const int derived_col[6] = {kOut, kR, kJ, kStart, kParams, kMacs};
    float widths[kColCount];
    const float pad = ImGui::GetStyle().FramePadding.x * 2.0f;
    for (int c = 0; c < kColCount; ++c) widths[c] = ImGui::CalcTextSize(headers[c]).x;
    widths[kNum] = std::max(widths[kNum], ImGui::CalcTextSize("64").x + pad);
    widths[kType] = ImGui::CalcTextSize("conv").x + pad;
    for (int c = kK; c <= kD; ++c) {
        bool pairs = s.SplitAxes;
        for (int i = 0; i < s.LayerCount; ++i) {
            const RfLayer& l = s.Layers[static_cast<std::size_t>(i)];
            const RfPair& v = c == kK ? l.Kernel : c == kS ? l.Stride : c == kP ? l.Padding : l.Dilation;
            pairs = pairs || v[0] != v[1];
        }
        widths[c] = pairs ? unit_w * 2.0f : unit_w;
    }
    widths[kCout] = std::max(widths[kCout], unit_w * 1.3f);
    widths[kG] = std::max(widths[kG], unit_w);
    const std::string totals[2] = {m.Analysis ? GroupDigits(m.Analysis->TotalParams()) : "",
                                   m.Analysis ? GroupDigits(m.Analysis->TotalMacs()) : ""};
    for (int d = 0; d < 6; ++d) {
        float& w = widths[derived_col[d]];
        for (const auto& row : derived) w = std::max(w, ImGui::CalcTextSize(row[static_cast<std::size_t>(d)].c_str()).x);
        if (d >= 4) w = std::max(w, ImGui::CalcTextSize(totals[d - 4].c_str()).x);
    }
    widths[kOut] = std::max(widths[kOut], ImGui::CalcTextSize(PairText(s.InputSize[0], s.InputSize[1]).c_str()).x);
    if (ImGui::BeginTable("layers", kColCount, flags,
                          ImVec2(0.0f, std::max(ImGui::GetContentRegionAvail().y - footer, 120.0f)))) {
        ImGui::TableSetupScrollFreeze(1, 1);
        for (int c = 0; c < kColCount; ++c) ImGui::TableSetupColumn(headers[c], ImGuiTableColumnFlags_WidthFixed, widths[c]);
        ImGui::TableHeadersRow();
        // Row 0: the input.
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(kNum);
        ImGui::TextDisabled("0");
        ImGui::TableSetColumnIndex(kType);
        ImGui::TextUnformatted(Tr("вход"));
        ImGui::TableSetColumnIndex(kOut);
        ImGui::TextUnformatted(PairText(s.InputSize[0], s.InputSize[1]).c_str());
        ImGui::TableSetColumnIndex(kR);
        ImGui::TextUnformatted("1");
        ImGui::TableSetColumnIndex(kJ);
        ImGui::TextUnformatted("1");
        ImGui::TableSetColumnIndex(kStart);
        ImGui::TextUnformatted("0");
        ImGui::TableSetColumnIndex(kCout);
        ImGui::TextDisabled("%d", s.InputChannels);

        for (int i = 0; i < s.LayerCount; ++i) {
            RfLayer& l = s.Layers[static_cast<std::size_t>(i)];
            const bool conv = l.Type == RfLayerType::Conv;
            const RfLayerInfo* info = m.Analysis ? &m.Analysis->Layers[static_cast<std::size_t>(i)] : nullptr;
            ImGui::PushID(i);
            ImGui::TableNextRow();
            if (i == m.ErrorLayer) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, IM_COL32(200, 60, 50, 90));
            ImGui::TableSetColumnIndex(kNum);
            char idx[16];
            std::snprintf(idx, sizeof idx, "%d", i + 1);
            if (ImGui::SmallButton(idx)) ImGui::OpenPopup("row");
            if (!l.NameView().empty()) ImGui::SetItemTooltip("%s", std::string(l.NameView()).c_str());
            if (ImGui::BeginPopup("row")) {
                if (!l.NameView().empty()) ImGui::TextDisabled("%s", std::string(l.NameView()).c_str());
                const bool room = s.LayerCount < kRfViewMaxLayers;
                if (ImGui::MenuItem(Tr("Копия ниже"), nullptr, false, room)) {
                    insert_at = i + 1;
                    insert_layer = l;
                }
                if (ImGui::MenuItem(Tr("Conv 3×3 ниже"), nullptr, false, room)) {
                    insert_at = i + 1;
                    insert_layer = DefaultConv();
                }
                if (ImGui::MenuItem(Tr("Выше"), nullptr, false, i > 0)) {
                    move_from = i;
                    move_to = i - 1;
                }
                if (ImGui::MenuItem(Tr("Ниже"), nullptr, false, i + 1 < s.LayerCount)) {
                    move_from = i;
                    move_to = i + 1;
                }
                if (ImGui::MenuItem(Tr("Удалить"), nullptr, false, s.LayerCount > 1)) erase = i;
                ImGui::EndPopup();
            }
            ImGui::TableSetColumnIndex(kType);
            int type = static_cast<int>(l.Type);
            ImGui::SetNextItemWidth(widths[kType]);
            const char* type_names[3] = {"conv", "max", "avg"};
            if (ImGui::BeginCombo("##type", type_names[std::clamp(type, 0, 2)], ImGuiComboFlags_NoArrowButton)) {
                for (int t = 0; t < 3; ++t)
                    if (ImGui::Selectable(type_names[t], t == type)) {
                        l.Type = static_cast<RfLayerType>(t);
                        if (l.Type == RfLayerType::AvgPool) l.Dilation = {1, 1};
                        changed = true;
                    }
                ImGui::EndCombo();
            }
            ImGui::TableSetColumnIndex(kK);
            changed |= EditPair("k", l.Kernel, 1, kMaxKernelUi, s.SplitAxes, unit_w);
            ImGui::TableSetColumnIndex(kS);
            changed |= EditPair("s", l.Stride, 1, kMaxStrideUi, s.SplitAxes, unit_w);
            ImGui::TableSetColumnIndex(kP);
            changed |= EditPair("p", l.Padding, 0, kMaxPaddingUi, s.SplitAxes, unit_w);
            ImGui::TableSetColumnIndex(kD);
            if (l.Type == RfLayerType::AvgPool)
                ImGui::TextDisabled("—");
            else
                changed |= EditPair("d", l.Dilation, 1, kMaxDilationUi, s.SplitAxes, unit_w);
            // Derived columns; "…" after an invalid layer.
            for (int d = 0; d < 6; ++d) {
                ImGui::TableSetColumnIndex(derived_col[d]);
                if (info)
                    ImGui::TextUnformatted(derived[static_cast<std::size_t>(i)][static_cast<std::size_t>(d)].c_str());
                else
                    ImGui::TextDisabled("…");
            }
            ImGui::TableSetColumnIndex(kCout);
            if (conv) {
                int out = l.OutChannels > 0 ? l.OutChannels : (info ? info->OutChannels : 1);
                ImGui::SetNextItemWidth(widths[kCout]);
                if (ImGui::DragInt("##cout", &out, 0.5f, 1, kMaxChannelsUi)) {
                    l.OutChannels = std::clamp(out, 1, kMaxChannelsUi);
                    changed = true;
                }
            } else {
                ImGui::TextDisabled("—");
            }
            ImGui::TableSetColumnIndex(kG);
            if (conv) {
                ImGui::SetNextItemWidth(widths[kG]);
                if (ImGui::DragInt("##g", &l.Groups, 0.1f, 1, kMaxChannelsUi)) {
                    l.Groups = std::clamp(l.Groups, 1, kMaxChannelsUi);
                    changed = true;
                }
            } else {
                ImGui::TextDisabled("—");
            }
            ImGui::PopID();
        }
        if (m.Analysis) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(kType);
            ImGui::TextDisabled("%s", Tr("всего"));
            ImGui::TableSetColumnIndex(kParams);
            ImGui::TextUnformatted(totals[0].c_str());
            ImGui::TableSetColumnIndex(kMacs);
            ImGui::TextUnformatted(totals[1].c_str());
        }
        ImGui::EndTable();
    }
    if (ImGui::Button("+ conv 3×3") && s.LayerCount < kRfViewMaxLayers) {
        insert_at = s.LayerCount;
        insert_layer = DefaultConv();
    }
    ImGui::SameLine();
    if (ImGui::Button("+ max pool 2×2") && s.LayerCount < kRfViewMaxLayers) {
        insert_at = s.LayerCount;
        insert_layer = RfLayer{};
        insert_layer.Type = RfLayerType::MaxPool;
        insert_layer.Kernel = insert_layer.Stride = {2, 2};
    }

    // Structural edits after the table, so that no widget ids shift mid-frame.
    auto begin = s.Layers.begin();
    if (insert_at >= 0 && s.LayerCount < kRfViewMaxLayers) {
        std::move_backward(begin + insert_at, begin + s.LayerCount, begin + s.LayerCount + 1);
        insert_layer.InChannels = 0;
        s.Layers[static_cast<std::size_t>(insert_at)] = insert_layer;
        ++s.LayerCount;
        changed = true;
    } else if (move_from >= 0) {
        std::swap(s.Layers[static_cast<std::size_t>(move_from)], s.Layers[static_cast<std::size_t>(move_to)]);
        changed = true;
    } else if (erase >= 0 && s.LayerCount > 1) {
        std::move(begin + erase + 1, begin + s.LayerCount, begin + erase);
        --s.LayerCount;
        changed = true;
    }
    return changed;
}

} // namespace mlviz
