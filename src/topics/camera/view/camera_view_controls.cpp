// Camera topic, the controls column: per tab, every widget bound to a field of the camera's
// field table (core/camera_state.cpp), where the ranges live.
#include <algorithm>
#include <cmath>

#include "topics/camera/view/camera_view.h"
#include "ui/controls.h"

namespace mlviz {

namespace {

constexpr double kDeg = 3.14159265358979323846 / 180.0;

void IntrinsicsSliders(CameraState& s)
{
    const auto& t = CameraStateSchema();
    ImGui::SeparatorText(Tr("Внутренние K"));
    for (const char* key : {"fx", "fy", "cx", "cy", "skew"}) FieldSlider(t, key, s);
}

void DistortionSliders(CameraState& s)
{
    const auto& t = CameraStateSchema();
    ImGui::SeparatorText(Tr("Дисторсия"));
    for (const char* key : {"k1", "k2", "p1", "p2", "k3"}) FieldSlider(t, key, s);
}

} // namespace

// Switching between Euler angles and look-at keeps the camera where it is: the other
// representation is computed from the current pose.
void CameraView::SwitchExtrinsics(int mode)
{
    if (mode == State.Extrinsics) return;
    const Camera cam = CameraFromState(State);
    if (mode == static_cast<int>(ExtrinsicsMode::LookAt)) {
        const Mat3 rt = Transpose(cam.P.R);
        const Vec3 axis = {rt[2], rt[5], rt[8]};
        const Vec3 c = {State.CamX, State.CamY, State.CamZ};
        const double dist = std::max(0.5, Norm(Vec3{State.LookX, State.LookY, State.LookZ} - c));
        const Vec3 target = c + dist * axis;
        State.LookX = static_cast<float>(target[0]);
        State.LookY = static_cast<float>(target[1]);
        State.LookZ = static_cast<float>(target[2]);
    } else {
        double yaw = 0.0, pitch = 0.0, roll = 0.0;
        EulerFromPose(cam.P, yaw, pitch, roll);
        State.Yaw = static_cast<float>(yaw / kDeg);
        State.Pitch = static_cast<float>(pitch / kDeg);
        State.Roll = static_cast<float>(roll / kDeg);
    }
    State.Extrinsics = mode;
}

void CameraView::DrawProjectionControls()
{
    const auto& t = CameraStateSchema();
    IntrinsicsSliders(State);
    ImGui::SeparatorText(Tr("Внешние [R | t]"));
    const char* const modes[] = {Tr("Углы и положение"), Tr("Положение и цель (look-at)")};
    CameraState probe = State; // the combo writes a copy: switching converts the pose first
    if (FieldCombo(t, "ext", probe, modes)) SwitchExtrinsics(probe.Extrinsics);
    for (const char* key : {"cam_x", "cam_y", "cam_z"}) FieldSlider(t, key, State);
    if (State.Extrinsics == static_cast<int>(ExtrinsicsMode::LookAt)) {
        for (const char* key : {"look_x", "look_y", "look_z"}) FieldSlider(t, key, State);
    } else {
        FieldSlider(t, "yaw", State);
        FieldSlider(t, "pitch", State);
    }
    FieldSlider(t, "roll", State);
    DistortionSliders(State);
    FieldCheckbox(t, "grid", State);
    FieldCheckbox(t, "ideal", State);
    ImGui::SeparatorText(Tr("Точка и обзор"));
    Label(Tr("Точка для расчёта"));
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##pt", CameraPointLabel(State.Point))) {
        for (int i = 0; i < kCameraPointCount; ++i)
            if (ImGui::Selectable(CameraPointLabel(i), i == State.Point)) State.Point = i;
        ImGui::EndCombo();
    }
    for (const char* key : {"orbit_az", "orbit_el", "orbit_dist"}) FieldSlider(t, key, State);
}

void CameraView::DrawCalibrationControls()
{
    const auto& t = CameraStateSchema();
    ImGui::SeparatorText(Tr("Снимки доски"));
    for (const char* key : {"views", "noise", "tilt"}) FieldSlider(t, key, State);
    FieldInputInt(t, "seed", State);
    ImGui::SeparatorText(Tr("Что оценивать"));
    FieldCheckbox(t, "fix_skew", State);
    FieldCheckbox(t, "fix_k3", State);
    FieldCheckbox(t, "zero_tangent", State);
    ImGui::SeparatorText(Tr("Истинная камера"));
    MutedWrapped(Tr("Её же задаёт вкладка «Проекция»"));
    for (const char* key : {"fx", "fy", "cx", "cy"}) FieldSlider(t, key, State);
    for (const char* key : {"k1", "k2", "p1", "p2", "k3"}) FieldSlider(t, key, State);
}

void CameraView::DrawPoseControls()
{
    const auto& t = CameraStateSchema();
    const char* const models[] = {Tr("Перспектива"), Tr("Слабая перспектива")};
    FieldCombo(t, "model", State, models);
    ImGui::SeparatorText(Tr("Сустав"));
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##joint", JointLabel(State.Joint))) {
        for (int j = 1; j < kJointCount; ++j)
            if (ImGui::Selectable(JointLabel(j), j == State.Joint)) State.Joint = j;
        ImGui::EndCombo();
    }
    bool flip = (State.Flips >> State.Joint) & 1;
    if (WrappedCheckbox(Tr("Отразить кость к нему по глубине"), "##flip", flip)) State.Flips ^= 1 << State.Joint;
    FieldSlider(t, "dz", State);
    ImGui::SeparatorText(Tr("Вся поза"));
    FieldSlider(t, "scale", State);
    if (ImGui::Button(Tr("Отразить все заметные"))) State.Flips = static_cast<int>(Flippable);
    if (ImGui::Button(Tr("Случайные отражения"))) {
        // A fresh subset of the visible flips, from the bits of a simple hash of the current one.
        const unsigned h = static_cast<unsigned>(State.Flips) * 2654435761u + 0x9E3779B9u;
        State.Flips = static_cast<int>((h ^ (h >> 13)) & Flippable);
    }
    if (ImGui::Button(Tr("Вернуть истинную позу"))) {
        State.Flips = 0;
        State.DepthShift = 0.0f;
        State.Scale = 1.0f;
    }
    ImGui::SeparatorText(Tr("Камера"));
    for (const char* key : {"fx", "fy"}) FieldSlider(t, key, State);
    for (const char* key : {"orbit_az", "orbit_el", "orbit_dist"}) FieldSlider(t, key, State);
}

void CameraView::DrawControls()
{
    switch (static_cast<CameraTab>(State.Tab)) {
    case CameraTab::Calibration: DrawCalibrationControls(); break;
    case CameraTab::Pose: DrawPoseControls(); break;
    default: DrawProjectionControls(); break;
    }
    ImGui::Spacing();
    if (ImGui::Button(Tr("Сбросить всё"))) {
        const int tab = State.Tab;
        State = CameraState();
        State.Tab = tab;
    }
    ClampState(); // whatever the widgets wrote (Ctrl+click lets a slider go out of range)
}

} // namespace mlviz
