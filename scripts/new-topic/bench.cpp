// Core timings of the @id@ topic for mlviz-bench (bench/frame/core_bench.h).
#include "bench/frame/core_bench.h"
#include "topics/@id@/core/@id@_sim.h"

namespace mlviz {

void CoreBench_@id@(CoreBenchList& out)
{
    out.push_back({"@id@", "100 000 samples", 9, [] {
                       @Camel@Config c;
                       c.Samples = 100000;
                       volatile double sink = Simulate@Camel@(c).Value().X.back();
                       (void)sink;
                   }});
}

} // namespace mlviz
