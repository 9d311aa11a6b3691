// The camera topic's 3-D scene, orbit view and frustum (see cam_scene.h).
#include "topics/camera/core/cam_scene.h"

#include <algorithm>
#include <cmath>

namespace mlviz {

namespace {

constexpr double kOrbitNear = 0.05; // metres
constexpr const char* kJointNames[kJointCount] = {"pelvis",  "r_hip",   "r_knee",     "r_ankle", "l_hip",  "l_knee",
                                                  "l_ankle", "spine",   "thorax",     "neck",    "head",   "l_shoulder",
                                                  "l_elbow", "l_wrist", "r_shoulder", "r_elbow", "r_wrist"};
constexpr int kParents[kJointCount] = {-1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 9, 8, 11, 12, 8, 14, 15};

// Joint positions of a person facing -y, in metres: x to the person's left, z up.
constexpr double kLocal[kJointCount][3] = {
    {0.00, 0.00, 0.95},  {-0.12, 0.00, 0.93}, {-0.13, -0.03, 0.50}, {-0.14, 0.02, 0.08}, {0.12, 0.00, 0.93},  {0.13, -0.04, 0.51},
    {0.14, 0.01, 0.08},  {0.00, 0.00, 1.18},  {0.00, 0.01, 1.42},   {0.00, 0.00, 1.52},  {0.00, -0.03, 1.68}, {0.19, 0.01, 1.42},
    {0.27, -0.06, 1.16}, {0.24, -0.26, 1.02}, {-0.19, 0.01, 1.42},  {-0.27, 0.03, 1.15}, {-0.31, -0.04, 0.89}};

} // namespace

std::string_view JointName(Joint j)
{
    const int i = static_cast<int>(j);
    return i >= 0 && i < kJointCount ? kJointNames[i] : "?";
}

int JointParent(Joint j)
{
    const int i = static_cast<int>(j);
    return i >= 0 && i < kJointCount ? kParents[i] : -1;
}

Skeleton StandingSkeleton(const Vec3& base, double yaw)
{
    Skeleton s;
    const double c = std::cos(yaw), sn = std::sin(yaw);
    for (int i = 0; i < kJointCount; ++i) {
        const double x = kLocal[i][0], y = kLocal[i][1];
        s.Joints[i] = {base[0] + c * x - sn * y, base[1] + sn * x + c * y, base[2] + kLocal[i][2]};
    }
    return s;
}

double BoneLength(const Skeleton& s, Joint child)
{
    const int p = JointParent(child);
    return p < 0 ? 0.0 : Norm(s.Joints[static_cast<int>(child)] - s.Joints[p]);
}

std::vector<Vec3> Checkerboard::InnerCorners() const
{
    std::vector<Vec3> out;
    for (int j = 1; j < Rows; ++j)
        for (int i = 1; i < Cols; ++i) out.push_back({i * Square, j * Square, 0.0});
    return out;
}

std::vector<Vec3> Checkerboard::GridCorners() const
{
    std::vector<Vec3> out;
    for (int j = 0; j <= Rows; ++j)
        for (int i = 0; i <= Cols; ++i) out.push_back({i * Square, j * Square, 0.0});
    return out;
}

CamScene DefaultScene()
{
    CamScene s;
    // The board stands upright 0.8 m behind the person: board x = world +x, board y = world -z.
    s.BoardToWorld.R = {1, 0, 0, 0, 0, 1, 0, -1, 0};
    s.BoardToWorld.T = {0.3, 0.8, 1.2};
    for (const Vec3& p : s.Board.GridCorners()) s.BoardGrid.push_back(MatVec(s.BoardToWorld.R, p) + s.BoardToWorld.T);
    const double e = 0.4;
    const Vec3 c0 = {-1.2, 0.3, 0.0};
    for (int i = 0; i < 8; ++i) s.Cube[i] = {c0[0] + (i & 1 ? e : 0.0), c0[1] + (i & 2 ? e : 0.0), c0[2] + (i & 4 ? e : 0.0)};
    s.CubeEdges = {{{0, 1}, {2, 3}, {4, 5}, {6, 7}, {0, 2}, {1, 3}, {4, 6}, {5, 7}, {0, 4}, {1, 5}, {2, 6}, {3, 7}}};
    s.Person = StandingSkeleton({-0.3, 0.2, 0.0}, 0.25);
    return s;
}

Camera DefaultSceneCamera()
{
    Camera c;
    c.Width = 640;
    c.Height = 480;
    c.K = {600.0, 600.0, 320.0, 240.0, 0.0};
    c.P = PoseFromLookAt({0.2, -3.0, 1.4}, {-0.1, 0.5, 0.8}, {0.0, 0.0, 1.0}, 0.0).Value();
    return c;
}

Pose OrbitPose(const OrbitView& o)
{
    const double el = std::max(-1.55, std::min(1.55, o.Elevation));
    const double d = std::max(0.1, o.Distance);
    const Vec3 eye = o.Target + d * Vec3{std::cos(el) * std::cos(o.Azimuth), std::cos(el) * std::sin(o.Azimuth), std::sin(el)};
    return PoseFromLookAt(eye, o.Target, {0.0, 0.0, 1.0}, 0.0).Value();
}

std::array<double, 16> ViewMatrix(const Pose& p)
{
    return {p.R[0], p.R[1], p.R[2], p.T[0], p.R[3], p.R[4], p.R[5], p.T[1], p.R[6], p.R[7], p.R[8], p.T[2], 0.0, 0.0, 0.0, 1.0};
}

ScreenPoint OrbitProject(const OrbitView& o, double viewport_w, double viewport_h, const Vec3& world)
{
    const Pose p = OrbitPose(o);
    const Vec3 v = MatVec(p.R, world) + p.T;
    ScreenPoint s;
    s.Depth = v[2];
    s.Visible = v[2] > kOrbitNear;
    const double f = 0.5 * viewport_h / std::tan(0.5 * std::max(0.05, std::min(3.0, o.FovY)));
    const double iz = s.Visible ? 1.0 / v[2] : 1.0 / kOrbitNear;
    s.X = 0.5 * viewport_w + f * v[0] * iz;
    s.Y = 0.5 * viewport_h + f * v[1] * iz;
    return s;
}

OrbitProjector::OrbitProjector(const OrbitView& o, double viewport_w, double viewport_h)
    : Pose_(OrbitPose(o)),
      F_(0.5 * viewport_h / std::tan(0.5 * std::max(0.05, std::min(3.0, o.FovY)))),
      W_(viewport_w),
      H_(viewport_h)
{
}

ScreenPoint OrbitProjector::FromView(const Vec3& v) const
{
    ScreenPoint s;
    s.Depth = v[2];
    s.Visible = v[2] > kOrbitNear;
    const double iz = s.Visible ? 1.0 / v[2] : 1.0 / kOrbitNear;
    s.X = 0.5 * W_ + F_ * v[0] * iz;
    s.Y = 0.5 * H_ + F_ * v[1] * iz;
    return s;
}

ScreenPoint OrbitProjector::Project(const Vec3& world) const
{
    return FromView(MatVec(Pose_.R, world) + Pose_.T);
}

bool OrbitProjector::ClipSegment(const Vec3& a, const Vec3& b, ScreenPoint& pa, ScreenPoint& pb) const
{
    Vec3 va = MatVec(Pose_.R, a) + Pose_.T, vb = MatVec(Pose_.R, b) + Pose_.T;
    if (va[2] <= kOrbitNear && vb[2] <= kOrbitNear) return false;
    if (va[2] <= kOrbitNear || vb[2] <= kOrbitNear) {
        const double t = (kOrbitNear + 1e-9 - va[2]) / (vb[2] - va[2]);
        const Vec3 cut = va + t * (vb - va);
        (va[2] <= kOrbitNear ? va : vb) = cut;
    }
    pa = FromView(va);
    pb = FromView(vb);
    return true;
}

Frustum CameraFrustum(const Camera& cam, double depth)
{
    Frustum f;
    f.Apex = CameraCentre(cam.P);
    const double px[4][2] = {
        {0.0, 0.0}, {double(cam.Width), 0.0}, {double(cam.Width), double(cam.Height)}, {0.0, double(cam.Height)}};
    const Mat3 rt = Transpose(cam.P.R);
    for (int i = 0; i < 4; ++i) {
        const double y = (px[i][1] - cam.K.Cy) / cam.K.Fy;
        const double x = (px[i][0] - cam.K.Cx - cam.K.Skew * y) / cam.K.Fx;
        const Vec3 xc = {x * depth, y * depth, depth};
        f.Corners[i] = MatVec(rt, xc - cam.P.T);
    }
    return f;
}

} // namespace mlviz
