// A user-facing message made in a core: a Russian printf format (the translation key into
// assets/i18n/ui_en.tsv) plus its arguments, rendered later in the interface language by the
// UI (ui/tr.h) or in English by the CLI. Cores never format text in a language themselves, so
// their results do not depend on any UI state.
#pragma once
#include <string>
#include <type_traits>
#include <vector>

#include "core/i18n.h"

namespace mlviz {

struct Message;

struct MessageArg {
    enum class Kind { Int, Real, Text, Nested } Type = Kind::Int;
    long long Int = 0;
    double Real = 0.0;
    std::string Text;            // Kind::Text: used as is (names, numbers as text, user input)
    std::vector<Message> Nested; // Kind::Nested: one message, rendered in the same language
};

struct Message {
    std::string Key;              // Russian printf format; empty = no message
    std::vector<MessageArg> Args; // one per conversion in Key, in order
    std::string Context;          // untranslated prefix, e.g. "iou=7" for a link notice

    bool Empty() const { return Key.empty() && Context.empty(); }
};

inline MessageArg MakeMessageArg(const std::string& v)
{
    return {MessageArg::Kind::Text, 0, 0.0, v, {}};
}
inline MessageArg MakeMessageArg(const char* v)
{
    return {MessageArg::Kind::Text, 0, 0.0, v ? v : "", {}};
}
inline MessageArg MakeMessageArg(std::string_view v)
{
    return {MessageArg::Kind::Text, 0, 0.0, std::string(v), {}};
}
inline MessageArg MakeMessageArg(const Message& m)
{
    return {MessageArg::Kind::Nested, 0, 0.0, {}, {m}};
}
template <typename T>
requires std::is_arithmetic_v<T> MessageArg MakeMessageArg(T v)
{
    if constexpr (std::is_floating_point_v<T>)
        return {MessageArg::Kind::Real, 0, static_cast<double>(v), {}, {}};
    else
        return {MessageArg::Kind::Int, static_cast<long long>(v), 0.0, {}, {}};
}

// Msg("слой %d: %s", n, why): the key is scanned by tests/core/i18n_test.cpp like Tr("...").
// An argument may itself be a Message (rendered in the same language), e.g. a reason.
template <typename... A>
Message Msg(const char* key_ru, const A&... args)
{
    return Message{key_ru, {MakeMessageArg(args)...}, {}};
}

// The message in `lang`: its key translated (falling back to the Russian key), each printf
// conversion filled from Args by kind (%d/%i/%u/%x/%c from Int, %f/%e/%g/%a from Real, %s from
// Text or a nested Message; a mismatched kind is converted), "%%" becomes "%". Context, if any,
// leads: "ctx: text". A key with no Cyrillic letter is used as is (e.g. "%s: %s").
std::string RenderMessage(const Message& m, Language lang);

// Text that is not translated (data, or messages of a loader that runs before any language is
// chosen): rendered as is in every language.
inline Message PlainMessage(std::string text)
{
    return Message{{}, {}, std::move(text)};
}

// Prefixes `m` with an untranslated context ("iou=7", "boxes[3]"): "context: message".
Message WithContext(Message m, std::string context);

// A key marked for translation where a core keeps UI text in a table (labels, preset names):
// the view passes it through Tr(). Expands to the string itself; the i18n test scans for it.
#define MLVIZ_TR_KEY(ru) ru

} // namespace mlviz
