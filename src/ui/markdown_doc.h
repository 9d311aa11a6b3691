// Markdown -> a flat list of blocks with styled text runs, parsed by md4c (CommonMark +
// tables). Parsed once per text; src/ui/markdown.cpp lays it out with ImGui each frame.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlviz {

enum MdStyle : std::uint8_t { MdPlain = 0, MdBold = 1, MdItalic = 2, MdCode = 4, MdLink = 8 };

struct MdRun {
    std::string Text; // UTF-8; "\n" alone is a hard line break
    std::uint8_t Style = MdPlain;
    std::string Href; // for MdLink
};

struct MdBlock {
    enum class Kind { Paragraph, Heading, CodeBlock, Rule, TableRow };
    Kind Type = Kind::Paragraph;
    int Level = 0;      // heading level 1-6
    int Indent = 0;     // list nesting depth
    std::string Bullet; // "•", "1.", ... on the first block of a list item
    bool TableHeader = false;
    int TableId = -1;                      // rows of one table share an id
    std::vector<std::vector<MdRun>> Cells; // TableRow: one run list per cell
    std::vector<MdRun> Runs;               // everything else
};

struct MdDocument {
    std::vector<MdBlock> Blocks;
    bool Ok = true; // false if md4c rejected the input (then Blocks hold the raw text)
};

MdDocument ParseMarkdown(std::string_view text);

// Plain text of a document (for copying and for selectable text), paragraphs separated by
// blank lines, list bullets kept.
std::string MarkdownPlainText(const MdDocument& doc);

} // namespace mlviz
