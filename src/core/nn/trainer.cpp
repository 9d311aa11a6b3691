// nn core: mini-batch training steps, the sliced Trainer job and sliced evaluation.
#include "core/nn/trainer.h"

#include <numeric>

#include "core/nn/checks.h"
#include "core/nn/loss.h"
#include "core/random.h"

namespace mlviz::nn {

template <typename T>
Message ValidateDataset(const Dataset<T>& d, LossKind loss)
{
    if (d.Inputs.Rank() < 2 || d.Size() < 1) return Msg("в наборе данных нет примеров");
    if (Message m = detail::CheckShape(d.Inputs.Dims); !m.Empty()) return m;
    if (d.Inputs.Numel() != static_cast<std::size_t>(ShapeNumel(d.Inputs.Dims)))
        return Msg("тензор формы %s содержит %d значений", ShapeString(d.Inputs.Dims), static_cast<long long>(d.Inputs.Numel()));
    if (loss == LossKind::CrossEntropy && static_cast<int>(d.Labels.size()) != d.Size())
        return Msg("примеров %d, а меток %d", d.Size(), static_cast<long long>(d.Labels.size()));
    if (loss == LossKind::Mse &&
        (d.Targets.Rank() < 1 || d.Targets.Dim(0) != d.Size() ||
         d.Targets.Numel() != static_cast<std::size_t>(ShapeNumel(d.Targets.Dims))))
        return Msg("примеров %d, а целей формы %s", d.Size(), ShapeString(d.Targets.Dims));
    return {};
}

template <typename T>
Result<double> TrainBatch(Sequential<T>& net, Optimizer<T>& opt, const Tensor<T>& inputs, std::span<const int> labels,
                          const Tensor<std::type_identity_t<T>>* targets, LossKind loss)
{
    Result<Tensor<T>> out = net.Forward(inputs, Mode::Train);
    if (!out) return Result<double>::Fail(out.Error());
    Result<LossResult<T>> l = loss == LossKind::CrossEntropy ? CrossEntropyLoss(*out, labels)
        : targets                                            ? MseLoss(*out, *targets)
                                                             : Result<LossResult<T>>::Fail(Msg("нет целей для MSE"));
    if (!l) return Result<double>::Fail(l.Error());
    net.ZeroGrad();
    Result<Tensor<T>> g = net.Backward(l->Grad, false);
    if (!g) return Result<double>::Fail(g.Error());
    opt.Step(net);
    return static_cast<double>(l->Value);
}

template <typename T>
Result<Trainer<T>> Trainer<T>::Create(Sequential<T> net, std::unique_ptr<Optimizer<T>> optimizer,
                                      std::shared_ptr<const Dataset<T>> data, const TrainerConfig& config)
{
    using R = Result<Trainer<T>>;
    if (!optimizer || !data) return R::Fail(Msg("нет оптимизатора или данных"));
    if (Message m = detail::CheckRange("batch_size", config.BatchSize, 1, kTrainerMaxBatch); !m.Empty()) return R::Fail(m);
    if (Message m = detail::CheckRange("epochs", config.Epochs, 1, kTrainerMaxEpochs); !m.Empty()) return R::Fail(m);
    if (Message m = ValidateDataset(*data, config.Loss); !m.Empty()) return R::Fail(m);
    // Both batch sizes that occur (full and last) must fit the model in training mode.
    const int n = data->Size(), full = std::min(config.BatchSize, n), last = n % config.BatchSize;
    for (int b : {full, last}) {
        if (b == 0) continue;
        Shape s = data->Inputs.Dims;
        s[0] = b;
        Result<std::vector<Shape>> shapes = net.Shapes(s, Mode::Train);
        if (!shapes) return R::Fail(shapes.Error());
        const Shape out = shapes->empty() ? s : shapes->back();
        if (config.Loss == LossKind::CrossEntropy && out.size() != 2)
            return R::Fail(Msg("для cross-entropy выход сети должен быть [N, C], а он %s", ShapeString(out)));
        if (config.Loss == LossKind::CrossEntropy)
            for (int label : data->Labels)
                if (label < 0 || label >= out[1]) return R::Fail(Msg("cross-entropy: метка %d вне [0, %d)", label, out[1]));
        if (config.Loss == LossKind::Mse) {
            Shape t = data->Targets.Dims;
            t[0] = b;
            if (t != out) return R::Fail(Msg("MSE: формы %s и %s различаются", ShapeString(out), ShapeString(t)));
        }
    }
    Trainer t;
    t.Net_ = std::move(net);
    t.Optimizer_ = std::move(optimizer);
    t.Data_ = std::move(data);
    t.Config_ = config;
    t.Rng_.seed(config.Seed);
    t.Order_.resize(static_cast<std::size_t>(n));
    return R(std::move(t));
}

template <typename T>
Result<int> Trainer<T>::Step(int batches)
{
    int done = 0;
    const int n = Data_->Size(), per_epoch = BatchesPerEpoch();
    while (done < batches && !Done()) {
        const int b = BatchesDone_ % per_epoch;
        if (b == 0) { // a new epoch: a new order (Fisher-Yates over core/random.h)
            std::iota(Order_.begin(), Order_.end(), 0);
            if (Config_.Shuffle)
                for (int i = n - 1; i > 0; --i) std::swap(Order_[i], Order_[UniformInt(Rng_, i + 1)]);
            EpochLossSum_ = 0.0;
        }
        const int first = b * Config_.BatchSize, count = std::min(Config_.BatchSize, n - first);
        const std::vector<int> idx(Order_.begin() + first, Order_.begin() + first + count);
        const Tensor<T> x = GatherBatch(Data_->Inputs, idx);
        std::vector<int> labels;
        Tensor<T> targets;
        if (Config_.Loss == LossKind::CrossEntropy)
            for (int i : idx) labels.push_back(Data_->Labels[i]);
        else
            targets = GatherBatch(Data_->Targets, idx);
        Result<double> loss = TrainBatch(Net_, *Optimizer_, x, labels, &targets, Config_.Loss);
        if (!loss) return Result<int>::Fail(loss.Error());
        BatchLosses_.push_back(*loss);
        EpochLossSum_ += *loss * count;
        ++BatchesDone_;
        ++done;
        if (BatchesDone_ % per_epoch == 0) EpochLosses_.push_back(EpochLossSum_ / n);
    }
    return done;
}

template <typename T>
Message EvaluateRange(Sequential<T>& net, const Dataset<T>& data, int first, int count, LossKind loss, EvalTally& tally)
{
    if (Message m = ValidateDataset(data, loss); !m.Empty()) return m;
    if (first < 0 || count < 1 || first + count > data.Size())
        return Msg("примеры [%d, %d) вне набора из %d", first, first + count, data.Size());
    Result<Tensor<T>> out = net.Forward(SliceBatch(data.Inputs, first, count), Mode::Eval);
    if (!out) return out.Error();
    if (loss == LossKind::CrossEntropy) {
        const std::span<const int> labels(data.Labels.data() + first, static_cast<std::size_t>(count));
        Result<LossResult<T>> l = CrossEntropyLoss(*out, labels);
        if (!l) return l.Error();
        const std::vector<int> pred = ArgMaxRows(*out);
        for (int i = 0; i < count; ++i) tally.Hits += pred[i] == labels[i];
        tally.Predictions.insert(tally.Predictions.end(), pred.begin(), pred.end());
        tally.LossSum += static_cast<double>(l->Value) * count;
    } else {
        Result<LossResult<T>> l = MseLoss(*out, SliceBatch(data.Targets, first, count));
        if (!l) return l.Error();
        tally.LossSum += static_cast<double>(l->Value) * count;
    }
    tally.Count += count;
    return {};
}

#define MLVIZ_NN_TRAINER(T)                                                                                                      \
    template Message ValidateDataset<T>(const Dataset<T>&, LossKind);                                                            \
    template Result<double> TrainBatch<T>(Sequential<T>&, Optimizer<T>&, const Tensor<T>&, std::span<const int>,                 \
                                          const Tensor<T>*, LossKind);                                                           \
    template class Trainer<T>;                                                                                                   \
    template Message EvaluateRange<T>(Sequential<T>&, const Dataset<T>&, int, int, LossKind, EvalTally&);
MLVIZ_NN_TRAINER(float)
MLVIZ_NN_TRAINER(double)
#undef MLVIZ_NN_TRAINER

} // namespace mlviz::nn
