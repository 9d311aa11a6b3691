// nn core: training and evaluation in slices, so that the UI can spread an epoch over frames.
// One step = one mini-batch: forward (Mode::Train), loss, zero_grad, backward, optimizer.step(),
// as the usual torch loop. Batches follow a seeded permutation per epoch (torch's DataLoader
// with shuffle=True, drop_last=False; our permutation stream is not torch's).
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <type_traits>
#include <vector>

#include "core/nn/optim.h"
#include "core/nn/sequential.h"

namespace mlviz::nn {

enum class LossKind { CrossEntropy, Mse };

template <typename T>
struct Dataset {
    Tensor<T> Inputs;        // [N, ...] batch first
    std::vector<int> Labels; // N class indices (cross-entropy)
    Tensor<T> Targets;       // [N, ...] regression targets (MSE); empty for classification
    int Size() const { return Inputs.Dims.empty() ? 0 : Inputs.Dim(0); }
};

// Empty when `d` fits the loss: N >= 1, N labels (cross-entropy) or [N, ...] targets (MSE).
template <typename T>
Message ValidateDataset(const Dataset<T>& d, LossKind loss);

// One optimizer step on one mini-batch (inputs [B, ...] with B labels or targets); returns the
// batch loss before the step. Fails on a shape mismatch or a loss that is not finite; the
// parameters are then unchanged (BatchNorm's running statistics have seen the batch).
template <typename T>
Result<double> TrainBatch(Sequential<T>& net, Optimizer<T>& opt, const Tensor<T>& inputs, std::span<const int> labels,
                          const Tensor<std::type_identity_t<T>>* targets, LossKind loss);

inline constexpr int kTrainerMaxBatch = 4096;
inline constexpr int kTrainerMaxEpochs = 1000;

struct TrainerConfig {
    int BatchSize = 32;     // [1, kTrainerMaxBatch]
    int Epochs = 1;         // [1, kTrainerMaxEpochs]
    bool Shuffle = true;    // a new seeded permutation each epoch
    std::uint32_t Seed = 1; // shuffling only (weights are initialised by the caller)
    LossKind Loss = LossKind::CrossEntropy;
};

// A training job that owns its model, optimizer and (shared, read-only) data.
template <typename T>
class Trainer {
public:
    static Result<Trainer> Create(Sequential<T> net, std::unique_ptr<Optimizer<T>> optimizer,
                                  std::shared_ptr<const Dataset<T>> data, const TrainerConfig& config);
    Trainer(Trainer&&) noexcept = default;
    Trainer& operator=(Trainer&&) noexcept = default;

    // Trains up to `batches` more mini-batches; returns how many it trained (0 once Done).
    Result<int> Step(int batches);
    bool Done() const { return BatchesDone_ >= TotalBatches(); }
    double Progress() const { return TotalBatches() ? static_cast<double>(BatchesDone_) / TotalBatches() : 1.0; }
    int Epoch() const { return BatchesDone_ / BatchesPerEpoch(); } // finished epochs
    int BatchesDone() const { return BatchesDone_; }
    int BatchesPerEpoch() const { return (Data_->Size() + Config_.BatchSize - 1) / Config_.BatchSize; }
    int TotalBatches() const { return BatchesPerEpoch() * Config_.Epochs; }

    const std::vector<double>& BatchLosses() const { return BatchLosses_; } // every batch, in order
    const std::vector<double>& EpochLosses() const { return EpochLosses_; } // sample-weighted mean per epoch

    Sequential<T>& Net() { return Net_; }
    const Sequential<T>& Net() const { return Net_; }
    Optimizer<T>& Opt() { return *Optimizer_; }
    const TrainerConfig& Config() const { return Config_; }

private:
    Trainer() = default;
    Sequential<T> Net_;
    std::unique_ptr<Optimizer<T>> Optimizer_;
    std::shared_ptr<const Dataset<T>> Data_;
    TrainerConfig Config_;
    std::mt19937 Rng_;
    std::vector<int> Order_;
    int BatchesDone_ = 0;
    double EpochLossSum_ = 0.0;
    std::vector<double> BatchLosses_, EpochLosses_;
};

// Evaluation (Mode::Eval) accumulated over slices of a data set.
struct EvalTally {
    double LossSum = 0.0; // sum over samples of the per-sample loss
    int Hits = 0;         // correct argmax (cross-entropy only)
    int Count = 0;
    std::vector<int> Predictions; // argmax per sample, in data order (cross-entropy only)
    double MeanLoss() const { return Count ? LossSum / Count : 0.0; }
    double Accuracy() const { return Count ? static_cast<double>(Hits) / Count : 0.0; }
};

// Evaluates samples [first, first + count) of `data` in Mode::Eval and adds them to `tally`.
template <typename T>
Message EvaluateRange(Sequential<T>& net, const Dataset<T>& data, int first, int count, LossKind loss, EvalTally& tally);

} // namespace mlviz::nn
