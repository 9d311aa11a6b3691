#!/usr/bin/env bash
# Installs everything mlviz needs on Debian 12 from Debian's registries and npm.
# Idempotent: every step checks first, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TP="$ROOT/third_party"          # gitignored: unpacked Debian source packages
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

want_web=1; want_browser=1
for a in "$@"; do
    case "$a" in
        --native-only) want_web=0; want_browser=0 ;;
        --no-browser) want_browser=0 ;;
    esac
done

pkgs=(build-essential cmake pkg-config clang clang-format libclang-rt-14-dev
      libsdl2-dev catch2 nlohmann-json3-dev libstb-dev libmd4c-dev
      fonts-dejavu-core python3-fonttools python3-numpy xvfb libgl1-mesa-dri xauth
      dpkg-dev xz-utils ca-certificates)
[ $want_web = 1 ] && pkgs+=(emscripten node-acorn nodejs npm)
[ $want_browser = 1 ] && pkgs+=(chromium)

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# npm may come from a non-Debian node install: accept any working npm.
if command -v npm >/dev/null 2>&1; then
    tmp=(); for p in "${missing[@]}"; do [[ $p == npm || $p == nodejs ]] || tmp+=("$p"); done
    missing=("${tmp[@]+"${tmp[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "[deps] installing: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ $want_web = 1 ] || exit 0

# Source packages: Dear ImGui 1.90.1 (trixie) for both targets, SDL2 (bookworm)
# for the web build. deb-src entries are derived from the existing deb ones.
src_list=/etc/apt/sources.list.d/mlviz-src.sources
if [ ! -f "$src_list" ]; then
    # deb-src entries derived from the machine's own apt sources (deb822 stanzas or one-line
    # "deb URI suite ..." entries): the same mirror URIs and keys, for the main archive's
    # suite (the one named like this release) and for trixie. The project names no mirror.
    release=$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
    lists=(); for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list; do [ -f "$f" ] && lists+=("$f"); done
    derived=$(awk -v rel="$release" '
        function flush() {
            if (types ~ /(^| )deb( |$)/ && uris != "" && (" " suites " ") ~ (" " rel " "))
                printf "Types: deb-src\nURIs: %s\nSuites: %s trixie\nComponents: main\n%s\n", uris, rel, signed
            types = uris = suites = signed = ""
        }
        FNR == 1 { flush() }
        /^[[:space:]]*$/ { flush(); next }
        /^Types:/ { sub(/^Types:[[:space:]]*/, ""); types = $0 }
        /^URIs:/ { sub(/^URIs:[[:space:]]*/, ""); uris = $0 }
        /^Suites:/ { sub(/^Suites:[[:space:]]*/, ""); suites = $0 }
        /^Signed-By:/ { signed = $0 }
        /^deb[[:space:]]/ && $3 == rel { u = $2; if ($2 ~ /^\[/) u = $3; printf "Types: deb-src\nURIs: %s\nSuites: %s trixie\nComponents: main\n\n", u, rel }
        END { flush() }' "${lists[@]}" | awk 'NF || prev { print } { prev = NF }')
    [ -n "$derived" ] || { echo "[deps] ERROR: no '$release' deb entry in the apt sources to derive deb-src from" >&2; exit 1; }
    echo "[deps] enabling deb-src ($release + trixie) from the machine's apt sources"
    printf '%s\n' "$derived" | $SUDO tee "$src_list" >/dev/null
    $SUDO apt-get update -qq
fi

fetch_src() {  # name/suite  glob-of-orig  target-dir
    local spec=$1 glob=$2 dest=$3
    [ -d "$dest" ] && return 0
    mkdir -p "$TP/dl" && cd "$TP/dl"
    if ! ls $glob >/dev/null 2>&1; then
        echo "[deps] apt-get source $spec"
        apt-get source --download-only "$spec" >/dev/null 2>&1 || true
    fi
    local orig; orig=$(ls $glob 2>/dev/null | head -1 || true)
    [ -n "$orig" ] || { echo "[deps] ERROR: could not download $spec source" >&2; exit 1; }
    mkdir -p "$dest.tmp" && tar -xf "$orig" -C "$dest.tmp" --strip-components=1
    mv "$dest.tmp" "$dest"
    cd "$ROOT"
}
fetch_src imgui/trixie 'imgui_1.90.1*.orig.tar.*' "$TP/imgui"
fetch_src libsdl2/bookworm 'libsdl2_2.26.5*.orig.tar.*' "$TP/SDL2"
fetch_src md4c/bookworm 'md4c_0.4.8*.orig.tar.*' "$TP/md4c"

if [ $want_browser = 1 ] && [ ! -d tests/browser/node_modules/playwright-core ]; then
    echo "[deps] npm ci (playwright-core)"
    (cd tests/browser && if [ -f package-lock.json ]; then npm ci --silent; else npm install --silent; fi)
fi
echo "[deps] ok"
