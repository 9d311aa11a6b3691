#!/usr/bin/python3
"""Writes tests/topics/classical_ml/cli/classical_ml_cases.json: mlviz-cli classical_ml cases whose
expected numbers come from scikit-learn 1.2.1 / imbalanced-learn 0.10.0 (Debian's python3-sklearn,
python3-imblearn). Run from the repository root with /usr/bin/python3."""
import json
import math
import os
import warnings

import numpy as np
from sklearn.decomposition import PCA
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve
from sklearn.tree import DecisionTreeClassifier
from imblearn.over_sampling import SMOTE

import importlib.util
_spec = importlib.util.spec_from_file_location("ref", os.path.join(os.path.dirname(__file__), "classical_ml_reference.py"))
ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ref)

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "topics", "classical_ml", "cli", "classical_ml_cases.json")


def L(a):
    return np.asarray(a).tolist()


def sign_normalised(rows):
    """The core's LDA sign convention: each row's largest-magnitude coefficient is positive."""
    out = []
    for r in np.atleast_2d(rows):
        out.append(L(r if r[np.argmax(np.abs(r))] > 0 else -r))
    return out


def case(name, inp, expect=None, exit=0, error=None):
    c = {"name": "classical_ml: " + name, "args": ["classical_ml"], "input": inp, "exit": exit}
    if expect is not None:
        c["expect"] = expect
    if error is not None:
        c["error_contains"] = error
    return c


def main():
    warnings.simplefilter("ignore")
    cases = []
    x, y = ref.parallel_classes(11, 10)
    p = PCA(n_components=2).fit(x)
    cases.append(case("pca on two parallel classes = sklearn PCA (svd_flip signs)", {"op": "pca", "x": L(x)},
                      {"components": L(p.components_), "explained_variance_ratio": L(p.explained_variance_ratio_),
                       "projected": L(p.transform(x))}))
    x3, y3 = ref.blobs3d(21, 8, 3)
    l3 = LinearDiscriminantAnalysis(solver="eigen").fit(x3, y3)
    cases.append(case("lda(eigen), 3 classes in 3-D: 2 components = sklearn's up to sign", {"op": "lda", "x": L(x3), "y": L(y3)},
                      {"components": sign_normalised(l3.scalings_.T[:2]), "explained_variance_ratio": L(l3.explained_variance_ratio_),
                       "classes": [0, 1, 2]}))
    cases.append(case("lda: 3 classes give at most 2 components", {"op": "lda", "x": L(x3), "y": L(y3), "n_components": 3},
                      exit=2, error="n_components"))

    xt, yt = ref.blobs2d(1, 30, 3)
    t = DecisionTreeClassifier(max_depth=3, random_state=0).fit(xt, yt)
    assert len({ref.tree_signature(DecisionTreeClassifier(max_depth=3, random_state=rs).fit(xt, yt).tree_) for rs in range(20)}) == 1
    xq = ref.uniform_points(99, 6, -1.5, 3.0)
    tt = t.tree_
    nodes = []
    for i in range(tt.node_count):
        n = {"left": int(tt.children_left[i]), "right": int(tt.children_right[i]), "value": L(tt.value[i, 0])}
        if tt.children_left[i] >= 0:
            n["feature"] = int(tt.feature[i])
            n["threshold"] = float(tt.threshold[i])
        nodes.append(n)
    cases.append(case("tree = DecisionTreeClassifier(max_depth=3): nodes, float32 midpoint thresholds, predict_proba",
                      {"op": "tree", "x": L(xt), "y": L(yt), "max_depth": 3, "points": L(xq)},
                      {"nodes": nodes, "proba": L(t.predict_proba(xq))}))
    cases.append(case("forest without bootstrap, all features: every tree is the sklearn tree",
                      {"op": "forest", "x": L(xt), "y": L(yt), "max_depth": 3, "n_estimators": 2, "bootstrap": False,
                       "max_features": 2, "points": L(xq), "stages": [2]},
                      {"stages": [2], "proba": [L(t.predict_proba(xq))]}))

    for name, xs, ys, lr, depth, crit in (("two classes", xt[yt < 2], yt[yt < 2], 0.3, 3, "squared_error"),
                                          ("three classes", xt, yt, 0.5, 2, "friedman_mse")):
        g = GradientBoostingClassifier(n_estimators=8, learning_rate=lr, max_depth=depth, criterion=crit, subsample=1.0,
                                       max_features=None, random_state=0).fit(xs, ys)
        staged = list(g.staged_decision_function(xq))
        raw = [np.atleast_2d(staged[s - 1].reshape(len(xq), -1)).tolist() for s in (1, 4, 8)]
        cases.append(case("gbm %s = GradientBoostingClassifier(%s, lr %g, depth %d) staged_decision_function" % (name, crit, lr, depth),
                          {"op": "gbm", "x": L(xs), "y": L(ys), "n_estimators": 8, "learning_rate": lr, "max_depth": depth,
                           "criterion": crit, "points": L(xq), "stages": [1, 4, 8]},
                          {"stages": [1, 4, 8], "raw_predictions": raw}))

    xs_min, _ = ref.blobs2d(31, 15, 1, scale=1.0)
    xs_maj, _ = ref.blobs2d(32, 40, 1, scale=1.5)
    xsm = np.vstack([xs_maj + 3.0, xs_min])
    ysm = np.array([0] * 40 + [1] * 15)
    sm = SMOTE(k_neighbors=5, random_state=7)
    xr, _ = sm.fit_resample(xsm, ysm)
    rs = np.random.RandomState(7)
    idx = rs.randint(low=0, high=75, size=25)
    steps = rs.uniform(size=25)
    cases.append(case("smote with imblearn's own draws gives imblearn's synthetic points",
                      {"op": "smote", "x": L(xsm), "y": L(ysm), "k_neighbors": 5, "indices": L(idx), "steps": L(steps)},
                      {"synthetic": L(xr[55:]), "neighbours": L(sm.nn_k_.kneighbors(xs_min, return_distance=False)[:, 1:])}))
    cases.append(case("smote: k must be below the minority size", {"op": "smote", "x": L(xsm[:45]), "y": L(ysm[:45]), "k_neighbors": 5},
                      exit=2, error="SMOTE"))

    r = ref.Lcg(77)
    scores = [math.floor(r.u() * 12) / 12.0 for _ in range(40)]
    labels = [1 if r.u() < 0.25 + 0.6 * s else 0 for s in scores]
    pr, rc, th = precision_recall_curve(labels, scores)
    cases.append(case("pr_curve = precision_recall_curve + average_precision_score (tied scores)",
                      {"op": "pr_curve", "scores": scores, "labels": labels},
                      {"precision": L(pr), "recall": L(rc), "thresholds": L(th), "average_precision": average_precision_score(labels, scores)}))
    fpr, tpr, rth = roc_curve(labels, scores)
    cases.append(case("roc_curve = roc_curve(drop_intermediate) + roc_auc_score", {"op": "roc_curve", "scores": scores, "labels": labels},
                      {"fpr": L(fpr), "tpr": L(tpr), "thresholds": L(rth), "auc": roc_auc_score(labels, scores)}))

    cases.append(case("dataset: two moons, labels class by class", {"op": "dataset", "shape": "moons", "points_per_class": 2},
                      {"y": [0, 0, 1, 1]}))
    # Shapes of the answers (formerly an in-process C++ test): core errors in English, all stages
    # by default, labels with gaps, SMOTE on a balanced set.
    line = {"x": [[0, 0], [1, 0], [2, 0], [3, 0]]}
    cases.append(case("lda: a feature constant within every class: the core's error, in English",
                      {"op": "lda", "x": [[0, 0], [1, 0], [2, 0], [0, 1], [1, 1], [2, 1]], "y": [0, 0, 0, 1, 1, 1]}, exit=2, error="LDA"))
    cases.append(case("gbm: every stage by default, curve from the prior", dict(line, op="gbm", y=[0, 0, 1, 1], n_estimators=3),
                      {"curve": {"trees": [0, 1, 2, 3]}}))
    cases.append(case("gbm: labels 0 and 2 only: two classes present", dict(line, op="gbm", y=[0, 0, 2, 2], n_estimators=2),
                      {"classes": [0, 2]}))
    cases.append(case("dataset: three blobs, five points each, class by class",
                      {"op": "dataset", "shape": "blobs", "num_classes": 3, "points_per_class": 5}, {"y": [0] * 5 + [1] * 5 + [2] * 5}))
    cases.append(case("smote: a balanced set needs no synthetic points",
                      {"op": "smote", "x": [[0, 0], [1, 0], [0, 1], [1, 1], [2, 2], [3, 1]], "y": [0, 0, 0, 1, 1, 1], "k_neighbors": 2},
                      {"synthetic": []}))
    small = {"x": [[0, 0], [1, 0], [0, 1], [1, 1]], "y": [0, 0, 1, 1]}
    errors = [
        ("unknown op", {"op": "svm"}, "op"),
        ("missing op", {"x": [[0, 0]]}, "op"),
        ("unknown field", dict(small, op="tree", depth=3), "depth"),
        ("y length", {"op": "lda", "x": small["x"], "y": [0, 1]}, "length mismatch"),
        ("row of 4 numbers", {"op": "pca", "x": [[0, 0, 0, 0]]}, "x[0]"),
        ("non-number coordinate", {"op": "pca", "x": [[0, "a"], [1, 1]]}, "x[0][1]"),
        ("label out of range", {"op": "tree", "x": small["x"], "y": [0, 0, 1, 7]}, "y[3]"),
        ("lda needs y", {"op": "lda", "x": small["x"]}, "'y'"),
        ("gbm criterion gini", dict(small, op="gbm", criterion="gini"), "criterion"),
        ("huge forest", dict(op="forest", x=[[i, i % 7] for i in range(1000)], y=[i % 2 for i in range(1000)], n_estimators=500), "n_estimators"),
        ("learning rate 0", dict(small, op="gbm", learning_rate=0), "learning_rate"),
        ("pr labels must be 0/1", {"op": "pr_curve", "scores": [0.1, 0.2], "labels": [0, 2]}, "labels[1]"),
        ("roc needs both classes", {"op": "roc_curve", "scores": [0.1, 0.2], "labels": [0, 0]}, "ROC"),
        ("stages beyond n_estimators", dict(small, op="gbm", n_estimators=3, stages=[4]), "stages[0]"),
        ("x must be an array", {"op": "pca", "x": 5}, "'x'"),
        ("stages must ascend", dict(small, op="gbm", n_estimators=3, stages=[2, 1]), "ascending"),
    ]
    for name, inp, needle in errors:
        cases.append(case(name, inp, exit=2, error=needle))
    with open(OUT, "w") as f:
        f.write("[\n" + ",\n".join(" " + json.dumps(c) for c in cases) + "\n]\n")


if __name__ == "__main__":
    main()
