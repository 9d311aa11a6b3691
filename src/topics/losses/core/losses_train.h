// Training under class imbalance (questions 28, 30, 46): the per-pixel model (losses_model.h) learns the toy
// image's mask (losses_toy.h) with one loss, full batch, Adam (torch.optim.Adam's update, betas 0.9/0.999,
// eps 1e-8), sliced into epochs for the UI. Two jobs with the same ToyConfig (seed included), Hidden and
// LearningRate see the same image and start from the same weights, so they differ only by the loss: that is
// the side-by-side comparison.
//
// The losses are the batch losses of losses_batch.h on the N = 64² foreground logits:
//   CE       BCE with logits, mean (= 2-class F.cross_entropy on logits [0, z])
//   WCE      the same with class weights [1, w]: Σ w[y_i]·bce_i / Σ w[y_i] (torch's weighted mean);
//            w = N_background / N_foreground when ForegroundWeight is 0 ("balanced")
//   Focal    torchvision sigmoid_focal_loss(alpha, gamma), mean
//   Dice     soft Dice of the foreground probabilities with ε
//   DiceCE   Dice + CE
// A pixel is predicted foreground when p > 0.5. Metrics count pixels; IoU = TP / (TP + FP + FN) per class.
//
// The defaults (1% foreground, lr 0.1, 1000 epochs) are where the losses differ, measured over 8 seeds by
// tests/topics/losses/core/losses_imbalance_test.cpp (tools/losses_imbalance.py): foreground IoU at epoch 50 is
// 0.02 for CE (its mask empties first) against 0.39 for Dice; at the end CE 0.36, focal 0.37, Dice 0.42,
// balanced weighted CE 0.14 (recall 0.94, precision 0.14); on a fresh image 0.19 / 0.25 / 0.22 / 0.10. At 20%
// and 50% foreground every loss is within 0.04 of the others (CE does as well).
#pragma once
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "topics/losses/core/losses_model.h"
#include "topics/losses/core/losses_toy.h"

namespace mlviz {

enum class TrainLoss { CrossEntropy, WeightedCrossEntropy, Focal, Dice, DiceCrossEntropy, Count };

// "ce", "weighted_ce", "focal", "dice", "dice_ce".
std::string_view TrainLossName(TrainLoss loss);
std::optional<TrainLoss> TrainLossFromName(std::string_view name);

struct TrainConfig {
    ToyConfig Data;
    TrainLoss Loss = TrainLoss::CrossEntropy;
    double ForegroundWeight = 0.0; // WCE: [0, 1000], 0 = N_bg / N_fg
    double FocalAlpha = 0.75;      // [-1, 1], < 0 = no α factor; torchvision's default 0.25 weights the rare
                                   // foreground down (measured at 1%: IoU 0.25 against 0.37 with 0.75)
    double FocalGamma = 2.0;       // [0, 10]
    double DiceEps = 1.0;          // [0, 100]
    int Hidden = 0;                // [0, 16]: 0 = logistic model, else a hidden layer of that many ReLUs
    double LearningRate = 0.1;     // Adam, [1e-4, 1]
    int Epochs = 1000;             // [1, 5000]

    bool operator==(const TrainConfig&) const = default;
};

struct SegMetrics {
    long long TruePositive = 0, FalsePositive = 0, FalseNegative = 0, TrueNegative = 0;
    double IoU[2] = {0.0, 0.0};  // [background, foreground]; 1 when the class is absent from both masks
    double Dice[2] = {0.0, 0.0}; // 2·TP / (2·TP + FP + FN), same convention

    double MeanIoU() const { return 0.5 * (IoU[0] + IoU[1]); }
};

SegMetrics ComputeSegMetrics(std::span<const std::uint8_t> truth, std::span<const std::uint8_t> predicted);

Message CheckTrainConfig(const TrainConfig& c);

class TrainJob {
public:
    static Result<TrainJob> Start(const TrainConfig& config);

    // Runs up to `budget_epochs` epochs (an epoch is one forward and backward pass over the 4096 pixels, about
    // 0.1 ms natively for the logistic model, 0.5 ms with 16 hidden units); returns how many ran.
    int Step(int budget_epochs);
    bool Done() const { return Epoch_ >= Config_.Epochs; }
    double Progress() const { return static_cast<double>(Epoch_) / Config_.Epochs; }
    int Epoch() const { return Epoch_; }

    const TrainConfig& Config() const { return Config_; }
    const ToyImage& Image() const { return Image_; }
    double ForegroundWeightUsed() const { return WeightUsed_; } // WCE's w (after "auto")
    const PixelModel& Model() const { return Model_; }
    const PixelFeatures& Features() const { return Features_; }

    // State at the current weights (after Epoch() updates); histories hold one entry per epoch plus the start.
    const std::vector<double>& Probabilities() const { return Probs_; } // p(foreground) per pixel
    std::vector<std::uint8_t> PredictedMask() const;
    const SegMetrics& Metrics() const { return Metrics_; }
    double Loss() const { return LossHistory_.back(); }
    const std::vector<double>& LossHistory() const { return LossHistory_; }
    const std::vector<double>& ForegroundIoUHistory() const { return IoUHistory_; }
    // Mean p over the true foreground pixels: falls towards 0 when a loss drifts to "all background".
    const std::vector<double>& ForegroundProbHistory() const { return FgProbHistory_; }

    // p(foreground) per pixel of another image (a held-out check).
    std::vector<double> Predict(const ToyImage& image) const;
    // The weights after `epoch` updates, epoch in [0, Epoch()] (every epoch's weights are kept, 7 to 129 numbers,
    // so a view can scrub back through the training).
    std::span<const double> ParamsAt(int epoch) const;
    // p(foreground) per pixel of `features` (this image's or another's) with the weights after `epoch` updates.
    std::vector<double> PredictAt(const PixelFeatures& features, int epoch) const;

private:
    TrainJob() = default;
    void Evaluate(); // forward, loss, gradient w.r.t. the logits, metrics, histories

    TrainConfig Config_;
    ToyImage Image_;
    PixelFeatures Features_;
    PixelModel Model_;
    PixelModelCache Cache_;
    std::vector<double> Targets_;
    double WeightUsed_ = 1.0;
    int Epoch_ = 0;
    std::vector<double> AdamM_, AdamV_;
    std::vector<double> Probs_, DLogits_;
    SegMetrics Metrics_;
    std::vector<double> LossHistory_, IoUHistory_, FgProbHistory_;
    std::vector<double> ParamHistory_; // (Epoch() + 1) × parameter count
};

} // namespace mlviz
