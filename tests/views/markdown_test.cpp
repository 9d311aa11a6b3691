// Markdown -> blocks (md4c): lists, emphasis, code, hard breaks, tables, and every seed answer.
#include <catch2/catch.hpp>

#include <string>

#include "core/questions.h"
#include "ui/markdown_doc.h"

using namespace mlviz;

namespace {

std::string RunsText(const std::vector<MdRun>& runs)
{
    std::string s;
    for (const MdRun& r : runs) s += r.Text;
    return s;
}

const MdRun* FindRun(const MdDocument& doc, const std::string& text)
{
    for (const MdBlock& b : doc.Blocks) {
        for (const MdRun& r : b.Runs)
            if (r.Text == text) return &r;
        for (const auto& cell : b.Cells)
            for (const MdRun& r : cell)
                if (r.Text == text) return &r;
    }
    return nullptr;
}

} // namespace

TEST_CASE("ParseMarkdown: paragraphs and headings", "[found][markdown]")
{
    const MdDocument d = ParseMarkdown("# Title\n\nFirst line\nsame paragraph.\n\nSecond.\n");
    REQUIRE(d.Ok);
    REQUIRE(d.Blocks.size() == 3);
    CHECK(d.Blocks[0].Type == MdBlock::Kind::Heading);
    CHECK(d.Blocks[0].Level == 1);
    CHECK(RunsText(d.Blocks[0].Runs) == "Title");
    CHECK(d.Blocks[1].Type == MdBlock::Kind::Paragraph);
    CHECK(RunsText(d.Blocks[1].Runs) == "First line same paragraph."); // soft break -> space
    CHECK(RunsText(d.Blocks[2].Runs) == "Second.");
    CHECK(MarkdownPlainText(d) == "Title\n\nFirst line same paragraph.\n\nSecond.");
}

TEST_CASE("ParseMarkdown: bold, italic, code, links", "[found][markdown]")
{
    const MdDocument d = ParseMarkdown("a **bold** and *it* and `x = 1` and ***both*** [link](#q=47)");
    REQUIRE(d.Blocks.size() == 1);
    const MdRun* bold = FindRun(d, "bold");
    REQUIRE(bold);
    CHECK(bold->Style == MdBold);
    const MdRun* it = FindRun(d, "it");
    REQUIRE(it);
    CHECK(it->Style == MdItalic);
    const MdRun* code = FindRun(d, "x = 1");
    REQUIRE(code);
    CHECK(code->Style == MdCode);
    const MdRun* both = FindRun(d, "both");
    REQUIRE(both);
    CHECK(both->Style == (MdBold | MdItalic));
    const MdRun* link = FindRun(d, "link");
    REQUIRE(link);
    CHECK((link->Style & MdLink) != 0);
    CHECK(link->Href == "#q=47");
    CHECK(RunsText(d.Blocks[0].Runs) == "a bold and it and x = 1 and both link");
    CHECK(FindRun(d, "a ")->Style == MdPlain);
}

TEST_CASE("ParseMarkdown: hard breaks", "[found][markdown]")
{
    const MdDocument d = ParseMarkdown("one  \ntwo\\\nthree **four**  \nfive");
    REQUIRE(d.Blocks.size() == 1);
    // A hard break is a "\n" in the runs (alone, or ending the run before it); a soft break is a space.
    CHECK(RunsText(d.Blocks[0].Runs) == "one\ntwo\nthree four\nfive");
    const MdRun* four = FindRun(d, "four");
    REQUIRE(four);
    CHECK(four->Style == MdBold);
    CHECK(RunsText(ParseMarkdown("soft\nbreak").Blocks[0].Runs) == "soft break");
}

TEST_CASE("ParseMarkdown: bullet and numbered lists, nesting", "[found][markdown]")
{
    const MdDocument d = ParseMarkdown("- a\n- b\n  - b1\n\n3. x\n4. y\n");
    std::vector<std::pair<std::string, std::string>> items; // bullet, text
    std::vector<int> indents;
    for (const MdBlock& b : d.Blocks) {
        items.emplace_back(b.Bullet, RunsText(b.Runs));
        indents.push_back(b.Indent);
    }
    REQUIRE(items.size() == 5);
    CHECK(items[0] == std::make_pair(std::string("•"), std::string("a")));
    CHECK(items[1] == std::make_pair(std::string("•"), std::string("b")));
    CHECK(items[2] == std::make_pair(std::string("•"), std::string("b1")));
    CHECK(items[3] == std::make_pair(std::string("3."), std::string("x"))); // the list's own start number
    CHECK(items[4] == std::make_pair(std::string("4."), std::string("y")));
    CHECK(indents == std::vector<int>{1, 1, 2, 1, 1});
    CHECK(MarkdownPlainText(d) == "• a\n• b\n  • b1\n3. x\n4. y");
}

TEST_CASE("ParseMarkdown: tables with a header row and cells", "[found][markdown]")
{
    const MdDocument d = ParseMarkdown("| Метод | IoU |\n|---|:-:|\n| **NMS** | 0.5 |\n| Soft-NMS | `0.3` |\n\nafter\n");
    std::vector<const MdBlock*> rows;
    for (const MdBlock& b : d.Blocks)
        if (b.Type == MdBlock::Kind::TableRow) rows.push_back(&b);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0]->TableHeader);
    CHECK_FALSE(rows[1]->TableHeader);
    CHECK_FALSE(rows[2]->TableHeader);
    CHECK(rows[0]->TableId == rows[2]->TableId);
    REQUIRE(rows[0]->Cells.size() == 2);
    CHECK(RunsText(rows[0]->Cells[0]) == "Метод");
    CHECK(RunsText(rows[1]->Cells[0]) == "NMS");
    CHECK(rows[1]->Cells[0][0].Style == MdBold);
    CHECK(RunsText(rows[2]->Cells[1]) == "0.3");
    CHECK(rows[2]->Cells[1][0].Style == MdCode);
    CHECK(d.Blocks.back().Type == MdBlock::Kind::Paragraph);
    CHECK(RunsText(d.Blocks.back().Runs) == "after");
    // A second table gets its own id.
    const MdDocument two = ParseMarkdown("| a | b |\n|---|---|\n| 1 | 2 |\n\ntext\n\n| c | d |\n|---|---|\n| 3 | 4 |\n");
    std::vector<int> ids;
    for (const MdBlock& b : two.Blocks)
        if (b.Type == MdBlock::Kind::TableRow) ids.push_back(b.TableId);
    REQUIRE(ids.size() == 4);
    CHECK(ids[0] == ids[1]);
    CHECK(ids[2] == ids[3]);
    CHECK(ids[0] != ids[2]);
}

TEST_CASE("ParseMarkdown: code blocks, rules, raw HTML stays text", "[found][markdown]")
{
    const MdDocument d = ParseMarkdown("```\nint x = 1;\n```\n\n---\n\n<b>not html</b>\n");
    REQUIRE(d.Blocks.size() >= 3);
    CHECK(d.Blocks[0].Type == MdBlock::Kind::CodeBlock);
    CHECK(RunsText(d.Blocks[0].Runs) == "int x = 1;\n");
    CHECK(d.Blocks[1].Type == MdBlock::Kind::Rule);
    CHECK(RunsText(d.Blocks.back().Runs) == "<b>not html</b>");
}

TEST_CASE("ParseMarkdown: odd input never fails", "[found][markdown]")
{
    for (const char* s : {"", "\n\n\n", "*", "**", "`", "|", "| a |\n", "- ", "1.", "[x](", "![img](a.png)", "\\", "#######",
                          "<script>", "&amp; &#1093;", "a\0b"}) {
        INFO(s);
        const MdDocument d = ParseMarkdown(s);
        CHECK(d.Ok);
        (void)MarkdownPlainText(d);
    }
    const MdDocument nul = ParseMarkdown(std::string_view("a\0b", 3));
    CHECK(nul.Ok);
    CHECK(MarkdownPlainText(nul).find("\xEF\xBF\xBD") != std::string::npos); // NUL -> U+FFFD
}

TEST_CASE("ParseMarkdown on every answer (seed text and mlviz answers)", "[found][markdown]")
{
    const auto& bank = BuiltinQuestions();
    REQUIRE(bank.Ok());
    int tables = 0, seed_lists = 0;
    for (const Question& q : bank->Questions) {
        INFO("question " << q.Id);
        const MdDocument d = ParseMarkdown(FullAnswer(q));
        CHECK(d.Ok);
        const std::string plain = MarkdownPlainText(d);
        if (q.AnswerPending) {
            CHECK(plain.empty());
            continue;
        }
        CHECK(plain.size() > 20);
        // Markdown markers are consumed, the picture references are gone.
        CHECK(plain.find("**") == std::string::npos);
        CHECK(plain.find("![") == std::string::npos);
        CHECK(plain.find("](") == std::string::npos);
        for (const MdBlock& b : d.Blocks) tables += b.Type == MdBlock::Kind::TableRow && b.TableHeader;
        for (const MdBlock& b : ParseMarkdown(DisplayAnswer(q.Answer)).Blocks) seed_lists += !b.Bullet.empty();
    }
    // The seed has 27 list items (lines starting with '- ', '* ' or 'N. '): a parser that drops lists is caught.
    CHECK(seed_lists >= 27);
    WARN("answers: " << tables << " tables; seed: " << seed_lists << " list items");
}
