#include "ui/markdown.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "imgui.h"
#include "ui/theme.h"

namespace mlviz {

namespace {

ImU32 RunColor(std::uint8_t style)
{
    if (style & MdLink) return AccentColor();
    if (style & MdCode) return ImGui::GetColorU32(ImVec4(0.95f, 0.70f, 0.45f, 1.0f));
    if (style & MdItalic) return ImGui::GetColorU32(ImGuiCol_Text, 0.80f);
    return ImGui::GetColorU32(ImGuiCol_Text);
}

// Lays out runs word by word between x0 and x0 + width starting at the cursor; advances the
// cursor past the text. Bold is drawn twice with a sub-pixel offset (one font file only).
std::string LayoutRuns(const std::vector<MdRun>& runs, float x0, float width, float scale_heading)
{
    std::string clicked;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize() * scale_heading;
    const float line_h = size + ImGui::GetStyle().ItemSpacing.y * 0.5f;
    const ImVec2 start = ImGui::GetCursorScreenPos();
    // A table column has no width yet on its first frame (NaN): lay out at a nominal width
    // rather than feed NaN into ImGui's layout.
    if (!std::isfinite(width)) width = size * 20.0f;
    if (!std::isfinite(x0)) x0 = start.x;
    float x = x0, y = start.y;
    const float right = x0 + std::max(width, size * 4.0f);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hovered_window = ImGui::IsWindowHovered();

    for (const MdRun& run : runs) {
        if (run.Text == "\n") {
            x = x0;
            y += line_h;
            continue;
        }
        const ImU32 col = RunColor(run.Style);
        const char* p = run.Text.c_str();
        const char* end = p + run.Text.size();
        while (p < end) {
            if (*p == '\n') {
                x = x0;
                y += line_h;
                ++p;
                continue;
            } // inside code blocks
            // One word plus its trailing spaces.
            const char* w = p;
            while (w < end && *w != ' ' && *w != '\n') ++w;
            while (w < end && *w == ' ') ++w;
            ImVec2 sz = font->CalcTextSizeA(size, FLT_MAX, 0.0f, p, w);
            ImVec2 word_only = font->CalcTextSizeA(size, FLT_MAX, 0.0f, p, w - (w > p && w[-1] == ' ' ? 1 : 0));
            if (x + word_only.x > right && x > x0) {
                x = x0;
                y += line_h;
            }
            if (word_only.x > right - x0) {
                // A word wider than the whole line (narrow table cells): break it between
                // characters rather than spill into the next column.
                const char* cut = p;
                while (cut < w) {
                    const char* next = cut + 1;
                    while (next < w && (static_cast<unsigned char>(*next) & 0xC0) == 0x80) ++next;
                    if (cut > p && font->CalcTextSizeA(size, FLT_MAX, 0.0f, p, next).x > right - x0) break;
                    cut = next;
                }
                w = cut;
                sz = word_only = font->CalcTextSizeA(size, FLT_MAX, 0.0f, p, w);
            }
            const ImVec2 pos(x, y);
            if (run.Style & MdCode)
                dl->AddRectFilled(ImVec2(x - 1, y), ImVec2(x + word_only.x + 1, y + size), ImGui::GetColorU32(ImGuiCol_FrameBg));
            dl->AddText(font, size, pos, col, p, w);
            if (run.Style & MdBold) dl->AddText(font, size, ImVec2(x + 0.6f, y), col, p, w);
            if (run.Style & MdLink) {
                dl->AddLine(ImVec2(x, y + size), ImVec2(x + word_only.x, y + size), col);
                if (hovered_window && mouse.x >= x && mouse.x < x + sz.x && mouse.y >= y && mouse.y < y + size) {
                    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
                    if (ImGui::IsMouseClicked(0)) clicked = run.Href;
                }
            }
            x += sz.x;
            p = w;
        }
    }
    const float height = (y - start.y) + size;
    ImGui::SetCursorScreenPos(start);
    ImGui::Dummy(ImVec2(std::max(1.0f, right - start.x), height));
    return clicked;
}

void RenderTable(const std::vector<MdBlock>& blocks, std::size_t& i, std::string& clicked)
{
    const int id = blocks[i].TableId;
    std::size_t cols = 0;
    for (std::size_t k = i; k < blocks.size() && blocks[k].TableId == id; ++k) cols = std::max(cols, blocks[k].Cells.size());
    if (cols == 0 || cols > 64) {
        ++i;
        return;
    }
    ImGui::PushID(static_cast<int>(i));
    // StretchSame, not StretchProp: with no measured content on the first frame, ImGui 1.90
    // divides by a zero total weight and NaN reaches the window layout (found by UBSan).
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchSame;
    if (ImGui::BeginTable("md_table", static_cast<int>(cols), flags)) {
        for (; i < blocks.size() && blocks[i].TableId == id; ++i) {
            const MdBlock& row = blocks[i];
            ImGui::TableNextRow(row.TableHeader ? ImGuiTableRowFlags_Headers : 0);
            for (std::size_t c = 0; c < cols; ++c) {
                ImGui::TableSetColumnIndex(static_cast<int>(c));
                if (c >= row.Cells.size()) continue;
                std::vector<MdRun> cell = row.Cells[c];
                if (row.TableHeader)
                    for (MdRun& r : cell) r.Style |= MdBold;
                const float x0 = ImGui::GetCursorScreenPos().x;
                std::string h = LayoutRuns(cell, x0, ImGui::GetContentRegionAvail().x, 1.0f);
                if (!h.empty()) clicked = h;
            }
        }
        ImGui::EndTable();
    } else {
        while (i < blocks.size() && blocks[i].TableId == id) ++i;
    }
    ImGui::PopID();
}

} // namespace

std::string RenderMarkdown(const MdDocument& doc)
{
    std::string clicked;
    const float font = ImGui::GetFontSize();
    for (std::size_t i = 0; i < doc.Blocks.size();) {
        const MdBlock& b = doc.Blocks[i];
        if (b.Type == MdBlock::Kind::TableRow) {
            RenderTable(doc.Blocks, i, clicked);
            ImGui::Spacing();
            continue;
        }
        const float indent = font * 1.3f * static_cast<float>(b.Indent);
        const float left = ImGui::GetCursorScreenPos().x;
        const float width = ImGui::GetContentRegionAvail().x;
        switch (b.Type) {
        case MdBlock::Kind::Rule: ImGui::Separator(); break;
        case MdBlock::Kind::Heading: {
            const float scale = b.Level <= 1 ? 1.3f : b.Level == 2 ? 1.15f : 1.05f;
            std::vector<MdRun> runs = b.Runs;
            for (MdRun& r : runs) r.Style |= MdBold;
            std::string h = LayoutRuns(runs, left, width, scale);
            if (!h.empty()) clicked = h;
            break;
        }
        default: {
            float x0 = left + indent;
            if (!b.Bullet.empty()) {
                const float bw = ImGui::CalcTextSize(b.Bullet.c_str()).x;
                const ImVec2 pos = ImGui::GetCursorScreenPos();
                ImGui::GetWindowDrawList()->AddText(ImVec2(x0 - bw - font * 0.35f, pos.y),
                                                    ImGui::GetColorU32(ImGuiCol_TextDisabled), b.Bullet.c_str());
            }
            if (b.Indent == 0 && !b.Bullet.empty()) x0 += font * 1.1f;
            std::vector<MdRun> code_runs;
            const std::vector<MdRun>* runs = &b.Runs;
            if (b.Type == MdBlock::Kind::CodeBlock) {
                code_runs = b.Runs;
                for (MdRun& r : code_runs) r.Style |= MdCode;
                runs = &code_runs;
            }
            std::string h = LayoutRuns(*runs, x0, left + width - x0, 1.0f);
            if (!h.empty()) clicked = h;
            break;
        }
        }
        ImGui::Dummy(ImVec2(0.0f, font * 0.25f));
        ++i;
    }
    return clicked;
}

std::string WrapForWidth(const std::string& text, float wrap_width)
{
    std::string out;
    ImFont* font = ImGui::GetFont();
    const float size = ImGui::GetFontSize();
    const float scale = size / font->FontSize;
    const char* p = text.c_str();
    const char* end = p + text.size();
    while (p < end) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
        const char* line_end = nl ? nl : end;
        if (p == line_end) {
            out += '\n';
            p = line_end + 1;
            continue;
        }
        while (p < line_end) {
            const char* brk = font->CalcWordWrapPositionA(scale, p, line_end, wrap_width);
            if (brk <= p) brk = p + 1;
            out.append(p, brk);
            p = brk;
            while (p < line_end && *p == ' ') ++p;
            out += '\n';
        }
        p = line_end + (nl ? 1 : 0);
    }
    return out;
}

} // namespace mlviz
