// nn core: the digits CNN with and without Squeeze-and-Excitation, trained and measured in slices.
#include "core/nn/se_digits.h"

#include <algorithm>

#include "core/nn/activation.h"
#include "core/nn/checks.h"
#include "core/nn/conv.h"
#include "core/nn/linear.h"
#include "core/nn/pool.h"
#include "core/nn/reshape.h"
#include "core/nn/se.h"

namespace mlviz::nn {

namespace {
constexpr int kEvalChunk = 64;
}

Message ValidateDigitsCnn(const DigitsCnnConfig& c)
{
    if (Message m = detail::CheckRange("channels1", c.Channels1, 1, 64); !m.Empty()) return m;
    if (Message m = detail::CheckRange("channels2", c.Channels2, 1, 64); !m.Empty()) return m;
    return detail::CheckRange("reduction", c.Reduction, 1, c.Channels2);
}

template <typename T>
Sequential<T> DigitsCnn(const DigitsCnnConfig& c, std::uint32_t seed)
{
    Conv2dConfig conv1;
    conv1.InChannels = 1;
    conv1.OutChannels = c.Channels1;
    conv1.Padding = {1, 1};
    Conv2dConfig conv2 = conv1;
    conv2.InChannels = c.Channels1;
    conv2.OutChannels = c.Channels2;
    Sequential<T> net;
    net.Add(std::make_unique<Conv2d<T>>(conv1)).Add(MakeReLU<T>()).Add(std::make_unique<MaxPool2d<T>>(MaxPool2dConfig{}));
    net.Add(std::make_unique<Conv2d<T>>(conv2)).Add(MakeReLU<T>());
    if (c.SqueezeExcite) net.Add(std::make_unique<SqueezeExcitation<T>>(SqueezeExcitationConfig{c.Channels2, c.Reduction}));
    if (c.GlobalPoolHead) net.Add(std::make_unique<AdaptivePool2d<T>>(AdaptivePool2dConfig{{1, 1}}, false));
    const int features = c.GlobalPoolHead ? c.Channels2 : c.Channels2 * 16;
    net.Add(MakeFlatten<T>()).Add(std::make_unique<Linear<T>>(LinearConfig{features, 10, true}));
    net.Initialize(seed);
    return net;
}

template Sequential<float> DigitsCnn<float>(const DigitsCnnConfig&, std::uint32_t);
template Sequential<double> DigitsCnn<double>(const DigitsCnnConfig&, std::uint32_t);

Result<SeDigitsJob> SeDigitsJob::Create(const DigitsData& digits, const SeDigitsConfig& config)
{
    using R = Result<SeDigitsJob>;
    if (Message m = ValidateDigitsCnn(config.Net); !m.Empty()) return R::Fail(m);
    if (Message m = detail::CheckRange("epochs", config.Epochs, 1, 100); !m.Empty()) return R::Fail(m);
    if (Message m = detail::CheckRange("batch_size", config.BatchSize, 2, 512); !m.Empty()) return R::Fail(m);
    if (Message m = detail::CheckRealRange("lr", config.Lr, 1e-6, 1.0); !m.Empty()) return R::Fail(m);
    Result<DigitsSplit> split = StratifiedSplit(digits.Labels, 10, config.TestFraction, config.Seed);
    if (!split) return R::Fail(split.Error());
    Result<Dataset<double>> train = DigitsDataset<double>(digits, split->Train);
    Result<Dataset<double>> test = DigitsDataset<double>(digits, split->Test);
    if (!train) return R::Fail(train.Error());
    if (!test) return R::Fail(test.Error());

    SeDigitsJob job;
    job.Config_ = config;
    job.Split_ = *split;
    job.Train_ = std::make_shared<const Dataset<double>>(std::move(*train));
    job.Test_ = std::make_shared<const Dataset<double>>(std::move(*test));
    DigitsCnnConfig plain_cfg = config.Net, se_cfg = config.Net;
    plain_cfg.SqueezeExcite = false;
    se_cfg.SqueezeExcite = true;
    Sequential<double> plain = DigitsCnn<double>(plain_cfg, config.Seed);
    Sequential<double> se = DigitsCnn<double>(se_cfg, config.Seed);
    // Same starting weights in the shared layers (conv1, conv2, the classifier): the SE net's
    // layers are the plain net's with one inserted at kDigitsCnnSeLayer.
    for (int i = 0; i < plain.Size(); ++i) {
        const std::vector<Parameter<double>*> a = plain.At(i).Parameters();
        const std::vector<Parameter<double>*> b = se.At(i < kDigitsCnnSeLayer ? i : i + 1).Parameters();
        for (std::size_t k = 0; k < a.size(); ++k) b[k]->Value = a[k]->Value;
    }
    const Shape one{1, 1, kDigitsSide, kDigitsSide};
    job.PlainResult_.Parameters = plain.ParameterCount();
    job.PlainResult_.MultiplyAdds = plain.MultiplyAdds(one);
    job.SeResult_.Parameters = se.ParameterCount();
    job.SeResult_.MultiplyAdds = se.MultiplyAdds(one);

    TrainerConfig tc;
    tc.BatchSize = config.BatchSize;
    tc.Epochs = config.Epochs;
    tc.Seed = config.Seed;
    AdamConfig adam;
    adam.Lr = config.Lr;
    Result<Trainer<double>> tp = Trainer<double>::Create(std::move(plain), std::make_unique<Adam<double>>(adam), job.Train_, tc);
    if (!tp) return R::Fail(tp.Error());
    Result<Trainer<double>> ts = Trainer<double>::Create(std::move(se), std::make_unique<Adam<double>>(adam), job.Train_, tc);
    if (!ts) return R::Fail(ts.Error());
    job.Plain_ = std::make_unique<Trainer<double>>(std::move(*tp));
    job.Se_ = std::make_unique<Trainer<double>>(std::move(*ts));
    job.ClassExcite_.assign(10, std::vector<double>(static_cast<std::size_t>(config.Net.Channels2), 0.0));
    return R(std::move(job));
}

double SeDigitsJob::Progress() const
{
    if (Done()) return 1.0;
    const int chunks = (TestCount() + kEvalChunk - 1) / kEvalChunk;
    const double total = Plain_->TotalBatches() + Se_->TotalBatches() + 2.0 * chunks;
    return (Plain_->BatchesDone() + Se_->BatchesDone() + EvalChunks_) / total;
}

Result<int> SeDigitsJob::Step(int units)
{
    int done = 0;
    while (done < units && !Done()) {
        if (Training()) {
            // Alternate so that both curves grow together on screen.
            Trainer<double>& t = Plain_->Progress() <= Se_->Progress() && !Plain_->Done() ? *Plain_ : *Se_;
            Result<int> r = t.Step(1);
            if (!r) return r;
            PlainResult_.EpochLosses = Plain_->EpochLosses();
            SeResult_.EpochLosses = Se_->EpochLosses();
        } else if (Message m = EvaluateChunk(); !m.Empty()) {
            return Result<int>::Fail(m);
        }
        ++done;
    }
    return done;
}

Message SeDigitsJob::EvaluateChunk()
{
    const int n = TestCount();
    const bool se = Evaluated_ >= n;
    const int first = se ? Evaluated_ - n : Evaluated_, count = std::min(kEvalChunk, n - first);
    EvalTally& tally = se ? SeTally_ : PlainTally_;
    Sequential<double>& net = se ? Se_->Net() : Plain_->Net();
    if (Message m = EvaluateRange(net, *Test_, first, count, LossKind::CrossEntropy, tally); !m.Empty()) return m;
    if (se) {
        const auto& layer = static_cast<const SqueezeExcitation<double>&>(net.At(kDigitsCnnSeLayer));
        const Tensor<double>& e = layer.Excitation();
        const int C = Config_.Net.Channels2;
        for (int i = 0; i < count; ++i)
            for (int c = 0; c < C; ++c) ClassExcite_[Test_->Labels[first + i]][c] += e[static_cast<std::size_t>(i) * C + c];
    }
    Evaluated_ += count;
    ++EvalChunks_;
    SeDigitsModel& result = se ? SeResult_ : PlainResult_;
    result.TestAccuracy = tally.Accuracy();
    result.TestLoss = tally.MeanLoss();
    if (Done()) {
        std::array<int, 10> per_class{};
        for (int label : Test_->Labels) ++per_class[label];
        for (int k = 0; k < 10; ++k)
            for (double& v : ClassExcite_[k]) v /= std::max(1, per_class[k]);
    }
    return {};
}

Result<std::vector<double>> SeDigitsJob::Excitation(int test_index)
{
    using R = Result<std::vector<double>>;
    if (test_index < 0 || test_index >= TestCount())
        return R::Fail(Msg("поле '%s' должно быть в [%d, %d], получено %d", "test_index", 0, TestCount() - 1, test_index));
    Sequential<double>& net = Se_->Net();
    Result<Tensor<double>> out = net.Forward(SliceBatch(Test_->Inputs, test_index, 1), Mode::Eval);
    if (!out) return R::Fail(out.Error());
    const Tensor<double>& e = static_cast<const SqueezeExcitation<double>&>(net.At(kDigitsCnnSeLayer)).Excitation();
    return e.Data;
}

} // namespace mlviz::nn
