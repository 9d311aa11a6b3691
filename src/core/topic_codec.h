// A topic's state codec: its field table (core/state_codec.h) plus the topic's own rules, behind
// one typed interface (StateCodec<S>) that the view's glue (ui/topic_view_base.h) uses, and the
// same with the type erased (TopicCodec) that the registry row names, so that `mlviz-cli state`,
// the fuzzer and the tests reach every topic's codec through the registry alone.
//
// Decode always starts from the topic's defaults: keys a link leaves out are defaults, never what
// was on screen. It then applies the topic's rules (clamping through the field table, ranges that
// depend on other fields, "a link opens paused"), so every caller gets the same state.
#pragma once
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/deeplink.h"
#include "core/message.h"
#include "core/state_codec.h"

namespace mlviz {

template <typename S>
struct StateCodec {
    const StateSchema<S>& (*Schema)() = nullptr;
    // Decodes `kv` over the topic's defaults into `out`; one notice per ignored or clamped value.
    std::vector<Message> (*Decode)(const KeyValues& kv, S& out) = nullptr;
    // The canonical, shortest text of `s` (only what differs from the defaults).
    std::string (*Encode)(const S& s) = nullptr;
};

// The plain rule most topics need: decode the fields over S{}, clamp every field into its range.
template <typename S, const StateSchema<S>& (*SchemaFn)()>
std::vector<Message> DecodeFromDefaults(const KeyValues& kv, S& out)
{
    S s;
    std::vector<Message> notices = SchemaFn().Decode(kv, s);
    SchemaFn().Clamp(s);
    out = s;
    return notices;
}

template <typename S, const StateSchema<S>& (*SchemaFn)()>
std::string EncodeAgainstDefaults(const S& s)
{
    return SchemaFn().Encode(s, S());
}

struct TopicStateText {
    bool Known = false;           // the topic id has a codec
    std::string Fragment;         // canonical: only what differs from the defaults
    std::vector<Message> Notices; // one per ignored or clamped value
};

// One field of a topic's table, without its type.
struct TopicFieldInfo {
    std::string Key;
    FieldKind Kind = FieldKind::Custom;
    double Lo = 0.0, Hi = 0.0;
    FieldUi Ui;
};

struct TopicCodec {
    // Decodes `fragment` (keys of other topics and the app's own keys are ignored) and encodes
    // the result again: the canonical link and the notices.
    std::function<TopicStateText(std::string_view fragment)> Canonical;
    // The numeric value a fragment leaves in field `key` after decoding (NaN for unknown keys).
    std::function<double(std::string_view fragment, std::string_view key)> DecodedNumber;
    // Every field's text after decoding `fragment` (key, text), in table order: the fuzzer
    // checks that each number in them is finite and written canonically.
    std::function<KeyValues(std::string_view fragment)> FieldTexts;
    std::vector<TopicFieldInfo> Fields;
};

template <typename S>
TopicCodec EraseCodec(const StateCodec<S>& c)
{
    TopicCodec t;
    t.Canonical = [c](std::string_view fragment) {
        S s;
        TopicStateText out;
        out.Known = true;
        out.Notices = c.Decode(ParseKeyValues(fragment), s);
        out.Fragment = c.Encode(s);
        return out;
    };
    t.DecodedNumber = [c](std::string_view fragment, std::string_view key) {
        S s;
        c.Decode(ParseKeyValues(fragment), s);
        const auto* f = c.Schema().Find(key);
        return f && f->GetNumber ? f->GetNumber(s) : std::numeric_limits<double>::quiet_NaN();
    };
    t.FieldTexts = [c](std::string_view fragment) {
        S s;
        c.Decode(ParseKeyValues(fragment), s);
        KeyValues out;
        for (const auto& f : c.Schema().AllFields()) out.emplace_back(f.Key, f.Get(s));
        return out;
    };
    for (const auto& f : c.Schema().AllFields()) t.Fields.push_back({f.Key, f.Kind, f.Lo, f.Hi, f.Ui});
    return t;
}

// Defines `const TopicCodec& Name()`, the codec a registry row names, from a typed codec.
#define MLVIZ_DEFINE_TOPIC_CODEC(Name, typed_codec)                                                                              \
    const TopicCodec& Name()                                                                                                     \
    {                                                                                                                            \
        static const TopicCodec codec = EraseCodec(typed_codec);                                                                 \
        return codec;                                                                                                            \
    }

} // namespace mlviz
