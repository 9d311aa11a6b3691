#!/usr/bin/python3
"""Writes tests/topics/image_processing/cli/image_processing_cases.json: mlviz-cli image_processing
cases whose expected values come from OpenCV 4.6.0 (cv2.threshold THRESH_OTSU, cv2.Canny,
cv2.GaussianBlur, cv2.adaptiveThreshold, cv2.filter2D), scikit-image 0.19.3 (threshold_otsu) and
torchvision 0.14.1 (RandomResizedCrop.get_params), all Debian bookworm packages, plus hand-computed
box transforms and label weights. Inputs are inline ("pixels" or "image_base64", PNGs made by
cv2.imencode), so the cases need no data files.

usage: /usr/bin/python3 tools/image_processing_cli_cases.py
"""
import base64
import json
import os

import cv2
import numpy as np
import skimage.filters
import torch
from torchvision.transforms import RandomResizedCrop

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "tests", "topics", "image_processing", "cli", "image_processing_cases.json")
ARGS = ["image_processing"]


def lcg_image(w, h, seed, kind):
    """Same as tools/image_processing_reference.py and the C++ tests."""
    x = seed
    out = np.zeros((h, w), np.uint8)
    for y in range(h):
        for c in range(w):
            x = (1103515245 * x + 12345) % (1 << 31)
            r = (x >> 16) & 0x7FFF
            out[y, c] = r % 256 if kind == 0 else ((60 + r % 40 if r & 1 else 170 + r % 50) if kind == 1 else (30, 100, 220)[r % 3])
    return out


def colour_scene(w, h):
    """A small BGR scene with a disc, a bar and a ramp, for the base64 cases."""
    y, x = np.mgrid[0:h, 0:w]
    img = np.zeros((h, w, 3), np.uint8)
    img[..., 0] = (x * 255 // max(1, w - 1)).astype(np.uint8)
    img[..., 1] = 40
    img[..., 2] = (y * 255 // max(1, h - 1)).astype(np.uint8)
    disc = (x - w * 0.35) ** 2 + (y - h * 0.5) ** 2 < (min(w, h) * 0.3) ** 2
    img[disc] = (20, 220, 240)
    img[2:5, w // 2:w - 2] = (250, 250, 250)
    return img


def b64png(bgr):
    ok, buf = cv2.imencode(".png", bgr)
    assert ok
    return base64.b64encode(buf.tobytes()).decode("ascii")


def gray_of(bgr):
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)


def rows(a):
    return [[int(v) for v in r] for r in a]


cases = []


def ok(name, inp, expect):
    cases.append({"name": "image_processing: " + name, "args": ARGS, "input": inp, "exit": 0, "expect": expect})


def bad(name, inp, contains):
    cases.append({"name": "image_processing: " + name, "args": ARGS, "input": inp, "exit": 2, "error_contains": contains})


# ---- otsu
lcg = lcg_image(16, 12, 7, 1)
t = cv2.threshold(lcg, 0, 255, cv2.THRESH_OTSU)[0]
assert t == skimage.filters.threshold_otsu(lcg)
ok("otsu on inline pixels equals cv2 THRESH_OTSU and skimage threshold_otsu (%d)" % t,
   {"op": "otsu", "pixels": rows(lcg)}, {"threshold": int(t), "width": 16, "height": 12, "foreground": int((lcg > t).sum())})
scene = colour_scene(24, 16)
g = gray_of(scene)
t = cv2.threshold(g, 0, 255, cv2.THRESH_OTSU)[0]
ok("otsu on a base64 colour PNG (grey as cv2 COLOR_BGR2GRAY): %d" % t, {"op": "otsu", "image_base64": b64png(scene)},
   {"threshold": int(t), "histogram": [int(v) for v in np.bincount(g.ravel(), minlength=256)]})
ok("otsu of two values is the lower one; the curve is flat across the gap",
   {"op": "otsu", "pixels": [[50, 50, 200, 200, 200]]}, {"threshold": 50, "mean0": 50, "mean1": 200, "weight0": 0.4})
ok("otsu of a constant image is 0 (cv2; skimage would say 77)", {"op": "otsu", "pixels": [[77, 77], [77, 77]]},
   {"threshold": 0, "max_variance": 0})

# ---- canny
step = np.zeros((6, 8), np.uint8)
step[:, 1:] = 200
step[4:, :] = 90
for l2 in (False, True):
    e = cv2.Canny(step, 50, 100, apertureSize=3, L2gradient=l2)
    ok("canny on a step at the image border equals cv2.Canny (L2 %s): the outermost column is an edge" % l2,
       {"op": "canny", "pixels": rows(step), "low": 50, "high": 100, "l2": l2}, {"edge_map": rows(e), "edges": int((e > 0).sum())})
scene = colour_scene(40, 30)
g = gray_of(scene)
for sigma, lo, hi, l2 in [(0, 40, 120, False), (0, 40, 120, True), (1.0, 20, 60, False), (0, 120, 40, False)]:
    src = cv2.GaussianBlur(g, (0, 0), sigma) if sigma > 0 else g
    e = cv2.Canny(src, lo, hi, apertureSize=3, L2gradient=l2)
    ok("canny on a base64 PNG, sigma %g, low %g, high %g, L2 %s equals cv2.Canny%s" % (
        sigma, lo, hi, l2, " of cv2.GaussianBlur(g, (0, 0), %g)" % sigma if sigma > 0 else ""),
       {"op": "canny", "image_base64": b64png(scene), "sigma": sigma, "low": lo, "high": hi, "l2": l2},
       {"edge_map": rows(e), "edges": int((e > 0).sum()), "width": 40, "height": 30})
ok("canny writes the edge map to 'out' as a PNG",
   {"op": "canny", "pixels": rows(step), "low": 50, "high": 100, "out": "/tmp/mlviz_image_processing_cli_edges.png"},
   {"out": "/tmp/mlviz_image_processing_cli_edges.png"})
ok("canny L2 thresholds are squared and floored: 10.5 -> 110",
   {"op": "canny", "pixels": rows(step), "low": 10.5, "high": 20, "l2": True}, {"low_int": 110, "high_int": 400})

# ---- adaptive
lcg = lcg_image(20, 14, 3, 0)
for method, block, c, inv in [("mean", 5, 2, False), ("mean", 3, -1.5, True), ("gaussian", 3, 2.5, False), ("gaussian", 7, 0, False)]:
    m = cv2.ADAPTIVE_THRESH_MEAN_C if method == "mean" else cv2.ADAPTIVE_THRESH_GAUSSIAN_C
    out = cv2.adaptiveThreshold(lcg, 255, m, cv2.THRESH_BINARY_INV if inv else cv2.THRESH_BINARY, block, c)
    ok("adaptive %s block %d C %g%s equals cv2.adaptiveThreshold" % (method, block, c, " inverted" if inv else ""),
       {"op": "adaptive", "pixels": rows(lcg), "method": method, "block_size": block, "c": c, "invert": inv},
       {"binary": rows(out), "foreground": int((out > 0).sum())})

# ---- convolve (integer kernels on integer pixels: exact in float32, so equal to cv2.filter2D)
img = np.array([[(x * 37 + y * 91) % 50 for x in range(6)] for y in range(5)], np.float32)
k3 = np.array([[1, 2, 0], [-1, 0, 3], [0, -2, 1]], np.float64)
for border, bt in [("zero", cv2.BORDER_CONSTANT), ("replicate", cv2.BORDER_REPLICATE), ("reflect", cv2.BORDER_REFLECT_101)]:
    out = cv2.filter2D(img, -1, k3, borderType=bt)
    ok("convolve custom 3x3, border %s, equals cv2.filter2D (BORDER_%s)" % (
        border, {"zero": "CONSTANT", "replicate": "REPLICATE", "reflect": "REFLECT_101"}[border]),
       {"op": "convolve", "pixels": rows(img), "kernel": "custom", "size": 3, "weights": k3.ravel().tolist(), "border": border,
        "probe": [0, 0]},
       {"values": out.tolist(), "probe": {"sum": float(out[0, 0])}})
for name, k in [("sobel_x", [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]), ("laplacian", [[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
                ("emboss", [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]), ("sharpen", [[0, -1, 0], [-1, 5, -1], [0, -1, 0]])]:
    out = cv2.filter2D(img, -1, np.array(k, np.float64), borderType=cv2.BORDER_REFLECT_101)
    ok("convolve preset %s equals cv2.filter2D" % name, {"op": "convolve", "pixels": rows(img), "kernel": name},
       {"values": out.tolist(), "kernel": {"size": 3, "weights": [float(v) for v in np.array(k).ravel()]}})
ok("convolve: the probe lists the 9 products of the zero border, outside terms have no source",
   {"op": "convolve", "pixels": [[1, 2], [3, 4]], "kernel": "laplacian", "border": "zero", "probe": [0, 0]},
   {"probe": {"sum": 1.0, "terms": [
       {"dx": -1, "dy": -1, "source": None}, {"dx": 0, "dy": -1, "weight": 1.0, "source": None}, {"dx": 1, "dy": -1, "source": None},
       {"dx": -1, "dy": 0, "source": None}, {"dx": 0, "dy": 0, "weight": -4.0, "value": 1.0, "product": -4.0, "source": [0, 0]},
       {"dx": 1, "dy": 0, "value": 2.0, "product": 2.0, "source": [1, 0]}, {"dx": -1, "dy": 1, "source": None},
       {"dx": 0, "dy": 1, "value": 3.0, "product": 3.0, "source": [0, 1]}, {"dx": 1, "dy": 1, "weight": 0.0, "source": [1, 1]}]}})
gk = cv2.getGaussianKernel(5, 1.2).ravel()
ok("convolve gaussian 5 sigma 1.2: cv2.getGaussianKernel outer product, sums to 1",
   {"op": "convolve", "pixels": [[10]], "kernel": "gaussian", "size": 5, "sigma": 1.2},
   {"kernel": {"size": 5, "sum": 1.0, "weights": np.outer(gk, gk).ravel().tolist()}})

# ---- augment_boxes (hand-computed against a direct transform of the corners)
ok("augment_boxes: hflip then 90 degrees counter-clockwise, clipped to the canvas",
   {"op": "augment_boxes", "width": 100, "height": 50, "boxes": [[10, 10, 30, 20]], "hflip": True, "angle": 90},
   {"boxes": [[35, 0, 45, 5]], "source": [0], "label_weights": {"a": 1, "b": 0}})
ok("augment_boxes: crop (20, 10, 50, 25) resized to 100 x 50 doubles coordinates; a box outside is dropped",
   {"op": "augment_boxes", "width": 100, "height": 50, "boxes": [[30, 15, 40, 30], [0, 0, 10, 5], [60, 20, 90, 45]],
    "labels": [4, 5, 6], "crop": [20, 10, 50, 25]},
   {"boxes": [[20, 10, 40, 40], [80, 20, 100, 50]], "labels": [4, 6], "source": [0, 2], "crop": [20, 10, 50, 25]})
ok("augment_boxes: vflip maps y to H - y", {"op": "augment_boxes", "width": 40, "height": 30, "boxes": [[1, 2, 3, 10]], "vflip": True},
   {"boxes": [[1, 20, 3, 28]]})
for w, h, scale, ratio in [(100, 50, (2.0, 3.0), (0.75, 4 / 3)), (101, 37, (5.0, 6.0), (0.3, 0.6))]:
    i, j, hh, ww = RandomResizedCrop.get_params(torch.zeros(1, h, w), list(scale), list(ratio))
    ok("augment_boxes: RandomResizedCrop falls back to torchvision's centre crop %s for scale %s" % ([j, i, ww, hh], list(scale)),
       {"op": "augment_boxes", "width": w, "height": h, "boxes": [], "random_resized_crop": {"scale": list(scale), "ratio": list(ratio)}},
       {"crop": [j, i, ww, hh], "boxes": []})
ok("augment_boxes: mixup keeps both sets of boxes with weights lambda and 1 - lambda (Zhang et al. 2018)",
   {"op": "augment_boxes", "width": 20, "height": 10, "boxes": [[1, 1, 5, 5]], "mix": "mixup", "lambda": 0.25,
    "partner": {"width": 10, "height": 10, "boxes": [[0, 0, 5, 10]], "labels": [2]}},
   {"boxes": [[1, 1, 5, 5], [0, 0, 10, 10]], "labels": [0, 2], "source": [0, -1], "box_weights": [0.25, 0.75],
    "label_weights": {"a": 0.25, "b": 0.75}, "lambda": 0.25})
ok("augment_boxes: cutmix label weight is 1 - clipped patch area / (W H) (Yun et al. 2019): 1 - 50*15/5000",
   {"op": "augment_boxes", "width": 100, "height": 50, "boxes": [[10, 10, 30, 20]], "mix": "cutmix", "lambda": 0.75,
    "cut": [30, 0, 50, 15], "partner": {"width": 50, "height": 50, "boxes": [[0, 0, 50, 50]]}},
   {"label_weights": {"a": 0.85, "b": 0.15}, "boxes": [[10, 10, 30, 20], [30, 0, 80, 15]], "cut": [30, 0, 50, 15]})

# ---- bad input
bad("missing op", {"pixels": [[1]]}, "missing field 'op'")
bad("unknown op", {"op": "sobel", "pixels": [[1]]}, "unknown op 'sobel'")
bad("input not an object", [1, 2], "must be a JSON object")
bad("unknown field for the op", {"op": "otsu", "pixels": [[1]], "low": 3}, "unknown field 'low'")
bad("no image", {"op": "otsu"}, "exactly one of 'image'")
bad("two images", {"op": "otsu", "pixels": [[1]], "image": "x.png"}, "exactly one of 'image'")
bad("image path that does not exist", {"op": "otsu", "image": "/nonexistent/mlviz/none.png"}, "cannot read")
bad("base64 with a bad character", {"op": "otsu", "image_base64": "iVBO!!"}, "image_base64")
bad("base64 that is not an image", {"op": "otsu", "image_base64": "Zm9vYmFy"}, "image_base64")
bad("pixel above 255", {"op": "otsu", "pixels": [[1, 256]]}, "pixels[0][1]")
bad("pixel not an integer", {"op": "otsu", "pixels": [[1, 2.5]]}, "pixels[0][1]")
bad("ragged pixel rows", {"op": "otsu", "pixels": [[1, 2], [3]]}, "pixels[1]")
bad("pixels not an array", {"op": "otsu", "pixels": 5}, "field 'pixels'")
bad("too many pixel rows", {"op": "otsu", "pixels": [[0]] * 257}, "at most 256")
bad("canny without low", {"op": "canny", "pixels": [[1]], "high": 3}, "missing field 'low'")
bad("canny negative threshold", {"op": "canny", "pixels": [[1]], "low": -1, "high": 3}, "'low'")
bad("canny sigma too big", {"op": "canny", "pixels": [[1]], "low": 1, "high": 3, "sigma": 25}, "'sigma'")
bad("canny even blur size", {"op": "canny", "pixels": [[1]], "low": 1, "high": 3, "sigma": 1, "blur_size": 4}, "kernel size 4")
bad("canny out to an unwritable path", {"op": "canny", "pixels": [[1]], "low": 1, "high": 3, "out": "/nonexistent/dir/e.png"},
    "cannot write")
bad("canny l2 not a bool", {"op": "canny", "pixels": [[1]], "low": 1, "high": 3, "l2": "yes"}, "'l2'")
bad("adaptive even block", {"op": "adaptive", "pixels": [[1]], "block_size": 4}, "block size 4")
bad("adaptive unknown method", {"op": "adaptive", "pixels": [[1]], "method": "median"}, "unknown method 'median'")
bad("adaptive C out of range", {"op": "adaptive", "pixels": [[1]], "c": 300}, "'c'")
bad("convolve unknown kernel", {"op": "convolve", "pixels": [[1]], "kernel": "blur"}, "unknown kernel 'blur'")
bad("convolve custom with 8 weights", {"op": "convolve", "pixels": [[1]], "kernel": "custom", "size": 3, "weights": [1] * 8},
    "9 weights")
bad("convolve custom 7x7", {"op": "convolve", "pixels": [[1]], "kernel": "custom", "size": 7, "weights": [1] * 25}, "3x3 or 5x5")
bad("convolve weights for a preset", {"op": "convolve", "pixels": [[1]], "kernel": "box", "weights": [1]}, "only for kernel 'custom'")
bad("convolve unknown border", {"op": "convolve", "pixels": [[1]], "border": "wrap"}, "unknown border 'wrap'")
bad("convolve probe outside", {"op": "convolve", "pixels": [[1]], "probe": [3, 0]}, "outside")
bad("convolve even box", {"op": "convolve", "pixels": [[1]], "kernel": "box", "size": 4}, "odd")
bad("augment_boxes without width", {"op": "augment_boxes", "height": 5, "boxes": []}, "missing field 'width'")
bad("augment_boxes huge width", {"op": "augment_boxes", "width": 100000, "height": 5, "boxes": []}, "'width'")
bad("augment_boxes box with x2 < x1", {"op": "augment_boxes", "width": 10, "height": 5, "boxes": [[5, 0, 1, 2]]}, "x1 <= x2")
bad("augment_boxes box of 3 numbers", {"op": "augment_boxes", "width": 10, "height": 5, "boxes": [[5, 0, 1]]}, "boxes[0]")
bad("augment_boxes crop outside", {"op": "augment_boxes", "width": 10, "height": 5, "boxes": [], "crop": [5, 0, 10, 5]}, "crop")
bad("augment_boxes crop and random crop", {"op": "augment_boxes", "width": 10, "height": 5, "boxes": [], "crop": [0, 0, 5, 5],
                                           "random_resized_crop": {}}, "not both")
bad("augment_boxes mix without partner", {"op": "augment_boxes", "width": 10, "height": 5, "boxes": [], "mix": "cutmix"}, "'partner'")
bad("augment_boxes unknown mix", {"op": "augment_boxes", "width": 10, "height": 5, "boxes": [], "mix": "mosaic"}, "unknown mode")
bad("augment_boxes lambda above 1", {"op": "augment_boxes", "width": 10, "height": 5, "boxes": [], "mix": "mixup", "lambda": 2,
                                     "partner": {"width": 4, "height": 4, "boxes": []}}, "'lambda'")

with open(OUT, "w") as f:
    f.write("[\n" + ",\n".join(" " + json.dumps(c, ensure_ascii=False) for c in cases) + "\n]\n")
print("%d cases -> %s" % (len(cases), os.path.relpath(OUT)))
