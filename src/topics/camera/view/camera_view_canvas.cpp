// Camera topic: the two canvases every tab shares. The orbit view shows the 3-D scene, the
// scene camera's frustum and (pose tab) both skeletons with their rays; dragging turns it. The
// camera image shows what the scene camera records, distortion included, edges sampled so that
// straight lines bend as the lens bends them.
#include <algorithm>
#include <cmath>

#include "topics/camera/view/camera_view.h"
#include "ui/theme.h"

namespace mlviz {

namespace {

constexpr int kEdgeSamples = 12;

ImVec2 Add(ImVec2 a, double x, double y)
{
    return ImVec2(a.x + static_cast<float>(x), a.y + static_cast<float>(y));
}

void Segment(ImDrawList* dl, const OrbitProjector& p, ImVec2 o, const Vec3& a, const Vec3& b, ImU32 col, float th)
{
    ScreenPoint sa, sb;
    if (p.ClipSegment(a, b, sa, sb)) dl->AddLine(Add(o, sa.X, sa.Y), Add(o, sb.X, sb.Y), col, th);
}

void Quad(ImDrawList* dl, const OrbitProjector& p, ImVec2 o, const Vec3& a, const Vec3& b, const Vec3& c, const Vec3& d,
          ImU32 col)
{
    const ScreenPoint s[4] = {p.Project(a), p.Project(b), p.Project(c), p.Project(d)};
    for (const ScreenPoint& q : s)
        if (!q.Visible) return;
    dl->AddQuadFilled(Add(o, s[0].X, s[0].Y), Add(o, s[1].X, s[1].Y), Add(o, s[2].X, s[2].Y), Add(o, s[3].X, s[3].Y), col);
}

void DrawSkeleton3D(ImDrawList* dl, const OrbitProjector& p, ImVec2 o, const Skeleton& s, ImU32 col, float th)
{
    for (int j = 1; j < kJointCount; ++j) Segment(dl, p, o, s.Joints[JointParent(static_cast<Joint>(j))], s.Joints[j], col, th);
    for (int j = 0; j < kJointCount; ++j) {
        const ScreenPoint q = p.Project(s.Joints[j]);
        if (q.Visible) dl->AddCircleFilled(Add(o, q.X, q.Y), th + 1.0f, col);
    }
}

// Samples of the segment a-b in the image; a new stroke starts wherever a sample is lost.
void AddEdge(std::vector<ImageStroke>& out, const Camera& cam, const Vec3& a, const Vec3& b, StrokeKind kind, int samples)
{
    ImageStroke s;
    s.Kind = kind;
    for (int i = 0; i <= samples; ++i) {
        const double t = static_cast<double>(i) / samples;
        const ProjectionSteps q = ProjectPointSteps(cam, a + t * (b - a));
        const bool ok = q.InFront && std::isfinite(q.U) && std::isfinite(q.V) && std::fabs(q.U) < 1e4 && std::fabs(q.V) < 1e4;
        if (ok) {
            s.Points.push_back({q.U, q.V});
            continue;
        }
        if (s.Points.size() >= 2) out.push_back(s);
        s.Points.clear();
    }
    if (s.Points.size() >= 2) out.push_back(std::move(s));
}

void BuildStrokes(const Camera& cam, const CamScene& scene, std::vector<ImageStroke>& out)
{
    out.clear();
    for (int k = -6; k <= 6; ++k) { // the floor, every 0.5 m
        AddEdge(out, cam, {k * 0.5, -2.0, 0.0}, {k * 0.5, 4.0, 0.0}, StrokeKind::Floor, 24);
        AddEdge(out, cam, {-3.0, k * 0.5 + 1.0, 0.0}, {3.0, k * 0.5 + 1.0, 0.0}, StrokeKind::Floor, 24);
    }
    const int cols = scene.Board.Cols, rows = scene.Board.Rows;
    for (int j = 0; j < rows; ++j)
        for (int i = 0; i < cols; ++i) {
            const Vec3 c[4] = {scene.BoardGrid[j * (cols + 1) + i], scene.BoardGrid[j * (cols + 1) + i + 1],
                               scene.BoardGrid[(j + 1) * (cols + 1) + i + 1], scene.BoardGrid[(j + 1) * (cols + 1) + i]};
            ImageStroke sq;
            sq.Kind = (i + j) % 2 == 0 ? StrokeKind::BoardDark : StrokeKind::BoardLight;
            std::vector<ImageStroke> edges;
            for (int e = 0; e < 4; ++e) AddEdge(edges, cam, c[e], c[(e + 1) % 4], sq.Kind, 4);
            if (edges.size() != 4 || edges[0].Points.size() != 5 || edges[1].Points.size() != 5 || edges[2].Points.size() != 5 ||
                edges[3].Points.size() != 5)
                continue; // partly out of view: no fill
            for (const ImageStroke& e : edges) sq.Points.insert(sq.Points.end(), e.Points.begin(), e.Points.end() - 1);
            out.push_back(std::move(sq));
        }
    const Vec3 corners[4] = {scene.BoardGrid.front(), scene.BoardGrid[cols], scene.BoardGrid.back(),
                             scene.BoardGrid[(cols + 1) * rows]};
    for (int e = 0; e < 4; ++e) AddEdge(out, cam, corners[e], corners[(e + 1) % 4], StrokeKind::BoardEdge, 24);
    for (const auto& e : scene.CubeEdges) AddEdge(out, cam, scene.Cube[e[0]], scene.Cube[e[1]], StrokeKind::Cube, kEdgeSamples);
    for (int j = 1; j < kJointCount; ++j)
        AddEdge(out, cam, scene.Person.Joints[JointParent(static_cast<Joint>(j))], scene.Person.Joints[j], StrokeKind::Bone,
                kEdgeSamples);
}

} // namespace

void CameraView::BuildImageStrokes()
{
    BuildStrokes(Cam, TheScene, Strokes);
    Camera ideal = Cam;
    ideal.D = {};
    BuildStrokes(ideal, TheScene, IdealStrokes);
    PointPixels.assign(kCameraPointCount, {});
    PointInFront.assign(kCameraPointCount, false);
    for (int i = 0; i < kCameraPointCount; ++i) {
        const ProjectionSteps q = ProjectPointSteps(Cam, CameraScenePoint(TheScene, i));
        PointInFront[i] = q.InFront && std::isfinite(q.U) && std::isfinite(q.V) && std::fabs(q.U) < 1e5 && std::fabs(q.V) < 1e5;
        PointPixels[i] = PointInFront[i] ? Pixel{q.U, q.V} : Pixel{};
    }
}

CamCanvas CameraView::BeginImageCanvas(const char* id, ImVec2 size)
{
    CamCanvas c;
    c.Scale = std::max(0.05f, std::min(size.x / kCameraImageW, size.y / kCameraImageH));
    c.Min = ImGui::GetCursorScreenPos();
    c.Max = ImVec2(c.Min.x + kCameraImageW * c.Scale, c.Min.y + kCameraImageH * c.Scale);
    ImGui::InvisibleButton(id, ImVec2(c.Max.x - c.Min.x, c.Max.y - c.Min.y));
    c.Hovered = ImGui::IsItemHovered();
    c.Clicked = ImGui::IsItemClicked();
    const ImVec2 m = ImGui::GetIO().MousePos;
    c.MouseU = (m.x - c.Min.x) / c.Scale;
    c.MouseV = (m.y - c.Min.y) / c.Scale;
    if (!std::isfinite(c.MouseU) || !std::isfinite(c.MouseV)) c.Hovered = c.Clicked = false;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(c.Min, c.Max, CamImageBg());
    dl->AddRect(c.Min, c.Max, CamInk(0.5f));
    return c;
}

void CameraView::DrawStrokes(const CamCanvas& c, const std::vector<ImageStroke>& strokes) const
{
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(c.Min, c.Max, true);
    std::vector<ImVec2> pts;
    for (const ImageStroke& s : strokes) {
        pts.clear();
        for (const Pixel& p : s.Points) pts.push_back(c.ToScreen(p.U, p.V));
        switch (s.Kind) {
        case StrokeKind::BoardDark:
            dl->AddConvexPolyFilled(pts.data(), static_cast<int>(pts.size()), IM_COL32(25, 25, 28, 255));
            break;
        case StrokeKind::BoardLight:
            dl->AddConvexPolyFilled(pts.data(), static_cast<int>(pts.size()), IM_COL32(245, 245, 240, 255));
            break;
        case StrokeKind::BoardEdge:
            dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), IM_COL32(25, 25, 28, 255), 0, 1.5f);
            break;
        case StrokeKind::Cube: dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), CamCubeColor(), 0, 2.0f); break;
        case StrokeKind::Bone: dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), CamPersonColor(), 0, 2.5f); break;
        default: dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), CamInk(0.22f), 0, 1.0f); break;
        }
    }
    dl->PopClipRect();
}

void CameraView::DrawOrbitCanvas(const char* id, ImVec2 size, bool pose_mode)
{
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, size);
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsItemActive() && (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f) && std::isfinite(io.MouseDelta.x) &&
        std::isfinite(io.MouseDelta.y)) {
        float az = State.OrbitAzimuth - io.MouseDelta.x * 0.4f;
        az = std::fmod(az + 540.0f, 360.0f) - 180.0f;
        State.OrbitAzimuth = az;
        State.OrbitElevation = std::clamp(State.OrbitElevation + io.MouseDelta.y * 0.4f, -10.0f, 89.0f);
    }
    if (ImGui::IsItemHovered() && !ImGui::IsItemActive()) ImGui::SetTooltip("%s", Tr("Перетащите, чтобы повернуть обзор"));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 max(o.x + size.x, o.y + size.y);
    dl->AddRectFilled(o, max, CamCanvasBg());
    dl->PushClipRect(o, max, true);
    OrbitView view = OrbitFor(State);
    const OrbitProjector p(view, size.x, size.y);
    for (int k = -6; k <= 6; ++k) { // the floor, every 0.5 m
        Segment(dl, p, o, {k * 0.5, -2.0, 0.0}, {k * 0.5, 4.0, 0.0}, CamInk(k == 0 ? 0.35f : 0.12f), 1.0f);
        Segment(dl, p, o, {-3.0, k * 0.5 + 1.0, 0.0}, {3.0, k * 0.5 + 1.0, 0.0}, CamInk(k == -2 ? 0.35f : 0.12f), 1.0f);
    }
    const Vec3 origin{0.0, 0.0, 0.0};
    Segment(dl, p, o, origin, {0.5, 0.0, 0.0}, IM_COL32(220, 60, 60, 255), 2.0f);
    Segment(dl, p, o, origin, {0.0, 0.5, 0.0}, IM_COL32(60, 170, 60, 255), 2.0f);
    Segment(dl, p, o, origin, {0.0, 0.0, 0.5}, IM_COL32(70, 110, 230, 255), 2.0f);
    const int cols = TheScene.Board.Cols, rows = TheScene.Board.Rows;
    for (int j = 0; j < rows; ++j)
        for (int i = 0; i < cols; ++i) {
            const auto& g = TheScene.BoardGrid;
            Quad(dl, p, o, g[j * (cols + 1) + i], g[j * (cols + 1) + i + 1], g[(j + 1) * (cols + 1) + i + 1],
                 g[(j + 1) * (cols + 1) + i], (i + j) % 2 == 0 ? IM_COL32(25, 25, 28, 255) : IM_COL32(235, 235, 230, 255));
        }
    for (const auto& e : TheScene.CubeEdges) Segment(dl, p, o, TheScene.Cube[e[0]], TheScene.Cube[e[1]], CamCubeColor(), 2.0f);
    const Vec3 centre = CameraCentre(Cam.P);
    if (!pose_mode) {
        DrawSkeleton3D(dl, p, o, TheScene.Person, CamPersonColor(), 2.0f);
        const Vec3 pt = CameraScenePoint(TheScene, State.Point);
        Segment(dl, p, o, centre, pt, AccentColor(), 1.5f);
        const ScreenPoint q = p.Project(pt);
        if (q.Visible) dl->AddCircle(Add(o, q.X, q.Y), 6.0f, AccentColor(), 0, 2.0f);
    } else if (PoseBuilt && PoseError.Empty()) {
        const Skeleton truth = ToWorldFrame(Cam.P, Truth), alt = ToWorldFrame(Cam.P, Alt.Pose);
        for (int j = 0; j < kJointCount; ++j) {
            // The ray through each joint: from the camera centre, out past both poses.
            const Vec3 dir = alt.Joints[j] - centre;
            const double len = std::max(Norm(truth.Joints[j] - centre), Norm(dir)) + 0.6;
            if (State.Model == static_cast<int>(ProjectionModel::Perspective))
                Segment(dl, p, o, centre, centre + (len / std::max(Norm(dir), 1e-9)) * dir,
                        CamInk(j == State.Joint ? 0.6f : 0.15f), 1.0f);
        }
        DrawSkeleton3D(dl, p, o, truth, CamInk(0.45f), 2.0f);
        DrawSkeleton3D(dl, p, o, alt, CamPersonColor(), 2.0f);
        const ScreenPoint q = p.Project(alt.Joints[State.Joint]);
        if (q.Visible) dl->AddCircle(Add(o, q.X, q.Y), 6.0f, AccentColor(), 0, 2.0f);
    }
    const Frustum f = CameraFrustum(Cam, 0.5);
    for (int i = 0; i < 4; ++i) {
        Segment(dl, p, o, f.Apex, f.Corners[i], CamCameraColor(), 1.5f);
        Segment(dl, p, o, f.Corners[i], f.Corners[(i + 1) % 4], CamCameraColor(), 1.5f);
    }
    Segment(dl, p, o, f.Corners[0], f.Corners[1], CamCameraColor(), 3.0f); // the image's top edge
    const ScreenPoint apex = p.Project(f.Apex);
    if (apex.Visible) {
        const float tw = ImGui::CalcTextSize(Tr("камера")).x;
        const float x = std::min(o.x + static_cast<float>(apex.X) + 6.0f, max.x - tw - 4.0f);
        dl->AddText(ImVec2(x, o.y + static_cast<float>(apex.Y) - ImGui::GetFontSize() - 4.0f), CamCameraColor(), Tr("камера"));
    }
    dl->PopClipRect();
    dl->AddRect(o, max, CamInk(0.3f));
}

} // namespace mlviz
