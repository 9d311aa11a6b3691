#include "core/questions.h"

#include <algorithm>
#include <charconv>

#include "core/assets.h"
#include "core/message.h"
#include "core/text.h"

namespace mlviz {

namespace {

std::string_view Trim(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

std::vector<std::string_view> SplitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        lines.push_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return lines;
}

std::vector<std::string_view> Split(std::string_view s, char sep)
{
    std::vector<std::string_view> parts;
    std::size_t pos = 0;
    while (true) {
        const std::size_t end = s.find(sep, pos);
        parts.push_back(s.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    return parts;
}

// A line that is only a Markdown image reference, e.g. "![image.png](attachment:image.png)".
bool IsPictureLine(std::string_view line)
{
    const std::string_view t = Trim(line);
    return t.size() >= 5 && t.substr(0, 2) == "![" && t.back() == ')' && t.find("](") != std::string_view::npos;
}

} // namespace

const std::string& SectionTitle(const Section& s, Language lang)
{
    return lang == Language::En && !s.TitleEn.empty() ? s.TitleEn : s.TitleRu;
}

const Question* QuestionBank::Find(int id) const
{
    if (id < 1 || id > static_cast<int>(Questions.size())) return nullptr;
    return &Questions[static_cast<std::size_t>(id - 1)];
}

const Section* QuestionBank::FindSection(std::string_view id) const
{
    for (const Section& s : Sections)
        if (s.Id == id) return &s;
    return nullptr;
}

std::string DisplayAnswer(std::string_view answer)
{
    std::string out;
    for (std::string_view line : SplitLines(answer)) {
        if (IsPictureLine(line)) continue;
        out.append(line);
        out += '\n';
    }
    return std::string(Trim(out)).empty() ? std::string() : std::string(Trim(out));
}

namespace {

bool IsHeading(std::string_view line)
{
    return line.substr(0, 3) == "###" && (line.size() == 3 || line[3] != '#');
}

// The question a "### N" heading names, or null with `error` set (naming `file` and the line).
Question* HeadingQuestion(QuestionBank& bank, std::string_view line, const char* file, int line_no, std::string& error)
{
    const std::string_view tok = Trim(line.substr(3));
    int id = 0;
    const auto [p, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), id);
    if (ec != std::errc() || p != tok.data() + tok.size() || !bank.Find(id)) {
        error = std::string(file) + " line " + std::to_string(line_no) + ": '" + std::string(tok) + "' is not a question id";
        return nullptr;
    }
    return &bank.Questions[static_cast<std::size_t>(id - 1)];
}

// "### 12" blocks of mlviz-written answers, attached to their questions.
std::string AttachMlvizAnswers(QuestionBank& bank, std::string_view text)
{
    Question* current = nullptr;
    int line_no = 0;
    for (std::string_view line : SplitLines(text)) {
        ++line_no;
        if (IsHeading(line)) {
            std::string error;
            current = HeadingQuestion(bank, line, "mlviz answers", line_no, error);
            if (!current) return error;
            if (!current->MlvizAnswer.empty())
                return "mlviz answers line " + std::to_string(line_no) + ": question " + std::to_string(current->Id) +
                    " answered twice";
            current->MlvizAnswer = " "; // marks "seen" until text arrives
            continue;
        }
        if (current) {
            current->MlvizAnswer.append(line);
            current->MlvizAnswer += '\n';
        }
    }
    for (Question& q : bank.Questions) q.MlvizAnswer = std::string(Trim(q.MlvizAnswer));
    return {};
}

// "### N" blocks of English translations: first line the title, the rest the answer.
std::string AttachTranslations(QuestionBank& bank, std::string_view text)
{
    Question* current = nullptr;
    bool title_read = false;
    int line_no = 0;
    for (std::string_view line : SplitLines(text)) {
        ++line_no;
        if (IsHeading(line)) {
            std::string error;
            current = HeadingQuestion(bank, line, "translations", line_no, error);
            if (!current) return error;
            if (!current->TitleEn.empty())
                return "translations line " + std::to_string(line_no) + ": question " + std::to_string(current->Id) +
                    " translated twice";
            title_read = false;
            continue;
        }
        if (!current) continue;
        if (!title_read) {
            if (Trim(line).empty()) continue;
            current->TitleEn = std::string(Trim(line));
            title_read = true;
            continue;
        }
        current->AnswerEn.append(line);
        current->AnswerEn += '\n';
    }
    for (Question& q : bank.Questions) q.AnswerEn = std::string(Trim(q.AnswerEn));
    return {};
}

} // namespace

const std::string& DisplayTitle(const Question& q, Language lang)
{
    return lang == Language::En && !q.TitleEn.empty() ? q.TitleEn : q.Title;
}

std::string DisplayFullAnswer(const Question& q, Language lang)
{
    if (lang == Language::En && !q.AnswerEn.empty()) return q.AnswerEn;
    return FullAnswer(q);
}

std::string FullAnswer(const Question& q)
{
    std::string seed = DisplayAnswer(q.Answer);
    if (q.MlvizAnswer.empty()) return seed;
    if (seed.empty()) return q.MlvizAnswer;
    return seed + "\n\n" + q.MlvizAnswer;
}

Result<QuestionBank> LoadQuestions(std::string_view seed, std::string_view sections_tsv, std::string_view mlviz_answers,
                                   std::string_view translations_en)
{
    QuestionBank bank;
    Question* current = nullptr;
    for (std::string_view line : SplitLines(seed)) {
        if (IsHeading(line)) {
            Question q;
            q.Id = static_cast<int>(bank.Questions.size()) + 1;
            q.Title = std::string(Trim(line.substr(3)));
            if (q.Title.empty())
                return Result<QuestionBank>::Fail(PlainMessage("question " + std::to_string(q.Id) + " has an empty title"));
            bank.Questions.push_back(std::move(q));
            current = &bank.Questions.back();
            continue;
        }
        if (current) {
            current->Answer.append(line);
            current->Answer += '\n';
        }
    }
    if (bank.Questions.empty())
        return Result<QuestionBank>::Fail(PlainMessage("the seed holds no questions (no line starts with ###)"));
    if (std::string error = AttachMlvizAnswers(bank, mlviz_answers); !error.empty())
        return Result<QuestionBank>::Fail(PlainMessage(error));
    if (std::string error = AttachTranslations(bank, translations_en); !error.empty())
        return Result<QuestionBank>::Fail(PlainMessage(error));
    for (Question& q : bank.Questions) {
        // Keep the answer verbatim, without the blank lines between it and the next title.
        while (!q.Answer.empty() && (q.Answer.back() == '\n' || q.Answer.back() == ' ' || q.Answer.back() == '\r'))
            q.Answer.pop_back();
        const bool has_seed = !DisplayAnswer(q.Answer).empty();
        const bool has_mlviz = !q.MlvizAnswer.empty();
        q.Origin = has_seed ? (has_mlviz ? AnswerOrigin::SeedAndMlviz : AnswerOrigin::Seed)
                            : (has_mlviz ? AnswerOrigin::Mlviz : AnswerOrigin::Pending);
        q.AnswerPending = q.Origin == AnswerOrigin::Pending;
        q.SearchText = FoldCase(q.Title + "\n" + q.Answer + "\n" + q.MlvizAnswer + "\n" + q.TitleEn + "\n" + q.AnswerEn);
    }

    std::vector<int> owner(bank.Questions.size(), -1);
    int line_no = 0;
    for (std::string_view line : SplitLines(sections_tsv)) {
        ++line_no;
        if (Trim(line).empty() || Trim(line)[0] == '#') continue;
        const auto cols = Split(line, '\t');
        const std::string where = "sections line " + std::to_string(line_no);
        if (cols.size() != 4) return Result<QuestionBank>::Fail(PlainMessage(where + ": expected 4 tab-separated columns"));
        Section s{std::string(Trim(cols[0])), std::string(Trim(cols[1])), std::string(Trim(cols[2])), {}};
        if (s.Id.empty() || s.TitleRu.empty()) return Result<QuestionBank>::Fail(PlainMessage(where + ": empty id or title"));
        for (std::string_view tok : Split(Trim(cols[3]), ' ')) {
            if (tok.empty()) continue;
            int id = 0;
            const auto [p, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), id);
            if (ec != std::errc() || p != tok.data() + tok.size() || !bank.Find(id))
                return Result<QuestionBank>::Fail(PlainMessage(where + ": '" + std::string(tok) + "' is not a question id"));
            if (owner[id - 1] >= 0)
                return Result<QuestionBank>::Fail(PlainMessage(where + ": question " + std::to_string(id) + " is listed twice"));
            owner[id - 1] = static_cast<int>(bank.Sections.size());
            bank.Questions[id - 1].SectionId = s.Id;
            s.QuestionIds.push_back(id);
        }
        bank.Sections.push_back(std::move(s));
    }
    for (std::size_t i = 0; i < owner.size(); ++i)
        if (owner[i] < 0)
            return Result<QuestionBank>::Fail(PlainMessage("question " + std::to_string(i + 1) + " is in no section"));
    return bank;
}

const Result<QuestionBank>& BuiltinQuestions()
{
    static const Result<QuestionBank> bank = LoadQuestions(FindAsset(TextAssets(), "assets/questions/seed_ru.md"),
                                                           FindAsset(TextAssets(), "assets/questions/sections.tsv"),
                                                           FindAsset(TextAssets(), "assets/questions/answers_mlviz_ru.md"),
                                                           FindAsset(TextAssets(), "assets/questions/translations_en.md"));
    return bank;
}

bool QuestionMatches(const Question& q, std::string_view query)
{
    return MatchesFoldedText(q.SearchText, query);
}

} // namespace mlviz
