// The topic registry (topic_table.inc): ids, titles, question links, and that every topic
// can be reached from a question and from a deep link.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "core/deeplink.h"
#include "core/questions.h"
#include "core/topics.h"

using namespace mlviz;

TEST_CASE("Topic registry: unique URL-safe ids, titles, valid question ids", "[found][topics]")
{
    REQUIRE_FALSE(Topics().empty());
    std::set<std::string_view> ids;
    for (const TopicInfo& t : Topics()) {
        INFO("topic " << t.Id);
        CHECK(ids.insert(t.Id).second);
        REQUIRE_FALSE(t.Id.empty());
        // Ids go into URLs and command lines unescaped: lower-case letters, digits, '_'.
        CHECK(std::all_of(t.Id.begin(), t.Id.end(),
                          [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }));
        CHECK_FALSE(t.TitleRu.empty());
        CHECK_FALSE(t.TitleEn.empty());
        REQUIRE_FALSE(t.Questions.empty());
        std::set<int> qs;
        for (int q : t.Questions) {
            CHECK(q >= 1);
            CHECK(q <= 86);
            CHECK(qs.insert(q).second); // no question listed twice in one topic
        }
    }
}

TEST_CASE("Topic registry: lookups agree with the table", "[found][topics]")
{
    const auto topics = Topics();
    for (std::size_t i = 0; i < topics.size(); ++i) {
        const TopicInfo& t = topics[i];
        CHECK(TopicIndex(t.Id) == static_cast<int>(i));
        CHECK(FindTopic(t.Id) == &t);
        for (int q : t.Questions) {
            const auto for_q = TopicsForQuestion(q);
            CHECK(std::find(for_q.begin(), for_q.end(), &t) != for_q.end());
        }
    }
    CHECK(TopicIndex("no_such_topic") == -1);
    CHECK(FindTopic("") == nullptr);
    CHECK(FindTopic("Activations") == nullptr);
    CHECK(TopicsForQuestion(0).empty());
    CHECK(TopicsForQuestion(87).empty());
    // TopicsForQuestion lists exactly the topics that name the question, in registry order.
    for (int q = 1; q <= 86; ++q) {
        std::vector<const TopicInfo*> expected;
        for (const TopicInfo& t : topics)
            if (std::find(t.Questions.begin(), t.Questions.end(), q) != t.Questions.end()) expected.push_back(&t);
        CHECK(TopicsForQuestion(q) == expected);
    }
}

TEST_CASE("Topic registry: the activations topic serves questions 3, 54, 57, 64, 76, 79", "[found][topics]")
{
    const TopicInfo* t = FindTopic("activations");
    REQUIRE(t != nullptr);
    CHECK(std::vector<int>(t->Questions.begin(), t->Questions.end()) == std::vector<int>{3, 54, 57, 64, 76, 79});
    CHECK(t->TitleRu == "Функции активации");
}

TEST_CASE("Every topic is reachable from the question list and from a deep link", "[found][topics]")
{
    const auto& bank = BuiltinQuestions();
    REQUIRE(bank.Ok());
    for (const TopicInfo& t : Topics()) {
        INFO("topic " << t.Id);
        // From a link: #topic=<id> opens the topic with one of its own questions.
        const DeepLink by_topic = ParseDeepLink("topic=" + std::string(t.Id), 86);
        CHECK(by_topic.Topic == t.Id);
        REQUIRE(by_topic.Question.has_value());
        CHECK(std::find(t.Questions.begin(), t.Questions.end(), *by_topic.Question) != t.Questions.end());
        // From the list: each of its questions exists, and q=<id>&topic=<topic> keeps both.
        for (int q : t.Questions) {
            CHECK(bank->Find(q) != nullptr);
            const DeepLink both = ParseDeepLink("q=" + std::to_string(q) + "&topic=" + std::string(t.Id), 86);
            CHECK(both.Topic == t.Id);
            CHECK(both.Question == q);
        }
    }
}
