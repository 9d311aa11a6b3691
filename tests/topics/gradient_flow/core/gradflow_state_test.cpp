// Gradient-flow topic state <-> URL fragment (core/gradflow_state.h): presets are one key,
// edited states round-trip exactly, bad values clamp or are ignored with one notice each, and a
// link that changes a preset's network is no longer that preset.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <random>
#include <string>
#include <vector>

#include "core/deeplink.h"
#include "topics/gradient_flow/core/gradflow_state.h"

using namespace mlviz;

namespace {

// Every schema field against the defaults, plus the preset: equal text means equal states
// (the codec writes the shortest text that reads back to the same float).
std::string Fingerprint(const GradflowState& s)
{
    return std::to_string(s.Preset) + "|" + GradflowStateSchema().Encode(s, GradflowState{});
}

GradflowState Decoded(const std::string& fragment, std::vector<std::string>* notices = nullptr)
{
    GradflowState s;
    std::vector<std::string> n = Texts(DecodeGradflowState(ParseKeyValues(fragment), s));
    if (notices) *notices = n;
    return s;
}

} // namespace

TEST_CASE("gradflow state: the default state is the first preset and encodes to nothing", "[gradflow][state]")
{
    const GradflowState d;
    CHECK(EncodeGradflowState(d).empty());
    CHECK(Fingerprint(GradflowPresetState(0)) == Fingerprint(d));
    std::vector<std::string> notices;
    CHECK(Fingerprint(Decoded("", &notices)) == Fingerprint(d));
    CHECK(notices.empty());
}

TEST_CASE("gradflow state: each preset is one key and decodes to its own state", "[gradflow][state]")
{
    REQUIRE(GradflowPresetCount() == kGradflowPresetCount);
    for (int i = 0; i < GradflowPresetCount(); ++i) {
        INFO("preset " << GradflowPresetId(i));
        const GradflowState p = GradflowPresetState(i);
        CHECK(p.Preset == i);
        const std::string link = EncodeGradflowState(p);
        if (i == 0)
            CHECK(link.empty());
        else
            CHECK(link == "preset=" + std::string(GradflowPresetId(i)));
        std::vector<std::string> notices;
        CHECK(Fingerprint(Decoded(link, &notices)) == Fingerprint(p));
        CHECK(notices.empty());
        // A preset is a valid state: clamping changes nothing.
        GradflowState c = p;
        ClampGradflowState(c);
        CHECK(Fingerprint(c) == Fingerprint(p));
    }
    // The regimes the view's notes describe.
    const GradflowState chaos = GradflowPresetState(2);
    CHECK(std::string(GradflowPresetId(2)) == "tanh_chaos");
    CHECK(
        (chaos.Depth == 40 && chaos.Act == static_cast<int>(Activation::Tanh) && chaos.InitStd == 2.0f && chaos.InitStdPerFanIn));
    const GradflowState dead = GradflowPresetState(8);
    CHECK(std::string(GradflowPresetId(8)) == "dead_relu");
    CHECK((dead.Depth == 8 && dead.Lr == 2.0f && dead.Clip == static_cast<int>(GradflowClip::Norm) && dead.ClipMax == 5.0f &&
           dead.TrainSteps == 50));
    CHECK(std::string(GradflowPresetId(-1)) == "custom");
}

TEST_CASE("gradflow state: choosing a preset keeps the panel and picture switches", "[gradflow][state]")
{
    GradflowState keep;
    keep.Mode = 1;
    keep.WeightGrads = true;
    keep.HistPerLayer = true;
    keep.Depth = 77;
    const GradflowState p = GradflowPresetState(3, keep);
    CHECK((p.Mode == 1 && p.WeightGrads && p.HistPerLayer));
    CHECK(p.Depth == 30);
    CHECK(EncodeGradflowState(p) == "preset=relu_he&mode=rnn&wgrads=1&hist_own=1");
}

TEST_CASE("gradflow state: seeded random states round-trip exactly", "[gradflow][state]")
{
    std::mt19937 rng(2024);
    auto uniform = [&](float lo, float hi) { return std::uniform_real_distribution<float>(lo, hi)(rng); };
    auto integer = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    for (int trial = 0; trial < 300; ++trial) {
        GradflowState s = GradflowPresetState(integer(-1, kGradflowPresetCount - 1));
        s.Mode = integer(0, 1);
        if (trial % 3 != 0) { // a third keep the preset's network, the rest are edited by hand
            s.Preset = -1;
            s.Depth = integer(1, 100);
            s.Width = integer(2, 256);
            s.Act = integer(1, 7);
            s.LeakySlope = uniform(0.0f, 0.5f);
            s.EluAlpha = uniform(0.0f, 3.0f);
            s.SwishBeta = uniform(0.0f, 10.0f);
            s.GeluTanh = integer(0, 1);
            s.Init = integer(0, 5);
            s.InitStd = uniform(0.0f, 4.0f);
            s.InitStdPerFanIn = integer(0, 1);
            s.Bias = integer(0, 1);
            s.ResidualEvery = integer(0, 10);
            s.Norm = integer(0, 2);
            s.NormAfter = integer(0, 1);
            s.Dataset = integer(0, 2);
            s.Batch = integer(2, 1024);
            s.Seed = integer(0, 1 << 30);
            s.Noise = uniform(0.0f, 0.5f);
            s.Optimizer = integer(0, 2);
            s.Lr = uniform(1e-4f, 10.0f);
            s.Momentum = uniform(0.0f, 0.99f);
            s.Clip = integer(0, 2);
            s.ClipMax = uniform(1e-3f, 100.0f);
        }
        s.TrainSteps = integer(0, 100000);
        s.StepsPerClick = integer(1, 1000);
        s.WeightGrads = integer(0, 1);
        s.HistPerLayer = integer(0, 1);
        s.SelectedLayer = integer(-1, 99);
        s.RnnHidden = integer(2, 128);
        s.RnnSteps = integer(2, 300);
        s.RnnSeed = integer(0, 1 << 30);
        s.ForgetBias = uniform(0.0f, 5.0f);
        s.RnnCompareZeroBias = integer(0, 1);
        s.RnnSelectedT = integer(-1, 300);
        ClampGradflowState(s);
        const std::string link = EncodeGradflowState(s);
        INFO(link);
        std::vector<std::string> notices;
        const GradflowState back = Decoded(link, &notices);
        CHECK(notices.empty());
        CHECK(Fingerprint(back) == Fingerprint(s));
        CHECK(SameGradflowModel(back, s));
        CHECK(EncodeGradflowState(back) == link);
    }
}

TEST_CASE("gradflow state: bad values clamp or are ignored, one notice each", "[gradflow][state]")
{
    std::vector<std::string> notices;
    GradflowState s = Decoded("depth=9999&act=softmax&lr=nan&noise=-1&seed=abc&zz=1&mode=rnn", &notices);
    CHECK(notices.size() == 5); // depth, act, lr, noise, seed; zz is not ours
    CHECK(s.Depth == kGradflowDepthMax);
    CHECK(s.Act == GradflowState{}.Act);
    CHECK(s.Lr == GradflowState{}.Lr);
    CHECK(s.Noise == 0.0f);
    CHECK(s.Seed == GradflowState{}.Seed);
    CHECK(s.Mode == 1);

    // Width and depth bound the batch (memory): the decoded batch is clamped to what fits.
    s = Decoded("preset=custom&depth=100&width=256&batch=1024", &notices);
    CHECK(s.Batch == GradflowMaxBatch(100, 256));
    CHECK(static_cast<long long>(s.Depth) * s.Width * s.Batch <= kGradflowMaxElements);

    s = Decoded("preset=nope&steps=10", &notices);
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].find("preset=nope") == 0);
    CHECK(s.Preset == 0);
    CHECK(s.TrainSteps == 10);

    // A selected layer beyond the network is cleared to the last layer, not kept out of range.
    s = Decoded("depth=5&layer=50", &notices);
    CHECK(s.SelectedLayer == 4);
    // Identity is not offered by the view: it becomes the first offered activation.
    s = Decoded("act=identity", &notices);
    CHECK(s.Act == static_cast<int>(Activation::Sigmoid));
}

TEST_CASE("gradflow state: a link that changes a preset's network decodes as custom", "[gradflow][state]")
{
    const GradflowState s = Decoded("preset=relu_he&depth=40");
    CHECK(s.Preset == -1);
    CHECK(s.Depth == 40);
    CHECK(s.Act == static_cast<int>(Activation::ReLU));
    const std::string link = EncodeGradflowState(s);
    CHECK(link.rfind("preset=custom&", 0) == 0);
    CHECK(Fingerprint(Decoded(link)) == Fingerprint(s));
    // The training target and picture switches are not the network: the preset stays.
    CHECK(Decoded("preset=relu_he&steps=200&wgrads=1").Preset == 3);
}
