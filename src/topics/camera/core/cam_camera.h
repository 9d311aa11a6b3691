// Pinhole camera with Brown-Conrady distortion, the model of OpenCV's calib3d:
//   X_c = R X_w + t                      (world -> camera; OpenCV axes: x right, y down, z forward)
//   x = X_c / Z_c, y = Y_c / Z_c,  r^2 = x^2 + y^2
//   x_d = x (1 + k1 r^2 + k2 r^4 + k3 r^6) + 2 p1 x y + p2 (r^2 + 2 x^2)
//   y_d = y (1 + k1 r^2 + k2 r^4 + k3 r^6) + p1 (r^2 + 2 y^2) + 2 p2 x y
//   u = fx x_d + skew y_d + cx,  v = fy y_d + cy           (pixels; K = [fx skew cx; 0 fy cy; 0 0 1])
// With skew = 0 this is cv2.projectPoints (same operation order; equal to 1e-9, tests/topics/camera).
// cv2.projectPoints reads only fx, fy, cx, cy from K and ignores K[0][1]: a non-zero skew is this
// module's own extension (Zhang 2000's gamma), checked against a hand computation. Like OpenCV, a
// point with Z_c = 0 is divided by 1 instead; ProjectionSteps::InFront tells whether Z_c > 0.
// Rotation vectors follow cv2.Rodrigues (axis * angle, radians).
#pragma once
#include <array>
#include <span>
#include <vector>

#include "core/result.h"
#include "topics/camera/core/cam_linalg.h"

namespace mlviz {

struct Intrinsics {
    double Fx = 800.0, Fy = 800.0; // focal lengths, pixels; > 0
    double Cx = 320.0, Cy = 240.0; // principal point, pixels
    double Skew = 0.0;             // K[0][1], pixels
};

struct Distortion {
    double K1 = 0.0, K2 = 0.0, P1 = 0.0, P2 = 0.0, K3 = 0.0; // OpenCV order (k1, k2, p1, p2, k3)
};

struct Pose {
    Mat3 R = Identity3();  // world -> camera rotation
    Vec3 T{0.0, 0.0, 0.0}; // translation, world units (the world origin in camera coordinates)
};

struct Camera {
    Intrinsics K;
    Distortion D;
    Pose P;
    int Width = 640, Height = 480; // image size, pixels (for frusta and grids)
};

// Sane ranges shared by the UI and the CLI.
inline constexpr double kCamMaxFocal = 1e5, kCamMaxCoord = 1e6, kCamMaxDistortion = 1e3;
inline constexpr int kCamMaxImageSide = 16384;

Message ValidateIntrinsics(const Intrinsics& k);
Message ValidateDistortion(const Distortion& d);

Mat3 KMatrix(const Intrinsics& k);
// The 3 x 4 matrix K [R | t], row-major.
std::array<double, 12> ProjectionMatrix(const Intrinsics& k, const Pose& p);
Vec3 CameraCentre(const Pose& p); // C = -R^T t, world coordinates

// cv2.Rodrigues: rotation vector -> matrix, and matrix -> vector (the matrix is first made
// orthonormal by SVD, as OpenCV does; angles in [0, pi]).
Mat3 RodriguesToMatrix(const Vec3& r);
Vec3 MatrixToRodrigues(const Mat3& R);
// dR/dr_i (i = 0, 1, 2), each a row-major 3x3 (Gallego & Yezzi 2015, eq. 9; [e_i]x at r = 0).
std::array<Mat3, 3> RodriguesDerivatives(const Vec3& r);

// Extrinsics from yaw / pitch / roll (radians) and the camera centre C (world, z up). At zero
// angles the camera looks along world +y with image x = world +x and image y = world -z;
// yaw turns it about world z (counter-clockwise seen from above), pitch tilts the view up,
// roll turns the image about the optical axis (clockwise in the image for roll > 0).
// Camera-to-world rotation: Rz(yaw) Rx(pitch) B Rz(roll), B the zero-angle base.
Pose PoseFromEuler(double yaw, double pitch, double roll, const Vec3& centre);
// The inverse: angles of any pose (pitch in [-pi/2, pi/2]); yaw and roll ambiguous at |pitch| = pi/2.
void EulerFromPose(const Pose& p, double& yaw, double& pitch, double& roll);
// Look-at: optical axis towards `target`, image "up" towards `up` (default world +z), then roll.
// Fails when eye == target or the axis is parallel to `up`.
Result<Pose> PoseFromLookAt(const Vec3& eye, const Vec3& target, const Vec3& up, double roll);

// Every number of one point's projection, for the worked example in the view.
struct ProjectionSteps {
    Vec3 World{}, Cam{};           // X_w and X_c = R X_w + t
    bool InFront = false;          // Z_c > 0
    double X = 0.0, Y = 0.0;       // normalised x, y
    double R2 = 0.0;               // r^2
    double Radial = 1.0;           // 1 + k1 r^2 + k2 r^4 + k3 r^6
    double TanX = 0.0, TanY = 0.0; // tangential terms added to x_d, y_d
    double Xd = 0.0, Yd = 0.0;     // distorted normalised coordinates
    double U = 0.0, V = 0.0;       // pixels
};
ProjectionSteps ProjectPointSteps(const Camera& cam, const Vec3& world);

struct Pixel {
    double U = 0.0, V = 0.0;
};
Pixel ProjectPoint(const Intrinsics& k, const Distortion& d, const Pose& p, const Vec3& world);
std::vector<Pixel> ProjectPoints(const Intrinsics& k, const Distortion& d, const Pose& p, std::span<const Vec3> world);

// Distortion of normalised coordinates (no K), and its 2x2 Jacobian d(x_d, y_d)/d(x, y) row-major.
void Distort(const Distortion& d, double x, double y, double& xd, double& yd, double* jac = nullptr);
// Inverse of Distort by fixed-point iteration (the scheme of cv2.undistortPoints, more iterations);
// fails (returns false) when it does not converge to 1e-12.
bool Undistort(const Distortion& d, double xd, double yd, double& x, double& y);

// Derivatives of (u, v) for one point: row 0 = du, row 1 = dv, columns in the order
// [fx, fy, cx, cy, skew, k1, k2, p1, p2, k3, r0, r1, r2, t0, t1, t2].
inline constexpr int kCamJacobianCols = 16;
Pixel ProjectPointJacobian(const Intrinsics& k, const Distortion& d, const Vec3& rvec, const Vec3& t, const Vec3& world,
                           std::array<double, 2 * kCamJacobianCols>& jac);

// The ideal (undistorted) pixel grid of the image, `lines` lines across each direction, each line
// `samples` points long, pushed through the distortion: where straight lines land in the image.
struct GridLine {
    std::vector<Pixel> Points;
};
std::vector<GridLine> DistortedGrid(const Camera& cam, int lines, int samples);

} // namespace mlviz
