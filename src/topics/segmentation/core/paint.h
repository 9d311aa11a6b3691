// Painted edits of the prediction layer (brush, flood fill, erase, picker) kept as an overlay over
// the perturbed prediction, and their compact run-length text for the URL.
//
// Cells: x right, y down, row-major. A brush covers the cells whose centres (x + 0.5, y + 0.5)
// lie within `radius` of (cx, cy) (cell units, radius >= 0.5 covers at least the cell under it).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "topics/segmentation/core/scene.h"

namespace mlviz {

struct PaintValue {
    std::uint8_t Class = kSegRoad; // kSegVoid erases (the prediction has no label there)
    std::uint16_t Instance = 0;    // 0 for stuff; thing classes take an instance id

    bool operator==(const PaintValue&) const = default;
};

// -1 = not edited, else Class | Instance << 8.
struct EditLayer {
    int Width = 0, Height = 0;
    std::vector<std::int32_t> Cells;

    static EditLayer Empty(int width, int height);
    int EditedCount() const;
    bool operator==(const EditLayer&) const = default;
};

inline constexpr double kPaintMaxRadius = 32.0;

// Checks the value: a class id or kSegVoid; stuff and void with instance 0; instance <= max.
Message ValidatePaintValue(const PaintValue& value);

// Each returns the number of cells changed in the overlay (0 for a stroke off the map).
int PaintBrush(EditLayer& edits, double cx, double cy, double radius, PaintValue value);
int PaintErase(EditLayer& edits, double cx, double cy, double radius);  // paints kSegVoid
int PaintRevert(EditLayer& edits, double cx, double cy, double radius); // back to the perturbed prediction
// 4-connected flood fill of the region of `composed` (the prediction as shown, edits applied)
// that has the class and instance of cell (x, y).
int PaintFill(EditLayer& edits, const LabelMap& composed, int x, int y, PaintValue value);

// The prediction with the edits applied (same size, else `base` unchanged).
LabelMap ApplyEdits(const LabelMap& base, const EditLayer& edits);

// Class and instance under a cell (the picker); nullopt-like {kSegVoid, 0} off the map.
PaintValue PickAt(const LabelMap& map, int x, int y);

// Run-length text: a base64url string (A-Z a-z 0-9 - _) of varints: for each run its length, then
// 0 for "not edited" or 1 + Class + 256 * Instance. Fails when the text would pass max_chars
// (the UI then offers the PNG export of the masks instead).
inline constexpr std::size_t kEditTextMaxChars = 2000;
Result<std::string> EncodeEdits(const EditLayer& edits, std::size_t max_chars = kEditTextMaxChars);
// Checks everything: characters, varints, runs adding up to width * height, valid values.
Result<EditLayer> DecodeEdits(std::string_view text, int width, int height);

// Masks as an RGBA picture for the PNG export / import: R = class (255 void), G and B = instance
// id (high, low byte), A = 255. Import checks the size and every value.
std::vector<std::uint8_t> LabelMapToRgba(const LabelMap& map);
Result<LabelMap> LabelMapFromRgba(const std::vector<std::uint8_t>& rgba, int width, int height);
// The masks PNG the view offers for saving (LabelMapToRgba, PNG-encoded); a drop reads it back.
std::string SegMasksPng(const LabelMap& map);

} // namespace mlviz
