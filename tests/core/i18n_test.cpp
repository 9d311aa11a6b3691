#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/i18n.h"
#include "core/questions.h"
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

// Every Tr("...") literal in src/, comments removed, escapes \" and \n decoded.
std::set<std::string> SourceStrings()
{
    std::set<std::string> out;
    const std::regex comment(R"(//[^\n]*)");
    const std::regex tr(R"re(\bTr\(\s*"((?:[^"\\\n]|\\.)*)"\s*\))re");
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
            out.insert(decoded);
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

} // namespace

TEST_CASE("every UI string has an English entry with the same printf conversions", "[i18n]")
{
    const auto strings = SourceStrings();
    REQUIRE(strings.size() > 20);   // the scan itself works
    for (const std::string& ru : strings) {
        INFO("UI string: " << ru);
        const char* en = FindEnglish(ru);
        CHECK(en != nullptr);
        if (!en) continue;
        CHECK(std::string(en).size() > 0);
        CHECK(Conversions(ru) == Conversions(en));
    }
}

TEST_CASE("Tr follows the language; missing entries fall back to Russian", "[i18n]")
{
    SetLanguage(Language::Ru);
    CHECK(std::string(Tr("Поделиться")) == "Поделиться");
    SetLanguage(Language::En);
    CHECK(std::string(Tr("Поделиться")) == "Share");
    CHECK(std::string(Tr("строка, которой нет в таблице")) == "строка, которой нет в таблице");
    CHECK(std::string(Tr("x = (%.2f, %.2f)\nвыход сети = %.3f")).find("network output") != std::string::npos);
    SetLanguage(Language::Ru);
    Language l = Language::Ru;
    CHECK(ParseLanguage("en", l));
    CHECK(l == Language::En);
    CHECK_FALSE(ParseLanguage("de", l));
}

TEST_CASE("topic and section titles exist in both languages", "[i18n]")
{
    for (const TopicInfo& t : Topics()) {
        INFO(t.Id);
        CHECK_FALSE(t.TitleRu.empty());
        CHECK_FALSE(t.TitleEn.empty());
        SetLanguage(Language::En);
        CHECK(std::string(TopicTitle(t)) == std::string(t.TitleEn));
        SetLanguage(Language::Ru);
        CHECK(std::string(TopicTitle(t)) == std::string(t.TitleRu));
    }
    const auto& bank = BuiltinQuestions();
    REQUIRE(bank.Ok());
    for (const Section& s : bank->Sections) {
        INFO(s.Id);
        CHECK_FALSE(s.TitleRu.empty());
        CHECK_FALSE(s.TitleEn.empty());
    }
}
