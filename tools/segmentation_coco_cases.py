#!/usr/bin/python3
"""Generated COCO AP cases for the segmentation topic's tests: random bbox and segm cases (ties in
scores, crowd regions, explicit GT areas, images with more than 100 detections) evaluated by the
Python transcription of pycocotools' COCOeval in segmentation_coco_reference.py, written as C++
data for tests/topics/segmentation/core/coco_reference_test.cpp:

  segmentation_coco_cases.py [OUT.cpp]   (default: tests/topics/segmentation/core/coco_reference_data_test.cpp)
"""
import argparse
import json
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from segmentation_coco_reference import evaluate_case  # noqa: E402


def rand_box(rng, scale):
    w = float(np.round(math.exp(rng.uniform(math.log(2), math.log(scale))) * 2) / 2)
    h = float(np.round(w * rng.uniform(0.5, 2.0) * 2) / 2)
    return [float(rng.integers(0, 200)) / 2, float(rng.integers(0, 200)) / 2, w, h]


def jitter(rng, b, amount):
    x, y, w, h = b
    dx, dy = rng.normal(0, amount * w), rng.normal(0, amount * h)
    sw, sh = math.exp(rng.normal(0, amount)), math.exp(rng.normal(0, amount))
    return [float(np.round((x + dx) * 4) / 4), float(np.round((y + dy) * 4) / 4),
            float(np.round(w * sw * 4) / 4), float(np.round(h * sh * 4) / 4)]


def runs_of(mask):
    flat = mask.reshape(-1)
    runs, val, n = [], 0, 0
    for v in flat:
        if v == val:
            n += 1
        else:
            runs.append(n)
            val, n = v, 1
    runs.append(n)
    return runs


def rand_mask(rng, w, h, box_):
    """A union of an ellipse and a rectangle inside box_ (cells), rasterised with integer maths."""
    m = np.zeros((h, w), dtype=np.uint8)
    x0, y0, bw, bh = [int(v) for v in box_]
    ys, xs = np.mgrid[0:h, 0:w]
    cx, cy = 2 * x0 + bw, 2 * y0 + bh     # doubled centre
    rx, ry = max(bw, 1), max(bh, 1)
    m |= (((2 * xs + 1 - cx) ** 2) * ry * ry + ((2 * ys + 1 - cy) ** 2) * rx * rx <= rx * rx * ry * ry).astype(np.uint8)
    if rng.random() < 0.5:
        rx0 = x0 + int(rng.integers(0, max(1, bw)))
        ry0 = y0 + int(rng.integers(0, max(1, bh)))
        m[max(0, ry0):max(0, min(h, ry0 + bh // 2)), max(0, rx0):max(0, min(w, rx0 + bw // 2))] = 1
    return m


def generate_case(rng, segm, many=False):
    n_img = int(rng.integers(1, 4))
    n_cat = int(rng.integers(1, 4))
    gt, dt, masks = [], [], []
    W, H = 128, 96
    for img in range(1, n_img + 1):
        for _ in range(int(rng.integers(0, 10))):
            cat = int(rng.integers(1, n_cat + 1))
            b = rand_box(rng, 140 if not segm else 110)
            a = {"image_id": img * 7, "category_id": cat * 3}
            if rng.random() < 0.15:
                a["iscrowd"] = 1
            if segm:
                b = [int(b[0]) % (W - 4), int(b[1]) % (H - 4), max(2, int(b[2])), max(2, int(b[3]))]
                masks.append({"width": W, "height": H, "runs": runs_of(rand_mask(rng, W, H, b))})
                a["mask"] = len(masks) - 1
            else:
                a["bbox"] = b
            if rng.random() < 0.2:
                a["area"] = float(np.round(b[2] * b[3] * rng.uniform(0.5, 1.3)))
            gt.append(a)
            for _ in range(int(rng.integers(0, 3))):
                d = {"image_id": a["image_id"], "category_id": cat * 3 if rng.random() < 0.9 else 3,
                     "score": float(np.round(rng.uniform(0.05, 1.0) * 20) / 20)}
                jb = jitter(rng, b, float(rng.choice([0.01, 0.03, 0.08, 0.25])))
                if segm:
                    jb = [int(max(0, min(W - 2, jb[0]))), int(max(0, min(H - 2, jb[1]))), max(1, int(jb[2])), max(1, int(jb[3]))]
                    masks.append({"width": W, "height": H, "runs": runs_of(rand_mask(rng, W, H, jb))})
                    d["mask"] = len(masks) - 1
                else:
                    d["bbox"] = jb
                dt.append(d)
        for _ in range(int(rng.integers(0, 5)) + (120 if many and img == 1 else 0)):
            d = {"image_id": img * 7, "category_id": 3 * int(rng.integers(1, n_cat + 1)),
                 "score": float(np.round(rng.uniform(0.0, 1.0) * 20) / 20)}
            b = rand_box(rng, 100)
            if segm:
                b = [int(b[0]) % (W - 4), int(b[1]) % (H - 4), max(2, int(b[2])), max(2, int(b[3]))]
                masks.append({"width": W, "height": H, "runs": runs_of(rand_mask(rng, W, H, b))})
                d["mask"] = len(masks) - 1
            else:
                d["bbox"] = b
            dt.append(d)
    rng.shuffle(dt)
    case = {"iou_type": "segm" if segm else "bbox", "gt": gt, "dt": dt}
    if segm:
        case["masks"] = masks
    return case


def generate(out_path, n_bbox, n_segm, seed):
    rng = np.random.default_rng(seed)
    cases = []
    for n in range(n_bbox + n_segm):
        segm = n >= n_bbox
        case = generate_case(rng, segm, many=(n % 10 == 3))
        case["expect"] = evaluate_case(case)
        cases.append(case)
    text = json.dumps(cases, separators=(",", ":"))
    chunks = [text[i:i + 12000] for i in range(0, len(text), 12000)]
    with open(out_path, "w") as f:
        f.write("// Generated by tools/segmentation_coco_cases.py (seed %d): %d bbox and %d segm\n"
                "// cases with the results of the Python transcription of pycocotools' COCOeval (numpy %s).\n"
                "// Data only (no tests): coco_reference_test.cpp reads it. Do not edit; regenerate.\n"
                % (seed, n_bbox, n_segm, np.__version__))
        f.write("namespace mlviz::coco_reference {\n\n")
        f.write("extern const char* const kCaseChunks[];\nextern const int kCaseChunkCount;\n\n")
        f.write("const char* const kCaseChunks[] = {\n")
        for c in chunks:
            f.write('    R"json(%s)json",\n' % c)
        f.write("};\nconst int kCaseChunkCount = %d;\n\n} // namespace mlviz::coco_reference\n" % len(chunks))
    print("wrote %d cases (%d chars of JSON) to %s" % (len(cases), len(text), out_path))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", default="tests/topics/segmentation/core/coco_reference_data_test.cpp")
    ap.add_argument("--bbox", type=int, default=40)
    ap.add_argument("--segm", type=int, default=16)
    ap.add_argument("--seed", type=int, default=20240518)
    args = ap.parse_args()
    generate(args.out, args.bbox, args.segm, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
