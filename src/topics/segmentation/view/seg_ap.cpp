// Segmentation view, the AP tab (q10, q17): scored predictions (masks or boxes) matched greedily
// by score to the ground truth at the slider's IoU threshold, the precision-recall curve with
// its envelope and COCO's 101-point sampling, and the COCO summary. The threshold is a timeline:
// play sweeps it from 0.05 to 0.95 and the curve follows (tables in seg_ap_tables.cpp).
#include <algorithm>
#include <cmath>

#include "core/i18n.h"
#include "topics/segmentation/view/seg_view.h"
#include "ui/controls.h"
#include "ui/playback_bar.h"
#include "ui/plot.h"
#include "ui/theme.h"
#include "ui/tr.h"

namespace mlviz {

void DrawSegApTables(const SegmentationState& s, const SegModel& m); // seg_ap_tables.cpp
void DrawSegApPerThreshold(const SegmentationState& s, const SegModel& m, float height);

namespace {

int IouSteps()
{
    return static_cast<int>(std::lround((kSegIouMax - kSegIouMin) / kSegIouStep));
}
int IouStepOf(float iou)
{
    return std::clamp(static_cast<int>(std::lround((iou - kSegIouMin) / kSegIouStep)), 0, IouSteps());
}
float IouOfStep(int step)
{
    return static_cast<float>(std::round((kSegIouMin + step * kSegIouStep) * 100.0) / 100.0);
}

// The outline of instance `id` of `map`, in one colour.
void InstanceOutline(const SegCanvas& c, const LabelMap& map, int id, ImU32 color, float thickness)
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto in = [&](int x, int y) { return map.Inside(x, y) && map.Instance[map.Index(x, y)] == id; };
    for (int y = 0; y < map.Height; ++y)
        for (int x = 0; x < map.Width; ++x) {
            if (!in(x, y)) continue;
            if (!in(x, y - 1)) dl->AddLine(c.At(x, y), c.At(x + 1, y), color, thickness);
            if (!in(x, y + 1)) dl->AddLine(c.At(x, y + 1), c.At(x + 1, y + 1), color, thickness);
            if (!in(x - 1, y)) dl->AddLine(c.At(x, y), c.At(x, y + 1), color, thickness);
            if (!in(x + 1, y)) dl->AddLine(c.At(x + 1, y), c.At(x + 1, y + 1), color, thickness);
        }
}

// The scene with the GT of the chosen class (white) and its detections, coloured by the matching
// at the current threshold; a line joins each detection to the GT it matched.
void DetectionCanvas(const SegmentationState& s, SegModel& m, ViewContext& ctx, float width)
{
    const LabelMap& gt = m.TheScene.Gt;
    const ImTextureID tex =
        SegTextureOf(ctx, m.ApTex, m.PredVersion, [&] { return SegLabelImage(m.Pred, SegColoring::Instance); });
    const SegCanvas c = DrawSegCanvas("##ap", tex, gt.Width, gt.Height, width, nullptr);
    const int cls = s.Category == 0 ? kSegCar : kSegPerson;
    const bool boxes = s.IouType == 1;
    const auto& gt_ext = m.GtExtents;
    const double px = static_cast<double>(s.CellPx);
    for (const InstanceExtent& e : gt_ext) {
        if (e.Class != cls) continue;
        const bool crowd = e.Id <= static_cast<int>(m.TheScene.Instances.size()) && m.TheScene.Instances[e.Id - 1].Crowd;
        const ImU32 col = crowd ? IM_COL32(200, 200, 200, 230) : IM_COL32(255, 255, 255, 255);
        if (boxes)
            DrawSegBox(c, e.Bbox, col, 2.0f);
        else
            InstanceOutline(c, gt, e.Id, col, 2.0f);
        char buf[48];
        std::snprintf(buf, sizeof buf, crowd ? "GT #%d crowd" : "GT #%d", e.Id);
        DrawSegTag(ImGui::GetWindowDrawList(), c.At(e.Bbox[0], e.Bbox[1] + e.Bbox[3]), col, buf);
    }
    const CocoPrCurve& cv = m.Curve;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t k = 0; k < cv.DtIds.size(); ++k) {
        const int d = cv.DtIds[k] - 1; // 1-based in the order SceneCocoInput listed m.Scored
        if (d < 0 || d >= static_cast<int>(m.Scored.size())) continue;
        const ScoredInstance& si = m.Scored[d];
        const ImU32 col = cv.IsTp[k] ? SegGoodColor() : (cv.IsFp[k] ? SegBadColor() : SegNeutralColor());
        if (boxes)
            DrawSegBox(c, si.Bbox, col, 2.0f);
        else
            InstanceOutline(c, m.Pred, si.Id, col, 2.0f);
        const int g = cv.MatchedGt[k] - 1;
        if (g >= 0) {
            // GT ids are 1-based over the GT annotations in InstanceExtents order.
            if (g < static_cast<int>(gt_ext.size())) {
                const auto& b = gt_ext[g].Bbox;
                dl->AddLine(c.At(si.Bbox[0] + si.Bbox[2] * 0.5, si.Bbox[1] + si.Bbox[3] * 0.5),
                            c.At(b[0] + b[2] * 0.5, b[1] + b[3] * 0.5), col, 1.5f);
            }
        }
        char buf[48];
        std::snprintf(buf, sizeof buf, "%d: %.2f %s", static_cast<int>(k) + 1, si.Score,
                      cv.IsTp[k] ? "TP" : (cv.IsFp[k] ? "FP" : Tr("игнор")));
        // Kept inside the canvas: a thing at the right edge would push its tag past it.
        ImVec2 at = c.At(si.Bbox[0], si.Bbox[1] - 1.8);
        at.x = std::max(c.Min.x + 2.0f, std::min(at.x, c.Max.x - ImGui::CalcTextSize(buf).x - 2.0f));
        DrawSegTag(dl, at, col, buf);
    }
    if (c.Hovered) {
        ImGui::SetTooltip(Tr("(%d, %d) = пиксели (%.0f, %.0f)\nразметка: %s\nпредсказание: %s"), c.HoverX, c.HoverY,
                          c.HoverX * px, c.HoverY * px, SegCellText(gt, c.HoverX, c.HoverY).c_str(),
                          SegCellText(m.Pred, c.HoverX, c.HoverY).c_str());
    }
}

// Precision against recall: the raw points, the envelope (precision made non-increasing from the
// right) and the 101 sampled values whose mean is the AP at this threshold (the shaded area).
void PrCurve(const SegmentationState& s, const SegModel& m, ImVec2 size)
{
    char title[96];
    std::snprintf(title, sizeof title, Tr("Precision–recall, %s, IoU ≥ %.2f"),
                  SegClassLabel(s.Category == 0 ? kSegCar : kSegPerson), s.Iou);
    const PlotFrame f = BeginPlot("##pr", size, PlotRange{0.0, 1.03, 0.0, 1.05}, title); // room for the "1.0" label
    const CocoPrCurve& cv = m.Curve;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (cv.Defined) {
        for (int r = 0; r < kCocoR; ++r) {
            const double x0 = std::max(0.0, CocoRecallThresholds()[r] - 0.005),
                         x1 = std::min(1.0, CocoRecallThresholds()[r] + 0.005);
            dl->AddRectFilled(f.ToScreen(x0, cv.Interpolated[r]), f.ToScreen(x1, 0.0), SeriesColor(4, 0.30f));
        }
        std::vector<double> rx{0.0}, ry{cv.Envelope.empty() ? 0.0 : cv.Envelope.front()};
        for (std::size_t i = 0; i < cv.Recall.size(); ++i) {
            rx.push_back(cv.Recall[i]);
            ry.push_back(cv.Envelope[i]);
            if (i + 1 < cv.Recall.size()) rx.push_back(cv.Recall[i]), ry.push_back(cv.Envelope[i + 1]);
        }
        PlotLine(f, rx, ry, SeriesColor(1), 2.0f);
        PlotLine(f, cv.Recall, cv.Precision, SeriesColor(2, 0.8f), 1.0f);
        for (std::size_t i = 0; i < cv.Recall.size(); ++i)
            PlotMarker(f, cv.Recall[i], cv.Precision[i],
                       cv.IsTp[i] ? SegGoodColor() : (cv.IsFp[i] ? SegBadColor() : SegNeutralColor()), 4.0f);
        for (int r = 0; r < kCocoR; r += 10) PlotMarker(f, CocoRecallThresholds()[r], cv.Interpolated[r], SeriesColor(4), 2.5f);
    }
    EndPlot(f);
    if (!cv.Defined) {
        const char* msg = Tr("нет разметки этого класса в выбранном диапазоне площадей: AP не определён (−1 в pycocotools)");
        const ImVec2 ts = ImGui::CalcTextSize(msg, nullptr, false, f.Max.x - f.Min.x - 8.0f);
        dl->AddText(nullptr, 0.0f, ImVec2(f.Min.x + 4.0f, (f.Min.y + f.Max.y - ts.y) * 0.5f), ImGui::GetColorU32(ImGuiCol_Text),
                    msg, nullptr, f.Max.x - f.Min.x - 8.0f);
    }
    if (f.Hovered && cv.Defined) {
        const int r = std::clamp(static_cast<int>(std::ceil(f.MouseX * 100.0 - 1e-9)), 0, kCocoR - 1);
        ImGui::SetTooltip(Tr("recall ≥ %.2f: p_interp = %.3f\n(наибольшая точность при recall ≥ r)"), CocoRecallThresholds()[r],
                          cv.Interpolated[r]);
    }
    const float right = f.Max.x;
    const auto item = [&](ImU32 col, const char* text, bool first) {
        if (!first) {
            ImGui::SameLine();
            if (ImGui::GetCursorScreenPos().x + ImGui::CalcTextSize(text).x + ImGui::GetTextLineHeight() * 2.0f > right)
                ImGui::NewLine();
        }
        SegSwatch(col, text);
    };
    item(SeriesColor(2), Tr("точки: detection по убыванию score"), true);
    item(SeriesColor(1), Tr("огибающая"), false);
    item(SeriesColor(4, 0.6f), Tr("101 точка: AP = их среднее"), false);
}

} // namespace

void ApplySegIouPlayback(SegmentationState& s, SegModel& m, const PlaybackInput& in)
{
    PlaybackState p{IouStepOf(s.Iou), s.Playing, s.Speed, m.PlayClock};
    if (UpdatePlayback(p, IouSteps(), in)) s.Iou = IouOfStep(p.Step);
    s.Playing = p.Playing;
    m.PlayClock = p.Clock;
}

void DrawSegIouPlayback(SegmentationState& s, SegModel& m)
{
    const int step = IouStepOf(s.Iou);
    // Coarse jumps: the COCO thresholds 0.50, 0.55, ... 0.95 (every 5 steps of 0.01).
    PlaybackJumps jumps{step - 1, step + 1, Tr("Предыдущий порог COCO"), Tr("Следующий порог COCO")};
    const int first = IouStepOf(0.5f);
    jumps.Back = step > first ? first + ((step - first - 1) / 5) * 5 : -1;
    jumps.Forward = step < first ? first : (step + 5 - (step - first) % 5 <= IouSteps() ? step + 5 - (step - first) % 5 : -1);
    PlaybackInput in;
    const PlaybackState shown{step, s.Playing, s.Speed, m.PlayClock};
    DrawPlaybackButtons(shown, in, jumps);
    FieldSlider(SegmentationStateSchema(), "iou", s);
    FieldSlider(SegmentationStateSchema(), "speed", s, "", Tr("скорость %.0f шаг/с (шаг 0.01)"));
    ApplySegIouPlayback(s, m, in);
}

void DrawSegApTab(SegmentationState& s, SegModel& m, ViewContext& ctx)
{
    if (!m.Coco) {
        ImGui::TextUnformatted(Tr("Нет объектов для оценки"));
        return;
    }
    if (!m.Coco->Done()) {
        ImGui::ProgressBar(static_cast<float>(m.Coco->Progress()), ImVec2(-1.0f, 0.0f), Tr("оценка COCO…"));
        return;
    }
    const float avail = ImGui::GetContentRegionAvail().x, sp = ImGui::GetStyle().ItemSpacing.x;
    const bool row = avail >= ImGui::GetFontSize() * 36.0f;
    const float w = row ? (avail - sp) * 0.5f : avail;
    if (ctx.ShowControls) {
        ImGui::PushItemWidth(-1.0f);
        DrawSegIouPlayback(s, m);
        ImGui::PopItemWidth();
    }
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    ImGui::Text(Tr("%s «%s» при IoU ≥ %.2f: зелёные TP, красные FP, серые игнор; белые — разметка"),
                s.IouType == 1 ? Tr("Рамки") : Tr("Маски"), SegClassLabel(s.Category == 0 ? kSegCar : kSegPerson), s.Iou);
    ImGui::PopTextWrapPos();
    DetectionCanvas(s, m, ctx, w);
    ImGui::EndGroup();
    if (row) ImGui::SameLine();
    ImGui::BeginGroup();
    const float pw = row ? std::max(w, ImGui::GetContentRegionAvail().x) : avail;
    const float h = std::max(ImGui::GetFontSize() * 10.0f, w * kSegSceneHeight / kSegSceneWidth);
    PrCurve(s, m, ImVec2(pw, h));
    ImGui::EndGroup();
    DrawSegApPerThreshold(s, m, ImGui::GetFontSize() * 7.0f);
    DrawSegApTables(s, m);
}

} // namespace mlviz
