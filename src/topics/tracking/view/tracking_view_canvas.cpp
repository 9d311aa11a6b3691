// Tracking topic: the video canvas (ground truth, detections, Kalman predictions with their 2σ
// covariance ellipses, the matches and gated pairs, the reported tracks with trails, births and
// deaths) with a hover read-out, and the timeline of MOT events under it (click to jump).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "topics/tracking/view/tracking_view.h"
#include "ui/plot.h"
#include "ui/theme.h"

namespace mlviz {

namespace {

constexpr int kTrailFrames = 25;

void DashedRect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float th)
{
    const ImVec2 c[4] = {a, ImVec2(b.x, a.y), b, ImVec2(a.x, b.y)};
    const float dash = 5.0f;
    for (int e = 0; e < 4; ++e) {
        const ImVec2 p = c[e], q = c[(e + 1) % 4];
        const float len = std::hypot(q.x - p.x, q.y - p.y);
        const int n = std::max(1, static_cast<int>(len / dash));
        for (int i = 0; i < n; i += 2) {
            const float t0 = static_cast<float>(i) / n, t1 = std::min(1.0f, static_cast<float>(i + 1) / n);
            dl->AddLine(ImVec2(p.x + (q.x - p.x) * t0, p.y + (q.y - p.y) * t0),
                        ImVec2(p.x + (q.x - p.x) * t1, p.y + (q.y - p.y) * t1), col, th);
        }
    }
}

bool Inside(const BoxD& b, double x, double y)
{
    return x >= b.X1 && x <= b.X2 && y >= b.Y1 && y <= b.Y2;
}

ImVec2 Centre(const VideoCanvas& c, const BoxD& b)
{
    return c.ToScreen(0.5 * (b.X1 + b.X2), 0.5 * (b.Y1 + b.Y2));
}

// The 2σ ellipse of a 2 x 2 covariance (row-major) around `centre`, in video pixels.
void CovarianceEllipse(ImDrawList* dl, const VideoCanvas& c, ImVec2 centre, const std::array<double, 4>& cov, ImU32 col)
{
    const double a = cov[0], b = 0.5 * (cov[1] + cov[2]), d = cov[3];
    const double mean = 0.5 * (a + d), diff = std::sqrt(std::max(0.0, 0.25 * (a - d) * (a - d) + b * b));
    const double l1 = std::max(0.0, mean + diff), l2 = std::max(0.0, mean - diff);
    const double angle = 0.5 * std::atan2(2.0 * b, a - d);
    const double r1 = 2.0 * std::sqrt(l1) * c.Scale, r2 = 2.0 * std::sqrt(l2) * c.Scale;
    if (!std::isfinite(r1) || !std::isfinite(r2) || r1 > 1e4) return;
    ImVec2 pts[32];
    for (int i = 0; i < 32; ++i) {
        const double t = 2.0 * 3.14159265358979323846 * i / 32.0;
        const double x = r1 * std::cos(t), y = r2 * std::sin(t);
        pts[i] = ImVec2(centre.x + static_cast<float>(x * std::cos(angle) - y * std::sin(angle)),
                        centre.y + static_cast<float>(x * std::sin(angle) + y * std::cos(angle)));
    }
    dl->AddPolyline(pts, 32, col, ImDrawFlags_Closed, 1.5f);
}

} // namespace

void TrackingView::DrawVideo(ImVec2 size)
{
    VideoCanvas c;
    c.Scale = std::max(0.05f, std::min(size.x / kTrackingImageW, size.y / kTrackingImageH));
    c.Min = ImGui::GetCursorScreenPos();
    c.Max = ImVec2(c.Min.x + kTrackingImageW * c.Scale, c.Min.y + kTrackingImageH * c.Scale);
    ImGui::InvisibleButton("##video", ImVec2(c.Max.x - c.Min.x, c.Max.y - c.Min.y));
    c.Hovered = ImGui::IsItemHovered();
    c.Clicked = ImGui::IsItemClicked();
    const ImVec2 m = ImGui::GetIO().MousePos;
    c.MouseX = (m.x - c.Min.x) / c.Scale;
    c.MouseY = (m.y - c.Min.y) / c.Scale;
    if (!std::isfinite(c.MouseX) || !std::isfinite(c.MouseY)) c.Hovered = c.Clicked = false;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(c.Min, c.Max, CurrentTheme() == Theme::Light ? IM_COL32(238, 238, 232, 255) : IM_COL32(30, 32, 38, 255));
    dl->PushClipRect(c.Min, c.Max, true);
    const TrackingRun* run = Shown();
    const bool ready = FrameReady();
    const SortFrameTrace* t = ready ? &run->Trace(State.Step) : nullptr;
    const float fs = ImGui::GetFontSize();
    if (State.ShowTruth)
        for (const GtObject& g : Frame.Truth) {
            dl->AddRectFilled(c.ToScreen(g.Box.X1, g.Box.Y1), c.ToScreen(g.Box.X2, g.Box.Y2),
                              TrkInk(0.06f + 0.08f * static_cast<float>(g.Visible)));
            dl->AddRect(c.ToScreen(g.Box.X1, g.Box.Y1), c.ToScreen(g.Box.X2, g.Box.Y2), TrkInk(0.3f));
        }
    if (t && State.ShowTrails) {
        std::vector<ImVec2> pts;
        for (const SortOutput& o : t->Output) {
            pts.clear();
            for (int f = std::max(0, State.Step - kTrailFrames); f <= State.Step; ++f)
                for (const SortOutput& p : run->Trace(f).Output)
                    if (p.Id == o.Id) pts.push_back(Centre(c, p.Box));
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), TrackColor(o.Id, 0.6f), 0, 2.0f);
        }
    }
    if (t && State.ShowDetections)
        for (std::size_t i = 0; i < t->Detections.size(); ++i) {
            const BoxD& b = t->Detections[i];
            dl->AddRect(c.ToScreen(b.X1, b.Y1), c.ToScreen(b.X2, b.Y2), TrkInk(0.85f), 0.0f, 0, 1.0f);
            char buf[16];
            std::snprintf(buf, sizeof buf, "d%d", static_cast<int>(i));
            dl->AddText(ImVec2(c.ToScreen(b.X1, b.Y2).x + 2.0f, c.ToScreen(b.X1, b.Y2).y - fs), TrkInk(0.85f), buf);
        }
    if (t && State.ShowPredictions) {
        for (const SortTrackerInfo& p : t->Predicted) {
            DashedRect(dl, c.ToScreen(p.Box.X1, p.Box.Y1), c.ToScreen(p.Box.X2, p.Box.Y2), TrackColor(p.Id + 1, 0.9f), 1.5f);
            if (State.ShowEllipses) CovarianceEllipse(dl, c, Centre(c, p.Box), p.CovUV, TrackColor(p.Id + 1, 0.55f));
        }
        for (const auto& mt : t->Matches)
            dl->AddLine(Centre(c, t->Detections[mt[0]]), Centre(c, t->Predicted[mt[1]].Box), TrkInk(0.8f), 1.5f);
        for (const auto& g : t->Gated)
            dl->AddLine(Centre(c, t->Detections[g[0]]), Centre(c, t->Predicted[g[1]].Box), IM_COL32(230, 70, 60, 255), 2.0f);
    }
    if (t) {
        for (const SortOutput& o : t->Output) {
            const ImVec2 a = c.ToScreen(o.Box.X1, o.Box.Y1), b = c.ToScreen(o.Box.X2, o.Box.Y2);
            const bool sel = o.Id == State.Track;
            dl->AddRect(a, b, TrackColor(o.Id), 0.0f, 0, sel ? 4.0f : 2.5f);
            char buf[16];
            std::snprintf(buf, sizeof buf, "ID %d", o.Id);
            const ImVec2 ts = ImGui::CalcTextSize(buf);
            dl->AddRectFilled(ImVec2(a.x, a.y - ts.y), ImVec2(a.x + ts.x + 4.0f, a.y), TrackColor(o.Id));
            dl->AddText(ImVec2(a.x + 2.0f, a.y - ts.y), IM_COL32(0, 0, 0, 255), buf);
        }
        for (int id : t->Born)
            for (const SortTrackerInfo& tr : t->Trackers)
                if (tr.Id == id)
                    dl->AddText(ImVec2(Centre(c, tr.Box).x - fs * 0.3f, Centre(c, tr.Box).y - fs * 0.5f), TrackColor(id + 1),
                                "+");
        // Deaths (age past max_age): a cross over the box the tracker had when it was removed.
        for (int id : t->Died)
            for (const SortTrackerInfo& tr : t->Trackers)
                if (tr.Id == id) {
                    const ImVec2 a = c.ToScreen(tr.Box.X1, tr.Box.Y1), b = c.ToScreen(tr.Box.X2, tr.Box.Y2);
                    const ImU32 col = TrackColor(id + 1, 0.9f);
                    DashedRect(dl, a, b, col, 1.5f);
                    dl->AddLine(a, b, col, 2.0f);
                    dl->AddLine(ImVec2(a.x, b.y), ImVec2(b.x, a.y), col, 2.0f);
                    char buf[32];
                    std::snprintf(buf, sizeof buf, Tr("ID %d удалён"), id + 1);
                    dl->AddText(ImVec2(a.x + 2.0f, b.y + 1.0f), col, buf);
                }
        const MotFrameEvents& ev = run->Events(State.Step);
        for (const auto& sw : ev.Switches)
            for (const GtObject& g : Frame.Truth)
                if (g.Id == sw[0]) {
                    const ImVec2 p = c.ToScreen(g.Box.X2, g.Box.Y1);
                    dl->AddCircleFilled(p, fs * 0.45f, IM_COL32(230, 60, 50, 255));
                    dl->AddText(ImVec2(p.x + fs * 0.5f, p.y - fs * 0.5f), IM_COL32(230, 60, 50, 255), Tr("смена ID"));
                }
    }
    dl->PopClipRect();
    dl->AddRect(c.Min, c.Max, TrkInk(0.4f));
    char head[64];
    std::snprintf(head, sizeof head, Tr("кадр %d / %d"), State.Step, State.Frames - 1);
    dl->AddText(ImVec2(c.Min.x + 4.0f, c.Max.y - fs - 2.0f), TrkInk(0.75f), head);

    if (!c.Hovered || !t) return;
    // The read-out: every box under the pointer.
    std::string tip;
    char buf[256];
    for (const SortOutput& o : t->Output)
        if (Inside(o.Box, c.MouseX, c.MouseY)) {
            std::snprintf(buf, sizeof buf, Tr("трек ID %d: (%.0f, %.0f)–(%.0f, %.0f); щелчок — подробности\n"), o.Id, o.Box.X1,
                          o.Box.Y1, o.Box.X2, o.Box.Y2);
            tip += buf;
            if (c.Clicked) State.Track = State.Track == o.Id ? -1 : o.Id;
        }
    for (std::size_t i = 0; i < t->Detections.size(); ++i)
        if (Inside(t->Detections[i], c.MouseX, c.MouseY)) {
            const BoxD& b = t->Detections[i];
            std::snprintf(buf, sizeof buf, Tr("детекция d%d: (%.0f, %.0f)–(%.0f, %.0f)\n"), static_cast<int>(i), b.X1, b.Y1, b.X2,
                          b.Y2);
            tip += buf;
        }
    for (const GtObject& g : Frame.Truth)
        if (Inside(g.Box, c.MouseX, c.MouseY)) {
            std::snprintf(buf, sizeof buf, Tr("объект %d: видно %.0f%%\n"), g.Id, 100.0 * g.Visible);
            tip += buf;
        }
    std::snprintf(buf, sizeof buf, "x = %.0f, y = %.0f", c.MouseX, c.MouseY);
    tip += buf;
    ImGui::SetTooltip("%s", tip.c_str());
}

// One column per frame: misses (below), false positives (above), ID switches as red ticks.
void TrackingView::DrawTimeline(float width)
{
    const TrackingRun* run = Shown();
    const float h = ImGui::GetFontSize() * 2.6f;
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##timeline", ImVec2(width, h));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(o.x + width, o.y + h);
    dl->AddRectFilled(o, max, ImGui::GetColorU32(ImGuiCol_FrameBg));
    const int frames = State.Frames;
    const float dx = width / frames, mid = o.y + h * 0.5f;
    int peak = 1;
    for (int f = 0; f < run->FramesDone(); ++f) {
        const MotFrameEvents& e = run->Events(f);
        peak = std::max(peak, static_cast<int>(std::max(e.Misses.size(), e.FalsePositives.size())));
    }
    const float unit = (h * 0.5f - 2.0f) / peak;
    for (int f = 0; f < run->FramesDone(); ++f) {
        const MotFrameEvents& e = run->Events(f);
        const float x0 = o.x + f * dx, x1 = std::max(x0 + 1.0f, o.x + (f + 1) * dx - (dx > 3.0f ? 1.0f : 0.0f));
        if (!e.Misses.empty()) dl->AddRectFilled(ImVec2(x0, mid), ImVec2(x1, mid + unit * e.Misses.size()), SeriesColor(0, 0.8f));
        if (!e.FalsePositives.empty())
            dl->AddRectFilled(ImVec2(x0, mid - unit * e.FalsePositives.size()), ImVec2(x1, mid), SeriesColor(1, 0.8f));
        if (!e.Switches.empty())
            dl->AddRectFilled(ImVec2(x0, o.y), ImVec2(std::max(x1, x0 + 2.0f), max.y), IM_COL32(230, 60, 50, 220));
    }
    const float cx = o.x + (State.Step + 0.5f) * dx;
    dl->AddLine(ImVec2(cx, o.y), ImVec2(cx, max.y), AccentColor(), 2.0f);
    dl->AddRect(o, max, TrkInk(0.3f));
    if (ImGui::IsItemHovered()) {
        const float mx = ImGui::GetIO().MousePos.x;
        const int f = std::clamp(static_cast<int>((mx - o.x) / dx), 0, frames - 1);
        if (f < run->FramesDone()) {
            const MotFrameEvents& e = run->Events(f);
            ImGui::SetTooltip(Tr("кадр %d: пропусков (FN) %d, ложных (FP) %d, смен ID %d\nвверх — FP, вниз — FN, красным — смена "
                                 "ID; щелчок — к кадру"),
                              f, static_cast<int>(e.Misses.size()), static_cast<int>(e.FalsePositives.size()),
                              static_cast<int>(e.Switches.size()));
        }
        if (ImGui::IsItemActive() && std::isfinite(mx)) {
            State.Step = f;
            State.Playing = false;
        }
    }
}

} // namespace mlviz
