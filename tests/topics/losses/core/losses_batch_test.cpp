// Batch losses beyond the torch table: hand-computed values, finite differences on fresh inputs, stability at
// extreme logits, and bad input answered with a message (never a NaN).
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include "core/message.h"
#include "topics/losses/core/losses_batch.h"

using namespace mlviz;

namespace {

LossMatrix Matrix(int n, int k, std::vector<double> v)
{
    return LossMatrix{n, k, std::move(v)};
}

// Central differences of Σ Values w.r.t. every logit.
void CheckGradient(const std::function<Result<LossOutput>(const LossMatrix&)>& f, const LossMatrix& z)
{
    const Result<LossOutput> base = f(z);
    REQUIRE(base.Ok());
    auto total = [&](const LossMatrix& m) {
        const Result<LossOutput> r = f(m); // kept alive: iterating f(m)->Values would dangle
        double s = 0.0;
        for (double v : r->Values) s += v;
        return s;
    };
    for (std::size_t e = 0; e < z.Data.size(); ++e) {
        LossMatrix a = z, b = z;
        a.Data[e] += 1e-6;
        b.Data[e] -= 1e-6;
        INFO("element " << e);
        CHECK(base->Grad[e] == Approx((total(a) - total(b)) / 2e-6).margin(1e-7));
    }
}

std::string English(const Message& m)
{
    return RenderMessage(m, Language::En);
}

} // namespace

TEST_CASE("losses: cross-entropy by hand", "[losses]")
{
    // Two classes, logits (0, ln 3): p = (1/4, 3/4).
    const LossMatrix z = Matrix(2, 2, {0.0, std::log(3.0), 0.0, std::log(3.0)});
    const std::vector<int> y = {1, 0};
    auto plain = CrossEntropy(z, y, {});
    CHECK(plain->Values[0] == Approx((std::log(4.0 / 3.0) + std::log(4.0)) / 2.0).epsilon(1e-14));
    // Weighted mean divides by Σ w[y_i] = 3 + 1, not by N = 2.
    auto weighted = CrossEntropy(z, y, {{1.0, 3.0}, 0.0, LossReduction::Mean, -100});
    CHECK(weighted->Values[0] == Approx((3.0 * std::log(4.0 / 3.0) + std::log(4.0)) / 4.0).epsilon(1e-14));
    // Label smoothing ε with weights: (1 − ε)·NLL_w + (ε/K)·Σ_i Σ_c w_c(−log p_ic) / Σ w[y_i].
    const double eps = 0.2, lp0 = std::log(0.25), lp1 = std::log(0.75);
    auto smooth = CrossEntropy(z, y, {{1.0, 3.0}, eps, LossReduction::Mean, -100});
    const double nll = (3.0 * -lp1 + 1.0 * -lp0) / 4.0, sm = 2.0 * (-lp0 - 3.0 * lp1) / 4.0;
    CHECK(smooth->Values[0] == Approx((1.0 - eps) * nll + eps / 2.0 * sm).epsilon(1e-14));
    // "none" gives one value per row and the gradient of their sum.
    auto none = CrossEntropy(z, y, {{}, 0.0, LossReduction::None, -100});
    REQUIRE(none->Values.size() == 2);
    CHECK(none->Grad[0] == Approx(0.25).epsilon(1e-14));
    CHECK(none->Grad[1] == Approx(-0.25).epsilon(1e-14));
}

TEST_CASE("losses: gradients by finite differences on fresh inputs", "[losses]")
{
    const LossMatrix z = Matrix(3, 3, {0.3, -1.2, 2.0, 1.5, 0.1, -0.7, -2.2, 0.9, 0.4});
    const LossMatrix t = Matrix(3, 3, {1.0, 0.0, 0.0, 0.2, 0.7, 0.1, 0.0, 0.0, 1.0});
    const std::vector<int> y = {0, 2, 1};
    const std::vector<double> w = {0.3, 1.7, 2.5};
    for (LossReduction r : {LossReduction::None, LossReduction::Mean, LossReduction::Sum}) {
        CheckGradient([&](const LossMatrix& m) { return CrossEntropy(m, y, {w, 0.25, r, 2}); }, z);
        CheckGradient([&](const LossMatrix& m) { return CrossEntropySoft(m, t, {w, 0.1, r, -100}); }, z);
        const BceOptions bce{w, {2.0, 0.5, 1.0}, r};
        CheckGradient([&](const LossMatrix& m) { return BinaryCrossEntropyWithLogits(m, t, bce); }, z);
        CheckGradient([&](const LossMatrix& m) { return SigmoidFocalLoss(m, t, {0.6, 1.5, r}); }, z);
        CheckGradient([&](const LossMatrix& m) { return SigmoidMse(m, t, r); }, z);
    }
    CheckGradient([&](const LossMatrix& m) { return SoftDiceLoss(m, t, {DiceActivation::Sigmoid, 0.5, true}); }, z);
    const LossMatrix onehot = *OneHotTargets(y, 3);
    const DiceOptions no_background{DiceActivation::Softmax, 1.0, false}, all{DiceActivation::Softmax, 1.0, true};
    CheckGradient([&](const LossMatrix& m) { return SoftDiceLoss(m, onehot, no_background); }, z);
    CheckGradient([&](const LossMatrix& m) { return DiceCrossEntropyLoss(m, onehot, all); }, z);
}

TEST_CASE("losses: extreme logits stay finite and exact", "[losses]")
{
    // ±800: e^800 overflows double, the stable forms do not.
    const LossMatrix z = Matrix(1, 2, {800.0, -800.0});
    const LossMatrix t = Matrix(1, 2, {0.0, 1.0}); // both confidently wrong
    auto bce = BinaryCrossEntropyWithLogits(z, t, {{}, {}, LossReduction::Sum});
    CHECK(bce->Values[0] == Approx(1600.0).epsilon(1e-14));
    CHECK(bce->Grad[0] == Approx(1.0));
    CHECK(bce->Grad[1] == Approx(-1.0));
    auto focal = SigmoidFocalLoss(z, t, {-1.0, 2.0, LossReduction::Sum});
    CHECK(focal->Values[0] == Approx(1600.0).epsilon(1e-14)); // (1 − p_t)^γ = 1 when p_t = 0
    auto ce = CrossEntropy(z, std::vector<int>{1}, {});
    CHECK(ce->Values[0] == Approx(1600.0).epsilon(1e-14));
    // Confidently right with γ < 1: autograd would multiply 0 by inf here; the limit is 0.
    auto right = SigmoidFocalLoss(Matrix(1, 1, {800.0}), Matrix(1, 1, {1.0}), {0.25, 0.5, LossReduction::Sum});
    CHECK(right->Values[0] == 0.0);
    CHECK(right->Grad[0] == 0.0);
    auto mse = SigmoidMse(z, t, LossReduction::Sum);
    CHECK(mse->Values[0] == Approx(2.0));
    CHECK(mse->Grad[0] == 0.0); // saturated: the vanishing gradient, exactly
}

TEST_CASE("losses: ignore_index and zero weights", "[losses]")
{
    const LossMatrix z = Matrix(3, 2, {1.0, 0.0, 0.0, 2.0, 0.5, 0.5});
    auto ignored = CrossEntropy(z, std::vector<int>{0, -100, 1}, {});
    auto kept = CrossEntropy(Matrix(2, 2, {1.0, 0.0, 0.5, 0.5}), std::vector<int>{0, 1}, {});
    CHECK(ignored->Values[0] == Approx(kept->Values[0]).epsilon(1e-14));
    CHECK(ignored->Grad[2] == 0.0);
    CHECK(ignored->Grad[3] == 0.0);
    // An ignore_index inside [0, K) ignores that class's rows.
    auto ignore1 = CrossEntropy(z, std::vector<int>{0, 1, 1}, {{}, 0.0, LossReduction::Mean, 1});
    CHECK(ignore1->Values[0] == Approx(std::log(1.0 + std::exp(-1.0))).epsilon(1e-14));
    auto all = CrossEntropy(z, std::vector<int>{-100, -100, -100}, {});
    REQUIRE_FALSE(all.Ok());
    CHECK(English(all.Error()).find("ignore_index = -100") != std::string::npos);
    auto zero = CrossEntropy(z, std::vector<int>{0, 0, 0}, {{0.0, 1.0}, 0.0, LossReduction::Mean, -100});
    REQUIRE_FALSE(zero.Ok());
    auto zero_sum = CrossEntropy(z, std::vector<int>{0, 0, 0}, {{0.0, 1.0}, 0.0, LossReduction::Sum, -100});
    CHECK(zero_sum->Values[0] == 0.0);
}

TEST_CASE("losses: bad input gives a message naming the problem", "[losses]")
{
    const LossMatrix z = Matrix(2, 2, {1.0, 0.0, 0.0, 2.0});
    const LossMatrix t = Matrix(2, 2, {1.0, 0.0, 0.0, 1.0});
    auto msg = [](const Result<LossOutput>& r) { return r.Ok() ? std::string("ok") : English(r.Error()); };
    CHECK(msg(CrossEntropy(z, std::vector<int>{0, 2}, {})) == "target 1: class 2 is outside [0, 1]");
    CHECK(msg(CrossEntropy(z, std::vector<int>{0}, {})) == "1 targets but 2 samples (rows of logits)");
    CHECK(msg(CrossEntropy(z, std::vector<int>{0, 1}, {{1.0}, 0.0, LossReduction::Mean, -100})) ==
          "weight: 2 values needed, 1 given");
    CHECK(msg(CrossEntropy(z, std::vector<int>{0, 1}, {{}, 1.5, LossReduction::Mean, -100})) ==
          "label_smoothing = 1.5: need a number in [0, 1]");
    CHECK(msg(CrossEntropy(Matrix(1, 2, {NAN, 0.0}), std::vector<int>{0}, {})).rfind("logit [0, 0] = nan", 0) == 0);
    CHECK(msg(CrossEntropy(Matrix(1, 2, {0.0, 2e6}), std::vector<int>{0}, {})) ==
          "logit [0, 1] = 2e+06: need a finite number, |z| <= 1e+06");
    CHECK(msg(CrossEntropy(Matrix(0, 2, {}), std::vector<int>{}, {})).find("N >= 1") != std::string::npos);
    CHECK(msg(CrossEntropy(Matrix(2, 2, {1.0}), std::vector<int>{0, 1}, {})) == "logits: 1 values do not make a 2×2 matrix");
    CHECK(msg(BinaryCrossEntropyWithLogits(z, Matrix(2, 2, {1.0, 0.0, 0.0, 1.5}), {})) ==
          "target [1, 1] = 1.5: need a number in [0, 1]");
    CHECK(msg(BinaryCrossEntropyWithLogits(z, Matrix(1, 2, {1.0, 0.0}), {})) ==
          "targets: need a 2×2 matrix like the logits, got 1×2");
    CHECK(msg(BinaryCrossEntropyWithLogits(z, t, {{1.0, 2.0, 3.0}, {}, LossReduction::Mean})) ==
          "weight: 2 or 4 values needed, 3 given");
    CHECK(msg(BinaryCrossEntropyWithLogits(z, t, {{}, {1.0, -1.0}, LossReduction::Mean})) ==
          "pos_weight[1] = -1: need a weight in [0, 1e+06]");
    CHECK(msg(BinaryCrossEntropyWithLogits(z, t, {{}, {}, LossReduction::Count})) == "unknown reduction 3");
    CHECK(msg(SigmoidFocalLoss(z, t, {1.5, 2.0, LossReduction::None})).rfind("alpha = 1.5", 0) == 0);
    CHECK(msg(SigmoidFocalLoss(z, t, {0.25, -1.0, LossReduction::None})) == "gamma = -1: need a number in [0, 100]");
    CHECK(msg(SoftDiceLoss(Matrix(1, 1, {-1e6}), Matrix(1, 1, {0.0}), {DiceActivation::Sigmoid, 0.0, true})) ==
          "class 0: Σp + Σg + ε = 0, Dice is undefined (set eps > 0)");
    CHECK(msg(SoftDiceLoss(Matrix(1, 1, {0.0}), Matrix(1, 1, {1.0}), {DiceActivation::Softmax, 1.0, false})) ==
          "Dice without background: need at least 2 classes, got 1");
    CHECK(!OneHotTargets(std::vector<int>{3}, 3).Ok());
    CHECK(LossReductionFromName("sum") == LossReduction::Sum);
    CHECK(!LossReductionFromName("avg").has_value());
    CHECK(LossReductionName(LossReduction::None) == "none");
}
