#!/usr/bin/env bash
# Native window test: runs the desktop app under a private Xvfb (Mesa llvmpipe GL), renders
# frames, saves screenshots and checks they are not blank; checks bad options exit 2.
# With the CLI as a third argument, also renders every registered topic with --screenshot at an
# exact size (1x and 2x) and checks the PNG's dimensions.
#   tests/native/xvfb_run.sh path/to/mlviz ARTIFACT_DIR [path/to/mlviz-cli]
set -u

APP=${1:?usage: xvfb_run.sh APP ARTIFACT_DIR [CLI]}
ART=${2:?usage: xvfb_run.sh APP ARTIFACT_DIR [CLI]}
CLI=${3:-}
mkdir -p "$ART"
APP=$(readlink -f "$APP")
ART=$(readlink -f "$ART")

passed=0
failed=0
XVFB_PID=""
WORK=$(mktemp -d)

cleanup() {
    if [ -n "$XVFB_PID" ] && kill -0 "$XVFB_PID" 2>/dev/null; then
        kill "$XVFB_PID" 2>/dev/null
        wait "$XVFB_PID" 2>/dev/null
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

# ---- a free display among :90..:99 --------------------------------------------------
for n in 90 91 92 93 94 95 96 97 98 99; do
    [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ] && continue
    Xvfb ":$n" -screen 0 1920x1080x24 -nolisten tcp -noreset >"$WORK/xvfb.log" 2>&1 &
    XVFB_PID=$!
    # Up when its socket exists and it answers; give up on this number if it died (lost a race).
    for _ in $(seq 1 100); do
        if ! kill -0 "$XVFB_PID" 2>/dev/null; then XVFB_PID=""; break; fi
        if [ -e "/tmp/.X11-unix/X$n" ] && { ! command -v xdpyinfo >/dev/null || DISPLAY=":$n" xdpyinfo >/dev/null 2>&1; }; then
            export DISPLAY=":$n"
            break
        fi
        sleep 0.1
    done
    [ -n "${DISPLAY:-}" ] && [ "$DISPLAY" = ":$n" ] && break
    [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null
    XVFB_PID=""
done
if [ -z "$XVFB_PID" ]; then
    echo "FAIL setup: no free X display in :90..:99 or Xvfb did not start"
    cat "$WORK/xvfb.log" 2>/dev/null
    echo "0 passed, 1 failed"
    exit 1
fi
echo "Xvfb on $DISPLAY (pid $XVFB_PID)"
export LIBGL_ALWAYS_SOFTWARE=1

# A PNG is "not blank" when its luminance varies: decoded with zlib (stdlib only), all five
# row filters, 8-bit grey/RGB/RGBA. Prints "WxH variance distinct_values".
png_stats() {
    /usr/bin/python3 - "$1" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        assert depth == 8 and interlace == 0 and ctype in (0, 2, 4, 6), "unsupported PNG format"
        bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
lum = []
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    if y % 2 == 0:   # every other row and pixel is plenty for a variance
        for x in range(0, w, 2):
            px = line[x * bpp:x * bpp + bpp]
            lum.append(px[0] if bpp < 3 else (299 * px[0] + 587 * px[1] + 114 * px[2]) // 1000)
mean = sum(lum) / len(lum)
var = sum((v - mean) ** 2 for v in lum) / len(lum)
print("%dx%d %.1f %d" % (w, h, var, len(set(lum))))
PY
}

# shot MODE NAME W H ARGS...: exit 0 and a non-blank PNG; MODE "min" wants at least W x H pixels
# (a window), "exact" exactly W x H (a figure of a requested size).
shot() {
    local mode=$1 name=$2 want_w=$3 want_h=$4
    shift 4
    local png="$ART/$name.png"
    rm -f "$png"
    if ! timeout 180 "$APP" "$@" --screenshot "$png" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
        fail "$name: exit code $? (mlviz $*)"
        sed 's/^/    /' "$WORK/$name.err" | head -20
        return
    fi
    if [ ! -s "$png" ]; then fail "$name: no screenshot written at $png"; return; fi
    local stats
    if ! stats=$(png_stats "$png" 2>&1); then fail "$name: cannot decode $png: $stats"; return; fi
    read -r size var distinct <<<"$stats"
    local w=${size%x*} h=${size#*x}
    if [ "$mode" = exact ] && [ "$size" != "${want_w}x${want_h}" ]; then
        fail "$name: screenshot is $size, asked for ${want_w}x${want_h}"; return
    fi
    if [ "$w" -lt "$want_w" ] || [ "$h" -lt "$want_h" ]; then fail "$name: screenshot is only ${size}"; return; fi
    # A blank or single-colour frame has variance ~0; a UI with text and plots has hundreds.
    if awk "BEGIN { exit !($var < 50 || $distinct < 16) }"; then
        fail "$name: screenshot looks blank (luminance variance $var, $distinct distinct levels)"
        return
    fi
    pass "$name: $size, luminance variance $var, $distinct levels -> $png"
}
run_shot() { shot min "$@"; }
run_exact() { shot exact "$@"; }

run_shot native-q57 400 300 --frames 30 --question 57
run_shot native-activations-1920 800 500 --frames 30 --topic activations --size 1920x1080
run_shot native-full-q47 1000 700 --frames 30 --question 47 --full

# Every registered topic as a figure for slides: the visualization panel alone at the requested
# size, then twice the pixels with --scale 2 and the light theme.
if [ -n "$CLI" ]; then
    topics=$(echo '{}' | "$CLI" list | /usr/bin/python3 -c 'import json, sys; print(" ".join(t["id"] for t in json.load(sys.stdin)["topics"]))')
    if [ -z "$topics" ]; then fail "topic list: mlviz-cli list gave no topics"; fi
    for t in $topics; do
        run_exact "figure-$t-900x600" 900 600 --topic "$t" --size 900x600 --frames 20
        run_exact "figure-$t-640x400@2x-light" 1280 800 --topic "$t" --size 640x400 --scale 2 --theme light --frames 20
    done
fi

# A plain run without a screenshot renders and exits 0.
if timeout 120 "$APP" --frames 10 >"$WORK/plain.out" 2>"$WORK/plain.err"; then
    pass "plain run: --frames 10 exits 0"
else
    fail "plain run: --frames 10 exit code $?"
    sed 's/^/    /' "$WORK/plain.err" | head -20
fi

# Bad options: exit 2 and a message naming the problem, before any window opens.
check_bad() {
    local label=$1 needle=$2
    shift 2
    timeout 30 "$APP" "$@" >"$WORK/bad.out" 2>"$WORK/bad.err"
    local code=$?
    if [ "$code" -ne 2 ]; then fail "$label: exit code $code, expected 2"; return; fi
    if ! grep -qF -- "$needle" "$WORK/bad.err" "$WORK/bad.out"; then
        fail "$label: no message mentioning '$needle'"
        sed 's/^/    /' "$WORK/bad.err" | head -5
        return
    fi
    pass "$label: exit 2, says '$(head -1 "$WORK/bad.err")'"
}
check_bad "--question abc" "abc" --question abc
check_bad "--size 10x10" "--size" --size 10x10
check_bad "unknown option" "--bogus" --bogus 1

# A bad deep link is a notice, not a failure.
if timeout 120 "$APP" --frames 3 --topic no_such_topic >"$WORK/notice.out" 2>"$WORK/notice.err"; then
    if grep -q "no_such_topic" "$WORK/notice.err"; then
        pass "--topic no_such_topic: exit 0 with a notice"
    else
        fail "--topic no_such_topic: exit 0 but no notice on stderr"
    fi
else
    fail "--topic no_such_topic: exit code $?"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
