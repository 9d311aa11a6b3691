// Timings of the simulation cores on their heavy inputs, for mlviz-bench. Each topic adds its
// own in src/topics/<id>/bench/ as `void CoreBench_<id>(CoreBenchList&)`; the registry rows call
// them all, so a registered topic without a bench does not link (and a test checks it adds one).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlviz {

struct CoreBench {
    std::string Topic;
    std::string Name;
    int Runs = 5;
    std::function<void()> Work; // one run; set-up happens outside, when the entry is made
};

using CoreBenchList = std::vector<CoreBench>;

// Every registered topic's entries, in registry order.
CoreBenchList CoreBenchmarks();

// Runs them: [{"topic", "name", "ms_median", "ms_max", "runs"}].
nlohmann::json RunCoreBenchmarks(const CoreBenchList& list);

} // namespace mlviz
