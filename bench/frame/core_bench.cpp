#include "bench/frame/core_bench.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

#include "core/random_net.h"

namespace mlviz {

namespace {

nlohmann::json Time(const char* name, int runs, const std::function<void()>& work)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        work();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return {{"name", name}, {"ms_median", ms[ms.size() / 2]}, {"ms_max", ms.back()}, {"runs", runs}};
}

} // namespace

nlohmann::json RunCoreBenchmarks()
{
    nlohmann::json out = nlohmann::json::array();
    out.push_back(Time("activations: random-net surface 160x160, 3x16 ReLU", 20, [] {
        RandomNetConfig cfg;
        const RandomNet net = MakeRandomNet(cfg);
        volatile double sink = RandomNetField(net, Activation::ReLU, ActivationParams{}, Bounds2{-3, 3, -3, 3}, 160).Values[0];
        (void)sink;
    }));
    return out;
}

} // namespace mlviz
