#include "core/message.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace mlviz {

namespace {

// Formats one argument with one printf conversion spec (e.g. "%.3g", "%5d", "%s").
std::string FormatOne(const std::string& spec, char conv, const MessageArg& a, Language lang)
{
    if (a.Type == MessageArg::Kind::Nested) {
        const std::string text = a.Nested.empty() ? std::string() : RenderMessage(a.Nested.front(), lang);
        if (spec == "%s") return text;
        char buf[512];
        const int n = std::snprintf(buf, sizeof buf, spec.c_str(), text.c_str());
        return n < 0 ? std::string() : std::string(buf, static_cast<std::size_t>(std::min<int>(n, sizeof buf - 1)));
    }
    char buf[512];
    int n = 0;
    switch (conv) {
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
    case 'c': {
        long long v = a.Type == MessageArg::Kind::Real ? static_cast<long long>(a.Real) : a.Int;
        std::string s = spec;
        s.insert(s.size() - 1, "ll"); // "%5d" -> "%5lld"
        if (conv == 'c') {
            s = spec;
            n = std::snprintf(buf, sizeof buf, s.c_str(), static_cast<int>(v));
        } else
            n = std::snprintf(buf, sizeof buf, s.c_str(), v);
        break;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A': {
        const double v = a.Type == MessageArg::Kind::Int ? static_cast<double>(a.Int) : a.Real;
        n = std::snprintf(buf, sizeof buf, spec.c_str(), v);
        break;
    }
    default: { // 's' and anything unexpected: text
        std::string text = a.Text;
        if (a.Type == MessageArg::Kind::Int) text = std::to_string(a.Int);
        if (a.Type == MessageArg::Kind::Real) {
            std::snprintf(buf, sizeof buf, "%g", a.Real);
            text = buf;
        }
        if (spec == "%s") return text;
        n = std::snprintf(buf, sizeof buf, spec.c_str(), text.c_str());
        break;
    }
    }
    if (n < 0) return {};
    return std::string(buf, static_cast<std::size_t>(std::min<int>(n, static_cast<int>(sizeof buf) - 1)));
}

} // namespace

std::string RenderMessage(const Message& m, Language lang)
{
    if (m.Key.empty()) return m.Context;
    const char* fmt = m.Key.c_str();
    if (lang == Language::En)
        if (const char* en = FindEnglish(m.Key)) fmt = en;
    std::string out;
    std::size_t next = 0;
    for (const char* p = fmt; *p; ++p) {
        if (*p != '%') {
            out += *p;
            continue;
        }
        if (p[1] == '%') {
            out += '%';
            ++p;
            continue;
        }
        // A conversion: flags, width, precision, length, then the conversion character.
        const char* start = p++;
        while (*p && std::string_view("-+ #0123456789.hlLqjzt").find(*p) != std::string_view::npos) ++p;
        if (!*p) {
            out.append(start);
            break;
        }
        std::string spec(start, p + 1);
        std::erase_if(spec,
                      [](char c) { return c == 'h' || c == 'l' || c == 'L' || c == 'q' || c == 'j' || c == 'z' || c == 't'; });
        if (next < m.Args.size()) out += FormatOne(spec, *p, m.Args[next++], lang);
    }
    if (m.Context.empty()) return out;
    return m.Key.empty() ? m.Context : m.Context + ": " + out;
}

Message WithContext(Message m, std::string context)
{
    m.Context = m.Context.empty() ? std::move(context) : context + ": " + m.Context;
    return m;
}

} // namespace mlviz
