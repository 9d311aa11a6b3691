#!/usr/bin/python3
"""Reference values for tests/topics/camera: cv2.projectPoints, cv2.Rodrigues and
cv2.calibrateCamera (OpenCV 4.6.0, Debian python3-opencv) on the same synthetic views that
src/topics/camera/core/cam_calib.cpp makes (MakeCalibViews: std::mt19937, uniforms and
Box-Muller normals of core/random.h, replicated below).

usage: /usr/bin/python3 tools/camera_reference.py [project|rodrigues|calib|all]
Prints C++ initialisers to paste into the tests.
"""
import math
import sys

import cv2
import numpy as np


class Mt19937:
    """std::mt19937 with its default seeding (not Python's random, which seeds differently)."""

    def __init__(self, seed):
        self.mt = [0] * 624
        self.mt[0] = seed & 0xFFFFFFFF
        for i in range(1, 624):
            prev = self.mt[i - 1]
            self.mt[i] = (1812433253 * (prev ^ (prev >> 30)) + i) & 0xFFFFFFFF
        self.index = 624

    def __call__(self):
        if self.index >= 624:
            for i in range(624):
                y = (self.mt[i] & 0x80000000) | (self.mt[(i + 1) % 624] & 0x7FFFFFFF)
                v = self.mt[(i + 397) % 624] ^ (y >> 1)
                if y & 1:
                    v ^= 0x9908B0DF
                self.mt[i] = v
            self.index = 0
        y = self.mt[self.index]
        self.index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y & 0xFFFFFFFF


def uniform01(rng):
    return (rng() + 0.5) / 4294967296.0


def uniform(rng, lo, hi):
    return lo + (hi - lo) * uniform01(rng)


def normal(rng, mean, sd):
    u1 = uniform01(rng)
    u2 = uniform01(rng)
    return mean + sd * (math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * 3.14159265358979323846 * u2))


def make_views(seed, views, cols, rows, square, noise, max_tilt, K, dist, W, H):
    """MakeCalibViews of cam_calib.cpp, draw for draw."""
    rng = Mt19937(seed)
    obj = np.array([[i * square, j * square, 0.0] for j in range(1, rows) for i in range(1, cols)])
    centre = np.array([0.5 * cols * square, 0.5 * rows * square, 0.0])
    board_w = (cols - 2) * square
    fx, fy = K[0, 0], K[1, 1]
    out_obj, out_img = [], []
    for v in range(views):
        ok = False
        for attempt in range(200):
            ax = uniform(rng, -max_tilt, max_tilt)
            ay = uniform(rng, -max_tilt, max_tilt)
            az = uniform(rng, -0.3, 0.3)
            frac = uniform(rng, 0.45, 0.75)
            ox = uniform(rng, -0.2, 0.2)
            oy = uniform(rng, -0.2, 0.2)
            rvec = np.array([ax, ay, az])
            R, _ = cv2.Rodrigues(rvec)
            depth = fx * board_w / (frac * W)
            centre_cam = np.array([ox * W / fx * depth, oy * H / fy * depth, depth])
            t = centre_cam - R @ centre
            xc = (R @ obj.T).T + t
            px, _ = cv2.projectPoints(obj, rvec, t, K, dist)
            px = px.reshape(-1, 2)
            if np.all(xc[:, 2] > 0) and np.all((px[:, 0] >= 0) & (px[:, 0] < W) & (px[:, 1] >= 0) & (px[:, 1] < H)):
                for p in px:
                    p[0] += normal(rng, 0.0, noise)
                    p[1] += normal(rng, 0.0, noise)
                out_obj.append(obj.copy())
                out_img.append(px.copy())
                ok = True
                break
        if not ok:
            raise RuntimeError("view %d" % v)
    return out_obj, out_img


def fmt(x):
    return repr(float(x))


def project():
    print("// cv2.projectPoints, OpenCV %s" % cv2.__version__)
    pts = np.array([[0.1, -0.2, 1.5], [-0.4, 0.3, 2.0], [0.35, 0.25, 0.9], [0.0, 0.0, 3.0], [-0.6, -0.45, 1.2]])
    cases = [
        (np.array([[800.0, 0, 320.0], [0, 780.0, 240.0], [0, 0, 1]]), np.array([-0.3, 0.12, 0.001, -0.002, -0.02]),
         np.array([0.1, -0.2, 0.05]), np.array([0.05, -0.1, 0.3])),
        (np.array([[612.5, 0, 300.25], [0, 611.0, 251.5], [0, 0, 1]]), np.array([0.25, -0.5, -0.004, 0.003, 0.4]),
         np.array([-0.3, 0.6, -0.2]), np.array([-0.2, 0.15, 0.8])),
    ]
    for K, d, r, t in cases:
        px, _ = cv2.projectPoints(pts, r, t, K, d)
        print("{" + ", ".join("{%s, %s}" % (fmt(p[0]), fmt(p[1])) for p in px.reshape(-1, 2)) + "},")


def rodrigues():
    print("// cv2.Rodrigues, OpenCV %s: vector -> matrix" % cv2.__version__)
    for r in ([0.1, -0.2, 0.3], [1.2, 0.4, -2.0], [1e-9, 0, 0], [0.0, 3.0, 0.5]):
        R, _ = cv2.Rodrigues(np.array(r, dtype=np.float64))
        print("{" + ", ".join(fmt(x) for x in R.reshape(-1)) + "},")
    print("// matrix -> vector (angles near 0, generic, and near pi)")
    for r in ([0.4, -1.1, 0.7], [2e-7, -1e-7, 3e-7], [math.pi - 1e-7, 0.0, 0.0], [0.0, 2.2, -2.2]):
        R, _ = cv2.Rodrigues(np.array(r, dtype=np.float64))
        v, _ = cv2.Rodrigues(R)
        print("{{%s}, {%s}}," % (", ".join(fmt(x) for x in R.reshape(-1)), ", ".join(fmt(x) for x in v.reshape(-1))))


CALIB_CASES = [
    # seed, views, cols, rows, square, noise, tilt, (fx, fy, cx, cy), dist, W, H
    (1, 12, 9, 7, 0.03, 0.3, 0.6, (620.0, 610.0, 322.5, 237.25), (-0.28, 0.09, 0.0012, -0.0008, -0.01), 640, 480),
    (7, 8, 8, 6, 0.025, 0.5, 0.5, (900.0, 905.0, 400.0, 300.0), (0.1, -0.25, -0.002, 0.001, 0.15), 800, 600),
    (3, 20, 10, 8, 0.02, 0.1, 0.7, (500.0, 500.0, 330.0, 250.0), (-0.05, 0.01, 0.0, 0.0, 0.0), 640, 480),
]


def calib():
    print("// cv2.calibrateCamera(flags=0, default criteria), OpenCV %s" % cv2.__version__)
    for (seed, views, cols, rows, sq, noise, tilt, kk, dd, W, H) in CALIB_CASES:
        K = np.array([[kk[0], 0, kk[2]], [0, kk[1], kk[3]], [0, 0, 1]])
        dist = np.array(dd)
        obj, img = make_views(seed, views, cols, rows, sq, noise, tilt, K, dist, W, H)
        # OpenCV takes only float32 points here: the data are rounded to float32 (about 1e-5 px).
        o32 = [o.astype(np.float32) for o in obj]
        i32 = [i.astype(np.float32) for i in img]
        for label, oo, ii in (("float32", o32, i32),):
            rms, Kc, dc, rv, tv = cv2.calibrateCamera(oo, ii, (W, H), None, None)
            crit = (cv2.TERM_CRITERIA_COUNT + cv2.TERM_CRITERIA_EPS, 1000, sys.float_info.epsilon)
            rms2, K2, d2, _, _ = cv2.calibrateCamera(oo, ii, (W, H), None, None, criteria=crit)
            print("// seed %d (%s): default criteria then 1000 iterations; first view's corner 0 = %s"
                  % (seed, label, img[0][0]))
            print("{%d, {%s}, {%s}, %s}," % (seed, ", ".join(fmt(x) for x in (Kc[0, 0], Kc[1, 1], Kc[0, 2], Kc[1, 2])),
                                            ", ".join(fmt(x) for x in dc.reshape(-1)), fmt(rms)))
            print("//   converged: {%s}, {%s}, %s" % (", ".join(fmt(x) for x in (K2[0, 0], K2[1, 1], K2[0, 2], K2[1, 2])),
                                                   ", ".join(fmt(x) for x in d2.reshape(-1)), fmt(rms2)))
        del o32, i32


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    if what in ("project", "all"):
        project()
    if what in ("rodrigues", "all"):
        rodrigues()
    if what in ("calib", "all"):
        calib()
