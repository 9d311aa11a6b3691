#include "core/deeplink.h"

#include <charconv>

#include "core/message.h"
#include "core/topics.h"

namespace mlviz {

namespace {

int HexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace

std::string PercentDecode(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
            continue;
        }
        if (s[i] == '%' && i + 2 < s.size()) {
            const int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += char(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

std::string PercentEncode(std::string_view s)
{
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~' || c == ',';
        if (plain) {
            out += char(c);
            continue;
        }
        out += '%';
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    return out;
}

KeyValues ParseKeyValues(std::string_view text)
{
    KeyValues kv;
    if (!text.empty() && (text[0] == '#' || text[0] == '?')) text.remove_prefix(1);
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('&', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view piece = text.substr(pos, end - pos);
        if (!piece.empty()) {
            const std::size_t eq = piece.find('=');
            if (eq == std::string_view::npos)
                kv.emplace_back(PercentDecode(piece), std::string());
            else
                kv.emplace_back(PercentDecode(piece.substr(0, eq)), PercentDecode(piece.substr(eq + 1)));
        }
        pos = end + 1;
    }
    return kv;
}

std::string EncodeKeyValues(const KeyValues& kv)
{
    std::string out;
    for (const auto& [k, v] : kv) {
        if (!out.empty()) out += '&';
        out += PercentEncode(k);
        out += '=';
        out += PercentEncode(v);
    }
    return out;
}

const std::string* FindValue(const KeyValues& kv, std::string_view key)
{
    for (const auto& [k, v] : kv)
        if (k == key) return &v;
    return nullptr;
}

DeepLink ParseDeepLink(std::string_view fragment, int question_count)
{
    DeepLink link;
    const KeyValues kv = ParseKeyValues(fragment);
    if (const std::string* q = FindValue(kv, "q")) {
        int id = 0;
        const auto [p, ec] = std::from_chars(q->data(), q->data() + q->size(), id);
        if (ec == std::errc() && p == q->data() + q->size() && id >= 1 && id <= question_count)
            link.Question = id;
        else
            link.Notices.push_back(Msg("q=%s: нет такого вопроса (есть 1-%d)", *q, question_count));
    }
    if (const std::string* t = FindValue(kv, "topic")) {
        if (FindTopic(*t))
            link.Topic = *t;
        else
            link.Notices.push_back(Msg("topic=%s: нет такой темы", *t));
    }
    if (link.Question && link.Topic.empty()) {
        const auto topics = TopicsForQuestion(*link.Question);
        if (!topics.empty()) link.Topic = std::string(topics.front()->Id);
    }
    if (!link.Question && !link.Topic.empty()) {
        const TopicInfo* t = FindTopic(link.Topic);
        if (!t->Questions.empty()) link.Question = t->Questions.front();
    }
    return link;
}

std::string DeepLinkFragment(const DeepLink& link)
{
    KeyValues kv;
    if (link.Question) kv.emplace_back("q", std::to_string(*link.Question));
    if (!link.Topic.empty()) kv.emplace_back("topic", link.Topic);
    return EncodeKeyValues(kv);
}

} // namespace mlviz
