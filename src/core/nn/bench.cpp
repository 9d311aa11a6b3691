// nn core: one timed epoch on the digits.
#include "core/nn/bench.h"

#include <chrono>
#include <numeric>

#include "core/nn/se_digits.h"
#include "core/random.h"

namespace mlviz::nn {

namespace {

template <typename T>
double TimeEpoch(const DigitsData& digits)
{
    std::vector<int> all(static_cast<std::size_t>(digits.Count()));
    std::iota(all.begin(), all.end(), 0);
    auto data = std::make_shared<const Dataset<T>>(*DigitsDataset<T>(digits, all));
    TrainerConfig tc;
    tc.BatchSize = 32;
    Result<Trainer<T>> trainer = Trainer<T>::Create(DigitsCnn<T>(DigitsCnnConfig{8, 16, false, 4, false}, 1),
                                                    std::make_unique<Adam<T>>(AdamConfig{}), data, tc);
    const auto t0 = std::chrono::steady_clock::now();
    if (trainer) (void)trainer.Value().Step(trainer->TotalBatches());
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

double TimeDigitsEpochMs(const DigitsData* digits, bool single_precision)
{
    DigitsData fake;
    if (!digits) {
        std::mt19937 rng(1);
        for (int i = 0; i < kDigitsCount; ++i) {
            fake.Labels.push_back(i % 10);
            for (int p = 0; p < kDigitsPixels; ++p) fake.Pixels.push_back(static_cast<std::uint8_t>(UniformInt(rng, 17)));
        }
        digits = &fake;
    }
    return single_precision ? TimeEpoch<float>(*digits) : TimeEpoch<double>(*digits);
}

} // namespace mlviz::nn
