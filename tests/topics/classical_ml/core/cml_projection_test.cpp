// PCA and LDA against sklearn 1.2 (PCA, LinearDiscriminantAnalysis(solver="eigen")), Fisher's
// criterion invariants, and the Jacobi / Cholesky helpers.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "topics/classical_ml/core/cml_linalg.h"
#include "topics/classical_ml/core/cml_projection.h"

#include "cml_reference_values.h"
#include "cml_test_data.h"

using namespace mlviz;
using namespace mlviz::cml_test;

namespace {

// Row r of `got` equals row r of `want` up to one sign per row, to `tol`.
void RequireRowsUpToSign(const std::vector<double>& got, const double* want, int rows, int cols, double tol)
{
    for (int r = 0; r < rows; ++r) {
        double dot = 0.0;
        for (int c = 0; c < cols; ++c) dot += got[r * cols + c] * want[r * cols + c];
        const double sign = dot < 0.0 ? -1.0 : 1.0;
        for (int c = 0; c < cols; ++c) {
            INFO("row " << r << " col " << c);
            CHECK(sign * got[r * cols + c] == Approx(want[r * cols + c]).margin(tol).epsilon(0));
        }
    }
}

} // namespace

TEST_CASE("PCA matches sklearn 1.2 PCA: components (with svd_flip signs), variance, ratio, projection", "[classical_ml]")
{
    const CmlDataset d = ParallelClasses(11, 60);
    const auto r = CmlPca(d, 2);
    REQUIRE(r.Ok());
    for (int i = 0; i < 4; ++i) CHECK(r->Components[i] == Approx(cml_ref::kPcaComponents[i]).margin(1e-12)); // same sign too
    for (int i = 0; i < 2; ++i) {
        CHECK(r->ExplainedVarianceRatio[i] == Approx(cml_ref::kPcaRatio[i]).margin(1e-12));
        CHECK(r->ExplainedVariance[i] == Approx(cml_ref::kPcaVariance[i]).epsilon(1e-12));
    }
    for (int i = 0; i < 10; ++i) CHECK(r->Projected[i] == Approx(cml_ref::kPcaProjectedHead[i]).margin(1e-10));

    const CmlDataset d3 = Blobs3d(21, 40, 3);
    const auto r3 = CmlPca(d3);
    REQUIRE(r3.Ok());
    REQUIRE(r3->NumComponents == 3);
    RequireRowsUpToSign(r3->Components, cml_ref::kPca3Components, 3, 3, 1e-9);
    for (int i = 0; i < 3; ++i) CHECK(r3->ExplainedVarianceRatio[i] == Approx(cml_ref::kPca3Ratio[i]).margin(1e-12));
}

TEST_CASE("LDA matches sklearn 1.2 LinearDiscriminantAnalysis(solver='eigen') up to sign", "[classical_ml]")
{
    const CmlDataset d = ParallelClasses(11, 60);
    const auto r = CmlLda(d);
    REQUIRE(r.Ok());
    CHECK(r->MaxComponents == 1); // at most C - 1
    RequireRowsUpToSign(r->Scalings, cml_ref::kLdaScalings, 1, 2, 1e-9);
    CHECK(r->ExplainedVarianceRatio[0] == Approx(cml_ref::kLdaRatio[0]).margin(1e-12));
    const double sign = r->Scalings[0] * cml_ref::kLdaScalings[0] < 0.0 ? -1.0 : 1.0;
    for (int i = 0; i < 5; ++i) CHECK(sign * r->Projected[i] == Approx(cml_ref::kLdaProjectedHead[i]).margin(1e-9));
    // eigh(Sb, Sw) normalisation: v^T S_W v = 1.
    double q = 0.0;
    for (int a = 0; a < 2; ++a)
        for (int b = 0; b < 2; ++b) q += r->Scalings[a] * r->Scalings[b] * r->Scatter.Within[a * 2 + b];
    CHECK(q == Approx(1.0).margin(1e-12));

    const CmlDataset d3 = Blobs3d(21, 40, 3);
    const auto r3 = CmlLda(d3);
    REQUIRE(r3.Ok());
    CHECK(r3->MaxComponents == 2);
    RequireRowsUpToSign(r3->Scalings, cml_ref::kLda3Scalings, 2, 3, 1e-9);
    for (int i = 0; i < 2; ++i) CHECK(r3->ExplainedVarianceRatio[i] == Approx(cml_ref::kLda3Ratio[i]).margin(1e-12));
    for (int i = 0; i < 4; ++i)
        for (int k = 0; k < 2; ++k) {
            const double s = r3->Scalings[k * 3] * cml_ref::kLda3Scalings[k * 3] < 0.0 ? -1.0 : 1.0;
            CHECK(s * r3->Projected[i * 2 + k] == Approx(cml_ref::kLda3ProjectedHead[i * 2 + k]).margin(1e-9));
        }
    const auto too_many = CmlLda(d3, 3);
    CHECK_FALSE(too_many.Ok()); // 3 classes give at most 2 axes, even in 3-D

    const auto r32 = CmlLda(FirstClasses(d3, 2));
    REQUIRE(r32.Ok());
    CHECK(r32->NumComponents == 1);
    RequireRowsUpToSign(r32->Scalings, cml_ref::kLda32Scaling, 1, 3, 1e-9);
    CHECK(r32->ExplainedVarianceRatio[0] == Approx(cml_ref::kLda32Ratio[0]).margin(1e-12));
}

TEST_CASE("Fisher's J: LDA's axis maximises it, PCA's first axis loses the separation on parallel classes", "[classical_ml]")
{
    const CmlDataset d = ParallelClasses(11, 60);
    const auto lda = CmlLda(d);
    const auto pca = CmlPca(d);
    REQUIRE((lda.Ok() && pca.Ok()));
    const auto j_lda = CmlFisherRatio(lda->Scatter, std::span(lda->Scalings.data(), 2));
    const auto j_pca = CmlFisherRatio(lda->Scatter, std::span(pca->Components.data(), 2));
    REQUIRE((j_lda && j_pca));
    CHECK(*j_lda == Approx(lda->Eigenvalues[0]).epsilon(1e-12)); // J(v) is the eigenvalue
    CHECK(*j_pca < 0.05 * *j_lda);
    // Brute force over directions: nothing beats LDA's axis; J is scale-free.
    for (int a = 0; a < 3600; ++a) {
        const double t = a * 3.14159265358979323846 / 3600.0, w[2] = {std::cos(t), std::sin(t)};
        CHECK(*CmlFisherRatio(lda->Scatter, w) <= *j_lda * (1.0 + 1e-12));
    }
    const double w3[2] = {3.0 * lda->Scalings[0], 3.0 * lda->Scalings[1]};
    CHECK(*CmlFisherRatio(lda->Scatter, w3) == Approx(*j_lda).epsilon(1e-12));
    const double zero[2] = {0.0, 0.0};
    CHECK_FALSE(CmlFisherRatio(lda->Scatter, zero).has_value());
    // S_B = sum_k prior_k (mu_k - mu)(mu_k - mu)^T, the textbook form of sklearn's St - Sw.
    const CmlScatter& s = lda->Scatter;
    double mu[2] = {0, 0};
    for (int k = 0; k < 2; ++k)
        for (int j = 0; j < 2; ++j) mu[j] += s.Priors[k] * s.Means[k * 2 + j];
    for (int a = 0; a < 2; ++a)
        for (int b = 0; b < 2; ++b) {
            double sb = 0.0;
            for (int k = 0; k < 2; ++k) sb += s.Priors[k] * (s.Means[k * 2 + a] - mu[a]) * (s.Means[k * 2 + b] - mu[b]);
            CHECK(s.Between[a * 2 + b] == Approx(sb).margin(1e-12));
        }
}

TEST_CASE("PCA and LDA reject degenerate input with a message", "[classical_ml]")
{
    CmlDataset one = Empty(2, 2);
    one.X = {1.0, 2.0};
    one.Y = {0};
    CHECK_FALSE(CmlPca(one).Ok());
    CmlDataset same = Empty(2, 2);
    same.X = {1, 1, 1, 1, 1, 1};
    same.Y = {0, 1, 1};
    CHECK_FALSE(CmlPca(same).Ok());
    CmlDataset flat = Empty(2, 2); // y constant within each class: S_W singular
    flat.X = {0, 0, 1, 0, 2, 0, 0, 1, 1, 1, 2, 1};
    flat.Y = {0, 0, 0, 1, 1, 1};
    const auto r = CmlLda(flat);
    REQUIRE_FALSE(r.Ok());
    CHECK_FALSE(r.Error().Key.empty());
    CmlDataset single = Empty(2, 3);
    single.X = {0, 0, 1, 1, 2, 0};
    single.Y = {2, 2, 2};
    CHECK_FALSE(CmlLda(single).Ok());
    CmlDataset bad = ParallelClasses(1, 5);
    bad.X[3] = std::nan("");
    CHECK_FALSE(CmlPca(bad).Ok());
    CHECK_FALSE(CmlPca(ParallelClasses(1, 5), 3).Ok());
}

TEST_CASE("Jacobi eigen-decomposition and Cholesky on random symmetric matrices", "[classical_ml]")
{
    std::mt19937 rng(5);
    for (int trial = 0; trial < 50; ++trial) {
        const int n = 2 + trial % 5;
        std::vector<double> a(n * n);
        for (int i = 0; i < n; ++i)
            for (int j = i; j < n; ++j) a[i * n + j] = a[j * n + i] = (static_cast<double>(rng()) / 4294967296.0 - 0.5) * 10.0;
        const CmlEigen e = CmlSymmetricEigen(n, a);
        for (int r = 0; r + 1 < n; ++r) CHECK(e.Values[r] >= e.Values[r + 1]);
        for (int r = 0; r < n; ++r)
            for (int i = 0; i < n; ++i) {
                double av = 0.0;
                for (int j = 0; j < n; ++j) av += a[i * n + j] * e.Vectors[r * n + j];
                CHECK(av == Approx(e.Values[r] * e.Vectors[r * n + i]).margin(1e-12));
            }
        for (int r = 0; r < n; ++r)
            for (int s = 0; s < n; ++s) {
                double dot = 0.0;
                for (int j = 0; j < n; ++j) dot += e.Vectors[r * n + j] * e.Vectors[s * n + j];
                CHECK(dot == Approx(r == s ? 1.0 : 0.0).margin(1e-13));
            }
        std::vector<double> spd(n * n), l; // A^T A + I
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                double s = i == j ? 1.0 : 0.0;
                for (int k = 0; k < n; ++k) s += a[k * n + i] * a[k * n + j];
                spd[i * n + j] = s;
            }
        REQUIRE(CmlCholesky(n, spd, l));
        std::vector<double> b(n, 1.0);
        CmlSolveLower(n, l, b);
        CmlSolveLowerTransposed(n, l, b);
        for (int i = 0; i < n; ++i) {
            double s = 0.0;
            for (int j = 0; j < n; ++j) s += spd[i * n + j] * b[j];
            CHECK(s == Approx(1.0).margin(1e-9));
        }
    }
    std::vector<double> l;
    CHECK_FALSE(CmlCholesky(2, {1.0, 2.0, 2.0, 1.0}, l)); // indefinite
}

TEST_CASE("class histograms of a projection: every point counted once, in its class row", "[classical_ml]")
{
    const CmlDataset d = ParallelClasses(11, 60);
    const auto lda = CmlLda(d);
    REQUIRE(lda.Ok());
    const CmlHistogram h = CmlClassHistogram(lda->Projected, 1, 0, d.Y, 2, 30);
    int total[2] = {0, 0};
    for (int k = 0; k < 2; ++k)
        for (int b = 0; b < 30; ++b) total[k] += h.Counts[k * 30 + b];
    CHECK(total[0] == 60);
    CHECK(total[1] == 60);
    CHECK(h.Lo < h.Hi);
    // LDA separates the parallel classes: no bin holds points of both.
    for (int b = 0; b < 30; ++b) CHECK((h.Counts[b] == 0 || h.Counts[30 + b] == 0));
    const std::vector<double> same = {2.0, 2.0};
    const std::vector<int> labels = {0, 1};
    const CmlHistogram flat = CmlClassHistogram(same, 1, 0, labels, 2, 4);
    CHECK(flat.Lo == 1.5);
    CHECK(flat.MaxCount == 1);
}
