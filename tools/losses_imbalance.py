#!/usr/bin/python3
"""The imbalance measurement of the losses topic: trains the demo's per-pixel model with every loss at 7
foreground fractions and 8 seeds and prints a markdown table of the foreground IoU (training image, held-out
image, during training), precision and recall. The work is the C++ core itself (the hidden Catch2 test
"[.losses_imbalance]" in tests/topics/losses/core/losses_imbalance_test.cpp), so the figures are the app's.

usage: /usr/bin/python3 tools/losses_imbalance.py [PATH/TO/mlviz_tests]   (default: build/h/tests/mlviz_tests)
Takes about 1.5 minutes natively (8 × 7 × 5 runs of 1000 epochs).
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build/h/tests/mlviz_tests")
    if not os.path.exists(binary):
        sys.exit("no test binary at %s: build the target mlviz_tests first (see the README)" % binary)
    out = subprocess.run([binary, "[.losses_imbalance]"], capture_output=True, text=True)
    lines = [l for l in out.stdout.splitlines() if not l.startswith(("Filters:", "=====", "All tests passed"))]
    print("\n".join(lines).strip())
    if out.returncode != 0:
        sys.exit(out.returncode)


if __name__ == "__main__":
    main()
