// Core timings of the losses topic for mlviz-bench (bench/frame/core_bench.h): what a frame of each tab may call.
#include <memory>
#include <optional>

#include "bench/frame/core_bench.h"
#include "topics/losses/core/losses_batch.h"
#include "topics/losses/core/losses_curves.h"
#include "topics/losses/core/losses_softmax.h"
#include "topics/losses/core/losses_train.h"

namespace mlviz {

void CoreBench_losses(CoreBenchList& out)
{
    // The training tab: a job's start (toy image, features, first forward), then epochs of the heaviest model.
    out.push_back({"losses", "TrainJob::Start (64×64 toy image, features, forward)", 9, [] {
                       volatile int epoch = TrainJob::Start(TrainConfig{}).Value().Epoch();
                       (void)epoch;
                   }});
    auto job = std::make_shared<std::optional<TrainJob>>();
    TrainConfig big;
    big.Hidden = kModelMaxHidden;
    big.Loss = TrainLoss::DiceCrossEntropy;
    big.Epochs = 5000;
    *job = TrainJob::Start(big).Value();
    out.push_back({"losses", "10 epochs, 16 hidden units, Dice + CE (4096 pixels)", 9, [job] {
                       if ((*job)->Done()) *job = TrainJob::Start((*job)->Config()).Value();
                       volatile int ran = (*job)->Step(10);
                       (void)ran;
                   }});
    out.push_back({"losses", "scrub: PredictAt on a held-out image, 16 hidden units", 9, [job] {
                       volatile double p = (*job)->PredictAt((*job)->Features(), (*job)->Epoch() / 2)[0];
                       (void)p;
                   }});
    // The curves tab: six curves of 300 points; the softmax tab: one panel and the 161-point gradient sweep.
    out.push_back({"losses", "6 loss curves × 300 points", 9, [] {
                       for (int c = 0; c < static_cast<int>(CurveLoss::Count); ++c) {
                           volatile std::size_t n =
                               SampleCurve(static_cast<CurveLoss>(c), CurveParams{}, 300, 1e-3, 0.999)->size();
                           (void)n;
                       }
                   }});
    out.push_back({"losses", "softmax panel + 161 sweep points, K = 10", 9, [] {
                       std::vector<double> z(10, 0.5);
                       std::vector<double> y(10, 0.0);
                       y[0] = 1.0;
                       for (int i = 0; i < 161; ++i) {
                           z[0] = -10.0 + 0.125 * i;
                           volatile double g = ComputeLabelPanel(z, y)->CeGrad[0] + ComputeSigmoidMsePanel(z, 0)->MseGrad[0];
                           (void)g;
                       }
                   }});
}

} // namespace mlviz
