#!/usr/bin/python3
"""Reference values for tests/topics/image_processing (OpenCV 4.6.0, scikit-image 0.19.3,
torchvision 0.14.1, NumPy 1.24 as Debian bookworm packages them).

usage: /usr/bin/python3 tools/image_processing_reference.py [DATA_DIR]   (default build/data)

Prints C++ initialisers to paste into the tests; each block names what it reproduces. Images are
the sample photos (scripts/data.sh) read with cv2.imread and turned grey with
cv2.cvtColor(COLOR_BGR2GRAY), plus small images built from a formula or an LCG the C++ tests
rebuild identically. Large outputs are compared through Checksum(): sum(v) and
sum(v_i * ((i * 2654435761) mod 2^32)) mod 2^64 over the row-major bytes.
"""
import math
import os
import sys

import cv2
import numpy as np
import skimage
import skimage.filters
import torch
import torchvision
import torchvision.transforms.functional as TF
from torchvision.transforms import RandomResizedCrop

DATA = sys.argv[1] if len(sys.argv) > 1 else "build/data"
IMAGES = ["astronaut", "coffee", "chelsea"]


def checksum(a):
    v = np.ascontiguousarray(a, dtype=np.uint8).ravel().astype(np.uint64)
    idx = (np.arange(v.size, dtype=np.uint64) * np.uint64(2654435761)) & np.uint64(0xFFFFFFFF)
    with np.errstate(over="ignore"):
        weighted = np.sum(v * idx, dtype=np.uint64)
    return int(v.sum()), int(weighted)


def gray(name):
    return cv2.cvtColor(cv2.imread(os.path.join(DATA, "images", name + ".png")), cv2.COLOR_BGR2GRAY)


def lcg_image(w, h, seed, kind):
    """Same generator as LcgImage() in the tests."""
    x = seed
    out = np.zeros((h, w), np.uint8)
    for y in range(h):
        for c in range(w):
            x = (1103515245 * x + 12345) % (1 << 31)
            r = (x >> 16) & 0x7FFF
            if kind == 0:
                v = r % 256
            elif kind == 1:
                v = 60 + r % 40 if r & 1 else 170 + r % 50
            else:
                v = (30, 100, 220)[r % 3]
            out[y, c] = v
    return out


def float_image():
    """7 x 6 float32 image of the filter2D tests: ((37 x + 91 y) mod 50) - 20 + 0.25 x."""
    y, x = np.mgrid[0:6, 0:7]
    return (((37 * x + 91 * y) % 50) - 20 + 0.25 * x).astype(np.float32)


def fmt(values, per_line=8):
    vals = ["%.17g" % v for v in values]
    return ",\n    ".join(", ".join(vals[i:i + per_line]) for i in range(0, len(vals), per_line))


def section(title):
    print("\n// ---- %s" % title)


print("// OpenCV %s, scikit-image %s, torchvision %s, torch %s, NumPy %s" % (
    cv2.__version__, skimage.__version__, torchvision.__version__, torch.__version__, np.__version__))

section("grey: cv2.cvtColor(COLOR_BGR2GRAY) of every colour, R outer, G, B inner; and of the samples")
r, g, b = np.meshgrid(np.arange(256), np.arange(256), np.arange(256), indexing="ij")
every = np.stack([b, g, r], -1).astype(np.uint8).reshape(4096, 4096, 3)
print("all colours:", checksum(cv2.cvtColor(every, cv2.COLOR_BGR2GRAY)))
for n in IMAGES:
    im = gray(n)
    print('{"%s", %d, %d, %dull, %dull},' % ((n, im.shape[1], im.shape[0]) + checksum(im)))

section("cv2.getGaussianKernel(n, sigma, CV_64F)")
for n, s in [(3, 0), (5, 0), (7, 0), (9, 0), (11, 0), (5, 1.2), (7, 2.0), (15, 3.3), (31, 5.0), (4, 1.0)]:
    if n % 2 == 0:
        continue
    print("{%d, %g, {%s}}," % (n, s, fmt(cv2.getGaussianKernel(n, s).ravel())))

section("cv2.GaussianBlur(gray, (k, k), sigma) on 8-bit (default BORDER_REFLECT_101): checksums")
blur_cases = [(0, 1.0), (0, 1.4), (5, 0.0), (9, 0.0), (7, 2.0), (0, 3.3), (11, 0.0), (3, 0.8), (1, 0.5), (0, 6.0)]
for n in IMAGES:
    im = gray(n)
    for k, s in blur_cases:
        print('{"%s", %d, %g, %dull, %dull},' % ((n, k, s) + checksum(cv2.GaussianBlur(im, (k, k), s))))

section("cv2.borderInterpolate(p, n, BORDER_REFLECT_101) for p in -7..12")
for n in [1, 2, 3, 5]:
    print("{%d, {%s}}," % (n, ", ".join(str(cv2.borderInterpolate(p, n, cv2.BORDER_REFLECT_101)) for p in range(-7, 13))))

section("cv2.filter2D(float_image, -1, K, borderType) for the custom kernels")
custom3 = np.array([[1, 2, 0], [-1, 0.5, 3], [0, -2, 1]], np.float64)
custom5 = np.array([[((i * 7 + j * 3) % 9) - 4 for j in range(5)] for i in range(5)], np.float64)
fimg = float_image()
for kname, k in [("custom3", custom3), ("custom5", custom5)]:
    for bname, bt in [("Zero", cv2.BORDER_CONSTANT), ("Replicate", cv2.BORDER_REPLICATE), ("Reflect", cv2.BORDER_REFLECT_101)]:
        out = cv2.filter2D(fimg, -1, k, borderType=bt)
        print("// %s %s\n{%s}," % (kname, bname, fmt(out.ravel())))

section("cv2.filter2D(astronaut as float32, -1, preset) BORDER_REFLECT_101: sum and sum of squares")
presets = {
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], np.float64),
    "laplacian": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], np.float64),
    "emboss": np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], np.float64),
    "sobel_x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], np.float64),
    "box7": np.full((7, 7), 1.0 / 49),
    "gauss9_2": cv2.getGaussianKernel(9, 2.0) @ cv2.getGaussianKernel(9, 2.0).T,
}
a = gray("astronaut").astype(np.float32)
for kname, k in presets.items():
    out = cv2.filter2D(a, -1, k, borderType=cv2.BORDER_REFLECT_101).astype(np.float64)
    print('{"%s", %.17g, %.17g},' % (kname, out.sum(), (out * out).sum()))

section("Otsu: cv2.threshold(THRESH_OTSU) and skimage.filters.threshold_otsu")
for n in IMAGES:
    im = gray(n)
    t = cv2.threshold(im, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[0]
    h = np.bincount(im.ravel(), minlength=256).astype(np.float64)
    # skimage's variance12 (unnormalised weights) divided by N^2 at a few thresholds
    w1 = np.cumsum(h)
    w2 = np.cumsum(h[::-1])[::-1]
    c = np.arange(256)
    with np.errstate(divide="ignore", invalid="ignore"):
        m1 = np.cumsum(h * c) / w1
        m2 = (np.cumsum((h * c)[::-1]) / w2[::-1])[::-1]
    var12 = w1[:-1] * w2[1:] * (m1[:-1] - m2[1:]) ** 2 / im.size ** 2
    print('{"%s", %d, %d, {%.17g, %.17g, %.17g}},  // sigma_B^2 at t = 50, 100, 150' % (
        n, t, skimage.filters.threshold_otsu(im), var12[50], var12[100], var12[150]))
for (w, h, seed, kind) in [(40, 30, 1, 0), (40, 30, 2, 1), (40, 30, 3, 2), (17, 9, 4, 1), (64, 64, 5, 2), (5, 3, 6, 0)]:
    im = lcg_image(w, h, seed, kind)
    print("{%d, %d, %d, %d, %d, %d}," % (w, h, seed, kind, cv2.threshold(im, 0, 255, cv2.THRESH_OTSU)[0],
                                         skimage.filters.threshold_otsu(im)))
const = np.full((4, 4), 77, np.uint8)
print("constant 77: cv2 %d, skimage %d" % (cv2.threshold(const, 0, 255, cv2.THRESH_OTSU)[0], skimage.filters.threshold_otsu(const)))
two = np.array([[50, 50, 200, 200, 200]], np.uint8)
print("{50, 50, 200, 200, 200}: cv2 %d, skimage %d, skimage on float / 255: %.17g" % (
    cv2.threshold(two, 0, 255, cv2.THRESH_OTSU)[0], skimage.filters.threshold_otsu(two),
    skimage.filters.threshold_otsu(two / 255.0)))

section("cv2.adaptiveThreshold(gray, 255, method, type, block, C): checksums")
adaptive_cases = [(0, 3, 2, 0), (0, 11, 2, 0), (0, 15, -3, 0), (0, 17, 2.5, 0), (0, 51, 5, 1), (0, 101, 0, 0), (0, 255, 7, 0),
                  (1, 3, 2, 0), (1, 5, 2, 0), (1, 7, -1.5, 1), (1, 9, 0, 0), (1, 11, 2, 0), (1, 31, 4, 0), (1, 101, 2.5, 1)]
for n in IMAGES:
    im = gray(n)
    for m, k, cst, inv in adaptive_cases:
        out = cv2.adaptiveThreshold(im, 255, [cv2.ADAPTIVE_THRESH_MEAN_C, cv2.ADAPTIVE_THRESH_GAUSSIAN_C][m],
                                    [cv2.THRESH_BINARY, cv2.THRESH_BINARY_INV][inv], k, cst)
        print('{"%s", %d, %d, %g, %d, %dull, %dull},' % ((n, m, k, cst, inv) + checksum(out)))

section("cv2.Canny(gray, low, high, apertureSize=3, L2gradient): checksums; sigma > 0: of cv2.GaussianBlur(gray, (0, 0), sigma)")
canny_cases = [(0, 50, 150, 0), (0, 100, 200, 0), (0, 50, 150, 1), (0, 20, 60, 1), (0, 150, 50, 0), (0, 30.5, 80.7, 0),
               (0, 30.5, 80.7, 1), (0, 0, 0, 0), (0, 10, 10, 1), (1.4, 30, 90, 0), (2.0, 20, 50, 1), (0.8, 60, 120, 0)]
for n in IMAGES:
    im = gray(n)
    for s, lo, hi, l2 in canny_cases:
        src = cv2.GaussianBlur(im, (0, 0), s) if s > 0 else im
        out = cv2.Canny(src, lo, hi, apertureSize=3, L2gradient=bool(l2))
        border = int((out[0] > 0).sum() + (out[-1] > 0).sum() + (out[1:-1, 0] > 0).sum() + (out[1:-1, -1] > 0).sum())
        print('{"%s", %g, %g, %g, %d, %d, %d, %dull, %dull},' % ((n, s, lo, hi, l2, int((out > 0).sum()), border) + checksum(out)))

section("cv2.Canny on small images with steps on the image border (full maps, 1 = edge)")
step = np.zeros((6, 8), np.uint8)
step[:, 1:] = 200          # a step between columns 0 and 1: the border column is a maximum
step[4:, :] = 90           # and a horizontal step at the bottom
for lo, hi, l2 in [(50, 100, 0), (50, 100, 1)]:
    out = cv2.Canny(step, lo, hi, apertureSize=3, L2gradient=bool(l2))
    print("// step image, low %d high %d L2 %d" % (lo, hi, l2))
    print("{%s}," % ", ".join('"%s"' % "".join("1" if v else "0" for v in row) for row in out))

section("torchvision 0.14 RandomResizedCrop.get_params fallback (no attempt fits): (i, j, h, w)")
torch.manual_seed(0)
for (w, h, scale, ratio) in [(100, 50, (2.0, 3.0), (0.75, 4 / 3)), (50, 100, (2.0, 3.0), (0.75, 4 / 3)),
                             (80, 80, (2.0, 3.0), (0.5, 2.0)), (300, 100, (1.5, 2.0), (1.0, 1.0)), (101, 37, (5.0, 6.0), (0.3, 0.6))]:
    print("{%d, %d, %g, %g, %.17g, %.17g, %s}," % (w, h, scale[0], scale[1], ratio[0], ratio[1],
                                                   "{%d, %d, %d, %d}" % RandomResizedCrop.get_params(torch.zeros(1, h, w), list(scale), list(ratio))))

section("torchvision.transforms.functional.rotate / hflip of a marker pixel at (x=2, y=1) in an 8 x 6 image")
img = torch.zeros(1, 6, 8)
img[0, 1, 2] = 1.0
for angle in [90, -90, 180]:
    out = TF.rotate(img, angle)
    ys, xs = torch.nonzero(out[0] > 0.5, as_tuple=True)
    print("rotate %d: %s" % (angle, [(int(x), int(y)) for x, y in zip(xs, ys)]))
out = TF.hflip(img)
ys, xs = torch.nonzero(out[0] > 0.5, as_tuple=True)
print("hflip: %s" % [(int(x), int(y)) for x, y in zip(xs, ys)])
