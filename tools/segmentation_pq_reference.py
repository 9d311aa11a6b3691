#!/usr/bin/python3
"""Panoptic quality reference for the segmentation topic: COCO's panopticapi (evaluation.py,
pq_compute_single_core and PQStat.pq_average) transcribed from its definition onto numpy arrays,
because panopticapi is not installable here.

  segmentation_pq_reference.py --selftest          hand-computed cases (as in panoptic_test.cpp)
  segmentation_pq_reference.py --generate OUT.cpp  random cases + results as C++ data for
      tests/topics/segmentation/core/pq_reference_test.cpp

A map is {"width", "height", "runs": [[id, count], ...] (row-major), "segments": [{"id",
"category_id", "iscrowd"}]}; categories [{"id", "isthing"}].
"""
import argparse
import json
import sys

import numpy as np

OFFSET = 256 * 256 * 256
VOID = 0


def decode(m):
    flat = np.concatenate([np.full(n, i, dtype=np.uint64) for i, n in m["runs"]]) if m["runs"] else np.zeros(0, np.uint64)
    assert flat.size == m["width"] * m["height"]
    return flat.reshape(m["height"], m["width"])


def encode(a):
    flat = a.reshape(-1)
    runs = []
    for v in flat:
        if runs and runs[-1][0] == int(v):
            runs[-1][1] += 1
        else:
            runs.append([int(v), 1])
    return runs


def pq_single(gt_map, pred_map, stats):
    """One image: adds tp / fp / fn / iou per category into stats (dict category -> list)."""
    pan_gt, pan_pred = decode(gt_map), decode(pred_map)
    gt_segms = {s["id"]: dict(s) for s in gt_map["segments"]}
    pred_segms = {s["id"]: dict(s) for s in pred_map["segments"]}
    labels, counts = np.unique(pan_gt, return_counts=True)
    for label, n in zip(labels, counts):
        if int(label) in gt_segms:
            gt_segms[int(label)]["area"] = int(n)
    labels, counts = np.unique(pan_pred, return_counts=True)
    for label, n in zip(labels, counts):
        if int(label) == VOID:
            continue
        pred_segms[int(label)]["area"] = int(n)
    inter = {}
    labels, counts = np.unique(pan_gt * OFFSET + pan_pred, return_counts=True)
    for label, n in zip(labels, counts):
        inter[(int(label) // OFFSET, int(label) % OFFSET)] = int(n)
    gt_matched, pred_matched = set(), set()
    for (g, p), n in inter.items():
        if g not in gt_segms or p not in pred_segms:
            continue
        if gt_segms[g]["iscrowd"] == 1:
            continue
        if gt_segms[g]["category_id"] != pred_segms[p]["category_id"]:
            continue
        union = pred_segms[p]["area"] + gt_segms[g]["area"] - n - inter.get((VOID, p), 0)
        iou = n / union
        if iou > 0.5:
            st = stats.setdefault(gt_segms[g]["category_id"], [0, 0, 0, 0.0])
            st[0] += 1
            st[3] += iou
            gt_matched.add(g)
            pred_matched.add(p)
    crowd_of = {}
    for g, info in gt_segms.items():
        if g in gt_matched:
            continue
        if info["iscrowd"] == 1:
            crowd_of[info["category_id"]] = g
            continue
        stats.setdefault(info["category_id"], [0, 0, 0, 0.0])[2] += 1
    for p, info in pred_segms.items():
        if p in pred_matched:
            continue
        n = inter.get((VOID, p), 0)
        if info["category_id"] in crowd_of:
            n += inter.get((crowd_of[info["category_id"]], p), 0)
        if n / info["area"] > 0.5:
            continue
        stats.setdefault(info["category_id"], [0, 0, 0, 0.0])[1] += 1


def pq_average(stats, categories, isthing):
    pq = sq = rq = 0.0
    n = 0
    per_class = {}
    for c in categories:
        if isthing is not None and (c["isthing"] == 1) != isthing:
            continue
        tp, fp, fn, iou = stats.get(c["id"], [0, 0, 0, 0.0])
        if tp + fp + fn == 0:
            per_class[c["id"]] = None
            continue
        n += 1
        pq_c = iou / (tp + 0.5 * fp + 0.5 * fn)
        sq_c = iou / tp if tp != 0 else 0
        rq_c = tp / (tp + 0.5 * fp + 0.5 * fn)
        per_class[c["id"]] = [pq_c, sq_c, rq_c, tp, fp, fn, iou]
        pq += pq_c
        sq += sq_c
        rq += rq_c
    summary = None if n == 0 else [pq / n, sq / n, rq / n, n]
    return summary, per_class


def evaluate_case(case):
    stats = {}
    for img in case["images"]:
        pq_single(img["gt"], img["pred"], stats)
    out = {}
    for name, isthing in (("all", None), ("things", True), ("stuff", False)):
        out[name], per_class = pq_average(stats, case["categories"], isthing)
        if name == "all":
            out["per_class"] = [per_class[c["id"]] for c in case["categories"]]
    return out


def selftest():
    def seg(i, c, crowd=0):
        return {"id": i, "category_id": c, "iscrowd": crowd}

    def row(ids, segs):
        return {"width": len(ids), "height": 1, "runs": encode(np.array(ids, dtype=np.uint64)), "segments": segs}

    cats = [{"id": 10, "isthing": 1}, {"id": 20, "isthing": 0}, {"id": 30, "isthing": 1}]
    gt = row([1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 3, 3], [seg(1, 10), seg(2, 10), seg(3, 20)])
    pred = row([5, 5, 5, 0, 6, 6, 7, 7, 7, 7, 8, 8], [seg(5, 10), seg(6, 10), seg(7, 10), seg(8, 20)])
    r = evaluate_case({"categories": cats, "images": [{"gt": gt, "pred": pred}]})
    assert abs(r["per_class"][0][0] - 0.3) < 1e-15 and r["per_class"][0][3:6] == [1, 2, 1], r
    assert abs(r["all"][0] - 0.65) < 1e-15 and r["all"][3] == 2 and r["per_class"][2] is None
    gt["segments"][1]["iscrowd"] = 1
    r = evaluate_case({"categories": cats, "images": [{"gt": gt, "pred": pred}]})
    assert abs(r["per_class"][0][0] - 0.75) < 1e-15 and r["per_class"][0][3:6] == [1, 0, 0], r
    print("selftest: all hand-computed cases pass")


def random_case(rng):
    W, H = 24, 16
    cats = [{"id": 1, "isthing": 1}, {"id": 2, "isthing": 1}, {"id": 7, "isthing": 0}, {"id": 9, "isthing": 0},
            {"id": 11, "isthing": 1}]
    images = []
    for _ in range(int(rng.integers(1, 4))):
        gt = np.zeros((H, W), dtype=np.uint64)
        horizon = int(rng.integers(4, 12))
        gt[:horizon] = 1007
        gt[horizon:] = 1009
        gsegs = {1007: (7, 0), 1009: (9, 0)}
        for k in range(int(rng.integers(1, 6))):
            x, y = int(rng.integers(0, W - 3)), int(rng.integers(0, H - 3))
            w, h = int(rng.integers(2, 9)), int(rng.integers(2, 8))
            gt[y:y + h, x:x + w] = k + 1
            gsegs[k + 1] = (int(rng.choice([1, 2])), 1 if rng.random() < 0.2 else 0)
        if rng.random() < 0.6:                    # void stripes, as unlabelled boundaries
            gt[:, int(rng.integers(0, W))] = VOID
            gt[int(rng.integers(0, H))] = VOID
        pred = np.zeros((H, W), dtype=np.uint64)
        psegs = {}
        for gid, (cat, _) in gsegs.items():
            if gid < 1000 and rng.random() < 0.15:
                continue                          # dropped
            mask = decode({"width": W, "height": H, "runs": encode(gt)}) == gid
            if gid < 1000 and rng.random() < 0.6:
                mask = np.roll(mask, (int(rng.integers(-1, 2)), int(rng.integers(-1, 2))), axis=(0, 1))
            pid = gid * 3 + 2
            pred[mask] = pid
            psegs[pid] = (cat if rng.random() < 0.9 else (2 if cat == 1 else 1) if cat < 7 else cat, 0)
        for k in range(int(rng.integers(0, 3))):  # false positives
            x, y = int(rng.integers(0, W - 3)), int(rng.integers(0, H - 3))
            pred[y:y + 3, x:x + int(rng.integers(2, 6))] = 500 + k
            psegs[500 + k] = (int(rng.choice([1, 2, 11])), 0)
        noise = rng.random((H, W)) < 0.03
        pred[noise] = VOID
        present_g, present_p = set(int(v) for v in np.unique(gt)), set(int(v) for v in np.unique(pred))
        images.append({
            "gt": {"width": W, "height": H, "runs": encode(gt),
                   "segments": [{"id": i, "category_id": c, "iscrowd": cr} for i, (c, cr) in gsegs.items() if i in present_g]},
            "pred": {"width": W, "height": H, "runs": encode(pred),
                     "segments": [{"id": i, "category_id": c, "iscrowd": 0} for i, (c, _) in psegs.items() if i in present_p]}})
    return {"categories": cats, "images": images}


def generate(out_path, n, seed):
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(n):
        c = random_case(rng)
        c["expect"] = evaluate_case(c)
        cases.append(c)
    text = json.dumps(cases, separators=(",", ":"))
    chunks = [text[i:i + 12000] for i in range(0, len(text), 12000)]
    with open(out_path, "w") as f:
        f.write("// Generated by tools/segmentation_pq_reference.py --generate (seed %d): %d cases with the results\n"
                "// of the Python transcription of panopticapi's pq_compute (numpy %s). Data only; read by\n"
                "// pq_reference_test.cpp. Do not edit; regenerate.\n" % (seed, n, np.__version__))
        f.write("namespace mlviz::pq_reference {\n\nextern const char* const kCaseChunks[];\nextern const int kCaseChunkCount;\n\n")
        f.write("const char* const kCaseChunks[] = {\n")
        for c in chunks:
            f.write('    R"json(%s)json",\n' % c)
        f.write("};\nconst int kCaseChunkCount = %d;\n\n} // namespace mlviz::pq_reference\n" % len(chunks))
    print("wrote %d cases (%d chars of JSON) to %s" % (n, len(text), out_path))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--generate", metavar="OUT")
    ap.add_argument("--cases", type=int, default=40)
    ap.add_argument("--seed", type=int, default=777)
    args = ap.parse_args()
    if args.selftest:
        selftest()
    if args.generate:
        generate(args.generate, args.cases, args.seed)
    if not (args.selftest or args.generate):
        ap.print_help()
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
