// Pose ambiguity: depth flips, scale against distance, rays, MPJPE and Procrustes (see cam_pose.h).
#include "topics/camera/core/cam_pose.h"

#include <cmath>
#include <string>
#include <vector>

namespace mlviz {

namespace {

struct RayRoots {
    double Minus = 0.0, Plus = 0.0; // depths along d = (x, y, 1)
    bool Real = true;
};

// Depths where the ray through `d` meets the sphere of radius `len` around `parent`.
RayRoots IntersectRaySphere(const Vec3& d, const Vec3& parent, double len)
{
    const double a = Dot(d, d), b = -2.0 * Dot(d, parent), c = Dot(parent, parent) - len * len;
    double disc = b * b - 4.0 * a * c;
    RayRoots r;
    if (disc < 0.0) {
        r.Real = disc >= -1e-12 * b * b; // rounding of a tangent ray still counts as real
        disc = 0.0;
    }
    const double sq = std::sqrt(disc);
    r.Minus = (-b - sq) / (2.0 * a);
    r.Plus = (-b + sq) / (2.0 * a);
    return r;
}

} // namespace

Skeleton ToCameraFrame(const Pose& p, const Skeleton& world)
{
    Skeleton s;
    for (int i = 0; i < kJointCount; ++i) s.Joints[i] = MatVec(p.R, world.Joints[i]) + p.T;
    return s;
}

Skeleton ToWorldFrame(const Pose& p, const Skeleton& cam)
{
    Skeleton s;
    const Mat3 rt = Transpose(p.R);
    for (int i = 0; i < kJointCount; ++i) s.Joints[i] = MatVec(rt, cam.Joints[i] - p.T);
    return s;
}

Skeleton2D ProjectSkeleton(const Intrinsics& k, const Skeleton& cam, ProjectionModel model)
{
    Skeleton2D out;
    const double zr = cam.Joints[0][2];
    for (int i = 0; i < kJointCount; ++i) {
        const Vec3& X = cam.Joints[i];
        const double z = model == ProjectionModel::Perspective ? X[2] : zr;
        const double x = X[0] / z, y = X[1] / z;
        out.Joints[i] = {k.Fx * x + k.Skew * y + k.Cx, k.Fy * y + k.Cy};
    }
    return out;
}

Result<FlippedPose> FlipLimbs(const Intrinsics& k, const Skeleton& cam, std::uint32_t flips, ProjectionModel model)
{
    (void)k; // the rays do not depend on K: a pixel's ray is the joint's own direction
    for (int i = 0; i < kJointCount; ++i)
        if (!(cam.Joints[i][2] > 1e-9) || !std::isfinite(cam.Joints[i][0]) || !std::isfinite(cam.Joints[i][1]))
            return Result<FlippedPose>::Fail(
                Msg("сустав %s должен быть перед камерой (z > 0)", std::string(JointName(static_cast<Joint>(i)))));
    FlippedPose out;
    out.Pose = cam;
    out.LengthKept.fill(true);
    for (int j = 1; j < kJointCount; ++j) {
        const int p = JointParent(static_cast<Joint>(j));
        const Vec3& c0 = cam.Joints[j];
        const Vec3& p0 = cam.Joints[p];
        const Vec3& p1 = out.Pose.Joints[p];
        const bool flip = (flips >> j) & 1u;
        if (model == ProjectionModel::WeakPerspective) {
            const double dz = c0[2] - p0[2];
            const double z = p1[2] + (flip ? -dz : dz);
            out.Pose.Joints[j] = {c0[0], c0[1], z};
            continue;
        }
        const double len = Norm(c0 - p0);
        const Vec3 d = {c0[0] / c0[2], c0[1] / c0[2], 1.0};
        const RayRoots r0 = IntersectRaySphere(d, p0, len);
        const bool was_plus = std::fabs(c0[2] - r0.Plus) <= std::fabs(c0[2] - r0.Minus);
        const bool plus = was_plus != flip;
        const RayRoots r1 = IntersectRaySphere(d, p1, len);
        if (!r1.Real) {
            out.LengthKept[j] = false;
            ++out.Broken;
        }
        out.Pose.Joints[j] = (plus ? r1.Plus : r1.Minus) * d;
    }
    return out;
}

std::uint32_t FlippableBones(const Intrinsics& k, const Skeleton& cam, ProjectionModel model, double min_gap)
{
    (void)k;
    std::uint32_t bits = 0;
    for (int j = 1; j < kJointCount; ++j) {
        const Vec3& c = cam.Joints[j];
        const Vec3& p = cam.Joints[JointParent(static_cast<Joint>(j))];
        double gap = 0.0;
        if (model == ProjectionModel::WeakPerspective) {
            gap = 2.0 * std::fabs(c[2] - p[2]);
        } else if (c[2] > 0.0) {
            const RayRoots r = IntersectRaySphere({c[0] / c[2], c[1] / c[2], 1.0}, p, Norm(c - p));
            gap = r.Plus - r.Minus;
        }
        if (gap > min_gap) bits |= 1u << j;
    }
    return bits;
}

Skeleton ScaleAboutCamera(const Skeleton& cam, double a)
{
    Skeleton s;
    for (int i = 0; i < kJointCount; ++i) s.Joints[i] = a * cam.Joints[i];
    return s;
}

Skeleton MoveJointAlongRay(const Skeleton& cam, int j, double z)
{
    Skeleton s = cam;
    if (j >= 0 && j < kJointCount && cam.Joints[j][2] != 0.0) s.Joints[j] = (z / cam.Joints[j][2]) * cam.Joints[j];
    return s;
}

Result<FlippedPose> AlternativePose(const Intrinsics& k, const Skeleton& truth, std::uint32_t flips, int joint, double dz,
                                    double scale, ProjectionModel model)
{
    auto flipped = FlipLimbs(k, truth, flips, model);
    if (!flipped) return flipped;
    FlippedPose out = *flipped;
    if (joint >= 1 && joint < kJointCount && dz != 0.0) {
        Vec3& p = out.Pose.Joints[joint];
        const double z = p[2] + dz;
        if (model == ProjectionModel::WeakPerspective) {
            p[2] = z;
        } else {
            if (!(z > 1e-6))
                return Result<FlippedPose>::Fail(
                    Msg("сустав %s должен быть перед камерой (z > 0)", std::string(JointName(static_cast<Joint>(joint)))));
            out.Pose = MoveJointAlongRay(out.Pose, joint, z);
        }
    }
    if (scale != 1.0) out.Pose = ScaleAboutCamera(out.Pose, scale);
    return out;
}

double Mpjpe(const Skeleton& a, const Skeleton& b)
{
    double sum = 0.0;
    for (int i = 0; i < kJointCount; ++i) sum += Norm(a.Joints[i] - b.Joints[i]);
    return sum / kJointCount;
}

Result<Similarity> Umeyama(std::span<const Vec3> src, std::span<const Vec3> dst)
{
    const std::size_t n = src.size();
    if (n == 0 || dst.size() != n)
        return Result<Similarity>::Fail(Msg("для выравнивания нужны два равных непустых набора точек"));
    Vec3 ms{0, 0, 0}, md{0, 0, 0};
    for (std::size_t i = 0; i < n; ++i) {
        ms = ms + src[i];
        md = md + dst[i];
    }
    ms = (1.0 / n) * ms;
    md = (1.0 / n) * md;
    double var = 0.0;
    std::vector<double> cov(9, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
        const Vec3 a = src[i] - ms, b = dst[i] - md;
        var += Dot(a, a);
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c) cov[r * 3 + c] += b[r] * a[c];
    }
    var /= n;
    for (double& v : cov) v /= n;
    if (!(var > 1e-300)) return Result<Similarity>::Fail(Msg("все точки совпадают: масштаб не определён"));
    const SvdResult svd = Svd(cov, 3, 3);
    Mat3 u{}, v{};
    for (int i = 0; i < 9; ++i) {
        u[i] = svd.U[i];
        v[i] = svd.V[i];
    }
    const double sign = Det(u) * Det(v) < 0.0 ? -1.0 : 1.0;
    const Mat3 s = {1, 0, 0, 0, 1, 0, 0, 0, sign};
    Similarity out;
    out.R = MatMul(MatMul(u, s), Transpose(v));
    out.Scale = (svd.S[0] + svd.S[1] + sign * svd.S[2]) / var;
    out.T = md - out.Scale * MatVec(out.R, ms);
    return out;
}

Result<MpjpeReport> CompareSkeletons(const Skeleton& pred, const Skeleton& truth)
{
    auto sim = Umeyama(pred.Joints, truth.Joints);
    if (!sim) return Result<MpjpeReport>::Fail(sim.Error());
    MpjpeReport r;
    r.Mpjpe = Mpjpe(pred, truth);
    r.Align = *sim;
    for (int i = 0; i < kJointCount; ++i) r.Aligned.Joints[i] = sim->Scale * MatVec(sim->R, pred.Joints[i]) + sim->T;
    r.PaMpjpe = Mpjpe(r.Aligned, truth);
    return r;
}

} // namespace mlviz
