#!/usr/bin/python3
"""Writes tests/topics/{camera,tracking}/cli/*_cases.json: expected values from cv2 (OpenCV
4.6.0), scipy (1.10.1) and tools/tracking_reference.py's SORT loop; bad-input cases by hand.
usage: /usr/bin/python3 tools/camera_tracking_cli_cases.py"""
import json
import os
import sys

import cv2
import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tracking_reference as tr  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def camera_cases():
    K = [[800.0, 0.0, 320.0], [0.0, 780.0, 240.0], [0.0, 0.0, 1.0]]
    dist = [-0.3, 0.12, 0.001, -0.002, -0.02]
    pts = [[0.1, -0.2, 1.5], [-0.4, 0.3, 2.0], [0.0, 0.0, -1.0]]
    px, _ = cv2.projectPoints(np.array(pts), np.array([0.1, -0.2, 0.05]), np.array([0.05, -0.1, 0.3]), np.array(K), np.array(dist))
    cases = [{"name": "camera project: equals cv2.projectPoints (OpenCV 4.6.0), a point behind the camera flagged",
              "args": ["camera"], "input": {"op": "project", "points": pts, "K": K, "dist": dist,
                                            "rvec": [0.1, -0.2, 0.05], "tvec": [0.05, -0.1, 0.3]},
              "exit": 0, "expect": {"pixels": px.reshape(-1, 2).tolist(), "in_front": [True, True, False]}},
             {"name": "camera project: no dist is the pinhole u = fx X/Z + cx",
              "args": ["camera"], "input": {"op": "project", "points": [[1, 2, 4]], "K": [[500, 0, 100], [0, 400, 50], [0, 0, 1]],
                                            "rvec": [0, 0, 0], "tvec": [0, 0, 0]},
              "exit": 0, "expect": {"pixels": [[225.0, 250.0]]}},
             {"name": "camera project: skew K[0][1] shears u by skew * y (cv2.projectPoints would ignore it)",
              "args": ["camera"], "input": {"op": "project", "points": [[1, 2, 4]], "K": [[500, 20, 100], [0, 400, 50], [0, 0, 1]],
                                            "rvec": [0, 0, 0], "tvec": [0, 0, 0]},
              "exit": 0, "expect": {"pixels": [[235.0, 250.0]]}}]
    # Calibration: four noise-free views of a 6 x 5 board: the truth comes back.
    Kt = np.array([[700.0, 0, 320.0], [0, 690.0, 240.0], [0, 0, 1]])
    dt = np.array([-0.1, 0.02, 0.001, -0.001, 0.0])
    obj = [[i * 0.03, j * 0.03, 0.0] for j in range(1, 5) for i in range(1, 6)]
    views = [([0.3, -0.2, 0.1], [-0.09, -0.07, 0.5]), ([-0.35, 0.25, -0.2], [-0.08, -0.06, 0.45]),
             ([0.1, 0.4, 0.05], [-0.1, -0.08, 0.55]), ([-0.2, -0.3, 0.3], [-0.07, -0.09, 0.5])]
    img = []
    for r, t in views:
        p, _ = cv2.projectPoints(np.array(obj), np.array(r), np.array(t), Kt, dt)
        img.append(p.reshape(-1, 2).tolist())
    # k3 is fixed: its true value 0 would be recovered only to ~1e-12, past the cases' absolute 1e-12.
    cases.append({"name": "camera calibrate: noise-free views give back K, dist and the poses (k3 fixed at 0)", "args": ["camera"],
                  "input": {"op": "calibrate", "object_points": [obj] * 4, "image_points": img, "image_size": [640, 480],
                            "fix_k3": True},
                  "exit": 0, "expect": {"K": Kt.tolist(), "dist": dt.tolist(), "rvecs": [v[0] for v in views],
                                        "tvecs": [v[1] for v in views]}})
    bad = [
        ("unknown op", {"op": "undistort"}, "op"),
        ("unknown field", {"op": "project", "points": [], "K": K, "rvec": [0, 0, 0], "tvec": [0, 0, 0], "kk": 1}, "kk"),
        ("K not 3x3", {"op": "project", "points": [], "K": [[1, 0], [0, 1]], "rvec": [0, 0, 0], "tvec": [0, 0, 0]}, "K"),
        ("K bottom row", {"op": "project", "points": [], "K": [[800, 0, 1], [0, 800, 1], [0, 1, 1]], "rvec": [0, 0, 0], "tvec": [0, 0, 0]}, "K"),
        ("fx <= 0", {"op": "project", "points": [], "K": [[0, 0, 1], [0, 800, 1], [0, 0, 1]], "rvec": [0, 0, 0], "tvec": [0, 0, 0]}, "fx"),
        ("dist of 3", {"op": "project", "points": [], "K": K, "dist": [1, 2, 3], "rvec": [0, 0, 0], "tvec": [0, 0, 0]}, "dist"),
        ("point of 2", {"op": "project", "points": [[1, 2]], "K": K, "rvec": [0, 0, 0], "tvec": [0, 0, 0]}, "points[0]"),
        ("string coordinate", {"op": "project", "points": [[1, "a", 2]], "K": K, "rvec": [0, 0, 0], "tvec": [0, 0, 0]}, "points[0][1]"),
        ("missing tvec", {"op": "project", "points": [], "K": K, "rvec": [0, 0, 0]}, "tvec"),
        ("calibrate one view", {"op": "calibrate", "object_points": [obj], "image_points": [img[0]], "image_size": [640, 480]}, "views"),
        ("calibrate non-planar", {"op": "calibrate", "object_points": [[[0, 0, 1]] + obj[1:]] * 4, "image_points": img, "image_size": [640, 480]}, "z = 0"),
        ("calibrate size", {"op": "calibrate", "object_points": [obj] * 4, "image_points": img, "image_size": [640.5, 480]}, "image_size[0]"),
        ("calibrate mismatch", {"op": "calibrate", "object_points": [obj] * 4, "image_points": img[:3], "image_size": [640, 480]}, "differ"),
    ]
    for name, inp, needle in bad:
        cases.append({"name": "camera bad input: " + name, "args": ["camera"], "input": inp, "exit": 2, "error_contains": needle})
    cases.append({"name": "camera bad input: NaN in JSON", "args": ["camera"],
                  "input": '{"op": "project", "points": [[NaN, 0, 1]], "K": [[1,0,0],[0,1,0],[0,0,1]], "rvec": [0,0,0], "tvec": [0,0,0]}', "exit": 2})
    return cases


def tracking_cases():
    cases = []
    mats = [[[4, 1, 3], [2, 0, 5], [3, 2, 2]], [[1, 1, 1], [1, 1, 1]], [[1, 1], [1, 1], [1, 1]], [[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 1, 1]],
            [[0.5, 0.2, 0.9, 0.1], [0.3, 0.3, 0.3, 0.3]]]
    for m in mats:
        for maximize in (False, True):
            r, c = linear_sum_assignment(np.array(m, dtype=float), maximize=maximize)
            total = float(np.array(m, dtype=float)[r, c].sum())
            inp = {"op": "assign", "cost": m}
            if maximize:
                inp["maximize"] = True
            cases.append({"name": "tracking assign: scipy 1.10.1 %dx%d%s" % (len(m), len(m[0]), " maximize" if maximize else ""),
                          "args": ["tracking"], "input": inp, "exit": 0,
                          "expect": {"rows": r.tolist(), "cols": c.tolist(), "total": total}})
    cases.append({"name": "tracking assign: null forbids a pair", "args": ["tracking"],
                  "input": {"op": "assign", "cost": [[None, 1], [2, None]]}, "exit": 0, "expect": {"rows": [0, 1], "cols": [1, 0], "total": 3}})
    seq = tr.sort_sequence(5, 12, 3)
    res = tr.sort_run(seq, 1, 3, 0.3)
    dets = [[k + 1, [[round(v, 6) for v in b] for b in d]] for k, d in enumerate(seq)]
    res = tr.sort_run([[b for b in d[1]] for d in dets], 1, 3, 0.3)
    frames = [{"frame": k + 1, "tracks": [[float(b[0]), float(b[1]), float(b[2]), float(b[3]), i] for i, b in out]} for k, out in enumerate(res)]
    cases.append({"name": "tracking sort: equals the reference SORT loop (numpy + scipy), 12 frames", "args": ["tracking"],
                  "input": {"op": "sort", "detections": dets, "max_age": 1, "min_hits": 3, "iou_threshold": 0.3},
                  "exit": 0, "expect": {"frames": frames}})
    cases.append({"name": "tracking sort: frames not listed are empty: track 1 dies after max_age, the box comes back as track 2, "
                          "reported after min_hits updates",
                  "args": ["tracking"], "input": {"op": "sort", "detections": [[1, [[0, 0, 10, 20]]], [4, [[0, 0, 10, 20]]], [5, [[0, 0, 10, 20]]]],
                                                  "min_hits": 1},
                  "exit": 0, "expect": {"frames": [{"frame": 1, "tracks": [[0, 0, 10, 20, 1]]}, {"frame": 2, "tracks": []},
                                                    {"frame": 3, "tracks": []}, {"frame": 4, "tracks": []},
                                                    {"frame": 5, "tracks": [[0, 0, 10, 20, 2]]}]}})
    bad = [
        ("unknown op", {"op": "track"}, "op"),
        ("ragged cost", {"op": "assign", "cost": [[1, 2], [3]]}, "cost[1]"),
        ("string cost", {"op": "assign", "cost": [[1, "x"]]}, "cost[0][1]"),
        ("infeasible", {"op": "assign", "cost": [[None, None], [1, 2]]}, "infeasible"),
        ("too big", {"op": "assign", "cost": [[0]] * 501}, "cost"),
        ("frames not increasing", {"op": "sort", "detections": [[2, []], [1, []]]}, "detections[1][0]"),
        ("empty box", {"op": "sort", "detections": [[1, [[0, 0, 0, 10]]]]}, "detections[0][1][0]"),
        ("bad method", {"op": "sort", "detections": [], "method": "auction"}, "method"),
        ("bad threshold", {"op": "sort", "detections": [], "iou_threshold": 1.5}, "iou_threshold"),
        ("unknown field", {"op": "sort", "detections": [], "maxage": 3}, "maxage"),
        ("max_age beyond the slider's range", {"op": "sort", "detections": [], "max_age": 101}, "max_age"),
        ("min_hits beyond the slider's range", {"op": "sort", "detections": [], "min_hits": 31}, "min_hits"),
    ]
    for name, inp, needle in bad:
        cases.append({"name": "tracking bad input: " + name, "args": ["tracking"], "input": inp, "exit": 2, "error_contains": needle})
    return cases


def write(path, cases):
    with open(os.path.join(ROOT, path), "w") as f:
        f.write("[\n" + ",\n".join(" " + json.dumps(c) for c in cases) + "\n]\n")


if __name__ == "__main__":
    write("tests/topics/camera/cli/camera_cases.json", camera_cases())
    write("tests/topics/tracking/cli/tracking_cases.json", tracking_cases())
