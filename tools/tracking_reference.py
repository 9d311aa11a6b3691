#!/usr/bin/python3
"""Reference values for tests/topics/tracking:
  lsap   scipy.optimize.linear_sum_assignment (SciPy 1.10.1) on LCG matrices with many ties
  kalman cv2.KalmanFilter(7, 4, 0, CV_64F) with SORT's matrices (OpenCV 4.6.0)
  sort   SORT's update loop written in numpy from sort.py's description (filterpy's Joseph-form
         update, scipy's assignment; filterpy and lap are not in Debian) on an LCG sequence
usage: /usr/bin/python3 tools/tracking_reference.py [lsap|kalman|sort|all]
"""
import sys

import cv2
import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment


class Lcg:
    def __init__(self, seed):
        self.s = seed & 0xFFFFFFFF

    def next(self):
        self.s = (self.s * 1664525 + 1013904223) & 0xFFFFFFFF
        return self.s >> 8


def lcg_matrix(seed, rows, cols, levels):
    g = Lcg(seed)
    return np.array([[float(g.next() % levels) for _ in range(cols)] for _ in range(rows)])


def lsap():
    print("// scipy.optimize.linear_sum_assignment, SciPy %s: {seed, rows, cols, levels, maximize, cols of rows 0..}" % scipy.__version__)
    case = 0
    for rows in range(1, 8):
        for cols in range(1, 8):
            for levels in (1, 2, 3, 1000):
                for maximize in (0, 1):
                    seed = 1000 + case
                    case += 1
                    c = lcg_matrix(seed, rows, cols, levels)
                    r, k = linear_sum_assignment(c, maximize=bool(maximize))
                    print("{%d, %d, %d, %d, %d, {%s}, {%s}}," % (seed, rows, cols, levels, maximize,
                                                              ", ".join(str(x) for x in r), ", ".join(str(x) for x in k)))


def sort_matrices():
    F = np.eye(7)
    F[0, 4] = F[1, 5] = F[2, 6] = 1.0
    H = np.zeros((4, 7))
    H[:4, :4] = np.eye(4)
    R = np.diag([1.0, 1.0, 10.0, 10.0])
    P = np.diag([10.0, 10.0, 10.0, 10.0, 1e4, 1e4, 1e4])
    Q = np.diag([1.0, 1.0, 1.0, 1.0, 1e-2, 1e-2, 1e-4])
    return F, H, R, P, Q


def to_z(b):
    w = b[2] - b[0]
    h = b[3] - b[1]
    return np.array([b[0] + w / 2.0, b[1] + h / 2.0, w * h, w / float(h)]).reshape(4, 1)


def to_box(x):
    w = np.sqrt(x[2] * x[3])
    h = x[2] / w
    return np.array([x[0] - w / 2.0, x[1] - h / 2.0, x[0] + w / 2.0, x[1] + h / 2.0]).reshape(-1)


KALMAN_BOXES = [[100.0, 120.0, 140.0, 220.0], [104.0, 121.0, 146.0, 223.0], [109.5, 124.0, 150.0, 224.5], [121.0, 130.0, 160.0, 229.0]]


def kalman():
    F, H, R, P, Q = sort_matrices()
    kf = cv2.KalmanFilter(7, 4, 0, cv2.CV_64F)
    kf.transitionMatrix = F.copy()
    kf.measurementMatrix = H.copy()
    kf.measurementNoiseCov = R.copy()
    kf.processNoiseCov = Q.copy()
    kf.errorCovPost = P.copy()
    x0 = np.zeros((7, 1))
    x0[:4] = to_z(KALMAN_BOXES[0])
    kf.statePost = x0
    # predict, correct(b1), predict, correct(b2), predict, predict, correct(b3)
    kf.predict()
    kf.correct(to_z(KALMAN_BOXES[1]))
    print("// cv2.KalmanFilter CV_64F, OpenCV %s: after predict + correct(box 1)" % cv2.__version__)
    print("x1 = {%s};" % ", ".join(repr(float(v)) for v in kf.statePost.reshape(-1)))
    print("p1 = {%s};" % ", ".join(repr(float(v)) for v in kf.errorCovPost.reshape(-1)))
    kf.predict()
    kf.correct(to_z(KALMAN_BOXES[2]))
    kf.predict()
    print("// after predict, correct(box 2), predict")
    print("xp = {%s};" % ", ".join(repr(float(v)) for v in kf.statePre.reshape(-1)))
    print("pp = {%s};" % ", ".join(repr(float(v)) for v in kf.errorCovPre.reshape(-1)))
    kf.predict()
    kf.correct(to_z(KALMAN_BOXES[3]))
    print("// then predict, correct(box 3)")
    print("x3 = {%s};" % ", ".join(repr(float(v)) for v in kf.statePost.reshape(-1)))
    print("p3 = {%s};" % ", ".join(repr(float(v)) for v in kf.errorCovPost.reshape(-1)))


class Track:
    def __init__(self, box, ident):
        F, H, R, P, Q = sort_matrices()
        self.F, self.H, self.R, self.P, self.Q = F, H, R, P.copy(), Q
        self.x = np.zeros((7, 1))
        self.x[:4] = to_z(box)
        self.id = ident
        self.tsu = 0
        self.hits = 0
        self.streak = 0
        self.age = 0

    def predict(self):
        if self.x[6] + self.x[2] <= 0:
            self.x[6] *= 0.0
        self.x = self.F @ self.x
        self.P = self.F @ self.P @ self.F.T + self.Q
        self.age += 1
        if self.tsu > 0:
            self.streak = 0
        self.tsu += 1
        return to_box(self.x)

    def update(self, box):
        self.tsu = 0
        self.hits += 1
        self.streak += 1
        z = to_z(box)
        y = z - self.H @ self.x
        S = self.H @ self.P @ self.H.T + self.R
        K = self.P @ self.H.T @ np.linalg.inv(S)
        self.x = self.x + K @ y
        A = np.eye(7) - K @ self.H
        self.P = A @ self.P @ A.T + K @ self.R @ K.T


def iou_matrix(dets, trks):
    out = np.zeros((len(dets), len(trks)))
    for i, d in enumerate(dets):
        for j, t in enumerate(trks):
            w = max(0.0, min(d[2], t[2]) - max(d[0], t[0]))
            h = max(0.0, min(d[3], t[3]) - max(d[1], t[1]))
            wh = w * h
            out[i, j] = wh / ((d[2] - d[0]) * (d[3] - d[1]) + (t[2] - t[0]) * (t[3] - t[1]) - wh)
    return out


def sort_run(frames, max_age, min_hits, thr):
    tracks, next_id, results = [], 0, []
    for count, dets in enumerate(frames, 1):
        preds, keep = [], []
        for t in tracks:
            b = t.predict()
            if not np.any(np.isnan(b)):
                preds.append(b)
                keep.append(t)
        tracks = keep
        matched = []
        um_d = list(range(len(dets)))
        um_t = list(range(len(preds)))
        if preds:
            iou = iou_matrix(dets, preds)
            pairs = []
            if len(dets) > 0:
                a = (iou > thr).astype(int)
                if a.sum(1).max() == 1 and a.sum(0).max() == 1:
                    pairs = [tuple(p) for p in np.stack(np.where(a), axis=1)]
                else:
                    r, c = linear_sum_assignment(-iou)
                    pairs = list(zip(r, c))
            um_d = [d for d in range(len(dets)) if d not in [p[0] for p in pairs]]
            um_t = [t for t in range(len(preds)) if t not in [p[1] for p in pairs]]
            for p in pairs:
                if iou[p[0], p[1]] < thr:
                    um_d.append(p[0])
                    um_t.append(p[1])
                else:
                    matched.append(p)
        for d, t in matched:
            tracks[t].update(dets[d])
        for d in um_d:
            tracks.append(Track(dets[d], next_id))
            next_id += 1
        out = []
        for i in range(len(tracks) - 1, -1, -1):
            t = tracks[i]
            if t.tsu < 1 and (t.streak >= min_hits or count <= min_hits):
                out.append((t.id + 1, to_box(t.x)))
            if t.tsu > max_age:
                tracks.pop(i)
        results.append(out)
    return results


def sort_sequence(seed, frames, objects):
    """Objects on straight lines that catch up with and cross each other, LCG jitter (half
    pixels) and one box in ten dropped; the same draws as SortSequence in trk_sort_test.cpp."""
    g = Lcg(seed)
    starts = [(50.0 + 60.0 * o, 100.0 + 25.0 * (o % 3), 6.0 - 3.0 * (o % 3), 0.8 * ((o % 2) * 2 - 1)) for o in range(objects)]
    seq = []
    for k in range(frames):
        dets = []
        for (x, y, vx, vy) in starts:
            jit = [((g.next() % 9) - 4) * 0.5 for _ in range(4)]
            drop = g.next() % 10 == 0
            if drop:
                continue
            x0, y0 = x + vx * k, y + vy * k
            dets.append([x0 + jit[0], y0 + jit[1], x0 + 40.0 + jit[2], y0 + 90.0 + jit[3]])
        seq.append(dets)
    return seq


def sort_ref():
    print("// SORT reference (numpy + scipy %s): per frame {id, x1, y1, x2, y2} in output order" % scipy.__version__)
    for seed, frames, objects, max_age, min_hits, thr in ((5, 30, 4, 1, 3, 0.3), (9, 16, 5, 3, 2, 0.2)):
        seq = sort_sequence(seed, frames, objects)
        res = sort_run(seq, max_age, min_hits, thr)
        print("// seed %d frames %d objects %d max_age %d min_hits %d iou %g" % (seed, frames, objects, max_age, min_hits, thr))
        for k, out in enumerate(res):
            print("{%s}," % ", ".join("{%d, %s}" % (i, ", ".join("%.13g" % v for v in b)) for i, b in out))


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    if what in ("lsap", "all"):
        lsap()
    if what in ("kalman", "all"):
        kalman()
    if what in ("sort", "all"):
        sort_ref()
