// Classical detectors, cascade tab (q49): OpenCV's haarcascade_frontalface_default.xml run as
// detectMultiScale does (core/cascade_detect.h), spread over frames; the stage funnel, the raw
// windows and the grouped detections, and one pyramid level coloured by the stage each window
// reached, with a hover read-out of a window's stage sum against the stage threshold.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/colormap.h"
#include "topics/classical_detectors/view/cd_view.h"
#include "ui/controls.h"
#include "ui/data_files.h"
#include "ui/image_textures.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

namespace {

constexpr const char* kCascadeFile = "cascades/haarcascade_frontalface_default.xml";

} // namespace

void ClassicalDetectorsView::UpdateCascade(ViewContext& ctx)
{
    if (!Cascade && CascadeError.empty()) {
        const DataFiles::Entry& e = ctx.Data->Get(kCascadeFile);
        if (e.State == DataFiles::Status::Failed) CascadeError = std::string(Tr("Каскад не загрузился:")) + " " + e.Error;
        if (e.State != DataFiles::Status::Ready) return;
        auto parsed = ParseHaarCascade(e.Bytes);
        if (!parsed) {
            CascadeError = Tr(parsed.Error());
            return;
        }
        Cascade = std::make_shared<const HaarCascade>(std::move(parsed.Value()));
    }
    if (!Cascade) return;
    if (!Detect || DetectPhoto != PhotoVersion || DetectScale != State.ScaleFactor) {
        CascadeOptions o;
        o.ScaleFactor = State.ScaleFactor;
        o.MinNeighbors = State.MinNeighbors;
        auto job = CascadeDetectJob::Start(Cascade, Grey, o);
        Detect.reset();
        if (!job) {
            CascadeError = Tr(job.Error());
            return;
        }
        Detect.emplace(std::move(job.Value()));
        DetectPhoto = PhotoVersion;
        DetectScale = State.ScaleFactor;
        GroupedWith = State.MinNeighbors;
        StageOverlayLevel = -1;
    }
    if (!Detect->Done()) StepFor(*Detect, kCdSliceMs, 20000);
    if (Detect->Done() && GroupedWith != State.MinNeighbors) {
        Detect->Regroup(State.MinNeighbors);
        GroupedWith = State.MinNeighbors;
    }
    const int levels = static_cast<int>(Detect->Scales().size());
    State.Level = std::clamp(State.Level, 0, std::max(levels - 1, 0));
    // The chosen level's windows coloured by the stage they reached, once the level is scanned.
    if (Detect->Done() && StageOverlayLevel != State.Level && levels > 0) {
        const CascadeLevelRecord& rec = Detect->Detection().Levels[static_cast<std::size_t>(State.Level)];
        const int nst = static_cast<int>(Cascade->Stages.size());
        StageOverlay.Width = rec.Scale.GridW;
        StageOverlay.Height = rec.Scale.GridH;
        StageOverlay.Pixels.assign(rec.Stage.size() * 4, 0);
        for (std::size_t i = 0; i < rec.Stage.size(); ++i) {
            const int st = rec.Stage[i];
            if (st < 0) continue; // flat or skipped: the photo shows through
            const Rgb8 c = SampleColormap(Colormap::Viridis, static_cast<double>(st) / nst);
            std::uint8_t* p = &StageOverlay.Pixels[i * 4];
            p[0] = c.R, p[1] = c.G, p[2] = c.B;
            p[3] = static_cast<std::uint8_t>(230 * st / nst); // deep windows stand out, the first stages stay faint
        }
        StageOverlayLevel = State.Level;
        ++StageVersion;
    }
}

void ClassicalDetectorsView::DrawCascadeControls()
{
    const auto& t = ClassicalDetectorsStateSchema();
    ImGui::SeparatorText("detectMultiScale");
    FieldSlider(t, "scale", State);
    FieldSlider(t, "neighbors", State);
    FieldCheckbox(t, "candidates", State);
    const int levels = Detect ? static_cast<int>(Detect->Scales().size()) : 1;
    FieldSliderWithin(t, "level", State, 0, std::max(levels - 1, 0));
    if (Detect && !Detect->Scales().empty()) {
        const CascadeScale& s = Detect->Scales()[static_cast<std::size_t>(std::min(State.Level, levels - 1))];
        ImGui::TextWrapped(Tr("Масштаб %.3f: окно %d × %d пикс., шаг %d пикс. уровня, %d × %d положений"), s.Scale, s.WindowW,
                           s.WindowH, s.Step, s.GridW, s.GridH);
    }
}

void ClassicalDetectorsView::DrawFunnel(ImVec2 size)
{
    const CascadeDetection& d = Detect->Detection();
    const int nst = static_cast<int>(Cascade->Stages.size());
    std::vector<long long> reached(static_cast<std::size_t>(nst) + 1);
    long long alive = d.EvaluatedWindows - d.FlatWindows;
    for (int k = 0; k <= nst; ++k) {
        reached[static_cast<std::size_t>(k)] = alive;
        if (k < nst) alive -= d.StageRejections[static_cast<std::size_t>(k)];
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    const ImVec2 a(o.x + fs * 0.5f, o.y + fs * 1.4f), b(o.x + size.x - fs * 0.5f, o.y + size.y - fs * 1.3f);
    dl->AddText(o, ImGui::GetColorU32(ImGuiCol_Text), Tr("Воронка: окон дошло до стадии k (лог. шкала)"));
    const double top = std::log10(std::max<long long>(reached[0], 10));
    const float bw = (b.x - a.x) / static_cast<float>(nst + 1);
    for (int k = 0; k <= nst; ++k) {
        const double v = reached[static_cast<std::size_t>(k)];
        const float h = v > 0 ? static_cast<float>(std::log10(v + 1.0) / (top + 0.1)) * (b.y - a.y) : 0.0f;
        const ImU32 col = k == nst ? CdGood() : AccentColor(0.8f);
        dl->AddRectFilled(ImVec2(a.x + k * bw + 1.0f, b.y - h), ImVec2(a.x + (k + 1) * bw - 1.0f, b.y), col);
    }
    dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, b.y), ImGui::GetColorU32(ImGuiCol_Border));
    char buf[64];
    for (int k : {0, 1, 2, nst / 2, nst}) { // a few counts written on the axis
        std::snprintf(buf, sizeof buf, "%d", k);
        dl->AddText(ImVec2(a.x + k * bw, b.y + 2.0f), ImGui::GetColorU32(ImGuiCol_TextDisabled), k == nst ? Tr("все") : buf);
    }
    ImGui::SetCursorScreenPos(a);
    ImGui::InvisibleButton("##funnel", ImVec2(std::max(1.0f, b.x - a.x), std::max(1.0f, b.y - a.y)));
    if (ImGui::IsItemHovered()) {
        const int k = std::clamp(static_cast<int>((ImGui::GetIO().MousePos.x - a.x) / bw), 0, nst);
        if (k == nst)
            ImGui::SetTooltip(Tr("Прошли все %d стадий: %lld окон"), nst, reached[static_cast<std::size_t>(k)]);
        else
            ImGui::SetTooltip(Tr("Стадия %d (%d деревьев, порог %.3f): дошло %lld, отклонено %lld"), k,
                              Cascade->Stages[static_cast<std::size_t>(k)].TreeCount,
                              Cascade->Stages[static_cast<std::size_t>(k)].Threshold, reached[static_cast<std::size_t>(k)],
                              d.StageRejections[static_cast<std::size_t>(k)]);
    }
    ImGui::SetCursorScreenPos(ImVec2(o.x, o.y + size.y));
}

void ClassicalDetectorsView::DrawCascade(ViewContext& ctx)
{
    if (!CascadeError.empty()) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(CdBad()), "%s", CascadeError.c_str());
        return;
    }
    if (!Cascade || !Detect) {
        ImGui::TextDisabled("%s", Tr("Загрузка каскада…"));
        return;
    }
    if (PhotoSlot < 0) PhotoSlot = ctx.Images->CreateSlot();
    if (OverlaySlot < 0) OverlaySlot = ctx.Images->CreateSlot();
    const float fs = ImGui::GetFontSize();
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side_w = std::clamp(avail.x * 0.36f, fs * 16.0f, fs * 30.0f);
    const float wrap_x = ImGui::GetCursorScreenPos().x + avail.x - fs;
    const CdCanvas c = FitCanvas(ImGui::GetCursorScreenPos(), ImVec2(std::max(fs * 8.0f, avail.x - side_w - fs), avail.y),
                                 Grey.Width, Grey.Height);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddImage(ctx.Images->Upload(PhotoSlot, Rgba, PhotoVersion, true), c.Min, c.Max);
    const CascadeDetection& d = Detect->Detection();
    const bool done = Detect->Done();
    const auto& scales = Detect->Scales();
    const CascadeScale* s = scales.empty() ? nullptr : &scales[static_cast<std::size_t>(State.Level)];
    if (done && s && StageOverlayLevel == State.Level) {
        const double cell = s->Step * s->Scale;
        dl->AddImage(ctx.Images->Upload(OverlaySlot, StageOverlay, StageVersion, true),
                     c.At(s->WindowW * 0.5 - cell * 0.5, s->WindowH * 0.5 - cell * 0.5),
                     c.At(s->WindowW * 0.5 + cell * (s->GridW - 0.5), s->WindowH * 0.5 + cell * (s->GridH - 0.5)));
    }
    if (State.ShowCandidates)
        for (const CascadeCandidate& cd : d.Candidates)
            dl->AddRect(c.At(cd.Box.X, cd.Box.Y), c.At(cd.Box.X + cd.Box.W, cd.Box.Y + cd.Box.H), IM_COL32(255, 220, 0, 110));
    char buf[64];
    if (done)
        for (std::size_t i = 0; i < d.Objects.size(); ++i) {
            const IntRect& r = d.Objects[i];
            dl->AddRect(c.At(r.X, r.Y), c.At(r.X + r.W, r.Y + r.H), IM_COL32(0, 0, 0, 200), 0.0f, 0, 5.0f);
            dl->AddRect(c.At(r.X, r.Y), c.At(r.X + r.W, r.Y + r.H), IM_COL32(60, 255, 120, 255), 0.0f, 0, 3.0f);
            std::snprintf(buf, sizeof buf, "%d", d.ObjectNeighbors[i]);
            dl->AddText(c.At(r.X + 2, r.Y + 1), IM_COL32(60, 255, 120, 255), buf);
        }
    // Hover: the window of the chosen level nearest the mouse, and what the cascade decided.
    ImGui::SetCursorScreenPos(c.Min);
    ImGui::InvisibleButton("##cascade", ImVec2(c.Max.x - c.Min.x, c.Max.y - c.Min.y));
    if (ImGui::IsItemHovered() && done && s && s->GridW > 0 && s->GridH > 0) {
        const ImVec2 p = c.ToImage(ImGui::GetIO().MousePos);
        const double cell = s->Step * s->Scale;
        const int gx = std::clamp(static_cast<int>(std::lround((p.x - s->WindowW * 0.5) / cell)), 0, s->GridW - 1);
        const int gy = std::clamp(static_cast<int>(std::lround((p.y - s->WindowH * 0.5) / cell)), 0, s->GridH - 1);
        const int x = static_cast<int>(std::lround(gx * cell)), y = static_cast<int>(std::lround(gy * cell));
        dl->AddRect(c.At(x, y), c.At(x + s->WindowW, y + s->WindowH), AccentColor(), 0.0f, 0, 2.5f);
        const CascadeLevelRecord& rec = d.Levels[static_cast<std::size_t>(State.Level)];
        const std::size_t i = static_cast<std::size_t>(gy) * s->GridW + gx;
        const int st = rec.Stage[i];
        const int nst = static_cast<int>(Cascade->Stages.size());
        if (st == kWindowSkipped)
            ImGui::SetTooltip(Tr("Окно (%d, %d), %d × %d: пропущено (соседнее слева отклонено стадией 0)"), x, y, s->WindowW,
                              s->WindowH);
        else if (st == kWindowFlat)
            ImGui::SetTooltip(Tr("Окно (%d, %d), %d × %d: плоское (σ ≈ 0), отброшено до стадий"), x, y, s->WindowW, s->WindowH);
        else if (st >= nst)
            ImGui::SetTooltip(Tr("Окно (%d, %d), %d × %d: прошло все %d стадий (последняя сумма %.3f ≥ порог %.3f)"), x, y,
                              s->WindowW, s->WindowH, nst, rec.Sum[i], Cascade->Stages.back().Threshold);
        else
            ImGui::SetTooltip(Tr("Окно (%d, %d), %d × %d: отклонено на стадии %d из %d: сумма %.3f < порог %.3f"), x, y,
                              s->WindowW, s->WindowH, st, nst, rec.Sum[i],
                              Cascade->Stages[static_cast<std::size_t>(st)].Threshold);
    }
    // Beside the photo: progress, the funnel, the counts.
    ImGui::SetCursorScreenPos(ImVec2(c.Max.x + fs, c.Min.y));
    ImGui::BeginGroup();
    ImGui::PushItemWidth(wrap_x - c.Max.x - fs);
    ImGui::PushTextWrapPos(CdWrapAt(wrap_x));
    if (!done) CdProgress(Detect->Progress(), Tr("Скан пирамиды"));
    DrawFunnel(ImVec2(wrap_x - c.Max.x - fs, std::clamp(avail.y * 0.4f, fs * 8.0f, fs * 16.0f)));
    const long long total = d.EvaluatedWindows + d.SkippedWindows;
    ImGui::TextWrapped(Tr("Уровней пирамиды: %d, окон: %lld"), static_cast<int>(scales.size()), total);
    ImGui::TextWrapped(Tr("Пропущено после стадии 0: %lld, плоских: %lld"), d.SkippedWindows, d.FlatWindows);
    const long long nonflat = d.EvaluatedWindows - d.FlatWindows;
    if (nonflat > 0) {
        const long long s0 = d.StageRejections.empty() ? 0 : d.StageRejections[0];
        ImGui::TextWrapped(Tr("Стадия 0 (%d признаков) отсекла %.1f%% окон"),
                           Cascade->Stages.empty() ? 0 : Cascade->Stages[0].TreeCount,
                           100.0 * static_cast<double>(s0) / static_cast<double>(nonflat));
        ImGui::TextWrapped(Tr("Признаков на окно в среднем: %.1f (всего их %d)"),
                           static_cast<double>(d.FeatureEvaluations) / static_cast<double>(d.EvaluatedWindows),
                           static_cast<int>(Cascade->Trees.size()));
    }
    ImGui::TextWrapped(Tr("Окон прошло каскад: %d"), static_cast<int>(d.Candidates.size()));
    if (done)
        ImGui::TextWrapped(Tr("После группировки (minNeighbors = %d): %d"), GroupedWith, static_cast<int>(d.Objects.size()));
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s",
                       Tr("Жёлтые: окна до группировки; зелёные: итог с числом соседей; цвет на фото: стадия, до которой дошли "
                          "окна выбранного уровня (после стадии 0 — без цвета)"));
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
    ImGui::PopItemWidth();
    ImGui::EndGroup();
}

} // namespace mlviz
