#include <catch2/catch.hpp>

#include "support/message_text.h"

#include "core/assets.h"
#include "core/deeplink.h"
#include "core/i18n.h"
#include "core/questions.h"
#include "core/topics.h"

using namespace mlviz;

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
    CHECK(supplemented == 3);
    CHECK(bank->Find(1)->Origin == AnswerOrigin::SeedAndMlviz);
    CHECK(bank->Find(11)->Origin == AnswerOrigin::SeedAndMlviz);
    CHECK(bank->Find(36)->Origin == AnswerOrigin::SeedAndMlviz);
}

TEST_CASE("every visualization link in an answer points to a registered topic", "[answers]")
{
    const auto& bank = BuiltinQuestions();
    REQUIRE(bank.Ok());
    int links = 0;
    for (const Question& q : bank->Questions) {
        const std::string text = FullAnswer(q);
        for (std::size_t pos = text.find("](#"); pos != std::string::npos; pos = text.find("](#", pos + 1)) {
            const std::size_t end = text.find(')', pos);
            REQUIRE(end != std::string::npos);
            const std::string fragment = text.substr(pos + 2, end - pos - 2);
            INFO("question " << q.Id << " links to " << fragment);
            const DeepLink link = ParseDeepLink(fragment, 86);
            CHECK(link.Notices.empty());
            CHECK(FindTopic(link.Topic) != nullptr);
            ++links;
        }
    }
    CHECK(links >= 10);
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

    // Round trip of the real data: the embedded file holds 40 blocks, all attached.
    const std::string_view real = FindAsset(TextAssets(), "assets/questions/answers_mlviz_ru.md");
    std::size_t blocks = 0;
    for (std::size_t pos = real.find("\n### "); pos != std::string_view::npos; pos = real.find("\n### ", pos + 1)) ++blocks;
    CHECK(blocks + (real.substr(0, 4) == "### " ? 1 : 0) == 40);
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
