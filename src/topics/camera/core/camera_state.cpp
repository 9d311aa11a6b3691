#include "topics/camera/core/camera_state.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace mlviz {

namespace {

constexpr double kDeg = 3.14159265358979323846 / 180.0;

StateSchema<CameraState> MakeSchema()
{
    using S = CameraState;
    const std::vector<std::string> tabs = EnumNames<CameraTab>(CameraTabName);
    const std::vector<std::string> modes = EnumNames<ExtrinsicsMode>(ExtrinsicsModeName);
    const std::vector<std::string> models = {ProjectionModelName(ProjectionModel::Perspective),
                                             ProjectionModelName(ProjectionModel::WeakPerspective)};
    // The one place the camera topic's ranges are written: the codec, the sliders and the CLI read them.
    StateSchema<S> t;
    t.Enum(
         "tab", [](S& s) -> int& { return s.Tab; }, tabs)
        .Real("fx", [](S& s) -> float& { return s.Fx; }, 100.0, 2000.0, {MLVIZ_TR_KEY("fx, пикс"), "%.1f", true})
        .Real("fy", [](S& s) -> float& { return s.Fy; }, 100.0, 2000.0, {MLVIZ_TR_KEY("fy, пикс"), "%.1f", true})
        .Real("cx", [](S& s) -> float& { return s.Cx; }, 0.0, kCameraImageW, {MLVIZ_TR_KEY("cx, пикс"), "%.1f"})
        .Real("cy", [](S& s) -> float& { return s.Cy; }, 0.0, kCameraImageH, {MLVIZ_TR_KEY("cy, пикс"), "%.1f"})
        .Real("skew", [](S& s) -> float& { return s.Skew; }, -200.0, 200.0, {MLVIZ_TR_KEY("Скос s, пикс"), "%.1f"})
        .Real("k1", [](S& s) -> float& { return s.K1; }, -1.0, 1.0, {"k1", "%.3f"})
        .Real("k2", [](S& s) -> float& { return s.K2; }, -1.0, 1.0, {"k2", "%.3f"})
        .Real("p1", [](S& s) -> float& { return s.P1; }, -0.05, 0.05, {"p1", "%.4f"})
        .Real("p2", [](S& s) -> float& { return s.P2; }, -0.05, 0.05, {"p2", "%.4f"})
        .Real("k3", [](S& s) -> float& { return s.K3; }, -1.0, 1.0, {"k3", "%.3f"})
        .Enum("ext", [](S& s) -> int& { return s.Extrinsics; }, modes, {MLVIZ_TR_KEY("Как задать")})
        .Real("yaw", [](S& s) -> float& { return s.Yaw; }, -180.0, 180.0, {MLVIZ_TR_KEY("Рыскание (yaw), °"), "%.1f"})
        .Real("pitch", [](S& s) -> float& { return s.Pitch; }, -89.0, 89.0, {MLVIZ_TR_KEY("Тангаж (pitch), °"), "%.1f"})
        .Real("roll", [](S& s) -> float& { return s.Roll; }, -180.0, 180.0, {MLVIZ_TR_KEY("Крен (roll), °"), "%.1f"})
        .Real("cam_x", [](S& s) -> float& { return s.CamX; }, -8.0, 8.0, {MLVIZ_TR_KEY("Камера C.x, м"), "%.2f"})
        .Real("cam_y", [](S& s) -> float& { return s.CamY; }, -8.0, 8.0, {MLVIZ_TR_KEY("Камера C.y, м"), "%.2f"})
        .Real("cam_z", [](S& s) -> float& { return s.CamZ; }, -2.0, 8.0, {MLVIZ_TR_KEY("Камера C.z, м"), "%.2f"})
        .Real("look_x", [](S& s) -> float& { return s.LookX; }, -4.0, 4.0, {MLVIZ_TR_KEY("Цель x, м"), "%.2f"})
        .Real("look_y", [](S& s) -> float& { return s.LookY; }, -4.0, 4.0, {MLVIZ_TR_KEY("Цель y, м"), "%.2f"})
        .Real("look_z", [](S& s) -> float& { return s.LookZ; }, -2.0, 4.0, {MLVIZ_TR_KEY("Цель z, м"), "%.2f"})
        .Real("orbit_az", [](S& s) -> float& { return s.OrbitAzimuth; }, -180.0, 180.0,
              {MLVIZ_TR_KEY("Обзор: азимут, °"), "%.0f"})
        .Real("orbit_el", [](S& s) -> float& { return s.OrbitElevation; }, -10.0, 89.0,
              {MLVIZ_TR_KEY("Обзор: высота, °"), "%.0f"})
        .Real("orbit_dist", [](S& s) -> float& { return s.OrbitDistance; }, 2.0, 20.0,
              {MLVIZ_TR_KEY("Обзор: расстояние, м"), "%.1f", true})
        .Int("pt", [](S& s) -> int& { return s.Point; }, 0, kCameraPointCount - 1, {MLVIZ_TR_KEY("Точка для расчёта")})
        .Bool("grid", [](S& s) -> bool& { return s.ShowGrid; }, {MLVIZ_TR_KEY("Искажённая сетка")})
        .Bool("ideal", [](S& s) -> bool& { return s.ShowIdeal; }, {MLVIZ_TR_KEY("Без дисторсии (призрак)")})
        .Int("views", [](S& s) -> int& { return s.Views; }, 3, 30, {MLVIZ_TR_KEY("Снимков доски")})
        .Real("noise", [](S& s) -> float& { return s.Noise; }, 0.0, 5.0, {MLVIZ_TR_KEY("Шум углов σ, пикс"), "%.2f"})
        .Real("tilt", [](S& s) -> float& { return s.Tilt; }, 0.0, 65.0, {MLVIZ_TR_KEY("Наклон доски до, °"), "%.0f"})
        .Int("seed", [](S& s) -> int& { return s.Seed; }, 0, 1 << 30, {"Seed"})
        .Bool("fix_skew", [](S& s) -> bool& { return s.FixSkew; }, {MLVIZ_TR_KEY("Скос = 0 (как OpenCV)")})
        .Bool("fix_k3", [](S& s) -> bool& { return s.FixK3; }, {MLVIZ_TR_KEY("k3 = 0 (FIX_K3)")})
        .Bool("zero_tangent", [](S& s) -> bool& { return s.ZeroTangent; }, {MLVIZ_TR_KEY("p1 = p2 = 0 (ZERO_TANGENT)")})
        .Int(
            "iter", [](S& s) -> int& { return s.Iter; }, -1, 1000)
        .Int("view", [](S& s) -> int& { return s.View; }, 0, 29, {MLVIZ_TR_KEY("Снимок")})
        .Enum("model", [](S& s) -> int& { return s.Model; }, models, {MLVIZ_TR_KEY("Модель проекции")})
        .Int(
            "flips", [](S& s) -> int& { return s.Flips; }, 0, (1 << kJointCount) - 1)
        .Int("joint", [](S& s) -> int& { return s.Joint; }, 1, kJointCount - 1, {MLVIZ_TR_KEY("Сустав")})
        .Real("dz", [](S& s) -> float& { return s.DepthShift; }, -1.5, 1.5,
              {MLVIZ_TR_KEY("Сдвиг по глубине вдоль луча, м"), "%.2f"})
        .Real("scale", [](S& s) -> float& { return s.Scale; }, 0.5, 2.0, {MLVIZ_TR_KEY("Масштаб позы от камеры"), "%.2f", true});
    return t;
}

std::vector<Message> DecodeCameraLink(const KeyValues& kv, CameraState& out)
{
    std::vector<Message> notices = DecodeFromDefaults<CameraState, CameraStateSchema>(kv, out);
    out.View = std::min(out.View, out.Views - 1);
    return notices;
}

} // namespace

const char* CameraTabName(CameraTab t)
{
    switch (t) {
    case CameraTab::Projection: return "projection";
    case CameraTab::Calibration: return "calibration";
    case CameraTab::Pose: return "pose";
    default: return "";
    }
}

const char* ExtrinsicsModeName(ExtrinsicsMode m)
{
    return m == ExtrinsicsMode::LookAt ? "lookat" : "euler";
}

const char* ProjectionModelName(ProjectionModel m)
{
    return m == ProjectionModel::WeakPerspective ? "weak" : "perspective";
}

Vec3 CameraScenePoint(const CamScene& s, int index)
{
    index = std::clamp(index, 0, kCameraPointCount - 1);
    if (index < kJointCount) return s.Person.Joints[index];
    index -= kJointCount;
    if (index < 8) return s.Cube[index];
    index -= 8;
    const int c = s.Board.Cols, r = s.Board.Rows;
    const int corner[4] = {0, c, (c + 1) * r + c, (c + 1) * r};
    return s.BoardGrid[corner[index]];
}

const char* CameraPointGroup(int index)
{
    if (index < kJointCount) return MLVIZ_TR_KEY("сустав");
    if (index < kJointCount + 8) return MLVIZ_TR_KEY("вершина куба");
    return MLVIZ_TR_KEY("угол доски");
}

int CameraPointNumber(int index)
{
    if (index < kJointCount) return index;
    if (index < kJointCount + 8) return index - kJointCount;
    return index - kJointCount - 8;
}

Camera CameraFromState(const CameraState& s, Message* error)
{
    Camera c;
    c.Width = kCameraImageW;
    c.Height = kCameraImageH;
    c.K = {s.Fx, s.Fy, s.Cx, s.Cy, s.Skew};
    c.D = {s.K1, s.K2, s.P1, s.P2, s.K3};
    const Vec3 centre = {s.CamX, s.CamY, s.CamZ};
    if (error) *error = {};
    if (s.Extrinsics == static_cast<int>(ExtrinsicsMode::LookAt)) {
        const auto p = PoseFromLookAt(centre, {s.LookX, s.LookY, s.LookZ}, {0.0, 0.0, 1.0}, s.Roll * kDeg);
        if (p) {
            c.P = *p;
            return c;
        }
        if (error) *error = p.Error();
    }
    c.P = PoseFromEuler(s.Yaw * kDeg, s.Pitch * kDeg, s.Roll * kDeg, centre);
    return c;
}

CalibViewsConfig CalibConfigFor(const CameraState& s)
{
    CalibViewsConfig c;
    c.Views = s.Views;
    c.NoisePx = s.Noise;
    c.MaxTilt = s.Tilt * kDeg;
    c.Seed = static_cast<std::uint32_t>(std::max(s.Seed, 0));
    c.True = CameraFromState(s);
    return c;
}

CalibOptions CalibOptionsFor(const CameraState& s)
{
    CalibOptions o;
    o.FixSkew = s.FixSkew;
    o.FixK3 = s.FixK3;
    o.ZeroTangent = s.ZeroTangent;
    o.MaxIterations = 200;
    return o;
}

OrbitView OrbitFor(const CameraState& s)
{
    OrbitView o;
    o.Azimuth = s.OrbitAzimuth * kDeg;
    o.Elevation = s.OrbitElevation * kDeg;
    o.Distance = s.OrbitDistance;
    return o;
}

Skeleton PoseTruth(const CameraState& s)
{
    return ToCameraFrame(CameraFromState(s).P, DefaultScene().Person);
}

bool SameSceneCamera(const CameraState& a, const CameraState& b)
{
    return a.Fx == b.Fx && a.Fy == b.Fy && a.Cx == b.Cx && a.Cy == b.Cy && a.Skew == b.Skew && a.K1 == b.K1 && a.K2 == b.K2 &&
        a.P1 == b.P1 && a.P2 == b.P2 && a.K3 == b.K3 && a.Extrinsics == b.Extrinsics && a.Yaw == b.Yaw && a.Pitch == b.Pitch &&
        a.Roll == b.Roll && a.CamX == b.CamX && a.CamY == b.CamY && a.CamZ == b.CamZ && a.LookX == b.LookX &&
        a.LookY == b.LookY && a.LookZ == b.LookZ;
}

bool SamePoseFamily(const CameraState& a, const CameraState& b)
{
    return SameSceneCamera(a, b) && a.Model == b.Model && a.Flips == b.Flips && a.Joint == b.Joint &&
        a.DepthShift == b.DepthShift && a.Scale == b.Scale;
}

bool SameCalibration(const CameraState& a, const CameraState& b)
{
    return a.Fx == b.Fx && a.Fy == b.Fy && a.Cx == b.Cx && a.Cy == b.Cy && a.Skew == b.Skew && a.K1 == b.K1 && a.K2 == b.K2 &&
        a.P1 == b.P1 && a.P2 == b.P2 && a.K3 == b.K3 && a.Views == b.Views && a.Noise == b.Noise && a.Tilt == b.Tilt &&
        a.Seed == b.Seed && a.FixSkew == b.FixSkew && a.FixK3 == b.FixK3 && a.ZeroTangent == b.ZeroTangent;
}

const StateSchema<CameraState>& CameraStateSchema()
{
    static const StateSchema<CameraState> schema = MakeSchema();
    return schema;
}

const StateCodec<CameraState>& CameraCodec()
{
    static const StateCodec<CameraState> codec{CameraStateSchema, DecodeCameraLink,
                                               EncodeAgainstDefaults<CameraState, CameraStateSchema>};
    return codec;
}

MLVIZ_DEFINE_TOPIC_CODEC(CameraTopicCodec, CameraCodec())

} // namespace mlviz
