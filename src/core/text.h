// UTF-8 helpers for search: case folding that covers Cyrillic and Greek
// (ImGuiTextFilter folds ASCII only), and folded substring search.
#pragma once
#include <string>
#include <string_view>

namespace mlviz {

// Decodes one code point at s[i] and advances i; invalid bytes yield U+FFFD and advance by one.
char32_t DecodeUtf8(std::string_view s, std::size_t& i);
void AppendUtf8(std::string& out, char32_t cp);

// Simple lower-case folding for Latin (incl. Latin-1 and Latin Extended-A), Greek and Cyrillic;
// also folds "ё" to "е", which Russian readers treat as the same letter in search.
char32_t FoldCodePoint(char32_t cp);
std::string FoldCase(std::string_view utf8);

// True when every whitespace-separated word of `query` occurs in `text`, compared folded.
bool MatchesQuery(std::string_view text, std::string_view query);
// Same, with `folded_text` already passed through FoldCase (cache it: folding is the cost).
bool MatchesFoldedText(std::string_view folded_text, std::string_view query);

} // namespace mlviz
