// The interview questions: loaded from assets/questions/ (seed text, typo corrections, section
// table, mlviz's answers, English translations). Question ids are positions in the seed (1-86)
// and never change.
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
    std::string Title;       // the "###" line, trimmed, with the corrections layer applied
    std::string Answer;      // the seed's answer (Markdown-like): verbatim but for the corrections layer
    std::string MlvizAnswer; // from assets/questions/answers_mlviz_ru.md, or empty
    // English (assets/questions/en/<section>.md); all empty when the question is not translated.
    std::string TitleEn;
    std::string AnswerEn;      // the seed's answer in English (empty when the seed had only a picture)
    std::string MlvizAnswerEn; // mlviz's answer in English (empty when MlvizAnswer is)
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

// A text file given to the loader, named in its error messages.
struct NamedText {
    std::string Name; // e.g. "assets/questions/en/detection.md"
    std::string_view Text;
};

// The files behind a bank. Only Seed and Sections are required.
struct QuestionSources {
    // "###" starts a question; the lines below are its answer. Kept byte for byte as published.
    std::string_view Seed;
    // Tab-separated: id, Russian title, English title, space-separated question ids.
    std::string_view Sections;
    // Typo corrections to the seed's displayed text, tab-separated (see corrections_ru.tsv):
    // question id, "title" or "answer", exact text (must occur exactly once), replacement, reason.
    std::string_view Corrections;
    // mlviz's own answers and supplements: "### N" starts the text for question N.
    std::string_view MlvizAnswers;
    // English: "### N", the English title on the next non-blank line, then the seed's answer in
    // English; a line "<!-- mlviz -->" starts the English of mlviz's answer. Until the next "### ".
    std::vector<NamedText> TranslationsEn;
};

// Every question must belong to exactly one section; a correction that does not match exactly
// once, a bad id or a question translated twice is an error naming its file and line.
Result<QuestionBank> LoadQuestions(const QuestionSources& sources);
// The same with one translation file (tests and tools).
Result<QuestionBank> LoadQuestions(std::string_view seed_markdown, std::string_view sections_tsv,
                                   std::string_view mlviz_answers = {}, std::string_view translations_en = {});

// A line "<!-- topic ID: text -->" in mlviz's answers or a translation shows `text` once topic ID
// is registered (core/topics.h) and nothing before: links to a topic still being written.
inline constexpr std::string_view kTopicLineOpen = "<!-- topic ";

// The line in an English translation that separates the seed's answer from mlviz's answer.
inline constexpr std::string_view kMlvizMarker = "<!-- mlviz -->";

// True when `lang` is English and the question has an English version (then every text below
// is English; otherwise every text is Russian: question texts are content, never mixed).
bool ShowsEnglish(const Question& q, Language lang);
// Title and answer in `lang`, with the same fallback.
const std::string& DisplayTitle(const Question& q, Language lang);
std::string DisplayFullAnswer(const Question& q, Language lang);
// The two parts of the answer as the answer panel shows them: the seed's text (pictures
// removed) and mlviz's answer, each in `lang` with the same fallback; either may be empty.
std::string DisplaySeedAnswer(const Question& q, Language lang);
const std::string& DisplayMlvizAnswer(const Question& q, Language lang);

// Where the English translations live (one Markdown file per section, all of them loaded).
inline constexpr std::string_view kTranslationsDir = "assets/questions/en/";

// The bank compiled into the binary (assets/questions/). Fails only on a broken build.
const Result<QuestionBank>& BuiltinQuestions();

// The answer as shown to the reader: references to missing pictures removed.
// Returns an empty string when nothing is left (the answer is pending).
std::string DisplayAnswer(std::string_view answer);

// Everything the reader sees as the answer in Russian, in Markdown: the seed's text (pictures
// removed) followed by mlviz's answer or supplement. Empty when pending.
std::string FullAnswer(const Question& q);

// True when the question's title or answer, in Russian or English, contains every word of
// `query` (case-folded, Cyrillic included): a query finds a question whatever the interface
// language.
bool QuestionMatches(const Question& q, std::string_view query);

} // namespace mlviz
