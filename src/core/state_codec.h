// Topic state <-> URL fragment ("iou=0.45&seed=7&step=12"). Each topic describes its state
// struct once as a StateSchema; encoding writes only fields that differ from the defaults (short
// links), decoding ignores unknown keys and clamps or rejects bad values with a notice per key.
// Shared by the web page (URL), the desktop app (--state) and tests.
#pragma once
#include <cmath>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/deeplink.h"
#include "core/message.h"

namespace mlviz {

// How a numeric field is shown: the slider's label (a Russian key, translated by the view), its
// printf format and scale. The range itself is the field's, so the slider, the codec's clamp and
// the CLI's limit are always the same numbers (ui/controls.h, cli/cli_json.h).
struct FieldUi {
    const char* Label = nullptr;  // Russian key; null: the view draws this field itself
    const char* Format = nullptr; // slider format ("%.2f"); null: "%d" / "%.3g"
    bool Log = false;             // logarithmic slider
};

enum class FieldKind { Int, Real, Bool, Enum, Custom };

// The table of one topic's state fields. Each field has a URL key, a member (reached through a
// reference-returning lambda), and for numbers a range [Lo, Hi] and its UI; the table drives the
// URL codec (Encode/Decode), the clamping (Clamp: out of range -> nearest end, non-finite ->
// default), the sliders (ui/controls.h) and the CLI readers (cli/cli_json.h ReadStateField).
template <typename S>
class StateSchema {
public:
    struct Field {
        std::string Key;
        FieldKind Kind = FieldKind::Custom;
        double Lo = 0.0, Hi = 0.0; // Int and Real; Enum: 0 .. names - 1
        FieldUi Ui;
        std::vector<std::string> Names; // Enum: URL names, index = value
        // Text form of the field's value in `s`, canonical (so equal values encode equally).
        std::function<std::string(const S&)> Get;
        // Parses `text` into `s`; returns an empty message, or a notice (the value was clamped or
        // rejected: in that case the field keeps a valid value).
        std::function<Message(S&, std::string_view)> Set;
        // Int, Real, Bool and Enum: the value as a number, and back (no clamping).
        std::function<double(const S&)> GetNumber;
        std::function<void(S&, double)> SetNumber;
    };

    StateSchema& Add(Field f)
    {
        Fields.push_back(std::move(f));
        return *this;
    }
    // A field with its own text form (lists, compound values): only the codec sees it.
    StateSchema& Custom(std::string key, std::function<std::string(const S&)> get,
                        std::function<Message(S&, std::string_view)> set)
    {
        Field f;
        f.Key = std::move(key);
        f.Get = std::move(get);
        f.Set = std::move(set);
        return Add(std::move(f));
    }

    // Integer member (or any int-valued lvalue reached through `ref`), clamped to [lo, hi].
    template <typename Ref>
    StateSchema& Int(std::string key, Ref ref, long long lo, long long hi, FieldUi ui = {});
    // Floating-point value, clamped to [lo, hi]; written with the shortest text that reads back
    // to the same float/double.
    template <typename Ref>
    StateSchema& Real(std::string key, Ref ref, double lo, double hi, FieldUi ui = {});
    template <typename Ref>
    StateSchema& Bool(std::string key, Ref ref, FieldUi ui = {});
    // An enum (or int) stored as one of `names` (index = value).
    template <typename Ref>
    StateSchema& Enum(std::string key, Ref ref, std::vector<std::string> names, FieldUi ui = {});

    std::string Encode(const S& state, const S& defaults) const
    {
        KeyValues kv;
        for (const Field& f : Fields) {
            std::string v = f.Get(state);
            if (v != f.Get(defaults)) kv.emplace_back(f.Key, std::move(v));
        }
        return EncodeKeyValues(kv);
    }

    // Applies every known key of `kv` to `state`; unknown keys are ignored silently (they may
    // belong to the app: topic, q, embed, ...). Returns one notice per rejected/clamped value.
    std::vector<Message> Decode(const KeyValues& kv, S& state) const
    {
        std::vector<Message> notices;
        for (const auto& [key, value] : kv)
            for (const Field& f : Fields)
                if (f.Key == key) {
                    Message n = f.Set(state, value);
                    if (!n.Empty()) notices.push_back(WithContext(std::move(n), key + "=" + value));
                }
        return notices;
    }

    // Every numeric field into its range, whatever wrote it (a widget, a test, typed-in text):
    // non-finite values become the default's, the others the nearest end of [Lo, Hi].
    void Clamp(S& state) const
    {
        static const S defaults{};
        for (const Field& f : Fields) {
            if (f.Kind == FieldKind::Custom || f.Kind == FieldKind::Bool) continue;
            double v = f.GetNumber(state);
            if (!std::isfinite(v)) v = f.GetNumber(defaults);
            const double c = v < f.Lo ? f.Lo : (v > f.Hi ? f.Hi : v);
            if (c != f.GetNumber(state)) f.SetNumber(state, c);
        }
    }

    const Field* Find(std::string_view key) const
    {
        for (const Field& f : Fields)
            if (f.Key == key) return &f;
        return nullptr;
    }
    std::span<const Field> AllFields() const { return Fields; }

private:
    std::vector<Field> Fields;
};

// The URL names of an enum with a Count member, in value order, for StateSchema::Enum:
// EnumNames<GradflowNorm>(GradflowNormName) -> {"none", "batchnorm", "layernorm"}.
template <typename E, typename NameFn>
std::vector<std::string> EnumNames(NameFn name_of)
{
    std::vector<std::string> names;
    for (int k = 0; k < static_cast<int>(E::Count); ++k) names.emplace_back(name_of(static_cast<E>(k)));
    return names;
}

// Text helpers behind the typed fields (defined in state_codec.cpp).
std::string FormatReal(double v, bool single_precision);
// Parses a finite number; false for anything else ("abc", "1e999", "nan", "").
bool ParseReal(std::string_view text, double& out);
bool ParseInteger(std::string_view text, long long& out);
Message ClampNotice(double lo, double hi);

template <typename S>
template <typename Ref>
StateSchema<S>& StateSchema<S>::Int(std::string key, Ref ref, long long lo, long long hi, FieldUi ui)
{
    using T = std::remove_reference_t<decltype(ref(std::declval<S&>()))>;
    Field f;
    f.Key = std::move(key);
    f.Kind = FieldKind::Int;
    f.Lo = static_cast<double>(lo);
    f.Hi = static_cast<double>(hi);
    f.Ui = ui;
    f.Get = [ref](const S& s) { return std::to_string(static_cast<long long>(ref(const_cast<S&>(s)))); };
    f.Set = [ref, lo, hi](S& s, std::string_view text) -> Message {
        long long v = 0;
        if (!ParseInteger(text, v)) return Msg("не целое число, пропущено");
        Message notice;
        if (v < lo || v > hi) {
            v = v < lo ? lo : hi;
            notice = ClampNotice(static_cast<double>(lo), static_cast<double>(hi));
        }
        ref(s) = static_cast<T>(v);
        return notice;
    };
    f.GetNumber = [ref](const S& s) { return static_cast<double>(ref(const_cast<S&>(s))); };
    f.SetNumber = [ref](S& s, double v) { ref(s) = static_cast<T>(std::llround(v)); };
    return Add(std::move(f));
}

template <typename S>
template <typename Ref>
StateSchema<S>& StateSchema<S>::Real(std::string key, Ref ref, double lo, double hi, FieldUi ui)
{
    using T = std::remove_reference_t<decltype(ref(std::declval<S&>()))>;
    Field f;
    f.Key = std::move(key);
    f.Kind = FieldKind::Real;
    f.Lo = lo;
    f.Hi = hi;
    f.Ui = ui;
    f.Get = [ref](const S& s) { return FormatReal(static_cast<double>(ref(const_cast<S&>(s))), sizeof(T) == sizeof(float)); };
    f.Set = [ref, lo, hi](S& s, std::string_view text) -> Message {
        double v = 0.0;
        if (!ParseReal(text, v)) return Msg("не конечное число, пропущено");
        Message notice;
        if (v < lo || v > hi) {
            v = v < lo ? lo : hi;
            notice = ClampNotice(lo, hi);
        }
        ref(s) = static_cast<T>(v);
        return notice;
    };
    f.GetNumber = [ref](const S& s) { return static_cast<double>(ref(const_cast<S&>(s))); };
    f.SetNumber = [ref](S& s, double v) { ref(s) = static_cast<T>(v); };
    return Add(std::move(f));
}

template <typename S>
template <typename Ref>
StateSchema<S>& StateSchema<S>::Bool(std::string key, Ref ref, FieldUi ui)
{
    Field f;
    f.Key = std::move(key);
    f.Kind = FieldKind::Bool;
    f.Lo = 0.0;
    f.Hi = 1.0;
    f.Ui = ui;
    f.Get = [ref](const S& s) { return std::string(ref(const_cast<S&>(s)) ? "1" : "0"); };
    f.Set = [ref](S& s, std::string_view text) -> Message {
        if (text == "1" || text == "true") {
            ref(s) = true;
            return Message{};
        }
        if (text == "0" || text == "false") {
            ref(s) = false;
            return Message{};
        }
        return Msg("ожидается 0 или 1, пропущено");
    };
    f.GetNumber = [ref](const S& s) { return ref(const_cast<S&>(s)) ? 1.0 : 0.0; };
    f.SetNumber = [ref](S& s, double v) { ref(s) = v != 0.0; };
    return Add(std::move(f));
}

template <typename S>
template <typename Ref>
StateSchema<S>& StateSchema<S>::Enum(std::string key, Ref ref, std::vector<std::string> names, FieldUi ui)
{
    using T = std::remove_reference_t<decltype(ref(std::declval<S&>()))>;
    Field f;
    f.Key = std::move(key);
    f.Kind = FieldKind::Enum;
    f.Lo = 0.0;
    f.Hi = static_cast<double>(names.size()) - 1.0;
    f.Ui = ui;
    f.Names = names;
    f.Get = [ref, names](const S& s) {
        const auto i = static_cast<std::size_t>(ref(const_cast<S&>(s)));
        return i < names.size() ? names[i] : std::string();
    };
    f.Set = [ref, names](S& s, std::string_view text) -> Message {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == text) {
                ref(s) = static_cast<T>(i);
                return Message{};
            }
        std::string all;
        for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
        return Msg("неизвестное значение, пропущено (одно из: %s)", all);
    };
    f.GetNumber = [ref](const S& s) { return static_cast<double>(static_cast<long long>(ref(const_cast<S&>(s)))); };
    f.SetNumber = [ref](S& s, double v) { ref(s) = static_cast<T>(static_cast<long long>(v)); };
    return Add(std::move(f));
}

} // namespace mlviz
