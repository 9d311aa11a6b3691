#!/usr/bin/env bash
# Runs mlviz: builds the web app and serves it on http://127.0.0.1:8080 (Ctrl-C stops).
#   scripts/run.sh            web app in your browser
#   scripts/run.sh --native   desktop app (extra arguments go to it, e.g. --question 47)
#   PORT=9000 scripts/run.sh  another port
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--native" ]; then
    shift
    bash scripts/build.sh native
    exec ./build/native/mlviz "$@"
fi
bash scripts/build.sh web
exec node scripts/serve.mjs build/web/dist "${PORT:-8080}"
