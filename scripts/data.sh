#!/usr/bin/env bash
# Topic data taken at build time from Debian packages, never committed: sample photos from
# python3-skimage, the Haar face cascade from opencv-data, the 8x8 digits from python3-sklearn.
# `apt-get download` + `dpkg-deb -x` (no install); the files land in build/data/, which the
# native app reads and the web build copies next to the page, fetched when a topic opens.
# Idempotent: a file already there is not fetched again. Licences: assets/DATA.md.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-build/data}
DL=build/data-debs
mkdir -p "$OUT/images" "$OUT/cascades" "$OUT/digits" "$DL"

# package  path-inside-the-deb (glob)  destination
want=(
  "python3-skimage|usr/lib/python3/dist-packages/skimage/data/astronaut.png|images/astronaut.png"
  "python3-skimage|usr/lib/python3/dist-packages/skimage/data/coffee.png|images/coffee.png"
  "python3-skimage|usr/lib/python3/dist-packages/skimage/data/chelsea.png|images/chelsea.png"
  "opencv-data|usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml|cascades/haarcascade_frontalface_default.xml"
  "python3-sklearn|usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz|digits/digits.csv.gz"
)

extract() {  # package -> unpacked tree in $DL/<package>
    local pkg=$1
    [ -d "$DL/$pkg" ] && return 0
    if ! ls "$DL"/"${pkg}"_*.deb >/dev/null 2>&1; then
        echo "[data] apt-get download $pkg"
        (cd "$DL" && apt-get download -q "$pkg" >/dev/null 2>&1) || {
            # apt's lists may be missing on a fresh machine: refresh once, then retry.
            if [ "$(id -u)" = 0 ]; then apt-get update -qq; else sudo apt-get update -qq; fi
            (cd "$DL" && apt-get download -q "$pkg" >/dev/null)
        }
    fi
    local deb; deb=$(ls "$DL"/"${pkg}"_*.deb | head -1)
    mkdir -p "$DL/$pkg.tmp" && dpkg-deb -x "$deb" "$DL/$pkg.tmp" && mv "$DL/$pkg.tmp" "$DL/$pkg"
}

for row in "${want[@]}"; do
    IFS='|' read -r pkg inner dest <<<"$row"
    [ -s "$OUT/$dest" ] && continue
    extract "$pkg"
    src="$DL/$pkg/$inner"
    [ -f "$src" ] || { echo "[data] ERROR: $inner not in $pkg" >&2; exit 1; }
    cp "$src" "$OUT/$dest"
done
# Each package's copyright file goes next to its data (licences of the photos, cascades, digits).
for pkg in python3-skimage opencv-data python3-sklearn; do
    [ -d "$DL/$pkg" ] && cp "$DL/$pkg/usr/share/doc/$pkg/copyright" "$OUT/copyright-$pkg.txt" 2>/dev/null || true
done
echo "[data] ok: $(cd "$OUT" && find . -type f ! -name 'copyright-*' | sort | tr '\n' ' ')"
