// CNN building blocks view, q45: an Inception module's four branches with their shapes, weights
// and multiply-adds, live, against the same module without 1×1 bottlenecks; GoogLeNet's 3a from
// the paper's Table 1 with its printed 159K next to the 163 328 its own widths give.
#include <algorithm>
#include <cstdio>

#include "topics/conv_blocks/view/conv_blocks_view.h"
#include "ui/controls.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

struct InceptionPanel::Impl {
    InceptionSpec BuiltFor;
    bool Built = false;
    std::optional<InceptionCost> Cost, Naive;
    std::string Error;
    const InceptionPreset* Preset = nullptr; // the GoogLeNet module the spec equals, if any
};

InceptionPanel::InceptionPanel() : P(std::make_unique<Impl>()) {}
InceptionPanel::~InceptionPanel() = default;

void InceptionPanel::Update(const ConvBlocksState& s)
{
    Impl& d = *P;
    if (d.Built && d.BuiltFor == s.Inception) return;
    d = Impl{};
    d.Built = true;
    d.BuiltFor = s.Inception;
    InceptionSpec naive = s.Inception;
    naive.Reduce3 = naive.Reduce5 = naive.ProjectPool = false;
    auto cost = InceptionModuleCost(s.Inception);
    auto bare = InceptionModuleCost(naive);
    if (!cost || !bare)
        d.Error = Tr(!cost ? cost.Error() : bare.Error());
    else
        d.Cost = *cost, d.Naive = *bare;
    for (const InceptionPreset& p : GoogLeNetInceptionPresets())
        if (p.Spec == s.Inception) d.Preset = &p;
}

void InceptionPanel::DrawControls(ConvBlocksState& s)
{
    const auto& t = ConvBlocksStateSchema();
    Label(Tr("Модуль GoogLeNet (табл. 1)"));
    const std::string preview = P->Preset ? std::string("inception (") + P->Preset->Name + ")" : std::string(Tr("свой"));
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##preset", preview.c_str())) {
        for (const InceptionPreset& p : GoogLeNetInceptionPresets())
            if (ImGui::Selectable((std::string("inception (") + p.Name + ")").c_str(), P->Preset == &p)) s.Inception = p.Spec;
        ImGui::EndCombo();
    }
    for (const char* key : {"in_side", "cin", "n1", "n3r", "n3", "n5r", "n5", "pp"}) FieldSlider(t, key, s);
    for (const char* key : {"red3", "red5", "proj"}) FieldCheckbox(t, key, s);
}

namespace {

struct Box {
    std::string Line1, Line2;
    double Share = 0.0; // of the module's multiply-adds
};

void DrawBox(ImDrawList* dl, ImVec2 a, ImVec2 b, const Box& box)
{
    const bool light = CurrentTheme() == Theme::Light;
    const ImVec4 base = ImGui::GetStyleColorVec4(ImGuiCol_FrameBg);
    const ImVec4 hot = light ? ImVec4(0.98f, 0.70f, 0.45f, 1.0f) : ImVec4(0.65f, 0.30f, 0.15f, 1.0f);
    const float t = static_cast<float>(std::clamp(box.Share, 0.0, 1.0));
    const ImVec4 c(base.x + (hot.x - base.x) * t, base.y + (hot.y - base.y) * t, base.z + (hot.z - base.z) * t, 1.0f);
    dl->AddRectFilled(a, b, ImGui::ColorConvertFloat4ToU32(c), 4.0f);
    dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border), 4.0f);
    const float font = ImGui::GetFontSize();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    for (int k = 0; k < 2; ++k) {
        const std::string& s = k == 0 ? box.Line1 : box.Line2;
        const ImVec2 ts = ImGui::CalcTextSize(s.c_str());
        const float scale = std::min(1.0f, (b.x - a.x - 6.0f) / std::max(1.0f, ts.x));
        const float fs = font * scale;
        dl->AddText(nullptr, fs, ImVec2((a.x + b.x - ts.x * scale) * 0.5f, a.y + 4.0f + k * (font + 2.0f)), text, s.c_str());
    }
}

void Arrow(ImDrawList* dl, ImVec2 from, ImVec2 to)
{
    const ImU32 c = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    dl->AddLine(from, to, c, 1.5f);
    dl->AddTriangleFilled(ImVec2(to.x - 4, to.y - 7), ImVec2(to.x + 4, to.y - 7), to, c);
}

std::string LayerName(const InceptionLayerCost& l)
{
    if (l.IsPool) return "max pool 3×3";
    return std::to_string(l.Kernel) + "×" + std::to_string(l.Kernel) + ", " + std::to_string(l.InChannels) + "→" +
        std::to_string(l.OutChannels);
}

} // namespace

void InceptionPanel::Draw(const ViewContext& ctx, const ConvBlocksState& s)
{
    (void)ctx;
    const Impl& d = *P;
    if (!d.Cost) {
        ErrorText(d.Error);
        return;
    }
    const InceptionCost& c = *d.Cost;
    const float font = ImGui::GetFontSize(), w = ImGui::GetContentRegionAvail().x;
    const float col_w = (w - font * 1.5f) / 4.0f, box_h = font * 2.0f + 10.0f, vgap = font * 1.1f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const std::string in = std::to_string(s.Inception.Height) + "×" + std::to_string(s.Inception.Width) + "×";
    const auto box_at = [&](int col, int row) {
        const ImVec2 a(o.x + col * (col_w + font * 0.5f), o.y + row * (box_h + vgap));
        return std::make_pair(a, ImVec2(a.x + col_w, a.y + box_h));
    };
    const ImVec2 in_a(o.x + w * 0.3f, o.y), in_b(o.x + w * 0.7f, o.y + box_h);
    DrawBox(dl, in_a, in_b, {Tr("Вход"), in + std::to_string(s.Inception.InChannels), 0.0});
    int deepest = 0;
    for (const InceptionBranchCost& b : c.Branches) deepest = std::max(deepest, static_cast<int>(b.Layers.size()));
    for (int k = 0; k < 4; ++k) {
        const InceptionBranchCost& b = c.Branches[static_cast<std::size_t>(k)];
        for (std::size_t l = 0; l < b.Layers.size(); ++l) {
            const InceptionLayerCost& layer = b.Layers[l];
            const int row = 1 + static_cast<int>(l) + (deepest - static_cast<int>(b.Layers.size()));
            const auto [a, e] = box_at(k, row);
            const std::string cost =
                layer.IsPool ? Tr("без параметров") : Thousands(layer.Weights) + " w, " + Short(double(layer.Macs)) + " MAC";
            DrawBox(dl, a, e, {LayerName(layer), cost, c.Macs ? double(layer.Macs) / c.Macs * 2.0 : 0.0});
            const ImVec2 from = l == 0 ? ImVec2((in_a.x + in_b.x) * 0.5f, in_b.y) : ImVec2((a.x + e.x) * 0.5f, a.y - vgap);
            Arrow(dl, from, ImVec2((a.x + e.x) * 0.5f, a.y));
        }
    }
    const auto [ca, ce] = box_at(0, deepest + 1);
    const ImVec2 cat_a(o.x + w * 0.25f, ca.y), cat_b(o.x + w * 0.75f, ce.y);
    for (int k = 0; k < 4; ++k) {
        const auto [a, e] = box_at(k, deepest);
        Arrow(dl, ImVec2((a.x + e.x) * 0.5f, e.y), ImVec2(std::clamp((a.x + e.x) * 0.5f, cat_a.x + 8, cat_b.x - 8), cat_a.y));
    }
    DrawBox(dl, cat_a, cat_b,
            {Tr("Конкатенация по каналам"),
             std::to_string(c.OutHeight) + "×" + std::to_string(c.OutWidth) + "×" + std::to_string(c.OutChannels), 0.0});
    ImGui::Dummy(ImVec2(w, cat_b.y - o.y + font * 0.5f));

    static const char* const names[] = {"1×1", "3×3", "5×5", "pool"};
    std::vector<std::vector<std::string>> rows = {
        {Tr("Ветвь"), Tr("Каналов"), Tr("Веса"), Tr("MACs"), Tr("Без 1×1: веса"), Tr("Без 1×1: MACs")}};
    for (int k = 0; k < 4; ++k) {
        const InceptionBranchCost& b = c.Branches[static_cast<std::size_t>(k)];
        const InceptionBranchCost& n = d.Naive->Branches[static_cast<std::size_t>(k)];
        rows.push_back({names[k], std::to_string(b.OutChannels), Thousands(b.Weights), Thousands(b.Macs), Thousands(n.Weights),
                        Thousands(n.Macs)});
    }
    rows.push_back({Tr("Всего"), std::to_string(c.OutChannels), Thousands(c.Weights), Thousands(c.Macs),
                    Thousands(d.Naive->Weights), Thousands(d.Naive->Macs)});
    TextTable("##inception", rows, static_cast<int>(rows.size()) - 1);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text(Tr("Веса свёртки k×k: k²·C_in·C_out; MACs = H·W·k²·C_in·C_out. Без узких 1×1 модуль стоит %s MACs и %s весов, с "
                   "ними — %s и %s (в %.1f раза меньше MACs). Смещения: ещё %s."),
                Short(double(d.Naive->Macs)).c_str(), Thousands(d.Naive->Weights).c_str(), Short(double(c.Macs)).c_str(),
                Thousands(c.Weights).c_str(), c.Macs ? double(d.Naive->Macs) / c.Macs : 0.0, Thousands(c.Biases).c_str());
    if (d.Preset && d.Preset->PaperParamsK > 0) {
        ImGui::Spacing();
        ImGui::Text(Tr("GoogLeNet inception (%s), Szegedy et al. 2014, табл. 1: выход %d×%d×%d; в таблице %dM операций — здесь "
                       "%s MACs. Параметры: таблица пишет %dK, но сумма по её же ширинам — %s весов без смещений (%s со "
                       "смещениями). Показано вычисленное значение; 159K не сходится с колонками таблицы."),
                    d.Preset->Name, c.OutHeight, c.OutWidth, c.OutChannels, d.Preset->PaperOpsM, Thousands(c.Macs).c_str(),
                    d.Preset->PaperParamsK, Thousands(c.Weights).c_str(), Thousands(c.Params()).c_str());
    } else if (d.Preset) {
        ImGui::TextDisabled(Tr("GoogLeNet inception (%s): ширины из табл. 1 статьи (и torchvision googlenet)."), d.Preset->Name);
    }
    ImGui::PopTextWrapPos();
}

} // namespace mlviz
