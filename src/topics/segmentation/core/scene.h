// A synthetic street scene on a small grid of cells: stuff classes (road, sky, building) and thing
// instances (cars, people, one crowd of people), seeded, with its semantic / instance / panoptic views.
//
// Conventions: a cell is one pixel of the label image; x right, y down, row-major, (0, 0) top left.
// Class ids 0..kSegNumClasses-1 (SegClass); kSegVoid = 255 is "no label" (void in the ground
// truth, unlabelled in a prediction). Instance ids are 1..kSegMaxInstanceId, 0 = none.
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "core/result.h"

namespace mlviz {

enum SegClass : std::uint8_t { kSegRoad = 0, kSegSky = 1, kSegBuilding = 2, kSegCar = 3, kSegPerson = 4 };
inline constexpr int kSegNumClasses = 5;
inline constexpr std::uint8_t kSegVoid = 255;
inline constexpr int kSegMaxInstanceId = 999;
// Panoptic segment ids: a thing segment keeps its instance id, a stuff segment is this + class.
inline constexpr int kSegStuffSegmentBase = 1000;

struct SegClassInfo {
    const char* Name; // Russian, a translation key (MLVIZ_TR_KEY)
    const char* Id;   // ASCII name for the CLI and files
    bool IsThing;
    std::array<std::uint8_t, 3> Color;
};
const SegClassInfo& SegClassInfoOf(int cls); // cls in [0, kSegNumClasses)
bool SegIsThing(int cls);                    // false for void and out-of-range ids

// One label image: a class and an instance id per cell.
struct LabelMap {
    int Width = 0, Height = 0;
    std::vector<std::uint8_t> Class;     // kSegVoid where there is no label
    std::vector<std::uint16_t> Instance; // 0 for stuff, void and unassigned thing cells

    static LabelMap Filled(int width, int height, std::uint8_t cls);
    std::size_t Index(int x, int y) const { return static_cast<std::size_t>(y) * Width + x; }
    bool Inside(int x, int y) const { return x >= 0 && y >= 0 && x < Width && y < Height; }
    std::size_t Size() const { return Class.size(); }
    bool operator==(const LabelMap&) const = default;
};

struct SceneInstance {
    int Id = 0;
    int Class = kSegCar;
    bool Crowd = false; // a group of people labelled as one region (COCO iscrowd = 1)
};

struct SceneConfig {
    std::uint32_t Seed = 1;
    int Width = 96;     // [kSceneMinSide, kSceneMaxSide]
    int Height = 64;    // [kSceneMinSide, kSceneMaxSide]
    int Cars = 3;       // [0, kSceneMaxCars]
    int People = 4;     // [0, kSceneMaxPeople]
    bool Crowd = true;  // add a far group of people labelled as one crowd region
    int VoidBorder = 0; // [0, 2]: cells of void around every thing (COCO panoptic leaves such gaps)
};
inline constexpr int kSceneMinSide = 32, kSceneMaxSide = 256;
inline constexpr int kSceneMaxCars = 8, kSceneMaxPeople = 12;

struct Scene {
    LabelMap Gt;                          // the ground truth (with the void border when asked)
    LabelMap Full;                        // the same scene without the void border: what a perfect prediction paints
    LabelMap Background;                  // stuff only: what lies behind the things (perturbations reveal it)
    std::vector<SceneInstance> Instances; // ids in painting order (far to near), all visible
    int Horizon = 0;                      // first road row
};

Message ValidateSceneConfig(const SceneConfig& config);
Result<Scene> GenerateScene(const SceneConfig& config);

// Paints one car or person (cls) standing on row `bottom`, centred at column `center_x`, at the
// perspective size of that row; clipped to the map.
void PaintThing(LabelMap& map, int cls, int instance_id, int center_x, int bottom, int horizon);

// ---- the three annotation views --------------------------------------------------------------

// Semantic: the class per cell as ints (void stays 255), ready for the semantic metrics.
std::vector<int> SemanticLabels(const LabelMap& map);

struct PanopticSegment {
    int Id = 0;       // > 0
    int Category = 0; // class id
    bool IsThing = false;
    bool Crowd = false;
};

// A panoptic annotation as in the COCO panoptic format: a segment id per cell (0 = void) and the
// segments' categories. Areas are counted from the cells.
struct PanopticMap {
    int Width = 0, Height = 0;
    std::vector<std::int32_t> Ids;
    std::vector<PanopticSegment> Segments; // ascending id
};

// Things: segment id = instance id; stuff: kSegStuffSegmentBase + class. A thing cell without an
// instance id has no segment (void), as in COCO where every thing pixel belongs to an instance.
// `crowd_ids` lists instance ids to mark iscrowd.
PanopticMap ToPanoptic(const LabelMap& map, std::span<const int> crowd_ids = {});
std::vector<int> CrowdIds(const Scene& scene);

// Cells of one instance, and its COCO box [x, y, w, h] (cell-covering: w = xmax - xmin + 1).
struct InstanceExtent {
    int Id = 0;
    int Class = 0;
    std::int64_t Area = 0;
    std::array<double, 4> Bbox{};
};
// Every instance id present in the map, ascending; the class is the class of its first cell.
std::vector<InstanceExtent> InstanceExtents(const LabelMap& map);
std::vector<std::uint8_t> InstanceMask(const LabelMap& map, int id);
int MaxInstanceId(const LabelMap& map);

} // namespace mlviz
