// Core timings of the activations topic for mlviz-bench (bench/frame/core_bench.h).
#include "bench/frame/core_bench.h"
#include "topics/activations/core/random_net.h"

namespace mlviz {

void CoreBench_activations(CoreBenchList& out)
{
    out.push_back({"activations", "random-net surface 160x160, 3x16 ReLU", 20, [] {
                       const RandomNet net = MakeRandomNet(RandomNetConfig{});
                       volatile double sink =
                           RandomNetField(net, Activation::ReLU, ActivationParams{}, Bounds2{-3, 3, -3, 3}, 160).Values[0];
                       (void)sink;
                   }});
}

} // namespace mlviz
