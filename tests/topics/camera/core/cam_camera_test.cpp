// Camera model: projection against cv2.projectPoints, Rodrigues against cv2.Rodrigues (values
// from tools/camera_reference.py, OpenCV 4.6.0), skew by hand, Jacobians by finite differences,
// Euler / look-at round trips, undistortion, grid and the scene helpers.
#include <catch2/catch.hpp>

#include <cmath>

#include "topics/camera/core/cam_camera.h"
#include "topics/camera/core/cam_scene.h"

using namespace mlviz;

namespace {

const Vec3 kPoints[5] = {{0.1, -0.2, 1.5}, {-0.4, 0.3, 2.0}, {0.35, 0.25, 0.9}, {0.0, 0.0, 3.0}, {-0.6, -0.45, 1.2}};

bool Close(double a, double b, double tol)
{
    return std::fabs(a - b) <= tol * std::max(1.0, std::fabs(b));
}

} // namespace

TEST_CASE("projection equals cv2.projectPoints to 1e-9", "[camera]")
{
    // cv2.projectPoints, OpenCV 4.6.0 (tools/camera_reference.py project)
    const double expected[2][5][2] = {{{260.44708032969777, 44.82055927097636},
                                       {55.29522877709246, 231.18868625864712},
                                       {445.6399166390381, 281.742997939688},
                                       {188.33742468310388, 141.57645374207215},
                                       {-72.6346754156865, -116.0120055384582}},
                                      {{532.5767922555372, 334.2690466254415},
                                       {471.4920060576402, 500.0170750659996},
                                       {626.8410955710926, 501.3928721704267},
                                       {613.2102427285186, 413.44720593176373},
                                       {291.4768959387652, 293.78273474807185}}};
    const Intrinsics ks[2] = {{800.0, 780.0, 320.0, 240.0, 0.0}, {612.5, 611.0, 300.25, 251.5, 0.0}};
    const Distortion ds[2] = {{-0.3, 0.12, 0.001, -0.002, -0.02}, {0.25, -0.5, -0.004, 0.003, 0.4}};
    const Vec3 rs[2] = {{0.1, -0.2, 0.05}, {-0.3, 0.6, -0.2}};
    const Vec3 ts[2] = {{0.05, -0.1, 0.3}, {-0.2, 0.15, 0.8}};
    for (int c = 0; c < 2; ++c) {
        Pose p;
        p.R = RodriguesToMatrix(rs[c]);
        p.T = ts[c];
        const auto px = ProjectPoints(ks[c], ds[c], p, kPoints);
        for (int i = 0; i < 5; ++i) {
            CHECK(std::fabs(px[i].U - expected[c][i][0]) < 1e-9);
            CHECK(std::fabs(px[i].V - expected[c][i][1]) < 1e-9);
        }
    }
}

TEST_CASE("skew: u = fx x_d + skew y_d + cx by hand (cv2.projectPoints ignores K[0][1])", "[camera]")
{
    Camera cam;
    cam.K = {500.0, 400.0, 100.0, 50.0, 20.0};
    cam.D = {0.1, 0.0, 0.0, 0.0, 0.0};
    // X_c = (1, 2, 4): x = 0.25, y = 0.5, r^2 = 0.3125, radial = 1.03125,
    // x_d = 0.2578125, y_d = 0.515625; u = 500 x_d + 20 y_d + 100, v = 400 y_d + 50.
    const ProjectionSteps s = ProjectPointSteps(cam, {1.0, 2.0, 4.0});
    CHECK(s.InFront);
    CHECK(s.R2 == 0.3125);
    CHECK(s.Radial == 1.03125);
    CHECK(s.Xd == 0.2578125);
    CHECK(s.Yd == 0.515625);
    CHECK(s.U == Approx(500.0 * 0.2578125 + 20.0 * 0.515625 + 100.0).epsilon(1e-15));
    CHECK(s.V == Approx(400.0 * 0.515625 + 50.0).epsilon(1e-15));
    // The 3x4 projection matrix K [R | t] agrees with the undistorted projection.
    cam.D = {};
    const auto P = ProjectionMatrix(cam.K, cam.P);
    const Vec3 X = {1.0, 2.0, 4.0};
    const double w = P[8] * X[0] + P[9] * X[1] + P[10] * X[2] + P[11];
    const Pixel q = ProjectPoint(cam.K, cam.D, cam.P, X);
    CHECK((P[0] * X[0] + P[1] * X[1] + P[2] * X[2] + P[3]) / w == Approx(q.U).epsilon(1e-14));
    CHECK((P[4] * X[0] + P[5] * X[1] + P[6] * X[2] + P[7]) / w == Approx(q.V).epsilon(1e-14));
}

TEST_CASE("Rodrigues equals cv2.Rodrigues in both directions", "[camera]")
{
    // cv2.Rodrigues, OpenCV 4.6.0: vector -> matrix
    const Vec3 vecs[4] = {{0.1, -0.2, 0.3}, {1.2, 0.4, -2.0}, {1e-9, 0, 0}, {0.0, 3.0, 0.5}};
    const double mats[4][9] = {
        {0.9357548032779188, -0.3029327134026371, -0.18054007669439776, 0.28316496056507373, 0.9505806179060914,
         -0.12733457491763028, 0.21019170595074288, 0.06803131640494002, 0.9752903089530457},
        {-0.27348635307785424, 0.7384057979649996, -0.6164106522537128, -0.44452433187011003, -0.6653283078710402,
         -0.5997802606962741, -0.8529966782207347, 0.10997781720479158, 0.5101975565085176},
        {1.0, 0.0, 0.0, 0.0, 1.0, -9.999999999999999e-10, 0.0, 9.999999999999999e-10, 1.0},
        {-0.9949830394169932, -0.01644709065911815, 0.0986825439547089, 0.01644709065911815, 0.9460815394752164,
         0.32351076314870164, -0.0986825439547089, 0.32351076314870164, -0.9410645788922096}};
    for (int c = 0; c < 4; ++c) {
        const Mat3 R = RodriguesToMatrix(vecs[c]);
        for (int i = 0; i < 9; ++i) CHECK(std::fabs(R[i] - mats[c][i]) < 1e-15);
    }
    // matrix -> vector: generic, tiny angle (returns 0 like OpenCV), near pi (the axis from the
    // diagonal: its small components come from sqrt of ~1e-15 and are ill-conditioned).
    const double in[4][9] = {
        {0.2738472820088571, -0.690255381603692, -0.6697426179537201, 0.31436456287886516, 0.7223533725327983,
         -0.6159387362363826, 0.9089458662331554, -0.04187019653206431, 0.4148063390306672},
        {0.9999999999999499, -3.000000100078605e-07, -9.9999969976395e-08, 2.999999899921254e-07, 0.9999999999999349,
         -2.0000001501179662e-07, 1.0000003002360031e-07, 1.99999984988194e-07, 0.999999999999975},
        {0.9999999999999997, 0.0, 0.0, 0.0, -0.999999999999995, -9.999999995880661e-08, 0.0, 9.999999995880661e-08,
         -0.999999999999995},
        {-0.9995402986289365, 0.021438183420902583, 0.021438183420902583, -0.021438183420902583, 0.00022985068553149635,
         -0.999770149314468, -0.021438183420902583, -0.999770149314468, 0.00022985068553149635}};
    const Vec3 out[4] = {{0.3999999999999999, -1.1, 0.7},
                         {0.0, 0.0, 0.0},
                         {3.1415925536297578, 1.5701684000022617e-07, 1.5701684000022617e-07},
                         {0.0, 2.2000000000000077, -2.2000000000000077}};
    const double tol[4] = {1e-9, 1e-15, 1e-8, 1e-9};
    for (int c = 0; c < 4; ++c) {
        Mat3 R;
        for (int i = 0; i < 9; ++i) R[i] = in[c][i];
        const Vec3 v = MatrixToRodrigues(R);
        for (int i = 0; i < 3; ++i) CHECK(std::fabs(v[i] - out[c][i]) < tol[c]);
    }
}

TEST_CASE("Rodrigues derivatives and projection Jacobian match central differences", "[camera]")
{
    const Vec3 rv = {0.3, -0.5, 0.2};
    const auto dR = RodriguesDerivatives(rv);
    for (int i = 0; i < 3; ++i) {
        Vec3 a = rv, b = rv;
        a[i] += 1e-6;
        b[i] -= 1e-6;
        const Mat3 ra = RodriguesToMatrix(a), rb = RodriguesToMatrix(b);
        for (int k = 0; k < 9; ++k) CHECK(dR[i][k] == Approx((ra[k] - rb[k]) / 2e-6).margin(1e-8));
    }
    const Intrinsics k = {700.0, 690.0, 330.0, 250.0, 3.0};
    const Distortion d = {-0.2, 0.05, 0.001, -0.002, 0.01};
    const Vec3 t = {0.1, -0.05, 1.2}, X = {0.2, 0.15, 0.1};
    std::array<double, 2 * kCamJacobianCols> jac{};
    const Pixel base = ProjectPointJacobian(k, d, rv, t, X, jac);
    Pose p;
    p.R = RodriguesToMatrix(rv);
    p.T = t;
    const Pixel direct = ProjectPoint(k, d, p, X);
    CHECK(base.U == Approx(direct.U).epsilon(1e-14));
    for (int c = 0; c < kCamJacobianCols; ++c) {
        auto eval = [&](double h) {
            double v[16] = {k.Fx, k.Fy, k.Cx, k.Cy, k.Skew, d.K1, d.K2, d.P1, d.P2, d.K3, rv[0], rv[1], rv[2], t[0], t[1], t[2]};
            v[c] += h;
            Pose q;
            q.R = RodriguesToMatrix({v[10], v[11], v[12]});
            q.T = {v[13], v[14], v[15]};
            return ProjectPoint({v[0], v[1], v[2], v[3], v[4]}, {v[5], v[6], v[7], v[8], v[9]}, q, X);
        };
        const double h = 1e-6;
        const Pixel a = eval(h), b = eval(-h);
        CHECK(jac[c] == Approx((a.U - b.U) / (2 * h)).epsilon(1e-6).margin(1e-5));
        CHECK(jac[kCamJacobianCols + c] == Approx((a.V - b.V) / (2 * h)).epsilon(1e-6).margin(1e-5));
    }
}

TEST_CASE("Euler and look-at extrinsics: conventions and round trips", "[camera]")
{
    // Zero angles: optical axis +y, image x = +x, image y = -z.
    const Pose p0 = PoseFromEuler(0.0, 0.0, 0.0, {1.0, -2.0, 0.5});
    const Vec3 c = CameraCentre(p0);
    CHECK(c[0] == Approx(1.0));
    CHECK(c[1] == Approx(-2.0));
    const Vec3 ahead = MatVec(p0.R, Vec3{1.0, 0.0, 0.5}) + p0.T; // 2 m straight ahead
    CHECK(ahead[0] == Approx(0.0).margin(1e-15));
    CHECK(ahead[1] == Approx(0.0).margin(1e-15));
    CHECK(ahead[2] == Approx(2.0));
    const Vec3 up = MatVec(p0.R, Vec3{1.0, 0.0, 1.5}) + p0.T; // above: negative image y
    CHECK(up[1] < 0.0);
    // Positive pitch looks up; yaw turns left (counter-clockwise seen from above).
    const Pose pitched = PoseFromEuler(0.0, 0.3, 0.0, {0.0, 0.0, 0.0});
    CHECK(Transpose(pitched.R)[8] > 0.0);
    const Pose yawed = PoseFromEuler(0.3, 0.0, 0.0, {0.0, 0.0, 0.0});
    CHECK(Transpose(yawed.R)[2] < 0.0);
    for (double yaw : {-2.5, 0.4, 1.9})
        for (double pitch : {-1.2, 0.0, 0.7})
            for (double roll : {-0.8, 0.0, 2.9}) {
                const Pose p = PoseFromEuler(yaw, pitch, roll, {0.3, 0.2, 1.0});
                CHECK(Det(p.R) == Approx(1.0).epsilon(1e-14));
                double y = 0, pi = 0, r = 0;
                EulerFromPose(p, y, pi, r);
                CHECK(y == Approx(yaw).margin(1e-12));
                CHECK(pi == Approx(pitch).margin(1e-12));
                CHECK(r == Approx(roll).margin(1e-12));
            }
    // Look-at puts the target on the principal ray and keeps world z up in the image.
    const auto la = PoseFromLookAt({2.0, -3.0, 1.5}, {0.0, 0.5, 0.8}, {0.0, 0.0, 1.0}, 0.0);
    REQUIRE(la.Ok());
    const Vec3 tgt = MatVec(la->R, Vec3{0.0, 0.5, 0.8}) + la->T;
    CHECK(tgt[0] == Approx(0.0).margin(1e-12));
    CHECK(tgt[1] == Approx(0.0).margin(1e-12));
    CHECK(tgt[2] > 0.0);
    CHECK_FALSE(PoseFromLookAt({0, 0, 1}, {0, 0, 0}, {0, 0, 1}, 0.0).Ok());
    CHECK_FALSE(PoseFromLookAt({0, 0, 1}, {0, 0, 1}, {0, 0, 1}, 0.0).Ok());
}

TEST_CASE("undistortion inverts distortion, the distorted grid bends as k1 says", "[camera]")
{
    const Distortion d = {-0.3, 0.1, 0.001, -0.002, 0.0};
    for (double x : {-0.4, 0.0, 0.3})
        for (double y : {-0.3, 0.1}) {
            double xd = 0, yd = 0, ux = 0, uy = 0;
            Distort(d, x, y, xd, yd);
            REQUIRE(Undistort(d, xd, yd, ux, uy));
            CHECK(ux == Approx(x).margin(1e-12));
            CHECK(uy == Approx(y).margin(1e-12));
        }
    Camera cam = DefaultSceneCamera();
    cam.D = {-0.3, 0.0, 0.0, 0.0, 0.0};
    const auto grid = DistortedGrid(cam, 4, 9);
    REQUIRE(grid.size() == 10);
    // Barrel (k1 < 0): the image shrinks towards the centre, corners most, so the left border
    // line moves right and bulges outwards (its middle left of its ends).
    const GridLine& left = grid[0];
    CHECK(left.Points[4].U < left.Points[0].U);
    CHECK(left.Points[4].U > 0.0);
    // The centre line through the principal point stays straight.
    cam.K.Cx = 320.0;
    const auto grid2 = DistortedGrid(cam, 2, 5);
    for (const Pixel& p : grid2[1].Points) CHECK(p.U == Approx(320.0).margin(1e-9));
}

TEST_CASE("scene: skeleton tree, frustum and orbit view", "[camera]")
{
    const CamScene s = DefaultScene();
    CHECK(JointName(Joint::LWrist) == "l_wrist");
    for (int j = 1; j < kJointCount; ++j) CHECK(JointParent(static_cast<Joint>(j)) < j);
    CHECK(BoneLength(s.Person, Joint::RKnee) == Approx(0.431).margin(0.01));
    CHECK(s.BoardGrid.size() == static_cast<std::size_t>((s.Board.Cols + 1) * (s.Board.Rows + 1)));
    const Camera cam = DefaultSceneCamera();
    const Frustum f = CameraFrustum(cam, 2.0);
    // The frustum corners project back onto the image corners.
    const Pixel c2 = ProjectPoint(cam.K, cam.D, cam.P, f.Corners[2]);
    CHECK(c2.U == Approx(640.0).margin(1e-9));
    CHECK(c2.V == Approx(480.0).margin(1e-9));
    // Every scene point is in front of the default camera and inside its image.
    for (const Vec3& j : s.Person.Joints) {
        const ProjectionSteps st = ProjectPointSteps(cam, j);
        CHECK(st.InFront);
        CHECK(st.U > 0.0);
        CHECK(st.U < 640.0);
    }
    OrbitView o;
    const ScreenPoint t = OrbitProject(o, 800, 600, o.Target);
    CHECK(t.Visible);
    CHECK(t.X == Approx(400.0));
    CHECK(t.Y == Approx(300.0));
    const auto vm = ViewMatrix(OrbitPose(o));
    CHECK(vm[15] == 1.0);
}
