// Core timings of the receptive-field topic for mlviz-bench (bench/frame/core_bench.h).
#include "bench/frame/core_bench.h"
#include "topics/receptive_field/core/rf_erf.h"
#include "topics/receptive_field/core/rf_presets.h"

namespace mlviz {

// ERF of ResNet-50 at 224 with uniform weights (path counts), and with random weights for one
// seed (the view spreads seeds over frames).
void CoreBench_receptive_field(CoreBenchList& out)
{
    const RfStack stack = MakeRfPreset(RfPreset::ResNet50, RfPair{224, 224});
    out.push_back(
        {"receptive_field", "ERF: ResNet-50 at 224, uniform weights", 5, [stack] { (void)ComputeErf(stack, ErfConfig{}); }});
    ErfConfig random;
    random.Weights = ErfWeights::Random;
    random.Relu = true;
    random.Seeds = 1;
    out.push_back({"receptive_field", "ERF: ResNet-50 at 224, random weights + ReLU, one seed", 3,
                   [stack, random] { (void)ComputeErf(stack, random); }});
}

} // namespace mlviz
