// Core timings of the optimizers topic for mlviz-bench (bench/frame/core_bench.h).
#include "bench/frame/core_bench.h"
#include "topics/optimizers/core/optim_run.h"

namespace mlviz {

void CoreBench_optimizers(CoreBenchList& out)
{
    out.push_back({"optimizers", "1 000 steps x 6 optimizers on Rosenbrock", 15, [] {
                       for (int k = 0; k < static_cast<int>(OptimizerKind::Count); ++k) {
                           RunConfig c;
                           c.Surface = SurfaceKind::Rosenbrock;
                           c.Start = {-1.5, 1.5};
                           c.Steps = 1000;
                           c.Optimizer = DefaultOptimizerParams(static_cast<OptimizerKind>(k));
                           c.Optimizer.Lr = 1e-3;
                           TrajectoryRunner r(c);
                           r.Advance(1000);
                       }
                   }});
}

} // namespace mlviz
