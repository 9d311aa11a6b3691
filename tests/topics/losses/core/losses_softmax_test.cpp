// Softmax + CE panel (naive vs log-sum-exp, float32 vs float64, temperature), sigmoid + MSE, BCE vs CE panel.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/message.h"
#include "topics/losses/core/losses_softmax.h"

using namespace mlviz;

namespace {

SoftmaxConfig Config(std::vector<double> z, int target, double t, SoftmaxForm form, FloatPrecision prec)
{
    SoftmaxConfig c;
    c.Logits = std::move(z);
    c.Target = target;
    c.Temperature = t;
    c.Form = form;
    c.Precision = prec;
    return c;
}

// CE of the panel as a function of the logits (float64, log-sum-exp), for finite differences.
double PanelLoss(const std::vector<double>& z, int target, double t)
{
    return ComputeSoftmaxPanel(Config(z, target, t, SoftmaxForm::LogSumExp, FloatPrecision::Float64))->Loss;
}

} // namespace

TEST_CASE("losses: softmax panel by hand", "[losses]")
{
    // z = (0, ln 2, ln 5): e^z = (1, 2, 5), p = (1/8, 2/8, 5/8); CE for class 1 = ln 4.
    const std::vector<double> z = {0.0, std::log(2.0), std::log(5.0)};
    for (SoftmaxForm form : {SoftmaxForm::Naive, SoftmaxForm::LogSumExp}) {
        auto p = ComputeSoftmaxPanel(Config(z, 1, 1.0, form, FloatPrecision::Float64));
        REQUIRE(p.Ok());
        CHECK(p->Probs[0] == Approx(0.125).epsilon(1e-14));
        CHECK(p->Probs[1] == Approx(0.25).epsilon(1e-14));
        CHECK(p->Probs[2] == Approx(0.625).epsilon(1e-14));
        CHECK(p->Loss == Approx(std::log(4.0)).epsilon(1e-14));
        CHECK(p->Grad[1] == Approx(0.25 - 1.0).epsilon(1e-14)); // p − y
        CHECK(p->Grad[2] == Approx(0.625).epsilon(1e-14));
        CHECK(p->AllFinite);
    }
    // Temperature 2 on 2·z gives the same probabilities; the gradient w.r.t. z carries 1/T.
    std::vector<double> z2 = {0.0, 2.0 * std::log(2.0), 2.0 * std::log(5.0)};
    auto hot = ComputeSoftmaxPanel(Config(z2, 1, 2.0, SoftmaxForm::LogSumExp, FloatPrecision::Float64));
    CHECK(hot->Probs[2] == Approx(0.625).epsilon(1e-14));
    CHECK(hot->Grad[2] == Approx(0.625 / 2.0).epsilon(1e-14));
    // The LSE shift is the largest scaled logit.
    CHECK(hot->Shift == Approx(std::log(5.0)).epsilon(1e-14));
}

TEST_CASE("losses: softmax gradient is (p - y)/T, checked by finite differences", "[losses]")
{
    const std::vector<double> z = {1.3, -0.4, 2.2, 0.7, -3.1};
    for (double t : {0.3, 1.0, 4.0}) {
        auto p = ComputeSoftmaxPanel(Config(z, 3, t, SoftmaxForm::LogSumExp, FloatPrecision::Float64));
        double sum = 0.0;
        for (int i = 0; i < 5; ++i) {
            std::vector<double> a = z, b = z;
            a[i] += 1e-6;
            b[i] -= 1e-6;
            const double fd = (PanelLoss(a, 3, t) - PanelLoss(b, 3, t)) / 2e-6;
            CHECK(p->Grad[i] == Approx(fd).margin(1e-7));
            sum += p->Grad[i];
        }
        CHECK(sum == Approx(0.0).margin(1e-14)); // softmax gradients sum to zero
    }
}

TEST_CASE("losses: naive softmax overflows where log-sum-exp does not", "[losses]")
{
    // float32: e^89 overflows (FLT_MAX ≈ e^88.72); float64 survives it but not e^710.
    const std::vector<double> z = {89.0, 1.0, -2.0};
    auto naive32 = ComputeSoftmaxPanel(Config(z, 0, 1.0, SoftmaxForm::Naive, FloatPrecision::Float32));
    REQUIRE(naive32.Ok());
    CHECK_FALSE(naive32->AllFinite);
    CHECK(ClassifyNumber(naive32->Exps[0]) == NumberKind::PlusInfinity);
    CHECK(ClassifyNumber(naive32->SumExps) == NumberKind::PlusInfinity);
    CHECK(ClassifyNumber(naive32->Probs[0]) == NumberKind::NotANumber); // inf / inf
    CHECK(naive32->Probs[1] == 0.0);                                    // finite / inf
    CHECK(ClassifyNumber(naive32->Loss) == NumberKind::NotANumber);
    CHECK(ClassifyNumber(naive32->Grad[0]) == NumberKind::NotANumber);
    CHECK_FALSE(DescribeNumber(naive32->Probs[0]).Empty());
    CHECK(DescribeNumber(1.0).Empty());

    // Target on a small logit: its probability underflows to 0 and the naive loss is +inf.
    auto naive32_small = ComputeSoftmaxPanel(Config(z, 2, 1.0, SoftmaxForm::Naive, FloatPrecision::Float32));
    CHECK(ClassifyNumber(naive32_small->Loss) == NumberKind::PlusInfinity);

    auto lse32 = ComputeSoftmaxPanel(Config(z, 2, 1.0, SoftmaxForm::LogSumExp, FloatPrecision::Float32));
    CHECK(lse32->AllFinite);
    CHECK(lse32->Loss == Approx(91.0).epsilon(1e-6)); // 89 + log(1 + e^-88 + e^-91) + 2
    CHECK(lse32->Probs[0] == Approx(1.0));

    auto naive64 = ComputeSoftmaxPanel(Config(z, 0, 1.0, SoftmaxForm::Naive, FloatPrecision::Float64));
    CHECK(naive64->AllFinite);
    auto naive64_big = ComputeSoftmaxPanel(Config({710.0, 0.0}, 0, 1.0, SoftmaxForm::Naive, FloatPrecision::Float64));
    CHECK_FALSE(naive64_big->AllFinite);
    // A small temperature is what overflows in practice: 10 / 0.1 = 100 > 88.7.
    auto cold = ComputeSoftmaxPanel(Config({10.0, 9.0}, 0, 0.1, SoftmaxForm::Naive, FloatPrecision::Float32));
    CHECK_FALSE(cold->AllFinite);
    auto cold_lse = ComputeSoftmaxPanel(Config({10.0, 9.0}, 0, 0.1, SoftmaxForm::LogSumExp, FloatPrecision::Float32));
    CHECK(cold_lse->AllFinite);
    CHECK(cold_lse->Probs[1] == Approx(std::exp(-10.0) / (1.0 + std::exp(-10.0))).epsilon(1e-5));
    // All logits very negative: the naive sum underflows to 0 and 0/0 is NaN.
    auto under = ComputeSoftmaxPanel(Config({-120.0, -125.0}, 0, 1.0, SoftmaxForm::Naive, FloatPrecision::Float32));
    CHECK(ClassifyNumber(under->Probs[0]) == NumberKind::NotANumber);
}

TEST_CASE("losses: softmax panel rejects bad input with a message", "[losses]")
{
    CHECK_FALSE(ComputeSoftmaxPanel(Config({1.0}, 0, 1.0, SoftmaxForm::Naive, FloatPrecision::Float32)).Ok());
    CHECK_FALSE(
        ComputeSoftmaxPanel(Config(std::vector<double>(11, 0.0), 0, 1.0, SoftmaxForm::Naive, FloatPrecision::Float32)).Ok());
    CHECK_FALSE(ComputeSoftmaxPanel(Config({1.0, 2.0}, 2, 1.0, SoftmaxForm::Naive, FloatPrecision::Float32)).Ok());
    CHECK_FALSE(ComputeSoftmaxPanel(Config({1.0, 2.0}, 0, 0.0, SoftmaxForm::Naive, FloatPrecision::Float32)).Ok());
    CHECK_FALSE(ComputeSoftmaxPanel(Config({1.0, NAN}, 0, 1.0, SoftmaxForm::Naive, FloatPrecision::Float32)).Ok());
    auto r = ComputeSoftmaxPanel(Config({1.0, 2e4}, 0, 1.0, SoftmaxForm::Naive, FloatPrecision::Float32));
    REQUIRE_FALSE(r.Ok());
    CHECK(RenderMessage(r.Error(), Language::Ru).find("логит 1") != std::string::npos);
}

TEST_CASE("losses: sigmoid + MSE gradient vanishes on a confidently wrong answer, BCE's does not", "[losses]")
{
    auto wrong = ComputeSigmoidMsePanel({-8.0, 3.0, 0.0}, 0); // the true class has logit -8
    REQUIRE(wrong.Ok());
    const double s = 1.0 / (1.0 + std::exp(8.0));
    CHECK(wrong->MseGrad[0] == Approx(2.0 * (s - 1.0) * s * (1.0 - s)).epsilon(1e-12));
    CHECK(std::fabs(wrong->MseGrad[0]) < 1e-3);
    CHECK(wrong->BceGrad[0] == Approx(s - 1.0).epsilon(1e-12));
    CHECK(std::fabs(wrong->BceGrad[0]) > 0.99);
    // Unsure (z = 0) the MSE gradient is larger than when confidently wrong: not monotone in the error.
    auto unsure = ComputeSigmoidMsePanel({0.0, 3.0, 0.0}, 0);
    CHECK(std::fabs(unsure->MseGrad[0]) > 100.0 * std::fabs(wrong->MseGrad[0]));
    // Loss sums by hand.
    double mse = 0.0, bce = 0.0;
    for (int i = 0; i < 3; ++i) {
        const double z = std::vector<double>{-8.0, 3.0, 0.0}[i], y = i == 0 ? 1.0 : 0.0, p = 1.0 / (1.0 + std::exp(-z));
        mse += (p - y) * (p - y);
        bce -= y * std::log(p) + (1.0 - y) * std::log(1.0 - p);
    }
    CHECK(wrong->MseLoss == Approx(mse).epsilon(1e-12));
    CHECK(wrong->BceLoss == Approx(bce).epsilon(1e-12));
}

TEST_CASE("losses: BCE on K sigmoids vs CE on one softmax, multi-class and multi-label", "[losses]")
{
    const std::vector<double> z = {2.0, 1.5, -1.0, 0.3};
    // Multi-label: classes 0 and 1 both present.
    auto ml = ComputeLabelPanel(z, {1.0, 1.0, 0.0, 0.0});
    REQUIRE(ml.Ok());
    // Softmax cannot say "both": the best CE is 2·ln 2 at p = (1/2, 1/2, 0, 0).
    CHECK(ml->CeMinimum == Approx(2.0 * std::log(2.0)).epsilon(1e-14));
    CHECK(ml->CeLoss > ml->CeMinimum);
    double sum_p = 0.0;
    for (int i = 0; i < 4; ++i) {
        CHECK(ml->CeGrad[i] == Approx(2.0 * ml->Softmax[i] - (i < 2 ? 1.0 : 0.0)).epsilon(1e-14));
        CHECK(ml->BceGrad[i] == Approx(ml->Sigmoid[i] - (i < 2 ? 1.0 : 0.0)).epsilon(1e-14));
        sum_p += ml->Softmax[i];
    }
    CHECK(sum_p == Approx(1.0).epsilon(1e-14));
    // Class 0 has the larger logit: under CE its gradient is positive (pushed DOWN although it is a true label),
    // because the softmax wants it to share with class 1; BCE pushes both true classes up.
    CHECK(ml->CeGrad[0] > 0.0);
    CHECK(ml->BceGrad[0] < 0.0);
    CHECK(ml->BceGrad[1] < 0.0);

    // Coupling: BCE's Hessian is diagonal; CE's is dense; both by finite differences of the gradients.
    const std::vector<double> y = {0.0, 0.0, 1.0, 0.0};
    auto mc = ComputeLabelPanel(z, y);
    CHECK(mc->CeMinimum == 0.0);
    for (int i = 0; i < 4; ++i) {
        std::vector<double> a = z, b = z;
        a[i] += 1e-6;
        b[i] -= 1e-6;
        auto pa = ComputeLabelPanel(a, y), pb = ComputeLabelPanel(b, y);
        for (int j = 0; j < 4; ++j) {
            CHECK(mc->CeCoupling[i][j] == Approx((pa->CeGrad[j] - pb->CeGrad[j]) / 2e-6).margin(1e-8));
            CHECK(mc->BceCoupling[i][j] == Approx((pa->BceGrad[j] - pb->BceGrad[j]) / 2e-6).margin(1e-8));
            if (i != j) {
                CHECK(mc->BceCoupling[i][j] == 0.0);
                CHECK(mc->CeCoupling[i][j] < 0.0); // raising z_i lowers p_j: every other class is pushed down less
            }
        }
    }
    CHECK_FALSE(ComputeLabelPanel(z, {0.0, 0.0, 0.0, 0.0}).Ok());
    CHECK_FALSE(ComputeLabelPanel(z, {0.0, 2.0, 0.0, 0.0}).Ok());
    CHECK_FALSE(ComputeLabelPanel(z, {1.0, 0.0}).Ok());
}
