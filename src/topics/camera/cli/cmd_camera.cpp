// mlviz-cli camera:
//   {"op": "project", "points": [[x, y, z]..], "K": 3x3, "dist"?: [k1, k2, p1, p2(, k3)], "rvec": [3],
//    "tvec": [3]} -> {"pixels": [[u, v]..], "in_front": [..]}  (cv2.projectPoints; K[0][1] is a
//    skew that OpenCV would ignore)
//   {"op": "calibrate", "object_points": [[[x, y, 0]..]..], "image_points": [[[u, v]..]..],
//    "image_size": [w, h], "fix_skew"?, "fix_k3"?, "zero_tangent"?, "max_iterations"?}
//    -> {"K", "dist", "rms", "rvecs", "tvecs", "per_view_errors", "iterations"}
//    (cv2.calibrateCamera's model and optimum with the defaults; semantics in cam_calib.h)
#include <cmath>
#include <string>

#include "cli/commands.h"
#include "topics/camera/core/cam_calib.h"

namespace mlviz {

namespace {

constexpr std::size_t kMaxProjectPoints = 100000;

double Number(const Json& v, const std::string& field)
{
    if (!v.is_number()) FailInput("field '" + field + "' must be a number, got " + v.type_name());
    const double x = v.get<double>();
    if (!std::isfinite(x)) FailInput("field '" + field + "' is not finite");
    if (std::fabs(x) > kCamMaxCoord) FailInput("field '" + field + "' must have |x| <= 1e6");
    return x;
}

std::vector<double> Fixed(const Json& v, const std::string& field, std::size_t n)
{
    if (!v.is_array() || v.size() != n) FailInput("field '" + field + "' must be an array of " + std::to_string(n) + " numbers");
    std::vector<double> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(Number(v[i], field + "[" + std::to_string(i) + "]"));
    return out;
}

const Json& Field(const Json& in, const char* name)
{
    const auto it = in.find(name);
    if (it == in.end()) FailInput(std::string("missing field '") + name + "'");
    return *it;
}

Vec3 ToVec3(const std::vector<double>& v)
{
    return {v[0], v[1], v[2]};
}

Json ProjectOp(const Json& in)
{
    RequireObject(in, {"op", "points", "K", "dist", "rvec", "tvec"});
    const Json& pts = Field(in, "points");
    if (!pts.is_array()) FailInput("field 'points' must be an array of [x, y, z]");
    if (pts.size() > kMaxProjectPoints)
        FailInput("field 'points' has more than " + std::to_string(kMaxProjectPoints) + " points");
    std::vector<Vec3> world;
    for (std::size_t i = 0; i < pts.size(); ++i) world.push_back(ToVec3(Fixed(pts[i], "points[" + std::to_string(i) + "]", 3)));
    const Json& kj = Field(in, "K");
    if (!kj.is_array() || kj.size() != 3) FailInput("field 'K' must be a 3x3 array");
    std::vector<double> km;
    for (int r = 0; r < 3; ++r) {
        const auto row = Fixed(kj[r], "K[" + std::to_string(r) + "]", 3);
        km.insert(km.end(), row.begin(), row.end());
    }
    if (km[3] != 0.0 || km[6] != 0.0 || km[7] != 0.0 || km[8] != 1.0)
        FailInput("field 'K' must have the form [[fx, skew, cx], [0, fy, cy], [0, 0, 1]]");
    const Intrinsics k = {km[0], km[4], km[2], km[5], km[1]};
    if (Message m = ValidateIntrinsics(k); !m.Empty()) FailInput("field 'K': " + English(m));
    Distortion d;
    if (in.contains("dist")) {
        const Json& dj = in["dist"];
        if (!dj.is_array() || (dj.size() != 0 && dj.size() != 4 && dj.size() != 5))
            FailInput("field 'dist' must be an array of 0, 4 or 5 numbers (k1, k2, p1, p2[, k3])");
        const auto v = Fixed(dj, "dist", dj.size());
        if (v.size() >= 4) d = {v[0], v[1], v[2], v[3], v.size() == 5 ? v[4] : 0.0};
        if (Message m = ValidateDistortion(d); !m.Empty()) FailInput("field 'dist': " + English(m));
    }
    Pose p;
    p.R = RodriguesToMatrix(ToVec3(Fixed(Field(in, "rvec"), "rvec", 3)));
    p.T = ToVec3(Fixed(Field(in, "tvec"), "tvec", 3));
    Camera cam;
    cam.K = k;
    cam.D = d;
    cam.P = p;
    Json pixels = Json::array(), front = Json::array();
    for (const Vec3& w : world) {
        const ProjectionSteps s = ProjectPointSteps(cam, w);
        if (!std::isfinite(s.U) || !std::isfinite(s.V))
            FailInput("the projection overflows (a point too close to the camera plane?)");
        pixels.push_back({s.U, s.V});
        front.push_back(s.InFront);
    }
    return {{"pixels", pixels}, {"in_front", front}};
}

template <typename T, typename F>
std::vector<std::vector<T>> ReadViews(const Json& in, const char* name, std::size_t dim, F make)
{
    const Json& v = Field(in, name);
    if (!v.is_array()) FailInput(std::string("field '") + name + "' must be an array of views");
    if (v.size() > static_cast<std::size_t>(kCalibMaxViews))
        FailInput(std::string("field '") + name + "' has more than " + std::to_string(kCalibMaxViews) + " views");
    std::vector<std::vector<T>> out;
    std::size_t total = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string vn = std::string(name) + "[" + std::to_string(i) + "]";
        if (!v[i].is_array()) FailInput("field '" + vn + "' must be an array of points");
        total += v[i].size();
        if (v[i].size() > static_cast<std::size_t>(kCalibMaxPointsPerView) ||
            total > static_cast<std::size_t>(kCalibMaxTotalPoints))
            FailInput("field '" + vn + "': at most " + std::to_string(kCalibMaxPointsPerView) + " points per view and " +
                      std::to_string(kCalibMaxTotalPoints) + " in all");
        std::vector<T> pts;
        for (std::size_t j = 0; j < v[i].size(); ++j)
            pts.push_back(make(Fixed(v[i][j], vn + "[" + std::to_string(j) + "]", dim)));
        out.push_back(std::move(pts));
    }
    return out;
}

Json CalibrateOp(const Json& in)
{
    RequireObject(in,
                  {"op", "object_points", "image_points", "image_size", "fix_skew", "fix_k3", "zero_tangent", "max_iterations"});
    const auto object = ReadViews<Vec3>(in, "object_points", 3, ToVec3);
    const auto image = ReadViews<Pixel>(in, "image_points", 2, [](const std::vector<double>& v) { return Pixel{v[0], v[1]}; });
    const Json& size = Field(in, "image_size");
    if (!size.is_array() || size.size() != 2) FailInput("field 'image_size' must be [width, height]");
    const auto wh = Fixed(size, "image_size", 2);
    for (int i = 0; i < 2; ++i)
        if (wh[i] != std::floor(wh[i]) || wh[i] < 1 || wh[i] > kCamMaxImageSide)
            FailInput("field 'image_size[" + std::to_string(i) + "]' must be an integer in [1, " +
                      std::to_string(kCamMaxImageSide) + "]");
    const int w = static_cast<int>(wh[0]), h = static_cast<int>(wh[1]);
    CalibOptions o;
    o.FixSkew = ReadBool(in, "fix_skew", o.FixSkew);
    o.FixK3 = ReadBool(in, "fix_k3", o.FixK3);
    o.ZeroTangent = ReadBool(in, "zero_tangent", o.ZeroTangent);
    o.MaxIterations = static_cast<int>(ReadInt(in, "max_iterations", 100, 1, 1000));
    auto job = CalibrationJob::Start(object, image, w, h, o);
    if (!job) FailInput(job.Error());
    while (!job->Done()) job->Step(10);
    const CalibParams& p = job->Params();
    const Mat3 k = KMatrix(p.K);
    Json rv = Json::array(), tv = Json::array();
    for (std::size_t v = 0; v < p.Rvecs.size(); ++v) {
        rv.push_back({p.Rvecs[v][0], p.Rvecs[v][1], p.Rvecs[v][2]});
        tv.push_back({p.Tvecs[v][0], p.Tvecs[v][1], p.Tvecs[v][2]});
    }
    return {{"K", {{k[0], k[1], k[2]}, {k[3], k[4], k[5]}, {k[6], k[7], k[8]}}},
            {"dist", {p.D.K1, p.D.K2, p.D.P1, p.D.P2, p.D.K3}},
            {"rms", job->Report().Rms},
            {"rvecs", rv},
            {"tvecs", tv},
            {"per_view_errors", job->Report().PerView},
            {"iterations", job->Trials()}};
}

} // namespace

Json CameraCommand(const Json& in)
{
    if (!in.is_object()) FailInput("the input must be a JSON object with an 'op' field");
    const std::string op = RequireString(in, "op");
    if (op == "project") return ProjectOp(in);
    if (op == "calibrate") return CalibrateOp(in);
    FailInput("field 'op': unknown operation '" + op + "' (one of project, calibrate)");
}

} // namespace mlviz
