#include "core/text.h"

namespace mlviz {

char32_t DecodeUtf8(std::string_view s, std::size_t& i)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    auto cont = [&](std::size_t k) -> int {
        if (i + k >= s.size()) return -1;
        const auto b = static_cast<unsigned char>(s[i + k]);
        return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
    };
    if (b0 < 0x80) {
        i += 1;
        return b0;
    }
    if ((b0 & 0xE0) == 0xC0) {
        const int c1 = cont(1);
        if (c1 >= 0 && b0 >= 0xC2) {
            i += 2;
            return char32_t(((b0 & 0x1F) << 6) | c1);
        }
    } else if ((b0 & 0xF0) == 0xE0) {
        const int c1 = cont(1), c2 = c1 >= 0 ? cont(2) : -1;
        if (c2 >= 0) {
            const char32_t cp = char32_t(((b0 & 0x0F) << 12) | (c1 << 6) | c2);
            if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
                i += 3;
                return cp;
            }
        }
    } else if ((b0 & 0xF8) == 0xF0) {
        const int c1 = cont(1), c2 = c1 >= 0 ? cont(2) : -1, c3 = c2 >= 0 ? cont(3) : -1;
        if (c3 >= 0) {
            const char32_t cp = char32_t(((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3);
            if (cp >= 0x10000 && cp <= 0x10FFFF) {
                i += 4;
                return cp;
            }
        }
    }
    i += 1;
    return 0xFFFD;
}

void AppendUtf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

char32_t FoldCodePoint(char32_t cp)
{
    if (cp >= U'A' && cp <= U'Z') return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32; // Latin-1 À..Þ
    // Latin Extended-A: case pairs (upper, lower) start on even code points, except in
    // U+0139-0148 and U+0179-017E where they start on odd ones; ĸ (U+0138) and ŉ (U+0149) have
    // no case, Ÿ (U+0178) pairs with ÿ (U+00FF), ſ (U+017F) folds to s; İ/ı are left alone.
    if (cp == 0x178) return 0xFF;
    if (cp == 0x17F) return U's';
    if (cp >= 0x100 && cp <= 0x17E && cp != 0x130 && cp != 0x131 && cp != 0x138 && cp != 0x149) {
        const bool odd_upper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
        if (odd_upper) return (cp % 2 == 1) ? cp + 1 : cp;
        return (cp % 2 == 0) ? cp + 1 : cp;
    }
    switch (cp) { // Greek capitals with tonos
    case 0x386: return 0x3AC;
    case 0x388: return 0x3AD;
    case 0x389: return 0x3AE;
    case 0x38A: return 0x3AF;
    case 0x38C: return 0x3CC;
    case 0x38E: return 0x3CD;
    case 0x38F: return 0x3CE;
    default: break;
    }
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32; // Greek Α..Ϋ
    if (cp == 0x3C2) return 0x3C3;                                 // final sigma
    if (cp >= 0x410 && cp <= 0x42F) return cp + 32;                // Cyrillic А..Я
    if (cp >= 0x400 && cp <= 0x40F) cp += 80;                      // Ѐ..Џ -> ѐ..џ
    if (cp == 0x451) return 0x435;                                 // ё -> е
    return cp;
}

std::string FoldCase(std::string_view utf8)
{
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) AppendUtf8(out, FoldCodePoint(DecodeUtf8(utf8, i)));
    return out;
}

bool MatchesQuery(std::string_view text, std::string_view query)
{
    return MatchesFoldedText(FoldCase(text), query);
}

bool MatchesFoldedText(std::string_view hay, std::string_view query)
{
    const std::string q = FoldCase(query);
    std::size_t pos = 0;
    while (pos < q.size()) {
        const std::size_t start = q.find_first_not_of(" \t\r\n", pos);
        if (start == std::string::npos) break;
        std::size_t end = q.find_first_of(" \t\r\n", start);
        if (end == std::string::npos) end = q.size();
        if (hay.find(q.substr(start, end - start)) == std::string::npos) return false;
        pos = end;
    }
    return true;
}

} // namespace mlviz
