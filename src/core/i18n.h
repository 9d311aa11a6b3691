// Interface language. Every UI string, and every core message a user may see (errors, link
// notices), is written in Russian inside Tr("..."); the Russian text is the key into
// assets/i18n/ui_en.tsv (Russian<TAB>English). tests/core/i18n_test.cpp scans
// the sources for Tr("...") and fails on any string without an English entry, or whose printf
// conversions differ between the two languages. Question texts are content, not UI strings.
#pragma once
#include <string>
#include <string_view>

namespace mlviz {

enum class Language { Ru, En };

void SetLanguage(Language lang);
Language CurrentLanguage();
// "ru" / "en"; false for anything else.
bool ParseLanguage(std::string_view code, Language& out);

// The string in the current language: `ru` itself in Russian mode, its English entry in
// English mode (falling back to `ru` if a translation is missing). The result lives as long
// as the program (safe to keep, safe to pass to ImGui).
const char* Tr(const char* ru);

// printf into a std::string. Messages with numbers are translated whole, as format strings:
// FormatString(Tr("слой %d: %s"), n, why.c_str()); both languages take the same conversions
// in the same order (the i18n test checks it), so one argument list serves both.
std::string FormatString(const char* fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

// The English entry for `ru`, or null (for tests).
const char* FindEnglish(std::string_view ru);
std::size_t TranslationCount();

} // namespace mlviz
