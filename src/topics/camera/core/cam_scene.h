// The camera topic's 3-D scene (a checkerboard, a cube and a human skeleton with named joints)
// and the helpers to draw it: an orbit view (a virtual camera circling a target) and the
// frustum of the scene camera. World units are metres, z up, the ground is z = 0.
#pragma once
#include <array>
#include <string_view>
#include <vector>

#include "topics/camera/core/cam_camera.h"

namespace mlviz {

// The 17 joints of Human3.6M's common skeleton, in its order.
enum class Joint {
    Pelvis,
    RHip,
    RKnee,
    RAnkle,
    LHip,
    LKnee,
    LAnkle,
    Spine,
    Thorax,
    Neck,
    Head,
    LShoulder,
    LElbow,
    LWrist,
    RShoulder,
    RElbow,
    RWrist,
    Count
};
inline constexpr int kJointCount = static_cast<int>(Joint::Count);
std::string_view JointName(Joint j); // "pelvis", "r_hip", ... (CLI and labels; English identifiers)
int JointParent(Joint j);            // -1 for the pelvis (the root)

struct Skeleton {
    std::array<Vec3, kJointCount> Joints{};
};
// A standing person, 1.75 m tall, feet on the ground around `base`, facing -y (towards a camera
// on the -y side), arms slightly bent; `yaw` turns it about z.
Skeleton StandingSkeleton(const Vec3& base, double yaw);
double BoneLength(const Skeleton& s, Joint child); // |child - parent|; 0 for the root

struct Checkerboard {
    int Cols = 8, Rows = 6; // squares; inner corners are (Cols-1) x (Rows-1)
    double Square = 0.1;    // metres
    // Inner corners in the board's own frame (z = 0), row by row: (i+1, j+1) * Square.
    std::vector<Vec3> InnerCorners() const;
    // All (Cols+1) x (Rows+1) square corners, row by row, board frame.
    std::vector<Vec3> GridCorners() const;
};

struct CamScene {
    Checkerboard Board;
    Pose BoardToWorld;           // board frame -> world (R, t as X_w = R X_b + t)
    std::vector<Vec3> BoardGrid; // world coordinates of Board.GridCorners()
    std::array<Vec3, 8> Cube{};  // world vertices
    std::array<std::array<int, 2>, 12> CubeEdges{};
    Skeleton Person;
};
CamScene DefaultScene();

// The default scene camera: 640 x 480, f = 600 px, 3 m in front of the scene looking at it.
Camera DefaultSceneCamera();

// A viewer circling `Target`: azimuth about z from +x, elevation above the ground plane (radians),
// distance in metres, vertical field of view in radians.
struct OrbitView {
    double Azimuth = -2.0, Elevation = 0.45, Distance = 6.0;
    Vec3 Target{0.0, 0.5, 0.6};
    double FovY = 0.8;
};
Pose OrbitPose(const OrbitView& o); // world -> viewer (same conventions as Pose)
// Row-major 4x4 [R t; 0 0 0 1] of a pose: the view matrix (world -> view coordinates).
std::array<double, 16> ViewMatrix(const Pose& p);

struct ScreenPoint {
    double X = 0.0, Y = 0.0; // pixels in a viewport of the given size, y down
    double Depth = 0.0;      // view-space z, metres (> 0 in front)
    bool Visible = false;    // Depth > near plane (0.05 m)
};
ScreenPoint OrbitProject(const OrbitView& o, double viewport_w, double viewport_h, const Vec3& world);

// OrbitProject with the viewer's pose and focal length computed once, for drawing many points;
// ClipSegment cuts a segment at the near plane (false when it is wholly behind).
class OrbitProjector {
public:
    OrbitProjector(const OrbitView& o, double viewport_w, double viewport_h);
    ScreenPoint Project(const Vec3& world) const;
    bool ClipSegment(const Vec3& a, const Vec3& b, ScreenPoint& pa, ScreenPoint& pb) const;
    const Pose& ViewPose() const { return Pose_; }

private:
    ScreenPoint FromView(const Vec3& v) const;
    Pose Pose_;
    double F_ = 1.0, W_ = 1.0, H_ = 1.0;
};

// The scene camera's frustum in the world: apex (camera centre) and the image corners
// (0,0), (W,0), (W,H), (0,H) back-projected (pinhole, no distortion) to depth `depth` metres.
struct Frustum {
    Vec3 Apex{};
    std::array<Vec3, 4> Corners{};
};
Frustum CameraFrustum(const Camera& cam, double depth);

} // namespace mlviz
