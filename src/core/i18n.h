// Languages and the translation table, without any notion of a "current" language (that is UI
// state, ui/tr.h). Every UI string is written in Russian inside Tr("...") (ui) or Msg("...")
// (core/message.h); the Russian text is the key into assets/i18n/ui_en.tsv and the topics'
// src/topics/<id>/core/strings_en.tsv files (Russian<TAB>English). tests/core/i18n_test.cpp scans the
// sources and fails on any string without an English entry, or whose printf conversions differ
// between the two languages. Question texts are content, not UI strings.
#pragma once
#include <string>
#include <string_view>

namespace mlviz {

enum class Language { Ru, En };

// "ru" / "en"; false for anything else.
bool ParseLanguage(std::string_view code, Language& out);
const char* LanguageCode(Language lang);

// `ru` in `lang`: itself for Russian, its English entry for English (falling back to `ru` if a
// translation is missing). The result lives as long as the program.
const char* Translate(const char* ru, Language lang);

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
