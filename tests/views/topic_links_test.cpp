// Every topic's shareable links through the real view and the real app (headless ImGui): a
// link decodes into a fresh view or over a changed one and re-encodes to the same text, and the
// app keeps it across frames of drawing (sliders that clamp, work spread over frames). A topic
// keeps its links in tests/topics/<id>/links.txt: a test fails on a topic without any.
// The codecs themselves are tested in tests/core/*_state_test.cpp.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "app/headless.h"
#include "frame_check.h"
#include "core/topic_state.h"
#include "core/topics.h"
#include "topics/views.h"

using namespace mlviz;

namespace {

// Canonical links (what EncodeState writes) of every topic, from tests/topics/<id>/links.txt.
const std::map<std::string, std::vector<std::string>>& Links()
{
    static const std::map<std::string, std::vector<std::string>> links = [] {
        std::map<std::string, std::vector<std::string>> out;
        for (const auto& dir : std::filesystem::directory_iterator(std::string(MLVIZ_SOURCE_DIR) + "/tests/topics")) {
            std::ifstream in(dir.path() / "links.txt");
            for (std::string line; std::getline(in, line);)
                if (!line.empty() && line[0] != '#') out[dir.path().filename().string()].push_back(line);
        }
        return out;
    }();
    return links;
}

} // namespace

TEST_CASE("every registered topic has shareable links to test", "[state][links]")
{
    for (const TopicInfo& t : Topics()) {
        INFO("topic " << t.Id);
        CHECK(Links().count(std::string(t.Id)) == 1);
    }
}

TEST_CASE("a topic link decodes into its view and re-encodes to the same text", "[state][links]")
{
    for (const auto& [topic, links] : Links()) {
        for (const std::string& link : links) {
            INFO(topic << ": " << link);
            auto view = CreateTopicView(topic);
            REQUIRE(view);
            CHECK(view->EncodeState().empty());
            CHECK(view->DecodeState(link).empty());
            CHECK(view->EncodeState() == link);
            // The core's codec table (mlviz-cli state) agrees with the view.
            CHECK(CanonicalTopicState(topic, link).Fragment == link);
            // Over a changed view too: keys a link leaves out are defaults, not leftovers.
            auto other = CreateTopicView(topic);
            other->DecodeState(links.back());
            other->DecodeState(links.front());
            other->DecodeState(link);
            CHECK(other->EncodeState() == link);
        }
        auto view = CreateTopicView(topic);
        view->DecodeState(links.front());
        CHECK(view->DecodeState("").empty());
        CHECK(view->EncodeState() == "");
    }
}

TEST_CASE("the app restores a topic link and keeps it across frames of drawing", "[state][links]")
{
    HeadlessSession session(1280.0f, 800.0f);
    App& app = session.TheApp();
    for (const auto& [topic, links] : Links()) {
        for (const std::string& link : links) {
            INFO(topic << ": " << link);
            app.OpenFragment("topic=" + topic + "&v=1&" + link);
            CHECK(app.Notices().empty());
            CHECK(app.SelectedTopic() == topic);
            for (int i = 0; i < 8; ++i) {
                session.Frame();
                CHECK(test::LayoutProblems().empty());
            }
            CHECK(StatePartOf(app.Fragment()) == link);
        }
    }
}
