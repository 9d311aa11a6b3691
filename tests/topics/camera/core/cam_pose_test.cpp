// Pose ambiguity: every depth flip keeps the image and (where the ray meets the sphere) every
// bone length; scale against distance; joints dragged along their rays; MPJPE by hand and
// Procrustes (Umeyama) recovering a known similarity.
#include <catch2/catch.hpp>

#include <cmath>

#include "topics/camera/core/cam_pose.h"

using namespace mlviz;

namespace {

Skeleton CameraSkeleton()
{
    const Camera cam = DefaultSceneCamera();
    return ToCameraFrame(cam.P, DefaultScene().Person);
}

double MaxImageShift(const Skeleton2D& a, const Skeleton2D& b)
{
    double m = 0.0;
    for (int i = 0; i < kJointCount; ++i)
        m = std::max(m, std::hypot(a.Joints[i].U - b.Joints[i].U, a.Joints[i].V - b.Joints[i].V));
    return m;
}

} // namespace

TEST_CASE("depth flips keep the image and the bone lengths (perspective and weak)", "[camera]")
{
    const Intrinsics k = DefaultSceneCamera().K;
    const Skeleton s = CameraSkeleton();
    for (ProjectionModel model : {ProjectionModel::Perspective, ProjectionModel::WeakPerspective}) {
        const Skeleton2D img = ProjectSkeleton(k, s, model);
        const auto same = FlipLimbs(k, s, 0u, model);
        REQUIRE(same.Ok());
        CHECK(Mpjpe(same->Pose, s) < 1e-12);
        const std::uint32_t flippable = FlippableBones(k, s, model, 0.01);
        CHECK(flippable != 0u);
        CHECK((flippable & 1u) == 0u); // the root has no bone
        int distinct = 0;
        for (std::uint32_t mask : {0x2u, 0x4u, 0x800u, 0x1000u, 0x4924u, 0x1FFFEu}) {
            const auto f = FlipLimbs(k, s, mask, model);
            REQUIRE(f.Ok());
            CHECK(MaxImageShift(ProjectSkeleton(k, f->Pose, model), img) < 1e-9);
            for (int j = 1; j < kJointCount; ++j) {
                if (!f->LengthKept[j]) continue;
                const Joint jj = static_cast<Joint>(j);
                CHECK(BoneLength(f->Pose, jj) == Approx(BoneLength(s, jj)).epsilon(1e-9));
            }
            if (model == ProjectionModel::WeakPerspective) CHECK(f->Broken == 0);
            if (Mpjpe(f->Pose, s) > 1e-3) ++distinct;
        }
        CHECK(distinct >= 5);
    }
    // One flip by hand (weak perspective): the right knee's depth offset from the hip changes sign.
    const auto f = FlipLimbs(k, s, 1u << static_cast<int>(Joint::RKnee), ProjectionModel::WeakPerspective);
    REQUIRE(f.Ok());
    const int hip = static_cast<int>(Joint::RHip), knee = static_cast<int>(Joint::RKnee), ankle = static_cast<int>(Joint::RAnkle);
    CHECK(f->Pose.Joints[knee][2] - s.Joints[hip][2] == Approx(-(s.Joints[knee][2] - s.Joints[hip][2])).margin(1e-15));
    // The ankle keeps its offset from the (moved) knee.
    CHECK(f->Pose.Joints[ankle][2] - f->Pose.Joints[knee][2] == Approx(s.Joints[ankle][2] - s.Joints[knee][2]).margin(1e-15));
    Skeleton behind = s;
    behind.Joints[5][2] = -1.0;
    CHECK_FALSE(FlipLimbs(k, behind, 0u, ProjectionModel::Perspective).Ok());
}

TEST_CASE("scale against distance and dragging along rays keep the image", "[camera]")
{
    const Intrinsics k = DefaultSceneCamera().K;
    const Skeleton s = CameraSkeleton();
    const Skeleton2D img = ProjectSkeleton(k, s, ProjectionModel::Perspective);
    const Skeleton big = ScaleAboutCamera(s, 1.7);
    CHECK(MaxImageShift(ProjectSkeleton(k, big, ProjectionModel::Perspective), img) < 1e-9);
    CHECK(MaxImageShift(ProjectSkeleton(k, big, ProjectionModel::WeakPerspective),
                        ProjectSkeleton(k, s, ProjectionModel::WeakPerspective)) < 1e-9);
    CHECK(BoneLength(big, Joint::LElbow) == Approx(1.7 * BoneLength(s, Joint::LElbow)));
    const int wrist = static_cast<int>(Joint::LWrist);
    const Skeleton moved = MoveJointAlongRay(s, wrist, s.Joints[wrist][2] + 0.5);
    CHECK(MaxImageShift(ProjectSkeleton(k, moved, ProjectionModel::Perspective), img) < 1e-9);
    CHECK(moved.Joints[wrist][2] == Approx(s.Joints[wrist][2] + 0.5));
    CHECK(BoneLength(moved, Joint::LWrist) > BoneLength(s, Joint::LWrist) + 0.05);
    // MPJPE: only one joint moved, by |delta| = 0.5 * |X| / Z.
    const double moved_by = Norm(moved.Joints[wrist] - s.Joints[wrist]);
    CHECK(Mpjpe(moved, s) == Approx(moved_by / kJointCount).epsilon(1e-12));
}

TEST_CASE("MPJPE and Procrustes alignment (Umeyama)", "[camera]")
{
    const Skeleton gt = StandingSkeleton({0.0, 0.0, 0.0}, 0.0);
    // A known similarity: scale 1.3, rotation about (1, 2, 2)/3 by 0.7 rad, translation.
    const Mat3 R = RodriguesToMatrix({0.7 / 3.0, 1.4 / 3.0, 1.4 / 3.0});
    Skeleton pred;
    for (int i = 0; i < kJointCount; ++i) pred.Joints[i] = 1.3 * MatVec(R, gt.Joints[i]) + Vec3{0.5, -0.2, 2.0};
    const auto rep = CompareSkeletons(pred, gt);
    REQUIRE(rep.Ok());
    CHECK(rep->PaMpjpe < 1e-12);
    CHECK(rep->Mpjpe > 0.5);
    CHECK(rep->Align.Scale == Approx(1.0 / 1.3).epsilon(1e-12));
    const Mat3 rt = Transpose(R);
    for (int i = 0; i < 9; ++i) CHECK(rep->Align.R[i] == Approx(rt[i]).margin(1e-12));
    // A mirrored prediction cannot be undone by a rotation: PA-MPJPE stays positive.
    Skeleton mirror = gt;
    for (Vec3& j : mirror.Joints) j[0] = -j[0];
    const auto m = CompareSkeletons(mirror, gt);
    REQUIRE(m.Ok());
    CHECK(Det(m->Align.R) == Approx(1.0));
    CHECK(m->PaMpjpe > 0.01);
    // MPJPE by hand: every joint 3-4-5 off.
    Skeleton off = gt;
    for (Vec3& j : off.Joints) j = j + Vec3{0.3, 0.4, 0.0};
    CHECK(Mpjpe(off, gt) == Approx(0.5).epsilon(1e-12));
    const auto t = CompareSkeletons(off, gt);
    CHECK(t->PaMpjpe < 1e-12);
    Skeleton point;
    CHECK_FALSE(CompareSkeletons(point, gt).Ok());
}
