// mlviz-cli classical_ml: reading and bounding the JSON input, and the shapes of the answers
// (cmd_classical_ml.cpp runs the ops). Errors go through FailInput with the field's name.
#pragma once
#include <string>
#include <vector>

#include "cli/cli_json.h"
#include "topics/classical_ml/core/cml_dataset.h"
#include "topics/classical_ml/core/cml_ensemble.h"
#include "topics/classical_ml/core/cml_tree.h"

namespace mlviz::cml_cli {

// Work bounds that keep any accepted input under a second: trees x points (forest), trees x
// outputs x points (boosting), and the numbers a staged answer may hold.
inline constexpr long long kMaxForestWork = 250'000;
inline constexpr long long kMaxBoostingWork = 300'000;
inline constexpr std::size_t kMaxCliScores = 200'000; // pr_curve / roc_curve: the curves alone are ~60 bytes a point
inline constexpr long long kMaxOutputNumbers = 500'000;

std::string Indexed(const char* field, std::size_t i);
const Json& RequireArray(const Json& in, const char* field, std::size_t max_size);
std::vector<double> ReadRows(const Json& in, const char* field, int& dims);
std::vector<int> ReadInts(const Json& in, const char* field, std::size_t max_size, int lo, int hi);
CmlDataset ReadData(const Json& in, bool need_y);
std::vector<double> ReadPoints(const Json& in, const CmlDataset& d);
Json Rows(const std::vector<double>& v, int cols);
std::vector<int> ReadStages(const Json& in, int n, std::size_t points, std::size_t per_point);
void CheckOutputSize(std::size_t stages, std::size_t points, std::size_t per_point);
Json Curves(const std::vector<CmlCurvePoint>& curve, bool test);
CmlCriterion ReadCriterion(const Json& in, const char* fallback);

} // namespace mlviz::cml_cli
