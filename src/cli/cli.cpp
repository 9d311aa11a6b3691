#include "cli/cli.h"

#include <fstream>
#include <sstream>

#include "cli/commands.h"

namespace mlviz {

namespace {

struct Command {
    const char* Name;
    Json (*Function)(const Json&);
    bool ReadsInput;
};

const Command kCommands[] = {
#define MLVIZ_CLI_COMMAND(name, function, reads_input) {#name, &function, reads_input},
#include "cli/commands.inc"
#undef MLVIZ_CLI_COMMAND
#define MLVIZ_CLI(name, function) {#name, &function, true},
#define MLVIZ_TOPIC(id, factory, codec, title_ru, title_en, commands, ...) commands
#include "core/topic_table.inc"
#undef MLVIZ_TOPIC
#undef MLVIZ_CLI
};

const Command* FindCommand(const std::string& name)
{
    for (const Command& c : kCommands)
        if (name == c.Name) return &c;
    return nullptr;
}

std::string CommandList()
{
    std::string s;
    for (const Command& c : kCommands) s += (s.empty() ? "" : ", ") + std::string(c.Name);
    return s;
}

CliResult Error(const std::string& message)
{
    // Messages may quote user bytes that are not UTF-8: replace them rather than throw.
    return {2, Json{{"error", message}}.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n"};
}

} // namespace

bool CliCommandNeedsInput(const std::string& command)
{
    const Command* c = FindCommand(command);
    return c && c->ReadsInput;
}

CliResult RunCliCommand(const std::string& command, const std::string& input)
{
    const Command* c = FindCommand(command);
    if (!c) return Error("unknown command '" + command + "' (commands: " + CommandList() + ")");
    try {
        Json in = Json::object();
        if (c->ReadsInput) {
            if (input.find_first_not_of(" \t\r\n") == std::string::npos)
                return Error("no input: pass a JSON document on stdin or with --input FILE");
            in = Json::parse(input, nullptr, /*allow_exceptions=*/false);
            if (in.is_discarded()) return Error("input is not valid JSON");
        }
        // Non-finite numbers cannot appear in JSON output: dump() would write null silently.
        return {0, c->Function(in).dump(-1, ' ', false, Json::error_handler_t::replace) + "\n"};
    } catch (const CliInputError& e) {
        return Error(e.Message);
    } catch (const std::exception& e) {
        return Error(std::string("internal error: ") + e.what());
    }
}

CliResult RunCli(const std::vector<std::string>& args, std::string (*read_stdin)())
{
    if (args.empty() || args[0] == "--help" || args[0] == "-h")
        return Error("usage: mlviz-cli <command> [--input FILE | --flag ...]; commands: " + CommandList() +
                     " (JSON on stdin or in FILE)");
    const std::string& command = args[0];
    std::string input_path;
    // Bare flags such as `rf --list-presets` become the input {"list_presets": true}, so each
    // command checks them like any other field and no stdin is read.
    Json flags = Json::object();
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--input" && i + 1 < args.size()) {
            input_path = args[++i];
        } else if (args[i].size() > 2 && args[i].compare(0, 2, "--") == 0 && args[i] != "--input") {
            std::string key = args[i].substr(2);
            for (char& c : key) c = c == '-' ? '_' : c;
            flags[key] = true;
        } else {
            return Error("unknown argument '" + args[i] + "'");
        }
    }
    if (!flags.empty() && !input_path.empty()) return Error("give either --input FILE or flags, not both");
    if (!CliCommandNeedsInput(command)) {
        if (!flags.empty()) return Error("command '" + command + "' takes no flags");
        return RunCliCommand(command, "");
    }
    if (!flags.empty()) return RunCliCommand(command, flags.dump(-1, ' ', false, Json::error_handler_t::replace));
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
