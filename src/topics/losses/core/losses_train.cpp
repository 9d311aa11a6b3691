// The imbalance demo's training job: full-batch Adam on the toy image with one of the batch losses.
#include "topics/losses/core/losses_train.h"

#include <cmath>

#include "topics/losses/core/losses_batch.h"

namespace mlviz {

namespace {

constexpr std::string_view kTrainLossNames[] = {"ce", "weighted_ce", "focal", "dice", "dice_ce"};
// The init seed differs from the data seed so that weights and noise are not the same random stream.
constexpr std::uint32_t kInitSeedSalt = 0x9E3779B9u;

double Ratio(long long a, long long b, double if_empty)
{
    return b == 0 ? if_empty : static_cast<double>(a) / b;
}

} // namespace

std::string_view TrainLossName(TrainLoss loss)
{
    const int i = static_cast<int>(loss);
    return i >= 0 && i < static_cast<int>(TrainLoss::Count) ? kTrainLossNames[i] : "?";
}

std::optional<TrainLoss> TrainLossFromName(std::string_view name)
{
    for (int i = 0; i < static_cast<int>(TrainLoss::Count); ++i)
        if (kTrainLossNames[i] == name) return static_cast<TrainLoss>(i);
    return std::nullopt;
}

SegMetrics ComputeSegMetrics(std::span<const std::uint8_t> truth, std::span<const std::uint8_t> predicted)
{
    SegMetrics m;
    const std::size_t n = std::min(truth.size(), predicted.size());
    for (std::size_t i = 0; i < n; ++i) {
        const bool t = truth[i] != 0, p = predicted[i] != 0;
        if (t && p)
            ++m.TruePositive;
        else if (p)
            ++m.FalsePositive;
        else if (t)
            ++m.FalseNegative;
        else
            ++m.TrueNegative;
    }
    const long long tp = m.TruePositive, fp = m.FalsePositive, fn = m.FalseNegative, tn = m.TrueNegative;
    // Background's "true positives" are the true negatives; its false positives are the foreground misses.
    m.IoU[1] = Ratio(tp, tp + fp + fn, 1.0);
    m.IoU[0] = Ratio(tn, tn + fn + fp, 1.0);
    m.Dice[1] = Ratio(2 * tp, 2 * tp + fp + fn, 1.0);
    m.Dice[0] = Ratio(2 * tn, 2 * tn + fn + fp, 1.0);
    return m;
}

Message CheckTrainConfig(const TrainConfig& c)
{
    if (Message m = CheckToyConfig(c.Data); !m.Empty()) return m;
    const int loss = static_cast<int>(c.Loss);
    if (loss < 0 || loss >= static_cast<int>(TrainLoss::Count)) return Msg("неизвестная функция потерь %d", loss);
    if (!(c.ForegroundWeight >= 0.0 && c.ForegroundWeight <= 1000.0))
        return Msg("вес переднего плана %g вне [0, 1000] (0 = N_фон / N_объект)", c.ForegroundWeight);
    if (!(c.FocalAlpha >= -1.0 && c.FocalAlpha <= 1.0)) return Msg("alpha = %g: нужно число в [-1, 1]", c.FocalAlpha);
    if (!(c.FocalGamma >= 0.0 && c.FocalGamma <= 10.0)) return Msg("gamma = %g: нужно число в [0, 10]", c.FocalGamma);
    if (!(c.DiceEps >= 0.0 && c.DiceEps <= 100.0)) return Msg("eps = %g: нужно число в [0, 100]", c.DiceEps);
    if (c.Hidden < 0 || c.Hidden > kModelMaxHidden) return Msg("скрытых нейронов %d вне [0, %d]", c.Hidden, kModelMaxHidden);
    if (!(c.LearningRate >= 1e-4 && c.LearningRate <= 1.0)) return Msg("шаг обучения %g вне [0.0001, 1]", c.LearningRate);
    if (c.Epochs < 1 || c.Epochs > 5000) return Msg("число эпох %d вне [1, 5000]", c.Epochs);
    return {};
}

Result<TrainJob> TrainJob::Start(const TrainConfig& config)
{
    if (Message m = CheckTrainConfig(config); !m.Empty()) return Result<TrainJob>::Fail(m);
    auto image = MakeToyImage(config.Data);
    if (!image) return Result<TrainJob>::Fail(image.Error());
    TrainJob job;
    job.Config_ = config;
    job.Image_ = std::move(*image);
    job.Targets_.assign(job.Image_.Mask.begin(), job.Image_.Mask.end());
    const long long fg = job.Image_.ForegroundCount, all = static_cast<long long>(job.Targets_.size());
    job.WeightUsed_ = config.ForegroundWeight > 0.0 ? config.ForegroundWeight : static_cast<double>(all - fg) / fg;
    job.Features_ = ComputePixelFeatures(job.Image_);
    job.Model_ = InitPixelModel(config.Hidden, config.Data.Seed ^ kInitSeedSalt);
    job.AdamM_.assign(job.Model_.Params.size(), 0.0);
    job.AdamV_.assign(job.Model_.Params.size(), 0.0);
    job.Evaluate();
    return job;
}

void TrainJob::Evaluate()
{
    const int n = Image_.Size;
    const std::vector<double> logits = PixelModelForward(Model_, Features_, &Cache_);
    const LossMatrix z{n * n, 1, logits};
    const LossMatrix t{n * n, 1, Targets_};
    Result<LossOutput> out = LossOutput{};
    switch (Config_.Loss) {
    case TrainLoss::CrossEntropy: out = BinaryCrossEntropyWithLogits(z, t, {}); break;
    case TrainLoss::WeightedCrossEntropy: {
        BceOptions o;
        o.Reduction = LossReduction::Sum;
        o.Weight.resize(Targets_.size());
        double weight_sum = 0.0;
        for (std::size_t i = 0; i < Targets_.size(); ++i) {
            o.Weight[i] = Targets_[i] > 0.5 ? WeightUsed_ : 1.0;
            weight_sum += o.Weight[i];
        }
        out = BinaryCrossEntropyWithLogits(z, t, o);
        if (out) {
            out.Value().Values[0] /= weight_sum;
            for (double& g : out.Value().Grad) g /= weight_sum;
        }
        break;
    }
    case TrainLoss::Focal: out = SigmoidFocalLoss(z, t, {Config_.FocalAlpha, Config_.FocalGamma, LossReduction::Mean}); break;
    case TrainLoss::Dice: out = SoftDiceLoss(z, t, {DiceActivation::Sigmoid, Config_.DiceEps, true}); break;
    case TrainLoss::DiceCrossEntropy: out = DiceCrossEntropyLoss(z, t, {DiceActivation::Sigmoid, Config_.DiceEps, true}); break;
    default: break;
    }
    // The inputs were checked at Start and the logits of a finite net are finite: a failure here would be a bug,
    // so it shows as a NaN loss in the history rather than a silent zero.
    LossHistory_.push_back(out ? out->Values[0] : NAN);
    DLogits_ = out ? std::move(out.Value().Grad) : std::vector<double>(logits.size(), 0.0);

    Probs_.resize(logits.size());
    double fg_prob = 0.0;
    for (std::size_t i = 0; i < logits.size(); ++i) {
        Probs_[i] = Sigmoid(logits[i]);
        if (Image_.Mask[i]) fg_prob += Probs_[i];
    }
    Metrics_ = ComputeSegMetrics(Image_.Mask, PredictedMask());
    IoUHistory_.push_back(Metrics_.IoU[1]);
    FgProbHistory_.push_back(fg_prob / Image_.ForegroundCount);
    ParamHistory_.insert(ParamHistory_.end(), Model_.Params.begin(), Model_.Params.end());
}

int TrainJob::Step(int budget_epochs)
{
    int ran = 0;
    constexpr double kBeta1 = 0.9, kBeta2 = 0.999, kAdamEps = 1e-8; // torch.optim.Adam's defaults
    while (ran < budget_epochs && !Done()) {
        const std::vector<double> grad = PixelModelBackward(Model_, Features_, Cache_, DLogits_);
        std::vector<double>& flat = Model_.Params;
        ++Epoch_;
        const double bc1 = 1.0 - std::pow(kBeta1, Epoch_), bc2 = 1.0 - std::pow(kBeta2, Epoch_);
        for (std::size_t i = 0; i < flat.size(); ++i) {
            AdamM_[i] = kBeta1 * AdamM_[i] + (1.0 - kBeta1) * grad[i];
            AdamV_[i] = kBeta2 * AdamV_[i] + (1.0 - kBeta2) * grad[i] * grad[i];
            flat[i] -= Config_.LearningRate * (AdamM_[i] / bc1) / (std::sqrt(AdamV_[i] / bc2) + kAdamEps);
        }
        Evaluate();
        ++ran;
    }
    return ran;
}

std::vector<std::uint8_t> TrainJob::PredictedMask() const
{
    std::vector<std::uint8_t> mask(Probs_.size());
    for (std::size_t i = 0; i < Probs_.size(); ++i) mask[i] = Probs_[i] > 0.5 ? 1 : 0;
    return mask;
}

std::vector<double> TrainJob::Predict(const ToyImage& image) const
{
    std::vector<double> p = PixelModelForward(Model_, ComputePixelFeatures(image), nullptr);
    for (double& v : p) v = Sigmoid(v);
    return p;
}

std::span<const double> TrainJob::ParamsAt(int epoch) const
{
    const std::size_t n = Model_.Params.size();
    const std::size_t e = static_cast<std::size_t>(epoch < 0 ? 0 : (epoch > Epoch_ ? Epoch_ : epoch));
    return std::span<const double>(ParamHistory_).subspan(e * n, n);
}

std::vector<double> TrainJob::PredictAt(const PixelFeatures& features, int epoch) const
{
    const std::span<const double> w = ParamsAt(epoch);
    const PixelModel model{Model_.Hidden, std::vector<double>(w.begin(), w.end())};
    std::vector<double> p = PixelModelForward(model, features, nullptr);
    for (double& v : p) v = Sigmoid(v);
    return p;
}

} // namespace mlviz
