// The camera (q35, q11): a pinhole camera with distortion looking at a 3-D scene, Zhang's
// calibration with Levenberg-Marquardt stepped over frames, and why a 2-D skeleton has many 3-D
// poses. Tabs: camera_view_projection.cpp, camera_view_calib.cpp, camera_view_pose.cpp.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "topics/camera/view/camera_view.h"
#include "topics/views.h"
#include "ui/plot.h"
#include "ui/theme.h"
#include "ui/topic_layout.h"

namespace mlviz {

ImU32 CamInk(float alpha)
{
    return ImGui::GetColorU32(ImGuiCol_Text, alpha);
}

ImU32 CamCanvasBg()
{
    return CurrentTheme() == Theme::Light ? IM_COL32(246, 246, 242, 255) : IM_COL32(28, 30, 36, 255);
}

ImU32 CamImageBg()
{
    return CurrentTheme() == Theme::Light ? IM_COL32(214, 218, 224, 255) : IM_COL32(70, 76, 88, 255);
}

ImU32 CamPersonColor(float alpha)
{
    return SeriesColor(0, alpha);
}

ImU32 CamCubeColor(float alpha)
{
    return SeriesColor(1, alpha);
}

ImU32 CamCameraColor(float alpha)
{
    return SeriesColor(2, alpha);
}

const char* JointLabel(int joint)
{
    static const char* const kNames[kJointCount] = {
        MLVIZ_TR_KEY("таз"),           MLVIZ_TR_KEY("правое бедро"),   MLVIZ_TR_KEY("правое колено"),
        MLVIZ_TR_KEY("правая стопа"),  MLVIZ_TR_KEY("левое бедро"),    MLVIZ_TR_KEY("левое колено"),
        MLVIZ_TR_KEY("левая стопа"),   MLVIZ_TR_KEY("позвоночник"),    MLVIZ_TR_KEY("грудь"),
        MLVIZ_TR_KEY("шея"),           MLVIZ_TR_KEY("голова"),         MLVIZ_TR_KEY("левое плечо"),
        MLVIZ_TR_KEY("левый локоть"),  MLVIZ_TR_KEY("левое запястье"), MLVIZ_TR_KEY("правое плечо"),
        MLVIZ_TR_KEY("правый локоть"), MLVIZ_TR_KEY("правое запястье")};
    return Tr(kNames[std::clamp(joint, 0, kJointCount - 1)]);
}

const char* CameraPointLabel(int index)
{
    static char buf[kCameraPointCount][96];
    index = std::clamp(index, 0, kCameraPointCount - 1);
    if (index < kJointCount)
        std::snprintf(buf[index], sizeof buf[index], "%s: %s", Tr("сустав"), JointLabel(index));
    else
        std::snprintf(buf[index], sizeof buf[index], "%s %d", Tr(CameraPointGroup(index)), CameraPointNumber(index) + 1);
    return buf[index];
}

void MutedWrapped(const char* text)
{
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
}

namespace {

void TabButtons(int& tab)
{
    // Buttons rather than an ImGui tab bar: they draw fully on a figure's single frame too.
    const char* const names[] = {Tr("Проекция"), Tr("Калибровка"), Tr("Неоднозначность позы")};
    const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
    for (int t = 0; t < static_cast<int>(CameraTab::Count); ++t) {
        const float w = ImGui::CalcTextSize(names[t]).x + ImGui::GetStyle().FramePadding.x * 2.0f;
        if (t > 0) {
            ImGui::SameLine(0.0f, 3.0f);
            if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
        }
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(tab == t ? ImGuiCol_ButtonActive : ImGuiCol_FrameBg));
        if (ImGui::Button(names[t])) tab = t;
        ImGui::PopStyleColor();
    }
}

} // namespace

void CameraView::OnStateDecoded(const KeyValues&, std::vector<Message>&)
{
    Built = false;
    CalibBuilt = false;
    PoseBuilt = false;
    CalibPlaying = false;
    Update();
}

// The scene camera and its image: cheap (a few thousand projected points), redone when the
// camera changes. The calibration and the pose have their own updates.
void CameraView::Update()
{
    ClampState();
    State.View = std::min(State.View, State.Views - 1); // the codec's cross-field rule, after the widgets
    const CameraState& s = State;
    const bool same_camera = Built && SameSceneCamera(s, BuiltFor);
    if (!same_camera) {
        Cam = CameraFromState(s, &CamError);
        BuildImageStrokes();
        Grid = DistortedGrid(Cam, 13, 48);
    }
    BuiltFor = s;
    Built = true;
    if (s.Tab == static_cast<int>(CameraTab::Calibration)) UpdateCalibration();
    if (s.Tab == static_cast<int>(CameraTab::Pose)) UpdatePose();
}

// The views and the closed form when their inputs change (about 1 ms for 30 views), then LM trials
// until 1.5 ms of the frame are spent, keeping a snapshot of every accepted iteration for scrubbing back.
void CameraView::UpdateCalibration()
{
    const auto start = std::chrono::steady_clock::now(); // the set-up below counts against the frame's budget
    if (!CalibBuilt || !SameCalibration(State, CalibFor)) {
        CalibFor = State;
        CalibBuilt = true;
        Job.reset();
        CalibHistory.clear();
        CalibViews.clear();
        CalibError = {};
        auto views = MakeCalibViews(CalibConfigFor(State));
        if (!views) {
            CalibError = views.Error();
        } else {
            CalibViews = std::move(*views);
            std::vector<std::vector<Vec3>> object;
            std::vector<std::vector<Pixel>> image;
            for (const CalibView& v : CalibViews) {
                object.push_back(v.Object);
                image.push_back(v.Image);
            }
            auto job = CalibrationJob::Start(object, image, kCameraImageW, kCameraImageH, CalibOptionsFor(State));
            if (!job) {
                CalibError = job.Error();
            } else {
                Job.emplace(std::move(*job));
                CalibHistory.push_back({Job->Params(), Job->Report(), Job->Lambda(), 0});
            }
        }
    }
    if (!Job) return;
    while (!Job->Done() && std::chrono::steady_clock::now() - start < std::chrono::microseconds(1500)) {
        Job->Step(1);
        if (Job->Accepted() + 1 > static_cast<int>(CalibHistory.size()))
            CalibHistory.push_back({Job->Params(), Job->Report(), Job->Lambda(), Job->Trials()});
    }
    if (Job->Done() && State.Iter > static_cast<int>(CalibHistory.size()) - 1) State.Iter = -1; // past the end: the end
}

void CameraView::DrawPictures(ViewContext& ctx)
{
    const int tab = State.Tab; // what Update prepared; a tab button switches from the next frame
    if (ctx.ShowControls) TabButtons(State.Tab);
    if (!CamError.Empty())
        ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.35f, 1.0f), "%s: %s", Tr("Look-at не задан, взяты углы"), Tr(CamError).c_str());
    switch (static_cast<CameraTab>(tab)) {
    case CameraTab::Calibration: DrawCalibrationTab(ctx); break;
    case CameraTab::Pose: DrawPoseTab(ctx); break;
    default: DrawProjectionTab(ctx); break;
    }
}

// Update, then draw: what the widgets change is read by the next frame's update.
void CameraView::Draw(ViewContext& ctx)
{
    Update();
    DrawTopicLayout(
        ctx, [&] { DrawControls(); }, [&] { DrawPictures(ctx); }, TopicLayout{14.0f});
}

std::unique_ptr<TopicView> CreateCameraView()
{
    return std::make_unique<CameraView>();
}

} // namespace mlviz
