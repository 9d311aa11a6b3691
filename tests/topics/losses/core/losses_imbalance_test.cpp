// The imbalance measurement behind the demo's defaults and its answer text: every training loss at 7 foreground
// fractions, 8 seeds each, IoU on the training image and on a held-out image (seed + 1000), plus IoU during
// training, then loss parameters (focal α, γ; weighted CE w) at 1%. Hidden (about 2 min natively): run it with
// tools/losses_imbalance.py or
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
                "1000 epochs; mean over seeds 1..%d. IoU of the foreground, threshold p > 0.5.\n",
                kSeeds);
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
                        std::string(TrainLossName(static_cast<TrainLoss>(l))).c_str(), cell.Train, cell.HeldOut, cell.Epoch50,
                        cell.Epoch200, cell.Precision, cell.Recall);
            std::fflush(stdout);
        }
}

TEST_CASE("losses: loss parameters at 1% foreground (measurement, prints a table)", "[.losses_imbalance]")
{
    struct Variant {
        const char* Name;
        TrainLoss Loss;
        double Alpha, Gamma, Weight;
    };
    // torchvision's focal default α = 0.25 weights the rare foreground DOWN; α = 0.5 equals α off (a constant 1/2
    // that Adam does not see); w = 0 is the "balanced" N_bg / N_fg ≈ 99.
    const Variant variants[] = {
        {"focal α 0.25 γ 2", TrainLoss::Focal, 0.25, 2.0, 0.0},
        {"focal α 0.5 γ 2", TrainLoss::Focal, 0.5, 2.0, 0.0},
        {"focal α 0.75 γ 2", TrainLoss::Focal, 0.75, 2.0, 0.0},
        {"focal off γ 2", TrainLoss::Focal, -1.0, 2.0, 0.0},
        {"focal α 0.75 γ 0", TrainLoss::Focal, 0.75, 0.0, 0.0},
        {"weighted CE w 3", TrainLoss::WeightedCrossEntropy, 0, 0, 3.0},
        {"weighted CE w 10", TrainLoss::WeightedCrossEntropy, 0, 0, 10.0},
        {"weighted CE balanced", TrainLoss::WeightedCrossEntropy, 0, 0, 0.0},
    };
    std::printf("\nf = 1%%, other settings as above, seeds 1..8.\n\n| loss | train | held-out | e50 |\n|---|---|---|---|\n");
    for (const Variant& v : variants) {
        Cell cell;
        for (int seed = 1; seed <= 8; ++seed) {
            TrainConfig c;
            c.Data.Seed = static_cast<std::uint32_t>(seed);
            c.Loss = v.Loss;
            c.FocalAlpha = v.Alpha;
            c.FocalGamma = v.Gamma;
            c.ForegroundWeight = v.Weight;
            auto job = TrainJob::Start(c);
            REQUIRE(job.Ok());
            while (!job->Done()) job.Value().Step(100);
            cell.Train += job->Metrics().IoU[1] / 8;
            cell.HeldOut += HeldOutIoU(*job, static_cast<std::uint32_t>(seed + 1000)) / 8;
            cell.Epoch50 += job->ForegroundIoUHistory()[50] / 8;
        }
        std::printf("| %s | %.3f | %.3f | %.3f |\n", v.Name, cell.Train, cell.HeldOut, cell.Epoch50);
        std::fflush(stdout);
    }
}
