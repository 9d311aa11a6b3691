// Timings of the simulation cores on their heavy inputs, for mlviz-bench.
#pragma once
#include <nlohmann/json.hpp>

namespace mlviz {

// [{"name", "ms_median", "runs"}]
nlohmann::json RunCoreBenchmarks();

} // namespace mlviz
