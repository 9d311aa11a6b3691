// The question bank: the embedded seed and section table, the loader's error messages,
// DisplayAnswer, and Cyrillic search over the real questions.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/assets.h"
#include "core/questions.h"

using namespace mlviz;

namespace {

const QuestionBank& Bank()
{
    const Result<QuestionBank>& r = BuiltinQuestions();
    INFO(Text(r.Error()));
    REQUIRE(r.Ok());
    return r.Value();
}

std::string_view EmbeddedSeed()
{
    return FindAsset(TextAssets(), "assets/questions/seed_ru.md");
}
std::string_view EmbeddedSections()
{
    return FindAsset(TextAssets(), "assets/questions/sections.tsv");
}

std::vector<int> Search(std::string_view query)
{
    std::vector<int> ids;
    for (const Question& q : Bank().Questions)
        if (QuestionMatches(q, query)) ids.push_back(q.Id);
    return ids;
}

// The answers that were only "![image.png](attachment:image.png)" in the seed. Found with an
// independent script: split the seed at lines starting with "###" (not "####"), keep answers
// whose non-blank lines all contain "![".
const std::vector<int> kPictureOnly = {2,  3,  4,  5,  7,  8,  9,  10, 12, 13, 14, 15, 17, 18, 19, 20, 21, 22, 23,
                                       25, 26, 27, 29, 31, 33, 34, 35, 37, 39, 41, 42, 43, 44, 46, 48, 49, 50};

// Independent split of the seed, for the verbatim check: (title line, text up to the next title).
std::vector<std::pair<std::string, std::string>> SplitSeed(std::string_view seed)
{
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t pos = 0;
    while (pos < seed.size()) {
        std::size_t end = seed.find('\n', pos);
        if (end == std::string_view::npos) end = seed.size();
        const std::string_view line = seed.substr(pos, end - pos);
        if (line.rfind("###", 0) == 0 && line.rfind("####", 0) != 0)
            out.emplace_back(std::string(line), std::string());
        else if (!out.empty())
            out.back().second.append(line).append("\n");
        pos = end + 1;
    }
    return out;
}

const char* kSeed3 =
    "# header\n\n### First?\nAnswer one.\n\n### Second\n![p](attachment:p.png)\n\n### Third\nline\n#### sub\nmore\n";

} // namespace

TEST_CASE("Builtin bank: 86 questions, ids 1-86, titles trimmed and non-empty", "[found][questions]")
{
    const QuestionBank& bank = Bank();
    REQUIRE(bank.Questions.size() == 86);
    for (std::size_t i = 0; i < bank.Questions.size(); ++i) {
        const Question& q = bank.Questions[i];
        INFO("question " << q.Id);
        CHECK(q.Id == static_cast<int>(i) + 1);
        CHECK(bank.Find(q.Id) == &q);
        REQUIRE_FALSE(q.Title.empty());
        CHECK(q.Title.front() != ' ');
        CHECK(q.Title.back() != ' ');
        CHECK(q.Title.front() != '#');
        CHECK(q.Title.find('\n') == std::string::npos);
        CHECK_FALSE(q.SearchText.empty());
    }
    CHECK(bank.Find(0) == nullptr);
    CHECK(bank.Find(87) == nullptr);
    CHECK(bank.Find(-1) == nullptr);
    CHECK(bank.FindSection("no_such_section") == nullptr);
}

TEST_CASE("Builtin bank: every question is in exactly one section", "[found][questions]")
{
    const QuestionBank& bank = Bank();
    REQUIRE(bank.Sections.size() >= 5);
    std::vector<int> count(87, 0);
    std::vector<std::string> ids;
    for (const Section& s : bank.Sections) {
        INFO("section " << s.Id);
        CHECK_FALSE(s.Id.empty());
        CHECK_FALSE(s.TitleRu.empty());
        CHECK_FALSE(s.TitleEn.empty());
        CHECK_FALSE(s.QuestionIds.empty());
        CHECK(bank.FindSection(s.Id) == &s);
        ids.push_back(s.Id);
        for (int id : s.QuestionIds) {
            REQUIRE(id >= 1);
            REQUIRE(id <= 86);
            ++count[id];
            CHECK(bank.Find(id)->SectionId == s.Id);
        }
    }
    for (int id = 1; id <= 86; ++id) {
        INFO("question " << id);
        CHECK(count[id] == 1);
    }
    std::sort(ids.begin(), ids.end());
    CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
}

TEST_CASE("Builtin bank: the 37 picture-only seed answers are found, pending = no text at all", "[found][questions]")
{
    const QuestionBank& bank = Bank();
    std::vector<int> picture_only;
    for (const Question& q : bank.Questions)
        if (DisplayAnswer(q.Answer).empty()) picture_only.push_back(q.Id);
    CHECK(picture_only == kPictureOnly);
    for (const Question& q : bank.Questions) {
        INFO("question " << q.Id);
        const bool seed_text = !DisplayAnswer(q.Answer).empty(), own_text = !q.MlvizAnswer.empty();
        CHECK(q.AnswerPending == (!seed_text && !own_text));
        CHECK(q.Origin ==
              (seed_text ? (own_text ? AnswerOrigin::SeedAndMlviz : AnswerOrigin::Seed)
                         : (own_text ? AnswerOrigin::Mlviz : AnswerOrigin::Pending)));
        CHECK(FullAnswer(q).empty() == q.AnswerPending);
        if (!seed_text) CHECK(q.Answer.find("![") != std::string::npos); // a missing picture, not an empty answer
    }
    // With the seed alone (no mlviz answers) exactly those 37 are pending.
    const auto seed_only = LoadQuestions(EmbeddedSeed(), EmbeddedSections());
    REQUIRE(seed_only.Ok());
    std::vector<int> pending;
    for (const Question& q : seed_only->Questions)
        if (q.AnswerPending) pending.push_back(q.Id);
    CHECK(pending == kPictureOnly);
}

TEST_CASE("LoadQuestions: mlviz answers attach by id, errors name their line", "[found][questions]")
{
    const auto r = LoadQuestions(kSeed3, "a\tA\tA\t1 2 3\n", "<!-- c -->\n### 2\nNew **text**.\n\n### 1\nMore.\n");
    INFO(Text(r.Error()));
    REQUIRE(r.Ok());
    CHECK(r->Questions[1].MlvizAnswer == "New **text**.");
    CHECK(r->Questions[1].Origin == AnswerOrigin::Mlviz);
    CHECK_FALSE(r->Questions[1].AnswerPending);
    CHECK(FullAnswer(r->Questions[1]) == "New **text**.");
    CHECK(r->Questions[0].Origin == AnswerOrigin::SeedAndMlviz);
    CHECK(FullAnswer(r->Questions[0]) == "Answer one.\n\nMore.");
    CHECK(r->Questions[2].Origin == AnswerOrigin::Seed);
    CHECK(QuestionMatches(r->Questions[1], "TEXT")); // search covers mlviz answers too
    const auto bad_id = LoadQuestions(kSeed3, "a\tA\tA\t1 2 3\n", "### 2\nx\n### 9\ny\n");
    REQUIRE_FALSE(bad_id.Ok());
    CHECK_THAT(Text(bad_id.Error()), Catch::Contains("line 3"));
    CHECK_THAT(Text(bad_id.Error()), Catch::Contains("'9'"));
    const auto twice = LoadQuestions(kSeed3, "a\tA\tA\t1 2 3\n", "### 2\nx\n### 2\ny\n");
    REQUIRE_FALSE(twice.Ok());
    CHECK_THAT(Text(twice.Error()), Catch::Contains("answered twice"));
}

TEST_CASE("Builtin bank: questions 1, 11, 36 keep their text and lose the picture", "[found][questions]")
{
    const QuestionBank& bank = Bank();
    for (int id : {1, 11, 36}) {
        INFO("question " << id);
        const Question& q = *bank.Find(id);
        CHECK_FALSE(q.AnswerPending);
        CHECK(q.Answer.find("![image.png](attachment:image.png)") != std::string::npos);
        const std::string shown = DisplayAnswer(q.Answer);
        CHECK(shown.find("![") == std::string::npos);
        CHECK(shown.find("attachment:") == std::string::npos);
        CHECK(shown.size() > 40);
        // Every other line survives, in order.
        std::istringstream lines(q.Answer);
        std::string line;
        std::size_t at = 0;
        while (std::getline(lines, line)) {
            if (line.find("![") != std::string::npos || line.find_first_not_of(" \r") == std::string::npos) continue;
            const std::string core = line.substr(0, line.find_last_not_of(" \r") + 1);
            const std::size_t found = shown.find(core, at);
            CHECK(found != std::string::npos);
            if (found != std::string::npos) at = found + core.size();
        }
    }
    // Answers without pictures are shown exactly as in the seed (trimmed).
    const Question& plain = *bank.Find(57);
    CHECK(DisplayAnswer(plain.Answer) == plain.Answer.substr(0, plain.Answer.find_last_not_of(" \n") + 1));
}

TEST_CASE("Builtin bank: answers are the seed's text verbatim", "[found][questions]")
{
    const std::string_view seed = EmbeddedSeed();
    REQUIRE_FALSE(seed.empty());
    const auto split = SplitSeed(seed);
    REQUIRE(split.size() == 86);
    // Without the corrections layer (the built-in bank applies it; translations_test checks that
    // it changes only the questions it names).
    const auto seed_only = LoadQuestions(seed, EmbeddedSections());
    REQUIRE(seed_only.Ok());
    const QuestionBank& bank = seed_only.Value();
    for (int id = 1; id <= 86; ++id) {
        INFO("question " << id);
        const Question& q = *bank.Find(id);
        const auto& [title_line, body] = split[static_cast<std::size_t>(id - 1)];
        CHECK(title_line.find(q.Title) != std::string::npos);
        // The loader drops only trailing blank lines/spaces between an answer and the next title.
        REQUIRE(body.size() >= q.Answer.size());
        CHECK(body.compare(0, q.Answer.size(), q.Answer) == 0);
        CHECK(body.substr(q.Answer.size()).find_first_not_of(" \r\n") == std::string::npos);
    }
}

TEST_CASE("Embedded seed equals ../shared/seed byte for byte", "[found][questions]")
{
    const std::filesystem::path file =
        std::filesystem::path(__FILE__).parent_path() / "../../../shared/seed/000_cdd07e5c88ecf713.txt";
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        WARN("skipped: " << file.string() << " is not here (only in the development checkout)");
        return;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string original = ss.str();
    const std::string_view embedded = EmbeddedSeed();
    CHECK(embedded.size() == original.size());
    CHECK(embedded == original);
    // The embed keeps a terminating 0 after the data (documented in assets.h).
    for (const EmbeddedFile& f : TextAssets())
        if (std::string_view(f.Name) == "assets/questions/seed_ru.md") CHECK(f.Data[f.Size] == 0);
}

TEST_CASE("LoadQuestions parses titles and answers, #### stays in the answer", "[found][questions]")
{
    const auto r = LoadQuestions(kSeed3, "a\tA\tA en\t1 3\nb\tB\tB en\t2\n");
    INFO(Text(r.Error()));
    REQUIRE(r.Ok());
    const QuestionBank& b = r.Value();
    REQUIRE(b.Questions.size() == 3);
    CHECK(b.Questions[0].Title == "First?");
    CHECK(b.Questions[0].Answer == "Answer one.");
    CHECK_FALSE(b.Questions[0].AnswerPending);
    CHECK(b.Questions[1].AnswerPending);
    CHECK(b.Questions[2].Answer == "line\n#### sub\nmore");
    CHECK(b.Questions[2].SectionId == "a");
    CHECK(b.Sections.size() == 2);
    CHECK(b.Sections[0].QuestionIds == std::vector<int>{1, 3});
    CHECK(b.Sections[1].TitleEn == "B en");
}

TEST_CASE("LoadQuestions accepts CRLF, comments and blank lines in the section table", "[found][questions]")
{
    const auto r = LoadQuestions(kSeed3, "# comment\r\n\r\na\tA\tA en\t1  2\r\nb\tB\tB en\t3\r\n");
    INFO(Text(r.Error()));
    REQUIRE(r.Ok());
    CHECK(r->Sections.size() == 2);
    CHECK(r->Sections[0].QuestionIds == std::vector<int>{1, 2});
    CHECK(r->Sections[1].QuestionIds == std::vector<int>{3});
}

TEST_CASE("LoadQuestions: malformed section tables give errors naming the line", "[found][questions]")
{
    struct Case {
        const char* Tsv;
        const char* Expect; // substrings of the error
        const char* Expect2;
    };
    const Case cases[] = {
        {"a\tA\tA en\t1 2 3\nb\tB\n", "line 2", "4 tab-separated columns"},
        {"# c\n\na\tA\tA en\t1 2 x3\n", "line 3", "'x3'"},
        {"a\tA\tA en\t1 2\nb\tB\tB en\t3 0\n", "line 2", "'0'"},
        {"a\tA\tA en\t1 2\nb\tB\tB en\t3 4\n", "line 2", "'4'"},
        {"a\tA\tA en\t1 2\nb\tB\tB en\t3 -1\n", "line 2", "'-1'"},
        {"a\tA\tA en\t1 2\nb\tB\tB en\t3 2\n", "line 2", "question 2 is listed twice"},
        {"a\tA\tA en\t1 2 2 3\n", "line 1", "question 2 is listed twice"},
        {"\tA\tA en\t1 2 3\n", "line 1", "empty id or title"},
        {"a\t\tA en\t1 2 3\n", "line 1", "empty id or title"},
        {"a\tA\tA en\t1 2 3\tx\n", "line 1", "4 tab-separated columns"},
        {"a\tA\tA en\t1 2.5 3\n", "line 1", "'2.5'"},
        {"a\tA\tA en\t1 3\n", "question 2", "in no section"},
        {"", "question 1", "in no section"},
    };
    for (const Case& c : cases) {
        INFO("table: " << c.Tsv);
        const auto r = LoadQuestions(kSeed3, c.Tsv);
        REQUIRE_FALSE(r.Ok());
        CHECK_THAT(Text(r.Error()), Catch::Contains(c.Expect));
        CHECK_THAT(Text(r.Error()), Catch::Contains(c.Expect2));
    }
}

TEST_CASE("LoadQuestions: malformed seeds are errors", "[found][questions]")
{
    const auto none = LoadQuestions("just text\nno titles\n", "a\tA\tA\t1\n");
    REQUIRE_FALSE(none.Ok());
    CHECK_THAT(Text(none.Error()), Catch::Contains("no questions"));
    const auto empty_title = LoadQuestions("### ok\nx\n###   \ny\n", "a\tA\tA\t1 2\n");
    REQUIRE_FALSE(empty_title.Ok());
    CHECK_THAT(Text(empty_title.Error()), Catch::Contains("question 2"));
    CHECK_FALSE(LoadQuestions("", "").Ok());
}

TEST_CASE("DisplayAnswer removes lines that are only a picture", "[found][questions]")
{
    CHECK(DisplayAnswer("text\n![a](b)\nmore") == "text\nmore");
    CHECK(DisplayAnswer("  ![image.png](attachment:image.png)  \n") == "");
    CHECK(DisplayAnswer("![a](b)\n\n![c](d)") == "");
    CHECK(DisplayAnswer("see ![a](b) inline") == "see ![a](b) inline"); // not a picture-only line
    CHECK(DisplayAnswer("\n\nplain\n\n") == "plain");
    CHECK(DisplayAnswer("") == "");
}

TEST_CASE("Cyrillic search over the real questions", "[found][questions]")
{
    // Over the verbatim seed alone (the mlviz answers grow over time). Expected ids from an
    // independent script over the seed: Python str.lower() plus ё -> е, every query word must
    // occur in title + answer.
    const auto seed_only = LoadQuestions(EmbeddedSeed(), EmbeddedSections());
    REQUIRE(seed_only.Ok());
    auto search = [&](std::string_view query) {
        std::vector<int> ids;
        for (const Question& q : seed_only->Questions)
            if (QuestionMatches(q, query)) ids.push_back(q.Id);
        return ids;
    };
    CHECK(search("рецептивное") == std::vector<int>{47});
    CHECK(search("РЕЦЕПТИВНОЕ") == std::vector<int>{47});
    CHECK(search("Рецептивное Поле") == std::vector<int>{47});
    CHECK(search("мёртвые") == std::vector<int>{76});
    CHECK(search("мертвые") == std::vector<int>{76});
    CHECK(search("МЁРТВЫЕ") == std::vector<int>{76});
    CHECK(search("swish") == std::vector<int>{54});
    CHECK(search("SWISH активационная") == std::vector<int>{54});
    CHECK(search("Leaky ReLU") == std::vector<int>{72, 76, 79});
    CHECK(search("relu") == std::vector<int>{3, 54, 72, 73, 76, 79, 80});
    CHECK(search("β") == std::vector<int>{54});
    CHECK(search("Β") == std::vector<int>{54}); // Greek capital beta
    CHECK(search("Otsu") == std::vector<int>{52});
    CHECK(search("ОТСУ") == std::vector<int>{52});
    CHECK(search("NMS") == std::vector<int>{24, 40});
    CHECK(search("Xavier Glorot") == std::vector<int>{65, 72, 80});
    CHECK(search("zzzqqq").empty());
    CHECK(search("рецептивное zzzqqq").empty());
    const std::vector<int> conv = search("сверт");
    CHECK(conv.size() == 20);
    CHECK(search("свёрт") == conv);
    CHECK(search("СВЁРТ") == conv);
    CHECK(search("").size() == 86);
    CHECK(search("   ").size() == 86);

    // The built-in bank (seed + mlviz answers) finds at least as much.
    for (const char* q : {"рецептивное", "МЁРТВЫЕ", "Leaky ReLU", "ОТСУ", "свёрт"}) {
        INFO(q);
        const std::vector<int> seed_hits = search(q), all_hits = Search(q);
        CHECK(std::includes(all_hits.begin(), all_hits.end(), seed_hits.begin(), seed_hits.end()));
    }
    CHECK(Search("zzzqqq").empty());
}
