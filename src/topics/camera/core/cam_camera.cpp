// Pinhole camera with distortion, Rodrigues and extrinsics helpers (see cam_camera.h).
#include "topics/camera/core/cam_camera.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace mlviz {

namespace {

bool Finite(double v)
{
    return std::isfinite(v);
}

Mat3 RotZ(double a)
{
    const double c = std::cos(a), s = std::sin(a);
    return {c, -s, 0, s, c, 0, 0, 0, 1};
}

Mat3 RotX(double a)
{
    const double c = std::cos(a), s = std::sin(a);
    return {1, 0, 0, 0, c, -s, 0, s, c};
}

// Camera axes in the world at zero angles: image x = +x, image y = -z, optical axis = +y.
const Mat3 kBase = {1, 0, 0, 0, 0, 1, 0, -1, 0};

Pose PoseFromCameraToWorld(const Mat3& r_wc, const Vec3& centre)
{
    Pose p;
    p.R = Transpose(r_wc);
    const Vec3 rc = MatVec(p.R, centre);
    p.T = {-rc[0], -rc[1], -rc[2]};
    return p;
}

} // namespace

Message ValidateIntrinsics(const Intrinsics& k)
{
    if (!Finite(k.Fx) || !(k.Fx > 0.0) || k.Fx > kCamMaxFocal) return Msg("fx должно быть в (0, %g]", kCamMaxFocal);
    if (!Finite(k.Fy) || !(k.Fy > 0.0) || k.Fy > kCamMaxFocal) return Msg("fy должно быть в (0, %g]", kCamMaxFocal);
    if (!Finite(k.Cx) || std::fabs(k.Cx) > kCamMaxCoord) return Msg("cx должно быть конечным, |cx| <= %g", kCamMaxCoord);
    if (!Finite(k.Cy) || std::fabs(k.Cy) > kCamMaxCoord) return Msg("cy должно быть конечным, |cy| <= %g", kCamMaxCoord);
    if (!Finite(k.Skew) || std::fabs(k.Skew) > kCamMaxFocal) return Msg("skew должно быть конечным, |skew| <= %g", kCamMaxFocal);
    return {};
}

Message ValidateDistortion(const Distortion& d)
{
    const double v[5] = {d.K1, d.K2, d.P1, d.P2, d.K3};
    const char* names[5] = {"k1", "k2", "p1", "p2", "k3"};
    for (int i = 0; i < 5; ++i)
        if (!Finite(v[i]) || std::fabs(v[i]) > kCamMaxDistortion)
            return Msg("коэффициент дисторсии %s должен быть конечным, |%s| <= %g", names[i], names[i], kCamMaxDistortion);
    return {};
}

Mat3 KMatrix(const Intrinsics& k)
{
    return {k.Fx, k.Skew, k.Cx, 0.0, k.Fy, k.Cy, 0.0, 0.0, 1.0};
}

std::array<double, 12> ProjectionMatrix(const Intrinsics& k, const Pose& p)
{
    const Mat3 km = KMatrix(k);
    std::array<double, 12> out{};
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c) out[r * 4 + c] = km[r * 3] * p.R[c] + km[r * 3 + 1] * p.R[3 + c] + km[r * 3 + 2] * p.R[6 + c];
        out[r * 4 + 3] = km[r * 3] * p.T[0] + km[r * 3 + 1] * p.T[1] + km[r * 3 + 2] * p.T[2];
    }
    return out;
}

Vec3 CameraCentre(const Pose& p)
{
    const Vec3 c = MatVec(Transpose(p.R), p.T);
    return {-c[0], -c[1], -c[2]};
}

Mat3 RodriguesToMatrix(const Vec3& rv)
{
    const double theta = std::sqrt(rv[0] * rv[0] + rv[1] * rv[1] + rv[2] * rv[2]);
    if (theta < DBL_EPSILON) return Identity3();
    const double c = std::cos(theta), s = std::sin(theta), c1 = 1.0 - c, itheta = 1.0 / theta;
    const double x = rv[0] * itheta, y = rv[1] * itheta, z = rv[2] * itheta;
    // R = cos(theta) I + (1 - cos(theta)) r r^T + sin(theta) [r]x, summed in OpenCV's order.
    const Mat3 rrt = {x * x, x * y, x * z, x * y, y * y, y * z, x * z, y * z, z * z};
    const Mat3 rx = {0, -z, y, z, 0, -x, -y, x, 0};
    const Mat3 eye = Identity3();
    Mat3 r{};
    for (int i = 0; i < 9; ++i) r[i] = (c * eye[i] + c1 * rrt[i]) + s * rx[i];
    return r;
}

Vec3 MatrixToRodrigues(const Mat3& rin)
{
    const Mat3 r = NearestRotation(rin);
    Vec3 v = {r[7] - r[5], r[2] - r[6], r[3] - r[1]};
    const double s = std::sqrt((v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) * 0.25);
    double c = (r[0] + r[4] + r[8] - 1.0) * 0.5;
    c = c > 1.0 ? 1.0 : c < -1.0 ? -1.0 : c;
    const double theta = std::acos(c);
    if (s < 1e-5) {
        if (c > 0.0) return {0.0, 0.0, 0.0};
        // Angle near pi: the axis from the diagonal, signs from the off-diagonal (as OpenCV).
        double t = (r[0] + 1.0) * 0.5;
        v[0] = std::sqrt(std::max(t, 0.0));
        t = (r[4] + 1.0) * 0.5;
        v[1] = std::sqrt(std::max(t, 0.0)) * (r[1] < 0.0 ? -1.0 : 1.0);
        t = (r[8] + 1.0) * 0.5;
        v[2] = std::sqrt(std::max(t, 0.0)) * (r[2] < 0.0 ? -1.0 : 1.0);
        if (std::fabs(v[0]) < std::fabs(v[1]) && std::fabs(v[0]) < std::fabs(v[2]) && (r[5] > 0.0) != (v[1] * v[2] > 0.0))
            v[2] = -v[2];
        const double k = theta / Norm(v);
        return k * v;
    }
    const double vth = 1.0 / (2.0 * s) * theta;
    return vth * v;
}

std::array<Mat3, 3> RodriguesDerivatives(const Vec3& rv)
{
    std::array<Mat3, 3> out{};
    const double theta2 = Dot(rv, rv);
    if (theta2 < 1e-24) {
        for (int i = 0; i < 3; ++i) {
            Vec3 e{0, 0, 0};
            e[i] = 1.0;
            out[i] = Skew(e);
        }
        return out;
    }
    // dR/dv_i = (v_i [v]x + [v x ((I - R) e_i)]x) R / |v|^2
    const Mat3 r = RodriguesToMatrix(rv);
    const Mat3 vx = Skew(rv);
    for (int i = 0; i < 3; ++i) {
        const Vec3 col = {(i == 0 ? 1.0 : 0.0) - r[i], (i == 1 ? 1.0 : 0.0) - r[3 + i], (i == 2 ? 1.0 : 0.0) - r[6 + i]};
        const Mat3 w = Skew(Cross(rv, col));
        Mat3 m{};
        for (int k = 0; k < 9; ++k) m[k] = (rv[i] * vx[k] + w[k]) / theta2;
        out[i] = MatMul(m, r);
    }
    return out;
}

Pose PoseFromEuler(double yaw, double pitch, double roll, const Vec3& centre)
{
    const Mat3 r_wc = MatMul(MatMul(MatMul(RotZ(yaw), RotX(pitch)), kBase), RotZ(roll));
    return PoseFromCameraToWorld(r_wc, centre);
}

void EulerFromPose(const Pose& p, double& yaw, double& pitch, double& roll)
{
    const Mat3 m = Transpose(p.R);     // camera -> world
    const Vec3 f = {m[2], m[5], m[8]}; // optical axis in the world
    pitch = std::asin(std::max(-1.0, std::min(1.0, f[2])));
    yaw = std::atan2(-f[0], f[1]);
    const Mat3 base = MatMul(MatMul(RotZ(yaw), RotX(pitch)), kBase);
    const Mat3 q = MatMul(Transpose(base), m); // = Rz(roll)
    roll = std::atan2(q[3], q[0]);
}

Result<Pose> PoseFromLookAt(const Vec3& eye, const Vec3& target, const Vec3& up, double roll)
{
    const Vec3 d = target - eye;
    if (!(Norm(d) > 1e-12)) return Result<Pose>::Fail(Msg("точка взгляда совпадает с положением камеры"));
    const Vec3 f = Normalized(d);
    const Vec3 side = Cross(f, up);
    if (!(Norm(side) > 1e-9 * std::max(1.0, Norm(up))))
        return Result<Pose>::Fail(Msg("направление взгляда параллельно вектору «вверх»"));
    const Vec3 r = Normalized(side);
    const Vec3 dn = Cross(f, r);
    const Mat3 r_wc0 = {r[0], dn[0], f[0], r[1], dn[1], f[1], r[2], dn[2], f[2]};
    return PoseFromCameraToWorld(MatMul(r_wc0, RotZ(roll)), eye);
}

void Distort(const Distortion& d, double x, double y, double& xd, double& yd, double* jac)
{
    const double r2 = x * x + y * y, r4 = r2 * r2, r6 = r4 * r2;
    const double a1 = 2 * x * y, a2 = r2 + 2 * x * x, a3 = r2 + 2 * y * y;
    const double cdist = 1 + d.K1 * r2 + d.K2 * r4 + d.K3 * r6;
    xd = x * cdist + d.P1 * a1 + d.P2 * a2;
    yd = y * cdist + d.P1 * a3 + d.P2 * a1;
    if (jac) {
        const double dc_dr2 = d.K1 + 2.0 * d.K2 * r2 + 3.0 * d.K3 * r4;
        const double dcdx = dc_dr2 * 2.0 * x, dcdy = dc_dr2 * 2.0 * y;
        jac[0] = cdist + x * dcdx + 2.0 * d.P1 * y + 6.0 * d.P2 * x;
        jac[1] = x * dcdy + 2.0 * d.P1 * x + 2.0 * d.P2 * y;
        jac[2] = y * dcdx + 2.0 * d.P1 * x + 2.0 * d.P2 * y;
        jac[3] = cdist + y * dcdy + 6.0 * d.P1 * y + 2.0 * d.P2 * x;
    }
}

bool Undistort(const Distortion& d, double xd, double yd, double& x, double& y)
{
    x = xd;
    y = yd;
    for (int it = 0; it < 200; ++it) {
        const double r2 = x * x + y * y;
        const double cdist = 1 + d.K1 * r2 + d.K2 * r2 * r2 + d.K3 * r2 * r2 * r2;
        if (!(cdist > 0.0)) return false;
        const double dx = 2 * d.P1 * x * y + d.P2 * (r2 + 2 * x * x);
        const double dy = d.P1 * (r2 + 2 * y * y) + 2 * d.P2 * x * y;
        x = (xd - dx) / cdist;
        y = (yd - dy) / cdist;
    }
    double cx = 0.0, cy = 0.0;
    Distort(d, x, y, cx, cy);
    return std::isfinite(x) && std::isfinite(y) && std::fabs(cx - xd) < 1e-12 * (1.0 + std::fabs(xd)) &&
        std::fabs(cy - yd) < 1e-12 * (1.0 + std::fabs(yd));
}

ProjectionSteps ProjectPointSteps(const Camera& cam, const Vec3& w)
{
    ProjectionSteps s;
    const Mat3& R = cam.P.R;
    const Vec3& t = cam.P.T;
    s.World = w;
    s.Cam = {R[0] * w[0] + R[1] * w[1] + R[2] * w[2] + t[0], R[3] * w[0] + R[4] * w[1] + R[5] * w[2] + t[1],
             R[6] * w[0] + R[7] * w[1] + R[8] * w[2] + t[2]};
    s.InFront = s.Cam[2] > 0.0;
    const double iz = s.Cam[2] != 0.0 ? 1.0 / s.Cam[2] : 1.0;
    s.X = s.Cam[0] * iz;
    s.Y = s.Cam[1] * iz;
    const Distortion& d = cam.D;
    s.R2 = s.X * s.X + s.Y * s.Y;
    const double r4 = s.R2 * s.R2, r6 = r4 * s.R2;
    s.Radial = 1 + d.K1 * s.R2 + d.K2 * r4 + d.K3 * r6;
    s.TanX = d.P1 * (2 * s.X * s.Y) + d.P2 * (s.R2 + 2 * s.X * s.X);
    s.TanY = d.P1 * (s.R2 + 2 * s.Y * s.Y) + d.P2 * (2 * s.X * s.Y);
    s.Xd = s.X * s.Radial + s.TanX;
    s.Yd = s.Y * s.Radial + s.TanY;
    s.U = s.Xd * cam.K.Fx + s.Yd * cam.K.Skew + cam.K.Cx;
    s.V = s.Yd * cam.K.Fy + cam.K.Cy;
    return s;
}

Pixel ProjectPoint(const Intrinsics& k, const Distortion& d, const Pose& p, const Vec3& world)
{
    Camera cam;
    cam.K = k;
    cam.D = d;
    cam.P = p;
    const ProjectionSteps s = ProjectPointSteps(cam, world);
    return {s.U, s.V};
}

std::vector<Pixel> ProjectPoints(const Intrinsics& k, const Distortion& d, const Pose& p, std::span<const Vec3> world)
{
    std::vector<Pixel> out;
    out.reserve(world.size());
    for (const Vec3& w : world) out.push_back(ProjectPoint(k, d, p, w));
    return out;
}

Pixel ProjectPointJacobian(const Intrinsics& k, const Distortion& d, const Vec3& rvec, const Vec3& t, const Vec3& w,
                           std::array<double, 2 * kCamJacobianCols>& jac)
{
    const Mat3 R = RodriguesToMatrix(rvec);
    const auto dR = RodriguesDerivatives(rvec);
    const Vec3 xc = MatVec(R, w) + t;
    const double iz = xc[2] != 0.0 ? 1.0 / xc[2] : 1.0;
    const double x = xc[0] * iz, y = xc[1] * iz;
    double xd = 0.0, yd = 0.0, dd[4];
    Distort(d, x, y, xd, yd, dd);
    const double r2 = x * x + y * y, r4 = r2 * r2, r6 = r4 * r2;
    double* ju = jac.data();
    double* jv = jac.data() + kCamJacobianCols;
    const double du_dxd = k.Fx, du_dyd = k.Skew, dv_dyd = k.Fy;
    ju[0] = xd;
    ju[1] = 0.0;
    ju[2] = 1.0;
    ju[3] = 0.0;
    ju[4] = yd;
    jv[0] = 0.0;
    jv[1] = yd;
    jv[2] = 0.0;
    jv[3] = 1.0;
    jv[4] = 0.0;
    // d(xd, yd)/d(k1, k2, p1, p2, k3)
    const double dxd[5] = {x * r2, x * r4, 2 * x * y, r2 + 2 * x * x, x * r6};
    const double dyd[5] = {y * r2, y * r4, r2 + 2 * y * y, 2 * x * y, y * r6};
    for (int i = 0; i < 5; ++i) {
        ju[5 + i] = du_dxd * dxd[i] + du_dyd * dyd[i];
        jv[5 + i] = dv_dyd * dyd[i];
    }
    // d(u, v)/d(x, y), then d(x, y)/dX_c
    const double du_dx = du_dxd * dd[0] + du_dyd * dd[2], du_dy = du_dxd * dd[1] + du_dyd * dd[3];
    const double dv_dx = dv_dyd * dd[2], dv_dy = dv_dyd * dd[3];
    const double dx_dX[3] = {iz, 0.0, -x * iz}, dy_dX[3] = {0.0, iz, -y * iz};
    double du_dXc[3], dv_dXc[3];
    for (int i = 0; i < 3; ++i) {
        du_dXc[i] = du_dx * dx_dX[i] + du_dy * dy_dX[i];
        dv_dXc[i] = dv_dx * dx_dX[i] + dv_dy * dy_dX[i];
    }
    for (int i = 0; i < 3; ++i) {
        const Vec3 dxc = MatVec(dR[i], w);
        ju[10 + i] = du_dXc[0] * dxc[0] + du_dXc[1] * dxc[1] + du_dXc[2] * dxc[2];
        jv[10 + i] = dv_dXc[0] * dxc[0] + dv_dXc[1] * dxc[1] + dv_dXc[2] * dxc[2];
        ju[13 + i] = du_dXc[i];
        jv[13 + i] = dv_dXc[i];
    }
    return {xd * k.Fx + yd * k.Skew + k.Cx, yd * k.Fy + k.Cy};
}

std::vector<GridLine> DistortedGrid(const Camera& cam, int lines, int samples)
{
    lines = std::max(1, std::min(lines, 200));
    samples = std::max(2, std::min(samples, 400));
    std::vector<GridLine> out;
    const double w = cam.Width, h = cam.Height;
    auto map = [&](double u, double v) {
        const double y = (v - cam.K.Cy) / cam.K.Fy;
        const double x = (u - cam.K.Cx - cam.K.Skew * y) / cam.K.Fx;
        double xd = 0.0, yd = 0.0;
        Distort(cam.D, x, y, xd, yd);
        return Pixel{xd * cam.K.Fx + yd * cam.K.Skew + cam.K.Cx, yd * cam.K.Fy + cam.K.Cy};
    };
    for (int dir = 0; dir < 2; ++dir) {
        for (int i = 0; i <= lines; ++i) {
            GridLine g;
            for (int s = 0; s < samples; ++s) {
                const double a = static_cast<double>(i) / lines, b = static_cast<double>(s) / (samples - 1);
                g.Points.push_back(dir == 0 ? map(a * w, b * h) : map(b * w, a * h));
            }
            out.push_back(std::move(g));
        }
    }
    return out;
}

} // namespace mlviz
