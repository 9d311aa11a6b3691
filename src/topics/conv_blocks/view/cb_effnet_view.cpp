// CNN building blocks view, q27: EfficientNet's compound scaling with the current φ, α, β, γ
// substituted, B0–B7 built layer by layer (parameters equal to torchvision 0.14's), and the chosen
// variant's stage table with multiply-adds per stage.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "topics/conv_blocks/view/conv_blocks_view.h"
#include "ui/controls.h"
#include "ui/tr.h"

namespace mlviz {

struct EfficientNetPanel::Impl {
    std::vector<EfficientNetSummary> Variants; // B0..B7 at their torchvision resolutions
    double Phi = -1, Alpha = 0, Beta = 0, Gamma = 0;
    std::optional<CompoundScaling> Compound;
    std::string Error;
};

EfficientNetPanel::EfficientNetPanel() : P(std::make_unique<Impl>()) {}
EfficientNetPanel::~EfficientNetPanel() = default;

void EfficientNetPanel::Update(const ConvBlocksState& s)
{
    Impl& d = *P;
    if (d.Variants.empty())
        for (int v = 0; v < static_cast<int>(EfficientNetVariant::Count); ++v)
            d.Variants.push_back(BuildEfficientNetVariant(static_cast<EfficientNetVariant>(v)));
    if (d.Phi == s.Phi && d.Alpha == s.Alpha && d.Beta == s.Beta && d.Gamma == s.Gamma) return;
    d.Phi = s.Phi, d.Alpha = s.Alpha, d.Beta = s.Beta, d.Gamma = s.Gamma;
    auto c = CompoundScale(s.Phi, s.Alpha, s.Beta, s.Gamma);
    d.Compound.reset();
    d.Error.clear();
    if (c)
        d.Compound = *c;
    else
        d.Error = Tr(c.Error());
}

void EfficientNetPanel::DrawControls(ConvBlocksState& s)
{
    const auto& t = ConvBlocksStateSchema();
    const char* const names[] = {"B0", "B1", "B2", "B3", "B4", "B5", "B6", "B7"};
    FieldCombo(t, "variant", s, names);
    ImGui::SeparatorText(Tr("Масштабирование"));
    for (const char* key : {"phi", "alpha", "beta", "gamma"}) FieldSlider(t, key, s);
    if (ImGui::Button(Tr("α, β, γ из статьи"))) s.Alpha = 1.2, s.Beta = 1.1, s.Gamma = 1.15;
}

namespace {

const char* StageName(const EfficientNetStage& st)
{
    switch (st.Kind) {
    case EfficientNetStageKind::Stem: return "stem conv 3×3";
    case EfficientNetStageKind::Head: return "head conv 1×1";
    case EfficientNetStageKind::Classifier: return "pool + Linear";
    default: return st.ExpandRatio == 1 ? "MBConv1" : "MBConv6";
    }
}

std::string Fixed(double v, int digits = 3)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

} // namespace

void EfficientNetPanel::Draw(const ViewContext& ctx, const ConvBlocksState& s)
{
    (void)ctx;
    const Impl& d = *P;
    const float font = ImGui::GetFontSize();
    ImGui::PushTextWrapPos(0.0f);
    if (d.Compound) {
        const CompoundScaling& c = *d.Compound;
        const double base = s.Alpha * s.Beta * s.Beta * s.Gamma * s.Gamma;
        ImGui::Text(Tr("φ = %.2f:  глубина d = α^φ = %.3f^%.2f = %.3f,  ширина w = β^φ = %.3f,  разрешение r = γ^φ = %.3f (%d "
                       "пикс. от 224)"),
                    c.Phi, c.Alpha, c.Phi, c.Depth, c.Width, c.Resolution, static_cast<int>(std::lround(224 * c.Resolution)));
        ImGui::Text(Tr("FLOPs ∝ d·w²·r² = (α·β²·γ²)^φ = %.3f^%.2f = %.3f;  при α·β²·γ² ≈ 2 каждый шаг φ удваивает FLOPs."), base,
                    c.Phi, c.FlopsFactor);
    } else {
        ErrorText(d.Error);
    }
    ImGui::PopTextWrapPos();

    const EfficientNetSummary& b0 = d.Variants[0];
    std::vector<std::vector<std::string>> rows = {
        {Tr("Вариант"), "w", "d", Tr("Разрешение"), Tr("Параметры"), "torchvision 0.14", Tr("MACs"), Tr("MACs / B0"), "d·w²·r²"}};
    for (int v = 0; v < static_cast<int>(d.Variants.size()); ++v) {
        const EfficientNetSummary& n = d.Variants[static_cast<std::size_t>(v)];
        const EfficientNetVariantInfo& info = EfficientNetVariants()[static_cast<std::size_t>(v)];
        const double r = n.Scaling.Resolution / 224.0;
        rows.push_back({std::string("B") + std::to_string(v), Fixed(info.Width, 1), Fixed(info.Depth, 1),
                        std::to_string(n.Scaling.Resolution), Thousands(n.Params),
                        Thousands(info.TorchvisionParams) + (n.Params == info.TorchvisionParams ? " ✓" : " ✗"),
                        Short(double(n.Macs)), Fixed(double(n.Macs) / b0.Macs, 2),
                        Fixed(info.Depth * info.Width * info.Width * r * r, 2)});
    }
    TextTable("##variants", rows, s.Variant + 1);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled(
        "%s",
        Tr("Опубликованные w, d и разрешения B1–B7 подобраны вручную и не равны α^φ, β^φ, γ^φ в точности. Реальный рост MACs "
           "больше d·w²·r²: каналы округляются до кратных 8, число повторов — вверх (ceil(n·d))."));
    ImGui::PopTextWrapPos();

    const int vi = std::clamp(s.Variant, 0, static_cast<int>(d.Variants.size()) - 1);
    const EfficientNetSummary& net = d.Variants[static_cast<std::size_t>(vi)];
    char title[96];
    std::snprintf(title, sizeof title, Tr("EfficientNet-B%d по стадиям (%d×%d, 1000 классов)"), vi, net.Scaling.Resolution,
                  net.Scaling.Resolution);
    ImGui::SeparatorText(title);
    std::int64_t max_macs = 1;
    for (const EfficientNetStage& st : net.Stages) max_macs = std::max(max_macs, st.Macs);
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_RowBg;
    if (ImGui::BeginTable("##stages", 9, flags)) {
        for (const char* h :
             {Tr("Стадия"), "k", Tr("шаг"), Tr("Разрешение"), Tr("Каналы"), Tr("Слоёв"), Tr("Параметры"), Tr("MACs"), ""})
            ImGui::TableSetupColumn(h, h[0] ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (const EfficientNetStage& st : net.Stages) {
            ImGui::TableNextRow();
            const std::array<std::string, 8> cells = {
                StageName(st),
                st.Kind == EfficientNetStageKind::Classifier ? "" : std::to_string(st.Kernel) + "×" + std::to_string(st.Kernel),
                std::to_string(st.Stride),
                std::to_string(st.InSide) + " → " + std::to_string(st.OutSide),
                std::to_string(st.InChannels) + " → " + std::to_string(st.OutChannels),
                std::to_string(st.Layers),
                Thousands(st.Params()),
                Short(double(st.Macs))};
            for (const std::string& c : cells) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(c.c_str());
            }
            ImGui::TableNextColumn();
            const ImVec2 o = ImGui::GetCursorScreenPos();
            const float w =
                std::max(font * 4.0f, ImGui::GetContentRegionAvail().x) * static_cast<float>(double(st.Macs) / max_macs);
            ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(o.x, o.y + 2), ImVec2(o.x + w, o.y + font - 1),
                                                      HighlightColor(2, 0.7f));
            ImGui::Dummy(ImVec2(1.0f, font));
        }
        ImGui::EndTable();
    }
    ImGui::Text(Tr("Всего: %s параметров, %s MACs (свёртки и Linear; BN, активации и масштабирование SE не считаются)."),
                Thousands(net.Params).c_str(), Short(double(net.Macs)).c_str());
}

} // namespace mlviz
