#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "topics/activations/core/activations_state.h"
#include "core/state_codec.h"

using namespace mlviz;

namespace {

struct Demo {
    float Iou = 0.5f;
    double Sigma = 0.5;
    int Seed = 1;
    bool Soft = false;
    enum class Method { Greedy, Soft, Diou } Kind = Method::Greedy;
};

StateSchema<Demo> DemoSchema()
{
    StateSchema<Demo> s;
    s.Real(
         "iou", [](Demo& d) -> float& { return d.Iou; }, 0.0, 1.0)
        .Real(
            "sigma", [](Demo& d) -> double& { return d.Sigma; }, 1e-3, 10.0)
        .Int(
            "seed", [](Demo& d) -> int& { return d.Seed; }, 0, 1000000)
        .Bool("soft", [](Demo& d) -> bool& { return d.Soft; })
        .Enum("m", [](Demo& d) -> Demo::Method& { return d.Kind; }, {"greedy", "soft", "diou"});
    return s;
}

} // namespace

TEST_CASE("state codec: defaults encode to nothing, changes round-trip exactly", "[state]")
{
    const auto schema = DemoSchema();
    CHECK(schema.Encode(Demo(), Demo()).empty());
    Demo d;
    d.Iou = 0.45f;
    d.Sigma = 0.1 + 0.2; // not a short decimal: must still round-trip bit for bit
    d.Seed = 7;
    d.Kind = Demo::Method::Diou;
    const std::string f = schema.Encode(d, Demo());
    CHECK(f.find("iou=0.45") != std::string::npos); // shortest text, not 0.449999988
    Demo back;
    CHECK(schema.Decode(ParseKeyValues(f), back).empty());
    CHECK(back.Iou == d.Iou);
    CHECK(back.Sigma == d.Sigma);
    CHECK(back.Seed == 7);
    CHECK(back.Kind == Demo::Method::Diou);
}

TEST_CASE("state codec: bad values clamp or are ignored with a notice, unknown keys are silent", "[state]")
{
    const auto schema = DemoSchema();
    Demo d;
    const auto notices = schema.Decode(ParseKeyValues("iou=7&sigma=nan&seed=-5&soft=maybe&m=fancy&zzz=1&topic=nms"), d);
    CHECK(notices.size() == 5);
    CHECK(d.Iou == 1.0f);  // clamped
    CHECK(d.Sigma == 0.5); // ignored
    CHECK(d.Seed == 0);    // clamped
    CHECK_FALSE(d.Soft);
    CHECK(d.Kind == Demo::Method::Greedy);
    Demo e;
    CHECK(schema.Decode(ParseKeyValues("seed=1e999&iou=1e999&sigma=-inf"), e).size() == 3);
    CHECK(e.Iou == 0.5f);
}

TEST_CASE("state codec: random garbage never breaks a state", "[state]")
{
    const auto schema = DemoSchema();
    std::mt19937 rng(123);
    const std::string alphabet = "iousgmaedft=&%0123456789.-+eE,nainf xyz\xd0\xb9";
    for (int round = 0; round < 2000; ++round) {
        std::string s;
        const int n = static_cast<int>(rng() % 40);
        for (int i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
        Demo d;
        schema.Decode(ParseKeyValues(s), d);
        CHECK(d.Iou >= 0.0f);
        CHECK(d.Iou <= 1.0f);
        CHECK(d.Sigma >= 1e-3);
        CHECK(d.Sigma <= 10.0);
        CHECK(d.Seed >= 0);
    }
}

// Found by the fragment fuzzer: "pos=-0" decoded to -0.0f, which was written back as "-0", so a
// value equal to the default still went into the link.
TEST_CASE("state codec: -0 is written as 0, so it equals the default", "[state]")
{
    CHECK(FormatReal(-0.0, false) == "0");
    CHECK(FormatReal(-0.0, true) == "0");
    const auto schema = DemoSchema();
    Demo d;
    d.Iou = 0.0f;
    CHECK(schema.Decode(ParseKeyValues("sigma=-0&iou=-0.0"), d).size() == 1); // sigma: clamped to 1e-3
    CHECK(std::signbit(d.Iou));
    Demo zero;
    zero.Iou = 0.0f;
    zero.Sigma = 1e-3;
    CHECK(schema.Encode(d, zero).empty());
}

TEST_CASE("activations state round-trips through its URL codec", "[state][activations]")
{
    const auto& schema = ActivationsStateSchema();
    ActivationsState s;
    s.Shown = {};
    s.Shown[static_cast<int>(Activation::GELU)] = true;
    s.Shown[static_cast<int>(Activation::Swish)] = true;
    s.Params.SwishBeta = 3.5;
    s.Params.GeluTanh = true;
    s.SurfaceActivation = static_cast<int>(Activation::Tanh);
    s.Seed = 99;
    s.XRange = 12.0f;
    const std::string f = schema.Encode(s, ActivationsState());
    CHECK(f.find("f=gelu,swish") != std::string::npos);
    ActivationsState back;
    CHECK(schema.Decode(ParseKeyValues(f), back).empty());
    CHECK(back.Shown == s.Shown);
    CHECK(back.Params.SwishBeta == 3.5);
    CHECK(back.Params.GeluTanh);
    CHECK(back.SurfaceActivation == s.SurfaceActivation);
    CHECK(back.Seed == 99);
    CHECK(back.XRange == 12.0f);
    ActivationsState bad;
    CHECK(schema.Decode(ParseKeyValues("f=relu,bogus&layers=99&net=nope"), bad).size() == 3);
    CHECK(bad.SurfaceLayers == 8);
    CHECK(bad.Shown[static_cast<int>(Activation::ReLU)]);
}
