// JSON grid readers for the segmentation CLI ops.
#include "topics/segmentation/cli/segmentation_cli.h"

#include <cmath>
#include <sstream>

namespace mlviz {

namespace {

template <typename T, typename ReadCell>
void ReadGrid(const Json& v, const std::string& name, std::size_t& budget, int& width, int& height, std::vector<T>& cells,
              ReadCell read_cell)
{
    if (!v.is_array() || v.empty()) FailInput("field '" + name + "' must be a non-empty array of rows (arrays of numbers)");
    if (!v[0].is_array() || v[0].empty()) FailInput("field '" + name + "[0]' must be a non-empty array of numbers");
    const std::size_t h = v.size(), w = v[0].size();
    if (h * w > budget)
        FailInput("field '" + name + "' has " + std::to_string(h) + "x" + std::to_string(w) + " cells; at most " +
                  std::to_string(kSegCliMaxCells) + " cells in all per request");
    budget -= h * w;
    cells.reserve(h * w);
    for (std::size_t y = 0; y < h; ++y) {
        const Json& row = v[y];
        const std::string row_name = name + "[" + std::to_string(y) + "]";
        if (!row.is_array()) FailInput("field '" + row_name + "' must be an array of numbers, got " + row.type_name());
        if (row.size() != w)
            FailInput("field '" + row_name + "' has " + std::to_string(row.size()) + " values; row 0 has " + std::to_string(w));
        for (std::size_t x = 0; x < w; ++x) cells.push_back(read_cell(row[x], row_name + "[" + std::to_string(x) + "]"));
    }
    width = static_cast<int>(w);
    height = static_cast<int>(h);
}

} // namespace

const Json& RequireField(const Json& obj, const char* field, const std::string& context)
{
    const auto it = obj.find(field);
    if (it == obj.end()) FailInput(std::string("missing field '") + (context.empty() ? "" : context + ".") + field + "'");
    return *it;
}

long long IntOf(const Json& v, const std::string& name, long long lo, long long hi)
{
    if (!v.is_number()) FailInput("field '" + name + "' must be an integer, got " + v.type_name());
    const double x = v.get<double>();
    if (!std::isfinite(x) || x != std::floor(x)) FailInput("field '" + name + "' must be an integer");
    if (x < static_cast<double>(lo) || x > static_cast<double>(hi))
        FailInput("field '" + name + "' = " + std::to_string(static_cast<long long>(x)) + " is out of range [" +
                  std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return static_cast<long long>(x);
}

double NumberOf(const Json& v, const std::string& name, double lo, double hi)
{
    if (!v.is_number()) FailInput("field '" + name + "' must be a number, got " + v.type_name());
    const double x = v.get<double>();
    if (!std::isfinite(x) || x < lo || x > hi) {
        std::ostringstream msg;
        msg << "field '" << name << "' = " << x << " is out of range [" << lo << ", " << hi << "]";
        FailInput(msg.str());
    }
    return x;
}

IntGrid ReadIntGrid(const Json& v, const std::string& name, long long lo, long long hi, std::size_t& budget)
{
    IntGrid g;
    ReadGrid(v, name, budget, g.Width, g.Height, g.Cells,
             [&](const Json& c, const std::string& n) { return static_cast<int>(IntOf(c, n, lo, hi)); });
    return g;
}

RealGrid ReadRealGrid(const Json& v, const std::string& name, double lo, double hi, std::size_t& budget)
{
    RealGrid g;
    ReadGrid(v, name, budget, g.Width, g.Height, g.Cells,
             [&](const Json& c, const std::string& n) { return NumberOf(c, n, lo, hi); });
    return g;
}

Json OptionalJson(const std::optional<double>& v)
{
    return v ? Json(*v) : Json(nullptr);
}

Json OptionalArray(const std::vector<std::optional<double>>& v)
{
    Json a = Json::array();
    for (const auto& x : v) a.push_back(OptionalJson(x));
    return a;
}

} // namespace mlviz
