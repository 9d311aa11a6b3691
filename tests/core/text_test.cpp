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
    const std::string bad = "a\xff\xd0";   // stray byte and a truncated 2-byte sequence
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
