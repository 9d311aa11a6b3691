// Core messages as text in tests: Russian by default, like the interface.
#pragma once
#include <string>
#include <vector>

#include "core/message.h"

namespace mlviz {

inline std::string Text(const Message& m, Language lang = Language::Ru)
{
    return RenderMessage(m, lang);
}

inline std::vector<std::string> Texts(const std::vector<Message>& v, Language lang = Language::Ru)
{
    std::vector<std::string> out;
    for (const Message& m : v) out.push_back(RenderMessage(m, lang));
    return out;
}

} // namespace mlviz
