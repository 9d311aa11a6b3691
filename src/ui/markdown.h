// Draws a parsed Markdown document with ImGui: wrapped paragraphs, headings, lists,
// inline bold/italic/code/links, and tables as ImGui tables.
#pragma once
#include <string>

#include "ui/markdown_doc.h"

namespace mlviz {

// Renders into the current window at the full available width. Returns the href of a link
// clicked this frame, or an empty string.
std::string RenderMarkdown(const MdDocument& doc);

// Inserts line breaks so that `text` fits `wrap_width` with the current font (for the
// selectable, read-only text box).
std::string WrapForWidth(const std::string& text, float wrap_width);

} // namespace mlviz
