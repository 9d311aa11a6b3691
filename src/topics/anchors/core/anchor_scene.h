// Scenes for the anchor topic: seeded synthetic street scenes (objects of varied sizes and
// shapes, always with one tiny object), the sample scene's ground-truth TSV, a synthetic
// (w, h) data set for k-means, and box editing by dragging (hit tests and drags in pixels).
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "topics/anchors/core/anchor.h"
#include "core/box.h"
#include "core/result.h"

namespace mlviz {

enum class SceneObjectKind { Person, Car, Tree, Sign, Ball, Count };
std::string_view SceneObjectName(SceneObjectKind k);        // "person", "car", "tree", "sign", "ball"
SceneObjectKind SceneObjectFromName(std::string_view name); // unknown names -> Sign (a generic box)

struct SceneObject {
    Box Bounds; // pixels, y down
    SceneObjectKind Kind = SceneObjectKind::Person;
};

// `count` objects (clamped to [1, 24]) inside a width x height image; object 0 is a ball of
// 8-14 px (the classic small-object case), the rest have kind-typical aspect ratios and
// log-uniform sizes. The same seed gives the same scene on every platform.
std::vector<SceneObject> MakeSyntheticScene(std::uint32_t seed, int count, int width, int height);

// Parses "class<TAB>x1<TAB>y1<TAB>x2<TAB>y2" lines ('#' starts a comment); errors name the line.
Result<std::vector<SceneObject>> ParseBoxesTsv(std::string_view text);

// `count` (w, h) pairs of people, cars, trees, signs and balls as a detector's data set would
// hold them in a 640 x 480 frame; for k-means anchors.
std::vector<AnchorShape> MakeBoxDataset(std::uint32_t seed, int count);

// Which part of a box a pointer grabs.
enum class BoxGrip { None, Move, Left, Right, Top, Bottom, TopLeft, TopRight, BottomLeft, BottomRight };

// Corners within `grip` pixels, then edges within grip / 2, then the inside (Move). For a box
// smaller than 2.5 grips on a side the inside wins over corners so it can still be moved.
BoxGrip HitBox(const Box& b, double x, double y, double grip);

// The box and grip a press at (x, y) takes: the selected box's grips first, then the smallest
// box containing the point (so nested boxes stay reachable), then any other box's grips.
// Returns -1 when nothing is hit.
int PickBox(std::span<const Box> boxes, int selected, double x, double y, double grip, BoxGrip& grip_out);

// `start` after dragging `grip` by (dx, dy): moves stay inside [0, w] x [0, h]; resized
// edges are clamped to the image and keep sides of at least `min_side`.
Box DragBox(const Box& start, BoxGrip grip, double dx, double dy, double w, double h, double min_side);

} // namespace mlviz
