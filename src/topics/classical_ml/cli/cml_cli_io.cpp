// mlviz-cli classical_ml: the input readers and answer shapes (cml_cli_io.h).
#include "topics/classical_ml/cli/cml_cli_io.h"

#include <cmath>

namespace mlviz::cml_cli {

std::string Indexed(const char* field, std::size_t i)
{
    return std::string(field) + "[" + std::to_string(i) + "]";
}

const Json& RequireArray(const Json& in, const char* field, std::size_t max_size)
{
    const auto it = in.find(field);
    if (it == in.end()) FailInput(std::string("missing field '") + field + "'");
    if (!it->is_array()) FailInput(std::string("field '") + field + "' must be an array, got " + it->type_name());
    if (it->size() > max_size)
        FailInput(std::string("field '") + field + "' has " + std::to_string(it->size()) + " entries; at most " +
                  std::to_string(max_size));
    return *it;
}

// Rows of 2 or 3 finite numbers (all the same length, `dims` when > 0) -> row-major values.
std::vector<double> ReadRows(const Json& in, const char* field, int& dims)
{
    const Json& rows = RequireArray(in, field, kCmlMaxPoints);
    std::vector<double> out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Json& r = rows[i];
        const std::string name = Indexed(field, i);
        if (!r.is_array() || r.size() < 2 || r.size() > 3) FailInput("field '" + name + "' must be an array of 2 or 3 numbers");
        if (dims == 0) dims = static_cast<int>(r.size());
        if (static_cast<int>(r.size()) != dims)
            FailInput("field '" + name + "' has " + std::to_string(r.size()) + " numbers; expected " + std::to_string(dims));
        for (std::size_t j = 0; j < r.size(); ++j) {
            const std::string coord = name + "[" + std::to_string(j) + "]";
            if (!r[j].is_number()) FailInput("field '" + coord + "' must be a number, got " + r[j].type_name());
            const double v = r[j].get<double>();
            if (!std::isfinite(v) || std::fabs(v) > kCmlMaxCoordinate)
                FailInput("field '" + coord + "' must be finite with |v| <= 1e6");
            out.push_back(v);
        }
    }
    return out;
}

std::vector<int> ReadInts(const Json& in, const char* field, std::size_t max_size, int lo, int hi)
{
    const Json& a = RequireArray(in, field, max_size);
    std::vector<int> out;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const std::string name = Indexed(field, i);
        if (!a[i].is_number()) FailInput("field '" + name + "' must be an integer, got " + a[i].type_name());
        const double v = a[i].get<double>();
        if (!std::isfinite(v) || v != std::floor(v) || v < lo || v > hi)
            FailInput("field '" + name + "' must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        out.push_back(static_cast<int>(v));
    }
    return out;
}

// "x" (and "y" when needed: classes 0..3; the number of classes is max(y) + 1, at least 2).
CmlDataset ReadData(const Json& in, bool need_y)
{
    CmlDataset d;
    d.Dims = 0;
    d.X = ReadRows(in, "x", d.Dims);
    const std::size_t n = d.Dims > 0 ? d.X.size() / d.Dims : 0;
    if (n == 0) FailInput("field 'x' must hold at least one point");
    if (need_y || in.contains("y")) {
        d.Y = ReadInts(in, "y", kCmlMaxPoints, 0, kCmlMaxClasses - 1);
        if (d.Y.size() != n)
            FailInput("length mismatch: 'y' has " + std::to_string(d.Y.size()) + " labels, 'x' has " + std::to_string(n) +
                      " points");
    } else {
        d.Y.assign(n, 0);
    }
    d.NumClasses = 2;
    for (int y : d.Y) d.NumClasses = std::max(d.NumClasses, y + 1);
    if (Message m = CmlValidateDataset(d); !m.Empty()) FailInput(m);
    return d;
}

// "points" (default: the training points), same dimension.
std::vector<double> ReadPoints(const Json& in, const CmlDataset& d)
{
    if (!in.contains("points")) return d.X;
    int dims = d.Dims;
    return ReadRows(in, "points", dims);
}

Json Rows(const std::vector<double>& v, int cols)
{
    Json out = Json::array();
    for (std::size_t i = 0; i + cols <= v.size(); i += cols)
        out.push_back(std::vector<double>(v.begin() + i, v.begin() + i + cols));
    return out;
}

// "stages": tree counts to report, strictly ascending in [1, n]. Default: every stage when the
// answer stays under kMaxOutputNumbers, else the last stage only.
std::vector<int> ReadStages(const Json& in, int n, std::size_t points, std::size_t per_point)
{
    if (!in.contains("stages")) {
        if (static_cast<long long>(n * points * per_point) > kMaxOutputNumbers) return {n};
        std::vector<int> all(n);
        for (int s = 0; s < n; ++s) all[s] = s + 1;
        return all;
    }
    std::vector<int> stages = ReadInts(in, "stages", kCmlMaxTrees, 1, n);
    for (std::size_t i = 1; i < stages.size(); ++i)
        if (stages[i] <= stages[i - 1]) FailInput("field 'stages' must be strictly ascending");
    return stages;
}

void CheckOutputSize(std::size_t stages, std::size_t points, std::size_t per_point)
{
    if (static_cast<long long>(stages * points * per_point) > kMaxOutputNumbers)
        FailInput("the answer would hold " + std::to_string(stages * points * per_point) +
                  " numbers (stages x points x classes); at most " + std::to_string(kMaxOutputNumbers) +
                  ": pass fewer 'stages' or 'points'");
}

Json Curves(const std::vector<CmlCurvePoint>& curve, bool test)
{
    Json out = {{"trees", Json::array()}, {"train_loss", Json::array()}, {"train_accuracy", Json::array()}};
    if (test) out["test_loss"] = out["test_accuracy"] = Json::array();
    for (const CmlCurvePoint& p : curve) {
        out["trees"].push_back(p.Trees);
        out["train_loss"].push_back(p.TrainLoss);
        out["train_accuracy"].push_back(p.TrainAccuracy);
        if (test) {
            out["test_loss"].push_back(p.TestLoss);
            out["test_accuracy"].push_back(p.TestAccuracy);
        }
    }
    return out;
}

CmlCriterion ReadCriterion(const Json& in, const char* fallback)
{
    const std::string name = ReadString(in, "criterion", fallback);
    const auto c = CmlCriterionFromName(name);
    if (!c) FailInput("field 'criterion': unknown criterion '" + name + "' (gini, squared_error, friedman_mse)");
    return *c;
}

} // namespace mlviz::cml_cli
