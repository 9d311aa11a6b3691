#!/usr/bin/python3
"""Reference values for the losses topic (tests/topics/losses/core/losses_reference_test.cpp and
tests/topics/losses/cli/losses_cases.json), float64, gradients by autograd.

usage: /usr/bin/python3 tools/losses_reference.py [--write]
  prints the C++ case table; --write replaces the generated blocks of the two test files in place.

References (Debian bookworm: python3-torch 1.13.1, python3-torchvision 0.14.1):
  torch.nn.functional.cross_entropy (weight, ignore_index, reduction, label_smoothing; index and probability
  targets), torch.nn.functional.binary_cross_entropy_with_logits (weight, pos_weight, reduction),
  torchvision.ops.sigmoid_focal_loss (alpha, gamma, reduction), torch.nn.functional.mse_loss(sigmoid(x), t),
  and soft Dice written out: 1 - mean_k (2 sum_i p_ik g_ik + eps) / (sum_i p_ik + sum_i g_ik + eps),
  p = sigmoid(x) or softmax(x, dim=1) (MONAI DiceLoss(batch=True, smooth_nr=smooth_dr=eps) semantics).
"""
import json
import os
import re
import sys

import torch
import torch.nn.functional as F
import torchvision
from torchvision.ops import sigmoid_focal_loss

torch.set_default_dtype(torch.float64)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEST_CPP = os.path.join(ROOT, "tests/topics/losses/core/losses_reference_test.cpp")
CASES_JSON = os.path.join(ROOT, "tests/topics/losses/cli/losses_cases.json")
VERSIONS = "torch %s, torchvision %s" % (torch.__version__, torchvision.__version__)


def soft_dice(x, g, eps, softmax, include_background=True):
    p = torch.softmax(x, dim=1) if softmax else torch.sigmoid(x)
    if softmax and not include_background:
        p, g = p[:, 1:], g[:, 1:]
    inter = (p * g).sum(0)
    dice = (2 * inter + eps) / (p.sum(0) + g.sum(0) + eps)
    return 1 - dice.mean()


def logits(n, k, seed, scale=2.0, extreme=True):
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(n, k, generator=gen) * scale
    if extreme:   # one confident right and one confident wrong entry, to exercise the stable forms
        x[0, 0] = 9.0
        x[n - 1, k - 1] = -8.5
    return x


def binary_targets(n, k, seed, soft=False):
    gen = torch.Generator().manual_seed(seed)
    t = (torch.rand(n, k, generator=gen) < 0.4).double()
    if soft:
        t = torch.rand(n, k, generator=gen)
    return t


def run(case):
    """Evaluates one case dict with torch; adds 'values' and 'grad'."""
    x = torch.tensor(case["logits"], requires_grad=True)
    loss_name = case["loss"]
    red = case.get("reduction", "mean")
    if loss_name == "ce":
        w = torch.tensor(case["weight"]) if case.get("weight") else None
        tgt = case["targets"]
        if isinstance(tgt[0], list):
            t = torch.tensor(tgt)
        else:
            t = torch.tensor(tgt, dtype=torch.long)
        out = F.cross_entropy(x, t, weight=w, ignore_index=case.get("ignore_index", -100), reduction=red,
                              label_smoothing=case.get("label_smoothing", 0.0))
    elif loss_name == "bce":
        w = torch.tensor(case["weight"]) if case.get("weight") else None
        pw = torch.tensor(case["pos_weight"]) if case.get("pos_weight") else None
        out = F.binary_cross_entropy_with_logits(x, torch.tensor(case["targets"]), weight=w, pos_weight=pw,
                                                 reduction=red)
    elif loss_name == "focal":
        red = case.get("reduction", "none")
        out = sigmoid_focal_loss(x, torch.tensor(case["targets"]), alpha=case.get("alpha", 0.25),
                                 gamma=case.get("gamma", 2.0), reduction=red)
    elif loss_name == "mse":
        out = F.mse_loss(torch.sigmoid(x), torch.tensor(case["targets"]), reduction=red)
    elif loss_name in ("dice", "dice_ce"):
        softmax = case.get("activation", "sigmoid") == "softmax"
        tgt = case["targets"]
        k = len(case["logits"][0])
        g = F.one_hot(torch.tensor(tgt), k).double() if not isinstance(tgt[0], list) else torch.tensor(tgt)
        out = soft_dice(x, g, case.get("eps", 1.0), softmax, case.get("include_background", True))
        if loss_name == "dice_ce":
            out = out + (F.cross_entropy(x, g) if softmax else F.binary_cross_entropy_with_logits(x, g))
    else:
        raise ValueError(loss_name)
    out.sum().backward()
    case["values"] = out.detach().reshape(-1).tolist()
    case["grad"] = x.grad.reshape(-1).tolist()
    return case


NAMED = {}   # shared inputs, printed once: name -> flat list


def make_cases():
    n, k = 6, 4
    x = logits(n, k, 1).tolist()
    idx = [0, 3, 1, 2, 1, 3]            # row 0 confidently right, row 5 confidently wrong
    w = [0.5, 2.0, 1.0, 3.0]
    probs = torch.softmax(logits(n, k, 7, 1.0, False), dim=1).tolist()
    tb = binary_targets(n, k, 3).tolist()
    ts = binary_targets(n, k, 4, soft=True).tolist()
    w_nk = (torch.arange(n * k).reshape(n, k) % 5 * 0.25).tolist()
    NAMED.update(kLogits=flat(x), kIndex=idx, kWeight=w, kWeightNK=flat(w_nk), kProbs=flat(probs), kBinary=flat(tb),
                 kSoft=flat(ts))
    cases = [
        dict(name="ce mean", loss="ce", logits=x, targets=idx),
        dict(name="ce weight mean divides by the targets' weights", loss="ce", logits=x, targets=idx, weight=w),
        dict(name="ce weight sum", loss="ce", logits=x, targets=idx, weight=w, reduction="sum"),
        dict(name="ce weight none", loss="ce", logits=x, targets=idx, weight=w, reduction="none"),
        dict(name="ce label_smoothing 0.1 mean", loss="ce", logits=x, targets=idx, label_smoothing=0.1),
        dict(name="ce label_smoothing 0.2 + weight mean", loss="ce", logits=x, targets=idx, weight=w,
             label_smoothing=0.2),
        dict(name="ce label_smoothing 0.2 + weight none", loss="ce", logits=x, targets=idx, weight=w,
             label_smoothing=0.2, reduction="none"),
        dict(name="ce label_smoothing 0.3 + weight sum", loss="ce", logits=x, targets=idx, weight=w,
             label_smoothing=0.3, reduction="sum"),
        dict(name="ce label_smoothing 1 mean", loss="ce", logits=x, targets=idx, label_smoothing=1.0),
        dict(name="ce ignore_index 1 + weight + smoothing mean", loss="ce", logits=x, targets=idx, weight=w,
             label_smoothing=0.15, ignore_index=1),
        dict(name="ce ignore_index -100 mean", loss="ce", logits=x, targets=[0, -100, 1, 2, -100, 3]),
        dict(name="ce probability targets mean", loss="ce", logits=x, targets=probs),
        dict(name="ce probability targets + weight + smoothing mean divides by N", loss="ce", logits=x,
             targets=probs, weight=w, label_smoothing=0.1),
        dict(name="ce probability targets none", loss="ce", logits=x, targets=probs, reduction="none"),
        dict(name="bce mean", loss="bce", logits=x, targets=tb),
        dict(name="bce pos_weight mean", loss="bce", logits=x, targets=tb, pos_weight=[3.0, 0.5, 1.0, 10.0]),
        dict(name="bce weight K + pos_weight sum", loss="bce", logits=x, targets=tb, weight=w,
             pos_weight=[3.0, 0.5, 1.0, 10.0], reduction="sum"),
        dict(name="bce weight NxK none", loss="bce", logits=x, targets=tb,
             weight=w_nk, reduction="none"),
        dict(name="bce soft targets + pos_weight mean", loss="bce", logits=x, targets=ts,
             pos_weight=[2.0, 2.0, 0.25, 1.5]),
        dict(name="focal defaults (alpha 0.25, gamma 2, none)", loss="focal", logits=x, targets=tb),
        dict(name="focal mean", loss="focal", logits=x, targets=tb, reduction="mean"),
        dict(name="focal alpha -1 (off) gamma 2 sum", loss="focal", logits=x, targets=tb, alpha=-1.0,
             reduction="sum"),
        dict(name="focal gamma 0 is alpha-weighted BCE", loss="focal", logits=x, targets=tb, gamma=0.0,
             alpha=0.75, reduction="mean"),
        dict(name="focal gamma 0.5 alpha 0.9 mean", loss="focal", logits=x, targets=tb, gamma=0.5, alpha=0.9,
             reduction="mean"),
        dict(name="focal gamma 5 soft targets none", loss="focal", logits=x, targets=ts, gamma=5.0, alpha=0.4),
        dict(name="mse of sigmoid mean", loss="mse", logits=x, targets=tb),
        dict(name="mse of sigmoid none", loss="mse", logits=x, targets=ts, reduction="none"),
        dict(name="dice sigmoid eps 1", loss="dice", logits=x, targets=tb, eps=1.0),
        dict(name="dice sigmoid eps 1e-5", loss="dice", logits=x, targets=tb, eps=1e-5),
        dict(name="dice softmax eps 1", loss="dice", logits=x, targets=idx, activation="softmax", eps=1.0),
        dict(name="dice softmax without background", loss="dice", logits=x, targets=idx, activation="softmax",
             eps=0.5, include_background=False),
        dict(name="dice_ce sigmoid", loss="dice_ce", logits=x, targets=tb, eps=1.0),
        dict(name="dice_ce softmax", loss="dice_ce", logits=x, targets=idx, activation="softmax", eps=1.0),
    ]
    return [run(c) for c in cases]


def cpp_list(values, fmt="%.17g", indent=8, width=116, first=0):
    """{a, b, ...} wrapped to lines of at most `width` characters; the first line starts `first` columns in."""
    lines, line = [], ""
    for item in (fmt % v for v in values):
        budget = width - (first if not lines else indent)
        if line and len(line) + len(item) + 2 > budget:
            lines.append(line + ",")
            line = ""
        line = line + ", " + item if line else item
    lines.append(line)
    return "{" + ("\n" + " " * indent).join(lines) + "}"


def flat(m):
    return [v for row in m for v in row] if m and isinstance(m[0], list) else list(m)


def named(values, fmt="%.17g"):
    for name, v in NAMED.items():
        if v == values:
            return name
    return cpp_list(values, fmt)


def cpp_case(c):
    n, k = len(c["logits"]), len(c["logits"][0])
    tgt = c["targets"]
    index = not isinstance(tgt[0], list)
    fields = [
        '.Name = "%s"' % c["name"], '.Loss = "%s"' % c["loss"], ".N = %d" % n, ".K = %d" % k,
        ".Logits = %s" % named(flat(c["logits"])),
        (".TargetIndex = %s" % named(tgt, "%d")) if index else (".TargetMatrix = %s" % named(flat(tgt))),
    ]
    if c.get("weight"):
        fields.append(".Weight = %s" % named(flat(c["weight"])))
    if c.get("pos_weight"):
        fields.append(".PosWeight = %s" % cpp_list(c["pos_weight"]))
    for key, name in (("label_smoothing", "LabelSmoothing"), ("alpha", "Alpha"), ("gamma", "Gamma"), ("eps", "Eps")):
        if key in c:
            fields.append(".%s = %.17g" % (name, c[key]))
    if "ignore_index" in c:
        fields.append(".IgnoreIndex = %d" % c["ignore_index"])
    default_red = "none" if c["loss"] == "focal" else "mean"
    fields.append('.Reduction = "%s"' % c.get("reduction", default_red))
    if c.get("activation") == "softmax":
        fields.append(".Softmax = true")
    if c.get("include_background") is False:
        fields.append(".IncludeBackground = false")
    fields.append(".Values = %s" % cpp_list(c["values"], first=16))
    fields.append(".Grad = %s" % cpp_list(c["grad"], first=14))
    head, line = [], "    {"
    for f in fields[:-2]:
        if len(line) + len(f) + 2 > 110:
            head.append(line.rstrip())
            line = "     "
        line += f + ", "
    head.append(line.rstrip())
    return "\n".join(head) + "\n     " + ",\n     ".join(fields[-2:]) + "},"


def json_case(c):
    """A CLI case: the same input as the C++ table, the expected loss and grad (1e-9 relative in test_cli.py)."""
    inp = {key: c[key] for key in ("loss", "logits", "targets", "weight", "pos_weight", "label_smoothing",
                                    "ignore_index", "reduction", "alpha", "gamma", "eps", "activation",
                                    "include_background") if key in c}
    n, k = len(c["logits"]), len(c["logits"][0])
    grad = [c["grad"][i * k:(i + 1) * k] for i in range(n)]
    vals = c["values"]
    red = c.get("reduction", "none" if c["loss"] == "focal" else "mean")
    if red != "none" or c["loss"] in ("dice", "dice_ce"):
        loss = vals[0]
    elif c["loss"] == "ce":
        loss = vals
    else:
        loss = [vals[i * k:(i + 1) * k] for i in range(n)]
    return {"name": "losses: " + c["name"] + " (" + VERSIONS + ")", "args": ["losses"], "input": inp, "exit": 0,
            "expect": {"loss": loss, "grad": grad}}


def replace_block(text, begin, end, block):
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not pattern.search(text):
        raise SystemExit("markers %r ... %r not found" % (begin, end))
    return pattern.sub(lambda _: begin + "\n" + block + "\n" + end, text)


def main():
    cases = make_cases()
    table = "// Generated by tools/losses_reference.py (%s, float64, autograd).\n" % VERSIONS
    body = "\n".join(cpp_case(c) for c in cases)
    for name, v in NAMED.items():
        fmt = "%d" if name == "kIndex" else "%.17g"
        table += "const std::vector<%s> %s =\n    %s;\n" % ("int" if name == "kIndex" else "double", name,
                                                     cpp_list(v, fmt, indent=5))
    table += "const std::vector<RefCase> kCases = {\n" + body + "\n};"
    if "--write" not in sys.argv:
        print(table)
        return
    with open(TEST_CPP) as f:
        text = f.read()
    text = replace_block(text, "// BEGIN GENERATED CASES", "// END GENERATED CASES", table)
    with open(TEST_CPP, "w") as f:
        f.write(text)
    with open(CASES_JSON) as f:
        existing = json.load(f)
    kept = [c for c in existing if "(torch " not in c["name"]]
    generated = [json_case(c) for c in cases]
    with open(CASES_JSON, "w") as f:
        f.write("[\n" + ",\n".join(" " + json.dumps(c) for c in generated + kept) + "\n]\n")
    print("wrote %d cases to %s and %s" % (len(cases), TEST_CPP, CASES_JSON))


if __name__ == "__main__":
    main()
