#include "ui/markdown_doc.h"

#include <md4c.h>

namespace mlviz {

namespace {

struct ListState {
    bool Ordered = false;
    unsigned Next = 1;
};

struct Builder {
    MdDocument Doc;
    std::vector<ListState> Lists;
    std::string PendingBullet; // set by LI, consumed by the item's first block
    std::uint8_t Style = MdPlain;
    std::string Href;
    MdBlock* Current = nullptr; // block receiving text, or null
    bool InTable = false, InHead = false;
    int Tables = 0;

    MdBlock& Open(MdBlock::Kind kind)
    {
        MdBlock b;
        b.Type = kind;
        b.Indent = static_cast<int>(Lists.size());
        b.Bullet = std::move(PendingBullet);
        PendingBullet.clear();
        Doc.Blocks.push_back(std::move(b));
        Current = &Doc.Blocks.back();
        return *Current;
    }

    std::vector<MdRun>* Target()
    {
        if (!Current) return nullptr;
        if (Current->Type == MdBlock::Kind::TableRow) return Current->Cells.empty() ? nullptr : &Current->Cells.back();
        return &Current->Runs;
    }

    void AddText(std::string_view text, std::uint8_t style)
    {
        // Text outside any block (e.g. a tight list item's bare text) opens a paragraph.
        if (!Current) Open(MdBlock::Kind::Paragraph);
        std::vector<MdRun>* runs = Target();
        if (!runs) return;
        if (!runs->empty() && runs->back().Style == style && runs->back().Href == Href && runs->back().Text != "\n")
            runs->back().Text.append(text);
        else
            runs->push_back({std::string(text), style, (style & MdLink) ? Href : std::string()});
    }
};

int EnterBlock(MD_BLOCKTYPE type, void* detail, void* user)
{
    auto& b = *static_cast<Builder*>(user);
    switch (type) {
    case MD_BLOCK_UL: b.Lists.push_back({false, 1}); break;
    case MD_BLOCK_OL: b.Lists.push_back({true, static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start}); break;
    case MD_BLOCK_LI:
        if (!b.Lists.empty()) {
            ListState& l = b.Lists.back();
            b.PendingBullet = l.Ordered ? std::to_string(l.Next++) + "." : "•";
        }
        b.Current = nullptr;
        break;
    case MD_BLOCK_P: b.Open(MdBlock::Kind::Paragraph); break;
    case MD_BLOCK_H:
        b.Open(MdBlock::Kind::Heading).Level = static_cast<int>(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level);
        break;
    case MD_BLOCK_CODE: b.Open(MdBlock::Kind::CodeBlock); break;
    case MD_BLOCK_HR:
        b.Open(MdBlock::Kind::Rule);
        b.Current = nullptr;
        break;
    case MD_BLOCK_TABLE:
        b.InTable = true;
        ++b.Tables;
        break;
    case MD_BLOCK_THEAD: b.InHead = true; break;
    case MD_BLOCK_TBODY: b.InHead = false; break;
    case MD_BLOCK_TR: {
        MdBlock& row = b.Open(MdBlock::Kind::TableRow);
        row.TableHeader = b.InHead;
        row.TableId = b.Tables;
        break;
    }
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        if (b.Current && b.Current->Type == MdBlock::Kind::TableRow) b.Current->Cells.emplace_back();
        break;
    default: break;
    }
    return 0;
}

int LeaveBlock(MD_BLOCKTYPE type, void*, void* user)
{
    auto& b = *static_cast<Builder*>(user);
    switch (type) {
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        if (!b.Lists.empty()) b.Lists.pop_back();
        b.Current = nullptr;
        break;
    case MD_BLOCK_TABLE:
        b.InTable = false;
        b.Current = nullptr;
        break;
    case MD_BLOCK_P:
    case MD_BLOCK_H:
    case MD_BLOCK_CODE:
    case MD_BLOCK_TR:
    case MD_BLOCK_LI: b.Current = nullptr; break;
    default: break;
    }
    return 0;
}

std::uint8_t SpanStyle(MD_SPANTYPE type)
{
    switch (type) {
    case MD_SPAN_STRONG: return MdBold;
    case MD_SPAN_EM: return MdItalic;
    case MD_SPAN_CODE: return MdCode;
    case MD_SPAN_A: return MdLink;
    default: return MdPlain;
    }
}

int EnterSpan(MD_SPANTYPE type, void* detail, void* user)
{
    auto& b = *static_cast<Builder*>(user);
    b.Style |= SpanStyle(type);
    if (type == MD_SPAN_A) {
        const MD_ATTRIBUTE& href = static_cast<MD_SPAN_A_DETAIL*>(detail)->href;
        b.Href.assign(href.text, href.size);
    }
    return 0;
}

int LeaveSpan(MD_SPANTYPE type, void*, void* user)
{
    auto& b = *static_cast<Builder*>(user);
    b.Style &= static_cast<std::uint8_t>(~SpanStyle(type));
    return 0;
}

int Text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* user)
{
    auto& b = *static_cast<Builder*>(user);
    switch (type) {
    case MD_TEXT_BR: b.AddText("\n", MdPlain); break;
    case MD_TEXT_SOFTBR: b.AddText(" ", b.Style); break;
    case MD_TEXT_NULLCHAR: b.AddText("\xEF\xBF\xBD", b.Style); break;
    default: b.AddText(std::string_view(text, size), b.Style); break;
    }
    return 0;
}

} // namespace

MdDocument ParseMarkdown(std::string_view text)
{
    Builder b;
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_NOHTML;
    parser.enter_block = EnterBlock;
    parser.leave_block = LeaveBlock;
    parser.enter_span = EnterSpan;
    parser.leave_span = LeaveSpan;
    parser.text = Text;
    const int rc = md_parse(text.data(), static_cast<MD_SIZE>(text.size()), &parser, &b);
    if (rc != 0) {
        MdDocument raw;
        raw.Ok = false;
        MdBlock p;
        p.Runs.push_back({std::string(text), MdPlain, {}});
        raw.Blocks.push_back(std::move(p));
        return raw;
    }
    return std::move(b.Doc);
}

std::string MarkdownPlainText(const MdDocument& doc)
{
    std::string out;
    auto runs_text = [](const std::vector<MdRun>& runs) {
        std::string s;
        for (const MdRun& r : runs) s += r.Text;
        return s;
    };
    for (const MdBlock& b : doc.Blocks) {
        if (!out.empty()) out += (b.Type == MdBlock::Kind::TableRow || !b.Bullet.empty()) ? "\n" : "\n\n";
        out.append(static_cast<std::size_t>(b.Indent > 0 ? (b.Indent - 1) * 2 : 0), ' ');
        if (!b.Bullet.empty()) out += b.Bullet + " ";
        if (b.Type == MdBlock::Kind::Rule) out += "---";
        if (b.Type == MdBlock::Kind::TableRow) {
            for (std::size_t c = 0; c < b.Cells.size(); ++c) out += (c ? " | " : "| ") + runs_text(b.Cells[c]);
            out += " |";
        }
        out += runs_text(b.Runs);
    }
    return out;
}

} // namespace mlviz
