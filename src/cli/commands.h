// Declarations of every mlviz-cli command function, from commands.inc.
#pragma once
#include "cli/cli_json.h"

namespace mlviz {

#define MLVIZ_CLI_COMMAND(name, function, reads_input) Json function(const Json& input);
#include "cli/commands.inc"
#undef MLVIZ_CLI_COMMAND

} // namespace mlviz
