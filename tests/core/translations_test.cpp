// The English edition: every question and answer has English text that keeps the Russian
// original's tables, formulas and visualization links; the translation files are one per
// section; search finds a question in either language; the corrections layer.
#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <algorithm>
#include <map>
#include <ostream>
#include <regex>
#include <set>
#include <string>
#include <vector>

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
        out.emplace_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

std::string Trimmed(std::string_view s)
{
    const auto a = s.find_first_not_of(" \t\r");
    if (a == std::string_view::npos) return {};
    return std::string(s.substr(a, s.find_last_not_of(" \t\r") - a + 1));
}

// Cyrillic letters are U+0400-U+04FF: UTF-8 lead bytes 0xD0-0xD3.
bool IsCyrillicLead(unsigned char c)
{
    return c >= 0xD0 && c <= 0xD3;
}
bool HasCyrillic(std::string_view s)
{
    return std::any_of(s.begin(), s.end(), [](char c) { return IsCyrillicLead(static_cast<unsigned char>(c)); });
}

std::string Collapse(std::string_view s)
{
    std::string out;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    return Trimmed(out);
}

std::string Replace(std::string s, std::string_view from, std::string_view to)
{
    for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
    return s;
}

// Link targets ("](#...)") and emphasis/code markers removed: what the formula rule reads.
std::string WithoutMarkup(std::string s)
{
    static const std::regex link(R"(\]\(#[^)]*\))");
    s = std::regex_replace(s, link, "]");
    s = Replace(s, "**", "");
    s = Replace(s, "`", "");
    return s;
}

// A token (a run without spaces) that looks like mathematics: a digit, a Greek letter, an
// operator or a bracket.
bool IsMathToken(std::string_view t)
{
    static const char* const kMath[] = {"=", "≈", "≤", "≥", "≠", "<", ">", "∝", "·", "√", "Σ", "∑", "^", "‖", "⁻", "²", "³",
                                        "⁴", "⁶", "⊗", "⋆", "∩", "∪", "+", "−", "/", "*", "(", ")", "[", "]", "|", "_"};
    for (char c : t) {
        if (c >= '0' && c <= '9') return true;
        if (static_cast<unsigned char>(c) == 0xCE || static_cast<unsigned char>(c) == 0xCF) return true; // Greek
    }
    return std::any_of(std::begin(kMath), std::end(kMath), [&](const char* m) { return t.find(m) != std::string_view::npos; });
}

bool IsRelation(std::string_view t)
{
    for (std::string_view r : {"=", "≈", "≤", "≥", "≠", "<", ">", "∝"})
        if (t == r) return true;
    return false;
}

std::vector<std::string> Words(const std::string& s)
{
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < s.size()) {
        const std::size_t end = std::min(s.find(' ', pos), s.size());
        if (end > pos) out.push_back(s.substr(pos, end - pos));
        pos = end + 1;
    }
    return out;
}

// THE FORMULA RULE. A line (Markdown link targets, ** and ` removed) is cut into stretches at
// every Cyrillic letter and at the prose separators " | " (table cells), " — ", " – ", ": ",
// "; ", «, ». A stretch is a formula if it contains a relation sign (= ≈ ≤ ≥ ≠ < > ∝) or a
// mathematical operator (· √ Σ ∑ ^ ‖ ⁻ ² ³ ⁴ ⁶ ⊗ ⋆ ∩ ∪). Its ends are trimmed of spaces, of the
// punctuation , . - * | and of unmatched brackets, and of leading or trailing words that hold no
// digit, Greek letter, operator or bracket and are not the operand of a relation sign (Latin
// prose next to a formula: "у самой BN 2·C_out" gives "2·C_out", "Dice = 2·IoU" stays whole);
// what is left must be at least 3 bytes long. Formulas are language-neutral, so every formula of
// a Russian answer must occur, verbatim up to runs of white space, in its English version. (The
// content has no $...$ TeX; if some arrives, its formulas fall under the same rule.)
std::vector<std::string> Formulas(std::string_view text)
{
    static const char* const kSigns[] = {"=", "≈", "≤", "≥", "≠", "<", ">", "∝", "·", "√", "Σ", "∑",
                                         "^", "‖", "⁻", "²", "³", "⁴", "⁶", "⊗", "⋆", "∩", "∪"};
    std::vector<std::string> out;
    for (const std::string& raw : Lines(text)) {
        std::string line = WithoutMarkup(raw);
        for (const char* sep : {" | ", " — ", " – ", ": ", "; ", "«", "»"}) line = Replace(line, sep, "\x01");
        std::vector<std::string> stretches(1);
        for (std::size_t i = 0; i < line.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(line[i]);
            if (IsCyrillicLead(c)) {
                ++i; // the continuation byte
                stretches.emplace_back();
            } else if (c == 0x01) {
                stretches.emplace_back();
            } else {
                stretches.back() += static_cast<char>(c);
            }
        }
        for (std::string s : stretches) {
            bool changed = true;
            while (changed && !s.empty()) {
                changed = false;
                for (std::string_view p : {" ", ",", ".", "-", "*", "|", "\t"}) {
                    if (s.starts_with(p)) {
                        s.erase(0, p.size());
                        changed = true;
                    }
                    if (s.ends_with(p)) {
                        s.erase(s.size() - p.size());
                        changed = true;
                    }
                }
                for (auto [open, close] : {std::pair{'(', ')'}, std::pair{'[', ']'}}) {
                    const auto opens = std::count(s.begin(), s.end(), open), closes = std::count(s.begin(), s.end(), close);
                    if (!s.empty() && s.front() == open && opens > closes) {
                        s.erase(0, 1);
                        changed = true;
                    } else if (!s.empty() && s.back() == close && closes > opens) {
                        s.pop_back();
                        changed = true;
                    }
                }
                // A word next to a relation sign is its operand ("Dice = ...", "... ≥ high").
                const std::vector<std::string> words = Words(s);
                if (words.size() >= 2 && !IsMathToken(words.front()) && !IsRelation(words[1])) {
                    s.erase(0, s.find(' ') + 1);
                    changed = true;
                } else if (words.size() >= 2 && !IsMathToken(words.back()) && !IsRelation(words[words.size() - 2])) {
                    s.erase(s.rfind(' '));
                    changed = true;
                }
            }
            if (s.size() < 3) continue;
            if (std::none_of(std::begin(kSigns), std::end(kSigns),
                             [&](const char* sign) { return s.find(sign) != std::string::npos; }))
                continue;
            out.push_back(Collapse(s));
        }
    }
    return out;
}

// A table: consecutive lines starting with '|'. Its shape: rows and the header's cell borders.
struct TableShape {
    int Rows = 0;
    std::size_t Columns = 0;
    bool operator==(const TableShape&) const = default;
    friend std::ostream& operator<<(std::ostream& os, const TableShape& t)
    {
        return os << t.Rows << " rows x " << t.Columns << " borders";
    }
};

std::vector<TableShape> Tables(std::string_view text)
{
    std::vector<TableShape> out;
    bool in_table = false;
    for (const std::string& raw : Lines(text)) {
        const std::string line = Trimmed(raw);
        if (line.starts_with("|")) {
            if (!in_table) out.push_back({0, static_cast<std::size_t>(std::count(line.begin(), line.end(), '|'))});
            ++out.back().Rows;
            in_table = true;
        } else {
            in_table = false;
        }
    }
    return out;
}

// Markdown link targets inside the app ("](#...)"), in order.
std::vector<std::string> Links(std::string_view text)
{
    std::vector<std::string> out;
    for (std::size_t pos = text.find("](#"); pos != std::string_view::npos; pos = text.find("](#", pos + 1)) {
        const std::size_t end = text.find(')', pos);
        out.emplace_back(text.substr(pos + 2, end == std::string_view::npos ? std::string_view::npos : end - pos - 2));
    }
    return out;
}

int CountLinesStarting(std::string_view text, std::string_view prefix)
{
    int n = 0;
    for (const std::string& line : Lines(text)) n += Trimmed(line).starts_with(prefix);
    return n;
}

// One part of an answer in both languages: the seed's answer, or mlviz's answer.
void CheckPartKeepsStructure(const std::string& ru, const std::string& en, const char* part)
{
    INFO(part);
    CHECK(ru.empty() == en.empty());
    CHECK_FALSE(HasCyrillic(en));
    CHECK(Tables(en) == Tables(ru));
    CHECK(Links(en) == Links(ru));
    CHECK(CountLinesStarting(en, "Visualization:") == CountLinesStarting(ru, "Визуализация:"));
    const std::string en_flat = Collapse(WithoutMarkup(en));
    for (const std::string& f : Formulas(ru)) {
        INFO("formula: " << f);
        CHECK(en_flat.find(f) != std::string::npos);
    }
}

} // namespace

TEST_CASE("Formula rule: what counts as a formula", "[translations]")
{
    CHECK(Formulas("Потеря: L = α·CE(y, p_s) + (1 − α)·T²·KL(p_t ‖ p_s), где p_t — вероятности") ==
          std::vector<std::string>{"L = α·CE(y, p_s) + (1 − α)·T²·KL(p_t ‖ p_s)"});
    CHECK(Formulas("(по умолчанию G = 32)") == std::vector<std::string>{"G = 32"});
    CHECK(Formulas("| Dice (F1) | 2TP / (2TP + FP + FN) | стандарт; Dice = 2·IoU / (1 + IoU) |") ==
          std::vector<std::string>{"Dice = 2·IoU / (1 + IoU)"});
    CHECK(Formulas("Визуализация: [Поле](#q=3&topic=activations)").empty()); // links are checked apart
    CHECK(Formulas("Просто текст, 3×3 свёртка, ResNet-50 (2015).").empty());
    CHECK(Formulas("- **ReLU(x) = max(0, x)**: производная") == std::vector<std::string>{"ReLU(x) = max(0, x)"});
    CHECK(Formulas("а у самой BN 2·C_out параметров, T > 1 «размягчает»") == std::vector<std::string>{"2·C_out", "T > 1"});
    CHECK(Formulas("градиент L1 — λ·sign(w), то есть") == std::vector<std::string>{"λ·sign(w)"});
    CHECK(Tables("a\n| x | y |\n|---|---|\n| 1 | 2 |\n\n| z |\n|---|\n") == std::vector<TableShape>{{3, 3}, {2, 2}});
}

TEST_CASE("Every question has an English title and English answers", "[translations]")
{
    const QuestionBank& bank = Bank();
    REQUIRE(bank.Questions.size() == 86);
    for (const Question& q : bank.Questions) {
        INFO("question " << q.Id);
        CHECK_FALSE(q.TitleEn.empty());
        CHECK_FALSE(HasCyrillic(q.TitleEn));
        CHECK(ShowsEnglish(q, Language::En));
        CHECK_FALSE(ShowsEnglish(q, Language::Ru));
        // The seed's answer and mlviz's answer each have an English version, and only those.
        CHECK(q.AnswerEn.empty() == DisplayAnswer(q.Answer).empty());
        CHECK(q.MlvizAnswerEn.empty() == q.MlvizAnswer.empty());
        CHECK_FALSE(DisplayFullAnswer(q, Language::En).empty());
        CHECK_FALSE(HasCyrillic(DisplayFullAnswer(q, Language::En)));
        CHECK(DisplayTitle(q, Language::Ru) == q.Title);
    }
}

TEST_CASE("English answers keep every table, formula and visualization link of the Russian", "[translations]")
{
    for (const Question& q : Bank().Questions) {
        INFO("question " << q.Id);
        CheckPartKeepsStructure(DisplayAnswer(q.Answer), q.AnswerEn, "seed answer");
        CheckPartKeepsStructure(q.MlvizAnswer, q.MlvizAnswerEn, "mlviz answer");
    }
}

TEST_CASE("Each translation file holds the questions of its section, each once", "[translations]")
{
    const QuestionBank& bank = Bank();
    std::map<int, std::string> file_of;
    int files = 0;
    for (const EmbeddedFile& f : TextAssets()) {
        const std::string_view name = f.Name;
        if (!name.starts_with(kTranslationsDir)) continue;
        ++files;
        const std::string section(name.substr(kTranslationsDir.size(), name.size() - kTranslationsDir.size() - 3));
        INFO(name);
        REQUIRE(bank.FindSection(section) != nullptr);
        for (const std::string& line : Lines(std::string_view(reinterpret_cast<const char*>(f.Data), f.Size))) {
            if (!line.starts_with("### ")) continue;
            const int id = std::stoi(line.substr(4));
            INFO("question " << id);
            CHECK(file_of.emplace(id, std::string(name)).second);
            REQUIRE(bank.Find(id) != nullptr);
            CHECK(bank.Find(id)->SectionId == section);
        }
    }
    CHECK(files == static_cast<int>(bank.Sections.size()));
    CHECK(file_of.size() == 86);
}

TEST_CASE("Search finds a question by its English or Russian words in either interface language", "[translations]")
{
    auto search = [](std::string_view query) {
        std::vector<int> ids;
        for (const Question& q : Bank().Questions)
            if (QuestionMatches(q, query)) ids.push_back(q.Id);
        return ids;
    };
    auto has = [](const std::vector<int>& ids, int id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
    // English-only words of the translations (absent from the Russian text).
    for (const auto& [query, id] : std::vector<std::pair<const char*, int>>{{"knowledge distillation", 50},
                                                                            {"receptive field", 47},
                                                                            {"vanishing gradient", 73},
                                                                            {"Otsu's method", 52},
                                                                            {"dead neurons", 76},
                                                                            {"panoptic quality", 9}}) {
        INFO(query);
        CHECK(has(search(query), id));
    }
    CHECK(has(search("DISTILLATION"), 50));
    CHECK(has(search("дистилляция"), 50));
    // QuestionMatches takes no language (the core keeps no language state, and the question
    // list filters with it in either interface language), so these hold in both.
    CHECK(search("zzzqqq").empty());
}

TEST_CASE("Planned-topic lines: hidden while the topic is unknown, shown once it exists", "[translations]")
{
    const std::string seed = "### Q1\nseed\n";
    const std::string sections = "s\tS\tS\t1\n";
    const auto hidden = LoadQuestions(
        seed, sections, "### 1\nтекст\n<!-- topic no_such_topic: Визуализация: [x](#q=1&topic=no_such_topic) -->\n");
    REQUIRE(hidden.Ok());
    CHECK(hidden->Find(1)->MlvizAnswer == "текст");
    const auto shown = LoadQuestions(seed, sections, "### 1\nтекст\n<!-- topic nms: Визуализация: [NMS](#q=1&topic=nms) -->\n");
    REQUIRE(shown.Ok());
    CHECK(shown->Find(1)->MlvizAnswer == "текст\nВизуализация: [NMS](#q=1&topic=nms)");
    CHECK_FALSE(LoadQuestions(seed, sections, "### 1\n<!-- topic nms -->\n").Ok());
}

TEST_CASE("English format: title, seed answer, then mlviz's answer after the marker", "[translations]")
{
    const std::string seed = "### Один\nответ\n### Два\n![p](attachment:p)\n";
    const std::string sections = "s\tS\tS\t1 2\n";
    const auto bank = LoadQuestions(
        seed, sections, "### 1\nдополнение\n### 2\nнаш ответ\n",
        "<!-- header -->\n### 1\nOne\nanswer\n\n<!-- mlviz -->\nsupplement\n### 2\nTwo\n<!-- mlviz -->\nour answer\n");
    REQUIRE(bank.Ok());
    const Question& q1 = *bank->Find(1);
    const Question& q2 = *bank->Find(2);
    CHECK(q1.AnswerEn == "answer");
    CHECK(q1.MlvizAnswerEn == "supplement");
    CHECK(DisplayFullAnswer(q1, Language::En) == "answer\n\nsupplement");
    CHECK(DisplayFullAnswer(q1, Language::Ru) == "ответ\n\nдополнение");
    CHECK(DisplaySeedAnswer(q1, Language::En) == "answer");
    CHECK(DisplayMlvizAnswer(q1, Language::Ru) == "дополнение");
    CHECK(q2.AnswerEn.empty());
    CHECK(DisplayFullAnswer(q2, Language::En) == "our answer");
    CHECK(QuestionMatches(q2, "OUR ANSWER"));
    CHECK(QuestionMatches(q2, "наш"));
    const auto twice = LoadQuestions(seed, sections, "", "### 1\nOne\n<!-- mlviz -->\na\n<!-- mlviz -->\nb\n");
    REQUIRE_FALSE(twice.Ok());
    CHECK_THAT(Text(twice.Error()), Catch::Contains("line 5"));
    CHECK_FALSE(LoadQuestions(seed, sections, "", "### 1\n<!-- mlviz -->\nOne\n").Ok());
}

TEST_CASE("Corrections layer: typos fixed in the displayed text, the seed file verbatim", "[translations][questions]")
{
    const QuestionBank& bank = Bank();
    const auto seed_only = LoadQuestions(FindAsset(TextAssets(), "assets/questions/seed_ru.md"),
                                         FindAsset(TextAssets(), "assets/questions/sections.tsv"));
    REQUIRE(seed_only.Ok());
    // The four issue-25 typos are gone from what readers see, and only the corrected questions differ.
    CHECK(seed_only->Find(5)->Title.ends_with("?*"));
    CHECK(bank.Find(5)->Title.ends_with("каждый из них?"));
    CHECK(seed_only->Find(81)->Answer.starts_with("x1 свёртка"));
    CHECK(bank.Find(81)->Answer.starts_with("1×1 свёртка"));
    CHECK(bank.Find(32)->Answer.find("блокы") == std::string::npos);
    CHECK(bank.Find(32)->Answer.starts_with("Остаточные блоки"));
    CHECK(bank.Find(36)->Answer.find("Таким образом") == std::string::npos);
    CHECK(DisplayAnswer(bank.Find(36)->Answer).starts_with("Mask R-CNN основан на Faster R-CNN"));
    std::set<int> changed;
    for (int id = 1; id <= 86; ++id)
        if (bank.Find(id)->Title != seed_only->Find(id)->Title || bank.Find(id)->Answer != seed_only->Find(id)->Answer)
            changed.insert(id);
    CHECK(changed == std::set<int>{5, 32, 36, 81});
    // Search reads the corrected text.
    CHECK(QuestionMatches(*bank.Find(32), "остаточные блоки"));

    // The loader's checks: a row must match exactly once and say why.
    QuestionSources src;
    src.Seed = "### Q1?*\nab ab cd\n";
    src.Sections = "s\tS\tS\t1\n";
    src.Corrections = "# c\n1\ttitle\t?*\t?\ttypo\n1\tanswer\tcd\tCD\twhy\n";
    const auto ok = LoadQuestions(src);
    REQUIRE(ok.Ok());
    CHECK(ok->Find(1)->Title == "Q1?");
    CHECK(ok->Find(1)->Answer == "ab ab CD");
    for (const char* bad : {"1\tanswer\tab\tAB\ttwice\n", "1\tanswer\tzz\tZZ\tnever\n", "1\tbody\tcd\tCD\twhy\n",
                            "2\tanswer\tcd\tCD\twhy\n", "1\tanswer\tcd\tCD\t\n", "1\tanswer\tcd\n"}) {
        INFO(bad);
        src.Corrections = bad;
        const auto r = LoadQuestions(src);
        REQUIRE_FALSE(r.Ok());
        CHECK_THAT(Text(r.Error()), Catch::Contains("corrections line 1"));
    }
}
