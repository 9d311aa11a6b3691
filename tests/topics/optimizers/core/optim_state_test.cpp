// URL codec of the optimizer topic (core/optim_state.h): round trips for the default, every
// preset and seeded random states; bad values clamp or are ignored with one notice each and
// never leave an invalid state; unknown keys are ignored. (The view's own round trip through
// the app is in tests/views/optim_state_view_test.cpp: it needs ImGui.)
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <string>

#include "topics/optimizers/core/optim_state.h"

using namespace mlviz;

namespace {

double Uniform(std::mt19937& rng, double lo, double hi)
{
    return lo + (hi - lo) * (static_cast<double>(rng() >> 5) / static_cast<double>(1u << 27));
}

int UniformInt(std::mt19937& rng, int lo, int hi)
{
    return lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1));
}

// A state the UI could show, with most fields away from every preset's values.
OptimizersState RandomState(std::mt19937& rng)
{
    OptimizersState s = OptimPresetState(UniformInt(rng, 0, static_cast<int>(OptimPresets().size()) - 1));
    s.Surface = static_cast<SurfaceKind>(UniformInt(rng, 0, static_cast<int>(SurfaceKind::Count) - 1));
    SurfaceParams& f = s.Function;
    f.Kappa = Uniform(rng, 1.0, 1000.0);
    f.AngleDeg = Uniform(rng, -90.0, 90.0);
    f.FeaturesScaled = rng() % 2 == 0;
    f.FeatureScale = Uniform(rng, 0.1, 20.0);
    f.CenterX = Uniform(rng, -3.0, 3.0);
    f.CenterY = Uniform(rng, -3.0, 3.0);
    f.RosenA = Uniform(rng, 0.1, 1.5);
    f.RosenB = Uniform(rng, 1.0, 1000.0);
    f.RastriginA = Uniform(rng, 0.0, 20.0);
    f.L1 = rng() % 3 == 0 ? 0.0 : Uniform(rng, 0.0, 5.0);
    f.L2 = rng() % 3 == 0 ? 0.0 : Uniform(rng, 0.0, 5.0);
    const Bounds2 a = DefaultArea(s.Surface);
    s.StartX = Uniform(rng, a.XMin, a.XMax);
    s.StartY = Uniform(rng, a.YMin, a.YMax);
    s.Steps = UniformInt(rng, 1, 5000);
    s.NoiseSigma = rng() % 2 == 0 ? 0.0 : Uniform(rng, 0.0, 50.0);
    s.Seed = UniformInt(rng, 0, 1 << 30);
    s.Selected = UniformInt(rng, 0, kOptimSlots - 1);
    s.LogColors = rng() % 2 == 0;
    s.Step = UniformInt(rng, 0, s.Steps);
    s.Playing = rng() % 2 == 0;
    s.Speed = static_cast<float>(Uniform(rng, 1.0, 1000.0));
    for (OptimSlot& slot : s.Slots) {
        slot.Enabled = rng() % 2 == 0;
        OptimizerParams& o = slot.Optimizer;
        o = DefaultOptimizerParams(static_cast<OptimizerKind>(UniformInt(rng, 0, static_cast<int>(OptimizerKind::Count) - 1)));
        o.Lr = std::exp(Uniform(rng, std::log(1e-5), std::log(10.0)));
        o.Momentum = Uniform(rng, 0.0, 0.999);
        o.Dampening = rng() % 2 == 0 ? 0.0 : Uniform(rng, 0.0, 1.0);
        o.Nesterov = o.Dampening == 0.0 && rng() % 2 == 0;
        o.WeightDecay = Uniform(rng, 0.0, 1.0);
        o.LrDecay = Uniform(rng, 0.0, 1.0);
        o.InitialAccumulatorValue = Uniform(rng, 0.0, 10.0);
        o.Alpha = Uniform(rng, 0.0, 0.9999);
        o.Centered = rng() % 2 == 0;
        o.Beta1 = Uniform(rng, 0.0, 0.999);
        o.Beta2 = Uniform(rng, 0.0, 0.9999);
        o.Amsgrad = rng() % 2 == 0;
        o.Eps = std::exp(Uniform(rng, std::log(1e-12), 0.0));
        o.MomentumDecay = Uniform(rng, 0.0, 0.1);
        ScheduleParams& c = slot.Schedule;
        c.Kind = static_cast<ScheduleKind>(UniformInt(rng, 0, static_cast<int>(ScheduleKind::Count) - 1));
        c.StepSize = UniformInt(rng, 1, 2000);
        c.Gamma = Uniform(rng, 0.01, 1.0);
        c.TMax = UniformInt(rng, 1, 5000);
        c.EtaMin = Uniform(rng, 0.0, 1.0);
        c.StartFactor = Uniform(rng, 0.01, 1.0);
        c.EndFactor = Uniform(rng, 0.0, 1.0);
        c.TotalIters = UniformInt(rng, 1, 2000);
        c.ModeMax = rng() % 2 == 0;
        c.Factor = Uniform(rng, 0.0, 0.99);
        c.Patience = UniformInt(rng, 0, 200);
        c.Threshold = Uniform(rng, 0.0, 0.5);
        c.ThresholdAbs = rng() % 2 == 0;
        c.Cooldown = UniformInt(rng, 0, 200);
        c.MinLr = Uniform(rng, 0.0, 1.0);
        c.PlateauEps = Uniform(rng, 0.0, 1.0);
        slot.Batch = UniformInt(rng, 1, 1024);
    }
    return s;
}

// What every decoded state must satisfy: enums in range, every field inside the codec's ranges
// (re-decoding its own fragment raises no notice), the start inside the surface's area, the
// step inside the run, and each slot's run accepted by CheckRunConfig (torch's checks), except
// SGD's nesterov without momentum, which the view shows as torch's error on purpose.
void CheckValid(const OptimizersState& s)
{
    REQUIRE(s.Preset >= 0);
    REQUIRE(s.Preset < static_cast<int>(OptimPresets().size()));
    REQUIRE(static_cast<int>(s.Surface) >= 0);
    REQUIRE(s.Surface < SurfaceKind::Count);
    const Bounds2 a = DefaultArea(s.Surface);
    CHECK(s.StartX >= a.XMin);
    CHECK(s.StartX <= a.XMax);
    CHECK(s.StartY >= a.YMin);
    CHECK(s.StartY <= a.YMax);
    CHECK(s.Step >= 0);
    CHECK(s.Step <= s.Steps);
    CHECK(s.Selected >= 0);
    CHECK(s.Selected < kOptimSlots);
    CHECK(std::isfinite(s.Speed));
    OptimizersState again = OptimPresetState(0); // an empty fragment leaves it: the first preset
    const auto notices = Texts(DecodeOptimizersState(ParseKeyValues(EncodeOptimizersState(s)), again));
    INFO("re-decoding gave: " << (notices.empty() ? std::string() : notices.front()));
    CHECK(notices.empty());
    CHECK(again == s);
    for (const OptimSlot& slot : s.Slots) {
        RunConfig c;
        c.Surface = s.Surface;
        c.Function = s.Function;
        c.Start = {s.StartX, s.StartY};
        c.Steps = s.Steps;
        c.Optimizer = slot.Optimizer;
        c.Schedule = slot.Schedule;
        c.Noise = {s.NoiseSigma, slot.Batch, static_cast<std::uint32_t>(s.Seed)};
        const auto checked = CheckRunConfig(c);
        if (!checked) {
            INFO(Text(checked.Error()));
            CHECK(Text(checked.Error()).find("nesterov") != std::string::npos);
        }
    }
}

} // namespace

TEST_CASE("optim state: keys are short, lowercase, unique and clear of the app's", "[optim][state]")
{
    const std::set<std::string> app = {"q", "topic", "v", "theme", "lang", "embed", "question", "controls"};
    std::set<std::string> seen;
    for (const auto& f : OptimizersStateSchema().AllFields()) {
        INFO(f.Key);
        CHECK(seen.insert(f.Key).second);
        CHECK(app.count(f.Key) == 0);
        CHECK(f.Key.size() <= 7);
        CHECK(std::all_of(f.Key.begin(), f.Key.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }));
    }
    CHECK(seen.size() == 23 + 33 * kOptimSlots); // every field of the state, each slot's too
    // One URL id per preset, and nothing beyond.
    for (int i = 0; i < static_cast<int>(OptimPresets().size()); ++i) CHECK_FALSE(OptimPresetName(i).empty());
    CHECK(OptimPresetName(static_cast<int>(OptimPresets().size())).empty());
}

TEST_CASE("optim state: the default encodes to nothing, each preset to its name alone", "[optim][state]")
{
    CHECK(EncodeOptimizersState(OptimPresetState(0)).empty());
    for (int i = 0; i < static_cast<int>(OptimPresets().size()); ++i) {
        INFO("preset " << i);
        const OptimizersState preset = OptimPresetState(i);
        const std::string f = EncodeOptimizersState(preset);
        CHECK(f == (i == 0 ? std::string() : "p=" + std::string(OptimPresetName(i))));
        std::mt19937 rng(static_cast<unsigned>(i));
        OptimizersState back = RandomState(rng);
        // The preset's keys restore it exactly, over any state; no keys at all: the first preset.
        CHECK(DecodeOptimizersState(ParseKeyValues(f), back).empty());
        CHECK(back == preset);
        CheckValid(back);
    }
    // The preset's state itself: its runs in the first slots, the whole runs shown.
    const OptimizersState batch = OptimPresetState(2);
    CHECK(batch.Slots[2].Enabled);
    CHECK(batch.Slots[2].Batch == 256);
    CHECK_FALSE(batch.Slots[3].Enabled);
    CHECK(batch.Step == batch.Steps);
    CHECK(batch.NoiseSigma == 3.0);
}

TEST_CASE("optim state: edited states round-trip exactly and stay short", "[optim][state]")
{
    OptimizersState s = OptimPresetState(1); // the ravine: SGD, SGD + momentum, Nesterov
    s.Slots[1].Optimizer.Momentum = 0.9;
    s.Slots[3].Enabled = true;
    s.Slots[3].Optimizer.Lr = 0.1 + 0.2; // not a short decimal: must come back bit for bit
    s.Slots[3].Schedule.Kind = ScheduleKind::Cosine;
    s.Slots[3].Schedule.TMax = 60;
    s.Selected = 3;
    s.Step = 40;
    const std::string f = EncodeOptimizersState(s);
    CHECK(f == "p=ravine&sel=4&step=40&o2mom=0.9&o4on=1&o4lr=0.30000000000000004&o4s=cosine&o4tmax=60");
    OptimizersState back;
    CHECK(DecodeOptimizersState(ParseKeyValues(f), back).empty());
    CHECK(back == s);
    // Order does not matter: the preset is applied first wherever "p" stands.
    OptimizersState shuffled;
    CHECK(DecodeOptimizersState(
              ParseKeyValues("o4tmax=60&step=40&o4s=cosine&sel=4&o2mom=0.9&o4on=1&p=ravine&o4lr=0.30000000000000004"), shuffled)
              .empty());
    CHECK(shuffled == s);

    std::mt19937 rng(2024);
    for (int round = 0; round < 200; ++round) {
        const OptimizersState r = RandomState(rng);
        const std::string fr = EncodeOptimizersState(r);
        OptimizersState d = OptimPresetState(round % 7); // decoding does not depend on what was there
        d.Speed = 3.0f;
        const auto notices = DecodeOptimizersState(ParseKeyValues("topic=optimizers&v=1&" + fr), d);
        INFO(fr);
        CHECK(notices.empty());
        CHECK(d == r);
    }
}

TEST_CASE("optim state: bad values clamp or are ignored, one notice each, never an invalid state", "[optim][state]")
{
    OptimizersState s;
    const auto notices = DecodeOptimizersState(
        ParseKeyValues("p=batch&kappa=1e999&o1lr=nan&iters=-5&fn=banana&o2=sgdx&sel=9&x0=garbage&step=99999"
                       "&o3bs=0&speed=inf&o1b1=1&o2s=warp&seed=1.5&logc=maybe&o4eps=-1&zz=1&topic=optimizers"),
        s);
    // kappa, o1lr, iters, fn, o2, sel, x0, step, o3bs, speed, o1b1, o2s, seed, logc, o4eps: 15.
    CHECK(notices.size() == 15);
    const OptimizersState batch = OptimPresetState(2);
    CHECK(s.Preset == 2);
    CHECK(s.Function.Kappa == batch.Function.Kappa); // ignored
    CHECK(s.Slots[0].Optimizer.Lr == batch.Slots[0].Optimizer.Lr);
    CHECK(s.Steps == 1); // clamped
    CHECK(s.Step == 1);  // to the (clamped) run length
    CHECK(s.Surface == batch.Surface);
    CHECK(s.Slots[1].Optimizer.Kind == batch.Slots[1].Optimizer.Kind);
    CHECK(s.Selected == kOptimSlots - 1);
    CHECK(s.StartX == batch.StartX);
    CHECK(s.Slots[2].Batch == 1);
    CHECK(s.Speed == batch.Speed);
    CHECK(s.Slots[0].Optimizer.Beta1 == 0.999);
    CHECK(s.Slots[1].Schedule.Kind == ScheduleKind::Constant);
    CHECK(s.Seed == batch.Seed);
    CHECK(s.Slots[3].Optimizer.Eps == 1e-12);
    CheckValid(s);
    const auto has = [&](std::string_view key) {
        return std::count_if(notices.begin(), notices.end(),
                             [&](const Message& n) { return n.Context.starts_with(std::string(key) + "="); });
    };
    CHECK(has("step") == 1); // clamped twice (to 5000, then to iters), reported once
    CHECK(has("zz") == 0);

    // The start point is clamped to the area of the surface the fragment chose.
    OptimizersState far;
    const auto far_notices = Texts(DecodeOptimizersState(ParseKeyValues("fn=beale&x0=900&y0=-2"), far));
    REQUIRE(far_notices.size() == 1);
    CHECK(far_notices[0].starts_with("x0=900"));
    CHECK(far.StartX == DefaultArea(SurfaceKind::Beale).XMax);
    CHECK(far.StartY == -2.0);
    // A bad preset name falls back to the first preset, still applying the other keys.
    OptimizersState fallback;
    CHECK(DecodeOptimizersState(ParseKeyValues("p=nope&o1lr=0.5"), fallback).size() == 1);
    OptimizersState expected = OptimPresetState(0);
    expected.Slots[0].Optimizer.Lr = 0.5;
    CHECK(fallback == expected);
}

TEST_CASE("optim state: unknown keys are ignored, a fragment without the topic's keys is the default", "[optim][state]")
{
    // A link restores exactly: whatever was on screen before, no keys means the first preset.
    std::mt19937 rng(5);
    OptimizersState s = RandomState(rng);
    CHECK(DecodeOptimizersState(ParseKeyValues("#topic=optimizers&q=60&v=1&theme=light&lang=en&embed=1&foo=bar&o7lr=1&o1zz=2"), s)
              .empty());
    CHECK(s == OptimPresetState(0));
    s = RandomState(rng);
    CHECK(DecodeOptimizersState(ParseKeyValues(""), s).empty());
    CHECK(s == OptimPresetState(0));
    CHECK(DecodeOptimizersState(ParseKeyValues("foo=1&o1lr=0.2"), s).empty());
    OptimizersState expected = OptimPresetState(0);
    expected.Slots[0].Optimizer.Lr = 0.2;
    CHECK(s == expected);
}

TEST_CASE("optim state: random garbage never leaves an invalid state", "[optim][state]")
{
    const auto& fields = OptimizersStateSchema().AllFields();
    const char* values[] = {
        "",     "0",      "1",      "-1", "1e999", "-1e999",   "nan",  "inf", "0.5", "1e-300", "5000", "99999999999999999999",
        "adam", "cosine", "saddle", "l2", "%zz",   "\xd0\xb9", "0x10", " 1",  "1 ",  "+2",     "7"};
    std::mt19937 rng(99);
    for (int round = 0; round < 1500; ++round) {
        std::string f;
        const int n = UniformInt(rng, 0, 12);
        for (int i = 0; i < n; ++i) {
            if (!f.empty()) f += rng() % 10 == 0 ? "&&" : "&";
            f += rng() % 8 == 0 ? std::string("x") + std::to_string(rng() % 10) : fields[rng() % fields.size()].Key;
            if (rng() % 10 != 0) f += "=" + std::string(values[rng() % std::size(values)]);
        }
        OptimizersState s = OptimPresetState(round % 7);
        DecodeOptimizersState(ParseKeyValues(f), s);
        INFO(f);
        CheckValid(s);
    }
}
