// Classical detectors, integral tab (q49): the summed-area table of a 10 x 10 reduction of the
// photo written cell by cell, a rectangle summed with four look-ups, and a Haar feature dragged
// over the photo with its response at every placement as a heatmap.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/colormap.h"
#include "topics/classical_detectors/core/haar_features.h"
#include "topics/classical_detectors/core/resize_exact.h"
#include "topics/classical_detectors/view/cd_view.h"
#include "ui/controls.h"
#include "ui/image_textures.h"
#include "ui/playback_bar.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

HaarFeature FeatureOf(const ClassicalDetectorsState& s)
{
    HaarFeature f;
    f.Kind = static_cast<HaarFeatureKind>(s.Feature);
    f.X = s.FeatX;
    f.Y = s.FeatY;
    f.CellW = s.CellW;
    f.CellH = s.CellH;
    return f;
}

ImU32 TextOn(int grey)
{
    return grey > 120 ? IM_COL32(0, 0, 0, 255) : IM_COL32(255, 255, 255, 255);
}

} // namespace

void ClassicalDetectorsView::UpdateIntegral()
{
    if (IntegralFor != PhotoVersion) {
        auto small = ResizeLinearExact(Grey, kCdSmallSide, kCdSmallSide);
        Small = small ? small.Value() : MakeGreyImage(kCdSmallSide, kCdSmallSide, 0);
        auto st = IntegralStepper::Start(Small);
        Stepper.reset();
        if (st) Stepper.emplace(std::move(st.Value()));
        SmallIntegral = ComputeIntegral(Small).Value();
        PhotoIntegral = ComputeIntegral(Grey).Value();
        IntegralFor = PhotoVersion;
        HaarFor[4] = -1;
    }
    // Cross-field rules: the rectangle inside the small image, the feature inside the photo.
    State.RectW = std::min(State.RectW, kCdSmallSide - State.RectX);
    State.RectH = std::min(State.RectH, kCdSmallSide - State.RectY);
    const auto kind = static_cast<HaarFeatureKind>(State.Feature);
    State.CellW = std::min(State.CellW, Grey.Width / HaarCellsX(kind));
    State.CellH = std::min(State.CellH, Grey.Height / HaarCellsY(kind));
    const HaarFeature f = FeatureOf(State);
    State.FeatX = std::clamp(State.FeatX, 0, Grey.Width - f.Box().W);
    State.FeatY = std::clamp(State.FeatY, 0, Grey.Height - f.Box().H);
    if (Stepper) Stepper->Seek(State.Step < 0 ? Stepper->CellCount() : State.Step);

    const int key[5] = {State.Feature, State.CellW, State.CellH, State.Normalised ? 1 : 0, static_cast<int>(PhotoVersion)};
    if (!std::equal(key, key + 5, HaarFor)) {
        std::copy(key, key + 5, HaarFor);
        HaarMapW = std::max(0, HaarMapWidth(PhotoIntegral, f));
        HaarMapH = std::max(0, HaarMapHeight(PhotoIntegral, f));
        HaarMap.assign(static_cast<std::size_t>(HaarMapW) * HaarMapH, 0.0f);
        HaarRows = 0;
    }
    const auto t0 = std::chrono::steady_clock::now();
    while (HaarRows < HaarMapH &&
           std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() < kCdSliceMs) {
        const int end = std::min(HaarMapH, HaarRows + 16);
        if (!FillHaarResponseMap(PhotoIntegral, f, State.Normalised, HaarRows, end, HaarMap)) HaarMapH = 0;
        HaarRows = end;
        if (HaarRows >= HaarMapH && HaarMapH > 0) { // colour it: blue < 0 < red, symmetric
            float m = 1e-6f;
            for (float v : HaarMap) m = std::max(m, std::fabs(v));
            HaarLo = -m;
            HaarHi = m;
            HaarOverlay.Width = HaarMapW;
            HaarOverlay.Height = HaarMapH;
            HaarOverlay.Pixels.resize(static_cast<std::size_t>(HaarMapW) * HaarMapH * 4);
            for (std::size_t i = 0; i < HaarMap.size(); ++i) {
                const Rgb8 c = SampleColormap(Colormap::Diverging, 0.5 + 0.5 * HaarMap[i] / m);
                std::uint8_t* p = &HaarOverlay.Pixels[i * 4];
                p[0] = c.R, p[1] = c.G, p[2] = c.B, p[3] = 130;
            }
            ++HaarVersion;
        }
    }
}

void ClassicalDetectorsView::DrawIntegralControls()
{
    const auto& t = ClassicalDetectorsStateSchema();
    ImGui::SeparatorText(Tr("Построение таблицы"));
    const int count = kCdSmallSide * kCdSmallSide;
    const int step = State.Step < 0 ? count : std::min(State.Step, count);
    PlaybackInput in;
    const PlaybackState shown{step, State.Playing, State.Speed, PlayClock};
    DrawPlaybackButtons(shown, in);
    DrawPlaybackScrub(shown, count, Tr("клеток %d"), in);
    PlaybackState speed = shown;
    DrawPlaybackSpeed(speed, 1.0f, 100.0f, Tr("%.0f клеток/с"));
    State.Speed = speed.Speed;
    PlayIntegral(in);
    ImGui::SeparatorText(Tr("Прямоугольник"));
    CdHint(Tr("Тяните мышью по пикселям"));
    for (const char* key : {"rx", "ry", "rw", "rh"}) FieldSlider(t, key, State);
    ImGui::SeparatorText(Tr("Признак Хаара"));
    CdHint(Tr("Тяните его мышью по фото; квадратик в углу меняет размер"));
    const char* const kinds[] = {Tr("Край: правая − левая"), Tr("Край: нижняя − верхняя"), Tr("Линия: вертикальная"),
                                 Tr("Линия: горизонтальная"), Tr("Шахматный 2 × 2")};
    FieldCombo(t, "feature", State, kinds);
    FieldSlider(t, "cw", State);
    FieldSlider(t, "ch", State);
    FieldCheckbox(t, "norm", State);
}

void ClassicalDetectorsView::DrawSmallTables(ImVec2 size)
{
    if (!Stepper) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    const float ch = std::clamp(size.y / (kCdSmallSide + 2.5f), fs * 1.2f, fs * 1.8f);
    const float pw = std::max(ch, fs * 2.3f), iw = fs * 3.7f;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const ImVec2 po(o.x, o.y + fs * 1.4f), io(o.x + pw * kCdSmallSide + fs * 2.0f, o.y + fs * 1.4f);
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text), grid = ImGui::GetColorU32(ImGuiCol_Border);
    dl->AddText(o, text, Tr("Пиксели I (фото 10 × 10)"));
    dl->AddText(ImVec2(io.x, o.y), text, Tr("Интегральная таблица S (11 × 11)"));
    const IntegralStep last = Stepper->Last();
    const bool stepping = Stepper->CellsDone() > 0 && !Stepper->Finished();
    char buf[32];
    for (int y = 0; y < kCdSmallSide; ++y)
        for (int x = 0; x < kCdSmallSide; ++x) {
            const int g = Small.At(x, y);
            const ImVec2 a(po.x + x * pw, po.y + y * ch), b(a.x + pw, a.y + ch);
            dl->AddRectFilled(a, b, IM_COL32(g, g, g, 255));
            std::snprintf(buf, sizeof buf, "%d", g);
            dl->AddText(ImVec2(a.x + 2.0f, a.y + (ch - fs) * 0.5f), TextOn(g), buf);
        }
    const IntRect r{State.RectX, State.RectY, State.RectW, State.RectH};
    dl->AddRect(ImVec2(po.x + r.X * pw, po.y + r.Y * ch), ImVec2(po.x + (r.X + r.W) * pw, po.y + (r.Y + r.H) * ch), AccentColor(),
                0.0f, 0, 3.0f);
    if (stepping)
        dl->AddRect(ImVec2(po.x + (last.X - 1) * pw, po.y + (last.Y - 1) * ch), ImVec2(po.x + last.X * pw, po.y + last.Y * ch),
                    CdBad(), 0.0f, 0, 2.5f);
    // The table: written cells, the one just written and the three it read.
    const auto& table = Stepper->Table();
    for (int y = 0; y <= kCdSmallSide; ++y)
        for (int x = 0; x <= kCdSmallSide; ++x) {
            const std::int64_t v = table[static_cast<std::size_t>(y) * (kCdSmallSide + 1) + x];
            const ImVec2 a(io.x + x * iw, io.y + y * ch), b(a.x + iw, a.y + ch);
            dl->AddRect(a, b, grid);
            if (v < 0) continue;
            std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
            dl->AddText(ImVec2(a.x + 3.0f, a.y + (ch - fs) * 0.5f), text, buf);
        }
    const auto mark = [&](int x, int y, ImU32 c, float th) {
        dl->AddRect(ImVec2(io.x + x * iw, io.y + y * ch), ImVec2(io.x + (x + 1) * iw, io.y + (y + 1) * ch), c, 0.0f, 0, th);
    };
    if (stepping) {
        mark(last.X, last.Y, CdBad(), 3.0f);
        for (const auto& [x, y] : {std::pair{last.X - 1, last.Y}, {last.X, last.Y - 1}, {last.X - 1, last.Y - 1}})
            mark(x, y, CdGood(), 2.0f);
    }
    // The four corners of the rectangle sum, lettered.
    auto lookup = LookupRectSum(SmallIntegral, r);
    const char* letters[] = {"A", "B", "C", "D"};
    if (lookup)
        for (int k = 0; k < 4; ++k) {
            mark(lookup.Value().CornerX[k], lookup.Value().CornerY[k], AccentColor(), 3.0f);
            dl->AddText(ImVec2(io.x + (lookup.Value().CornerX[k] + 1) * iw - fs * 0.8f,
                               io.y + lookup.Value().CornerY[k] * ch + (ch - fs) * 0.5f),
                        AccentColor(), letters[k]);
        }
    // Drag over the pixels to choose the rectangle; hover the table for what a cell holds.
    ImGui::SetCursorScreenPos(po);
    ImGui::InvisibleButton("##pixels", ImVec2(pw * kCdSmallSide, ch * kCdSmallSide));
    const ImVec2 m = ImGui::GetIO().MousePos;
    // Clamped as floats first: with no mouse ImGui reports -FLT_MAX, which overflows an int.
    const auto cell = [](float offset, float size, int last) {
        return static_cast<int>(std::clamp(offset / size, 0.0f, static_cast<float>(last)));
    };
    const int mx = cell(m.x - po.x, pw, kCdSmallSide - 1);
    const int my = cell(m.y - po.y, ch, kCdSmallSide - 1);
    if (ImGui::IsItemActivated()) State.RectX = mx, State.RectY = my, State.RectW = State.RectH = 1;
    if (ImGui::IsItemActive()) {
        State.RectW = std::max(1, mx - State.RectX + 1);
        State.RectH = std::max(1, my - State.RectY + 1);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("I(%d, %d) = %d", mx, my, Small.At(mx, my));
    ImGui::SetCursorScreenPos(io);
    ImGui::InvisibleButton("##table", ImVec2(iw * (kCdSmallSide + 1), ch * (kCdSmallSide + 1)));
    if (ImGui::IsItemHovered()) {
        const int tx = cell(m.x - io.x, iw, kCdSmallSide);
        const int ty = cell(m.y - io.y, ch, kCdSmallSide);
        ImGui::SetTooltip(Tr("S(%d, %d) = сумма пикселей x < %d, y < %d = %lld"), tx, ty, tx, ty,
                          static_cast<long long>(SmallIntegral.At(tx, ty)));
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x, io.y + ch * (kCdSmallSide + 1) + fs * 0.4f));
    // The formulas with the current values.
    if (stepping)
        ImGui::Text(Tr("S(%d, %d) = I(%d, %d) + S(%d, %d) + S(%d, %d) − S(%d, %d) = %d + %lld + %lld − %lld = %lld"), last.X,
                    last.Y, last.X - 1, last.Y - 1, last.X - 1, last.Y, last.X, last.Y - 1, last.X - 1, last.Y - 1, last.Pixel,
                    static_cast<long long>(last.Left), static_cast<long long>(last.Up), static_cast<long long>(last.UpLeft),
                    static_cast<long long>(last.Value));
    else
        ImGui::TextDisabled(
            "%s", Tr("S(x, y) = I(x−1, y−1) + S(x−1, y) + S(x, y−1) − S(x−1, y−1): один проход, 3 сложения на пиксель"));
    if (lookup) {
        const RectSumLookup& l = lookup.Value();
        ImGui::Text(Tr("Сумма %d × %d = D − B − C + A = %lld − %lld − %lld + %lld = %lld: 4 обращения вместо %d"), r.W, r.H,
                    static_cast<long long>(l.Value[3]), static_cast<long long>(l.Value[1]), static_cast<long long>(l.Value[2]),
                    static_cast<long long>(l.Value[0]), static_cast<long long>(l.Sum), l.Area);
    }
}

void ClassicalDetectorsView::DrawHaarPhoto(ViewContext& ctx, ImVec2 size)
{
    if (PhotoSlot < 0) PhotoSlot = ctx.Images->CreateSlot();
    if (OverlaySlot < 0) OverlaySlot = ctx.Images->CreateSlot();
    const HaarFeature f = FeatureOf(State);
    const IntRect box = f.Box();
    auto resp = EvaluateHaarFeature(PhotoIntegral, f);
    const float fs = ImGui::GetFontSize();
    const float text_w = fs * 20.0f;
    const CdCanvas c =
        FitCanvas(ImGui::GetCursorScreenPos(), ImVec2(std::max(fs * 8.0f, size.x - text_w), size.y), Grey.Width, Grey.Height);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddImage(ctx.Images->Upload(PhotoSlot, Rgba, PhotoVersion, true), c.Min, c.Max);
    const bool ready = HaarRows >= HaarMapH && HaarMapH > 0;
    if (ready) // map (x, y) = the feature placed at (x, y): drawn at the feature's centre
        dl->AddImage(ctx.Images->Upload(OverlaySlot, HaarOverlay, HaarVersion, true), c.At(box.W * 0.5, box.H * 0.5),
                     c.At(box.W * 0.5 + HaarMapW, box.H * 0.5 + HaarMapH));
    for (const WeightedRect& w : HaarFeatureRects(f)) {
        const ImU32 col = w.Weight < 0 ? IM_COL32(255, 255, 255, 70) : IM_COL32(0, 0, 0, 130);
        dl->AddRectFilled(c.At(w.Rect.X, w.Rect.Y), c.At(w.Rect.X + w.Rect.W, w.Rect.Y + w.Rect.H), col);
    }
    dl->AddRect(c.At(box.X, box.Y), c.At(box.X + box.W, box.Y + box.H), AccentColor(), 0.0f, 0, 2.5f);
    // The bottom-right handle sizes the cells; a drag anywhere else moves the feature.
    const ImVec2 corner = c.At(box.X + box.W, box.Y + box.H);
    const float handle = fs * 0.28f;
    dl->AddRectFilled(ImVec2(corner.x - handle, corner.y - handle), ImVec2(corner.x + handle, corner.y + handle), AccentColor());
    ImGui::SetCursorScreenPos(c.Min);
    ImGui::InvisibleButton("##haar", ImVec2(c.Max.x - c.Min.x, c.Max.y - c.Min.y));
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const ImVec2 p = c.ToImage(mouse);
    const bool on_handle = std::fabs(mouse.x - corner.x) <= handle * 1.5f && std::fabs(mouse.y - corner.y) <= handle * 1.5f;
    if (ImGui::IsItemActivated()) HaarResizing = on_handle;
    if (ImGui::IsItemActive() && HaarResizing) {
        const HaarCellSize cells = HaarCellsForCorner(f, p.x, p.y, Grey.Width, Grey.Height, kCdMaxHaarCell);
        State.CellW = cells.CellW;
        State.CellH = cells.CellH;
    } else if (ImGui::IsItemActive()) { // the feature follows the mouse, centred on it
        State.FeatX = std::clamp(static_cast<int>(p.x - box.W * 0.5f), 0, Grey.Width - box.W);
        State.FeatY = std::clamp(static_cast<int>(p.y - box.H * 0.5f), 0, Grey.Height - box.H);
    }
    if ((on_handle && ImGui::IsItemHovered()) || (ImGui::IsItemActive() && HaarResizing))
        ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeNWSE);
    if (ImGui::IsItemHovered() && ready) {
        const int mx = static_cast<int>(p.x - box.W * 0.5f), my = static_cast<int>(p.y - box.H * 0.5f);
        if (mx >= 0 && my >= 0 && mx < HaarMapW && my < HaarMapH)
            ImGui::SetTooltip(Tr("Признак с центром в (%d, %d): отклик %.3g"), static_cast<int>(p.x), static_cast<int>(p.y),
                              HaarMap[static_cast<std::size_t>(my) * HaarMapW + mx]);
    }
    // Beside the photo: the feature's sums and response with the current values.
    ImGui::SetCursorScreenPos(ImVec2(c.Max.x + fs, c.Min.y));
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(CdWrapAt(std::min(c.Max.x + text_w, ImGui::GetWindowPos().x + ImGui::GetWindowWidth()) - fs));
    ImGui::TextWrapped(Tr("Признак %d × %d в (%d, %d): взвешенная сумма прямоугольников, каждый за 4 обращения"), box.W, box.H,
                       box.X, box.Y);
    for (const WeightedRect& w : HaarFeatureRects(f))
        ImGui::Text("%+.0f × Σ[%d, %d, %d × %d] = %+.0f × %lld", w.Weight, w.Rect.X, w.Rect.Y, w.Rect.W, w.Rect.H, w.Weight,
                    static_cast<long long>(RectSum(PhotoIntegral, w.Rect)));
    if (resp) {
        ImGui::Text(Tr("Отклик = %.0f"), resp.Value().Raw);
        ImGui::Text(Tr("σ-нормировка √(nΣp² − (Σp)²) = %.0f"), resp.Value().Normaliser);
        ImGui::Text(Tr("Отклик / нормировка = %.4f"), resp.Value().Normalised);
    }
    if (ready)
        ImGui::TextWrapped(Tr("Тепловая карта: отклик во всех %d положениях (синий < 0 < красный, |макс.| = %.3g)"),
                           HaarMapW * HaarMapH, HaarHi);
    else
        CdProgress(HaarMapH > 0 ? static_cast<double>(HaarRows) / HaarMapH : 0.0, Tr("Карта отклика"));
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    ImGui::SetCursorScreenPos(ImVec2(c.Min.x, c.Max.y + fs * 0.3f));
    ImGui::Dummy(ImVec2(1.0f, 1.0f));
}

void ClassicalDetectorsView::DrawIntegral(ViewContext& ctx)
{
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float fs = ImGui::GetFontSize();
    const float tables_h = std::clamp(avail.y * 0.5f, fs * 12.0f, fs * 24.0f);
    DrawSmallTables(ImVec2(avail.x, tables_h - fs * 5.0f));
    ImGui::Separator();
    DrawHaarPhoto(ctx, ImVec2(avail.x, std::max(fs * 8.0f, ImGui::GetContentRegionAvail().y - fs)));
}

} // namespace mlviz
