#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "core/assets.h"
#include "core/deeplink.h"
#include "core/i18n.h"
#include "core/questions.h"
#include "core/topic_state.h"
#include "core/topics.h"

using namespace mlviz;

namespace {

const QuestionBank& Bank()
{
    const Result<QuestionBank>& r = BuiltinQuestions();
    INFO(Text(r.Error()));
    REQUIRE(r.Ok());
    return r.Value();
}

std::vector<std::string> Lines(std::string_view text)
{
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string line(text.substr(pos, end - pos));
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
        out.push_back(line);
        pos = end + 1;
    }
    return out;
}

// Markdown link targets inside the app ("](#...)"), in order.
std::vector<std::string> Links(std::string_view text)
{
    std::vector<std::string> out;
    for (std::size_t pos = text.find("](#"); pos != std::string_view::npos; pos = text.find("](#", pos + 1)) {
        const std::size_t end = text.find(')', pos);
        REQUIRE(end != std::string_view::npos);
        out.emplace_back(text.substr(pos + 2, end - pos - 2));
    }
    return out;
}

// Topics that answers already link to through "<!-- topic ID: ... -->" lines but that are not
// registered yet: those lines stay hidden until the topic's row is added to core/topic_table.inc.
const std::set<std::string> kPlannedTopics = {};

} // namespace

TEST_CASE("every question has an answer and no displayed answer shows a picture reference", "[answers]")
{
    const auto& bank = BuiltinQuestions();
    REQUIRE(bank.Ok());
    REQUIRE(bank->Questions.size() == 86);
    int mlviz_only = 0, supplemented = 0;
    for (const Question& q : bank->Questions) {
        INFO("question " << q.Id);
        const std::string full = FullAnswer(q);
        CHECK_FALSE(q.AnswerPending);
        CHECK(full.find_first_not_of(" \n") != std::string::npos);
        CHECK(full.find("![") == std::string::npos);
        CHECK(full.find("attachment:") == std::string::npos);
        mlviz_only += q.Origin == AnswerOrigin::Mlviz;
        supplemented += q.Origin == AnswerOrigin::SeedAndMlviz;
    }
    CHECK(mlviz_only == 37);
    CHECK(supplemented == 31); // 1, 11, 36 (a picture's replacement), corrections and visualization notes
    CHECK(bank->Find(1)->Origin == AnswerOrigin::SeedAndMlviz);
    CHECK(bank->Find(11)->Origin == AnswerOrigin::SeedAndMlviz);
    CHECK(bank->Find(36)->Origin == AnswerOrigin::SeedAndMlviz);
}

TEST_CASE("Every visualization link keeps its question and is a canonical topic state", "[translations][answers]")
{
    // A link in an answer carries q=<its question> so that following it keeps the reader on
    // the question (a topic alone would select the topic's first question), and its state keys
    // all change what the topic shows (no unknown or default-valued keys).
    int links = 0;
    for (const Question& q : Bank().Questions) {
        for (Language lang : {Language::Ru, Language::En}) {
            const std::string text = DisplayFullAnswer(q, lang);
            for (const std::string& target : Links(text)) {
                INFO("question " << q.Id << " links to " << target);
                const DeepLink link = ParseDeepLink(target, 86);
                CHECK(link.Notices.empty());
                REQUIRE(FindTopic(link.Topic) != nullptr);
                CHECK(link.Question == q.Id);
                // The topic's registry row lists the question, so the answer header offers the same topic.
                const auto topics = TopicsForQuestion(q.Id);
                INFO("core/topic_table.inc: add " << q.Id << " to the question ids of " << link.Topic);
                CHECK(std::any_of(topics.begin(), topics.end(), [&](const TopicInfo* t) { return t->Id == link.Topic; }));
                KeyValues state;
                for (const auto& kv : ParseKeyValues(target))
                    if (kv.first != "q" && kv.first != "topic") state.push_back(kv);
                const TopicStateText canonical = CanonicalTopicState(link.Topic, EncodeKeyValues(state));
                CHECK(canonical.Known);
                CHECK(canonical.Notices.empty());
                // Every key has an effect: dropping it changes the decoded state. This catches
                // keys the codec does not know (it ignores them) and keys set to their defaults.
                for (std::size_t i = 0; i < state.size(); ++i) {
                    KeyValues without = state;
                    without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
                    INFO("key " << state[i].first << "=" << state[i].second);
                    CHECK(CanonicalTopicState(link.Topic, EncodeKeyValues(without)).Fragment != canonical.Fragment);
                }
                ++links;
            }
        }
    }
    CHECK(links >= 40);
}

TEST_CASE("Links to topics not registered yet: same in both languages, hidden until registered", "[translations][answers]")
{
    // Lines "<!-- topic ID: Визуализация: [..](#q=N&topic=ID) -->" in answers_mlviz_ru.md and
    // their English twins in en/*.md. When topic ID gets its row in core/topic_table.inc they
    // show up by themselves and the link test above checks them like every other link.
    static const std::regex marker(
        R"(^<!-- topic ([a-z_]+): (Визуализация|Visualization): .*\]\((#q=(\d+)&topic=([a-z_]+)[^)]*)\) -->$)");
    auto collect = [](std::string_view text, std::map<int, std::vector<std::string>>& out) {
        int current = 0;
        for (const std::string& raw : Lines(text)) {
            const std::string& line = raw;
            if (line.starts_with("### ")) current = std::atoi(line.c_str() + 4);
            if (!line.starts_with(kTopicLineOpen)) continue;
            INFO(line);
            std::smatch m;
            REQUIRE(std::regex_match(line, m, marker));
            CHECK(m[1] == m[5]);
            CHECK(std::stoi(m[4]) == current);
            CHECK((kPlannedTopics.count(m[1]) == 1 || FindTopic(m[1].str()) != nullptr));
            out[current].push_back(m[3]);
        }
    };
    std::map<int, std::vector<std::string>> ru, en;
    collect(FindAsset(TextAssets(), "assets/questions/answers_mlviz_ru.md"), ru);
    for (const EmbeddedFile& f : TextAssets())
        if (std::string_view(f.Name).starts_with(kTranslationsDir))
            collect(std::string_view(reinterpret_cast<const char*>(f.Data), f.Size), en);
    CHECK(ru == en);
    for (const std::string& topic : kPlannedTopics)
        if (FindTopic(topic)) WARN(topic << " is registered now: its links show; remove it from kPlannedTopics");
}

TEST_CASE("mlviz answers: the loader attaches blocks and rejects bad ids", "[answers]")
{
    const std::string seed = "### Q1\nseed text\n### Q2\n![image.png](attachment:image.png)\n### Q3\nx\n![a](attachment:a)\n";
    const std::string sections = "s\tS\tS\t1 2 3\n";
    const auto ok = LoadQuestions(seed, sections, "<!-- note -->\n### 2\nнаш ответ\n\n### 3\nдополнение\n");
    REQUIRE(ok.Ok());
    CHECK(ok->Find(1)->Origin == AnswerOrigin::Seed);
    CHECK(ok->Find(2)->Origin == AnswerOrigin::Mlviz);
    CHECK(FullAnswer(*ok->Find(2)) == "наш ответ");
    CHECK(ok->Find(3)->Origin == AnswerOrigin::SeedAndMlviz);
    CHECK(FullAnswer(*ok->Find(3)) == "x\n\nдополнение");
    CHECK(ok->Find(2)->SearchText.find("наш ответ") != std::string::npos);

    const auto bad_id = LoadQuestions(seed, sections, "### 9\nx\n");
    CHECK_FALSE(bad_id.Ok());
    CHECK(Text(bad_id.Error()).find("line 1") != std::string::npos);
    CHECK_FALSE(LoadQuestions(seed, sections, "### two\nx\n").Ok());
    CHECK_FALSE(LoadQuestions(seed, sections, "### 2\nx\n### 2\ny\n").Ok());

    // Round trip of the real data: the embedded file holds 68 blocks, all attached.
    const std::string_view real = FindAsset(TextAssets(), "assets/questions/answers_mlviz_ru.md");
    std::size_t blocks = 0;
    for (std::size_t pos = real.find("\n### "); pos != std::string_view::npos; pos = real.find("\n### ", pos + 1)) ++blocks;
    CHECK(blocks + (real.substr(0, 4) == "### " ? 1 : 0) == 68);
}

TEST_CASE("English translations: loader, display and fallback to Russian", "[answers][i18n]")
{
    const std::string seed = "### Вопрос один\nответ\n### Вопрос два\nещё\n";
    const std::string sections = "s\tS\tS\t1 2\n";
    const auto bank = LoadQuestions(seed, sections, "", "<!-- c -->\n### 1\nQuestion one\nAnswer **one**.\n\n");
    REQUIRE(bank.Ok());
    const Question& q1 = *bank->Find(1);
    const Question& q2 = *bank->Find(2);
    CHECK(q1.TitleEn == "Question one");
    CHECK(q1.AnswerEn == "Answer **one**.");
    CHECK(DisplayTitle(q1, Language::En) == "Question one");
    CHECK(DisplayFullAnswer(q1, Language::En) == "Answer **one**.");
    CHECK(DisplayTitle(q2, Language::En) == "Вопрос два"); // untranslated: stays Russian
    CHECK(DisplayTitle(q1, Language::Ru) == "Вопрос один");
    CHECK(DisplayFullAnswer(q1, Language::Ru) == "ответ");
    CHECK_FALSE(LoadQuestions(seed, sections, "", "### 7\nx\n").Ok());
    CHECK_FALSE(LoadQuestions(seed, sections, "", "### 1\nA\n### 1\nB\n").Ok());
    // The embedded translations load and attach (question 57 is translated).
    const auto& real = BuiltinQuestions();
    REQUIRE(real.Ok());
    CHECK_FALSE(real->Find(57)->TitleEn.empty());
}
