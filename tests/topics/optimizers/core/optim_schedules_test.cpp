// torch.optim.lr_scheduler semantics: PyTorch's values when stepped once per iteration,
// closed forms at chosen steps, ReduceLROnPlateau by hand, and the argument checks.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <cmath>
#include <string>
#include <vector>

#include "topics/optimizers/core/optim_schedules.h"

using namespace mlviz;

namespace {

constexpr double kPi = 3.14159265358979323846;

// lr of steps 1..n: the value before each scheduler.step().
std::vector<double> Lrs(const ScheduleParams& p, double base, int n, const std::vector<double>& metrics = {})
{
    ScheduleState s = StartSchedule(p, base);
    std::vector<double> out;
    for (int t = 0; t < n; ++t) {
        out.push_back(s.Lr);
        StepSchedule(p, s, t < static_cast<int>(metrics.size()) ? metrics[t] : 0.0);
    }
    return out;
}

ScheduleParams Kind(ScheduleKind k)
{
    ScheduleParams p;
    p.Kind = k;
    return p;
}

struct TorchLrs {
    const char* Name;
    double Base;
    std::vector<double> Lr;
};

// Produced by `/usr/bin/python3 tools/optim_torch_reference.py schedules` (torch 1.13):
// SGD(lr=base), then for each step: record param_groups[0]['lr'], optimizer.step(), scheduler.step().
const std::vector<TorchLrs> kTorchLrs = {
    {"step", 0.1, {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125, 0.0125, 0.0125}},
    {"exponential",
     0.1,
     {0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002, 0.05904900000000002,
      0.05314410000000002, 0.04782969000000002, 0.043046721000000024, 0.03874204890000002, 0.03486784401000002,
      0.03138105960900001}},
    {"cosine_eta",
     0.1,
     {0.1,
      0.09140576474687263,
      0.06890576474687263,
      0.04109423525312736,
      0.018594235253127367,
      0.01,
      0.018594235253127367,
      0.04109423525312739,
      0.06890576474687267,
      0.09140576474687269,
      0.10000000000000006,
      0.09140576474687272,
      0.06890576474687268,
      0.0410942352531274,
      0.01859423525312738,
      0.01,
      0.018594235253127367,
      0.04109423525312739,
      0.0689057647468727,
      0.09140576474687272,
      0.10000000000000012,
      0.09140576474687274,
      0.06890576474687281,
      0.04109423525312742,
      0.018594235253127388}},
    {"cosine",
     1.0,
     {1.0, 0.9755282581475768, 0.9045084971874737, 0.7938926261462366, 0.6545084971874737, 0.5, 0.34549150281252633,
      0.2061073738537635, 0.09549150281252633, 0.024471741852423234, 0.0, 0.024471741852423234}},
    {"linear",
     0.1,
     {0.025, 0.043750000000000004, 0.06250000000000001, 0.08125000000000002, 0.10000000000000002, 0.10000000000000002,
      0.10000000000000002, 0.10000000000000002}},
    {"linear_default",
     0.3,
     {0.09999999999999999, 0.14, 0.18000000000000002, 0.22000000000000006, 0.26000000000000006, 0.30000000000000004,
      0.30000000000000004, 0.30000000000000004}},
    {"plateau", 0.1, {0.1,  0.1,   0.1,   0.1,   0.1,   0.05, 0.05, 0.05, 0.05, 0.05,
                      0.05, 0.025, 0.025, 0.025, 0.025, 0.02, 0.02, 0.02, 0.02, 0.02}},
    {"plateau_abs_max",
     0.1,
     {0.1,
      0.1,
      0.1,
      0.03,
      0.03,
      0.009,
      0.009,
      0.0026999999999999997,
      0.0026999999999999997,
      0.0008099999999999998,
      0.0008099999999999998,
      0.00024299999999999994,
      0.00024299999999999994,
      7.289999999999998e-05,
      7.289999999999998e-05,
      2.1869999999999996e-05,
      2.1869999999999996e-05,
      6.560999999999999e-06,
      6.560999999999999e-06,
      1.9682999999999994e-06}},
};

// The metric sequence the reference script feeds to ReduceLROnPlateau.
const std::vector<double> kPlateauMetrics = {5, 4, 4, 4, 4, 3.9, 3.95, 2, 2, 2, 2, 2, 2, 2, 2, 1.99, 1.5, 1.5, 1.5, 1.5};

ScheduleParams TorchConfig(const std::string& name)
{
    ScheduleParams p;
    if (name == "step") {
        p.Kind = ScheduleKind::Step;
        p.StepSize = 3;
        p.Gamma = 0.5;
    }
    if (name == "exponential") {
        p.Kind = ScheduleKind::Exponential;
        p.Gamma = 0.9;
    }
    if (name == "cosine_eta") {
        p.Kind = ScheduleKind::Cosine;
        p.TMax = 5;
        p.EtaMin = 0.01;
    }
    if (name == "cosine") {
        p.Kind = ScheduleKind::Cosine;
        p.TMax = 10;
    }
    if (name == "linear") {
        p.Kind = ScheduleKind::LinearWarmup;
        p.StartFactor = 0.25;
        p.EndFactor = 1.0;
        p.TotalIters = 4;
    }
    if (name == "linear_default") p.Kind = ScheduleKind::LinearWarmup;
    if (name == "plateau") {
        p.Kind = ScheduleKind::Plateau;
        p.Factor = 0.5;
        p.Patience = 2;
        p.Threshold = 0.1;
        p.Cooldown = 1;
        p.MinLr = 0.02;
    }
    if (name == "plateau_abs_max") {
        p.Kind = ScheduleKind::Plateau;
        p.ModeMax = true;
        p.Factor = 0.3;
        p.Patience = 1;
        p.Threshold = 0.5;
        p.ThresholdAbs = true;
    }
    return p;
}

} // namespace

TEST_CASE("Schedules match torch.optim.lr_scheduler stepped every iteration", "[optim]")
{
    for (const TorchLrs& ref : kTorchLrs) {
        INFO("case " << ref.Name);
        const ScheduleParams p = TorchConfig(ref.Name);
        REQUIRE(p.Kind != ScheduleKind::Constant);
        const auto got = Lrs(p, ref.Base, static_cast<int>(ref.Lr.size()), kPlateauMetrics);
        for (std::size_t t = 0; t < ref.Lr.size(); ++t) {
            INFO("step " << t + 1);
            // Bit for bit: the same operations in the same order, and glibc's cos as Python's.
            CHECK(got[t] == ref.Lr[t]);
        }
    }
}

TEST_CASE("Schedules agree with their closed forms at chosen steps", "[optim]")
{
    const double base = 0.4;
    auto step = Kind(ScheduleKind::Step);
    step.StepSize = 7;
    step.Gamma = 0.3;
    auto expo = Kind(ScheduleKind::Exponential);
    expo.Gamma = 0.97;
    auto cosine = Kind(ScheduleKind::Cosine);
    cosine.TMax = 50;
    cosine.EtaMin = 0.01;
    auto linear = Kind(ScheduleKind::LinearWarmup);
    linear.StartFactor = 0.1;
    linear.EndFactor = 0.9;
    linear.TotalIters = 20;
    const auto s = Lrs(step, base, 200), e = Lrs(expo, base, 200), c = Lrs(cosine, base, 200), l = Lrs(linear, base, 200);
    for (int epoch : {0, 1, 6, 7, 8, 13, 14, 20, 21, 49, 50, 51, 99, 100, 101, 150, 199}) {
        INFO("epoch " << epoch);
        CHECK(s[epoch] == Approx(base * std::pow(0.3, epoch / 7)).epsilon(1e-12));
        CHECK(e[epoch] == Approx(base * std::pow(0.97, epoch)).epsilon(1e-12));
        // The recursive cosine is periodic with period 2 T_max and equals the closed form.
        CHECK(c[epoch] == Approx(0.01 + (base - 0.01) * (1 + std::cos(kPi * epoch / 50)) / 2).epsilon(1e-10));
        CHECK(l[epoch] == Approx(base * (0.1 + 0.8 * std::min(epoch, 20) / 20.0)).epsilon(1e-12));
    }
    CHECK(c[50] == Approx(0.01).epsilon(1e-12));  // the minimum at T_max
    CHECK(c[100] == Approx(base).epsilon(1e-12)); // and back up after another T_max
    CHECK(Lrs(Kind(ScheduleKind::Constant), base, 5) == std::vector<double>(5, base));
}

TEST_CASE("ReduceLROnPlateau by hand", "[optim]")
{
    auto p = Kind(ScheduleKind::Plateau);
    p.Patience = 1;
    p.Factor = 0.5;
    // Best 10 at step 1; steps 2 and 3 are not better by the relative threshold 1e-4
    // (9.9995 > 10 * (1 - 1e-4) = 9.999): after 2 bad epochs (> patience 1) lr halves.
    const auto lr = Lrs(p, 1.0, 6, {10.0, 10.0, 9.9995, 9.0, 9.0, 9.0});
    CHECK(lr == std::vector<double>{1.0, 1.0, 1.0, 0.5, 0.5, 0.5});
    // min_lr floors the decay, and a change smaller than eps is not applied.
    p.MinLr = 0.3;
    const auto floored = Lrs(p, 1.0, 10, std::vector<double>(10, 1.0));
    CHECK(floored.back() == 0.3);
    p.MinLr = 0.0;
    p.PlateauEps = 0.6; // 1.0 -> 0.5 is a change of 0.5 < eps: never reduced
    CHECK(Lrs(p, 1.0, 10, std::vector<double>(10, 1.0)).back() == 1.0);
}

TEST_CASE("Schedule argument checks", "[optim]")
{
    auto error = [](const ScheduleParams& p) {
        const auto r = CheckScheduleParams(p);
        return r.Ok() ? std::string() : Text(r.Error());
    };
    for (int k = 0; k < static_cast<int>(ScheduleKind::Count); ++k) {
        INFO(ScheduleName(static_cast<ScheduleKind>(k)));
        CHECK(error(Kind(static_cast<ScheduleKind>(k))).empty());
        CHECK(ScheduleFromName(ScheduleName(static_cast<ScheduleKind>(k))) == static_cast<ScheduleKind>(k));
    }
    auto p = Kind(ScheduleKind::Step);
    p.StepSize = 0;
    CHECK_THAT(error(p), Catch::Contains("step_size"));
    p = Kind(ScheduleKind::Cosine);
    p.TMax = 0;
    CHECK_THAT(error(p), Catch::Contains("T_max"));
    p = Kind(ScheduleKind::LinearWarmup);
    p.StartFactor = 1.5;
    CHECK_THAT(error(p), Catch::Contains("start_factor"));
    p.StartFactor = 0.5;
    p.EndFactor = -0.1;
    CHECK_THAT(error(p), Catch::Contains("end_factor"));
    p = Kind(ScheduleKind::Plateau);
    p.Factor = 1.0;
    CHECK_THAT(error(p), Catch::Contains("factor должен быть < 1.0"));
    p = Kind(ScheduleKind::Exponential);
    p.Gamma = INFINITY;
    CHECK_THAT(error(p), Catch::Contains("gamma"));
}
