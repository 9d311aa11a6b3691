#!/usr/bin/env python3
"""Reference values for the classical_detectors topic, from Debian's python3-opencv 4.6.0.

usage: /usr/bin/python3 tools/classical_detectors_reference.py DATA_DIR [section ...]
sections: grey resize integral cascade stages fast keypoints (default: all)

Prints C++ initialisers that tests/topics/classical_detectors/core/*_test.cpp paste verbatim.
Images are the shipped samples (DATA_DIR/images/*.png, read with cv2.imread like any BGR photo)
and derived ones the tests rebuild exactly (mirror, crop, INTER_LINEAR_EXACT resize).
Checksum of an array v (flattened, as int64): sum_i uint64(v[i]) * ((i * 2654435761 + 12345) mod 2^32)
mod 2^64 -- the C++ tests compute the same.
"""
import os
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import cv2
import numpy as np

cv2.setNumThreads(1)   # candidates in the single-thread order (level, y, x)


def checksum(a):
    v = np.asarray(a).astype(np.int64).ravel().view(np.uint64)
    i = np.arange(v.size, dtype=np.uint64)
    w = (i * np.uint64(2654435761) + np.uint64(12345)) & np.uint64(0xFFFFFFFF)
    with np.errstate(over="ignore"):
        return int(np.sum(v * w, dtype=np.uint64))


def load_grey(data, name):
    bgr = cv2.imread(os.path.join(data, "images", name + ".png"), cv2.IMREAD_COLOR)
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)


def sample_images(data):
    """name -> grey image; the derived ones are rebuilt by the C++ tests the same way."""
    ast = load_grey(data, "astronaut")
    return {
        "astronaut": ast,
        "coffee": load_grey(data, "coffee"),
        "chelsea": load_grey(data, "chelsea"),
        "astronaut_mirror": np.ascontiguousarray(ast[:, ::-1]),
        "astronaut_crop": np.ascontiguousarray(ast[20:300, 100:380]),        # x 100..379, y 20..299
        "astronaut_384": cv2.resize(ast, (384, 384), interpolation=cv2.INTER_LINEAR_EXACT),
    }


def section_grey(data):
    print("// grey: cv2.cvtColor(cv2.imread(path), COLOR_BGR2GRAY): {name, width, height, checksum}")
    for name in ["astronaut", "coffee", "chelsea"]:
        g = load_grey(data, name)
        print('{"%s", %d, %d, %duLL},' % (name, g.shape[1], g.shape[0], checksum(g)))


RESIZE_SIZES = [(465, 465), (423, 423), (256, 256), (300, 200), (700, 650), (511, 257), (1, 1), (5, 700),
                (24, 24), (512, 300)]


def section_resize(data):
    print("// resize: cv2.resize(grey, (w, h), interpolation=INTER_LINEAR_EXACT): {image, w, h, checksum}")
    for name in ["astronaut", "coffee"]:
        g = load_grey(data, name)
        for (w, h) in RESIZE_SIZES:
            r = cv2.resize(g, (w, h), interpolation=cv2.INTER_LINEAR_EXACT)
            print('{"%s", %d, %d, %duLL},' % (name, w, h, checksum(r)))


def section_integral(data):
    print("// integral: cv2.integral2(grey) -> sum (int32), sqsum (float64 -> int64): {image, checksum sum, checksum sqsum}")
    for name in ["astronaut", "chelsea"]:
        g = load_grey(data, name)
        s, sq = cv2.integral2(g)
        print('{"%s", %duLL, %duLL},' % (name, checksum(s), checksum(sq.astype(np.int64))))


CASCADE_PARAMS = [(1.1, 3), (1.05, 3), (1.2, 5), (1.3, 1), (1.1, 0)]


def section_cascade(data):
    cc = cv2.CascadeClassifier(os.path.join(data, "cascades", "haarcascade_frontalface_default.xml"))
    print("// cascade: detectMultiScale(grey, scaleFactor, minNeighbors): {image, scale, minNeighbors, count,")
    print("//   checksum of the boxes sorted by (x, y, w, h), first box or 0s}")
    for name, g in sample_images(data).items():
        for sf, mn in CASCADE_PARAMS:
            r = cc.detectMultiScale(g, sf, mn)
            boxes = sorted(map(tuple, np.asarray(r).reshape(-1, 4).tolist()))
            first = boxes[0] if boxes else (0, 0, 0, 0)
            print('{"%s", %.2f, %d, %d, %duLL, {%d, %d, %d, %d}},' % (name, sf, mn, len(boxes), checksum(boxes), *first))
    g = sample_images(data)["astronaut"]
    t = time.perf_counter()
    for _ in range(3):
        cc.detectMultiScale(g, 1.1, 3)
    print("// OpenCV 4.6 detectMultiScale on astronaut 512x512, 1 thread: %.1f ms" % ((time.perf_counter() - t) / 3 * 1e3))


def truncated_cascade(src, k, tmpdir):
    tree = ET.parse(src)
    casc = tree.getroot().find("cascade")
    stages = casc.find("stages")
    for st in list(stages)[k:]:
        stages.remove(st)
    casc.find("stageNum").text = str(k)
    path = os.path.join(tmpdir, "trunc_%d.xml" % k)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return cv2.CascadeClassifier(path)


def section_stages(data):
    """Windows surviving the first k stages: at scale 1 only (minSize = maxSize = 24x24) and over the
    whole pyramid (scaleFactor 1.1), from cascades truncated to k stages, minNeighbors = 0."""
    src = os.path.join(data, "cascades", "haarcascade_frontalface_default.xml")
    names = ["astronaut", "coffee", "astronaut_384"]
    imgs = sample_images(data)
    with tempfile.TemporaryDirectory() as tmp:
        ccs = {k: truncated_cascade(src, k, tmp) for k in range(1, 26)}
        print("// stages at scale 1: {image, k, windows passing stages 0..k-1, checksum of sorted (x, y)}")
        for name in names:
            g = imgs[name]
            for k in range(1, 26):
                r = ccs[k].detectMultiScale(g, 1.1, 0, minSize=(24, 24), maxSize=(24, 24))
                pts = sorted((int(b[0]), int(b[1])) for b in np.asarray(r).reshape(-1, 4))
                print('{"%s", %d, %d, %duLL},' % (name, k, len(pts), checksum(pts)))
        print("// stages over the pyramid (1.1): {image, k, raw candidates, checksum of sorted boxes}")
        for name in names:
            g = imgs[name]
            for k in [1, 2, 3, 5, 8, 12, 18, 25]:
                r = ccs[k].detectMultiScale(g, 1.1, 0)
                boxes = sorted(map(tuple, np.asarray(r).reshape(-1, 4).tolist()))
                print('{"%s", %d, %d, %duLL},' % (name, k, len(boxes), checksum(boxes)))


def section_fast(data):
    print("// fast: cv2.FastFeatureDetector_create(t, nonmax).detect(grey): {image, t, nonmax, count,")
    print("//   checksum of (x, y, response) in OpenCV's order}")
    for name in ["astronaut", "coffee", "chelsea"]:
        g = load_grey(data, name)
        for t in [10, 20, 40]:
            for nm in [True, False]:
                kps = cv2.FastFeatureDetector_create(t, nm).detect(g)
                arr = [(int(k.pt[0]), int(k.pt[1]), int(k.response)) for k in kps]
                print('{"%s", %d, %s, %d, %duLL},' % (name, t, "true" if nm else "false", len(arr), checksum(arr)))


# ---- keypoints under known transforms ------------------------------------------------------
# The transform of image A (w x h) about its centre (cx, cy) = ((w-1)/2, (h-1)/2):
# rotation by `angle` degrees counter-clockwise on screen, then scaling by `scale`:
# B(p) = A(H^-1 p), H = T(c) R S T(-c). Output has A's size; outside A is 0.

def transform_matrix(w, h, angle_deg, scale):
    cx, cy = (w - 1) / 2.0, (h - 1) / 2.0
    a = np.deg2rad(angle_deg)
    c, s = np.cos(a) * scale, np.sin(a) * scale
    # y down: counter-clockwise on screen is (x, y) -> (c x + s y, -s x + c y)
    return np.array([[c, s, cx - c * cx - s * cy], [-s, c, cy + s * cx - c * cy], [0, 0, 1]], dtype=np.float64)


def warp(g, H):
    return cv2.warpAffine(g, H[:2], (g.shape[1], g.shape[0]), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=0)


def project(H, pts):
    p = np.hstack([pts, np.ones((len(pts), 1))]) @ H.T
    return p[:, :2] / p[:, 2:3]


def repeatability(ka, kb, H, w, h, eps=3.0):
    """Share of keypoints found again: A's keypoints whose image under H lies inside B, B's whose
    preimage lies inside A; repeated = A's (inside) with a B keypoint (inside) within eps pixels of
    H(a); divided by min(#A inside, #B inside)."""
    pa = np.array([k.pt for k in ka], dtype=np.float64).reshape(-1, 2)
    pb = np.array([k.pt for k in kb], dtype=np.float64).reshape(-1, 2)
    if len(pa) == 0 or len(pb) == 0:
        return 0.0
    ha = project(H, pa)
    hb = project(np.linalg.inv(H), pb)
    ina = (ha[:, 0] >= 0) & (ha[:, 0] <= w - 1) & (ha[:, 1] >= 0) & (ha[:, 1] <= h - 1)
    inb = (hb[:, 0] >= 0) & (hb[:, 0] <= w - 1) & (hb[:, 1] >= 0) & (hb[:, 1] <= h - 1)
    A, B = ha[ina], pb[inb]
    if len(A) == 0 or len(B) == 0:
        return 0.0
    d2 = ((A[:, None, :] - B[None, :, :]) ** 2).sum(-1)
    repeated = int((d2.min(1) <= eps * eps).sum())
    return repeated / min(len(A), len(B))


ROTATIONS = [15, 30, 45, 90]


def section_keypoints(data):
    print("// keypoints: repeatability (%%) under rotation about the centre, eps 3 px, OpenCV 4.6 defaults")
    print("//   (cv2.ORB_create(), cv2.SIFT_create()): {image, angle, orb, sift}")
    orb, sift = cv2.ORB_create(), cv2.SIFT_create()
    for name in ["astronaut", "chelsea"]:
        g = load_grey(data, name)
        h, w = g.shape
        ka_o, ka_s = orb.detect(g), sift.detect(g)
        for ang in ROTATIONS:
            H = transform_matrix(w, h, ang, 1.0)
            b = warp(g, H)
            ro = repeatability(ka_o, orb.detect(b), H, w, h)
            rs = repeatability(ka_s, sift.detect(b), H, w, h)
            print('{"%s", %d, %.2f, %.2f},' % (name, ang, 100 * ro, 100 * rs))
    g = load_grey(data, "astronaut")
    for label, det in [("orb", orb), ("sift", sift)]:
        t = time.perf_counter()
        for _ in range(3):
            k, d = det.detectAndCompute(g, None)
        print("// %s on astronaut 512x512, 1 thread: %d keypoints, %.1f ms" % (label, len(k), (time.perf_counter() - t) / 3 * 1e3))


SECTIONS = {"grey": section_grey, "resize": section_resize, "integral": section_integral,
            "cascade": section_cascade, "stages": section_stages, "fast": section_fast,
            "keypoints": section_keypoints}

if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    data = sys.argv[1]
    print("// tools/classical_detectors_reference.py, OpenCV %s" % cv2.__version__)
    for s in (sys.argv[2:] or list(SECTIONS)):
        SECTIONS[s](data)
