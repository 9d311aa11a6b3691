// CNN building blocks view, q56: one smooth feature map at two sizes pooled by a spatial pyramid
// into vectors of the same length; the bins of a level drawn with torch's adaptive pooling rule
// [floor(i·L/n), ceil((i+1)·L/n)) (core/spp.h), the pooled values, and the two vectors side by side.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "topics/conv_blocks/view/conv_blocks_view.h"
#include "ui/controls.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

struct SppInputs {
    int C, H1, W1, H2, W2, Blobs, Seed, L1, L2, L3, Pool;
    bool operator==(const SppInputs&) const = default;
};

SppInputs InputsOf(const ConvBlocksState& s)
{
    return {s.SppChannels, s.SppH1,     s.SppW1,     s.SppH2,     s.SppW2,  s.SppBlobs,
            s.SppSeed,     s.SppLevel1, s.SppLevel2, s.SppLevel3, s.SppPool};
}

std::string BinsText(const std::vector<AdaptiveBin>& bins)
{
    std::string s;
    for (const AdaptiveBin& b : bins) s += "[" + std::to_string(b.Start) + ", " + std::to_string(b.End) + ") ";
    return s;
}

} // namespace

struct SppPanel::Impl {
    SppInputs BuiltFor{};
    bool Built = false;
    std::string Error;
    Grid3 Maps[2];
    std::optional<SppResult> Results[2];
    double MaxDiff = 0.0;
};

SppPanel::SppPanel() : P(std::make_unique<Impl>()) {}
SppPanel::~SppPanel() = default;

void SppPanel::Update(const ConvBlocksState& s)
{
    Impl& d = *P;
    const SppInputs in = InputsOf(s);
    if (d.Built && in == d.BuiltFor) return;
    d = Impl{};
    d.Built = true;
    d.BuiltFor = in;
    int levels[3];
    const int count = SppLevels(s, levels);
    const int sizes[2][2] = {{s.SppH1, s.SppW1}, {s.SppH2, s.SppW2}};
    for (int k = 0; k < 2; ++k) {
        auto map = MakeBlobMap(s.SppChannels, sizes[k][0], sizes[k][1], s.SppBlobs, static_cast<std::uint32_t>(s.SppSeed));
        if (!map) {
            d.Error = Tr(map.Error());
            return;
        }
        auto r = SpatialPyramidPool(*map, std::span<const int>(levels, static_cast<std::size_t>(count)),
                                    s.SppPool == static_cast<int>(SppPoolKind::Avg) ? SppPool::Avg : SppPool::Max);
        if (!r) {
            d.Error = Tr(r.Error());
            return;
        }
        d.Maps[k] = std::move(*map);
        d.Results[k] = std::move(*r);
    }
    for (std::size_t i = 0; i < d.Results[0]->Vector.size(); ++i)
        d.MaxDiff = std::max(d.MaxDiff, std::fabs(d.Results[0]->Vector[i] - d.Results[1]->Vector[i]));
}

void SppPanel::DrawControls(ConvBlocksState& s)
{
    const auto& t = ConvBlocksStateSchema();
    for (const char* key : {"h1", "w1", "h2", "w2", "spp_c", "blobs"}) FieldSlider(t, key, s);
    FieldInputInt(t, "spp_seed", s);
    ImGui::SeparatorText(Tr("Пирамида"));
    for (const char* key : {"l1", "l2", "l3"}) FieldSlider(t, key, s);
    const char* const pools[] = {Tr("максимум"), Tr("среднее")};
    FieldCombo(t, "pool", s, pools);
    FieldSlider(t, "level", s);
    if (s.SppChannels > 1) FieldSlider(t, "ch", s);
}

void SppPanel::Draw(const ViewContext& ctx, ConvBlocksState& s)
{
    (void)ctx;
    const Impl& d = *P;
    if (!d.Error.empty() || !d.Results[0]) {
        ErrorText(d.Error);
        return;
    }
    int levels[3];
    const int count = SppLevels(s, levels);
    int shown = 0; // index among the active levels
    for (int k = 0, active = 0; k < 3; ++k) {
        const int v = k == 0 ? s.SppLevel1 : k == 1 ? s.SppLevel2 : s.SppLevel3;
        if (v > 0) {
            if (k == s.SppShownLevel) shown = active;
            ++active;
        }
    }
    const int ch = std::min(s.SppShownChannel, s.SppChannels - 1);
    const float font = ImGui::GetFontSize(), avail = ImGui::GetContentRegionAvail().x;
    const float half = (avail - font) * 0.5f;
    const int max_h = std::max(d.Maps[0].Dim(1), d.Maps[1].Dim(1));
    const float height_budget = std::max(font * 6.0f, ImGui::GetContentRegionAvail().y * 0.42f);
    for (int k = 0; k < 2; ++k) {
        const Grid3& map = d.Maps[k];
        const SppResult& r = *d.Results[k];
        const SppLevel& lv = r.Levels[static_cast<std::size_t>(shown)];
        const int H = map.Dim(1), W = map.Dim(2), n = lv.Bins;
        if (k == 1) ImGui::SameLine(0.0f, font);
        ImGui::BeginGroup();
        const float cell = std::clamp(std::min(half / std::max(W, 1), height_budget / std::max(1, max_h)), 2.0f, font * 1.4f);
        double scale = 1e-9;
        for (double v : map.Values) scale = std::max(scale, std::fabs(v));
        char title[96];
        std::snprintf(title, sizeof title, Tr("Карта %d: %d×%d×%d, канал %d"), k + 1, r.C, H, W, ch);
        GridSpec g{k == 0 ? "##m1" : "##m2", title, H, W, cell, scale, [&](int y, int x) { return map(ch, y, x); }, {}, {}};
        // Values only fit big cells; a map is read by its colours.
        const CellGrid cg = DrawCellGrid(g);
        GridSpec pooled{k == 0 ? "##p1" : "##p2",
                        std::to_string(n) + "×" + std::to_string(n),
                        n,
                        n,
                        std::clamp(half / std::max(1, n), font * 1.2f, font * 2.2f),
                        scale,
                        [&](int y, int x) { return lv.Values[(static_cast<std::size_t>(ch) * n + y) * n + x]; },
                        {},
                        {}};
        const CellGrid pg = DrawCellGrid(pooled);
        const int hy = pg.Hovered() ? pg.HoverY : -1, hx = pg.HoverX;
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                const AdaptiveBin& rb = lv.Rows[static_cast<std::size_t>(i)];
                const AdaptiveBin& cb = lv.Cols[static_cast<std::size_t>(j)];
                const bool on = i == hy && j == hx;
                OutlineCells(cg, rb.Start, cb.Start, rb.End - rb.Start, cb.End - cb.Start,
                             on ? HighlightColor(0) : HighlightColor(2, 0.8f), on ? 3.0f : 1.0f);
                if (!lv.ArgMax.empty()) {
                    const int idx = lv.ArgMax[(static_cast<std::size_t>(ch) * n + i) * n + j];
                    const ImVec2 c = cg.CellMin(idx / W, idx % W);
                    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(c.x + cell * 0.5f, c.y + cell * 0.5f),
                                                                std::max(1.5f, cell * 0.18f), HighlightColor(on ? 0 : 1));
                }
            }
        if (hy >= 0) {
            const AdaptiveBin& rb = lv.Rows[static_cast<std::size_t>(hy)];
            const AdaptiveBin& cb = lv.Cols[static_cast<std::size_t>(hx)];
            ImGui::SetTooltip(Tr("ячейка (%d, %d): строки [%d, %d), столбцы [%d, %d) → %s"), hy, hx, rb.Start, rb.End, cb.Start,
                              cb.End, Num(lv.Values[(static_cast<std::size_t>(ch) * n + hy) * n + hx]).c_str());
        }
        if (cg.Hovered()) ImGui::SetTooltip("(%d, %d) = %s", cg.HoverY, cg.HoverX, Num(map(ch, cg.HoverY, cg.HoverX)).c_str());
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + half);
        ImGui::TextDisabled(Tr("строки: %s"), BinsText(lv.Rows).c_str());
        ImGui::TextDisabled(Tr("столбцы: %s"), BinsText(lv.Cols).c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
    }

    // The two vectors, level by level.
    const std::vector<double>& v1 = d.Results[0]->Vector;
    const std::vector<double>& v2 = d.Results[1]->Vector;
    double scale = 1e-9;
    for (double v : v1) scale = std::max(scale, std::fabs(v));
    const float cw = std::clamp(avail / std::max<std::size_t>(1, v1.size()), 1.0f, font * 1.2f);
    std::string sum;
    for (int k = 0; k < count; ++k) sum += (k ? " + " : "") + std::to_string(levels[k]) + "²";
    ImGui::PushTextWrapPos(0.0f);
    ImGui::Text(Tr("Вектор SPP: длина C·(%s) = %d·%lld = %zu для обеих карт, какого бы размера они ни были; max |v₁ − v₂| = %s."),
                sum.c_str(), s.SppChannels, static_cast<long long>(v1.size()) / s.SppChannels, v1.size(), Num(d.MaxDiff).c_str());
    ImGui::PopTextWrapPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (int k = 0; k < 2; ++k) {
        const std::vector<double>& v = k == 0 ? v1 : v2;
        const ImVec2 o = ImGui::GetCursorScreenPos();
        const float h = font * 1.2f;
        for (std::size_t i = 0; i < v.size(); ++i)
            dl->AddRectFilled(ImVec2(o.x + i * cw, o.y), ImVec2(o.x + (i + 1) * cw, o.y + h), ValueColor(v[i], scale));
        std::size_t at = 0;
        for (int l = 0; l < count; ++l) {
            at += static_cast<std::size_t>(s.SppChannels) * levels[l] * levels[l];
            dl->AddLine(ImVec2(o.x + at * cw, o.y - 2), ImVec2(o.x + at * cw, o.y + h + 2), ImGui::GetColorU32(ImGuiCol_Text),
                        1.5f);
        }
        ImGui::Dummy(ImVec2(std::max(1.0f, v.size() * cw), h));
        ImGui::SameLine();
        ImGui::Text(Tr("карта %d"), k + 1);
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s",
                        Tr("Ячейка i из n по оси длины L: [floor(i·L/n), ceil((i+1)·L/n)) — правило torch.nn.AdaptiveMaxPool2d; "
                           "когда L не делится на n, соседние ячейки перекрываются. Точка — положение максимума."));
    ImGui::PopTextWrapPos();
}

} // namespace mlviz
