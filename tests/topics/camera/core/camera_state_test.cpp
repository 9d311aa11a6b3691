// Camera topic state (core/camera_state.h): links round-trip and clamp through the field table,
// the view index stays below the number of views, the fields describe the same camera as the
// core's defaults; the pose family keeps the image; the orbit projector equals OrbitProject.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/topic_state.h"
#include "topics/camera/core/camera_state.h"

using namespace mlviz;

TEST_CASE("camera: links round-trip, clamp to the field table, view < views", "[camera]")
{
    for (const char* link :
         {"tab=calibration&k1=-0.2&views=8&seed=3&iter=2&view=5", "tab=pose&model=weak&flips=2048&joint=12&dz=0.3&scale=1.4",
          "ext=lookat&roll=10&cam_z=2&look_x=0.5&pt=20&grid=0&ideal=1"})
        CHECK(CanonicalTopicState("camera", link).Fragment == link);
    const TopicStateText t = CanonicalTopicState("camera", "views=4&view=20&fx=99999&tab=nope");
    CHECK(t.Fragment == "fx=2000&views=4&view=3");
    CHECK(t.Notices.size() == 2); // fx clamped, tab unknown (view is bounded by views silently)
    CHECK(CanonicalTopicState("camera", "k1=nan&noise=-1").Fragment == "noise=0");
}

TEST_CASE("camera: the default fields are the core's default scene camera", "[camera]")
{
    const Camera a = CameraFromState(CameraState());
    const Camera b = DefaultSceneCamera();
    // The defaults are round angles close to the look-at camera of cam_scene.cpp.
    for (int i = 0; i < 9; ++i) CHECK(a.P.R[i] == Approx(b.P.R[i]).margin(0.01));
    CHECK(CameraCentre(a.P)[1] == Approx(-3.0).margin(1e-6));
    CHECK(a.K.Fx == b.K.Fx);
    // Look-at mode with the same centre and target gives the core's pose exactly.
    CameraState s;
    s.Extrinsics = static_cast<int>(ExtrinsicsMode::LookAt);
    const Camera c = CameraFromState(s);
    for (int i = 0; i < 9; ++i) CHECK(c.P.R[i] == Approx(b.P.R[i]).margin(1e-6));
    // A degenerate target falls back to the angles, with a message.
    s.LookX = s.CamX;
    s.LookY = s.CamY;
    s.LookZ = s.CamZ;
    Message why;
    const Camera d = CameraFromState(s, &why);
    CHECK_FALSE(why.Empty());
    for (int i = 0; i < 9; ++i) CHECK(d.P.R[i] == Approx(a.P.R[i]));
}

TEST_CASE("camera: the picked points are the scene's", "[camera]")
{
    const CamScene s = DefaultScene();
    CHECK(CameraScenePoint(s, 10)[2] == Approx(1.68)); // the head
    CHECK(CameraScenePoint(s, kJointCount) == s.Cube[0]);
    CHECK(CameraScenePoint(s, kCameraPointCount - 4) == s.BoardGrid.front());
    CHECK(CameraScenePoint(s, kCameraPointCount - 2) == s.BoardGrid.back());
}

TEST_CASE("camera: every alternative pose has the true pose's image", "[camera]")
{
    CameraState st;
    const Camera cam = CameraFromState(st);
    const Skeleton truth = PoseTruth(st);
    for (ProjectionModel model : {ProjectionModel::Perspective, ProjectionModel::WeakPerspective}) {
        const Skeleton2D img = ProjectSkeleton(cam.K, truth, model);
        for (std::uint32_t flips : {0u, 0x1000u, 0x1FFFEu})
            for (double dz : {-0.4, 0.0, 0.7})
                for (double scale : {0.6, 1.0, 1.8}) {
                    const auto alt = AlternativePose(cam.K, truth, flips, 13, dz, scale, model);
                    REQUIRE(alt.Ok());
                    const Skeleton2D a = ProjectSkeleton(cam.K, alt->Pose, model);
                    double shift = 0.0;
                    for (int j = 0; j < kJointCount; ++j)
                        shift = std::max(shift, std::hypot(a.Joints[j].U - img.Joints[j].U, a.Joints[j].V - img.Joints[j].V));
                    CHECK(shift < 1e-9);
                    // Scale alone is a similarity: Procrustes undoes it completely.
                    if (flips == 0 && dz == 0.0) {
                        const auto cmp = CompareSkeletons(alt->Pose, truth);
                        REQUIRE(cmp.Ok());
                        CHECK(cmp->PaMpjpe < 1e-9);
                        CHECK(cmp->Mpjpe ==
                              Approx(std::fabs(scale - 1.0) * Mpjpe(truth, ScaleAboutCamera(truth, 0.0))).margin(1e-9));
                    }
                }
        // The joint really moved by dz in depth (before scaling).
        const auto moved = AlternativePose(cam.K, truth, 0u, 13, 0.5, 1.0, model);
        REQUIRE(moved.Ok());
        CHECK(moved->Pose.Joints[13][2] == Approx(truth.Joints[13][2] + 0.5));
    }
    // Perspective: a joint cannot go behind the camera.
    CHECK_FALSE(AlternativePose(cam.K, truth, 0u, 13, -100.0, 1.0, ProjectionModel::Perspective).Ok());
}

TEST_CASE("camera: the orbit projector equals OrbitProject and clips at the near plane", "[camera]")
{
    OrbitView o;
    o.Azimuth = 0.7;
    o.Elevation = 0.3;
    o.Distance = 4.0;
    const OrbitProjector p(o, 800.0, 600.0);
    for (const Vec3& w : {Vec3{0.1, 0.2, 0.3}, Vec3{-1.0, 2.0, 0.5}, Vec3{2.0, -1.0, 1.5}}) {
        const ScreenPoint a = p.Project(w), b = OrbitProject(o, 800.0, 600.0, w);
        CHECK(a.X == Approx(b.X));
        CHECK(a.Y == Approx(b.Y));
        CHECK(a.Depth == Approx(b.Depth));
    }
    // A segment through the viewer's eye: the part in front survives, cut at depth 0.05.
    const Mat3 rt = Transpose(p.ViewPose().R);
    const Vec3 eye = MatVec(rt, Vec3{0, 0, 0} - p.ViewPose().T);
    const Vec3 forward = {rt[2], rt[5], rt[8]};
    ScreenPoint a, b;
    REQUIRE(p.ClipSegment(eye - 1.0 * forward, eye + 2.0 * forward, a, b));
    CHECK(a.Depth == Approx(0.05).margin(1e-6));
    CHECK(b.Depth == Approx(2.0));
    CHECK_FALSE(p.ClipSegment(eye - 1.0 * forward, eye - 2.0 * forward, a, b));
}
