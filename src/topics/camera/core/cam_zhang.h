// The closed-form half of Zhang's calibration (Z. Zhang, "A flexible new technique for camera
// calibration", PAMI 22(11), 2000): a homography per view by the normalised DLT (Hartley &
// Zisserman, Alg. 4.2), the intrinsics from V b = 0 (Zhang's eq. 9 and Appendix B), and each
// view's R, t from its homography (Zhang's Sec. 3.1, R made orthonormal by SVD).
// Board points are (X, Y) on the board plane Z = 0 in board units; image points in pixels.
#pragma once
#include <span>
#include <vector>

#include "core/result.h"
#include "topics/camera/core/cam_camera.h"

namespace mlviz {

struct CamHomography {
    Mat3 H{}; // image ~ H [X Y 1]^T, scaled so that H[8] = 1 (or |H| = 1 if H[8] ~ 0)
};

// At least 4 correspondences, not all collinear; Fail names the problem.
Result<CamHomography> EstimateHomography(std::span<const Vec3> board, std::span<const Pixel> image);

// Zhang's closed form from >= 3 homographies (>= 2 when skew is fixed to 0: the extra row
// [0 1 0 0 0 0] b = 0 of Zhang's Sec. 3.1 is appended). `image_w`, `image_h` only scale the
// problem for conditioning.
Result<Intrinsics> ZhangIntrinsics(std::span<const CamHomography> hs, bool zero_skew, int image_w, int image_h);

// R, t of one view (board -> camera) from its homography and K; the board is put in front of
// the camera (t_z > 0).
Pose PoseFromHomography(const Intrinsics& k, const CamHomography& h);

} // namespace mlviz
