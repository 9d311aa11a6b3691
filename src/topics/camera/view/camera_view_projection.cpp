// Camera topic, tab "Проекция": the scene in an orbit view beside the camera's image (with the
// distorted pixel grid), K, [R|t] and P = K[R|t] with their numbers, and one point's projection
// worked through: X_w -> X_c -> (x, y) -> distortion -> (u, v).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "topics/camera/view/camera_view.h"
#include "ui/theme.h"

namespace mlviz {

namespace {

void MatrixTable(const char* id, const char* title, const double* m, int rows, int cols, const char* fmt)
{
    ImGui::BeginGroup();
    ImGui::TextUnformatted(title);
    const float cell = ImGui::CalcTextSize("-0000.000").x + ImGui::GetStyle().CellPadding.x * 2.0f;
    if (ImGui::BeginTable(id, cols, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit, ImVec2(cell * cols, 0.0f))) {
        for (int c = 0; c < cols; ++c)
            ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthFixed, cell - ImGui::GetStyle().CellPadding.x * 2.0f);
        char buf[32];
        for (int r = 0; r < rows; ++r) {
            ImGui::TableNextRow();
            for (int c = 0; c < cols; ++c) {
                ImGui::TableSetColumnIndex(c);
                std::snprintf(buf, sizeof buf, fmt, m[r * cols + c]);
                ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetColumnWidth() - ImGui::CalcTextSize(buf).x);
                ImGui::TextUnformatted(buf);
            }
        }
        ImGui::EndTable();
    }
    ImGui::EndGroup();
}

// The group that fits on the current line, else on a new one.
void NextGroup(float width)
{
    ImGui::SameLine(0.0f, ImGui::GetFontSize());
    if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}

} // namespace

void CameraView::DrawMatrices()
{
    const Mat3 k = KMatrix(Cam.K);
    double rt[12];
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) rt[r * 4 + c] = Cam.P.R[r * 3 + c];
        rt[r * 4 + 3] = Cam.P.T[r];
    }
    const auto p = ProjectionMatrix(Cam.K, Cam.P);
    const Vec3 rvec = MatrixToRodrigues(Cam.P.R);
    const Vec3 c = CameraCentre(Cam.P);
    const float cell = ImGui::CalcTextSize("-0000.000").x + ImGui::GetStyle().CellPadding.x * 2.0f;
    MatrixTable("##K", Tr("K (внутренние), пикс"), k.data(), 3, 3, "%.1f");
    NextGroup(cell * 4.0f);
    MatrixTable("##Rt", Tr("[R | t] (внешние), t в м"), rt, 3, 4, "%.3f");
    NextGroup(cell * 4.0f);
    MatrixTable("##P", "P = K [R | t]", p.data(), 3, 4, "%.1f");
    ImGui::TextWrapped(
        Tr("Вектор Родрига (cv2.Rodrigues): r = (%.4f, %.4f, %.4f), угол %.1f°; центр камеры C = −R^T t = (%.2f, %.2f, %.2f) м"),
        rvec[0], rvec[1], rvec[2], Norm(rvec) * 180.0 / 3.14159265358979323846, c[0], c[1], c[2]);
}

void CameraView::DrawWorkedPoint()
{
    const Vec3 w = CameraScenePoint(TheScene, State.Point);
    const ProjectionSteps s = ProjectPointSteps(Cam, w);
    const Intrinsics& k = Cam.K;
    const Distortion& d = Cam.D;
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(AccentColor()), "%s", CameraPointLabel(State.Point));
    ImGui::TextWrapped("X_w = (%.3f, %.3f, %.3f) %s", w[0], w[1], w[2], Tr("м"));
    ImGui::TextWrapped("X_c = R·X_w + t = (%.4f, %.4f, %.4f)   %s", s.Cam[0], s.Cam[1], s.Cam[2],
                       s.InFront ? Tr("Z_c > 0: точка перед камерой") : Tr("Z_c ≤ 0: точка позади камеры, в кадр не попадает"));
    if (!s.InFront) return;
    ImGui::TextWrapped("x = X_c / Z_c = %.5f,   y = Y_c / Z_c = %.5f", s.X, s.Y);
    const double r2 = s.R2;
    ImGui::TextWrapped("r² = x² + y² = %.5f", r2);
    ImGui::TextWrapped("1 + k1·r² + k2·r⁴ + k3·r⁶ = 1 + (%.3f)(%.5f) + (%.3f)(%.5f) + (%.3f)(%.5f) = %.5f", d.K1, r2, d.K2,
                       r2 * r2, d.K3, r2 * r2 * r2, s.Radial);
    ImGui::TextWrapped("x_d = x·%.5f + 2·p1·x·y + p2·(r² + 2x²) = %.5f + (%.6f) = %.5f", s.Radial, s.X * s.Radial, s.TanX, s.Xd);
    ImGui::TextWrapped("y_d = y·%.5f + p1·(r² + 2y²) + 2·p2·x·y = %.5f + (%.6f) = %.5f", s.Radial, s.Y * s.Radial, s.TanY, s.Yd);
    ImGui::TextWrapped("u = fx·x_d + s·y_d + cx = %.1f·(%.5f) + %.1f·(%.5f) + %.1f = %.2f %s", k.Fx, s.Xd, k.Skew, s.Yd, k.Cx,
                       s.U, Tr("пикс"));
    ImGui::TextWrapped("v = fy·y_d + cy = %.1f·(%.5f) + %.1f = %.2f %s", k.Fy, s.Yd, k.Cy, s.V, Tr("пикс"));
    const auto p = ProjectionMatrix(Cam.K, Cam.P);
    const double lu = p[0] * w[0] + p[1] * w[1] + p[2] * w[2] + p[3], lv = p[4] * w[0] + p[5] * w[1] + p[6] * w[2] + p[7],
                 l = p[8] * w[0] + p[9] * w[1] + p[10] * w[2] + p[11];
    ImGui::TextWrapped(
        Tr("Без дисторсии: P·[X_w; 1] = (%.1f, %.1f, %.3f) → (%.2f, %.2f) пикс; дисторсия сдвигает точку на %.2f пикс"), lu, lv,
        l, lu / l, lv / l, std::hypot(s.U - lu / l, s.V - lv / l));
    const bool inside = s.U >= 0.0 && s.U < kCameraImageW && s.V >= 0.0 && s.V < kCameraImageH;
    if (!inside) MutedWrapped(Tr("(за краем кадра 640×480)"));
}

void CameraView::DrawProjectionTab(ViewContext& ctx)
{
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.x, line = ImGui::GetTextLineHeightWithSpacing();
    const bool row = avail.x >= ImGui::GetFontSize() * 30.0f;
    float w = row ? (avail.x - spacing) * 0.5f : avail.x;
    // A still figure (controls=0): both pictures fit the height, with their captions.
    const float fit_h = ctx.ShowControls ? FLT_MAX : std::max(line * 6.0f, (row ? avail.y : avail.y * 0.5f) - line * 3.0f);
    w = std::min(w, fit_h / 0.75f);
    const ImVec2 size(w, w * 0.75f);

    ImGui::BeginGroup();
    ImGui::TextUnformatted(Tr("Сцена и камера (обзор)"));
    DrawOrbitCanvas("##orbit", size, false);
    ImGui::EndGroup();
    if (row) ImGui::SameLine();
    ImGui::BeginGroup();
    ImGui::Text(Tr("Изображение камеры %d×%d"), kCameraImageW, kCameraImageH);
    const CamCanvas c = BeginImageCanvas("##image", size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    DrawStrokes(c, Strokes);
    dl->PushClipRect(c.Min, c.Max, true);
    if (State.ShowIdeal)
        for (const ImageStroke& s : IdealStrokes) {
            if (s.Kind == StrokeKind::BoardDark || s.Kind == StrokeKind::BoardLight || s.Kind == StrokeKind::Floor) continue;
            std::vector<ImVec2> pts;
            for (const Pixel& p : s.Points) pts.push_back(c.ToScreen(p.U, p.V));
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), CamInk(0.45f), 0, 1.0f);
        }
    if (State.ShowGrid)
        for (const GridLine& g : Grid) {
            std::vector<ImVec2> pts;
            for (const Pixel& p : g.Points)
                if (std::isfinite(p.U) && std::isfinite(p.V) && std::fabs(p.U) < 1e5 && std::fabs(p.V) < 1e5)
                    pts.push_back(c.ToScreen(p.U, p.V));
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), CamCameraColor(0.55f), 0, 1.0f);
        }
    const ImVec2 pp = c.ToScreen(Cam.K.Cx, Cam.K.Cy);
    dl->AddLine(ImVec2(pp.x - 6, pp.y), ImVec2(pp.x + 6, pp.y), CamInk(0.8f));
    dl->AddLine(ImVec2(pp.x, pp.y - 6), ImVec2(pp.x, pp.y + 6), CamInk(0.8f));
    int nearest = -1;
    double best = 12.0 / c.Scale;
    for (int i = 0; i < kCameraPointCount; ++i) {
        if (!PointInFront[i]) continue;
        const Pixel& q = PointPixels[i];
        dl->AddCircleFilled(c.ToScreen(q.U, q.V), 2.5f, i < kJointCount ? CamPersonColor() : CamCubeColor());
        const double dist = std::hypot(q.U - c.MouseU, q.V - c.MouseV);
        if (c.Hovered && dist < best) {
            best = dist;
            nearest = i;
        }
    }
    if (PointInFront[State.Point]) {
        const ImVec2 q = c.ToScreen(PointPixels[State.Point].U, PointPixels[State.Point].V);
        dl->AddCircle(q, 7.0f, AccentColor(), 0, 2.0f);
    }
    dl->PopClipRect();
    ImGui::EndGroup();
    if (c.Hovered) {
        if (nearest >= 0)
            ImGui::SetTooltip("%s\nu = %.2f, v = %.2f %s\n%s", CameraPointLabel(nearest), PointPixels[nearest].U,
                              PointPixels[nearest].V, Tr("пикс"), Tr("щелчок — разобрать эту точку"));
        else
            ImGui::SetTooltip("u = %.1f, v = %.1f %s", c.MouseU, c.MouseV, Tr("пикс"));
        if (c.Clicked && nearest >= 0) State.Point = nearest;
    }
    MutedWrapped(
        Tr("Крестик — главная точка (cx, cy); сетка — прямые строки и столбцы пикселей идеальной камеры после дисторсии."));

    ImGui::SeparatorText(Tr("Матрицы камеры"));
    DrawMatrices();
    ImGui::SeparatorText(Tr("Проекция одной точки"));
    DrawWorkedPoint();
}

} // namespace mlviz
