// mlviz-cli entry point: see cli.h.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <unistd.h>

#include "cli/cli.h"

namespace {

std::string ReadStdin()
{
    // A terminal would wait for input forever: say what is expected instead.
    if (isatty(STDIN_FILENO)) return "";
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> args(argv + 1, argv + argc);
    const mlviz::CliResult r = mlviz::RunCli(args, &ReadStdin);
    std::fwrite(r.Output.data(), 1, r.Output.size(), stdout);
    return r.ExitCode;
}
