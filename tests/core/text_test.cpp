#include <catch2/catch.hpp>

#include "core/text.h"

using namespace mlviz;

TEST_CASE("FoldCase folds Latin, Cyrillic, Greek and ё", "[text]")
{
    CHECK(FoldCase("ReLU") == "relu");
    CHECK(FoldCase("РЕЦЕПТИВНОЕ Поле") == "рецептивное поле");
    CHECK(FoldCase("ЁЖ ёж") == "еж еж");
    CHECK(FoldCase("ΣΑΔ") == "σαδ");
    CHECK(FoldCase("Ärger É") == "ärger é");
    CHECK(FoldCase("Ђ Ї") == "ђ ї");
}

TEST_CASE("DecodeUtf8 survives invalid bytes", "[text]")
{
    const std::string bad = "a\xff\xd0"; // stray byte and a truncated 2-byte sequence
    std::size_t i = 0;
    CHECK(DecodeUtf8(bad, i) == U'a');
    CHECK(DecodeUtf8(bad, i) == 0xFFFD);
    CHECK(DecodeUtf8(bad, i) == 0xFFFD);
    CHECK(i == bad.size());
    CHECK(FoldCase(bad) == "a\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("MatchesQuery needs every word, folded", "[text]")
{
    CHECK(MatchesQuery("Что такое Рецептивное поле", "рецептивное"));
    CHECK(MatchesQuery("Что такое Рецептивное поле", "ПОЛЕ рецепт"));
    CHECK_FALSE(MatchesQuery("Что такое Рецептивное поле", "поле якорь"));
    CHECK(MatchesQuery("Batch Normalization", "  batch   "));
    CHECK(MatchesQuery("anything", ""));
    CHECK(MatchesQuery("Ёлка", "елка"));
}

// ---- foundation suite [found] ---------------------------------------------------

#include <random>
#include <set>
#include <utility>

namespace {

// Unicode simple case folding (Python's str.casefold(), one code point in and out) of every
// letter in the ranges the bundled font covers, plus the Russian search rule "ё" == "е".
// Produced once with: [(cp, ord(chr(cp).casefold())) for cp in ranges if it changes],
// ё/Ё -> е added by hand. Archaic/variant Greek (U+0370-0385, U+03CF-03FF), µ and ſ are
// left out: search does not need them.
constexpr std::pair<char32_t, char32_t> kCaseFold[] = {
    {0x41, 0x61},   {0x42, 0x62},   {0x43, 0x63},   {0x44, 0x64},   {0x45, 0x65},   {0x46, 0x66},   {0x47, 0x67},
    {0x48, 0x68},   {0x49, 0x69},   {0x4A, 0x6A},   {0x4B, 0x6B},   {0x4C, 0x6C},   {0x4D, 0x6D},   {0x4E, 0x6E},
    {0x4F, 0x6F},   {0x50, 0x70},   {0x51, 0x71},   {0x52, 0x72},   {0x53, 0x73},   {0x54, 0x74},   {0x55, 0x75},
    {0x56, 0x76},   {0x57, 0x77},   {0x58, 0x78},   {0x59, 0x79},   {0x5A, 0x7A},   {0xC0, 0xE0},   {0xC1, 0xE1},
    {0xC2, 0xE2},   {0xC3, 0xE3},   {0xC4, 0xE4},   {0xC5, 0xE5},   {0xC6, 0xE6},   {0xC7, 0xE7},   {0xC8, 0xE8},
    {0xC9, 0xE9},   {0xCA, 0xEA},   {0xCB, 0xEB},   {0xCC, 0xEC},   {0xCD, 0xED},   {0xCE, 0xEE},   {0xCF, 0xEF},
    {0xD0, 0xF0},   {0xD1, 0xF1},   {0xD2, 0xF2},   {0xD3, 0xF3},   {0xD4, 0xF4},   {0xD5, 0xF5},   {0xD6, 0xF6},
    {0xD8, 0xF8},   {0xD9, 0xF9},   {0xDA, 0xFA},   {0xDB, 0xFB},   {0xDC, 0xFC},   {0xDD, 0xFD},   {0xDE, 0xFE},
    {0x100, 0x101}, {0x102, 0x103}, {0x104, 0x105}, {0x106, 0x107}, {0x108, 0x109}, {0x10A, 0x10B}, {0x10C, 0x10D},
    {0x10E, 0x10F}, {0x110, 0x111}, {0x112, 0x113}, {0x114, 0x115}, {0x116, 0x117}, {0x118, 0x119}, {0x11A, 0x11B},
    {0x11C, 0x11D}, {0x11E, 0x11F}, {0x120, 0x121}, {0x122, 0x123}, {0x124, 0x125}, {0x126, 0x127}, {0x128, 0x129},
    {0x12A, 0x12B}, {0x12C, 0x12D}, {0x12E, 0x12F}, {0x132, 0x133}, {0x134, 0x135}, {0x136, 0x137}, {0x139, 0x13A},
    {0x13B, 0x13C}, {0x13D, 0x13E}, {0x13F, 0x140}, {0x141, 0x142}, {0x143, 0x144}, {0x145, 0x146}, {0x147, 0x148},
    {0x14A, 0x14B}, {0x14C, 0x14D}, {0x14E, 0x14F}, {0x150, 0x151}, {0x152, 0x153}, {0x154, 0x155}, {0x156, 0x157},
    {0x158, 0x159}, {0x15A, 0x15B}, {0x15C, 0x15D}, {0x15E, 0x15F}, {0x160, 0x161}, {0x162, 0x163}, {0x164, 0x165},
    {0x166, 0x167}, {0x168, 0x169}, {0x16A, 0x16B}, {0x16C, 0x16D}, {0x16E, 0x16F}, {0x170, 0x171}, {0x172, 0x173},
    {0x174, 0x175}, {0x176, 0x177}, {0x178, 0xFF},  {0x179, 0x17A}, {0x17B, 0x17C}, {0x17D, 0x17E}, {0x386, 0x3AC},
    {0x388, 0x3AD}, {0x389, 0x3AE}, {0x38A, 0x3AF}, {0x38C, 0x3CC}, {0x38E, 0x3CD}, {0x38F, 0x3CE}, {0x391, 0x3B1},
    {0x392, 0x3B2}, {0x393, 0x3B3}, {0x394, 0x3B4}, {0x395, 0x3B5}, {0x396, 0x3B6}, {0x397, 0x3B7}, {0x398, 0x3B8},
    {0x399, 0x3B9}, {0x39A, 0x3BA}, {0x39B, 0x3BB}, {0x39C, 0x3BC}, {0x39D, 0x3BD}, {0x39E, 0x3BE}, {0x39F, 0x3BF},
    {0x3A0, 0x3C0}, {0x3A1, 0x3C1}, {0x3A3, 0x3C3}, {0x3A4, 0x3C4}, {0x3A5, 0x3C5}, {0x3A6, 0x3C6}, {0x3A7, 0x3C7},
    {0x3A8, 0x3C8}, {0x3A9, 0x3C9}, {0x3AA, 0x3CA}, {0x3AB, 0x3CB}, {0x3C2, 0x3C3}, {0x400, 0x450}, {0x401, 0x435},
    {0x402, 0x452}, {0x403, 0x453}, {0x404, 0x454}, {0x405, 0x455}, {0x406, 0x456}, {0x407, 0x457}, {0x408, 0x458},
    {0x409, 0x459}, {0x40A, 0x45A}, {0x40B, 0x45B}, {0x40C, 0x45C}, {0x40D, 0x45D}, {0x40E, 0x45E}, {0x40F, 0x45F},
    {0x410, 0x430}, {0x411, 0x431}, {0x412, 0x432}, {0x413, 0x433}, {0x414, 0x434}, {0x415, 0x435}, {0x416, 0x436},
    {0x417, 0x437}, {0x418, 0x438}, {0x419, 0x439}, {0x41A, 0x43A}, {0x41B, 0x43B}, {0x41C, 0x43C}, {0x41D, 0x43D},
    {0x41E, 0x43E}, {0x41F, 0x43F}, {0x420, 0x440}, {0x421, 0x441}, {0x422, 0x442}, {0x423, 0x443}, {0x424, 0x444},
    {0x425, 0x445}, {0x426, 0x446}, {0x427, 0x447}, {0x428, 0x448}, {0x429, 0x449}, {0x42A, 0x44A}, {0x42B, 0x44B},
    {0x42C, 0x44C}, {0x42D, 0x44D}, {0x42E, 0x44E}, {0x42F, 0x44F}, {0x451, 0x435},
};

bool SkippedInFoldTable(char32_t cp)
{
    // Left out of the table above (see its comment), or folding to several code points.
    return cp == 0xB5 || cp == 0xDF || cp == 0x130 || cp == 0x149 || cp == 0x17F || (cp >= 0x370 && cp <= 0x385) || cp == 0x390 ||
        cp == 0x3B0 || (cp >= 0x3CF && cp <= 0x3FF);
}

std::string Utf8(char32_t cp)
{
    std::string s;
    AppendUtf8(s, cp);
    return s;
}

} // namespace

TEST_CASE("FoldCodePoint agrees with Unicode case folding on every letter the font covers", "[found][text]")
{
    std::set<char32_t> mapped;
    for (const auto& [from, to] : kCaseFold) {
        INFO("U+" << std::hex << static_cast<unsigned>(from) << " " << Utf8(from));
        CHECK(static_cast<unsigned>(FoldCodePoint(from)) == static_cast<unsigned>(to));
        mapped.insert(from);
    }
    const std::pair<char32_t, char32_t> ranges[] = {{0x20, 0x17F}, {0x370, 0x3FF}, {0x400, 0x45F}};
    for (const auto& [lo, hi] : ranges)
        for (char32_t cp = lo; cp <= hi; ++cp) {
            if (mapped.count(cp) || SkippedInFoldTable(cp)) continue;
            INFO("U+" << std::hex << static_cast<unsigned>(cp) << " " << Utf8(cp) << " has no case: must stay");
            CHECK(static_cast<unsigned>(FoldCodePoint(cp)) == static_cast<unsigned>(cp));
        }
}

TEST_CASE("FoldCase is idempotent and leaves non-letters alone", "[found][text]")
{
    const std::string samples[] = {"Что такое Рецептивное поле? ЁЖИК, Ёлка, ёлка",
                                   "ΑΒΓΔ αβγδ Σίσυφος ΣΊΣΥΦΟΣ",
                                   "ReLU(x) = max(0, x) ∇L ≤ 1 ∑ →",
                                   "日本語 😀 emoji and CJK are kept",
                                   "digits 0123456789 !@#$%^&*()_+-=[]{};':\",./<>?",
                                   ""};
    for (const std::string& s : samples) {
        const std::string once = FoldCase(s);
        CHECK(FoldCase(once) == once);
    }
    CHECK(FoldCase("日本語 😀") == "日本語 😀");
    CHECK(FoldCase("0123 !?,. ∇≤∑→") == "0123 !?,. ∇≤∑→");
    CHECK(FoldCase("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ") == "абвгдеежзийклмнопрстуфхцчшщъыьэюя");
    CHECK(FoldCase("ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ") == "αβγδεζηθικλμνξοπρστυφχψω");
    CHECK(FoldCase("ς") == "σ"); // final sigma: "ΟΔΟΣ" and "οδος" must find each other
}

TEST_CASE("DecodeUtf8 and AppendUtf8 round-trip every scalar value and reject bad forms", "[found][text]")
{
    for (char32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x3000 ? 1 : 97)) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        const std::string s = Utf8(cp);
        const std::size_t expected_len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        REQUIRE(s.size() == expected_len);
        std::size_t i = 0;
        REQUIRE(static_cast<unsigned>(DecodeUtf8(s, i)) == static_cast<unsigned>(cp));
        REQUIRE(i == s.size());
    }
    // Overlong forms, surrogates, beyond U+10FFFF, and truncated sequences: U+FFFD, one byte.
    const std::string bad[] = {"\xC0\xAF",
                               "\xC1\xBF",
                               "\xE0\x80\xAF",
                               "\xED\xA0\x80",
                               "\xF0\x80\x80\xAF",
                               "\xF4\x90\x80\x80",
                               "\xF8\x88\x80\x80\x80",
                               "\xE2\x82",
                               "\xF0\x9F\x98",
                               "\x80"};
    for (const std::string& s : bad) {
        std::size_t i = 0;
        CHECK(static_cast<unsigned>(DecodeUtf8(s, i)) == 0xFFFDu);
        CHECK(i == 1);
    }
}

TEST_CASE("FoldCase turns arbitrary bytes into valid UTF-8 (seeded fuzz)", "[found][text]")
{
    std::mt19937 rng(20240601u);
    for (int round = 0; round < 2000; ++round) {
        std::string s(rng() % 40, '\0');
        for (char& c : s) {
            // Bias towards UTF-8 lead and continuation bytes, where decoders go wrong.
            const unsigned r = rng() % 4;
            c = static_cast<char>(r == 0 ? 0x80 + rng() % 0x40 : r == 1 ? 0xC0 + rng() % 0x40 : rng() % 256);
        }
        const std::string folded = FoldCase(s);
        // Re-decoding the output must never yield an error replacement that was not there.
        std::size_t i = 0, replacements_in = 0, replacements_out = 0;
        while (i < s.size()) replacements_in += DecodeUtf8(s, i) == 0xFFFD;
        i = 0;
        std::string reencoded;
        while (i < folded.size()) {
            const char32_t cp = DecodeUtf8(folded, i);
            replacements_out += cp == 0xFFFD;
            AppendUtf8(reencoded, cp);
        }
        REQUIRE(reencoded == folded);
        REQUIRE(replacements_out == replacements_in);
        CHECK(MatchesQuery(s, s)); // any text matches itself
    }
}

TEST_CASE("MatchesQuery: mixed scripts, word order, ё/е both ways", "[found][text]")
{
    const std::string text = "Чем Leaky ReLU отличается от обычной ReLU и в каких случаях её лучше использовать?";
    CHECK(MatchesQuery(text, "leaky relu"));
    CHECK(MatchesQuery(text, "ОТЛИЧАЕТСЯ leaky"));
    CHECK(MatchesQuery(text, "ее"));
    CHECK(MatchesQuery(text, "ЕЁ"));
    CHECK(MatchesQuery("Что такое 'мертвые' нейроны", "мёртвые"));
    CHECK(MatchesQuery("Коэффициент β в Swish", "Β swish"));
    CHECK_FALSE(MatchesQuery(text, "leaky gelu"));
    CHECK_FALSE(MatchesQuery(text, "relux"));
    CHECK(MatchesQuery(text, "\t relu \n"));
    // ImGuiTextFilter would fail here: it folds ASCII only, so "РЕЛУ" != "релу".
    CHECK(MatchesQuery("функция релу", "РЕЛУ"));
    CHECK(MatchesFoldedText(FoldCase(text), "LEAKY"));
    CHECK_FALSE(MatchesFoldedText(text, "LEAKY")); // unfolded haystack: the caller's contract
}
