// Shared input checking for mlviz-cli commands: every command reads a JSON object and
// throws CliInputError with a message naming the offending field; RunCliCommand turns it
// into {"error": ...} and exit code 2.
#pragma once
#include <initializer_list>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/message.h"

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
// An array of finite numbers (at most max_size), e.g. "x" or "scores".
std::vector<double> ReadNumberArray(const Json& obj, const char* field, std::size_t max_size);

} // namespace mlviz
