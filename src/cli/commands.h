// Declarations of every mlviz-cli command function, from commands.inc.
#pragma once
#include "cli/cli_json.h"

namespace mlviz {

#define MLVIZ_CLI_COMMAND(name, function, reads_input) Json function(const Json& input);
#include "cli/commands.inc"
#undef MLVIZ_CLI_COMMAND

#define MLVIZ_CLI(name, function) Json function(const Json& input);
#define MLVIZ_TOPIC(id, factory, codec, title_ru, title_en, commands, ...) commands
#include "core/topic_table.inc"
#undef MLVIZ_TOPIC
#undef MLVIZ_CLI

} // namespace mlviz
