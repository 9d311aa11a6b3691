// CPU side of the scalar-field heatmap: sampling a function on a grid, the finite value
// range, and the value -> [0, 1] mapping (linear or log) that the GL pass mirrors exactly
// in shaders/heatmap.frag.
#pragma once
#include <functional>
#include <vector>

namespace mlviz {

// World-space rectangle covered by a grid.
struct Bounds2 {
    double XMin = -1.0, XMax = 1.0, YMin = -1.0, YMax = 1.0;
};

// A W x H grid of samples. Row 0 is YMin (bottom) and column 0 is XMin (left); sample
// (i, j) sits at the centre of its cell: x = XMin + (i + 0.5) * (XMax - XMin) / W.
struct ScalarGrid {
    int Width = 0, Height = 0;
    Bounds2 Area;
    std::vector<float> Values; // row-major, Width * Height; may hold inf/NaN ("no data")

    float At(int i, int j) const { return Values[static_cast<std::size_t>(j) * Width + i]; }
    double CellX(int i) const { return Area.XMin + (i + 0.5) * (Area.XMax - Area.XMin) / Width; }
    double CellY(int j) const { return Area.YMin + (j + 0.5) * (Area.YMax - Area.YMin) / Height; }
};

// Samples f at every cell centre. Width and height are clamped to [1, 4096].
ScalarGrid SampleGrid(const std::function<double(double, double)>& f, const Bounds2& area, int width, int height);

// Bilinear interpolation between cell centres at world point (x, y), clamped to the grid;
// the same interpolation the shader performs.
double SampleBilinear(const ScalarGrid& grid, double x, double y);

struct ValueRange {
    double Min = 0.0, Max = 0.0;
    bool Valid = false; // false when the grid holds no finite value
};
ValueRange FiniteRange(const std::vector<float>& values);

enum class ColorScale { Linear, Log };

// Maps a value to t in [0, 1].
//  Linear: t = (v - Min) / (Max - Min).
//  Log:    t = log(1 + (v - Min) / S) / log(1 + (Max - Min) / S), S = LogFloor * (Max - Min),
//          monotone, Min -> 0 and Max -> 1, resolving decades near the minimum (e.g. Rosenbrock).
// Values outside [Min, Max] clamp; non-finite values give NaN (drawn as "no data").
// A zero-width range maps everything finite to 0.5.
struct ColorMapping {
    double Min = 0.0, Max = 1.0;
    ColorScale Scale = ColorScale::Linear;
    double LogFloor = 1e-3;

    double Normalize(double v) const;
};

// Mapping for a symmetric diverging map: [-m, m] with m = max |v|, so 0 sits at t = 0.5.
ColorMapping SymmetricMapping(const ValueRange& range);

// Values of `count` contour levels evenly spaced in t (at t = k / (count + 1)), in value units.
std::vector<double> ContourLevels(const ColorMapping& mapping, int count);

// Inverse of Normalize for t in [0, 1].
double Denormalize(const ColorMapping& mapping, double t);

} // namespace mlviz
