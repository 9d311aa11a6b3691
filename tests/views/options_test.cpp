// Command-line options of the desktop app (src/app/options.h): deep-link flags, frames,
// screenshot, size and UI scale, and errors that name the option.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <string>
#include <vector>

#include "app/options.h"
#include "core/deeplink.h"

using namespace mlviz;

namespace {

struct Parsed {
    bool Ok;
    AppOptions Options;
    std::string Error;
};

Parsed Parse(const std::vector<std::string>& args)
{
    Parsed p;
    p.Ok = ParseAppOptions(args, p.Options, p.Error);
    return p;
}

} // namespace

TEST_CASE("Options: defaults", "[found][options]")
{
    const Parsed p = Parse({});
    REQUIRE(p.Ok);
    CHECK(p.Options.Fragment.empty());
    CHECK(p.Options.Frames == 0);
    CHECK(p.Options.Screenshot.empty());
    CHECK(p.Options.Width == 1280);
    CHECK(p.Options.Height == 800);
    CHECK(p.Options.UiScale == 1.0f);
    CHECK_FALSE(p.Options.Help);
    CHECK(std::string(AppUsage()).find("--question") != std::string::npos);
}

TEST_CASE("Options: --question and --topic become the same fragment as the URL", "[found][options]")
{
    const Parsed q = Parse({"--question", "47"});
    REQUIRE(q.Ok);
    CHECK(q.Options.Fragment == "q=47");
    const Parsed t = Parse({"--topic", "activations"});
    REQUIRE(t.Ok);
    CHECK(t.Options.Fragment == "topic=activations");
    const Parsed both = Parse({"--question", "57", "--topic", "activations", "--frames", "30", "--screenshot", "/tmp/a b.png"});
    REQUIRE(both.Ok);
    const DeepLink link = ParseDeepLink(both.Options.Fragment, 86);
    CHECK(link.Question == 57);
    CHECK(link.Topic == "activations");
    CHECK(both.Options.Frames == 30);
    CHECK(both.Options.Screenshot == "/tmp/a b.png");
}

TEST_CASE("Options: a --topic value cannot smuggle other deep-link keys", "[found][options]")
{
    // The fragment is key=value&...: a raw '&' or '=' in the value must be escaped.
    const Parsed p = Parse({"--topic", "x&q=5"});
    REQUIRE(p.Ok);
    const DeepLink link = ParseDeepLink(p.Options.Fragment, 86);
    CHECK_FALSE(link.Question.has_value());
    CHECK(link.Topic.empty());
    REQUIRE(link.Notices.size() == 1);
    CHECK_THAT(Text(link.Notices[0]), Catch::Contains("x&q=5"));
}

TEST_CASE("Options: size, frames, ui scale, help", "[found][options]")
{
    const Parsed p = Parse({"--size", "1920x1080", "--ui-scale", "1.5", "--frames", "1"});
    REQUIRE(p.Ok);
    CHECK(p.Options.Width == 1920);
    CHECK(p.Options.Height == 1080);
    CHECK(p.Options.UiScale == 1.5f);
    CHECK(p.Options.Frames == 1);
    CHECK(Parse({"--size", "320x240"}).Ok);
    CHECK(Parse({"--size", "8192x8192"}).Ok);
    CHECK(Parse({"--ui-scale", "0.5"}).Ok);
    CHECK(Parse({"--ui-scale", "3"}).Ok);
    CHECK(Parse({"--help"}).Options.Help);
    CHECK(Parse({"-h"}).Options.Help);
}

TEST_CASE("Options: bad values are errors naming the option and the value", "[found][options]")
{
    struct Bad {
        std::vector<std::string> Args;
        const char* Option;
        const char* Value;
    };
    const Bad bad[] = {
        {{"--question", "abc"}, "--question", "abc"},
        {{"--question", "0"}, "--question", "0"},
        {{"--question", "-3"}, "--question", "-3"},
        {{"--question", "4.7"}, "--question", "4.7"},
        {{"--question", "99999999999"}, "--question", "99999999999"},
        {{"--question", ""}, "--question", ""},
        {{"--frames", "0"}, "--frames", "0"},
        {{"--frames", "ten"}, "--frames", "ten"},
        {{"--size", "1920"}, "--size", "1920"},
        {{"--size", "1920x"}, "--size", "1920x"},
        {{"--size", "x1080"}, "--size", "x1080"},
        {{"--size", "100x100"}, "--size", "100x100"},
        {{"--size", "1920x1080x3"}, "--size", "1920x1080x3"},
        {{"--size", "99999x600"}, "--size", "99999x600"},
        {{"--ui-scale", "5"}, "--ui-scale", "5"},
        {{"--ui-scale", "0.1"}, "--ui-scale", "0.1"},
        {{"--ui-scale", "nan"}, "--ui-scale", "nan"},
        {{"--ui-scale", "1.5x"}, "--ui-scale", "1.5x"},
        {{"--ui-scale", ""}, "--ui-scale", ""},
        {{"--bogus", "1"}, "--bogus", ""},
        {{"--frames"}, "--frames", ""},
        {{"--question"}, "--question", ""},
        {{"stray"}, "stray", ""},
    };
    for (const Bad& b : bad) {
        std::string joined;
        for (const auto& a : b.Args) joined += a + " ";
        INFO("args: " << joined);
        const Parsed p = Parse(b.Args);
        CHECK_FALSE(p.Ok);
        CHECK_THAT(p.Error, Catch::Contains(b.Option));
        CHECK_THAT(p.Error, Catch::Contains(b.Value));
    }
}
