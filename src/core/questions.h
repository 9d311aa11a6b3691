// The interview questions: loaded from assets/questions/ (seed text + section table).
// Question ids are positions in the seed (1-86) and never change.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace mlviz {

struct Question {
    int Id = 0;
    std::string Title;        // the "###" line, trimmed
    std::string Answer;       // the seed's answer, verbatim (Markdown-like)
    std::string SectionId;
    bool AnswerPending = false;   // the seed answer was only a reference to a missing picture
    std::string SearchText;       // title + answer, case-folded once at load (see text.h)
};

struct Section {
    std::string Id;
    std::string TitleRu;
    std::string TitleEn;
    std::vector<int> QuestionIds;   // display order
};

struct QuestionBank {
    std::vector<Question> Questions;   // index = Id - 1
    std::vector<Section> Sections;

    const Question* Find(int id) const;
    const Section* FindSection(std::string_view id) const;
};

// Parses the seed ("###" starts a question; the lines below are its answer) and the
// section table (tab-separated: id, Russian title, English title, space-separated ids).
// Every question must belong to exactly one section.
Result<QuestionBank> LoadQuestions(std::string_view seed_markdown, std::string_view sections_tsv);

// The bank compiled into the binary (assets/questions/). Fails only on a broken build.
const Result<QuestionBank>& BuiltinQuestions();

// The answer as shown to the reader: references to missing pictures removed.
// Returns an empty string when nothing is left (the answer is pending).
std::string DisplayAnswer(std::string_view answer);

// True when the question's title or answer contains every word of `query` (case-folded,
// Cyrillic included).
bool QuestionMatches(const Question& q, std::string_view query);

} // namespace mlviz
