// NMS topic state <-> URL fragment (core/nms_state.h): exact round trips for the defaults,
// every scene and method, seeded random states; bad values clamp or are ignored with one notice
// each; unknown keys are silent; a decoded link recomputes the very same NMS run.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/deeplink.h"
#include "topics/nms/core/nms_runs.h"
#include "topics/nms/core/nms_state.h"

using namespace mlviz;

namespace {

// Every field but Playing, which links deliberately leave out (a link opens paused).
bool SameState(const NmsState& a, const NmsState& b)
{
    return a.Scene == b.Scene && a.Method == b.Method && a.MethodB == b.MethodB && a.Compare == b.Compare &&
        a.ClassAware == b.ClassAware && a.IouThreshold == b.IouThreshold && a.Sigma == b.Sigma &&
        a.ScoreThreshold == b.ScoreThreshold && a.Seed == b.Seed && a.BoxesPerObject == b.BoxesPerObject &&
        a.PositionJitter == b.PositionJitter && a.SizeJitter == b.SizeJitter && a.ScoreNoise == b.ScoreNoise &&
        a.FalsePositives == b.FalsePositives && a.ClassConfusion == b.ClassConfusion && a.RandomObjects == b.RandomObjects &&
        a.RandomClasses == b.RandomClasses && a.MetricScore == b.MetricScore && a.Step == b.Step && a.Speed == b.Speed &&
        a.SelectedBox == b.SelectedBox && a.ShowGroundTruth == b.ShowGroundTruth && a.ShowLabels == b.ShowLabels;
}

// A decoded state must already be valid: clamping it again changes nothing (NaN != NaN also
// fails here, as SameState compares with ==).
bool IsValid(const NmsState& s)
{
    NmsState c = s;
    ClampNmsState(c);
    return SameState(c, s);
}

std::string Encode(const NmsState& s)
{
    return NmsStateSchema().Encode(s, NmsState());
}

NmsState Decode(std::string_view text, std::vector<std::string>* notices = nullptr)
{
    NmsState s;
    auto n = NmsStateSchema().Decode(ParseKeyValues(text), s);
    if (notices) *notices = Texts(n);
    return s;
}

float Uniform(std::mt19937& rng, float lo, float hi)
{
    return lo + (hi - lo) * static_cast<float>(rng() >> 8) / static_cast<float>(1u << 24);
}

int UniformInt(std::mt19937& rng, int lo, int hi)
{
    return lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1));
}

NmsState RandomState(std::mt19937& rng)
{
    NmsState s;
    s.Scene = UniformInt(rng, 0, static_cast<int>(SimSceneKind::Count) - 1);
    s.Method = UniformInt(rng, 0, static_cast<int>(NmsMethod::Count) - 1);
    s.MethodB = UniformInt(rng, 0, static_cast<int>(NmsMethod::Count) - 1);
    s.Compare = rng() % 2;
    s.ClassAware = rng() % 2;
    s.IouThreshold = Uniform(rng, 0.0f, 1.0f);
    s.Sigma = Uniform(rng, 0.01f, 2.0f);
    s.ScoreThreshold = Uniform(rng, 0.0f, 0.5f);
    s.Seed = UniformInt(rng, 0, 1 << 30);
    s.BoxesPerObject = UniformInt(rng, 1, kNmsUiMaxBoxesPerObject);
    s.PositionJitter = Uniform(rng, 0.0f, 0.3f);
    s.SizeJitter = Uniform(rng, 0.0f, 0.5f);
    s.ScoreNoise = Uniform(rng, 0.0f, 0.3f);
    s.FalsePositives = UniformInt(rng, 0, kNmsUiMaxFalsePositives);
    s.ClassConfusion = Uniform(rng, 0.0f, 1.0f);
    s.RandomObjects = UniformInt(rng, 1, kNmsUiMaxObjects);
    s.RandomClasses = UniformInt(rng, 1, kSimMaxClasses);
    s.MetricScore = Uniform(rng, 0.0f, 1.0f);
    s.Step = UniformInt(rng, -1, 300);
    s.Speed = Uniform(rng, 1.0f, 200.0f);
    s.SelectedBox = UniformInt(rng, -1, 100);
    s.ShowGroundTruth = rng() % 2;
    s.ShowLabels = rng() % 2;
    return s;
}

} // namespace

TEST_CASE("nms state: defaults encode to nothing, keys are stable and never the app's", "[nms][state]")
{
    CHECK(Encode(NmsState()).empty());
    CHECK(SameState(Decode(""), NmsState()));

    const char* expected[] = {"scene",   "method",   "method_b", "compare", "batched", "iou", "sigma",     "min_score",
                              "seed",    "boxes",    "pos",      "size",    "noise",   "fp",  "confusion", "objects",
                              "classes", "tp_score", "step",     "speed",   "box",     "gt",  "labels"};
    const auto fields = NmsStateSchema().AllFields();
    REQUIRE(fields.size() == std::size(expected));
    for (std::size_t i = 0; i < fields.size(); ++i) {
        CHECK(fields[i].Key == expected[i]);
        for (const char* app : {"q", "topic", "v", "theme", "lang", "embed", "question", "controls"}) CHECK(fields[i].Key != app);
    }

    // A hand-written link in the style, and its exact canonical text.
    NmsState s;
    s.Scene = static_cast<int>(SimSceneKind::Street);
    s.Method = static_cast<int>(NmsMethod::SoftGaussian);
    s.Sigma = 0.3f;
    s.IouThreshold = 0.45f;
    s.Seed = 7;
    s.Step = 12;
    CHECK(Encode(s) == "scene=street&method=soft-gaussian&iou=0.45&sigma=0.3&seed=7&step=12");
    std::vector<std::string> notices;
    CHECK(SameState(Decode("step=12&seed=7&iou=0.45&sigma=0.3&method=soft-gaussian&scene=street", &notices), s));
    CHECK(notices.empty());
}

TEST_CASE("nms state: every field changed alone round-trips exactly", "[nms][state]")
{
    // Each mutation moves exactly one field off its default: the fragment must be one pair.
    const std::vector<void (*)(NmsState&)> changes = {
        [](NmsState& s) { s.Scene = 2; },
        [](NmsState& s) { s.Method = 3; },
        [](NmsState& s) { s.MethodB = 1; },
        [](NmsState& s) { s.Compare = true; },
        [](NmsState& s) { s.ClassAware = false; },
        [](NmsState& s) { s.IouThreshold = 0.7f; },
        [](NmsState& s) { s.Sigma = 0.01f; },
        [](NmsState& s) { s.ScoreThreshold = 0.5f; },
        [](NmsState& s) { s.Seed = 1 << 30; },
        [](NmsState& s) { s.BoxesPerObject = 25; },
        [](NmsState& s) { s.PositionJitter = 0.3f; },
        [](NmsState& s) { s.SizeJitter = 0.0f; },
        [](NmsState& s) { s.ScoreNoise = 0.11f; },
        [](NmsState& s) { s.FalsePositives = 0; },
        [](NmsState& s) { s.ClassConfusion = 1.0f; },
        [](NmsState& s) { s.RandomObjects = 20; },
        [](NmsState& s) { s.RandomClasses = 8; },
        [](NmsState& s) { s.MetricScore = 0.0f; },
        [](NmsState& s) { s.Step = 0; },
        [](NmsState& s) { s.Speed = 200.0f; },
        [](NmsState& s) { s.SelectedBox = 0; },
        [](NmsState& s) { s.ShowGroundTruth = false; },
        [](NmsState& s) { s.ShowLabels = false; },
    };
    REQUIRE(changes.size() == NmsStateSchema().AllFields().size());
    for (std::size_t i = 0; i < changes.size(); ++i) {
        NmsState s;
        changes[i](s);
        const std::string f = Encode(s);
        INFO(f);
        CHECK(ParseKeyValues(f).size() == 1);
        CHECK(ParseKeyValues(f)[0].first == NmsStateSchema().AllFields()[i].Key);
        std::vector<std::string> notices;
        CHECK(SameState(Decode(f, &notices), s));
        CHECK(notices.empty());
    }
}

TEST_CASE("nms state: every scene x method pair, alone and compared, round-trips", "[nms][state]")
{
    for (int scene = 0; scene < static_cast<int>(SimSceneKind::Count); ++scene)
        for (int a = 0; a < static_cast<int>(NmsMethod::Count); ++a)
            for (int b = 0; b < static_cast<int>(NmsMethod::Count); ++b)
                for (int compare = 0; compare < 2; ++compare) {
                    NmsState s;
                    s.Scene = scene;
                    s.Method = a;
                    s.MethodB = b;
                    s.Compare = compare == 1;
                    s.Step = 3;
                    const std::string f = Encode(s);
                    INFO(f);
                    std::vector<std::string> notices;
                    CHECK(SameState(Decode(f, &notices), s));
                    CHECK(notices.empty());
                    CHECK(Encode(Decode(f)) == f);
                }
}

TEST_CASE("nms state: seeded random states round-trip bit for bit", "[nms][state]")
{
    std::mt19937 rng(2024);
    for (int round = 0; round < 500; ++round) {
        const NmsState s = RandomState(rng);
        REQUIRE(IsValid(s));
        const std::string f = Encode(s);
        INFO(f);
        std::vector<std::string> notices;
        const NmsState back = Decode(f, &notices);
        CHECK(SameState(back, s));
        CHECK(notices.empty());
        CHECK(Encode(back) == f);
    }
}

TEST_CASE("nms state: a decoded link recomputes exactly the same run", "[nms][state]")
{
    std::mt19937 rng(7);
    for (int round = 0; round < 12; ++round) {
        NmsState s = RandomState(rng);
        s.BoxesPerObject = std::min(s.BoxesPerObject, 8); // keep the O(n^2) traces small
        s.FalsePositives = std::min(s.FalsePositives, 20);
        const NmsState back = Decode(Encode(s));
        const auto run = [](const NmsState& st) {
            const DetectionScene scene = MakeDetectionScene(static_cast<SimSceneKind>(st.Scene), st.RandomObjects,
                                                            st.RandomClasses, static_cast<std::uint32_t>(st.Seed));
            const SimulatedDetections d = SimulateDetections(scene, NmsSimConfigFor(st));
            return std::make_pair(d, RunNmsOnDetections(d, scene.Objects, NmsOptionsFor(st, st.Method), 0.5, st.MetricScore));
        };
        const auto [da, ra] = run(s);
        const auto [db, rb] = run(back);
        REQUIRE(da.Boxes.size() == db.Boxes.size());
        CHECK(da.Scores == db.Scores);
        CHECK(ra.Result.Keep == rb.Result.Keep);
        CHECK(ra.Result.Scores == rb.Result.Scores);
        CHECK(ra.Trace.size() == rb.Trace.size());
        CHECK(ra.Metrics.TruePositives == rb.Metrics.TruePositives);
        CHECK(ra.Metrics.FalsePositives == rb.Metrics.FalsePositives);
    }
}

TEST_CASE("nms state: bad values clamp or are ignored, one notice each", "[nms][state]")
{
    std::vector<std::string> notices;
    // Out of range: clamped to the slider's range.
    NmsState s = Decode("iou=7&sigma=0&min_score=-1&seed=-5&boxes=999&pos=9&size=-2&noise=1&fp=100000&"
                        "confusion=2&objects=0&classes=99&tp_score=1.5&step=-7&speed=0.5&box=-3",
                        &notices);
    CHECK(notices.size() == 16);
    CHECK(s.IouThreshold == 1.0f);
    CHECK(s.Sigma == 0.01f);
    CHECK(s.ScoreThreshold == 0.0f);
    CHECK(s.Seed == 0);
    CHECK(s.BoxesPerObject == kNmsUiMaxBoxesPerObject);
    CHECK(s.PositionJitter == 0.3f);
    CHECK(s.SizeJitter == 0.0f);
    CHECK(s.ScoreNoise == 0.3f);
    CHECK(s.FalsePositives == kNmsUiMaxFalsePositives);
    CHECK(s.ClassConfusion == 1.0f);
    CHECK(s.RandomObjects == 1);
    CHECK(s.RandomClasses == kSimMaxClasses);
    CHECK(s.MetricScore == 1.0f);
    CHECK(s.Step == -1);
    CHECK(s.Speed == 1.0f);
    CHECK(s.SelectedBox == -1);
    CHECK(IsValid(s));

    // Not numbers, unknown names, overflow: ignored, the default stays.
    s = Decode("iou=nan&sigma=1e999&min_score=inf&seed=1e999&boxes=abc&pos=&scene=forest&method=fancy&"
               "method_b=GREEDY&compare=maybe&batched=2&gt=yes&step=99999999999999999999&speed=-inf&fp=1.5",
               &notices);
    CHECK(notices.size() == 15);
    CHECK(SameState(s, NmsState()));
    for (const std::string& n : notices) CHECK_FALSE(n.empty());

    // One notice names the key and the value it rejected.
    Decode("method=fancy", &notices);
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].find("method=fancy") == 0);
    CHECK(notices[0].find("soft-gaussian") != std::string::npos); // lists the valid names
}

TEST_CASE("nms state: unknown and app keys are ignored silently", "[nms][state]")
{
    std::vector<std::string> notices;
    const NmsState s =
        Decode("#q=24&topic=nms&v=1&theme=light&lang=en&embed=1&question=1&controls=0&zzz=3&iou2=0.1&=&&seed", &notices);
    // "seed" without '=' is the seed key with an empty value: the only notice.
    CHECK(notices.size() == 1);
    CHECK(SameState(s, NmsState()));
    const NmsState t = Decode("topic=nms&v=1&iou=0.3&future_key=1", &notices);
    CHECK(notices.empty());
    CHECK(t.IouThreshold == 0.3f);
}

TEST_CASE("nms state: random garbage never yields an invalid state", "[nms][state]")
{
    std::mt19937 rng(99);
    const std::vector<std::string> keys = {"scene", "method", "method_b", "compare", "iou", "sigma", "seed",
                                           "boxes", "step",   "box",      "speed",   "gt",  "xyz",   ""};
    const std::vector<std::string> values = {"0",   "1",    "-1",     "0.5",    "1e999",    "-1e999", "nan",    "inf",
                                             "abc", "",     "crowd",  "street", "random",   "diou",   "greedy", "2147483648",
                                             "-0",  "0x10", "1e-400", "%zz",    "\xd0\xb9", "1,2",    "+3"};
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        const int n = UniformInt(rng, 0, 6);
        for (int i = 0; i < n; ++i) {
            if (i > 0) text += rng() % 8 == 0 ? "&&" : "&";
            text += keys[rng() % keys.size()];
            if (rng() % 10) text += "=" + values[rng() % values.size()];
        }
        INFO(text);
        const NmsState s = Decode(text);
        CHECK(IsValid(s));
        // Whatever was accepted is canonical: re-encoding and decoding is a fixed point.
        CHECK(SameState(Decode(Encode(s)), s));
    }
}
