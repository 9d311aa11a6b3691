// mlviz-cli: the simulation cores behind a JSON-in / JSON-out command line, for scripts
// and for checking numbers against other tools. Links only the core (no SDL, GL, ImGui).
#pragma once
#include <string>
#include <vector>

namespace mlviz {

struct CliResult {
    int ExitCode = 0;   // 0 ok, 2 bad input or usage
    std::string Output; // one JSON document (with a trailing newline)
};

// True when `command` reads a JSON document (stdin or --input FILE).
bool CliCommandNeedsInput(const std::string& command);

// Runs one command on an already-read JSON input. Never throws.
CliResult RunCliCommand(const std::string& command, const std::string& input);

// Whole command line (argv without the program name); `read_stdin` supplies stdin lazily.
CliResult RunCli(const std::vector<std::string>& args, std::string (*read_stdin)());

} // namespace mlviz
