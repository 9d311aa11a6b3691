#include "bench/frame/core_bench.h"

#include <algorithm>
#include <chrono>

namespace mlviz {

#define MLVIZ_TOPIC(id, ...) void CoreBench_##id(CoreBenchList& out);
#include "core/topic_table.inc"
#undef MLVIZ_TOPIC

CoreBenchList CoreBenchmarks()
{
    CoreBenchList out;
#define MLVIZ_TOPIC(id, ...) CoreBench_##id(out);
#include "core/topic_table.inc"
#undef MLVIZ_TOPIC
    return out;
}

nlohmann::json RunCoreBenchmarks(const CoreBenchList& list)
{
    nlohmann::json out = nlohmann::json::array();
    for (const CoreBench& b : list) {
        std::vector<double> ms;
        for (int i = 0; i < std::max(b.Runs, 1); ++i) {
            const auto t0 = std::chrono::steady_clock::now();
            b.Work();
            ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
        }
        std::sort(ms.begin(), ms.end());
        out.push_back(
            {{"topic", b.Topic}, {"name", b.Name}, {"ms_median", ms[ms.size() / 2]}, {"ms_max", ms.back()}, {"runs", b.Runs}});
    }
    return out;
}

} // namespace mlviz
