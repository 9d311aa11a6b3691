// Class-imbalance pipeline: data at 1:ratio, resampling, sliced logistic regression, test metrics.
#include "topics/classical_ml/core/cml_imbalance.h"

#include <cmath>

namespace mlviz {

Message CmlValidateImbalanceConfig(const CmlImbalanceConfig& c)
{
    if (c.Data.Shape != CmlShape::Blobs || c.Data.NumClasses != 2) return Msg("дисбаланс: нужны два гауссовых класса");
    if (c.Majority < 10 || c.Majority > kCmlMaxPointsPerClass)
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "majority", c.Majority, 10, kCmlMaxPointsPerClass);
    if (!std::isfinite(c.Ratio) || c.Ratio < 1.0 || c.Ratio > 500.0)
        return Msg("поле '%s' = %g вне диапазона [%g, %g]", "ratio", c.Ratio, 1.0, 500.0);
    if (c.SmoteK < 1 || c.SmoteK > kCmlMaxSmoteK)
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "k_neighbors", c.SmoteK, 1, kCmlMaxSmoteK);
    if (static_cast<int>(c.Method) < 0 || c.Method >= CmlResampling::Count) return Msg("неизвестный способ перевыборки");
    return CmlValidateLogRegParams(c.Model);
}

Message CmlImbalanceJob::Begin(const CmlImbalanceConfig& c)
{
    Started = ScoresReady = false;
    ResampleMessage = {};
    if (Message m = CmlValidateImbalanceConfig(c); !m.Empty()) return m;
    CmlDataConfig data = c.Data;
    data.Blobs[0].Count = c.Majority;
    data.Blobs[1].Count = CmlMinorityCount(c.Majority, c.Ratio);
    auto train = CmlGenerate(data, 0), test = CmlGenerate(data, 1);
    if (!train) return train.Error();
    if (!test) return test.Error();
    TrainSet = std::move(*train);
    TestSet = std::move(*test);
    auto resampled = CmlResample(TrainSet, c.Method, c.SmoteK, c.ResampleSeed);
    if (!resampled) {
        ResampleMessage = resampled.Error();
        resampled = CmlResample(TrainSet, CmlResampling::None, c.SmoteK, c.ResampleSeed);
    }
    Fit = std::move(*resampled);
    if (Message m = Model.Begin(Fit.Data, c.Model); !m.Empty()) return m;
    Started = true;
    return {};
}

bool CmlImbalanceJob::Step(int iterations)
{
    if (!Started) return false;
    if (!Model.Done()) Model.Step(iterations);
    if (Model.Done() && !ScoresReady) {
        Scores.resize(TestSet.Size());
        for (int i = 0; i < TestSet.Size(); ++i) Scores[i] = Model.Probability(TestSet.Row(i));
        auto pr = CmlPrecisionRecall(Scores, TestSet.Y); // scores are probabilities: always valid
        PrCurve = pr ? std::move(*pr) : CmlPrCurve{};
        auto roc = CmlRoc(Scores, TestSet.Y);
        RocCurve = roc ? std::optional<CmlRocCurve>(std::move(*roc)) : std::nullopt;
        ScoresReady = true;
    }
    return Done();
}

} // namespace mlviz
