// Gradient boosting against sklearn 1.2 GradientBoostingClassifier(subsample=1, max_features=None):
// staged raw predictions (binary, 3 classes, squared_error and friedman_mse), Newton leaf values
// by hand, slicing, and the curves.
#include <catch2/catch.hpp>

#include <cmath>

#include "topics/classical_ml/core/cml_boosting.h"

#include "cml_reference_values.h"
#include "cml_test_data.h"

using namespace mlviz;
using namespace mlviz::cml_test;

namespace {

CmlBoostingJob Fit(const CmlDataset& d, CmlCriterion criterion, double lr, int depth, int stages, long long budget = 1LL << 40)
{
    CmlBoostingParams p;
    p.Criterion = criterion;
    p.LearningRate = lr;
    p.MaxDepth = depth;
    p.NumStages = stages;
    CmlBoostingJob job;
    REQUIRE(job.Begin(d, nullptr, p).Empty());
    while (!job.Step(budget)) {}
    return job;
}

// Staged raw predictions on the training points agree with sklearn's staged_decision_function to
// 1e-9: per-stage sums and sums of squares over all points, a few points in full, and the final
// raw predictions at query points.
void CheckAgainstSklearn(const CmlBoostingJob& job, const CmlDataset& d, int stages, const double* stage_sum,
                         const double* stage_sum_sq, const double* head, const double* query_final, double train_log_loss)
{
    const int k = job.NumOutputs(), n = d.Size();
    std::vector<double> raw(k);
    for (int s = 1; s <= stages; ++s) {
        double sum = 0.0, sq = 0.0;
        for (int i = 0; i < n; ++i) {
            job.RawPredict(d.Row(i), s, raw.data());
            for (double v : raw) {
                sum += v;
                sq += v * v;
            }
        }
        INFO("stage " << s);
        CHECK(sum == Approx(stage_sum[s - 1]).margin(1e-9));
        CHECK(sq == Approx(stage_sum_sq[s - 1]).epsilon(1e-12).margin(1e-9));
    }
    const int which[3] = {1, 2, stages};
    for (int w = 0; w < 3; ++w)
        for (int i = 0; i < 6; ++i) {
            job.RawPredict(d.Row(i), which[w], raw.data());
            for (int c = 0; c < k; ++c) CHECK(raw[c] == Approx(head[(w * 6 + i) * k + c]).margin(1e-9));
        }
    const std::vector<double> q = UniformPoints(99, 12, -1.5, 3.0);
    for (int i = 0; i < 12; ++i) {
        job.RawPredict(q.data() + 2 * i, stages, raw.data());
        for (int c = 0; c < k; ++c) CHECK(raw[c] == Approx(query_final[i * k + c]).margin(1e-9));
    }
    // The maintained training raw predictions are the staged ones, and the curve's loss is
    // sklearn.metrics.log_loss of predict_proba.
    for (int i = 0; i < n; ++i) {
        job.RawPredict(d.Row(i), stages, raw.data());
        for (int c = 0; c < k; ++c) CHECK(job.TrainRaw()[i * k + c] == Approx(raw[c]).margin(1e-12));
    }
    CHECK(job.Curves().back().TrainLoss == Approx(train_log_loss).margin(1e-12));
}

} // namespace

TEST_CASE("boosting, two classes: staged raw predictions equal sklearn's (squared_error, lr 0.3, depth 3)", "[classical_ml]")
{
    const CmlDataset d = FirstClasses(Blobs2d(1, 30, 3), 2);
    const CmlBoostingJob job = Fit(d, CmlCriterion::SquaredError, 0.3, 3, 20);
    REQUIRE(job.NumOutputs() == 1);
    CHECK(job.InitRaw()[0] == 0.0); // 30 / 30: log(0.5 / 0.5)
    CheckAgainstSklearn(job, d, 20, cml_ref::kGbmBinStageSum, cml_ref::kGbmBinStageSumSq, cml_ref::kGbmBinHead,
                        cml_ref::kGbmBinQueryFinal, cml_ref::kGbmBinTrainLogLoss);
}

TEST_CASE("boosting, three classes: K trees per stage equal sklearn's (squared_error, lr 0.5, depth 2)", "[classical_ml]")
{
    const CmlDataset d = Blobs2d(1, 30, 3);
    const CmlBoostingJob job = Fit(d, CmlCriterion::SquaredError, 0.5, 2, 15);
    REQUIRE(job.NumOutputs() == 3);
    CHECK(job.InitRaw()[0] == Approx(std::log(1.0 / 3.0)));
    CheckAgainstSklearn(job, d, 15, cml_ref::kGbmMultiStageSum, cml_ref::kGbmMultiStageSumSq, cml_ref::kGbmMultiHead,
                        cml_ref::kGbmMultiQueryFinal, cml_ref::kGbmMultiTrainLogLoss);
}

TEST_CASE("boosting with friedman_mse (sklearn's default criterion) equals sklearn too", "[classical_ml]")
{
    const CmlDataset d = Blobs2d(1, 30, 3);
    const CmlBoostingJob job = Fit(d, CmlCriterion::FriedmanMse, 0.2, 3, 10, 40); // tiny slices
    CheckAgainstSklearn(job, d, 10, cml_ref::kGbmFriedmanStageSum, cml_ref::kGbmFriedmanStageSumSq, cml_ref::kGbmFriedmanHead,
                        cml_ref::kGbmFriedmanQueryFinal, cml_ref::kGbmFriedmanTrainLogLoss);
}

TEST_CASE("boosting by hand: prior log-odds, then one Newton step per leaf", "[classical_ml]")
{
    // Three points of class 0 left of x = 2, one of class 1 right of it: a depth-1 tree.
    CmlDataset d = Empty(2, 2);
    const double xs[4] = {0, 1, 2, 3};
    const int ys[4] = {0, 0, 0, 1};
    for (int i = 0; i < 4; ++i) {
        d.X.insert(d.X.end(), {xs[i], 0.0});
        d.Y.push_back(ys[i]);
    }
    const CmlBoostingJob job = Fit(d, CmlCriterion::SquaredError, 0.5, 1, 1);
    const double f0 = std::log(0.25 / 0.75), p = 0.25;
    CHECK(job.InitRaw()[0] == Approx(f0).epsilon(1e-15));
    const CmlTree& t = job.TreeAt(0, 0);
    REQUIRE(t.Nodes.size() == 3);
    CHECK(t.Nodes[0].Threshold == 2.5);
    // Left leaf: residuals -p (three times): sum(r) / sum(p (1 - p)) = -3p / (3 p (1 - p)).
    CHECK(t.Nodes[1].Value[0] == Approx(-1.0 / (1.0 - p)).epsilon(1e-14));
    CHECK(t.Nodes[2].Value[0] == Approx((1.0 - p) / (p * (1.0 - p))).epsilon(1e-14));
    double raw;
    job.RawPredict(d.Row(3), 1, &raw);
    CHECK(raw == Approx(f0 + 0.5 / p).epsilon(1e-14));
    double proba[2];
    job.PredictProba(d.Row(0), 1, proba);
    CHECK(proba[0] + proba[1] == Approx(1.0));
    CHECK(proba[1] == Approx(1.0 / (1.0 + std::exp(-(f0 - 0.5 / (1.0 - p))))));
}

TEST_CASE("boosting curves: point 0 is the prior, train loss falls at a small learning rate", "[classical_ml]")
{
    const CmlDataset train = Blobs2d(6, 60, 3, 1.0), test = Blobs2d(7, 60, 3, 1.0);
    CmlBoostingParams p;
    p.NumStages = 30;
    p.LearningRate = 0.1;
    CmlBoostingJob job;
    REQUIRE(job.Begin(train, &test, p).Empty());
    REQUIRE(job.Curves().size() == 1);
    CHECK(job.Curves()[0].TrainLoss == Approx(std::log(3.0)).margin(1e-12)); // balanced prior
    while (!job.Step(500)) {}
    REQUIRE(job.Curves().size() == 31);
    for (int s = 1; s <= 30; ++s) CHECK(job.Curves()[s].TrainLoss < job.Curves()[s - 1].TrainLoss);
    CHECK(job.Progress() == 1.0);
    CmlBoostingParams bad = p;
    bad.Criterion = CmlCriterion::Gini;
    CHECK_FALSE(job.Begin(train, &test, bad).Empty());
    bad = p;
    bad.LearningRate = 0.0;
    CHECK_FALSE(job.Begin(train, &test, bad).Empty());
    CmlDataset one = FirstClasses(train, 1);
    CHECK_FALSE(job.Begin(one, nullptr, p).Empty());
}
