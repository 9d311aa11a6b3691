// A small XML reader for OpenCV FileStorage files (cascades): elements, attributes, text,
// comments, <?...?> and <!...> declarations, the five predefined entities and numeric character
// references. No namespaces, no DTD processing. Bad input is a Message, never a crash.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace mlviz {

struct XmlNode {
    std::string Name;
    std::vector<std::pair<std::string, std::string>> Attributes;
    std::string Text; // character data directly inside, concatenated
    std::vector<XmlNode> Children;

    // First child element with this name, or null.
    const XmlNode* Child(std::string_view name) const;
    const std::string* Attribute(std::string_view name) const;
};

inline constexpr std::size_t kXmlMaxBytes = 64u << 20;
inline constexpr int kXmlMaxDepth = 64;
inline constexpr std::size_t kXmlMaxNodes = 4'000'000;

// The document's root element.
Result<XmlNode> ParseXml(std::string_view text);

} // namespace mlviz
