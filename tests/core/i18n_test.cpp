#include <catch2/catch.hpp>

#include "support/message_text.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "topics/gradient_flow/core/gradflow.h"
#include "core/i18n.h"
#include "topics/nms/core/nms_state.h"
#include "topics/optimizers/core/optim_functions.h"
#include "topics/optimizers/core/optim_presets.h"
#include "topics/optimizers/core/optim_schedules.h"
#include "core/questions.h"
#include "topics/receptive_field/core/rf_presets.h"
#include "core/topics.h"

using namespace mlviz;

namespace {

std::string ReadFile(const std::filesystem::path& p)
{
    std::ifstream f(p, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// Every Tr("..."), Msg("...") and MLVIZ_TR_KEY("...") literal in src/, comments removed, escapes
// \" and \n decoded. Keys with no Cyrillic letter ("%s: %s") are used as they are.
std::set<std::string> SourceStrings()
{
    std::set<std::string> out;
    const std::regex comment(R"(//[^\n]*)");
    const std::regex tr(R"re(\b(?:Tr|Msg|MLVIZ_TR_KEY)\(\s*"((?:[^"\\\n]|\\.)*)"\s*[,)])re");
    for (const auto& e : std::filesystem::recursive_directory_iterator(std::string(MLVIZ_SOURCE_DIR) + "/src")) {
        const auto ext = e.path().extension();
        if (ext != ".cpp" && ext != ".h") continue;
        const std::string text = std::regex_replace(ReadFile(e.path()), comment, "");
        for (std::sregex_iterator it(text.begin(), text.end(), tr), end; it != end; ++it) {
            std::string s = (*it)[1];
            std::string decoded;
            for (std::size_t i = 0; i < s.size(); ++i) {
                if (s[i] == '\\' && i + 1 < s.size()) {
                    const char c = s[++i];
                    decoded += c == 'n' ? '\n' : c == 't' ? '\t' : c;
                } else {
                    decoded += s[i];
                }
            }
            const bool cyrillic = std::any_of(decoded.begin(), decoded.end(),
                                              [](char c) { return (static_cast<unsigned char>(c) & 0xFE) == 0xD0; });
            if (cyrillic) out.insert(decoded);
        }
    }
    return out;
}

// The printf conversions of a format string, in order ("%d", "%.2f", ...); "%%" excluded.
std::vector<std::string> Conversions(const std::string& s)
{
    std::vector<std::string> out;
    const std::regex conv(R"(%[-+ #0]*\*?\d*(?:\.\*?\d+)?(?:hh|h|ll|l|L|z|j|t)?[diouxXeEfFgGaAcsp%])");
    for (std::sregex_iterator it(s.begin(), s.end(), conv), end; it != end; ++it)
        if (it->str() != "%%") out.push_back(it->str());
    return out;
}

std::vector<std::string> NmsNotices(std::string_view fragment, Language lang)
{
    NmsState s;
    return Texts(NmsStateSchema().Decode(ParseKeyValues(fragment), s), lang);
}

std::string GradflowError(const GradflowConfig& c, Language lang)
{
    const auto r = GradflowRunner::Create(c, 0);
    return r.Ok() ? std::string() : Text(r.Error(), lang);
}

} // namespace

TEST_CASE("every UI string has an English entry with the same printf conversions", "[i18n]")
{
    const auto strings = SourceStrings();
    REQUIRE(strings.size() > 20); // the scan itself works
    for (const std::string& ru : strings) {
        INFO("UI string: " << ru);
        const char* en = FindEnglish(ru);
        CHECK(en != nullptr);
        if (!en) continue;
        CHECK(std::string(en).size() > 0);
        CHECK(Conversions(ru) == Conversions(en));
    }
}

TEST_CASE("Translate follows the language, missing entries fall back to Russian", "[i18n]")
{
    CHECK(std::string(Translate("Поделиться", Language::Ru)) == "Поделиться");
    CHECK(std::string(Translate("Поделиться", Language::En)) == "Share");
    CHECK(std::string(Translate("строка, которой нет в таблице", Language::En)) == "строка, которой нет в таблице");
    CHECK(std::string(Translate("x = (%.2f, %.2f)\nвыход сети = %.3f", Language::En)).find("network output") !=
          std::string::npos);
    Language l = Language::Ru;
    CHECK(ParseLanguage("en", l));
    CHECK(l == Language::En);
    CHECK_FALSE(ParseLanguage("de", l));
}

// The scan above sees only Tr("literal"). Core tables of display names hold Russian strings that
// views pass to Tr() at run time; they need English entries too.
TEST_CASE("display names from core tables have English entries", "[i18n]")
{
    const auto has_cyrillic = [](std::string_view s) {
        return std::any_of(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xFE) == 0xD0; });
    };
    std::vector<std::string_view> names;
    for (const RfPresetInfo& p : RfPresets()) {
        names.push_back(p.Title);
        names.push_back(p.Note);
    }
    for (const OptimPreset& p : OptimPresets()) {
        names.push_back(p.Title);
        names.push_back(p.Explanation);
    }
    for (int k = 0; k < static_cast<int>(SurfaceKind::Count); ++k) names.push_back(SurfaceLabel(static_cast<SurfaceKind>(k)));
    for (int k = 0; k < static_cast<int>(ScheduleKind::Count); ++k) names.push_back(ScheduleLabel(static_cast<ScheduleKind>(k)));
    int checked = 0;
    for (std::string_view ru : names) {
        if (!has_cyrillic(ru)) continue;
        INFO("display name: " << ru);
        CHECK(FindEnglish(ru) != nullptr);
        ++checked;
    }
    CHECK(checked > 20);
}

TEST_CASE("topic and section titles exist in both languages", "[i18n]")
{
    for (const TopicInfo& t : Topics()) {
        INFO(t.Id);
        CHECK_FALSE(t.TitleRu.empty());
        CHECK_FALSE(t.TitleEn.empty());
        CHECK(std::string(TopicTitle(t, Language::En)) == std::string(t.TitleEn));
        CHECK(std::string(TopicTitle(t, Language::Ru)) == std::string(t.TitleRu));
    }
    const auto& bank = BuiltinQuestions();
    REQUIRE(bank.Ok());
    for (const Section& s : bank->Sections) {
        INFO(s.Id);
        CHECK_FALSE(s.TitleRu.empty());
        CHECK_FALSE(s.TitleEn.empty());
    }
}

TEST_CASE("core messages are rendered in the language asked for", "[i18n]")
{
    GradflowConfig deep;
    deep.Depth = 0;
    GradflowConfig big;
    big.Depth = 100;
    big.Width = 256;
    big.Batch = 1024;
    auto notices = NmsNotices("iou=7&seed=abc", Language::En);
    REQUIRE(notices.size() == 2);
    CHECK(notices[0] == "iou=7: out of range, clamped to [0, 1]");
    CHECK(notices[1] == "seed=abc: not an integer, ignored");
    CHECK(GradflowError(deep, Language::En) == "field 'depth' = 0 is out of range [1, 100]");
    CHECK_THAT(GradflowError(big, Language::En), Catch::EndsWith("reduce 'batch' to at most 163"));
    notices = NmsNotices("iou=7&seed=abc", Language::Ru);
    REQUIRE(notices.size() == 2);
    CHECK(notices[0] == "iou=7: вне диапазона, ограничено отрезком [0, 1]");
    CHECK(notices[1] == "seed=abc: не целое число, пропущено");
    CHECK(GradflowError(deep, Language::Ru) == "поле 'depth' = 0 вне диапазона [1, 100]");
    CHECK_THAT(GradflowError(big, Language::Ru), Catch::EndsWith("уменьшите 'batch' до 163 или меньше"));
}

TEST_CASE("RenderMessage fills conversions by kind, nests messages and keeps context", "[i18n]")
{
    CHECK(RenderMessage(Msg("слой %d: %s", 3, "x"), Language::Ru) == "слой 3: x");
    CHECK(RenderMessage(Msg("%.2f%% и %5d", 0.125, 42), Language::Ru) == "0.12% и    42"); // %% and widths
    CHECK(RenderMessage(Msg("%d", 2.9), Language::Ru) == "2");                             // a real into %d
    CHECK(RenderMessage(Msg("%.1f", 7), Language::Ru) == "7.0");                           // an int into %f
    CHECK(RenderMessage(Msg("%zu, %lld", std::size_t(5), -7LL), Language::Ru) == "5, -7"); // length modifiers
    const Message inner = Msg("не целое число, пропущено");
    CHECK(RenderMessage(Msg("%s: %s", "k", inner), Language::En) == "k: not an integer, ignored");
    CHECK(RenderMessage(WithContext(inner, "seed=x"), Language::En) == "seed=x: not an integer, ignored");
    CHECK(RenderMessage(PlainMessage("as is"), Language::En) == "as is");
    CHECK(RenderMessage(Msg("%d %d", 1), Language::Ru) == "1 "); // a missing argument is empty
    CHECK(Message{}.Empty());
}

TEST_CASE("the CLI prints core messages in English", "[i18n][cli]")
{
    const CliResult r =
        RunCliCommand("gradflow", R"({"depth": 100, "width": 256, "batch": 1024, "activation": "relu", "init": "he_normal"})");
    CHECK(r.ExitCode == 2);
    const auto j = nlohmann::json::parse(r.Output);
    CHECK_THAT(j.at("error").get<std::string>(), Catch::EndsWith("reduce 'batch' to at most 163"));
}

TEST_CASE("Format fills in a translated format string of any length", "[i18n]")
{
    const std::string long_word(5000, 'x');
    CHECK(FormatString("%s|%d|%.2f", long_word.c_str(), 42, 0.5) == long_word + "|42|0.50");
    CHECK(FormatString("%s", "").empty());
}
