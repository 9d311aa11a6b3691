// Gradient boosting with log-loss: sklearn's prior init, residual trees and Newton leaf values.
#include "topics/classical_ml/core/cml_boosting.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace mlviz {

namespace {

constexpr double kEps32 = 1.1920928955078125e-07; // np.finfo(np.float32).eps

double Expit(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

// scipy.special.logsumexp of one row.
double LogSumExp(const double* a, int n)
{
    double m = a[0];
    for (int k = 1; k < n; ++k) m = std::max(m, a[k]);
    if (!std::isfinite(m)) m = 0.0;
    double s = 0.0;
    for (int k = 0; k < n; ++k) s += std::exp(a[k] - m);
    return std::log(s) + m;
}

} // namespace

Message CmlValidateBoostingParams(const CmlBoostingParams& p, int dims)
{
    if (p.NumStages < 1 || p.NumStages > kCmlMaxTrees)
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "n_estimators", p.NumStages, 1, kCmlMaxTrees);
    if (!std::isfinite(p.LearningRate) || p.LearningRate < 0.001 || p.LearningRate > 10.0)
        return Msg("поле '%s' = %g вне диапазона [%g, %g]", "learning_rate", p.LearningRate, 0.001, 10.0);
    if (p.MaxDepth < 1 || p.MaxDepth > kCmlMaxBoostingDepth)
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "max_depth", p.MaxDepth, 1, kCmlMaxBoostingDepth);
    if (p.Criterion != CmlCriterion::SquaredError && p.Criterion != CmlCriterion::FriedmanMse)
        return Msg("бустинг: критерий должен быть squared_error или friedman_mse");
    CmlTreeParams t;
    t.Criterion = p.Criterion;
    t.MaxDepth = p.MaxDepth;
    t.MinSamplesLeaf = p.MinSamplesLeaf;
    return CmlValidateTreeParams(t, dims, true);
}

Message CmlBoostingJob::Begin(const CmlDataset& train, const CmlDataset* test, const CmlBoostingParams& params)
{
    Started = Building = false;
    Stages.clear();
    Pending.clear();
    Curve.clear();
    if (Message m = CmlValidateDataset(train); !m.Empty()) return m;
    if (test)
        if (Message m = CmlValidateDataset(*test); !m.Empty()) return WithContext(m, "test");
    if (test && (test->Dims != train.Dims || test->NumClasses != train.NumClasses))
        return Msg("обучающая и тестовая выборки различаются размерностью или числом классов");
    if (Message m = CmlValidateBoostingParams(params, train.Dims); !m.Empty()) return m;
    Code = CmlEncodeLabels(train);
    const int k = static_cast<int>(Code.Classes.size());
    if (k < 2) return Msg("бустинг: в обучающей выборке нужны точки хотя бы %d классов", 2);
    Train = train;
    HasTest = test != nullptr;
    Test = test ? *test : CmlDataset{train.Dims, train.NumClasses, {}, {}};
    Params = params;
    Outputs = k == 2 ? 1 : k;
    X = CmlToFloat32(Train);
    const int n = Train.Size();
    Encoded.resize(n);
    std::vector<double> prior(k, 0.0);
    for (int i = 0; i < n; ++i) {
        Encoded[i] = Code.Index[Train.Y[i]];
        prior[Encoded[i]] += 1.0;
    }
    for (double& p : prior) p /= n;
    Init.assign(Outputs, 0.0);
    if (Outputs == 1) {
        const double p = std::clamp(prior[1], kEps32, 1.0 - kEps32);
        Init[0] = std::log(p / (1.0 - p));
    } else {
        for (int c = 0; c < k; ++c) Init[c] = std::log(std::clamp(prior[c], kEps32, 1.0 - kEps32));
    }
    Raw.resize(static_cast<std::size_t>(n) * Outputs);
    for (int i = 0; i < n; ++i) std::copy(Init.begin(), Init.end(), Raw.begin() + static_cast<std::ptrdiff_t>(i) * Outputs);
    TestRaw.resize(static_cast<std::size_t>(Test.Size()) * Outputs);
    for (int i = 0; i < Test.Size(); ++i)
        std::copy(Init.begin(), Init.end(), TestRaw.begin() + static_cast<std::ptrdiff_t>(i) * Outputs);
    TreeParams = CmlTreeParams{};
    TreeParams.Criterion = params.Criterion;
    TreeParams.MaxDepth = params.MaxDepth;
    TreeParams.MinSamplesLeaf = params.MinSamplesLeaf;
    CurrentOutput = 0;
    Started = true;
    RecordCurve(); // the curve starts at 0 trees: the prior alone
    return {};
}

double CmlBoostingJob::Progress() const
{
    if (!Started) return 0.0;
    const double done = static_cast<double>(StageCount()) * Outputs + CurrentOutput;
    return std::min(1.0, done / (static_cast<double>(Params.NumStages) * Outputs));
}

void CmlBoostingJob::StartTree()
{
    const int n = Train.Size(), k = CurrentOutput;
    if (k == 0) {
        RawAtStageStart = Raw; // gradients of every output use the raw predictions of stage m-1
        Pending.clear();
    }
    Residual.resize(n);
    OneHot.resize(n);
    for (int i = 0; i < n; ++i) {
        const double* raw = RawAtStageStart.data() + static_cast<std::size_t>(i) * Outputs;
        if (Outputs == 1) {
            OneHot[i] = Encoded[i] == 1 ? 1.0 : 0.0;
            Residual[i] = OneHot[i] - Expit(raw[0]);
        } else {
            OneHot[i] = Encoded[i] == k ? 1.0 : 0.0;
            double p = std::exp(raw[k] - LogSumExp(raw, Outputs));
            if (std::isnan(p)) p = 0.0; // np.nan_to_num
            Residual[i] = OneHot[i] - p;
        }
    }
    CmlTreeInput in;
    in.Dims = Train.Dims;
    in.X = X;
    in.Target = Residual;
    Builder.Begin(in, TreeParams, 0);
}

void CmlBoostingJob::FinishTree()
{
    CmlTree tree = Builder.TakeTree();
    const int n = Train.Size(), k = CurrentOutput;
    std::vector<int> leaf(n);
    std::vector<double> num(tree.Nodes.size(), 0.0), den(tree.Nodes.size(), 0.0);
    for (int i = 0; i < n; ++i) { // ascending sample index, as np.where(terminal_regions == leaf)
        leaf[i] = tree.Apply(Train.Row(i));
        const double y = OneHot[i], r = Residual[i];
        num[leaf[i]] += 1.0 * r;
        den[leaf[i]] += 1.0 * (y - r) * (1.0 - y + r);
    }
    for (std::size_t node = 0; node < tree.Nodes.size(); ++node) {
        if (tree.Nodes[node].Feature >= 0) continue;
        double numerator = num[node];
        if (Outputs > 1) numerator *= static_cast<double>(Outputs - 1) / Outputs;
        tree.Nodes[node].Value[0] = std::fabs(den[node]) < 1e-150 ? 0.0 : numerator / den[node];
    }
    for (int i = 0; i < n; ++i)
        Raw[static_cast<std::size_t>(i) * Outputs + k] += Params.LearningRate * tree.Nodes[leaf[i]].Value[0];
    Pending.push_back(std::move(tree));
    if (++CurrentOutput < Outputs) return;
    CurrentOutput = 0;
    Stages.push_back(std::move(Pending));
    Pending.clear();
    for (int i = 0; i < Test.Size(); ++i)
        for (int c = 0; c < Outputs; ++c)
            TestRaw[static_cast<std::size_t>(i) * Outputs + c] +=
                Params.LearningRate * Stages.back()[c].PredictValue(Test.Row(i));
    RecordCurve();
}

bool CmlBoostingJob::Step(long long budget)
{
    if (!Started) return false;
    long long left = std::max(1LL, budget);
    while (!Done() && left > 0) {
        if (!Building) {
            StartTree();
            Building = true;
        }
        const long long before = Builder.WorkDone();
        Builder.Step(left);
        left -= Builder.WorkDone() - before;
        if (Builder.Done()) {
            Building = false;
            left -= Train.Size();
            FinishTree();
        }
    }
    return Done();
}

void CmlBoostingJob::RawToProba(const double* raw, double* proba) const
{
    std::fill(proba, proba + Train.NumClasses, 0.0);
    if (Outputs == 1) {
        const double p1 = Expit(raw[0]);
        proba[Code.Classes[1]] = p1;
        proba[Code.Classes[0]] = 1.0 - p1;
        return;
    }
    const double lse = LogSumExp(raw, Outputs);
    for (int c = 0; c < Outputs; ++c) {
        const double p = std::exp(raw[c] - lse);
        proba[Code.Classes[c]] = std::isnan(p) ? 0.0 : p;
    }
}

void CmlBoostingJob::RecordCurve()
{
    CmlCurvePoint point;
    point.Trees = StageCount();
    const int k = Train.NumClasses;
    CmlScoreboard board;
    for (int which = 0; which < 2; ++which) {
        const CmlDataset& d = which == 0 ? Train : Test;
        const std::vector<double>& raw = which == 0 ? Raw : TestRaw;
        if (which == 1 && !HasTest) break;
        board.Reset(d);
        for (int i = 0; i < d.Size(); ++i)
            RawToProba(raw.data() + static_cast<std::size_t>(i) * Outputs, board.Sum.data() + static_cast<std::size_t>(i) * k);
        if (which == 0)
            board.Score(d, 1.0, point.TrainLoss, point.TrainAccuracy);
        else
            board.Score(d, 1.0, point.TestLoss, point.TestAccuracy);
    }
    Curve.push_back(point);
}

void CmlBoostingJob::RawPredict(const double* x, int stages, double* raw) const
{
    std::copy(Init.begin(), Init.end(), raw);
    stages = std::clamp(stages, 0, StageCount());
    for (int s = 0; s < stages; ++s)
        for (int c = 0; c < Outputs; ++c) raw[c] += Params.LearningRate * Stages[s][c].PredictValue(x);
}

void CmlBoostingJob::PredictProba(const double* x, int stages, double* proba) const
{
    std::vector<double> raw(Outputs);
    RawPredict(x, stages, raw.data());
    RawToProba(raw.data(), proba);
}

} // namespace mlviz
