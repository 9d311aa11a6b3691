#!/usr/bin/env bash
# Builds mlviz: `scripts/build.sh native`, `scripts/build.sh web` or `scripts/build.sh all`.
# Installs missing dependencies first (scripts/deps.sh); incremental after the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
export NODE_PATH=/usr/share/nodejs   # emcc's JS optimizer needs acorn from node-acorn

case "$what" in
    native) bash scripts/deps.sh --no-browser ;;
    web|all) bash scripts/deps.sh ;;
    *) echo "usage: $0 native|web|all" >&2; exit 2 ;;
esac

build_native() {
    [ -f build/native/CMakeCache.txt ] || cmake --preset native >/dev/null
    cmake --build --preset native
}

build_web() {
    # SDL2 for the web from Debian's libsdl2 source, built once with the Emscripten toolchain.
    if [ ! -f build/web-deps/SDL2/lib/libSDL2.a ]; then
        echo "[build] SDL2 for WebAssembly (once, about a minute)"
        emcmake cmake -S third_party/SDL2 -B build/web-deps/SDL2-build -DCMAKE_BUILD_TYPE=Release \
            -DSDL_STATIC=ON -DSDL_SHARED=OFF -DSDL_TEST=OFF \
            -DCMAKE_INSTALL_PREFIX="$PWD/build/web-deps/SDL2" >/dev/null
        cmake --build build/web-deps/SDL2-build -j2 >/dev/null
        cmake --install build/web-deps/SDL2-build >/dev/null
    fi
    # Configured every time (a few seconds): a tree made before a preset change (e.g. -O3 -> -Os)
    # takes the preset's cache values again.
    cmake --preset web >/dev/null
    cmake --build --preset web
}

# Topic data (photos, cascade, digits) from Debian packages into build/data, once.
bash scripts/data.sh >/dev/null

case "$what" in
    native) build_native ;;
    web) build_web ;;
    all) build_native; build_web ;;
esac
