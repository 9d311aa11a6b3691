// Receptive-field explorer: stacked 2-D layers with dilation, real architectures, the
// effective receptive field, padding and parameter counts (q47, 48, 66, 83, 84, 59, 81, 44, 63, 20, 42).
#include <algorithm>
#include <cstdio>

#include "topics/receptive_field/view/rf_view.h"
#include "topics/views.h"
#include "ui/topic_layout.h"
#include "ui/topic_view_base.h"

namespace mlviz {

RfUnit SelectedUnit(const ReceptiveFieldState& s, const RfModel& m)
{
    if (!m.Analysis) return {};
    const int top = m.MapCount() - 1;
    RfUnit u;
    u.Map = (s.SelMap < 0 || s.SelMap > top) ? top : s.SelMap;
    const RfPair n = MapSize(*m.Analysis, u.Map);
    const bool fresh = s.SelMap < 0 || s.SelMap > top;
    u.Y = (fresh || s.SelY < 0) ? (n[0] - 1) / 2 : std::min(s.SelY, n[0] - 1);
    u.X = (fresh || s.SelX < 0) ? (n[1] - 1) / 2 : std::min(s.SelX, n[1] - 1);
    return u;
}

int PanelLayer(const ReceptiveFieldState& s, const RfModel& m)
{
    const int layers = static_cast<int>(m.Stack.Layers.size());
    if (layers == 0) return -1;
    const int map = s.SelMap < 0 || s.SelMap > layers ? layers : s.SelMap;
    return std::clamp(map - 1, 0, layers - 1);
}

std::string PairText(std::int64_t a, std::int64_t b)
{
    return a == b ? std::to_string(a) : std::to_string(a) + "×" + std::to_string(b);
}

std::string HalfText(double v)
{
    char buf[32];
    if (v == static_cast<double>(static_cast<std::int64_t>(v)))
        std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    else
        std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string GroupDigits(std::int64_t v)
{
    const std::string digits = std::to_string(v < 0 ? -v : v);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u202F"; // narrow no-break space
        out += digits[i];
    }
    return v < 0 ? "−" + out : out;
}

std::string RfLayerSummary(const RfLayer& l)
{
    std::string s = l.Type == RfLayerType::Conv ? "conv " : (l.Type == RfLayerType::MaxPool ? "max " : "avg ");
    s += PairText(l.Kernel[0], l.Kernel[1]) + (l.Kernel[0] == l.Kernel[1] ? "×" + std::to_string(l.Kernel[1]) : "");
    if (l.Stride[0] != 1 || l.Stride[1] != 1) s += " /" + PairText(l.Stride[0], l.Stride[1]);
    if (l.Dilation[0] != 1 || l.Dilation[1] != 1) s += " d" + PairText(l.Dilation[0], l.Dilation[1]);
    if (l.Type == RfLayerType::Conv && l.Groups > 1) s += " g" + std::to_string(l.Groups);
    return s;
}

void RfLabel(const char* text)
{
    ImGui::TextDisabled("%s", text);
    ImGui::SetNextItemWidth(-1.0f);
}

void RfTextTable(const char* id, const std::vector<std::vector<std::string>>& rows)
{
    if (rows.empty()) return;
    const std::size_t cols = rows[0].size();
    if (!ImGui::BeginTable(id, static_cast<int>(cols), ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerH)) return;
    for (std::size_t c = 0; c < cols; ++c) {
        float w = 0.0f;
        for (const auto& r : rows)
            if (c < r.size()) w = std::max(w, ImGui::CalcTextSize(r[c].c_str()).x);
        ImGui::TableSetupColumn(rows[0][c].c_str(), ImGuiTableColumnFlags_WidthFixed, w);
    }
    ImGui::TableHeadersRow();
    for (std::size_t i = 1; i < rows.size(); ++i) {
        ImGui::TableNextRow();
        for (std::size_t c = 0; c < cols; ++c) {
            ImGui::TableNextColumn();
            if (c < rows[i].size()) ImGui::TextUnformatted(rows[i][c].c_str());
        }
    }
    ImGui::EndTable();
}

namespace {

// Russian keys, translated where drawn (Tr needs the language, chosen after start-up).
constexpr const char* kTabNames[] = {"Поле", "Таблица", "ERF", "Паддинг", "Параметры"};

bool SameLayer(const RfLayer& a, const RfLayer& b)
{
    return a.Type == b.Type && a.Kernel == b.Kernel && a.Stride == b.Stride && a.Padding == b.Padding &&
        a.Dilation == b.Dilation && a.InChannels == b.InChannels && a.OutChannels == b.OutChannels && a.Groups == b.Groups &&
        a.Bias == b.Bias && a.Name == b.Name;
}

class ReceptiveFieldView final : public TopicViewOf<ReceptiveFieldState> {
public:
    ReceptiveFieldView() : TopicViewOf(RfCodec()) {}
    void Draw(ViewContext& ctx) override;

private:
    void OnStateDecoded(const KeyValues&, std::vector<Message>&) override { ModelValid = false; }
    void UpdateModel();
    void DrawControls();
    void DrawPanels(ViewContext& ctx);

    RfModel Model;
    bool ModelValid = false;
    RfStackPicture Picture;
    RfErfPanel Erf;
};

void ReceptiveFieldView::UpdateModel()
{
    RfStack stack = StackOf(State);
    if (ModelValid && stack.InputSize == Model.Stack.InputSize && stack.InputChannels == Model.Stack.InputChannels &&
        stack.Layers.size() == Model.Stack.Layers.size() &&
        std::equal(stack.Layers.begin(), stack.Layers.end(), Model.Stack.Layers.begin(), SameLayer))
        return;
    Model.Stack = std::move(stack);
    auto analysis = AnalyzeStack(Model.Stack);
    Model.ErrorLayer = -1;
    if (analysis) {
        Model.Analysis = std::move(analysis.Value());
        Model.Error.clear();
    } else {
        Model.Analysis.reset();
        Model.Error = Tr(analysis.Error());
        // The first prefix that fails ends with the culprit (cheap: at most 64 short passes).
        RfStack prefix = Model.Stack;
        for (std::size_t k = 0; k <= Model.Stack.Layers.size(); ++k) {
            prefix.Layers.assign(Model.Stack.Layers.begin(), Model.Stack.Layers.begin() + static_cast<std::ptrdiff_t>(k));
            if (!AnalyzeStack(prefix)) {
                Model.ErrorLayer = static_cast<int>(k) - 1;
                break;
            }
        }
    }
    ++Model.Version;
    ModelValid = true;
}

void ReceptiveFieldView::DrawControls()
{
    ImGui::PushTextWrapPos(0.0f);
    const RfPresetInfo& info = RfPresetInfoOf(static_cast<RfPreset>(State.Preset));
    RfLabel(Tr("Архитектура"));
    // Title and Note are Russian literals in core/rf_presets.cpp (null-terminated); English in ui_en.tsv.
    const std::string preview = std::string(Tr(info.Title.data())) + (State.Edited ? " *" : "");
    if (ImGui::BeginCombo("##preset", preview.c_str())) {
        for (const RfPresetInfo& p : RfPresets()) {
            if (p.Id == RfPreset::Stack3x3) ImGui::SeparatorText(Tr("Учебные"));
            if (ImGui::Selectable(Tr(p.Title.data()), p.Id == info.Id && !State.Edited)) LoadRfPreset(State, p.Id);
        }
        ImGui::EndCombo();
    }
    ImGui::TextDisabled("%s%s", Tr(info.Note.data()), State.Edited ? Tr(" (изменено)") : "");
    if (info.HasDepth) {
        RfLabel(Tr("Слоёв N"));
        if (ImGui::SliderInt("##depth", &State.Depth, kRfPresetDepthMin, std::min(kRfPresetDepthMax, kRfViewMaxLayers))) {
            State.Depth = std::clamp(State.Depth, kRfPresetDepthMin, kRfPresetDepthMax);
            const RfPair keep = State.InputSize;
            LoadRfPreset(State, info.Id);
            State.InputSize = keep;
        }
    }
    RfLabel(Tr("Вход: высота × ширина"));
    int size[2] = {State.InputSize[0], State.InputSize[1]};
    if (ImGui::DragInt2("##input", size, 0.5f, 1, kRfViewMaxInput)) {
        State.InputSize = {std::clamp(size[0], 1, kRfViewMaxInput), std::clamp(size[1], 1, kRfViewMaxInput)};
    }
    RfLabel(Tr("Каналов на входе"));
    if (ImGui::DragInt("##channels", &State.InputChannels, 0.5f, 1, 4096)) {
        State.InputChannels = std::clamp(State.InputChannels, 1, 4096);
    }
    if (ImGui::Button(Tr("Сбросить пресет"))) LoadRfPreset(State, info.Id);

    ImGui::SeparatorText(Tr("Выбранный нейрон"));
    if (Model.Analysis) {
        const RfUnit u = SelectedUnit(State, Model);
        const RfLayer* l = u.Map > 0 ? &Model.Stack.Layers[static_cast<std::size_t>(u.Map - 1)] : nullptr;
        const std::string where = u.Map == 0 ? std::string(Tr("вход"))
                                             : std::string(Tr("слой")) + " " + std::to_string(u.Map) +
                (l->NameView().empty() ? "" : " (" + std::string(l->NameView()) + ")");
        ImGui::Text("%s, (%d, %d)", where.c_str(), u.Y, u.X);
        ImGui::TextDisabled("%s", Tr("Наведите или нажмите на ячейку в «Поле»; поле ERF считается для этого нейрона."));
        if (ImGui::Button(Tr("Центр верхнего слоя"))) State.SelMap = State.SelY = State.SelX = -1;
    }
    if (State.Tab == static_cast<int>(RfTab::Erf)) Erf.DrawControls(State);
    ImGui::PopTextWrapPos();
}

// Tabs as a row of toggle buttons rather than an ImGui tab bar: the selection is plain state
// (URL, figures rendered in one frame) and wraps onto a second line in a narrow panel.
void DrawTabButtons(int& tab)
{
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (int t = 0; t < static_cast<int>(RfTab::Count); ++t) {
        const float w = ImGui::CalcTextSize(Tr(kTabNames[t])).x + ImGui::GetStyle().FramePadding.x * 2.0f;
        if (t > 0) {
            ImGui::SameLine(0.0f, 3.0f);
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        const bool active = tab == t;
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(active ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
        if (ImGui::Button(Tr(kTabNames[t]))) tab = t;
        ImGui::PopStyleColor();
    }
    ImGui::Separator();
}

void ReceptiveFieldView::Draw(ViewContext& ctx)
{
    UpdateModel();
    State.Tab = std::clamp(State.Tab, 0, static_cast<int>(RfTab::Count) - 1);
    DrawTopicLayout(
        ctx, [&] { DrawControls(); }, [&] { DrawPanels(ctx); });
}

void ReceptiveFieldView::DrawPanels(ViewContext& ctx)
{
    if (ctx.ShowControls) DrawTabButtons(State.Tab);
    const auto tab = static_cast<RfTab>(State.Tab);
    if (!Model.Analysis && tab != RfTab::Table) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), Tr("Стек некорректен: %s"), Model.Error.c_str());
        ImGui::TextDisabled("%s", Tr("Исправьте слой во вкладке «Таблица» или выберите пресет."));
        ImGui::PopTextWrapPos();
        return;
    }
    switch (tab) {
    case RfTab::Field: Picture.Draw(ctx, State, Model); break;
    case RfTab::Table:
        if (DrawRfTable(State, Model)) State.Edited = true;
        break;
    case RfTab::Erf: Erf.Draw(ctx, State, Model); break;
    case RfTab::Padding: DrawRfPaddingPanel(State, Model); break;
    case RfTab::Params: DrawRfParamsPanel(State, Model); break;
    case RfTab::Count: break;
    }
}

} // namespace

std::unique_ptr<TopicView> CreateReceptiveFieldView()
{
    return std::make_unique<ReceptiveFieldView>();
}

} // namespace mlviz
