// Random forest: bootstrap weights, per-tree seeds, incremental probability sums for the curves.
#include "topics/classical_ml/core/cml_forest.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/random.h"

namespace mlviz {

Message CmlValidateForestParams(const CmlForestParams& p, int dims)
{
    if (p.NumTrees < 1 || p.NumTrees > kCmlMaxTrees)
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "n_estimators", p.NumTrees, 1, kCmlMaxTrees);
    if (p.MaxFeatures < 0 || p.MaxFeatures > dims)
        return Msg("поле '%s' = %d вне диапазона [%d, %d]", "max_features", p.MaxFeatures, 0, dims);
    CmlTreeParams t;
    t.MaxDepth = p.MaxDepth;
    t.MinSamplesLeaf = p.MinSamplesLeaf;
    return CmlValidateTreeParams(t, dims, false);
}

Message CmlForestJob::Begin(const CmlDataset& train, const CmlDataset* test, const CmlForestParams& params)
{
    Started = Building = false;
    Trees.clear();
    Curve.clear();
    if (Message m = CmlValidateDataset(train); !m.Empty()) return m;
    if (test)
        if (Message m = CmlValidateDataset(*test); !m.Empty()) return WithContext(m, "test");
    if (test && (test->Dims != train.Dims || test->NumClasses != train.NumClasses))
        return Msg("обучающая и тестовая выборки различаются размерностью или числом классов");
    if (Message m = CmlValidateForestParams(params, train.Dims); !m.Empty()) return m;
    Code = CmlEncodeLabels(train);
    if (Code.Classes.size() < 2) return Msg("лес: в обучающей выборке нужны точки хотя бы %d классов", 2);
    Train = train;
    HasTest = test != nullptr;
    Test = test ? *test : CmlDataset{train.Dims, train.NumClasses, {}, {}};
    Params = params;
    X = CmlToFloat32(Train);
    Encoded.resize(Train.Size());
    for (int i = 0; i < Train.Size(); ++i) Encoded[i] = Code.Index[Train.Y[i]];
    TreeParams = CmlTreeParams{};
    TreeParams.Criterion = CmlCriterion::Gini;
    TreeParams.MaxDepth = params.MaxDepth;
    TreeParams.MinSamplesLeaf = params.MinSamplesLeaf;
    const int d = train.Dims;
    const int drawn =
        params.MaxFeatures == 0 ? std::max(1, static_cast<int>(std::sqrt(static_cast<double>(d)))) : params.MaxFeatures;
    TreeParams.MaxFeatures = drawn >= d ? 0 : drawn; // all features: the deterministic order
    TrainBoard.Reset(Train);
    TestBoard.Reset(Test);
    Started = true;
    return {};
}

double CmlForestJob::Progress() const
{
    if (!Started) return 0.0;
    return std::min(1.0, static_cast<double>(Trees.size()) / Params.NumTrees);
}

bool CmlForestJob::Step(long long budget)
{
    if (!Started) return false;
    long long left = std::max(1LL, budget);
    while (!Done() && left > 0) {
        if (!Building) {
            const std::uint32_t t = static_cast<std::uint32_t>(Trees.size());
            std::seed_seq seq{Params.Seed, t};
            std::mt19937 rng(seq);
            const int n = Train.Size();
            Weight.assign(n, Params.Bootstrap ? 0.0 : 1.0);
            if (Params.Bootstrap)
                for (int i = 0; i < n; ++i) Weight[UniformInt(rng, n)] += 1.0;
            CmlTreeInput in;
            in.Dims = Train.Dims;
            in.X = X;
            in.NumClasses = static_cast<int>(Code.Classes.size());
            in.Classes = Encoded;
            in.Weight = Weight;
            Builder.Begin(in, TreeParams, rng());
            Building = true;
        }
        const long long before = Builder.WorkDone();
        Builder.Step(left);
        left -= Builder.WorkDone() - before;
        if (Builder.Done()) {
            Building = false;
            Finish(Builder.TakeTree());
        }
    }
    return Done();
}

void CmlForestJob::Finish(CmlTree tree)
{
    Trees.push_back(std::move(tree));
    const CmlTree& t = Trees.back();
    const int k = Train.NumClasses, encoded = t.NumClasses;
    std::vector<double> p(encoded);
    for (int which = 0; which < 2; ++which) {
        CmlScoreboard* board = which == 0 ? &TrainBoard : &TestBoard;
        const CmlDataset& d = which == 0 ? Train : Test;
        for (int i = 0; i < d.Size(); ++i) {
            t.PredictProba(d.Row(i), p.data());
            for (int c = 0; c < encoded; ++c) board->Sum[static_cast<std::size_t>(i) * k + Code.Classes[c]] += p[c];
        }
    }
    CmlCurvePoint point;
    point.Trees = static_cast<int>(Trees.size());
    TrainBoard.Score(Train, point.Trees, point.TrainLoss, point.TrainAccuracy);
    if (HasTest) TestBoard.Score(Test, point.Trees, point.TestLoss, point.TestAccuracy);
    Curve.push_back(point);
}

void CmlForestJob::PredictProba(const double* x, int trees, double* proba) const
{
    const int k = Train.NumClasses;
    std::fill(proba, proba + k, 0.0);
    trees = std::clamp(trees, 0, TreeCount());
    if (trees == 0) return;
    std::vector<double> p(Code.Classes.size());
    for (int t = 0; t < trees; ++t) {
        Trees[t].PredictProba(x, p.data());
        for (std::size_t c = 0; c < p.size(); ++c) proba[Code.Classes[c]] += p[c];
    }
    for (int c = 0; c < k; ++c) proba[c] /= trees;
}

} // namespace mlviz
