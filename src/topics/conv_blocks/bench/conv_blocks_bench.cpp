// Core timings of the conv_blocks topic for mlviz-bench (bench/frame/core_bench.h): the heaviest
// call of each tab on the largest input its sliders allow, and the nn core's digits epoch (the
// issue's "one epoch under 1 s" figure; the SE tab trains two such nets in 1.2 ms slices).
#include <memory>
#include <random>

#include "bench/frame/core_bench.h"
#include "core/nn/bench.h"
#include "core/nn/se_digits.h"
#include "core/random.h"
#include "topics/conv_blocks/core/conv2d_check.h"
#include "topics/conv_blocks/core/conv2d_example.h"
#include "topics/conv_blocks/core/conv2d_textbook.h"
#include "topics/conv_blocks/core/conv3d.h"
#include "topics/conv_blocks/core/conv3d_clip.h"
#include "topics/conv_blocks/core/efficientnet.h"
#include "topics/conv_blocks/core/spp.h"

namespace mlviz {

void CoreBench_conv_blocks(CoreBenchList& out)
{
    // The explained convolution at the sliders' far corner: 8 → 8 channels, 16×16, 7×7, p 4, d 2.
    Conv2dExampleConfig big{8, 16, 16, 8, 7, {1, 4, 2, 1}, true, 3, 1};
    auto problem = std::make_shared<Conv2dProblem>(MakeConv2dExample(big).Value());
    out.push_back({"conv_blocks", "q41 textbook backward, 8→8 ch, 16×16, 7×7, p 4, d 2", 9, [problem] {
                       volatile double sink = Conv2dBackwardTextbook(*problem).Value().GradInput.Values[0];
                       (void)sink;
                   }});
    out.push_back({"conv_blocks", "q41 finite-difference check of that problem, whole job", 3, [problem] {
                       auto job = Conv2dGradCheck::Start(*problem).Value();
                       while (!job.Done()) job.Step(1 << 20);
                       volatile double sink = job.Report().MaxErrorInput;
                       (void)sink;
                   }});
    out.push_back({"conv_blocks", "q38 clip 16×24×24, 3-D kernel 7×7×7", 9, [] {
                       MovingSquareClip c{16, 24, 24, 4.0, 1.0, 4.0, 1.0, 0.0};
                       const Grid4 clip = MakeMovingSquare(c).Value();
                       const Grid5 k = MakeClipKernel3d(ClipKernel3d::MotionRight, 7, 7).Value();
                       Conv3dSpec spec;
                       spec.Padding = {0, 3, 3};
                       volatile double sink = Conv3dForward(clip, k, {}, spec).Value().Values[0];
                       (void)sink;
                   }});
    out.push_back({"conv_blocks", "q56 SPP of a 8×64×64 map, levels 8, 8, 8", 9, [] {
                       const Grid3 map = MakeBlobMap(8, 64, 64, 16, 1).Value();
                       const int levels[] = {8, 8, 8};
                       volatile double sink = SpatialPyramidPool(map, levels).Value().Vector[0];
                       (void)sink;
                   }});
    out.push_back({"conv_blocks", "q27 EfficientNet B0–B7 built", 9, [] {
                       std::int64_t sum = 0;
                       for (int v = 0; v < static_cast<int>(EfficientNetVariant::Count); ++v)
                           sum += BuildEfficientNetVariant(static_cast<EfficientNetVariant>(v)).Params;
                       volatile std::int64_t sink = sum;
                       (void)sink;
                   }});
    // q53: the SE tab's slice (one unit = one mini-batch of one net), on stand-in digits.
    auto digits = std::make_shared<nn::DigitsData>();
    std::mt19937 rng(1);
    for (int i = 0; i < nn::kDigitsCount; ++i) {
        digits->Labels.push_back(i % 10);
        for (int p = 0; p < nn::kDigitsPixels; ++p) digits->Pixels.push_back(static_cast<std::uint8_t>(UniformInt(rng, 17)));
    }
    auto job = std::make_shared<nn::SeDigitsJob>(std::move(nn::SeDigitsJob::Create(*digits, nn::SeDigitsConfig{}).Value()));
    out.push_back({"conv_blocks", "q53 SE training slice: 10 units (mini-batches)", 9, [job] {
                       volatile int sink = job->Step(10).Value();
                       (void)sink;
                   }});
    out.push_back({"conv_blocks", "nn core: one digits epoch, 2-conv net (TimeDigitsEpochMs)", 3, [] {
                       volatile double sink = nn::TimeDigitsEpochMs();
                       (void)sink;
                   }});
}

} // namespace mlviz
