// Camera topic, tab "Неоднозначность позы" (q11): the person's 2-D skeleton in the camera image
// and a family of 3-D poses with exactly that image: bones flipped in depth, one joint dragged
// along its ray (top view), the whole pose scaled about the camera. MPJPE against the true
// pose before and after Procrustes alignment says what each change costs a 3-D metric.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include "topics/camera/view/camera_view.h"
#include "ui/theme.h"

namespace mlviz {

namespace {

constexpr float kHandleRadius = 7.0f;

// Camera-frame x (right) and depth z (up on screen) of a top view fitted to a box.
struct TopFrame {
    ImVec2 Min, Max;
    double X0 = 0.0, Z0 = 0.0, Scale = 1.0;
    ImVec2 ToScreen(double x, double z) const
    {
        return ImVec2(Min.x + static_cast<float>((x - X0) * Scale), Max.y - static_cast<float>((z - Z0) * Scale));
    }
    void ToWorld(ImVec2 p, double& x, double& z) const
    {
        x = X0 + (p.x - Min.x) / Scale;
        z = Z0 + (Max.y - p.y) / Scale;
    }
};

void DrawBones2D(ImDrawList* dl, const CamCanvas& c, const Skeleton2D& s, ImU32 col, float th)
{
    for (int j = 1; j < kJointCount; ++j) {
        const Pixel& a = s.Joints[JointParent(static_cast<Joint>(j))];
        dl->AddLine(c.ToScreen(a.U, a.V), c.ToScreen(s.Joints[j].U, s.Joints[j].V), col, th);
    }
}

void DrawBonesTop(ImDrawList* dl, const TopFrame& f, const Skeleton& s, ImU32 col, float th)
{
    for (int j = 1; j < kJointCount; ++j) {
        const Vec3& a = s.Joints[JointParent(static_cast<Joint>(j))];
        dl->AddLine(f.ToScreen(a[0], a[2]), f.ToScreen(s.Joints[j][0], s.Joints[j][2]), col, th);
    }
    for (const Vec3& p : s.Joints) dl->AddCircleFilled(f.ToScreen(p[0], p[2]), th + 0.5f, col);
}

} // namespace

void CameraView::UpdatePose()
{
    if (PoseBuilt && SamePoseFamily(State, PoseFor)) return;
    PoseFor = State;
    PoseBuilt = true;
    const ProjectionModel model = static_cast<ProjectionModel>(State.Model);
    Truth = ToCameraFrame(Cam.P, TheScene.Person);
    Flippable = FlippableBones(Cam.K, Truth, model, 0.02);
    Compare.reset();
    const auto flipped = FlipLimbs(Cam.K, Truth, static_cast<std::uint32_t>(State.Flips), model);
    const auto alt =
        AlternativePose(Cam.K, Truth, static_cast<std::uint32_t>(State.Flips), State.Joint, State.DepthShift, State.Scale, model);
    if (!flipped || !alt) {
        PoseError = !flipped ? flipped.Error() : alt.Error();
        return;
    }
    PoseError = {};
    Alt = *alt;
    BaseDepth = flipped->Pose.Joints[State.Joint][2];
    const auto cmp = CompareSkeletons(Alt.Pose, Truth);
    if (cmp) Compare = *cmp;
    const Skeleton2D a = ProjectSkeleton(Cam.K, Alt.Pose, model), b = ProjectSkeleton(Cam.K, Truth, model);
    ImageChange = 0.0;
    for (int j = 0; j < kJointCount; ++j)
        ImageChange = std::max(ImageChange, std::hypot(a.Joints[j].U - b.Joints[j].U, a.Joints[j].V - b.Joints[j].V));
}

void CameraView::DrawPoseImage(ImVec2 size)
{
    const ProjectionModel model = static_cast<ProjectionModel>(State.Model);
    ImGui::TextUnformatted(model == ProjectionModel::Perspective ? Tr("Изображение (перспектива)")
                                                                 : Tr("Изображение (слабая перспектива)"));
    const CamCanvas c = BeginImageCanvas("##pose_image", size);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(c.Min, c.Max, true);
    const Skeleton2D truth = ProjectSkeleton(Cam.K, Truth, model), alt = ProjectSkeleton(Cam.K, Alt.Pose, model);
    DrawBones2D(dl, c, truth, CamInk(0.35f), 7.0f);
    DrawBones2D(dl, c, alt, CamPersonColor(), 2.0f);
    for (int j = 0; j < kJointCount; ++j)
        dl->AddCircleFilled(c.ToScreen(alt.Joints[j].U, alt.Joints[j].V), 2.5f, CamPersonColor());
    const Pixel& s = alt.Joints[State.Joint];
    dl->AddCircle(c.ToScreen(s.U, s.V), kHandleRadius, AccentColor(), 0, 2.0f);
    dl->PopClipRect();
    if (c.Hovered) ImGui::SetTooltip("u = %.1f, v = %.1f %s", c.MouseU, c.MouseV, Tr("пикс"));
    ImGui::TextWrapped("%s", Tr("Серая — истинная поза, цветная — изменённая."));
    ImGui::Text(Tr("Наибольшее расхождение: %.1e пикс"), ImageChange); // one line: a wrap would split the number at its point
}

void CameraView::DrawTopView(ImVec2 size)
{
    const bool persp = State.Model == static_cast<int>(ProjectionModel::Perspective);
    ImGui::TextUnformatted(Tr("Вид сверху: x вправо, глубина z вверх"));
    TopFrame f;
    f.Min = ImGui::GetCursorScreenPos();
    f.Max = ImVec2(f.Min.x + size.x, f.Min.y + size.y);
    double x0 = 1e9, x1 = -1e9, z0 = 1e9, z1 = -1e9;
    for (const Skeleton* s : {&Truth, &Alt.Pose})
        for (const Vec3& p : s->Joints) {
            x0 = std::min(x0, p[0]);
            x1 = std::max(x1, p[0]);
            z0 = std::min(z0, p[2]);
            z1 = std::max(z1, p[2]);
        }
    const double pad = 0.35;
    f.Scale = std::min(size.x / (x1 - x0 + 2 * pad), size.y / (z1 - z0 + 2 * pad));
    f.X0 = 0.5 * (x0 + x1) - 0.5 * size.x / f.Scale;
    f.Z0 = 0.5 * (z0 + z1) - 0.5 * size.y / f.Scale;
    ImGui::InvisibleButton("##top", size);
    const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(f.Min, f.Max, CamCanvasBg());
    dl->PushClipRect(f.Min, f.Max, true);
    const double zfar = f.Z0 + size.y / f.Scale;
    for (int j = 0; j < kJointCount; ++j) {
        const Vec3& p = Alt.Pose.Joints[j];
        const ImU32 col = CamInk(j == State.Joint ? 0.7f : 0.18f);
        if (persp && p[2] > 1e-9)
            dl->AddLine(f.ToScreen(0.0, 0.0), f.ToScreen(p[0] * zfar / p[2], zfar), col, j == State.Joint ? 1.5f : 1.0f);
        else if (!persp)
            dl->AddLine(f.ToScreen(p[0], f.Z0), f.ToScreen(p[0], zfar), col);
    }
    DrawBonesTop(dl, f, Truth, CamInk(0.4f), 2.0f);
    if (Compare) DrawBonesTop(dl, f, Compare->Aligned, AccentColor(0.45f), 1.0f);
    DrawBonesTop(dl, f, Alt.Pose, CamPersonColor(), 2.0f);
    const Vec3& sel = Alt.Pose.Joints[State.Joint];
    const ImVec2 hs = f.ToScreen(sel[0], sel[2]);
    dl->AddCircle(hs, kHandleRadius, AccentColor(), 0, 2.5f);
    dl->AddText(ImVec2(f.Min.x + 4.0f, f.Max.y - ImGui::GetFontSize() - 2.0f), CamInk(0.6f),
                persp ? Tr("↓ к камере (лучи сходятся в её центре)") : Tr("лучи параллельны оптической оси"));
    dl->PopClipRect();
    dl->AddRect(f.Min, f.Max, CamInk(0.3f));

    // Press near a joint: select it (or start dragging the selected one along its ray).
    const ImVec2 m = ImGui::GetIO().MousePos;
    if (ImGui::IsItemActivated()) {
        int pick = -1;
        float best = kHandleRadius * 2.0f;
        for (int j = 1; j < kJointCount; ++j) {
            const ImVec2 q = f.ToScreen(Alt.Pose.Joints[j][0], Alt.Pose.Joints[j][2]);
            const float d = std::hypot(q.x - m.x, q.y - m.y);
            if (d < best) {
                best = d;
                pick = j;
            }
        }
        DraggingJoint = pick >= 0;
        if (pick >= 0 && pick != State.Joint) {
            State.Joint = pick;
            DraggingJoint = false; // the new joint's base depth is known next frame
        }
    }
    if (!active) DraggingJoint = false;
    if (DraggingJoint && std::isfinite(m.x) && std::isfinite(m.y)) {
        double mx = 0.0, mz = 0.0;
        f.ToWorld(m, mx, mz);
        double z = mz;
        if (persp) {
            const double t = (mx * sel[0] + mz * sel[2]) / std::max(1e-12, sel[0] * sel[0] + sel[2] * sel[2]);
            z = t * sel[2];
        }
        State.DepthShift = static_cast<float>(std::clamp(z / State.Scale - BaseDepth, -1.5, 1.5));
    }
    if (hovered && !active) {
        double mx = 0.0, mz = 0.0;
        f.ToWorld(m, mx, mz);
        ImGui::SetTooltip(Tr("x = %.2f м, z = %.2f м\nтяните выбранный сустав вдоль его луча; щелчок по суставу выбирает его"),
                          mx, mz);
    }
}

void CameraView::DrawPoseTable()
{
    if (Compare) {
        const double angle =
            std::acos(std::clamp((Compare->Align.R[0] + Compare->Align.R[4] + Compare->Align.R[8] - 1.0) * 0.5, -1.0, 1.0));
        ImGui::TextWrapped(
            Tr("MPJPE = %.1f мм; после выравнивания Прокруста (масштаб %.3f, поворот %.1f°, сдвиг) PA-MPJPE = %.1f мм"),
            Compare->Mpjpe * 1000.0, Compare->Align.Scale, angle * 180.0 / 3.14159265358979323846, Compare->PaMpjpe * 1000.0);
    }
    if (Alt.Broken > 0)
        ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.3f, 1.0f), Tr("%d кост. не сохранили длину: луч не достаёт до сферы"),
                           Alt.Broken);
    const ImGuiTableFlags flags =
        ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("##bones", 5, flags, ImVec2(0.0f, ImGui::GetTextLineHeightWithSpacing() * 9.5f))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(Tr("кость к суставу"));
    ImGui::TableSetupColumn(Tr("длина, см"));
    ImGui::TableSetupColumn(Tr("стала, см"));
    ImGui::TableSetupColumn(Tr("Δ глубины, см"));
    ImGui::TableSetupColumn(Tr("отражена"));
    ImGui::TableHeadersRow();
    for (int j = 1; j < kJointCount; ++j) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (ImGui::Selectable(JointLabel(j), j == State.Joint, ImGuiSelectableFlags_SpanAllColumns)) State.Joint = j;
        ImGui::TableNextColumn();
        ImGui::Text("%.1f", BoneLength(Truth, static_cast<Joint>(j)) * 100.0);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f", BoneLength(Alt.Pose, static_cast<Joint>(j)) * 100.0);
        ImGui::TableNextColumn();
        ImGui::Text("%+.1f", (Alt.Pose.Joints[j][2] - Truth.Joints[j][2]) * 100.0);
        ImGui::TableNextColumn();
        const bool flipped = (State.Flips >> j) & 1;
        ImGui::TextUnformatted(flipped ? "✓" : ((Flippable >> j) & 1 ? "" : Tr("(незаметно)")));
    }
    ImGui::EndTable();
}

void CameraView::DrawPoseTab(ViewContext& ctx)
{
    if (!PoseBuilt) return;
    if (!PoseError.Empty()) {
        ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.35f, 1.0f), "%s", Tr(PoseError).c_str());
        return;
    }
    ImGui::TextWrapped("%s",
                       Tr("Сустав на снимке задаёт только луч из центра камеры. Отражения костей, сдвиг сустава вдоль луча и "
                          "масштаб всей позы меняют 3D, но не 2D."));
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.x, line = ImGui::GetTextLineHeightWithSpacing();
    const bool row = avail.x >= ImGui::GetFontSize() * 30.0f;
    float w = row ? (avail.x - spacing) * 0.5f : avail.x;
    const float fit_h =
        ctx.ShowControls ? FLT_MAX : std::max(line * 6.0f, (row ? avail.y * 0.55f : avail.y * 0.3f) - line * 3.0f);
    w = std::min(w, fit_h / 0.75f);
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
    DrawPoseImage(ImVec2(w, w * 0.75f));
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    if (row) ImGui::SameLine();
    ImGui::BeginGroup();
    DrawTopView(ImVec2(w, w * 0.75f));
    ImGui::EndGroup();
    // A figure limited by its height (no controls) has room for the scene beside the two views.
    const bool third = row && 3.0f * w + 2.0f * spacing <= avail.x + 1.0f;
    if (third) {
        ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::TextUnformatted(Tr("Обе позы в сцене"));
        DrawOrbitCanvas("##pose_orbit", ImVec2(w, w * 0.75f), true);
        ImGui::EndGroup();
    }
    ImGui::SeparatorText(Tr("Насколько далеко от истины"));
    DrawPoseTable();
    if (third) return;
    ImGui::SeparatorText(Tr("Обе позы в сцене"));
    DrawOrbitCanvas("##pose_orbit", ImVec2(w, w * 0.75f), true);
}

} // namespace mlviz
