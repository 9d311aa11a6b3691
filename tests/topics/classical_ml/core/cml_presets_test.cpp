// The presets do what their notes claim, measured with this core (numbers in the comments are
// the measured values at the shipped seeds).
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <set>

#include "topics/classical_ml/core/cml_presets.h"
#include "topics/classical_ml/core/cml_projection.h"

using namespace mlviz;

namespace {

const CmlEnsemblePreset& Ensemble(std::string_view id)
{
    for (const CmlEnsemblePreset& p : CmlEnsemblePresets())
        if (p.Id == id) return p;
    FAIL("no preset " << id);
    return CmlEnsemblePresets()[0];
}

struct Curves {
    std::vector<CmlCurvePoint> Forest, Boosting;
};

Curves Run(const CmlEnsemblePreset& p)
{
    const auto train = CmlGenerate(p.Data, 0), test = CmlGenerate(p.Data, 1);
    REQUIRE((train.Ok() && test.Ok()));
    CmlForestJob f;
    CmlBoostingJob b;
    REQUIRE(f.Begin(*train, &*test, p.Forest).Empty());
    REQUIRE(b.Begin(*train, &*test, p.Boosting).Empty());
    while (!f.Step(1LL << 40)) {}
    while (!b.Step(1LL << 40)) {}
    return {f.Curves(), b.Curves()};
}

int ArgMinTestLoss(const std::vector<CmlCurvePoint>& c)
{
    int best = 0;
    for (int s = 0; s < static_cast<int>(c.size()); ++s)
        if (c[s].TestLoss < c[best].TestLoss) best = s;
    return best;
}

} // namespace

TEST_CASE("projection presets: PCA loses the parallel classes, agrees on the other, LDA has C - 1 axes", "[classical_ml]")
{
    std::set<std::string_view> ids;
    for (const CmlProjectionPreset& p : CmlProjectionPresets()) {
        INFO(p.Id);
        CHECK(ids.insert(p.Id).second);
        const auto d = CmlGenerate(p.Data);
        REQUIRE(d.Ok());
        const auto pca = CmlPca(*d);
        const auto lda = CmlLda(*d);
        REQUIRE((pca.Ok() && lda.Ok()));
        CHECK(lda->NumComponents == d->NumClasses - 1);
        CHECK(pca->NumComponents == d->Dims);
        const int n = d->Dims;
        const double j_pca = *CmlFisherRatio(lda->Scatter, std::span(pca->Components.data(), n));
        const double j_lda = *CmlFisherRatio(lda->Scatter, std::span(lda->Scalings.data(), n));
        double dot = 0.0, norm = 0.0;
        for (int j = 0; j < n; ++j) {
            dot += pca->Components[j] * lda->Scalings[j];
            norm += lda->Scalings[j] * lda->Scalings[j];
        }
        const double cosine = std::fabs(dot) / std::sqrt(norm);
        if (p.Id == "parallel") { // measured: J 0.0045 vs 6.37, PCA keeps 93.8% of the variance
            CHECK(j_pca < 0.01 * j_lda);
            CHECK(pca->ExplainedVarianceRatio[0] > 0.9);
        }
        if (p.Id == "agree") CHECK(cosine > 0.99);                 // measured 0.9992
        if (p.Id == "two_classes_3d") CHECK(j_pca < 0.01 * j_lda); // measured 0.0014 vs 0.88
    }
}

TEST_CASE("ensemble preset: the forest's variance reduction (noisy moons, deep trees)", "[classical_ml]")
{
    const Curves c = Run(Ensemble("forest_variance"));
    // Measured: test log-loss 7.03 with one tree, 0.55 with 200; test accuracy 0.805 -> 0.85;
    // train accuracy 1.0 from 50 trees on.
    CHECK(c.Forest.back().TestLoss < 0.15 * c.Forest.front().TestLoss);
    CHECK(c.Forest.back().TestAccuracy > c.Forest.front().TestAccuracy + 0.03);
    CHECK(c.Forest.back().TrainAccuracy == 1.0);
}

TEST_CASE("ensemble preset: boosting's bias reduction (circles, stumps for both)", "[classical_ml]")
{
    const Curves c = Run(Ensemble("boosting_bias"));
    // Measured: the forest of stumps stays at test loss 0.56 (log 2 = 0.69), boosted stumps fall
    // from 0.69 to 0.048 (train 0.037), test accuracy 0.99.
    CHECK(c.Forest.back().TestLoss > 0.5);
    CHECK(c.Boosting.front().TrainLoss == Approx(std::log(2.0)).margin(1e-9));
    CHECK(c.Boosting.back().TrainLoss < 0.06);
    CHECK(c.Boosting.back().TestLoss < 0.1);
    CHECK(c.Boosting.back().TestAccuracy > 0.95);
    for (std::size_t s = 1; s < c.Boosting.size(); ++s) CHECK(c.Boosting[s].TrainLoss < c.Boosting[s - 1].TrainLoss);
}

TEST_CASE("ensemble presets: boosting overfits noisy labels at learning rate 1, later and slower at 0.1", "[classical_ml]")
{
    const Curves fast = Run(Ensemble("boosting_overfit"));
    const Curves slow = Run(Ensemble("boosting_shrinkage"));
    const int best_fast = ArgMinTestLoss(fast.Boosting), best_slow = ArgMinTestLoss(slow.Boosting);
    // Measured: lr 1.0 -> minimum 0.616 after 1 stage, 3.15 after 300 (train loss 0.000);
    //           lr 0.1 -> minimum 0.554 after 18 stages, 1.02 after 300.
    CHECK(best_fast <= 3);
    CHECK(fast.Boosting.back().TestLoss > 4.0 * fast.Boosting[best_fast].TestLoss);
    CHECK(fast.Boosting.back().TrainLoss < 0.001);
    CHECK(best_slow > 5 * std::max(1, best_fast));
    CHECK(slow.Boosting[best_slow].TestLoss < fast.Boosting[best_fast].TestLoss);
    CHECK(slow.Boosting.back().TestLoss < 0.5 * fast.Boosting.back().TestLoss);
}

TEST_CASE("imbalance presets at 1:100: accuracy misleads, SMOTE, weights and the threshold buy recall", "[classical_ml]")
{
    struct Outcome {
        CmlConfusion Test;
        double Ap = 0.0, Auc = 0.0;
        bool Resampled = true;
    };
    const auto run = [](const CmlImbalancePreset& p) {
        CmlImbalanceJob job;
        REQUIRE(job.Begin(p.Config).Empty());
        int steps = 0;
        while (!job.Step(1)) ++steps;
        CHECK(steps < 30);
        Outcome o;
        o.Resampled = job.ResampleError().Empty();
        o.Test = job.ConfusionAt(p.Threshold);
        o.Ap = job.Pr().AveragePrecision;
        o.Auc = job.Roc()->Auc;
        return o;
    };
    std::map<std::string_view, Outcome> out;
    for (const CmlImbalancePreset& p : CmlImbalancePresets()) out[p.Id] = run(p);
    // Measured (test set, 2000 : 20): accuracy 0.988 at recall 0.05; AP 0.367 while ROC AUC 0.989.
    CHECK(out["accuracy_trap"].Test.Accuracy > 0.98);
    CHECK(out["accuracy_trap"].Test.Recall < 0.2);
    CHECK(out["accuracy_trap"].Ap < 0.5);
    CHECK(out["accuracy_trap"].Auc > 0.95);
    CHECK(out["smote"].Test.Recall > 0.8);         // measured 0.95 (accuracy 0.958)
    CHECK(out["class_weights"].Test.Recall > 0.8); // measured 1.00 (accuracy 0.949)
    CHECK(out["threshold"].Test.Recall > 0.8);     // measured 0.90, F1 0.486 vs 0.077
    CHECK(out["threshold"].Test.F1 > 3.0 * out["accuracy_trap"].Test.F1);
    CHECK_FALSE(out["extreme"].Resampled); // 4 minority points, k = 5
}
