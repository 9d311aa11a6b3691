#include "cli/cli_json.h"

#include <cmath>
#include <sstream>

namespace mlviz {

void FailInput(std::string message)
{
    throw CliInputError{std::move(message)};
}

std::string English(const Message& message)
{
    return RenderMessage(message, Language::En);
}

void FailInput(const Message& message)
{
    FailInput(English(message));
}

void RequireKnownKeys(const Json& in, const std::vector<std::string>& allowed, const std::string& context)
{
    for (const auto& [key, value] : in.items()) {
        bool ok = false;
        for (const auto& a : allowed) ok = ok || key == a;
        if (!ok) FailInput("unknown field '" + key + "'" + (context.empty() ? "" : " " + context));
    }
}

void RequireObject(const Json& in, std::initializer_list<const char*> allowed)
{
    if (!in.is_object()) FailInput(std::string("input must be a JSON object, got ") + in.type_name());
    RequireKnownKeys(in, std::vector<std::string>(allowed.begin(), allowed.end()), "");
}

namespace {

std::string RangeText(double lo, double hi)
{
    std::ostringstream s;
    s << "[" << lo << ", " << hi << "]";
    return s.str();
}

} // namespace

double RequireNumber(const Json& obj, const char* field, double lo, double hi)
{
    const auto it = obj.find(field);
    if (it == obj.end()) FailInput(std::string("missing field '") + field + "'");
    if (!it->is_number()) FailInput(std::string("field '") + field + "' must be a number, got " + it->type_name());
    const double v = it->get<double>();
    if (!std::isfinite(v) || v < lo || v > hi) {
        std::ostringstream msg;
        msg << "field '" << field << "' = " << v << " is out of range " << RangeText(lo, hi);
        FailInput(msg.str());
    }
    return v;
}

double ReadNumber(const Json& obj, const char* field, double fallback, double lo, double hi)
{
    return obj.contains(field) ? RequireNumber(obj, field, lo, hi) : fallback;
}

long long RequireInt(const Json& obj, const char* field, long long lo, long long hi)
{
    const auto it = obj.find(field);
    if (it == obj.end()) FailInput(std::string("missing field '") + field + "'");
    if (!it->is_number()) FailInput(std::string("field '") + field + "' must be an integer, got " + it->type_name());
    const double v = it->get<double>();
    if (!std::isfinite(v) || v != std::floor(v)) FailInput(std::string("field '") + field + "' must be an integer");
    if (v < static_cast<double>(lo) || v > static_cast<double>(hi))
        FailInput(std::string("field '") + field + "' = " + std::to_string(static_cast<long long>(v)) + " is out of range " +
                  RangeText(static_cast<double>(lo), static_cast<double>(hi)));
    return static_cast<long long>(v);
}

long long ReadInt(const Json& obj, const char* field, long long fallback, long long lo, long long hi)
{
    return obj.contains(field) ? RequireInt(obj, field, lo, hi) : fallback;
}

bool ReadBool(const Json& obj, const char* field, bool fallback)
{
    const auto it = obj.find(field);
    if (it == obj.end()) return fallback;
    if (!it->is_boolean()) FailInput(std::string("field '") + field + "' must be true or false, got " + it->type_name());
    return it->get<bool>();
}

std::string RequireString(const Json& obj, const char* field)
{
    const auto it = obj.find(field);
    if (it == obj.end()) FailInput(std::string("missing field '") + field + "'");
    if (!it->is_string()) FailInput(std::string("field '") + field + "' must be a string, got " + it->type_name());
    return it->get<std::string>();
}

std::string ReadString(const Json& obj, const char* field, const std::string& fallback)
{
    return obj.contains(field) ? RequireString(obj, field) : fallback;
}

std::vector<double> ReadNumberArray(const Json& obj, const char* field, std::size_t max_size)
{
    const auto it = obj.find(field);
    if (it == obj.end()) FailInput(std::string("missing field '") + field + "' (an array of numbers)");
    if (!it->is_array()) FailInput(std::string("field '") + field + "' must be an array of numbers, got " + it->type_name());
    if (it->size() > max_size)
        FailInput(std::string("field '") + field + "' has " + std::to_string(it->size()) + " values; at most " +
                  std::to_string(max_size));
    std::vector<double> out;
    out.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& v = (*it)[i];
        const std::string name = std::string(field) + "[" + std::to_string(i) + "]";
        if (!v.is_number()) FailInput("field '" + name + "' must be a number, got " + v.type_name());
        const double x = v.get<double>();
        if (!std::isfinite(x)) FailInput("field '" + name + "' is not finite");
        out.push_back(x);
    }
    return out;
}

} // namespace mlviz
