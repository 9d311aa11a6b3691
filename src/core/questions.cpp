#include "core/questions.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "core/assets.h"
#include "core/message.h"
#include "core/text.h"
#include "core/topics.h"

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

// A line of mlviz's answers or of a translation as shown: the line itself, or for a line
// "<!-- topic ID: TEXT -->" (a link to a topic still being written) TEXT once topic ID is
// registered and nothing (nullopt) before. Sets `error` for a malformed marker.
std::optional<std::string_view> ShownLine(std::string_view line, std::string& error)
{
    const std::string_view t = Trim(line);
    if (!t.starts_with(kTopicLineOpen)) return line;
    const std::size_t colon = t.find(':');
    if (!t.ends_with("-->") || colon == std::string_view::npos) {
        error = "expected '" + std::string(kTopicLineOpen) + "ID: text -->'";
        return std::nullopt;
    }
    const std::string_view id = Trim(t.substr(kTopicLineOpen.size(), colon - kTopicLineOpen.size()));
    if (!FindTopic(id)) return std::nullopt;
    return Trim(t.substr(colon + 1, t.size() - 3 - colon - 1));
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
            std::string error;
            const auto shown = ShownLine(line, error);
            if (!error.empty()) return "mlviz answers line " + std::to_string(line_no) + ": " + error;
            if (!shown) continue; // a topic that is not registered yet
            current->MlvizAnswer.append(*shown);
            current->MlvizAnswer += '\n';
        }
    }
    for (Question& q : bank.Questions) q.MlvizAnswer = std::string(Trim(q.MlvizAnswer));
    return {};
}

// "### N" blocks of English translations: first line the title, then the seed's answer, then
// after a kMlvizMarker line mlviz's answer.
std::string AttachTranslations(QuestionBank& bank, const NamedText& file)
{
    Question* current = nullptr;
    bool title_read = false, in_mlviz = false;
    int line_no = 0;
    for (std::string_view line : SplitLines(file.Text)) {
        ++line_no;
        auto where = [&] { return file.Name + " line " + std::to_string(line_no); };
        if (IsHeading(line)) {
            std::string error;
            current = HeadingQuestion(bank, line, file.Name.c_str(), line_no, error);
            if (!current) return error;
            if (!current->TitleEn.empty()) return where() + ": question " + std::to_string(current->Id) + " translated twice";
            title_read = in_mlviz = false;
            continue;
        }
        if (!current) continue;
        if (!title_read) {
            if (Trim(line).empty()) continue;
            if (Trim(line) == kMlvizMarker) return where() + ": the English title must come before " + std::string(kMlvizMarker);
            current->TitleEn = std::string(Trim(line));
            title_read = true;
            continue;
        }
        if (Trim(line) == kMlvizMarker) {
            if (in_mlviz)
                return where() + ": a second " + std::string(kMlvizMarker) + " in question " + std::to_string(current->Id);
            in_mlviz = true;
            continue;
        }
        std::string error;
        const auto shown = ShownLine(line, error);
        if (!error.empty()) return where() + ": " + error;
        if (!shown) continue; // a topic that is not registered yet
        std::string& to = in_mlviz ? current->MlvizAnswerEn : current->AnswerEn;
        to.append(*shown);
        to += '\n';
    }
    for (Question& q : bank.Questions) {
        q.AnswerEn = std::string(Trim(q.AnswerEn));
        q.MlvizAnswerEn = std::string(Trim(q.MlvizAnswerEn));
    }
    return {};
}

std::size_t CountOccurrences(std::string_view text, std::string_view what)
{
    std::size_t n = 0;
    for (std::size_t pos = text.find(what); pos != std::string_view::npos; pos = text.find(what, pos + 1)) ++n;
    return n;
}

// The corrections layer: tab-separated rows "id  title|answer  exact text  replacement  reason"
// (blank lines and '#' comments skipped). Each text must occur exactly once in its field, so a
// row can neither miss nor hit more than it says.
std::string ApplyCorrections(QuestionBank& bank, std::string_view tsv)
{
    int line_no = 0;
    for (std::string_view line : SplitLines(tsv)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (Trim(line).empty() || Trim(line)[0] == '#') continue;
        const std::string where = "corrections line " + std::to_string(line_no);
        const auto cols = Split(line, '\t');
        if (cols.size() != 5) return where + ": expected 5 tab-separated columns (id, field, text, replacement, reason)";
        int id = 0;
        const std::string_view id_text = Trim(cols[0]);
        const auto [p, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
        if (ec != std::errc() || p != id_text.data() + id_text.size() || !bank.Find(id))
            return where + ": '" + std::string(id_text) + "' is not a question id";
        Question& q = bank.Questions[static_cast<std::size_t>(id - 1)];
        const std::string_view field = Trim(cols[1]);
        if (field != "title" && field != "answer")
            return where + ": field must be 'title' or 'answer', got '" + std::string(field) + "'";
        if (cols[2].empty()) return where + ": empty text to correct";
        if (Trim(cols[4]).empty()) return where + ": say why (the fifth column is empty)";
        std::string& text = field == "title" ? q.Title : q.Answer;
        const std::size_t n = CountOccurrences(text, cols[2]);
        if (n != 1)
            return where + ": '" + std::string(cols[2]) + "' occurs " + std::to_string(n) + " times in the " +
                std::string(field) + " of question " + std::to_string(id) + " (must be exactly once)";
        text.replace(text.find(cols[2]), cols[2].size(), cols[3]);
        if (field == "title") text = std::string(Trim(text));
        if (text.empty())
            return where + ": the correction leaves question " + std::to_string(id) + " with an empty " + std::string(field);
    }
    return {};
}

} // namespace

bool ShowsEnglish(const Question& q, Language lang)
{
    return lang == Language::En && !q.TitleEn.empty();
}

const std::string& DisplayTitle(const Question& q, Language lang)
{
    return ShowsEnglish(q, lang) ? q.TitleEn : q.Title;
}

std::string DisplaySeedAnswer(const Question& q, Language lang)
{
    return ShowsEnglish(q, lang) ? q.AnswerEn : DisplayAnswer(q.Answer);
}

const std::string& DisplayMlvizAnswer(const Question& q, Language lang)
{
    return ShowsEnglish(q, lang) ? q.MlvizAnswerEn : q.MlvizAnswer;
}

std::string DisplayFullAnswer(const Question& q, Language lang)
{
    std::string seed = DisplaySeedAnswer(q, lang);
    const std::string& mlviz = DisplayMlvizAnswer(q, lang);
    if (mlviz.empty()) return seed;
    if (seed.empty()) return mlviz;
    return seed + "\n\n" + mlviz;
}

std::string FullAnswer(const Question& q)
{
    return DisplayFullAnswer(q, Language::Ru);
}

Result<QuestionBank> LoadQuestions(std::string_view seed, std::string_view sections_tsv, std::string_view mlviz_answers,
                                   std::string_view translations_en)
{
    QuestionSources sources;
    sources.Seed = seed;
    sources.Sections = sections_tsv;
    sources.MlvizAnswers = mlviz_answers;
    if (!translations_en.empty()) sources.TranslationsEn.push_back({"translations", translations_en});
    return LoadQuestions(sources);
}

Result<QuestionBank> LoadQuestions(const QuestionSources& sources)
{
    const std::string_view seed = sources.Seed, sections_tsv = sources.Sections;
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
    if (std::string error = ApplyCorrections(bank, sources.Corrections); !error.empty())
        return Result<QuestionBank>::Fail(PlainMessage(error));
    if (std::string error = AttachMlvizAnswers(bank, sources.MlvizAnswers); !error.empty())
        return Result<QuestionBank>::Fail(PlainMessage(error));
    for (const NamedText& file : sources.TranslationsEn)
        if (std::string error = AttachTranslations(bank, file); !error.empty())
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
        q.SearchText = FoldCase(q.Title + "\n" + q.Answer + "\n" + q.MlvizAnswer + "\n" + q.TitleEn + "\n" + q.AnswerEn + "\n" +
                                q.MlvizAnswerEn);
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
    static const Result<QuestionBank> bank = [] {
        QuestionSources sources;
        sources.Seed = FindAsset(TextAssets(), "assets/questions/seed_ru.md");
        sources.Sections = FindAsset(TextAssets(), "assets/questions/sections.tsv");
        sources.Corrections = FindAsset(TextAssets(), "assets/questions/corrections_ru.tsv");
        sources.MlvizAnswers = FindAsset(TextAssets(), "assets/questions/answers_mlviz_ru.md");
        // Every assets/questions/en/*.md (one file per section), in name order.
        for (const EmbeddedFile& f : TextAssets()) {
            const std::string_view name = f.Name;
            if (name.starts_with(kTranslationsDir) && name.ends_with(".md"))
                sources.TranslationsEn.push_back(
                    {std::string(name), std::string_view(reinterpret_cast<const char*>(f.Data), f.Size)});
        }
        std::sort(sources.TranslationsEn.begin(), sources.TranslationsEn.end(),
                  [](const NamedText& a, const NamedText& b) { return a.Name < b.Name; });
        return LoadQuestions(sources);
    }();
    return bank;
}

bool QuestionMatches(const Question& q, std::string_view query)
{
    return MatchesFoldedText(q.SearchText, query);
}

} // namespace mlviz
