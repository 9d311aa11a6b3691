// Every Russian key of the segmentation topic (Msg / Tr / MLVIZ_TR_KEY literals under
// src/topics/segmentation) has an English entry with the same printf conversions; the same scan
// as tests/core/i18n_test.cpp, limited to this topic so it runs with MLVIZ_ONLY_TOPIC.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/i18n.h"
#include "core/message.h"
#include "topics/segmentation/core/scene.h"

using namespace mlviz;

namespace {

std::set<std::string> TopicKeys()
{
    std::set<std::string> out;
    const std::regex comment(R"(//[^\n]*)");
    const std::regex key(R"re(\b(?:Tr|Msg|MLVIZ_TR_KEY)\(\s*"((?:[^"\\\n]|\\.)*)"\s*[,)])re");
    for (const auto& e :
         std::filesystem::recursive_directory_iterator(std::string(MLVIZ_SOURCE_DIR) + "/src/topics/segmentation")) {
        if (e.path().extension() != ".cpp" && e.path().extension() != ".h") continue;
        std::ifstream f(e.path());
        std::stringstream ss;
        ss << f.rdbuf();
        const std::string text = std::regex_replace(ss.str(), comment, "");
        for (std::sregex_iterator it(text.begin(), text.end(), key), end; it != end; ++it) {
            // Escapes as the compiler reads them (\n, \", \\), as tests/core/i18n_test.cpp does.
            const std::string raw = (*it)[1];
            std::string s;
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] == '\\' && i + 1 < raw.size()) {
                    const char c = raw[++i];
                    s += c == 'n' ? '\n' : c == 't' ? '\t' : c;
                } else {
                    s += raw[i];
                }
            }
            if (std::any_of(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xFE) == 0xD0; }))
                out.insert(s);
        }
    }
    return out;
}

std::vector<std::string> Conversions(const std::string& s)
{
    std::vector<std::string> out;
    const std::regex conv(R"(%[-+ #0]*\*?\d*(?:\.\*?\d+)?(?:hh|h|ll|l|L|z|j|t)?[diouxXeEfFgGaAcsp%])");
    for (std::sregex_iterator it(s.begin(), s.end(), conv), end; it != end; ++it)
        if (it->str() != "%%") out.push_back(it->str());
    return out;
}

} // namespace

TEST_CASE("segmentation strings: every key has an English entry with the same conversions", "[segmentation]")
{
    const auto keys = TopicKeys();
    REQUIRE(keys.size() > 30);
    for (const std::string& ru : keys) {
        INFO("key: " << ru);
        const char* en = FindEnglish(ru);
        REQUIRE(en != nullptr);
        CHECK(Conversions(ru) == Conversions(en));
    }
    CHECK(RenderMessage(Msg("поле '%s' должно быть в [%d, %d]", "morph", -3, 3), Language::En) ==
          "field 'morph' must be in [-3, 3]");
    CHECK(std::string(FindEnglish(SegClassInfoOf(kSegPerson).Name)) == "person");
}
