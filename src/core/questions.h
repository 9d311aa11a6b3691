// The interview questions: loaded from assets/questions/ (seed text + section table).
// Question ids are positions in the seed (1-86) and never change.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace mlviz {

// Where the answer text comes from: the seed, mlviz's own answers (written where the seed's
// answer was only a missing picture), or the seed followed by an mlviz supplement.
enum class AnswerOrigin { Pending, Seed, Mlviz, SeedAndMlviz };

struct Question {
    int Id = 0;
    std::string Title;       // the "###" line, trimmed
    std::string Answer;      // the seed's answer, verbatim (Markdown-like)
    std::string MlvizAnswer; // from assets/questions/answers_mlviz_ru.md, or empty
    std::string TitleEn;     // English translation (assets/questions/translations_en.md), or empty
    std::string AnswerEn;
    std::string SectionId;
    AnswerOrigin Origin = AnswerOrigin::Pending;
    bool AnswerPending = false; // no answer text at all (seed had only a missing picture, no mlviz answer)
    std::string SearchText;     // title + answer, case-folded once at load (see text.h)
};

struct Section {
    std::string Id;
    std::string TitleRu;
    std::string TitleEn;
    std::vector<int> QuestionIds; // display order
};

// Section title in the current interface language (core/i18n.h).
const std::string& SectionTitle(const Section& s, Language lang);

struct QuestionBank {
    std::vector<Question> Questions; // index = Id - 1
    std::vector<Section> Sections;

    const Question* Find(int id) const;
    const Section* FindSection(std::string_view id) const;
};

// Parses the seed ("###" starts a question; the lines below are its answer), the section table
// (tab-separated: id, Russian title, English title, space-separated ids) and mlviz's own answers
// ("### N" starts the answer to question N). Every question must belong to exactly one section.
// `translations_en` holds optional English versions: "### N" then the English title on the next
// line, then the English answer (Markdown) until the next "### ".
Result<QuestionBank> LoadQuestions(std::string_view seed_markdown, std::string_view sections_tsv,
                                   std::string_view mlviz_answers = {}, std::string_view translations_en = {});

// Title and answer in `lang`: English where a translation exists,
// otherwise the Russian text (question texts are content: they stay Russian unless translated).
const std::string& DisplayTitle(const Question& q, Language lang);
std::string DisplayFullAnswer(const Question& q, Language lang);

// The bank compiled into the binary (assets/questions/). Fails only on a broken build.
const Result<QuestionBank>& BuiltinQuestions();

// The answer as shown to the reader: references to missing pictures removed.
// Returns an empty string when nothing is left (the answer is pending).
std::string DisplayAnswer(std::string_view answer);

// Everything the reader sees as the answer, in Markdown: the seed's text (pictures removed)
// followed by mlviz's answer or supplement. Empty when pending.
std::string FullAnswer(const Question& q);

// True when the question's title or answer contains every word of `query` (case-folded,
// Cyrillic included).
bool QuestionMatches(const Question& q, std::string_view query);

} // namespace mlviz
