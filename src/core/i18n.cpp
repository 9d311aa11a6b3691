#include "core/i18n.h"

#include <cstdarg>
#include <cstdio>
#include <string>
#include <unordered_map>

#include "core/assets.h"

namespace mlviz {

namespace {

struct Table {
    std::unordered_map<std::string, std::string> English;

    Table()
    {
        // The app's table and one per topic or shared core (src/**/strings_en.tsv), all embedded.
        for (const EmbeddedFile& f : TextAssets()) {
            const std::string_view name = f.Name;
            if (name == "assets/i18n/ui_en.tsv" || (name.starts_with("src/") && name.ends_with("/strings_en.tsv")))
                Load(std::string_view(reinterpret_cast<const char*>(f.Data), f.Size));
        }
    }

    void Load(std::string_view text)
    {
        std::size_t pos = 0;
        while (pos < text.size()) {
            std::size_t end = text.find('\n', pos);
            if (end == std::string_view::npos) end = text.size();
            const std::string_view line = text.substr(pos, end - pos);
            pos = end + 1;
            if (line.empty() || line[0] == '#') continue;
            const std::size_t tab = line.find('\t');
            if (tab == std::string_view::npos) continue;
            English.emplace(Unescape(line.substr(0, tab)), Unescape(line.substr(tab + 1)));
        }
    }

    // "\n" and "\t" in the table stand for a newline and a tab.
    static std::string Unescape(std::string_view s)
    {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == 'n' || s[i + 1] == 't')) {
                out += s[i + 1] == 'n' ? '\n' : '\t';
                ++i;
            } else {
                out += s[i];
            }
        }
        return out;
    }
};

const Table& Strings()
{
    static const Table table;
    return table;
}

} // namespace

bool ParseLanguage(std::string_view code, Language& out)
{
    if (code == "ru") {
        out = Language::Ru;
        return true;
    }
    if (code == "en") {
        out = Language::En;
        return true;
    }
    return false;
}

const char* FindEnglish(std::string_view ru)
{
    const auto& map = Strings().English;
    const auto it = map.find(std::string(ru));
    return it == map.end() ? nullptr : it->second.c_str();
}

const char* LanguageCode(Language lang)
{
    return lang == Language::En ? "en" : "ru";
}

const char* Translate(const char* ru, Language lang)
{
    if (lang == Language::Ru || !ru) return ru;
    const char* en = FindEnglish(ru);
    return en ? en : ru;
}

std::string FormatString(const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    va_list again;
    va_copy(again, args);
    const int n = std::vsnprintf(nullptr, 0, fmt, args);
    va_end(args);
    std::string out;
    if (n > 0) {
        out.resize(static_cast<std::size_t>(n) + 1);
        std::vsnprintf(out.data(), out.size(), fmt, again);
        out.resize(static_cast<std::size_t>(n));
    }
    va_end(again);
    return out;
}

std::size_t TranslationCount()
{
    return Strings().English.size();
}

} // namespace mlviz
