// Class imbalance: SMOTE against imbalanced-learn 0.10 (same neighbours; same draws -> same
// points), random over / under-sampling, logistic regression against sklearn 1.2, and
// precision_recall_curve / average_precision_score / roc_curve / roc_auc_score references.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "topics/classical_ml/core/cml_logreg.h"
#include "topics/classical_ml/core/cml_metrics.h"
#include "topics/classical_ml/core/cml_resample.h"

#include "cml_reference_values.h"
#include "cml_test_data.h"

using namespace mlviz;
using namespace mlviz::cml_test;

namespace {

// The script's SMOTE input: 40 majority points (shifted by 3), then 15 minority points.
CmlDataset SmoteInput()
{
    CmlDataset maj = Blobs2d(32, 40, 1, 1.5), min = Blobs2d(31, 15, 1, 1.0);
    CmlDataset d = Empty(2, 2);
    for (double v : maj.X) d.X.push_back(v + 3.0);
    d.Y.assign(40, 0);
    d.X.insert(d.X.end(), min.X.begin(), min.X.end());
    d.Y.insert(d.Y.end(), 15, 1);
    return d;
}

std::vector<double> Scores()
{
    Lcg r{77};
    std::vector<double> s;
    for (int i = 0; i < 40; ++i) s.push_back(std::floor(r.U() * 12) / 12.0);
    return s;
}

std::vector<int> Labels(const std::vector<double>& scores)
{
    Lcg r{77};
    for (int i = 0; i < 40; ++i) r.U();
    std::vector<int> y;
    for (double s : scores) y.push_back(r.U() < 0.25 + 0.6 * s ? 1 : 0);
    return y;
}

} // namespace

TEST_CASE("SMOTE: imblearn 0.10's neighbours, and its synthetic points for the same draws", "[classical_ml]")
{
    const CmlDataset d = SmoteInput();
    std::vector<int> members;
    for (int i = 40; i < 55; ++i) members.push_back(i);
    const std::vector<int> nn = CmlNearestNeighbours(d, members, 5);
    REQUIRE(nn.size() == 75);
    for (int i = 0; i < 75; ++i) CHECK(nn[i] == cml_ref::kSmoteNeighbours[i]);
    const std::vector<int> rows(cml_ref::kSmoteRows, cml_ref::kSmoteRows + 25),
        cols(cml_ref::kSmoteCols, cml_ref::kSmoteCols + 25);
    const std::vector<double> gaps(cml_ref::kSmoteSteps, cml_ref::kSmoteSteps + 25);
    const std::vector<double> pts = CmlSmotePoints(d, members, nn, 5, rows, cols, gaps);
    REQUIRE(pts.size() == 50);
    for (int i = 0; i < 50; ++i) CHECK(pts[i] == cml_ref::kSmoteNew[i]); // bit for bit

    // The full resampler: 25 new minority points on segments between minority neighbours.
    const auto r = CmlResample(d, CmlResampling::Smote, 5, 3);
    REQUIRE(r.Ok());
    REQUIRE(r->Data.Size() == 80);
    CHECK(CmlClassCounts(r->Data) == std::vector<int>{40, 40});
    REQUIRE(r->Synthetic.size() == 25);
    for (int s = 0; s < 25; ++s) {
        const CmlSmoteSample& sm = r->Synthetic[s];
        CHECK(d.Y[sm.Base] == 1);
        CHECK(d.Y[sm.Neighbour] == 1);
        CHECK((sm.Gap >= 0.0 && sm.Gap < 1.0));
        const int base_pos = sm.Base - 40;
        const int* row = nn.data() + base_pos * 5;
        CHECK(std::find(row, row + 5, sm.Neighbour - 40) != row + 5);
        for (int j = 0; j < 2; ++j)
            CHECK(r->Data.At(55 + s, j) == d.At(sm.Base, j) + sm.Gap * (d.At(sm.Neighbour, j) - d.At(sm.Base, j)));
        CHECK(r->Source[55 + s] == -1);
    }
    for (int i = 0; i < 55; ++i) CHECK(r->Source[i] == i);
    CHECK_FALSE(CmlResample(d, CmlResampling::Smote, 15, 3).Ok()); // k must be < the class size
}

TEST_CASE("random over- and under-sampling reach imblearn's 'auto' targets", "[classical_ml]")
{
    const CmlDataset d = SmoteInput();
    const auto over = CmlResample(d, CmlResampling::RandomOver, 5, 1);
    REQUIRE(over.Ok());
    CHECK(CmlClassCounts(over->Data) == std::vector<int>{40, 40});
    for (int i = 55; i < 80; ++i) {
        REQUIRE(over->Source[i] >= 40); // copies of minority points
        CHECK(over->Data.At(i, 0) == d.At(over->Source[i], 0));
    }
    const auto under = CmlResample(d, CmlResampling::RandomUnder, 5, 1);
    REQUIRE(under.Ok());
    CHECK(CmlClassCounts(under->Data) == std::vector<int>{15, 15});
    std::vector<int> src = under->Source;
    std::sort(src.begin(), src.end());
    CHECK(std::unique(src.begin(), src.end()) == src.end()); // without replacement
    const auto none = CmlResample(d, CmlResampling::None, 5, 1);
    CHECK(none->Data.X == d.X);
    CHECK(CmlMinorityCount(500, 500.0) == 1);
    CHECK(CmlMinorityCount(500, 1.0) == 500);
    CHECK(CmlMinorityCount(300, 7.0) == 43);
}

TEST_CASE("precision_recall_curve, average_precision_score, roc_curve, roc_auc_score match sklearn 1.2", "[classical_ml]")
{
    const std::vector<double> s = Scores();
    const std::vector<int> y = Labels(s);
    const auto pr = CmlPrecisionRecall(s, y);
    REQUIRE(pr.Ok());
    const std::size_t np = sizeof(cml_ref::kPrPrecision) / sizeof(double);
    REQUIRE(pr->Precision.size() == np);
    REQUIRE(pr->Thresholds.size() == np - 1);
    for (std::size_t i = 0; i < np; ++i) {
        CHECK(pr->Precision[i] == Approx(cml_ref::kPrPrecision[i]).margin(1e-15));
        CHECK(pr->Recall[i] == Approx(cml_ref::kPrRecall[i]).margin(1e-15));
    }
    for (std::size_t i = 0; i + 1 < np; ++i) CHECK(pr->Thresholds[i] == cml_ref::kPrThresholds[i]);
    CHECK(pr->AveragePrecision == Approx(cml_ref::kAveragePrecision).margin(1e-12));

    const auto roc = CmlRoc(s, y);
    REQUIRE(roc.Ok());
    const std::size_t nr = sizeof(cml_ref::kRocFpr) / sizeof(double);
    REQUIRE(roc->Fpr.size() == nr);
    for (std::size_t i = 0; i < nr; ++i) {
        CHECK(roc->Fpr[i] == Approx(cml_ref::kRocFpr[i]).margin(1e-15));
        CHECK(roc->Tpr[i] == Approx(cml_ref::kRocTpr[i]).margin(1e-15));
        CHECK(roc->Thresholds[i] == cml_ref::kRocThresholds[i]);
    }
    CHECK(roc->Auc == Approx(cml_ref::kRocAuc).margin(1e-12));

    // AUC is the probability that a positive outranks a negative (ties count 1/2): brute force.
    double wins = 0.0, pairs = 0.0;
    for (std::size_t i = 0; i < s.size(); ++i)
        for (std::size_t j = 0; j < s.size(); ++j)
            if (y[i] == 1 && y[j] == 0) {
                pairs += 1.0;
                wins += s[i] > s[j] ? 1.0 : s[i] == s[j] ? 0.5 : 0.0;
            }
    CHECK(roc->Auc == Approx(wins / pairs).margin(1e-12));
    // AP as the mean, over positives, of the precision at the positive's own score (ties count
    // together): the same step sum, computed another way.
    double ap = 0.0;
    int positives = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (y[i] != 1) continue;
        ++positives;
        ap += CmlConfusionAt(s, y, s[i]).Precision;
    }
    CHECK(pr->AveragePrecision == Approx(ap / positives).margin(1e-12));
}

TEST_CASE("confusion matrix at a threshold, and accuracy's misleading value under imbalance", "[classical_ml]")
{
    const std::vector<double> s = {0.9, 0.8, 0.4, 0.3, 0.2, 0.1};
    const std::vector<int> y = {1, 0, 1, 0, 0, 0};
    const CmlConfusion c = CmlConfusionAt(s, y, 0.5);
    CHECK(c.Tp == 1);
    CHECK(c.Fp == 1);
    CHECK(c.Fn == 1);
    CHECK(c.Tn == 3);
    CHECK(c.Precision == 0.5);
    CHECK(c.Recall == 0.5);
    CHECK(c.F1 == 0.5);
    CHECK(c.Accuracy == Approx(4.0 / 6.0));
    CHECK(c.BalancedAccuracy == Approx(0.5 * (0.5 + 0.75)));
    CHECK(CmlConfusionAt(s, y, 0.4).Tp == 2); // score >= threshold is positive
    // 1:99: "always negative" is 99% accurate with zero recall.
    std::vector<double> flat(100, 0.0);
    std::vector<int> rare(100, 0);
    rare[0] = 1;
    const CmlConfusion lazy = CmlConfusionAt(flat, rare, 0.5);
    CHECK(lazy.Accuracy == 0.99);
    CHECK(lazy.Recall == 0.0);
    CHECK(lazy.Precision == 0.0); // zero_division = 0
    CHECK(lazy.F1 == 0.0);
    CHECK_FALSE(CmlRoc(flat, std::vector<int>(100, 0)).Ok());
    CHECK_FALSE(CmlPrecisionRecall(std::vector<double>{0.5, NAN}, std::vector<int>{0, 1}).Ok());
    CHECK_FALSE(CmlPrecisionRecall(std::vector<double>{0.5}, std::vector<int>{2}).Ok());
}

TEST_CASE("logistic regression reaches sklearn's optimum (C 0.5, balanced weights, degree 1 and 2)", "[classical_ml]")
{
    CmlDataset d = Blobs2d(41, 60, 1, 1.2);
    const CmlDataset minority = Blobs2d(42, 12, 1, 0.8);
    for (int i = 0; i < 12; ++i) {
        d.X.push_back(minority.At(i, 0) + 1.2);
        d.X.push_back(minority.At(i, 1) + 0.8);
        d.Y.push_back(1);
    }
    for (int degree = 1; degree <= 2; ++degree) {
        CmlLogRegParams p;
        p.C = 0.5;
        p.BalancedWeights = true;
        p.Degree = degree;
        CmlLogRegJob job;
        REQUIRE(job.Begin(d, p).Empty());
        CHECK(job.ClassWeight(1) == Approx(72.0 / 24.0));
        int steps = 0;
        while (!job.Step(1)) ++steps;
        CHECK(job.HasConverged());
        CHECK(steps < 30);
        const double* coef = degree == 1 ? cml_ref::kLogReg1Coef : cml_ref::kLogReg2Coef;
        REQUIRE(job.Coef().size() == (degree == 1 ? 2u : 5u));
        for (std::size_t j = 0; j < job.Coef().size(); ++j) CHECK(job.Coef()[j] == Approx(coef[j]).margin(1e-9));
        CHECK(job.Intercept() == Approx(degree == 1 ? cml_ref::kLogReg1Intercept : cml_ref::kLogReg2Intercept).margin(1e-9));
    }
    double phi[9];
    const double x[2] = {2.0, 3.0};
    CmlPolyFeatures(x, 2, 3, phi);
    const double want[9] = {2, 3, 4, 6, 9, 8, 12, 18, 27}; // x, y, x^2, xy, y^2, x^3, x^2 y, x y^2, y^3
    for (int i = 0; i < 9; ++i) CHECK(phi[i] == want[i]);
    CHECK(CmlPolyFeatureCount(3, 2) == 9);
    CmlLogRegJob job;
    CHECK_FALSE(job.Begin(FirstClasses(d, 1), {}).Empty());
}
