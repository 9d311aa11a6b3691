// JSON readers shared by the mlviz-cli segmentation ops (cmd_segmentation*.cpp): 2-D grids of
// integers or numbers, checked cell by cell with the offending field named.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cli/cli_json.h"

namespace mlviz {

// Any accepted input stays well under a second: at most this many grid cells per request.
inline constexpr std::size_t kSegCliMaxCells = 1'000'000;

struct IntGrid {
    int Width = 0, Height = 0;
    std::vector<int> Cells; // row-major
};

// `v` is [[row], [row], ...] of integers in [lo, hi], all rows the same length, at least 1x1.
// `budget` is decreased by the cells read (shared across the grids of one request).
IntGrid ReadIntGrid(const Json& v, const std::string& name, long long lo, long long hi, std::size_t& budget);

struct RealGrid {
    int Width = 0, Height = 0;
    std::vector<double> Cells;
};
RealGrid ReadRealGrid(const Json& v, const std::string& name, double lo, double hi, std::size_t& budget);

// A required field, or FailInput naming it.
const Json& RequireField(const Json& obj, const char* field, const std::string& context = "");
// An integer / number of an element: "name" is used in messages.
long long IntOf(const Json& v, const std::string& name, long long lo, long long hi);
double NumberOf(const Json& v, const std::string& name, double lo, double hi);

// std::nullopt -> null (an undefined metric, e.g. the IoU of a class absent from GT and prediction).
Json OptionalJson(const std::optional<double>& v);
Json OptionalArray(const std::vector<std::optional<double>>& v);

// The ops other than the semantic / RoI / U-Net ones (cmd_segmentation_instances.cpp).
Json SegmentationPanopticOp(const Json& in);
Json SegmentationCocoOp(const Json& in);

} // namespace mlviz
