// The camera topic's state: plain fields only (numbers, bools, enums as ints, the seed), so it
// can be reset, compared and put in a URL. CameraStateSchema() is its field table, the one place
// ranges, formats and labels are written: "tab=calibration&k1=-0.2&views=8&seed=3&iter=4".
// Angles are in degrees, positions in metres, K and distortion as OpenCV writes them.
#pragma once
#include "core/state_codec.h"
#include "core/topic_codec.h"
#include "topics/camera/core/cam_calib.h"
#include "topics/camera/core/cam_pose.h"
#include "topics/camera/core/cam_scene.h"

namespace mlviz {

enum class CameraTab { Projection, Calibration, Pose, Count };
enum class ExtrinsicsMode { Euler, LookAt, Count };

struct CameraState {
    int Tab = static_cast<int>(CameraTab::Projection);
    // The scene camera (also the true camera of the calibration and the pose tab's camera).
    float Fx = 600.0f, Fy = 600.0f, Cx = 320.0f, Cy = 240.0f, Skew = 0.0f; // pixels
    float K1 = 0.0f, K2 = 0.0f, P1 = 0.0f, P2 = 0.0f, K3 = 0.0f;
    int Extrinsics = static_cast<int>(ExtrinsicsMode::Euler);
    float Yaw = 5.0f, Pitch = -10.0f, Roll = 0.0f;   // degrees (PoseFromEuler)
    float CamX = 0.2f, CamY = -3.0f, CamZ = 1.4f;    // camera centre C, world metres
    float LookX = -0.1f, LookY = 0.5f, LookZ = 0.8f; // look-at target, world metres
    // The orbit view of the scene (degrees, metres).
    float OrbitAzimuth = -115.0f, OrbitElevation = 26.0f, OrbitDistance = 6.5f;
    int Point = 10;         // the point worked through (CameraPointCount() of them)
    bool ShowGrid = true;   // the distorted pixel grid
    bool ShowIdeal = false; // the undistorted (pinhole) image as a ghost
    // Calibration.
    int Views = 12;
    float Noise = 0.3f; // corner noise sigma, px
    float Tilt = 35.0f; // max board tilt, degrees
    int Seed = 1;
    bool FixSkew = true, FixK3 = false, ZeroTangent = false;
    int Iter = -1; // LM iteration shown; -1 = the latest
    int View = 0;  // the view whose residuals are drawn, < Views
    // Pose ambiguity.
    int Model = static_cast<int>(ProjectionModel::Perspective);
    int Flips = 0;           // bit j flips the bone ending at joint j (FlipLimbs)
    int Joint = 13;          // the joint moved along its ray
    float DepthShift = 0.0f; // metres along the optical axis for that joint
    float Scale = 1.0f;      // the whole pose scaled about the camera centre
};

// The scene points one can pick for the worked projection: the 17 joints, the cube's 8
// vertices, the board's 4 outer corners.
inline constexpr int kCameraPointCount = kJointCount + 8 + 4;
Vec3 CameraScenePoint(const CamScene& s, int index);
// A Russian label key for the point (MLVIZ_TR_KEY) and its number within its group.
const char* CameraPointGroup(int index);
int CameraPointNumber(int index);

inline constexpr int kCameraImageW = 640, kCameraImageH = 480;

// The scene camera the fields describe. Look-at mode falls back to Euler angles when the target
// is degenerate (on the camera, or straight above it): `error` then says why.
Camera CameraFromState(const CameraState& s, Message* error = nullptr);
CalibViewsConfig CalibConfigFor(const CameraState& s);
CalibOptions CalibOptionsFor(const CameraState& s);
OrbitView OrbitFor(const CameraState& s);
// The person in the scene camera's frame.
Skeleton PoseTruth(const CameraState& s);

// Which derived data a change invalidates: the scene camera, the calibration, the pose family.
bool SameSceneCamera(const CameraState& a, const CameraState& b);
bool SameCalibration(const CameraState& a, const CameraState& b);
bool SamePoseFamily(const CameraState& a, const CameraState& b);

const char* CameraTabName(CameraTab t);             // "projection", "calibration", "pose"
const char* ExtrinsicsModeName(ExtrinsicsMode m);   // "euler", "lookat"
const char* ProjectionModelName(ProjectionModel m); // "perspective", "weak"

const StateSchema<CameraState>& CameraStateSchema();
// Decodes over the defaults, clamps through the field table, then the view index below the
// number of views.
const StateCodec<CameraState>& CameraCodec();
const TopicCodec& CameraTopicCodec();

} // namespace mlviz
