// The imbalance measurement behind the demo's defaults and its answer text: every training loss at 7 foreground
// fractions, 8 seeds each, IoU on the training image and on a held-out image (seed + 1000), plus IoU during
// training. Hidden (about 1.5 min natively): run it with tools/losses_imbalance.py or
//   mlviz_tests "[.losses_imbalance]"
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "topics/losses/core/losses_train.h"

using namespace mlviz;

namespace {

struct Cell {
    double Train = 0.0, HeldOut = 0.0, Epoch50 = 0.0, Epoch200 = 0.0;
    double Precision = 0.0, Recall = 0.0;
};

double HeldOutIoU(const TrainJob& job, std::uint32_t seed)
{
    ToyConfig d = job.Config().Data;
    d.Seed = seed;
    const ToyImage other = *MakeToyImage(d);
    const std::vector<double> p = job.Predict(other);
    std::vector<std::uint8_t> mask(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) mask[i] = p[i] > 0.5;
    return ComputeSegMetrics(other.Mask, mask).IoU[1];
}

} // namespace

TEST_CASE("losses: imbalance sweep (measurement, prints a table)", "[.losses_imbalance]")
{
    constexpr int kSeeds = 8;
    const double fractions[] = {0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5};
    std::printf("Defaults except the fraction: noise 0.6, clutter 0.6, width 1.5, logistic model, Adam lr 0.1, "
                "1000 epochs; mean over seeds 1..%d. IoU of the foreground, threshold p > 0.5.\n", kSeeds);
    std::printf("train = training image at the end, held-out = a fresh image (seed + 1000), e50/e200 = training "
                "image at epochs 50/200, P/R = precision/recall at the end.\n\n");
    std::printf("| f | loss | train | held-out | e50 | e200 | P | R |\n|---|---|---|---|---|---|---|---|\n");
    for (double f : fractions)
        for (int l = 0; l < static_cast<int>(TrainLoss::Count); ++l) {
            Cell cell;
            for (int seed = 1; seed <= kSeeds; ++seed) {
                TrainConfig c;
                c.Data.ForegroundFraction = f;
                c.Data.Seed = static_cast<std::uint32_t>(seed);
                c.Loss = static_cast<TrainLoss>(l);
                auto job = TrainJob::Start(c);
                REQUIRE(job.Ok());
                while (!job->Done()) job.Value().Step(100);
                const SegMetrics& m = job->Metrics();
                cell.Train += m.IoU[1] / kSeeds;
                cell.HeldOut += HeldOutIoU(*job, static_cast<std::uint32_t>(seed + 1000)) / kSeeds;
                cell.Epoch50 += job->ForegroundIoUHistory()[50] / kSeeds;
                cell.Epoch200 += job->ForegroundIoUHistory()[200] / kSeeds;
                const long long tp = m.TruePositive, predicted = tp + m.FalsePositive;
                cell.Precision += (predicted > 0 ? static_cast<double>(tp) / predicted : 1.0) / kSeeds;
                cell.Recall += static_cast<double>(tp) / (tp + m.FalseNegative) / kSeeds;
            }
            std::printf("| %.1f%% | %s | %.3f | %.3f | %.3f | %.3f | %.2f | %.2f |\n", 100.0 * f,
                        std::string(TrainLossName(static_cast<TrainLoss>(l))).c_str(), cell.Train, cell.HeldOut,
                        cell.Epoch50, cell.Epoch200, cell.Precision, cell.Recall);
            std::fflush(stdout);
        }
}
