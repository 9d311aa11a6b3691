// Shared input checking for mlviz-cli commands: every command reads a JSON object and
// throws CliInputError with a message naming the offending field; RunCliCommand turns it
// into {"error": ...} and exit code 2.
#pragma once
#include <initializer_list>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/message.h"
#include "core/state_codec.h"

namespace mlviz {

using Json = nlohmann::json;

struct CliInputError {
    std::string Message;
};

[[noreturn]] void FailInput(std::string message);
// A core message, in English: the CLI speaks English (its JSON keys are English, and scripts and
// tests match its messages), whatever language an interface in the same process uses.
[[noreturn]] void FailInput(const Message& message);
std::string English(const Message& message);

// The input must be an object whose keys are all in `allowed` (typos are errors, not ignored).
void RequireObject(const Json& in, std::initializer_list<const char*> allowed);
void RequireKnownKeys(const Json& in, const std::vector<std::string>& allowed, const std::string& context);

// A finite number in [lo, hi]; `fallback` when the field is absent.
double ReadNumber(const Json& obj, const char* field, double fallback, double lo, double hi);
double RequireNumber(const Json& obj, const char* field, double lo, double hi);
// An integer in [lo, hi] (a JSON number with no fractional part).
long long ReadInt(const Json& obj, const char* field, long long fallback, long long lo, long long hi);
long long RequireInt(const Json& obj, const char* field, long long lo, long long hi);
bool ReadBool(const Json& obj, const char* field, bool fallback);
std::string ReadString(const Json& obj, const char* field, const std::string& fallback);
std::string RequireString(const Json& obj, const char* field);
// A number for the state field `key` of a topic's field table, read from the JSON field
// `json_field`: the same range the topic's slider and URL codec use; an integer for Int fields.
template <typename S>
double ReadStateField(const Json& obj, const char* json_field, const StateSchema<S>& schema, std::string_view key,
                      double fallback)
{
    const auto* f = schema.Find(key);
    if (!f || (f->Kind != FieldKind::Int && f->Kind != FieldKind::Real))
        FailInput(std::string("internal: no numeric state field ") + std::string(key));
    if (f->Kind == FieldKind::Int)
        return static_cast<double>(ReadInt(obj, json_field, static_cast<long long>(fallback), static_cast<long long>(f->Lo),
                                           static_cast<long long>(f->Hi)));
    return ReadNumber(obj, json_field, fallback, f->Lo, f->Hi);
}

// An array of finite numbers (at most max_size), e.g. "x" or "scores".
std::vector<double> ReadNumberArray(const Json& obj, const char* field, std::size_t max_size);

} // namespace mlviz
