#include "cli/cli.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/activations.h"
#include "core/questions.h"
#include "core/topics.h"

namespace mlviz {

namespace {

using nlohmann::json;

// Thrown inside this file only; RunCliCommand turns it into {"error": ...} and exit code 2.
struct InputError {
    std::string Message;
};

constexpr std::size_t kMaxPoints = 1'000'000;

CliResult Error(const std::string& message)
{
    return {2, json{{"error", message}}.dump() + "\n"};
}

double ReadNumber(const json& obj, const char* field, double fallback, double lo, double hi)
{
    const auto it = obj.find(field);
    if (it == obj.end()) return fallback;
    if (!it->is_number())
        throw InputError{std::string("field '") + field + "' must be a number, got " + it->type_name()};
    const double v = it->get<double>();
    if (!std::isfinite(v) || v < lo || v > hi) {
        std::ostringstream msg;
        msg << "field '" << field << "' = " << v << " is out of range [" << lo << ", " << hi << "]";
        throw InputError{msg.str()};
    }
    return v;
}

json ListCommand()
{
    json topics = json::array();
    for (const TopicInfo& t : Topics())
        topics.push_back({{"id", t.Id}, {"title", t.TitleRu}, {"title_en", t.TitleEn},
                          {"questions", std::vector<int>(t.Questions.begin(), t.Questions.end())}});
    json questions = json::array();
    const auto& bank = BuiltinQuestions();
    if (!bank) throw InputError{"built-in question data is broken: " + bank.Error()};
    for (const Question& q : bank->Questions) {
        json ids = json::array();
        for (const TopicInfo* t : TopicsForQuestion(q.Id)) ids.push_back(t->Id);
        questions.push_back({{"id", q.Id}, {"title", q.Title}, {"section", q.SectionId},
                             {"topics", ids}, {"has_answer", !q.AnswerPending}});
    }
    return {{"topics", topics}, {"questions", questions}};
}

json ActivationsCommand(const json& in)
{
    if (!in.is_object()) throw InputError{std::string("input must be a JSON object, got ") + in.type_name()};
    const auto name_it = in.find("name");
    if (name_it == in.end()) throw InputError{"missing field 'name' (one of identity, sigmoid, tanh, relu, leaky_relu, elu, gelu, swish)"};
    if (!name_it->is_string()) throw InputError{std::string("field 'name' must be a string, got ") + name_it->type_name()};
    const std::string name = name_it->get<std::string>();
    const auto kind = ActivationFromName(name);
    if (!kind) throw InputError{"field 'name': unknown activation '" + name + "' (one of identity, sigmoid, tanh, relu, leaky_relu, elu, gelu, swish)"};

    // Each function accepts only its own parameters, so a typo is never silently ignored.
    std::vector<std::string> allowed = {"name", "x"};
    ActivationParams p;
    switch (*kind) {
    case Activation::LeakyReLU:
        p.LeakySlope = ReadNumber(in, "slope", p.LeakySlope, kLeakySlopeMin, kLeakySlopeMax);
        allowed.push_back("slope");
        break;
    case Activation::ELU:
        p.EluAlpha = ReadNumber(in, "alpha", p.EluAlpha, kEluAlphaMin, kEluAlphaMax);
        allowed.push_back("alpha");
        break;
    case Activation::Swish:
        p.SwishBeta = ReadNumber(in, "beta", p.SwishBeta, kSwishBetaMin, kSwishBetaMax);
        allowed.push_back("beta");
        break;
    case Activation::GELU:
        if (const auto it = in.find("approximate"); it != in.end()) {
            if (!it->is_string() || (*it != "none" && *it != "tanh"))
                throw InputError{"field 'approximate' must be \"none\" or \"tanh\""};
            p.GeluTanh = (*it == "tanh");
        }
        allowed.push_back("approximate");
        break;
    default: break;
    }
    for (const auto& [key, value] : in.items()) {
        bool ok = false;
        for (const auto& a : allowed) ok = ok || key == a;
        if (!ok) throw InputError{"unknown field '" + key + "' for activation '" + name + "'"};
    }

    const auto x_it = in.find("x");
    if (x_it == in.end()) throw InputError{"missing field 'x' (an array of numbers)"};
    if (!x_it->is_array()) throw InputError{std::string("field 'x' must be an array of numbers, got ") + x_it->type_name()};
    if (x_it->size() > kMaxPoints) throw InputError{"field 'x' has " + std::to_string(x_it->size()) + " values; at most 1000000"};
    std::vector<double> y, dy;
    y.reserve(x_it->size());
    dy.reserve(x_it->size());
    for (std::size_t i = 0; i < x_it->size(); ++i) {
        const json& v = (*x_it)[i];
        if (!v.is_number()) throw InputError{"field 'x[" + std::to_string(i) + "]' must be a number, got " + v.type_name()};
        const double x = v.get<double>();
        if (!std::isfinite(x)) throw InputError{"field 'x[" + std::to_string(i) + "]' is not finite"};
        y.push_back(Activate(*kind, p, x));
        dy.push_back(ActivateDerivative(*kind, p, x));
    }
    return {{"y", y}, {"dy", dy}};
}

} // namespace

bool CliCommandNeedsInput(const std::string& command)
{
    return command == "activations";
}

CliResult RunCliCommand(const std::string& command, const std::string& input)
{
    try {
        if (command == "list") return {0, ListCommand().dump() + "\n"};
        if (command == "activations") {
            if (input.find_first_not_of(" \t\r\n") == std::string::npos)
                return Error("no input: pass a JSON document on stdin or with --input FILE");
            json in = json::parse(input, nullptr, /*allow_exceptions=*/false);
            if (in.is_discarded()) return Error("input is not valid JSON");
            return {0, ActivationsCommand(in).dump() + "\n"};
        }
        return Error("unknown command '" + command + "' (commands: list, activations)");
    } catch (const InputError& e) {
        return Error(e.Message);
    } catch (const std::exception& e) {
        return Error(std::string("internal error: ") + e.what());
    }
}

CliResult RunCli(const std::vector<std::string>& args, std::string (*read_stdin)())
{
    if (args.empty() || args[0] == "--help" || args[0] == "-h")
        return Error("usage: mlviz-cli <command> [--input FILE]; commands: list, activations (JSON on stdin)");
    const std::string& command = args[0];
    std::string input_path;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--input" && i + 1 < args.size()) input_path = args[++i];
        else return Error("unknown argument '" + args[i] + "'");
    }
    if (!CliCommandNeedsInput(command)) return RunCliCommand(command, "");
    std::string input;
    if (!input_path.empty()) {
        std::ifstream f(input_path, std::ios::binary);
        if (!f) return Error("cannot read input file '" + input_path + "'");
        std::ostringstream ss;
        ss << f.rdbuf();
        input = ss.str();
    } else {
        input = read_stdin();
    }
    return RunCliCommand(command, input);
}

} // namespace mlviz
