// Core timings of the NMS topic for mlviz-bench (bench/frame/core_bench.h).
#include <memory>
#include <random>

#include "bench/frame/core_bench.h"
#include "topics/nms/core/nms.h"

namespace mlviz {

// 10 000 detector-like boxes (clusters around 200 objects), greedy, threshold 0.5.
void CoreBench_nms(CoreBenchList& out)
{
    struct Input {
        std::vector<Box> Boxes;
        std::vector<float> Scores;
    };
    auto in = std::make_shared<Input>();
    std::mt19937 rng(7);
    auto u = [&](float lo, float hi) { return lo + (hi - lo) * static_cast<float>(rng() % 100000) / 99999.0f; };
    for (int o = 0; o < 200; ++o) {
        const float cx = u(0, 1600), cy = u(0, 1200), w = u(20, 200), h = u(20, 200);
        for (int k = 0; k < 50; ++k) {
            const float x = cx + u(-0.1f, 0.1f) * w, y = cy + u(-0.1f, 0.1f) * h;
            const float ww = w * u(0.85f, 1.15f), hh = h * u(0.85f, 1.15f);
            in->Boxes.push_back({x - ww / 2, y - hh / 2, x + ww / 2, y + hh / 2});
            in->Scores.push_back(u(0.0f, 1.0f));
        }
    }
    out.push_back({"nms", "greedy on 10 000 detector-like boxes", 15, [in] {
                       volatile std::size_t kept = GreedyNms(in->Boxes, in->Scores, 0.5).size();
                       (void)kept;
                   }});
}

} // namespace mlviz
