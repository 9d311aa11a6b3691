#include "ui/tr.h"

namespace mlviz {

namespace {

Language g_language = Language::Ru; // app-wide, like ImGui's style: one reader at a time

} // namespace

void SetLanguage(Language lang)
{
    g_language = lang;
}
Language CurrentLanguage()
{
    return g_language;
}
const char* Tr(const char* ru)
{
    return Translate(ru, g_language);
}
std::string Tr(const Message& m)
{
    return RenderMessage(m, g_language);
}

} // namespace mlviz
