#!/usr/bin/python3
"""COCO AP reference for the segmentation topic: a transcription of pycocotools' COCOeval
(cocoeval.py: evaluate / evaluateImg / accumulate / summarize, with maskApi.c's bbIou and rleIou)
written from its definition, because pycocotools is not installable here (no PyPI).

  segmentation_coco_reference.py --selftest          hand-computed cases (the same as the Catch2 tests)
  segmentation_coco_reference.py --eval case.json    evaluate one case, print the JSON result
Generated cases for the tests: tools/segmentation_coco_cases.py (imports this module).

Case JSON: {"iou_type": "bbox"|"segm", "gt": [...], "dt": [...], "masks": [...]} with annotations
{"image_id", "category_id", "bbox": [x, y, w, h], "mask": index, "area"?, "iscrowd"?, "score"}
and masks {"width", "height", "runs": [n0, n1, n0, ...]} (row-major runs of 0 and 1, 0 first).
numpy only (Debian python3-numpy 1.24).
"""
import argparse
import json
import sys

import numpy as np

IOU_THRS = np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1, endpoint=True)
REC_THRS = np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1, endpoint=True)
AREA_RNG = [[0 ** 2, 1e5 ** 2], [0 ** 2, 32 ** 2], [32 ** 2, 96 ** 2], [96 ** 2, 1e5 ** 2]]
MAX_DETS = [1, 10, 100]
EPS = np.spacing(1)


def decode_mask(m):
    flat = np.zeros(m["width"] * m["height"], dtype=np.uint8)
    pos, val = 0, 0
    for n in m["runs"]:
        flat[pos:pos + n] = val
        pos += n
        val = 1 - val
    assert pos == flat.size, "mask runs do not cover the mask"
    return flat.reshape(m["height"], m["width"])


def box_iou(d, g, crowd):
    """maskApi.c bbIou for one pair, the same operations in the same order."""
    ga = g[2] * g[3]
    da = d[2] * d[3]
    w = min(d[2] + d[0], g[2] + g[0]) - max(d[0], g[0])
    if w <= 0:
        return 0.0
    h = min(d[3] + d[1], g[3] + g[1]) - max(d[1], g[1])
    if h <= 0:
        return 0.0
    i = w * h
    u = da if crowd else da + ga - i
    return i / u


def mask_iou(dm, gm, crowd):
    """maskApi.c rleIou for one pair: cell counts, 0 without overlap, crowd: inter / area(dt)."""
    inter = int(np.logical_and(dm, gm).sum())
    if inter == 0:
        return 0.0
    u = int(dm.sum()) if crowd else int(np.logical_or(dm, gm).sum())
    return inter / u


class CocoEvalReference:
    def __init__(self, case):
        self.segm = case["iou_type"] == "segm"
        masks = [decode_mask(m) for m in case.get("masks", [])]
        self.gts, self.dts = [], []
        for n, a in enumerate(case["gt"]):
            g = dict(a)
            g["id"] = n + 1                      # COCO ids start at 1: 0 means "unmatched"
            g["iscrowd"] = int(a.get("iscrowd", 0))
            g["ignore"] = g["iscrowd"] == 1      # _prepare: ignore = iscrowd
            if self.segm:
                g["m"] = masks[a["mask"]]
            if "area" not in g:
                g["area"] = float(g["m"].sum()) if self.segm else a["bbox"][2] * a["bbox"][3]
            self.gts.append(g)
        for n, a in enumerate(case["dt"]):
            d = dict(a)
            d["id"] = n + 1                      # loadRes numbering
            if self.segm:
                d["m"] = masks[a["mask"]]
                d["area"] = float(d["m"].sum())  # loadRes: maskUtils.area
            else:
                d["area"] = a["bbox"][2] * a["bbox"][3]   # loadRes: w * h
            self.dts.append(d)
        self.img_ids = sorted(set(a["image_id"] for a in self.gts + self.dts))
        self.cat_ids = sorted(set(a["category_id"] for a in self.gts + self.dts))
        self.gt_of, self.dt_of = {}, {}
        for g in self.gts:
            self.gt_of.setdefault((g["image_id"], g["category_id"]), []).append(g)
        for d in self.dts:
            self.dt_of.setdefault((d["image_id"], d["category_id"]), []).append(d)

    def compute_iou(self, img, cat):
        gt = self.gt_of.get((img, cat), [])
        dt = self.dt_of.get((img, cat), [])
        if len(gt) == 0 and len(dt) == 0:
            return []
        order = np.argsort([-d["score"] for d in dt], kind="mergesort")
        dt = [dt[i] for i in order][:MAX_DETS[-1]]
        if len(gt) == 0 or len(dt) == 0:
            return []                            # maskUtils.iou of an empty list
        ious = np.zeros((len(dt), len(gt)))
        for i, d in enumerate(dt):
            for j, g in enumerate(gt):
                if self.segm:
                    ious[i, j] = mask_iou(d["m"], g["m"], g["iscrowd"])
                else:
                    ious[i, j] = box_iou(d["bbox"], g["bbox"], g["iscrowd"])
        return ious

    def evaluate_img(self, img, cat, rng, max_det):
        gt = self.gt_of.get((img, cat), [])
        dt = self.dt_of.get((img, cat), [])
        if len(gt) == 0 and len(dt) == 0:
            return None
        ignore = [1 if (g["ignore"] or g["area"] < rng[0] or g["area"] > rng[1]) else 0 for g in gt]
        gind = np.argsort(ignore, kind="mergesort")
        gt = [gt[i] for i in gind]
        g_ig = np.array([ignore[i] for i in gind])
        dind = np.argsort([-d["score"] for d in dt], kind="mergesort")
        dt = [dt[i] for i in dind[0:max_det]]
        crowd = [g["iscrowd"] for g in gt]
        ious = self.ious[img, cat]
        ious = ious[:, gind] if len(ious) > 0 else ious
        T, G, D = len(IOU_THRS), len(gt), len(dt)
        gtm = np.zeros((T, G))
        dtm = np.zeros((T, D))
        dt_ig = np.zeros((T, D))
        if len(ious) != 0:
            for ti, t in enumerate(IOU_THRS):
                for di, d in enumerate(dt):
                    best = min([t, 1 - 1e-10])
                    m = -1
                    for gi in range(G):
                        if gtm[ti, gi] > 0 and not crowd[gi]:
                            continue
                        if m > -1 and g_ig[m] == 0 and g_ig[gi] == 1:
                            break
                        if ious[di, gi] < best:
                            continue
                        best = ious[di, gi]
                        m = gi
                    if m == -1:
                        continue
                    dt_ig[ti, di] = g_ig[m]
                    dtm[ti, di] = gt[m]["id"]
                    gtm[ti, m] = d["id"]
        outside = np.array([d["area"] < rng[0] or d["area"] > rng[1] for d in dt]).reshape((1, D))
        dt_ig = np.logical_or(dt_ig, np.logical_and(dtm == 0, np.repeat(outside, T, 0)))
        return {"dtIds": [d["id"] for d in dt], "gtIds": [g["id"] for g in gt], "dtMatches": dtm,
                "gtMatches": gtm, "dtScores": [d["score"] for d in dt], "gtIgnore": g_ig, "dtIgnore": dt_ig}

    def evaluate(self):
        self.ious = {(i, c): self.compute_iou(i, c) for i in self.img_ids for c in self.cat_ids}
        self.eval_imgs = [self.evaluate_img(i, c, r, MAX_DETS[-1])
                          for c in self.cat_ids for r in AREA_RNG for i in self.img_ids]

    def accumulate(self):
        T, R, K, A, M = len(IOU_THRS), len(REC_THRS), len(self.cat_ids), len(AREA_RNG), len(MAX_DETS)
        precision = -np.ones((T, R, K, A, M))
        recall = -np.ones((T, K, A, M))
        scores = -np.ones((T, R, K, A, M))
        I = len(self.img_ids)
        for k in range(K):
            for a in range(A):
                for m, max_det in enumerate(MAX_DETS):
                    E = [self.eval_imgs[k * A * I + a * I + i] for i in range(I)]
                    E = [e for e in E if e is not None]
                    if len(E) == 0:
                        continue
                    dt_scores = np.concatenate([e["dtScores"][0:max_det] for e in E])
                    inds = np.argsort(-dt_scores, kind="mergesort")
                    sorted_scores = dt_scores[inds]
                    dtm = np.concatenate([e["dtMatches"][:, 0:max_det] for e in E], axis=1)[:, inds]
                    dt_ig = np.concatenate([e["dtIgnore"][:, 0:max_det] for e in E], axis=1)[:, inds]
                    g_ig = np.concatenate([e["gtIgnore"] for e in E])
                    npig = np.count_nonzero(g_ig == 0)
                    if npig == 0:
                        continue
                    tps = np.logical_and(dtm, np.logical_not(dt_ig))
                    fps = np.logical_and(np.logical_not(dtm), np.logical_not(dt_ig))
                    tp_sum = np.cumsum(tps, axis=1).astype(float)
                    fp_sum = np.cumsum(fps, axis=1).astype(float)
                    for t, (tp, fp) in enumerate(zip(tp_sum, fp_sum)):
                        nd = len(tp)
                        rc = tp / npig
                        pr = (tp / (fp + tp + EPS)).tolist()
                        q = [0.0] * R
                        ss = [0.0] * R
                        recall[t, k, a, m] = rc[-1] if nd else 0
                        for i in range(nd - 1, 0, -1):
                            if pr[i] > pr[i - 1]:
                                pr[i - 1] = pr[i]
                        for ri, pi in enumerate(np.searchsorted(rc, REC_THRS, side="left")):
                            if pi >= nd:
                                break                # pycocotools' IndexError: the rest stays 0
                            q[ri] = pr[pi]
                            ss[ri] = sorted_scores[pi]
                        precision[t, :, k, a, m] = np.array(q)
                        scores[t, :, k, a, m] = np.array(ss)
        self.precision, self.recall, self.scores = precision, recall, scores

    def summarize(self, k_only=None):
        def one(ap, iou=None, area=0, max_dets=100):
            m = MAX_DETS.index(max_dets)
            s = self.precision if ap else self.recall
            if iou is not None:
                s = s[np.where(iou == IOU_THRS)[0]]
            s = s[:, :, :, area, m] if ap else s[:, :, area, m]
            if k_only is not None:
                s = s[:, :, k_only] if ap else s[:, k_only]
            return -1.0 if len(s[s > -1]) == 0 else float(np.mean(s[s > -1]))
        return [one(1), one(1, iou=.5), one(1, iou=.75), one(1, area=1), one(1, area=2), one(1, area=3),
                one(0, max_dets=1), one(0, max_dets=10), one(0), one(0, area=1), one(0, area=2), one(0, area=3)]

    def run(self):
        self.evaluate()
        self.accumulate()
        return {"stats": self.summarize(),
                "per_category": [self.summarize(k) for k in range(len(self.cat_ids))],
                "precision_sum": float(self.precision.sum()), "recall_sum": float(self.recall.sum()),
                "scores_sum": float(self.scores.sum())}


def evaluate_case(case):
    return CocoEvalReference(case).run()


# ---- hand-computed cases (tests/topics/segmentation/core/coco_test.cpp has the same) ------------

def box(img, cat, b, score=None, crowd=0, area=None):
    a = {"image_id": img, "category_id": cat, "bbox": b}
    if score is not None:
        a["score"] = score
    if crowd:
        a["iscrowd"] = 1
    if area is not None:
        a["area"] = area
    return a


def selftest():
    def stats(gt, dt, iou_type="bbox", masks=None):
        return evaluate_case({"iou_type": iou_type, "gt": gt, "dt": dt, "masks": masks or []})["stats"]

    def close(a, b):
        assert abs(a - b) < 1e-12, (a, b)

    # TP at IoU 1, an FP, a TP at IoU exactly 0.5 (matches at .5 only).
    s = stats([box(1, 1, [0, 0, 10, 10]), box(1, 1, [20, 0, 10, 10])],
              [box(1, 1, [0, 0, 10, 10], .9), box(1, 1, [50, 50, 10, 10], .8), box(1, 1, [20, 0, 10, 5], .7)])
    close(s[1], (51 + 50 * 2 / 3) / 101)
    close(s[2], 51 / 101)
    close(s[0], ((51 + 50 * 2 / 3) / 101 + 9 * 51 / 101) / 10)
    close(s[3], s[0])
    assert s[4] == -1 and s[5] == -1
    close(s[6], 0.5)
    close(s[7], 0.55)
    close(s[8], 0.55)
    # Crowd: detections inside a crowd region are ignored (IoU = inter / area(dt) = 1).
    crowd_gt = [box(1, 1, [0, 0, 10, 10]), box(1, 1, [30, 0, 20, 20], crowd=1)]
    dets = [box(1, 1, [30, 0, 10, 10], .9), box(1, 1, [35, 5, 10, 10], .8), box(1, 1, [0, 0, 10, 10], .7)]
    close(stats(crowd_gt, dets)[0], 1.0)
    crowd_gt[1].pop("iscrowd")
    close(stats(crowd_gt, dets)[0], 17 / 101)   # the same region as a normal GT: two FPs before the TP
    no_crowd = stats([box(1, 1, [0, 0, 10, 10])], dets)
    close(no_crowd[0], 1 / 3)
    # Equal scores keep input order (mergesort): FP first gives 0.5, TP first 1.0.
    close(stats([box(1, 1, [0, 0, 10, 10])], [box(1, 1, [50, 50, 5, 5], .5), box(1, 1, [0, 0, 10, 10], .5)])[0], 0.5)
    close(stats([box(1, 1, [0, 0, 10, 10])], [box(1, 1, [0, 0, 10, 10], .5), box(1, 1, [50, 50, 5, 5], .5)])[0], 1.0)
    # The GT's own area decides its range; a detection matched to an ignored GT is ignored.
    s = stats([box(1, 1, [0, 0, 10, 10], area=5000)], [box(1, 1, [0, 0, 10, 10], .9)])
    assert s[3] == -1
    close(s[4], 1.0)
    # maxDets: the FP ranked first hides the TP from AR@1.
    s = stats([box(1, 1, [0, 0, 10, 10])], [box(1, 1, [50, 50, 5, 5], .9), box(1, 1, [0, 0, 10, 10], .8)])
    close(s[0], 0.5)
    close(s[6], 0.0)
    close(s[7], 1.0)
    # Detections only: nothing is defined.
    assert stats([], [box(1, 1, [0, 0, 10, 10], .9)]) == [-1.0] * 12
    # Masks: IoU 4 / 8 = 0.5 matches at .5 only.
    left = {"width": 4, "height": 4, "runs": [0, 2, 2, 2, 2, 2, 2, 2, 2]}
    corner = {"width": 4, "height": 4, "runs": [0, 2, 2, 2, 10]}
    s = stats([{"image_id": 1, "category_id": 1, "mask": 0}], [{"image_id": 1, "category_id": 1, "mask": 1, "score": .9}],
              "segm", [left, corner])
    close(s[1], 1.0)
    close(s[0], 0.1)
    print("selftest: all hand-computed cases pass")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--selftest", action="store_true")
    ap.add_argument("--eval", metavar="CASE_JSON")
    args = ap.parse_args()
    if args.selftest:
        selftest()
    if args.eval:
        with open(args.eval) as f:
            print(json.dumps(evaluate_case(json.load(f))))
    if not (args.selftest or args.eval):
        ap.print_help()
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
