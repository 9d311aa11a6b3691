// The synthetic street scene: a skyline of buildings over a road, cars and people painted far to
// near (nearer objects occlude farther ones), and the semantic / panoptic / instance views of it.
#include "topics/segmentation/core/scene.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/random.h"

namespace mlviz {

namespace {

// Cityscapes' colours for the same classes, so the picture reads like the datasets people know.
const SegClassInfo kClasses[kSegNumClasses] = {
    {MLVIZ_TR_KEY("дорога"), "road", false, {128, 64, 128}},   {MLVIZ_TR_KEY("небо"), "sky", false, {70, 130, 180}},
    {MLVIZ_TR_KEY("здание"), "building", false, {70, 70, 70}}, {MLVIZ_TR_KEY("машина"), "car", true, {0, 0, 142}},
    {MLVIZ_TR_KEY("человек"), "person", true, {220, 20, 60}},
};

// Objects smaller than this after occlusion are left out: nobody annotates a 3-cell sliver.
constexpr int kMinVisibleCells = 6;

struct Painter {
    LabelMap& Map;
    std::uint8_t Cls;
    std::uint16_t Inst;

    void Rect(int x0, int y0, int x1, int y1) const // inclusive corners, clipped
    {
        for (int y = std::max(0, y0); y <= std::min(Map.Height - 1, y1); ++y)
            for (int x = std::max(0, x0); x <= std::min(Map.Width - 1, x1); ++x) Set(x, y);
    }
    void Disc(double cx, double cy, double r) const
    {
        for (int y = static_cast<int>(std::floor(cy - r)); y <= static_cast<int>(std::ceil(cy + r)); ++y)
            for (int x = static_cast<int>(std::floor(cx - r)); x <= static_cast<int>(std::ceil(cx + r)); ++x)
                if (Map.Inside(x, y) && (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) Set(x, y);
    }
    void Set(int x, int y) const
    {
        const std::size_t i = Map.Index(x, y);
        Map.Class[i] = Cls;
        Map.Instance[i] = Inst;
    }
};

struct PendingObject {
    int Bottom = 0; // y of the lowest row: the depth order (larger = nearer)
    int CenterX = 0;
    int Class = kSegCar;
    bool Crowd = false;
    int Members = 1; // people in a crowd
};

// Perspective: objects near the horizon are small, near the bottom edge large.
double DepthScale(int bottom, int horizon, int height)
{
    const double t = static_cast<double>(bottom - horizon) / std::max(1, height - horizon);
    return 0.45 + 0.75 * std::clamp(t, 0.0, 1.0);
}

void PaintCar(const Painter& p, int cx, int bottom, double s)
{
    const int w = std::max(6, static_cast<int>(std::lround(20.0 * s)));
    const int h = std::max(3, static_cast<int>(std::lround(6.0 * s)));
    const int x0 = cx - w / 2;
    p.Rect(x0, bottom - h + 1, x0 + w - 1, bottom);
    const int cab_w = std::max(3, static_cast<int>(std::lround(0.55 * w)));
    const int cab_h = std::max(2, static_cast<int>(std::lround(4.0 * s)));
    const int cab_x0 = x0 + (w - cab_w) / 2 + (w >= 10 ? 1 : 0);
    p.Rect(cab_x0, bottom - h - cab_h + 1, cab_x0 + cab_w - 1, bottom - h);
}

void PaintPerson(const Painter& p, int cx, int bottom, double s)
{
    const int total = std::max(6, static_cast<int>(std::lround(12.0 * s)));
    const int legs = std::max(2, total * 2 / 5);
    const double head_r = std::max(0.8, 1.6 * s);
    const int body_w = std::max(2, static_cast<int>(std::lround(3.0 * s)));
    const int body_top = bottom - total + static_cast<int>(std::ceil(2.0 * head_r));
    const int x0 = cx - body_w / 2;
    p.Rect(x0, body_top, x0 + body_w - 1, bottom - legs);
    p.Rect(x0, bottom - legs + 1, x0, bottom);                           // left leg
    p.Rect(x0 + body_w - 1, bottom - legs + 1, x0 + body_w - 1, bottom); // right leg (same when thin)
    p.Disc(cx - (body_w % 2 == 0 ? 0.5 : 0.0), body_top - head_r, head_r);
}

void PaintBackground(LabelMap& map, int horizon, std::mt19937& rng)
{
    const Painter sky{map, kSegSky, 0}, road{map, kSegRoad, 0}, building{map, kSegBuilding, 0};
    sky.Rect(0, 0, map.Width - 1, horizon - 1);
    road.Rect(0, horizon, map.Width - 1, map.Height - 1);
    for (int x = 0; x < map.Width;) {
        const int w = 6 + UniformInt(rng, 14);
        if (Uniform01(rng) > 0.2) {
            const int top = 2 + UniformInt(rng, std::max(1, horizon - 8));
            building.Rect(x, top, x + w - 1, horizon - 1);
        }
        x += w;
    }
}

// Stuff cells within `radius` cells (Chebyshev) of a thing become void.
void AddVoidBorder(LabelMap& gt, int radius)
{
    const LabelMap full = gt;
    for (int y = 0; y < gt.Height; ++y)
        for (int x = 0; x < gt.Width; ++x) {
            if (SegIsThing(full.Class[full.Index(x, y)])) continue;
            bool near_thing = false;
            for (int dy = -radius; dy <= radius && !near_thing; ++dy)
                for (int dx = -radius; dx <= radius && !near_thing; ++dx)
                    near_thing = full.Inside(x + dx, y + dy) && SegIsThing(full.Class[full.Index(x + dx, y + dy)]);
            if (near_thing) gt.Class[gt.Index(x, y)] = kSegVoid;
        }
}

} // namespace

const SegClassInfo& SegClassInfoOf(int cls)
{
    return kClasses[std::clamp(cls, 0, kSegNumClasses - 1)];
}

bool SegIsThing(int cls)
{
    return cls >= 0 && cls < kSegNumClasses && kClasses[cls].IsThing;
}

LabelMap LabelMap::Filled(int width, int height, std::uint8_t cls)
{
    LabelMap m;
    m.Width = width;
    m.Height = height;
    m.Class.assign(static_cast<std::size_t>(width) * height, cls);
    m.Instance.assign(m.Class.size(), 0);
    return m;
}

Message ValidateSceneConfig(const SceneConfig& c)
{
    if (c.Width < kSceneMinSide || c.Width > kSceneMaxSide)
        return Msg("поле '%s' должно быть в [%d, %d]", "width", kSceneMinSide, kSceneMaxSide);
    if (c.Height < kSceneMinSide || c.Height > kSceneMaxSide)
        return Msg("поле '%s' должно быть в [%d, %d]", "height", kSceneMinSide, kSceneMaxSide);
    if (c.Cars < 0 || c.Cars > kSceneMaxCars) return Msg("поле '%s' должно быть в [%d, %d]", "cars", 0, kSceneMaxCars);
    if (c.People < 0 || c.People > kSceneMaxPeople) return Msg("поле '%s' должно быть в [%d, %d]", "people", 0, kSceneMaxPeople);
    if (c.VoidBorder < 0 || c.VoidBorder > 2) return Msg("поле '%s' должно быть в [%d, %d]", "void_border", 0, 2);
    return {};
}

Result<Scene> GenerateScene(const SceneConfig& c)
{
    if (Message why = ValidateSceneConfig(c); !why.Empty()) return Result<Scene>::Fail(why);
    std::mt19937 rng(c.Seed);
    const int horizon = static_cast<int>(std::lround(c.Height * Uniform(rng, 0.42, 0.55)));
    Scene scene;
    scene.Background = LabelMap::Filled(c.Width, c.Height, kSegRoad);
    PaintBackground(scene.Background, horizon, rng);

    std::vector<PendingObject> objects;
    for (int i = 0; i < c.Cars; ++i)
        objects.push_back(
            {horizon + 4 + UniformInt(rng, std::max(1, c.Height - horizon - 4)), UniformInt(rng, c.Width), kSegCar, false, 1});
    for (int i = 0; i < c.People; ++i)
        objects.push_back(
            {horizon + 2 + UniformInt(rng, std::max(1, c.Height - horizon - 2)), UniformInt(rng, c.Width), kSegPerson, false, 1});
    if (c.Crowd)
        objects.push_back({horizon + 3 + UniformInt(rng, 3), c.Width / 4 + UniformInt(rng, c.Width / 2), kSegPerson, true,
                           4 + UniformInt(rng, 3)});
    // Far to near; ties keep the order of creation so the scene depends on the seed only.
    std::stable_sort(objects.begin(), objects.end(),
                     [](const PendingObject& a, const PendingObject& b) { return a.Bottom < b.Bottom; });

    LabelMap full = scene.Background;
    std::vector<std::uint8_t> crowd_flag(objects.size() + 1, 0);
    for (std::size_t k = 0; k < objects.size(); ++k) {
        const PendingObject& o = objects[k];
        const Painter p{full, static_cast<std::uint8_t>(o.Class), static_cast<std::uint16_t>(k + 1)};
        const double s = DepthScale(o.Bottom, horizon, c.Height);
        if (o.Class == kSegCar)
            PaintCar(p, o.CenterX, o.Bottom, s);
        else
            for (int m = 0; m < o.Members; ++m)
                PaintPerson(p, o.CenterX + (m - o.Members / 2) * 2 + (m % 2), o.Bottom - (m % 2), s);
        crowd_flag[k + 1] = o.Crowd ? 1 : 0;
    }

    // Renumber the visible objects 1..n in painting order; slivers go back to the background.
    std::vector<int> area(objects.size() + 1, 0), new_id(objects.size() + 1, 0);
    for (std::uint16_t id : full.Instance) ++area[id];
    for (std::size_t k = 1; k <= objects.size(); ++k)
        if (area[k] >= kMinVisibleCells) {
            new_id[k] = static_cast<int>(scene.Instances.size()) + 1;
            scene.Instances.push_back({new_id[k], objects[k - 1].Class, crowd_flag[k] != 0});
        }
    for (std::size_t i = 0; i < full.Size(); ++i) {
        const int id = full.Instance[i];
        if (id == 0) continue;
        if (new_id[id] == 0) full.Class[i] = scene.Background.Class[i];
        full.Instance[i] = static_cast<std::uint16_t>(new_id[id]);
    }
    scene.Full = full;
    scene.Horizon = horizon;
    scene.Gt = full;
    if (c.VoidBorder > 0) AddVoidBorder(scene.Gt, c.VoidBorder);
    return scene;
}

void PaintThing(LabelMap& map, int cls, int instance_id, int center_x, int bottom, int horizon)
{
    const Painter p{map, static_cast<std::uint8_t>(cls), static_cast<std::uint16_t>(instance_id)};
    const double s = DepthScale(bottom, horizon, map.Height);
    if (cls == kSegCar)
        PaintCar(p, center_x, bottom, s);
    else
        PaintPerson(p, center_x, bottom, s);
}

std::vector<int> SemanticLabels(const LabelMap& map)
{
    return std::vector<int>(map.Class.begin(), map.Class.end());
}

PanopticMap ToPanoptic(const LabelMap& map, std::span<const int> crowd_ids)
{
    PanopticMap pan;
    pan.Width = map.Width;
    pan.Height = map.Height;
    pan.Ids.assign(map.Size(), 0);
    std::vector<int> category(kSegStuffSegmentBase + kSegNumClasses, -1);
    for (std::size_t i = 0; i < map.Size(); ++i) {
        const int cls = map.Class[i];
        if (cls >= kSegNumClasses) continue;
        int id = 0;
        if (!SegIsThing(cls))
            id = kSegStuffSegmentBase + cls;
        else if (map.Instance[i] != 0)
            id = map.Instance[i];
        if (id == 0) continue;
        pan.Ids[i] = id;
        if (category[id] < 0) category[id] = cls;
    }
    for (int id = 1; id < static_cast<int>(category.size()); ++id) {
        if (category[id] < 0) continue;
        const bool crowd = std::find(crowd_ids.begin(), crowd_ids.end(), id) != crowd_ids.end() && id < kSegStuffSegmentBase;
        pan.Segments.push_back({id, category[id], SegIsThing(category[id]), crowd});
    }
    return pan;
}

std::vector<int> CrowdIds(const Scene& scene)
{
    std::vector<int> ids;
    for (const SceneInstance& inst : scene.Instances)
        if (inst.Crowd) ids.push_back(inst.Id);
    return ids;
}

std::vector<InstanceExtent> InstanceExtents(const LabelMap& map)
{
    const int max_id = MaxInstanceId(map);
    std::vector<InstanceExtent> ext(max_id + 1);
    std::vector<std::array<int, 4>> lim(max_id + 1, {map.Width, map.Height, -1, -1});
    for (int y = 0; y < map.Height; ++y)
        for (int x = 0; x < map.Width; ++x) {
            const std::size_t i = map.Index(x, y);
            const int id = map.Instance[i];
            if (id == 0) continue;
            if (ext[id].Area++ == 0) ext[id].Class = map.Class[i];
            auto& l = lim[id];
            l = {std::min(l[0], x), std::min(l[1], y), std::max(l[2], x), std::max(l[3], y)};
        }
    std::vector<InstanceExtent> out;
    for (int id = 1; id <= max_id; ++id) {
        if (ext[id].Area == 0) continue;
        const auto& l = lim[id];
        ext[id].Id = id;
        ext[id].Bbox = {double(l[0]), double(l[1]), double(l[2] - l[0] + 1), double(l[3] - l[1] + 1)};
        out.push_back(ext[id]);
    }
    return out;
}

std::vector<std::uint8_t> InstanceMask(const LabelMap& map, int id)
{
    std::vector<std::uint8_t> mask(map.Size(), 0);
    for (std::size_t i = 0; i < map.Size(); ++i) mask[i] = map.Instance[i] == id && id != 0 ? 1 : 0;
    return mask;
}

int MaxInstanceId(const LabelMap& map)
{
    int m = 0;
    for (std::uint16_t id : map.Instance) m = std::max<int>(m, id);
    return m;
}

} // namespace mlviz
