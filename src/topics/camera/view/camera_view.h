// Internal to the camera topic's view (camera_*.cpp): the view class and its derived data,
// split over files by tab (projection, calibration, pose), the shared canvases and the controls.
#pragma once
#include <optional>
#include <vector>

#include "imgui.h"
#include "topics/camera/core/cam_calib.h"
#include "topics/camera/core/cam_pose.h"
#include "topics/camera/core/cam_scene.h"
#include "topics/camera/core/camera_state.h"
#include "ui/topic_view_base.h"
#include "ui/tr.h"
#include "ui/view.h"

namespace mlviz {

// The camera image (kCameraImageW x kCameraImageH pixels) fitted into a screen rectangle.
struct CamCanvas {
    ImVec2 Min, Max;
    float Scale = 1.0f; // screen units per image pixel
    bool Hovered = false, Clicked = false;
    double MouseU = 0.0, MouseV = 0.0; // image pixels under the pointer
    ImVec2 ToScreen(double u, double v) const
    {
        return ImVec2(Min.x + static_cast<float>(u) * Scale, Min.y + static_cast<float>(v) * Scale);
    }
};

// A polyline of the scene as the camera sees it (pixels), broken where points leave the view;
// coloured when drawn (the theme may change without the camera changing).
enum class StrokeKind { Floor, BoardDark, BoardLight, BoardEdge, Cube, Bone };
struct ImageStroke {
    std::vector<Pixel> Points;
    StrokeKind Kind = StrokeKind::Floor;
};

// One accepted LM iteration of the calibration (index 0: Zhang's closed form + initial poses).
struct CalibSnapshot {
    CalibParams Params;
    CalibReport Report;
    double Lambda = 0.0;
    int Trials = 0;
};

// Colours that read on both themes.
ImU32 CamInk(float alpha = 1.0f); // the text colour
ImU32 CamCanvasBg();              // a canvas background
ImU32 CamImageBg();               // the camera image's background ("the photo")
ImU32 CamPersonColor(float alpha = 1.0f);
ImU32 CamCubeColor(float alpha = 1.0f);
ImU32 CamCameraColor(float alpha = 1.0f);
const char* JointLabel(int joint);       // Russian name through Tr()
const char* CameraPointLabel(int index); // "сустав: голова", ... through Tr()
void MutedWrapped(const char* text);     // a note in the muted colour, wrapped to the column

class CameraView final : public TopicViewOf<CameraState> {
public:
    CameraView() : TopicViewOf(CameraCodec()) {}
    void Draw(ViewContext& ctx) override;

private:
    void OnStateDecoded(const KeyValues& kv, std::vector<Message>& notices) override;
    void Update();
    void UpdateCalibration();
    void DrawPictures(ViewContext& ctx);

    // camera_view_controls.cpp
    void DrawControls();
    void DrawProjectionControls();
    void DrawCalibrationControls();
    void DrawPoseControls();
    void SwitchExtrinsics(int mode);

    // camera_view_canvas.cpp: the orbit view of the scene and the camera image.
    void DrawOrbitCanvas(const char* id, ImVec2 size, bool pose_mode);
    CamCanvas BeginImageCanvas(const char* id, ImVec2 size);
    void DrawStrokes(const CamCanvas& c, const std::vector<ImageStroke>& strokes) const;
    void BuildImageStrokes();

    // camera_view_projection.cpp
    void DrawProjectionTab(ViewContext& ctx);
    void DrawMatrices();
    void DrawWorkedPoint();

    // camera_view_calib.cpp
    void DrawCalibrationTab(ViewContext& ctx);
    void DrawCalibImage(ImVec2 size, const CalibSnapshot& snap);
    void DrawCalibTable(const CalibSnapshot& snap);
    void DrawCalibCharts(float width, const CalibSnapshot& snap);
    void DrawCalibPlayback(ViewContext& ctx, bool buttons);
    int CalibShownIndex() const;

    // camera_view_pose.cpp
    void UpdatePose();
    void DrawPoseTab(ViewContext& ctx);
    void DrawPoseImage(ImVec2 size);
    void DrawTopView(ImVec2 size);
    void DrawPoseTable();

    // Derived data, rebuilt only when what it depends on changes.
    CameraState BuiltFor;
    bool Built = false;
    CamScene TheScene = DefaultScene();
    Camera Cam;
    Message CamError;
    std::vector<ImageStroke> Strokes, IdealStrokes;
    std::vector<GridLine> Grid;
    std::vector<Pixel> PointPixels; // every pickable scene point in the image
    std::vector<bool> PointInFront;

    // Calibration: the views, the sliced LM job and a snapshot per accepted iteration.
    CameraState CalibFor;
    bool CalibBuilt = false;
    std::vector<CalibView> CalibViews;
    std::optional<CalibrationJob> Job;
    Message CalibError;
    std::vector<CalibSnapshot> CalibHistory;
    bool CalibPlaying = false;
    double CalibClock = 0.0;
    float CalibSpeed = 4.0f;

    // Pose ambiguity.
    CameraState PoseFor;
    bool PoseBuilt = false;
    Skeleton Truth;
    FlippedPose Alt;
    std::optional<MpjpeReport> Compare;
    std::uint32_t Flippable = 0;
    Message PoseError;
    double ImageChange = 0.0; // max pixel distance between the two images
    double BaseDepth = 0.0;   // the moved joint's depth before the shift
    bool DraggingJoint = false;
};

} // namespace mlviz
