// Why a 2-D skeleton has many 3-D poses (question 11): every joint only fixes a ray through the
// camera centre. Poses here are in CAMERA coordinates (metres, OpenCV axes, z = depth); images
// are pinhole pixels without distortion.
//  - Depth flips: keeping the root and every bone length, each child joint lies where its ray
//    meets the sphere of radius L around its parent: two solutions (Taylor 2000's ambiguity).
//    Perspective: |lambda d - P|^2 = L^2 along the ray d = (x, y, 1); weak perspective
//    (u = f X / Z_root + c): Z_child = Z_parent +- sqrt(L^2 - dX^2 - dY^2).
//  - Scale against distance: scaling the whole pose about the camera centre by a keeps the image.
//  - Moving one joint along its ray keeps the image and changes two bone lengths.
//  - MPJPE = mean joint distance; PA-MPJPE after the similarity (scale, rotation, translation)
//    that best maps the prediction onto the truth (Umeyama 1991, reflections excluded).
#pragma once
#include <array>
#include <cstdint>
#include <span>

#include "core/result.h"
#include "topics/camera/core/cam_scene.h"

namespace mlviz {

enum class ProjectionModel { Perspective, WeakPerspective };

struct Skeleton2D {
    std::array<Pixel, kJointCount> Joints{};
};

Skeleton ToCameraFrame(const Pose& p, const Skeleton& world);
Skeleton ToWorldFrame(const Pose& p, const Skeleton& camera);

// Pinhole image of a camera-frame pose; weak perspective divides every joint by the root's depth.
Skeleton2D ProjectSkeleton(const Intrinsics& k, const Skeleton& cam, ProjectionModel model);

struct FlippedPose {
    Skeleton Pose;                              // camera frame
    std::array<bool, kJointCount> LengthKept{}; // false: the ray misses the sphere (perspective
                                                // only), the closest point on the ray is used
    int Broken = 0;                             // number of such bones
};

// Bit j of `flips` (j = joint index, bit 0 = pelvis ignored) takes the other intersection for
// the bone ending at joint j; children follow their moved parent. flips = 0 gives the input pose
// back. Requires every joint in front of the camera (z > 0).
Result<FlippedPose> FlipLimbs(const Intrinsics& k, const Skeleton& cam, std::uint32_t flips, ProjectionModel model);

// Bones whose two solutions differ by more than `min_gap` metres in depth (a flip that shows).
std::uint32_t FlippableBones(const Intrinsics& k, const Skeleton& cam, ProjectionModel model, double min_gap);

Skeleton ScaleAboutCamera(const Skeleton& cam, double a); // every joint times a, a > 0
// Joint `j` moved along its ray to depth `z` (> 0); other joints stay.
Skeleton MoveJointAlongRay(const Skeleton& cam, int j, double z);

// One member of the family of poses with the image of `truth` (camera frame): the bones of
// `flips` flipped (FlipLimbs), then joint `joint` (1..16, not the root) moved by `dz` metres in
// depth along its ray (perspective: the ray through the camera centre; weak perspective: parallel
// to the optical axis), then everything scaled by `scale` (> 0) about the camera centre. The image
// under `model` is the same as the truth's (to rounding); only the root's depth must stay > 0.
Result<FlippedPose> AlternativePose(const Intrinsics& k, const Skeleton& truth, std::uint32_t flips, int joint, double dz,
                                    double scale, ProjectionModel model);

double Mpjpe(const Skeleton& a, const Skeleton& b);

struct Similarity {
    double Scale = 1.0;
    Mat3 R = Identity3();
    Vec3 T{0.0, 0.0, 0.0}; // dst ~ Scale * R * src + T
};
// Least-squares similarity from `src` to `dst` (Umeyama 1991, Theorem / eq. 40-42); fails when
// `src` has all points equal.
Result<Similarity> Umeyama(std::span<const Vec3> src, std::span<const Vec3> dst);

struct MpjpeReport {
    double Mpjpe = 0.0;   // metres
    double PaMpjpe = 0.0; // after Procrustes alignment of `pred` onto `truth`
    Similarity Align;
    Skeleton Aligned; // pred after alignment
};
Result<MpjpeReport> CompareSkeletons(const Skeleton& pred, const Skeleton& truth);

} // namespace mlviz
