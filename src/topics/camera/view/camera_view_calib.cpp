// Camera topic, tab "Калибровка": N noisy views of a checkerboard seen by the camera of the
// projection tab, Zhang's closed form, then Levenberg-Marquardt stepped over frames; every
// accepted iteration can be scrubbed back to: recovered against true parameters, the RMS per
// iteration and per view, and one view's corners with their residuals magnified.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "topics/camera/view/camera_view.h"
#include "ui/playback_bar.h"
#include "ui/plot.h"
#include "ui/theme.h"

namespace mlviz {

int CameraView::CalibShownIndex() const
{
    const int last = static_cast<int>(CalibHistory.size()) - 1;
    return State.Iter < 0 ? last : std::min(State.Iter, last);
}

void CameraView::DrawCalibPlayback(ViewContext& ctx, bool buttons)
{
    const int count = std::max(0, static_cast<int>(CalibHistory.size()) - 1);
    PlaybackInput in = PlaybackInputFromKeys(ctx);
    const PlaybackState shown{CalibShownIndex(), CalibPlaying, CalibSpeed, CalibClock};
    if (buttons) {
        DrawPlaybackButtons(shown, in);
        DrawPlaybackScrub(shown, count, Tr("итерация LM %d"), in);
    }
    PlaybackState p = shown;
    UpdatePlayback(p, count, in);
    // The last step is "the end" (-1), which follows the newest iteration while LM still runs.
    if (p.Step != shown.Step) State.Iter = p.Step >= count ? -1 : p.Step;
    CalibPlaying = p.Playing;
    CalibClock = p.Clock;
}

void CameraView::DrawCalibImage(ImVec2 size, const CalibSnapshot& snap)
{
    const int v = std::clamp(State.View, 0, static_cast<int>(CalibViews.size()) - 1);
    const CalibView& view = CalibViews[v];
    Pose pose;
    pose.R = RodriguesToMatrix(snap.Params.Rvecs[v]);
    pose.T = snap.Params.Tvecs[v];
    const std::vector<Pixel> reproj = ProjectPoints(snap.Params.K, snap.Params.D, pose, view.Object);
    double max_res = 1e-9;
    for (std::size_t i = 0; i < reproj.size(); ++i)
        max_res = std::max(max_res, std::hypot(reproj[i].U - view.Image[i].U, reproj[i].V - view.Image[i].V));
    ImGui::Text(Tr("Снимок %d: уголки и невязки"), v + 1);
    const CamCanvas c = BeginImageCanvas("##calib_image", size);
    // Residual arrows magnified to about 2 em at the largest: a factor the caption states.
    const double gain = std::max(1.0, std::floor(ImGui::GetFontSize() * 2.0 / (max_res * c.Scale)));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(c.Min, c.Max, true);
    const int cols = 8, rows = 6; // inner corners of CalibViewsConfig's 9 x 7 board
    const bool grid = static_cast<int>(reproj.size()) == cols * rows;
    for (int j = 0; grid && j < rows; ++j)
        for (int i = 0; i < cols; ++i) {
            const Pixel& a = reproj[j * cols + i];
            if (i + 1 < cols)
                dl->AddLine(c.ToScreen(a.U, a.V), c.ToScreen(reproj[j * cols + i + 1].U, reproj[j * cols + i + 1].V),
                            CamInk(0.35f));
            if (j + 1 < rows)
                dl->AddLine(c.ToScreen(a.U, a.V), c.ToScreen(reproj[(j + 1) * cols + i].U, reproj[(j + 1) * cols + i].V),
                            CamInk(0.35f));
        }
    int nearest = -1;
    double best = 10.0 / c.Scale;
    for (std::size_t i = 0; i < reproj.size(); ++i) {
        const Pixel& d = view.Image[i];
        const Pixel& r = reproj[i];
        const ImVec2 pd = c.ToScreen(d.U, d.V);
        const ImVec2 tip = c.ToScreen(d.U + gain * (r.U - d.U), d.V + gain * (r.V - d.V));
        dl->AddLine(pd, tip, CamCubeColor(), 1.5f);
        dl->AddCircleFilled(pd, 2.5f, CamInk(0.95f));
        const double dist = std::hypot(d.U - c.MouseU, d.V - c.MouseV);
        if (c.Hovered && dist < best) {
            best = dist;
            nearest = static_cast<int>(i);
        }
    }
    dl->PopClipRect();
    if (nearest >= 0) {
        const Pixel& d = view.Image[nearest];
        const Pixel& r = reproj[nearest];
        ImGui::SetTooltip(Tr("уголок %d\nнайден: (%.2f, %.2f)\nрепроекция: (%.2f, %.2f)\nневязка %.3f пикс"), nearest, d.U, d.V,
                          r.U, r.V, std::hypot(r.U - d.U, r.V - d.V));
    } else if (c.Hovered) {
        ImGui::SetTooltip("u = %.1f, v = %.1f %s", c.MouseU, c.MouseV, Tr("пикс"));
    }
    char note[256];
    std::snprintf(note, sizeof note, Tr("точки — найденные уголки (с шумом), штрихи — невязки ×%.0f, сетка — репроекция"), gain);
    MutedWrapped(note);
}

void CameraView::DrawCalibCharts(float width, const CalibSnapshot& snap)
{
    const float h = ImGui::GetFontSize() * 9.0f;
    std::vector<double> xs, ys;
    for (std::size_t i = 0; i < CalibHistory.size(); ++i) {
        xs.push_back(static_cast<double>(i));
        ys.push_back(SafeLog10(CalibHistory[i].Report.Rms));
    }
    std::vector<double> all;
    for (const CalibSnapshot& s : CalibHistory) all.push_back(s.Report.Rms);
    double lo = -1.0, hi = 1.0;
    Log10Range(all, 1.0, lo, hi);
    const PlotFrame f = BeginPlot("##rms", ImVec2(width, h), {-0.3, std::max(1.0, xs.size() - 0.7), lo, hi},
                                  Tr("RMS по итерациям LM, пикс"), PlotFlags_LogY | PlotFlags_IntegerX);
    PlotLine(f, xs, ys, SeriesColor(0), 2.0f);
    const int shown = CalibShownIndex();
    PlotVerticalLine(f, shown, AccentColor());
    PlotMarker(f, shown, SafeLog10(snap.Report.Rms), AccentColor(), 4.0f);
    EndPlot(f);
    if (f.Hovered) {
        const int k = std::clamp(static_cast<int>(std::lround(f.MouseX)), 0, static_cast<int>(CalibHistory.size()) - 1);
        ImGui::SetTooltip(Tr("итерация %d: RMS = %.4f пикс, λ = %.1e\nщелчок — показать её"), k, CalibHistory[k].Report.Rms,
                          CalibHistory[k].Lambda);
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) State.Iter = k;
    }

    const std::vector<double>& per = snap.Report.PerView;
    double top = 1e-3;
    for (double e : per) top = std::max(top, e);
    const PlotFrame b = BeginPlot("##per_view", ImVec2(width, h), {-0.6, per.size() - 0.4, 0.0, top * 1.15},
                                  Tr("RMS по снимкам, пикс"), PlotFlags_IntegerX);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (std::size_t v = 0; v < per.size(); ++v) {
        const bool sel = static_cast<int>(v) == State.View;
        dl->AddRectFilled(b.ToScreen(v - 0.35, per[v]), b.ToScreen(v + 0.35, 0.0), sel ? AccentColor() : SeriesColor(0, 0.75f));
    }
    EndPlot(b);
    if (b.Hovered) {
        const int v = static_cast<int>(std::lround(b.MouseX));
        if (v >= 0 && v < static_cast<int>(per.size())) {
            ImGui::SetTooltip(Tr("снимок %d: RMS = %.4f пикс\nщелчок — показать его"), v + 1, per[v]);
            if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) State.View = v;
        }
    }
}

void CameraView::DrawCalibTable(const CalibSnapshot& snap)
{
    const Camera truth = CameraFromState(State);
    const Intrinsics& z = Job->ClosedForm();
    const Intrinsics& k = snap.Params.K;
    const Distortion& d = snap.Params.D;
    struct Row {
        const char* Name;
        double True, Zhang, Now;
    };
    const Row rows[] = {{"fx", truth.K.Fx, z.Fx, k.Fx}, {"fy", truth.K.Fy, z.Fy, k.Fy},         {"cx", truth.K.Cx, z.Cx, k.Cx},
                        {"cy", truth.K.Cy, z.Cy, k.Cy}, {"skew", truth.K.Skew, z.Skew, k.Skew}, {"k1", truth.D.K1, 0.0, d.K1},
                        {"k2", truth.D.K2, 0.0, d.K2},  {"p1", truth.D.P1, 0.0, d.P1},          {"p2", truth.D.P2, 0.0, d.P2},
                        {"k3", truth.D.K3, 0.0, d.K3}};
    char head[64];
    std::snprintf(head, sizeof head, Tr("LM, итерация %d"), CalibShownIndex());
    // Fixed-fit: stretch weights come out 0/0 (NaN extents, UB in ImGui) in a window too narrow for the table.
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##calib_params", 5, flags)) return;
    ImGui::TableSetupColumn(Tr("параметр"));
    ImGui::TableSetupColumn(Tr("истина"));
    ImGui::TableSetupColumn(Tr("Чжан (замкн. формула)"));
    ImGui::TableSetupColumn(head);
    ImGui::TableSetupColumn(Tr("ошибка LM"));
    ImGui::TableHeadersRow();
    for (const Row& r : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.Name);
        const bool pixels = r.Name[0] == 'f' || r.Name[0] == 'c' || r.Name[0] == 's';
        const char* fmt = pixels ? "%.2f" : "%.5f";
        ImGui::TableNextColumn();
        ImGui::Text(fmt, r.True);
        ImGui::TableNextColumn();
        ImGui::Text(fmt, r.Zhang);
        ImGui::TableNextColumn();
        ImGui::Text(fmt, r.Now);
        ImGui::TableNextColumn();
        if (pixels)
            ImGui::Text("%+.2f %s", r.Now - r.True, Tr("пикс"));
        else
            ImGui::Text("%+.5f", r.Now - r.True);
    }
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted("RMS");
    ImGui::TableNextColumn();
    ImGui::TextDisabled("—");
    ImGui::TableNextColumn();
    ImGui::Text("%.4f", CalibHistory.front().Report.Rms);
    ImGui::TableNextColumn();
    ImGui::Text("%.4f", snap.Report.Rms);
    ImGui::TableNextColumn();
    ImGui::Text(Tr("σ шума %.2f"), State.Noise);
    ImGui::EndTable();
}

void CameraView::DrawCalibrationTab(ViewContext& ctx)
{
    if (!CalibError.Empty() || !Job || CalibHistory.empty() || CalibViews.empty()) {
        ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.35f, 1.0f), "%s",
                           CalibError.Empty() ? Tr("Нет данных калибровки") : Tr(CalibError).c_str());
        return;
    }
    DrawCalibPlayback(ctx, ctx.ShowControls);
    const CalibSnapshot& snap = CalibHistory[CalibShownIndex()];
    const int points = static_cast<int>(CalibViews.size() * CalibViews.front().Object.size());
    ImGui::TextWrapped(
        Tr("1) %d гомографий H (DLT); 2) замкнутая формула Чжана: B = K^-T K^-1 из V·b = 0, затем R, t каждого снимка; "
           "3) Левенберг–Марквардт по %d невязкам: итерация %d, попыток %d, λ = %.1e, RMS = %.4f пикс"),
        static_cast<int>(CalibViews.size()), 2 * points, CalibShownIndex(), snap.Trials, snap.Lambda, snap.Report.Rms);
    if (!Job->Done()) {
        char buf[128];
        std::snprintf(buf, sizeof buf, Tr("LM идёт: попытка %d"), Job->Trials());
        ImGui::ProgressBar(static_cast<float>(Job->Progress()), ImVec2(-1.0f, 0.0f), buf);
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.x, line = ImGui::GetTextLineHeightWithSpacing();
    const bool row = avail.x >= ImGui::GetFontSize() * 30.0f;
    float w = row ? (avail.x - spacing) * 0.55f : avail.x;
    const float fit_h = ctx.ShowControls ? FLT_MAX : std::max(line * 6.0f, avail.y - line * 16.0f);
    w = std::min(w, fit_h / 0.75f);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    DrawCalibImage(ImVec2(w, w * 0.75f), snap);
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (row) ImGui::SameLine();
    ImGui::BeginGroup();
    DrawCalibCharts(row ? ImGui::GetContentRegionAvail().x : avail.x, snap);
    ImGui::EndGroup();
    ImGui::SeparatorText(Tr("Найденные параметры против истинных"));
    DrawCalibTable(snap);
    const CamHomography& h = Job->Homographies()[std::clamp(State.View, 0, static_cast<int>(Job->Homographies().size()) - 1)];
    ImGui::TextWrapped(Tr("H снимка %d = [%.1f %.1f %.1f; %.1f %.1f %.1f; %.4f %.4f 1]"), State.View + 1, h.H[0], h.H[1], h.H[2],
                       h.H[3], h.H[4], h.H[5], h.H[6], h.H[7]);
}

} // namespace mlviz
