// Deep links: key=value parsing, percent coding, q/topic resolution, notices for bad values,
// and a seeded fuzz over random bytes (never a crash, results always valid).
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <random>
#include <string>

#include "core/deeplink.h"
#include "core/topics.h"

using namespace mlviz;

namespace {

std::string FirstTopicOf(int question)
{
    const auto t = TopicsForQuestion(question);
    return t.empty() ? std::string() : std::string(t.front()->Id);
}

} // namespace

TEST_CASE("ParseKeyValues splits pairs, skips '#'/'?', decodes", "[found][deeplink]")
{
    const KeyValues kv = ParseKeyValues("#q=47&topic=activations&flag&&x=a%20b+c&k%3D=v%26w");
    REQUIRE(kv.size() == 5);
    CHECK(kv[0] == std::make_pair(std::string("q"), std::string("47")));
    CHECK(kv[1] == std::make_pair(std::string("topic"), std::string("activations")));
    CHECK(kv[2] == std::make_pair(std::string("flag"), std::string()));
    CHECK(kv[3] == std::make_pair(std::string("x"), std::string("a b c")));
    CHECK(kv[4] == std::make_pair(std::string("k="), std::string("v&w")));
    CHECK(ParseKeyValues("?a=1").at(0).first == "a");
    CHECK(ParseKeyValues("").empty());
    CHECK(ParseKeyValues("#").empty());
    CHECK(ParseKeyValues("&&&").empty());
    CHECK(ParseKeyValues("a==b").at(0).second == "=b"); // only the first '=' splits
    CHECK(FindValue(kv, "topic") != nullptr);
    CHECK(*FindValue(kv, "topic") == "activations");
    CHECK(FindValue(kv, "nope") == nullptr);
    CHECK(*FindValue(ParseKeyValues("q=1&q=2"), "q") == "1"); // the first one wins
}

TEST_CASE("PercentDecode: UTF-8, '+', and bad escapes kept literally", "[found][deeplink]")
{
    CHECK(PercentDecode("%D0%BF%D0%BE%D0%BB%D0%B5") == "поле");
    CHECK(PercentDecode("%d0%bf") == "п"); // lower-case hex
    CHECK(PercentDecode("a+b") == "a b");
    CHECK(PercentDecode("100%") == "100%");
    CHECK(PercentDecode("%4") == "%4");
    CHECK(PercentDecode("%zz%4g") == "%zz%4g");
    CHECK(PercentDecode("%41%42") == "AB");
    CHECK(PercentDecode("%00").size() == 1);
    CHECK(PercentEncode("поле 1&2=3") == "%D0%BF%D0%BE%D0%BB%D0%B5%201%262%3D3");
    CHECK(PercentEncode("a-b_c.d~e,f") == "a-b_c.d~e,f");
    CHECK(PercentEncode("+#?%") == "%2B%23%3F%25");
}

TEST_CASE("Percent coding and key=value coding round-trip random bytes", "[found][deeplink]")
{
    std::mt19937 rng(86u);
    for (int round = 0; round < 3000; ++round) {
        std::string s(rng() % 24, '\0');
        for (char& c : s) c = static_cast<char>(rng() % 256);
        REQUIRE(PercentDecode(PercentEncode(s)) == s);
        KeyValues kv;
        for (unsigned k = rng() % 4; k > 0; --k) kv.emplace_back(s.substr(0, rng() % (s.size() + 1)), s);
        REQUIRE(ParseKeyValues(EncodeKeyValues(kv)) == kv);
    }
}

TEST_CASE("ParseDeepLink: question, topic, both", "[found][deeplink]")
{
    const DeepLink q = ParseDeepLink("#q=47", 86);
    REQUIRE(q.Question.has_value());
    CHECK(*q.Question == 47);
    CHECK(q.Topic == FirstTopicOf(47)); // a question alone selects its first topic (or none)
    CHECK(q.Notices.empty());

    const DeepLink q57 = ParseDeepLink("#q=57", 86);
    CHECK(*q57.Question == 57);
    CHECK(q57.Topic == "activations");

    const DeepLink t = ParseDeepLink("#topic=activations", 86);
    CHECK(t.Topic == "activations");
    REQUIRE(t.Question.has_value());
    CHECK(*t.Question == FindTopic("activations")->Questions.front()); // its first question
    CHECK(t.Notices.empty());

    const DeepLink both = ParseDeepLink("q=64&topic=activations", 86);
    CHECK(*both.Question == 64);
    CHECK(both.Topic == "activations");

    const DeepLink decoded = ParseDeepLink("#q=%35%37&topic=activ%61tions", 86);
    CHECK(*decoded.Question == 57);
    CHECK(decoded.Topic == "activations");

    const DeepLink other = ParseDeepLink("#q=1&seed=7&unknown=x", 86); // extra keys: no notice
    CHECK(*other.Question == 1);
    CHECK(other.Notices.empty());

    const DeepLink none = ParseDeepLink("", 86);
    CHECK_FALSE(none.Question.has_value());
    CHECK(none.Topic.empty());
    CHECK(none.Notices.empty());
}

TEST_CASE("ParseDeepLink: bad values become notices naming the value", "[found][deeplink]")
{
    const char* bad_q[] = {
        "q=0", "q=87", "q=-1", "q=abc", "q=4.7", "q=47abc", "q=+47", "q= 47", "q=", "q=99999999999999999999", "q=0x2F", "q=%"};
    for (const char* f : bad_q) {
        INFO(f);
        const DeepLink l = ParseDeepLink(f, 86);
        CHECK_FALSE(l.Question.has_value());
        CHECK(l.Topic.empty());
        REQUIRE(l.Notices.size() == 1);
        CHECK_THAT(Text(l.Notices[0]), Catch::StartsWith(std::string(f).substr(0, 2)));
        CHECK_THAT(Text(l.Notices[0]), Catch::Contains("1-86"));
    }
    const DeepLink both = ParseDeepLink("#q=999&topic=nope", 86);
    CHECK_FALSE(both.Question.has_value());
    CHECK(both.Topic.empty());
    REQUIRE(both.Notices.size() == 2);
    CHECK_THAT(Text(both.Notices[0]), Catch::Contains("q=999"));
    CHECK_THAT(Text(both.Notices[1]), Catch::Contains("topic=nope"));
    // A bad topic next to a good question: the question wins and brings its own topic.
    const DeepLink mixed = ParseDeepLink("q=57&topic=Activations", 86);
    CHECK(*mixed.Question == 57);
    CHECK(mixed.Topic == "activations");
    CHECK(mixed.Notices.size() == 1);
    // The question count is a parameter, not a constant.
    CHECK_FALSE(ParseDeepLink("q=5", 4).Question.has_value());
    CHECK(*ParseDeepLink("q=4", 4).Question == 4);
}

TEST_CASE("DeepLinkFragment round-trips", "[found][deeplink]")
{
    for (int q = 1; q <= 86; ++q) {
        const DeepLink a = ParseDeepLink("q=" + std::to_string(q), 86);
        const std::string f = DeepLinkFragment(a);
        const DeepLink b = ParseDeepLink(f, 86);
        CHECK(b.Question == a.Question);
        CHECK(b.Topic == a.Topic);
        CHECK(b.Notices.empty());
    }
    for (const TopicInfo& t : Topics()) {
        const DeepLink a = ParseDeepLink("topic=" + std::string(t.Id), 86);
        CHECK(ParseDeepLink(DeepLinkFragment(a), 86).Topic == t.Id);
    }
    CHECK(DeepLinkFragment(DeepLink{}).empty());
}

TEST_CASE("ParseDeepLink never crashes on garbage and always returns valid values (seeded fuzz)", "[found][deeplink]")
{
    std::mt19937 rng(4747u);
    const char alphabet[] = "q=topic&#%?+0123456789abcdefACTIVATIONS-_ \x00\xff\xd0\xbf";
    const std::size_t alphabet_size = sizeof(alphabet) - 1;
    std::size_t with_question = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string s(rng() % 48, '\0');
        const bool bytes = round % 3 == 0; // a third pure random bytes, the rest from a URL-ish alphabet
        for (char& c : s) c = bytes ? static_cast<char>(rng() % 256) : alphabet[rng() % alphabet_size];
        if (round % 5 == 1) s = "q=" + s;
        if (round % 7 == 2) s = "#topic=" + s;
        const DeepLink l = ParseDeepLink(s, 86);
        if (l.Question) {
            ++with_question;
            REQUIRE(*l.Question >= 1);
            REQUIRE(*l.Question <= 86);
        }
        if (!l.Topic.empty()) REQUIRE(FindTopic(l.Topic) != nullptr);
        for (const Message& n : l.Notices) REQUIRE_FALSE(Text(n).empty());
        REQUIRE(l.Notices.size() <= 2);
        (void)DeepLinkFragment(l);
    }
    CHECK(with_question > 0); // the fuzz does reach the valid path
    // Very long input.
    const DeepLink huge = ParseDeepLink(std::string(1 << 20, '&') + "q=3&" + std::string(1 << 16, '%'), 86);
    CHECK(*huge.Question == 3);
}
