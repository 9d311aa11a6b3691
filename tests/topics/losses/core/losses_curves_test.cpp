// Loss curves against p_t: each curve checked against the batch losses (themselves matched to torch) on an
// input built to have that p_t, plus finite differences and the shapes the answers talk about.
#include <catch2/catch.hpp>

#include <cmath>

#include "topics/losses/core/losses_batch.h"
#include "topics/losses/core/losses_curves.h"

using namespace mlviz;

namespace {

double Logit(double p)
{
    return std::log(p / (1.0 - p));
}

CurvePoint At(CurveLoss loss, const CurveParams& p, double pt)
{
    return *EvaluateCurve(loss, p, pt);
}

} // namespace

TEST_CASE("losses: CE, weighted CE and focal curves equal the batch losses on one pixel", "[losses]")
{
    CurveParams p;
    p.Alpha = 0.3;
    p.Gamma = 1.7;
    for (bool fg : {true, false}) {
        p.Foreground = fg;
        for (double pt : {0.01, 0.2, 0.5, 0.9, 0.999}) {
            // One logit x for the foreground class: a foreground pixel has z_t = x, a background one z_t = −x.
            const double zt = Logit(pt), x = fg ? zt : -zt, dx_dzt = fg ? 1.0 : -1.0;
            const LossMatrix z{1, 1, {x}}, t{1, 1, {fg ? 1.0 : 0.0}};
            auto ce = BinaryCrossEntropyWithLogits(z, t, {});
            CHECK(At(CurveLoss::CrossEntropy, p, pt).Loss == Approx(ce->Values[0]).epsilon(1e-12));
            CHECK(At(CurveLoss::CrossEntropy, p, pt).Grad == Approx(ce->Grad[0] * dx_dzt).epsilon(1e-12));
            const double w = fg ? 0.3 : 0.7;
            CHECK(At(CurveLoss::WeightedCrossEntropy, p, pt).Loss == Approx(w * ce->Values[0]).epsilon(1e-12));
            auto focal = SigmoidFocalLoss(z, t, {0.3, 1.7, LossReduction::Mean});
            CHECK(At(CurveLoss::Focal, p, pt).Loss == Approx(focal->Values[0]).epsilon(1e-11));
            CHECK(At(CurveLoss::Focal, p, pt).Grad == Approx(focal->Grad[0] * dx_dzt).epsilon(1e-10));
        }
    }
}

TEST_CASE("losses: label smoothing curve equals torch-semantics CE with K classes", "[losses]")
{
    CurveParams p;
    p.Smoothing = 0.2;
    p.Classes = 5;
    for (double pt : {0.05, 0.4, 0.84, 0.99}) {
        // Logits (s, 0, 0, 0, 0) give p_t = e^s / (e^s + 4) and the other four classes (1 − p_t)/4 each.
        const double s = std::log(4.0 * pt / (1.0 - pt));
        const LossMatrix z{1, 5, {s, 0.0, 0.0, 0.0, 0.0}};
        const int target[] = {0};
        auto ce = CrossEntropy(z, target, {{}, 0.2, LossReduction::Mean, -100});
        CHECK(At(CurveLoss::LabelSmoothing, p, pt).Loss == Approx(ce->Values[0]).epsilon(1e-12));
        CHECK(At(CurveLoss::LabelSmoothing, p, pt).Grad == Approx(ce->Grad[0]).epsilon(1e-10).margin(1e-14));
    }
    // The minimum is at p_t = 1 − ε + ε/K = 0.84, where the gradient changes sign.
    CHECK(At(CurveLoss::LabelSmoothing, p, 0.84).Grad == Approx(0.0).margin(1e-15));
    CHECK(At(CurveLoss::LabelSmoothing, p, 0.95).Grad > 0.0);
    CHECK(At(CurveLoss::LabelSmoothing, p, 0.95).Loss > At(CurveLoss::LabelSmoothing, p, 0.84).Loss);
}

TEST_CASE("losses: Dice curves equal the batch soft Dice on a whole image at p_t", "[losses]")
{
    CurveParams p;
    p.ForegroundFraction = 0.05;
    p.Pixels = 400; // F = 20 foreground pixels exactly
    p.DiceEps = 1.0;
    for (bool fg : {true, false}) {
        p.Foreground = fg;
        for (double pt : {0.1, 0.5, 0.93}) {
            LossMatrix z{400, 1, std::vector<double>(400, -Logit(pt))}, t{400, 1, std::vector<double>(400, 0.0)};
            for (int i = 0; i < 20; ++i) {
                z.Data[i] = Logit(pt);
                t.Data[i] = 1.0;
            }
            const int pixel = fg ? 3 : 200; // any pixel of that class
            const double dx_dzt = fg ? 1.0 : -1.0;
            auto dice = SoftDiceLoss(z, t, {DiceActivation::Sigmoid, 1.0, true});
            CHECK(At(CurveLoss::Dice, p, pt).Loss == Approx(dice->Values[0]).epsilon(1e-12));
            CHECK(At(CurveLoss::Dice, p, pt).Grad == Approx(400.0 * dice->Grad[pixel] * dx_dzt).epsilon(1e-10));
            auto dice_ce = DiceCrossEntropyLoss(z, t, {DiceActivation::Sigmoid, 1.0, true});
            CHECK(At(CurveLoss::DiceCrossEntropy, p, pt).Loss == Approx(dice_ce->Values[0]).epsilon(1e-12));
            CHECK(At(CurveLoss::DiceCrossEntropy, p, pt).Grad == Approx(400.0 * dice_ce->Grad[pixel] * dx_dzt).epsilon(1e-10));
        }
    }
}

TEST_CASE("losses: curve shapes: focal down-weights easy pixels, Dice's push grows as the foreground shrinks", "[losses]")
{
    CurveParams p;
    p.Alpha = 0.5;
    // Focal ≤ α·CE everywhere, equal at γ = 0; at p_t = 0.9 and γ = 2 it is 100× smaller than α·CE.
    for (double pt : {0.1, 0.5, 0.9}) {
        CHECK(At(CurveLoss::Focal, p, pt).Loss <= 0.5 * At(CurveLoss::CrossEntropy, p, pt).Loss);
        CHECK(At(CurveLoss::Focal, p, pt).Loss ==
              Approx(0.5 * std::pow(1.0 - pt, 2.0) * At(CurveLoss::CrossEntropy, p, pt).Loss).epsilon(1e-12));
    }
    CurveParams g0 = p;
    g0.Gamma = 0.0;
    CHECK(At(CurveLoss::Focal, g0, 0.3).Grad == Approx(At(CurveLoss::WeightedCrossEntropy, g0, 0.3).Grad));
    // For a fairly confident model (p_t = 0.9) a foreground pixel's Dice push (per-pixel units) is 8.6× larger at
    // 1% foreground than at 30%; CE's does not depend on the fraction. (At p_t = 0.5 the background's Σp
    // dominates both denominators and the ratio is only 1.9.)
    CurveParams rare = p, common = p;
    rare.ForegroundFraction = 0.01;
    common.ForegroundFraction = 0.3;
    CHECK(std::fabs(At(CurveLoss::Dice, rare, 0.9).Grad) > 8.0 * std::fabs(At(CurveLoss::Dice, common, 0.9).Grad));
    CHECK(At(CurveLoss::CrossEntropy, rare, 0.5).Grad == At(CurveLoss::CrossEntropy, common, 0.5).Grad);
    // Gradients point the right way: raising z_t lowers every loss (except label smoothing past its minimum).
    for (int l = 0; l < static_cast<int>(CurveLoss::Count); ++l)
        for (double pt : {0.05, 0.5, 0.8}) CHECK(At(static_cast<CurveLoss>(l), p, pt).Grad < 0.0);
}

TEST_CASE("losses: curve gradients by finite differences in z_t", "[losses]")
{
    CurveParams p;
    p.Gamma = 2.5;
    p.Alpha = 0.8;
    for (int l = 0; l < 4; ++l) { // the per-pixel losses: the loss curve is that pixel's own term
        const auto loss = static_cast<CurveLoss>(l);
        for (double zt : {-3.0, 0.2, 2.5}) {
            const double h = 1e-6, sig = 1.0 / (1.0 + std::exp(-zt));
            auto f = [&](double z) { return At(loss, p, 1.0 / (1.0 + std::exp(-z))).Loss; };
            CHECK(At(loss, p, sig).Grad == Approx((f(zt + h) - f(zt - h)) / (2.0 * h)).margin(1e-7));
        }
    }
}

TEST_CASE("losses: curve sampling, formulas and bad input", "[losses]")
{
    CurveParams p;
    auto c = SampleCurve(CurveLoss::Focal, p, 101, 0.01, 0.99);
    REQUIRE(c.Ok());
    REQUIRE(c->size() == 101);
    CHECK(c->front().Pt == 0.01);
    CHECK(c->back().Pt == 0.99);
    for (std::size_t i = 1; i < c->size(); ++i) CHECK((*c)[i].Loss < (*c)[i - 1].Loss); // decreasing in p_t
    CHECK(CurveFormula(CurveLoss::Focal, p, 0.7).find("= −0.25·(1 − 0.7)^2·log 0.7 = 0.008") != std::string::npos);
    const std::string dice = CurveFormula(CurveLoss::Dice, p, 0.7);
    CHECK(dice.rfind("Dice = 1 − (2Σpg + ε)/(Σp + Σg + ε) = 1 − (2·143.4 + 1)", 0) == 0);
    CHECK(CurveLossFromName("dice_ce") == CurveLoss::DiceCrossEntropy);
    CHECK_FALSE(CurveLossFromName("nope").has_value());
    CHECK_FALSE(EvaluateCurve(CurveLoss::CrossEntropy, p, 0.0).Ok());
    CHECK_FALSE(EvaluateCurve(CurveLoss::CrossEntropy, p, 1.0).Ok());
    CurveParams bad = p;
    bad.Gamma = -1.0;
    CHECK_FALSE(EvaluateCurve(CurveLoss::Focal, bad, 0.5).Ok());
    bad = p;
    bad.ForegroundFraction = 0.0;
    CHECK_FALSE(EvaluateCurve(CurveLoss::Dice, bad, 0.5).Ok());
    CHECK_FALSE(SampleCurve(CurveLoss::Dice, p, 1, 0.1, 0.9).Ok());
    CHECK_FALSE(SampleCurve(CurveLoss::Dice, p, 10, 0.9, 0.1).Ok());
}
