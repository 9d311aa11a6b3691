// Core timings of the gradient-flow topic for mlviz-bench (bench/frame/core_bench.h).
#include <memory>

#include "bench/frame/core_bench.h"
#include "topics/gradient_flow/core/gradflow.h"

namespace mlviz {

// One forward + backward at depth 50, width 64, batch 256 (ReLU).
void CoreBench_gradient_flow(CoreBenchList& out)
{
    GradflowConfig c;
    c.Depth = 50;
    c.Width = 64;
    c.Batch = 256;
    c.Act = Activation::ReLU;
    auto model = MakeGradflowModel(c);
    if (!model) return;
    auto net = std::make_shared<GradflowModel>(std::move(model.Value()));
    out.push_back({"gradient_flow", "forward + backward, depth 50 x width 64 x batch 256", 9, [net] { RunGradflowPass(*net); }});
}

} // namespace mlviz
