#!/usr/bin/env bash
# Adds a topic: scripts/new-topic.sh ID ["Russian title" "English title" QUESTION...]
# Writes a compiling, tested skeleton (core with a trivial simulation, field table and codec,
# view, CLI command, core test, CLI cases, canonical links, English strings) into
# src/topics/ID/ and tests/topics/ID/, and appends the topic's row to src/core/topic_table.inc.
# Replace the simulation with the real one; docs/ARCHITECTURE.md "Adding a topic" walks through it.
#   scripts/new-topic.sh --remove ID   deletes a skeleton (its folders and its row)
set -euo pipefail
cd "$(dirname "$0")/.."
T=scripts/new-topic
table=src/core/topic_table.inc

if [ "${1:-}" = "--remove" ]; then
    id=${2:?usage: $0 --remove ID}
    rm -rf "src/topics/$id" "tests/topics/$id"
    python3 - "$table" "$id" <<'PY'
import sys
path, id_ = sys.argv[1], sys.argv[2]
lines = open(path, encoding="utf-8").read().split("\n")
out, skip = [], False
for line in lines:
    if line.startswith("MLVIZ_TOPIC(%s," % id_):
        skip = True
    if not skip:
        out.append(line)
    elif line.rstrip().endswith(")") and not line.rstrip().endswith("),"):
        skip = False   # the row's last line closes MLVIZ_TOPIC( ... )
open(path, "w", encoding="utf-8").write("\n".join(out))
PY
    echo "removed topic '$id'"
    exit 0
fi

id=${1:?usage: $0 ID [\"Russian title\" \"English title\" QUESTION...]}
[[ $id =~ ^[a-z][a-z0-9_]*$ ]] || { echo "ID must be lower_snake_case: $id" >&2; exit 2; }
[ ! -e "src/topics/$id" ] || { echo "src/topics/$id exists" >&2; exit 2; }
grep -q "^MLVIZ_TOPIC($id," "$table" && { echo "'$id' is already registered" >&2; exit 2; }
title_ru=${2:-"Новая тема $id"}
title_en=${3:-"New topic $id"}
shift $(( $# < 3 ? $# : 3 ))
questions=${*:-1}
questions=${questions// /, }
camel=$(echo "$id" | awk -F_ '{for (i = 1; i <= NF; i++) printf "%s", toupper(substr($i, 1, 1)) substr($i, 2)}')

fill() {  # template -> destination
    mkdir -p "$(dirname "$2")"
    sed -e "s/@id@/$id/g" -e "s/@Camel@/$camel/g" -e "s/@Title@/$title_en/g" "$T/$1" > "$2"
}
fill core_sim.h      "src/topics/$id/core/${id}_sim.h"
fill core_sim.cpp    "src/topics/$id/core/${id}_sim.cpp"
fill core_state.h    "src/topics/$id/core/${id}_state.h"
fill core_state.cpp  "src/topics/$id/core/${id}_state.cpp"
cp "$T/strings_en.tsv" "src/topics/$id/core/strings_en.tsv"
fill view.cpp        "src/topics/$id/view/${id}_view.cpp"
fill cli.cpp         "src/topics/$id/cli/cmd_${id}.cpp"
fill bench.cpp       "src/topics/$id/bench/${id}_bench.cpp"
fill test.cpp        "tests/topics/$id/core/${id}_test.cpp"
fill cases.json      "tests/topics/$id/cli/${id}_cases.json"
fill links.txt       "tests/topics/$id/links.txt"
cat >> "$table" <<ROW
MLVIZ_TOPIC($id, Create${camel}View, ${camel}TopicCodec, "$title_ru", "$title_en",
            MLVIZ_CLI($id, ${camel}Command),
            $questions)
ROW
echo "topic '$id' created: src/topics/$id, tests/topics/$id, one row in $table"
