#!/usr/bin/python3
"""Times torchvision.ops.nms (CPU, float32, one thread) on boxes written by bench/nms_bench.cpp.

Usage: nms_torchvision_bench.py BOXES.bin IOU_THRESHOLD RUNS
BOXES.bin: int32 n, then n*4 float32 (x1, y1, x2, y2), then n float32 scores (little endian).
Prints one JSON object: {"torch", "torchvision", "median_ms", "runs_ms", "keep"}; exits 3 when
torchvision is not installed (Debian: apt-get install python3-torchvision)."""
import json
import statistics
import sys
import time

try:
    import numpy as np
    import torch
    import torchvision
except ImportError as e:
    print(json.dumps({"error": str(e)}))
    sys.exit(3)


def main():
    path, thr, runs = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    raw = open(path, "rb").read()
    n = int(np.frombuffer(raw, dtype="<i4", count=1)[0])
    data = np.frombuffer(raw, dtype="<f4", offset=4, count=n * 5)
    boxes = torch.from_numpy(data[: n * 4].reshape(n, 4).copy())
    scores = torch.from_numpy(data[n * 4:].copy())
    torch.set_num_threads(1)   # the NMS kernel is single-threaded; keep the sort so too
    keep = torchvision.ops.nms(boxes, scores, thr)   # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        keep = torchvision.ops.nms(boxes, scores, thr)
        times.append((time.perf_counter() - t0) * 1e3)
    print(json.dumps({"torch": torch.__version__, "torchvision": torchvision.__version__,
                      "median_ms": statistics.median(times), "runs_ms": times, "keep": keep.tolist()}))


if __name__ == "__main__":
    main()
