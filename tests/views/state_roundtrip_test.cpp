// Every registered topic's state survives the URL: drive the real app with scripted input so
// the state moves away from its defaults, take the fragment, open it in a fresh app, and the
// fresh app must report the same fragment (state -> fragment -> state -> fragment).
#include <catch2/catch.hpp>

#include <random>

#include "app/headless.h"
#include "core/deeplink.h"
#include "core/topics.h"

using namespace mlviz;

namespace {

// The key=value pairs that belong to the topic's state (after the "v=1" marker).
KeyValues StatePart(const std::string& fragment)
{
    KeyValues kv = ParseKeyValues(fragment), out;
    bool in_state = false;
    for (auto& p : kv) {
        if (p.first == "v") {
            in_state = true;
            continue;
        }
        if (in_state) out.push_back(p);
    }
    return out;
}

} // namespace

TEST_CASE("every topic's state round-trips through the URL fragment", "[state][views]")
{
    for (const TopicInfo& t : Topics()) {
        INFO("topic " << t.Id);
        std::string fragment;
        {
            HeadlessSession a(1280.0f, 800.0f);
            a.TheApp().SelectTopic(t.Id);
            std::mt19937 rng(99);
            for (int i = 0; i < 240; ++i) a.Frame(ScriptedInput(i, a.Width(), a.Height(), rng));
            for (int i = 0; i < 5; ++i) a.Frame();
            fragment = a.TheApp().Fragment();
            REQUIRE(a.TheApp().SelectedTopic() != "");
        }
        const std::string topic_now = ParseDeepLink(fragment, 86).Topic;
        HeadlessSession b(1280.0f, 800.0f);
        b.TheApp().OpenFragment(fragment);
        CHECK(b.TheApp().Notices().empty());
        for (int i = 0; i < 5; ++i) b.Frame();
        CHECK(b.TheApp().SelectedTopic() == topic_now);
        CHECK(StatePart(b.TheApp().Fragment()) == StatePart(fragment));
        CHECK(b.TheApp().Fragment() == fragment);
    }
}

TEST_CASE("every topic encodes a non-default state and decodes garbage without breaking", "[state][views]")
{
    for (const TopicInfo& t : Topics()) {
        INFO("topic " << t.Id);
        HeadlessSession s(1280.0f, 800.0f);
        s.TheApp().OpenFragment("topic=" + std::string(t.Id) + "&v=1&seed=abc&step=-5&iou=7&zz=1&f=%ff%00&preset=nope");
        for (int i = 0; i < 10; ++i) s.Frame();
        CHECK(s.TheApp().SelectedTopic() == std::string(t.Id));
        // Whatever was decoded, the state it encodes now must itself decode without notices.
        const std::string fragment = s.TheApp().Fragment();
        HeadlessSession again(1280.0f, 800.0f);
        again.TheApp().OpenFragment(fragment);
        CHECK(again.TheApp().Notices().empty());
        for (int i = 0; i < 3; ++i) again.Frame();
        CHECK(again.TheApp().Fragment() == fragment);
    }
}
