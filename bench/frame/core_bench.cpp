#include "bench/frame/core_bench.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

#include <random>

#include "topics/gradient_flow/core/gradflow.h"
#include "topics/nms/core/nms.h"
#include "topics/receptive_field/core/rf_erf.h"
#include "topics/receptive_field/core/rf_presets.h"
#include "topics/optimizers/core/optim_run.h"
#include "topics/activations/core/random_net.h"

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
    // NMS: 10 000 detector-like boxes (clusters around 200 objects), greedy, threshold 0.5.
    {
        std::mt19937 rng(7);
        auto u = [&](float lo, float hi) { return lo + (hi - lo) * static_cast<float>(rng() % 100000) / 99999.0f; };
        std::vector<Box> boxes;
        std::vector<float> scores;
        for (int o = 0; o < 200; ++o) {
            const float cx = u(0, 1600), cy = u(0, 1200), w = u(20, 200), h = u(20, 200);
            for (int k = 0; k < 50; ++k) {
                const float x = cx + u(-0.1f, 0.1f) * w, y = cy + u(-0.1f, 0.1f) * h;
                const float ww = w * u(0.85f, 1.15f), hh = h * u(0.85f, 1.15f);
                boxes.push_back({x - ww / 2, y - hh / 2, x + ww / 2, y + hh / 2});
                scores.push_back(u(0.0f, 1.0f));
            }
        }
        out.push_back(Time("nms: greedy on 10 000 detector-like boxes", 15, [&] {
            volatile std::size_t kept = GreedyNms(boxes, scores, 0.5).size();
            (void)kept;
        }));
    }
    // Optimizers: 1 000 steps of each of the six on Rosenbrock.
    out.push_back(Time("optimizers: 1 000 steps x 6 optimizers on Rosenbrock", 15, [] {
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
    }));
    // Gradient flow: one forward + backward at depth 50, width 64, batch 256 (ReLU).
    {
        GradflowConfig c;
        c.Depth = 50;
        c.Width = 64;
        c.Batch = 256;
        c.Act = Activation::ReLU;
        auto model = MakeGradflowModel(c);
        if (model) {
            GradflowModel& net = model.Value();
            out.push_back(Time("gradient flow: forward + backward, depth 50 x width 64 x batch 256", 9,
                               [&] { RunGradflowPass(net); }));
        }
    }
    // ERF of ResNet-50 at 224 with uniform weights (path counts), and with random weights
    // for one seed (the view spreads seeds over frames).
    {
        const RfStack stack = MakeRfPreset(RfPreset::ResNet50, RfPair{224, 224});
        out.push_back(Time("ERF: ResNet-50 at 224, uniform weights", 5, [&] { (void)ComputeErf(stack, ErfConfig{}); }));
        ErfConfig random;
        random.Weights = ErfWeights::Random;
        random.Relu = true;
        random.Seeds = 1;
        out.push_back(Time("ERF: ResNet-50 at 224, random weights + ReLU, one seed", 3, [&] { (void)ComputeErf(stack, random); }));
    }
    return out;
}

} // namespace mlviz
