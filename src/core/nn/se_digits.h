// nn core: the Squeeze-and-Excitation experiment of q53 on the digits: the same small CNN
// with and without an SE block, trained side by side in slices, then measured on a held-out
// stratified test set (accuracy, parameters, multiply-adds), plus the excitation weights of
// the SE block for any input and their mean per class.
//   plain: Conv2d(1, C1, 3, padding 1) - ReLU - MaxPool2d(2) - Conv2d(C1, C2, 3, padding 1) - ReLU
//          - Flatten - Linear(C2 * 16, 10)
//   SE:    the same with SqueezeExcitation(C2, r) after the second ReLU.
// With GlobalPoolHead the classifier is AdaptiveAvgPool2d(1) - Flatten - Linear(C2, 10), as in
// SE-ResNet's head (the channel weights then matter more: nothing else mixes the channels).
// Fair comparison: both start from the same weights in their shared layers (the SE net copies
// them from the plain net) and see the same batches in the same order.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/nn/digits.h"
#include "core/nn/sequential.h"
#include "core/nn/trainer.h"

namespace mlviz::nn {

struct DigitsCnnConfig {
    int Channels1 = 8;  // [1, 64]
    int Channels2 = 16; // [1, 64]; the SE block acts on these channels
    bool SqueezeExcite = false;
    int Reduction = 4; // SE ratio r, [1, Channels2]
    bool GlobalPoolHead = false;
};

Message ValidateDigitsCnn(const DigitsCnnConfig& c);

// The CNN above for inputs [N, 1, 8, 8], initialised with torch's defaults from `seed`.
// Precondition: ValidateDigitsCnn(c) is empty.
template <typename T>
Sequential<T> DigitsCnn(const DigitsCnnConfig& c, std::uint32_t seed);

// Index of the SqueezeExcitation layer in DigitsCnn (when SqueezeExcite).
inline constexpr int kDigitsCnnSeLayer = 5;

// Defaults: the global-pool head, whose SE weights clearly depend on the class (with the
// flatten head they settle into a nearly fixed per-channel scaling: see the tests).
struct SeDigitsConfig {
    DigitsCnnConfig Net{8, 16, false, 4, true}; // SqueezeExcite is ignored: both variants are trained
    int Epochs = 20;                            // [1, 100]
    int BatchSize = 32;                         // [2, 512]
    double Lr = 1e-2;                           // Adam, (1e-6, 1]
    double TestFraction = 0.2;                  // (0, 1): 360 of 1 797 test digits at 0.2
    std::uint32_t Seed = 1;                     // split, initial weights and batch order
};

struct SeDigitsModel {
    std::int64_t Parameters = 0;
    std::int64_t MultiplyAdds = 0;   // per 8x8 image
    std::vector<double> EpochLosses; // mean training loss per finished epoch
    double TestAccuracy = 0.0;       // after training (valid once Done)
    double TestLoss = 0.0;
};

class SeDigitsJob {
public:
    static Result<SeDigitsJob> Create(const DigitsData& digits, const SeDigitsConfig& config);

    // Runs up to `units` units: one unit trains one mini-batch of one of the nets, or
    // evaluates 64 test images with one net. About 1 ms per unit natively (defaults; CPU time).
    Result<int> Step(int units);
    bool Done() const { return Evaluated_ >= 2 * TestCount(); }
    double Progress() const;
    bool Training() const { return !Plain_->Done() || !Se_->Done(); }

    const SeDigitsModel& Plain() const { return PlainResult_; }
    const SeDigitsModel& WithSe() const { return SeResult_; }

    // The SE block's excitation weights (C2 values in [0, 1]) for test image `test_index`
    // with the current weights of the SE net.
    Result<std::vector<double>> Excitation(int test_index);
    // Mean excitation per class over the test set, [10][C2] (valid once Done).
    const std::vector<std::vector<double>>& ClassMeanExcitation() const { return ClassExcite_; }

    int TestCount() const { return Test_->Size(); }
    const Dataset<double>& TestSet() const { return *Test_; }
    const DigitsSplit& Split() const { return Split_; }
    const std::vector<int>& TestPredictions(bool se) const { return (se ? SeTally_ : PlainTally_).Predictions; }
    Sequential<double>& PlainNet() { return Plain_->Net(); }
    Sequential<double>& SeNet() { return Se_->Net(); }
    const SeDigitsConfig& Config() const { return Config_; }

private:
    SeDigitsJob() = default;
    Message EvaluateChunk();

    SeDigitsConfig Config_;
    DigitsSplit Split_;
    std::shared_ptr<const Dataset<double>> Train_, Test_;
    std::unique_ptr<Trainer<double>> Plain_, Se_;
    SeDigitsModel PlainResult_, SeResult_;
    EvalTally PlainTally_, SeTally_;
    std::vector<std::vector<double>> ClassExcite_;
    int Evaluated_ = 0; // test images evaluated, plain first then SE
    int EvalChunks_ = 0;
};

} // namespace mlviz::nn
