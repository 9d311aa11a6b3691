#!/usr/bin/python3
"""Writes tests/topics/conv_blocks/cli/conv_blocks_cases.json, the mlviz-cli conv_blocks cases.

Expected values are independent of the C++ code: hand-computed (SPP on a 3×3 map, the Inception
sums, a 2×2 convolution), torch 1.13's AdaptiveMaxPool2d on the 1×10×6 map of SPP case 3, torch's
conv2d / conv3d forward and autograd gradients in float64 (L = sum(grad_output * output)),
torchvision 0.14's googlenet and efficientnet counts (printed by tools/conv_blocks_reference.py;
repeated here as literals).
usage: /usr/bin/python3 tools/conv_blocks_cli_cases.py  (from the repository root; needs python3-torch)
"""
import json

import torch

torch.set_default_dtype(torch.float64)


def cv(seed, k):
    return ((k * 37 + seed * 101) % 29 - 14) / 8.0


cases = []


def case(name, inp, expect=None, exit=0, err=None):
    c = {"name": "conv_blocks: " + name, "args": ["conv_blocks"], "input": inp, "exit": exit}
    if expect is not None:
        c["expect"] = expect
    if err is not None:
        c["error_contains"] = err
    cases.append(c)


grid = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
case("spp hand case: 3x3 map, levels 1 and 2, overlapping 2x2 bins [0,2) and [1,3)",
     {"op": "spp", "input": grid, "levels": [1, 2]},
     {"length": 5, "vector": [9, 5, 6, 8, 9], "shape": [1, 3, 3],
      "levels": [{"bins": 1, "rows": [[0, 3]], "cols": [[0, 3]], "values": [[[9]]], "argmax": [[[8]]]},
                 {"bins": 2, "rows": [[0, 2], [1, 3]], "cols": [[0, 2], [1, 3]], "values": [[[5, 6], [8, 9]]],
                  "argmax": [[[4, 5], [7, 8]]]}]})
case("spp average pooling of the same map", {"op": "spp", "input": grid, "levels": [1, 2], "pool": "avg"},
     {"vector": [5, 3, 4, 6, 7]})
case("spp default levels 1, 2, 4 give 21 values per channel whatever the size",
     {"op": "spp", "input": [[[0.5] * 13] * 9, [[-1] * 13] * 9]}, {"length": 42, "shape": [2, 9, 13]})
x = torch.tensor([cv(63, k) for k in range(60)]).reshape(1, 1, 10, 6)
mx, idx = [], []
for lv in (3, 5):
    v, i = torch.nn.AdaptiveMaxPool2d(lv, return_indices=True)(x)
    mx += v.flatten().tolist()
    idx.append(i[0].tolist())
case("spp equals torch %s AdaptiveMaxPool2d on a 1x10x6 map, levels 3 and 5 (values and indices)" % torch.__version__,
     {"op": "spp", "input": x[0].tolist(), "levels": [3, 5]},
     {"vector": mx, "levels": [{"bins": 3, "argmax": idx[0]}, {"bins": 5, "argmax": idx[1]}]})
case("spp: a 1x1 map into 4x4 bins repeats the cell", {"op": "spp", "input": [[2.5]], "levels": [4]}, {"vector": [2.5] * 16})

case("inception_cost 3a: 28x28x256, 163 328 weights, 128 049 152 MACs, the paper prints 159K / 128M",
     {"op": "inception_cost", "preset": "3a"},
     {"output": [28, 28, 256], "weights": 163328, "biases": 368, "params": 163696, "macs": 128049152,
      "paper": {"params_k": 159, "ops_m": 128},
      "branches": [{"branch": "1x1", "out_channels": 64, "weights": 12288},
                   {"branch": "3x3", "out_channels": 128, "weights": 129024,
                    "layers": [{"type": "conv", "kernel": 1, "in_channels": 192, "out_channels": 96, "weights": 18432},
                               {"type": "conv", "kernel": 3, "in_channels": 96, "out_channels": 128, "weights": 110592}]},
                   {"branch": "5x5", "out_channels": 32, "weights": 15872},
                   {"branch": "pool", "out_channels": 32, "weights": 6144,
                    "layers": [{"type": "maxpool", "kernel": 3, "in_channels": 192, "out_channels": 192, "weights": 0, "macs": 0},
                               {"type": "conv", "kernel": 1, "weights": 6144}]}]})
case("inception_cost without preset defaults to 3a's widths", {"op": "inception_cost"}, {"weights": 163328})
case("inception_cost naive 3a (no 1x1 bottlenecks): 387 072 weights, 416 channels",
     {"op": "inception_cost", "preset": "3a", "reduce3": False, "reduce5": False, "project_pool": False},
     {"output": [28, 28, 416], "weights": 387072, "macs": 387072 * 784})
case("inception_cost 4e with torchvision's 3x3 '5x5' branch equals googlenet's 801 792 conv weights",
     {"op": "inception_cost", "preset": "4e", "kernel5": 3}, {"output": [14, 14, 832], "weights": 801792})
case("inception_cost custom widths", {"op": "inception_cost", "height": 7, "width": 7, "in_channels": 8, "n1x1": 1,
                                      "n3x3_reduce": 2, "n3x3": 3, "n5x5_reduce": 1, "n5x5": 1, "pool_proj": 1},
     {"output": [7, 7, 6], "weights": 8 + 16 + 54 + 8 + 25 + 8, "macs": 49 * 119})

# torchvision 0.14 efficientnet_b0..b7 (tools/conv_blocks_reference.py, efficientnet section).
params = [5288548, 7794184, 9109994, 12233232, 19341616, 30389784, 43040704, 66347960]
macs = [385814752, 686802832, 1087529456, 1827141392, 4393771024, 10266384752, 19067593536, 37745884192]
res = [224, 240, 288, 300, 380, 456, 528, 600]
for v in range(8):
    exp = {"variant": "b%d" % v, "params": params[v], "macs": macs[v], "torchvision_params": params[v], "resolution": res[v]}
    if v == 0:
        exp["stages"] = [
            {"kind": "stem", "out_channels": 32, "in_size": 224, "out_size": 112, "params": 928, "macs": 10838016},
            {"kind": "mbconv", "expand_ratio": 1, "kernel": 3, "layers": 1, "params": 1448, "macs": 10035712},
            {"kind": "mbconv", "expand_ratio": 6, "kernel": 3, "stride": 2, "layers": 2, "params": 16714, "macs": 54945216},
            {"kind": "mbconv", "kernel": 5, "layers": 2, "params": 46640, "macs": 37939584},
            {"kind": "mbconv", "layers": 3, "params": 242930, "macs": 43555200},
            {"kind": "mbconv", "layers": 3, "params": 543148, "macs": 86102400},
            {"kind": "mbconv", "layers": 4, "params": 2026348, "macs": 91528224},
            {"kind": "mbconv", "out_channels": 320, "layers": 1, "params": 717232, "macs": 29520000},
            {"kind": "head", "out_channels": 1280, "params": 412160, "macs": 20070400},
            {"kind": "classifier", "in_channels": 1280, "out_channels": 1000, "params": 1281000, "macs": 1280000}]
    case("efficientnet b%d: torchvision 0.14 parameters, Conv2d+Linear hook MACs at %d" % (v, res[v]),
         {"op": "efficientnet", "variant": "b%d" % v}, exp)
case("efficientnet default variant is b0", {"op": "efficientnet"}, {"variant": "b0", "params": 5288548})
case("efficientnet b0 at 448: parameters do not change", {"op": "efficientnet", "resolution": 448},
     {"params": 5288548, "torchvision_params": 5288548})
case("efficientnet b0 with 10 classes: a 1280x10 classifier", {"op": "efficientnet", "num_classes": 10},
     {"params": 5288548 - 1281000 + 12810})


# conv2d / conv3d through the nn core: torch's forward and autograd gradients (float64).
def conv_case(name, dims, shape_x, shape_w, bias, stride, padding, dilation, groups, seed, with_grad=True):
    n = 1
    for s in shape_x:
        n *= s
    x = torch.tensor([cv(seed, k) for k in range(n)]).reshape(shape_x)
    n = 1
    for s in shape_w:
        n *= s
    w = torch.tensor([cv(seed + 1, k) for k in range(n)]).reshape(shape_w)
    b = torch.tensor([cv(seed + 2, k) for k in range(shape_w[0])]) if bias else None
    xr, wr = x.clone().requires_grad_(), w.clone().requires_grad_()
    br = b.clone().requires_grad_() if bias else None
    f = torch.nn.functional.conv2d if dims == 2 else torch.nn.functional.conv3d
    y = f(xr[None], wr, br, stride=stride, padding=padding, dilation=dilation, groups=groups)[0]
    inp = {"op": "conv%dd" % dims, "input": x.tolist(), "weight": w.tolist(), "stride": stride, "padding": padding,
           "dilation": dilation, "groups": groups}
    if bias:
        inp["bias"] = b.tolist()
    exp = {"output": y.tolist()}
    if with_grad:
        gy = torch.tensor([cv(seed + 3, k) for k in range(y.numel())]).reshape(y.shape)
        (y * gy).sum().backward()
        inp["grad_output"] = gy.tolist()
        exp["grad_input"] = xr.grad.tolist()
        exp["grad_weight"] = wr.grad.tolist()
        if bias:
            exp["grad_bias"] = br.grad.tolist()
    case(name + " (torch %s, float64)" % torch.__version__, inp, exp)


case("conv2d hand case: [[1,2],[3,4]] ⋆ [[1,0],[0,-1]], dL/dY = 1: Y = -3, dL/dX = W, dL/dW = X, dL/db = 1",
     {"op": "conv2d", "input": [[[1, 2], [3, 4]]], "weight": [[[[1, 0], [0, -1]]]], "bias": [0.5],
      "grad_output": [[[1]]]},
     {"output": [[[-2.5]]], "grad_input": [[[1, 0], [0, -1]]], "grad_weight": [[[[1, 2], [3, 4]]]], "grad_bias": [1]})
conv_case("conv2d 4→6 channels, groups 2, kernel 3×2, stride [2, 1], padding [1, 2], dilation [1, 2], bias",
          2, (4, 7, 6), (6, 2, 3, 2), True, [2, 1], [1, 2], [1, 2], 2, 11)
conv_case("conv2d depthwise 3→3, groups 3, 3×3, stride 2, padding 1, no bias", 2, (3, 6, 5), (3, 1, 3, 3), False, 2, 1, 1, 3, 21)
conv_case("conv2d forward only (no grad_output)", 2, (2, 5, 5), (1, 2, 3, 3), True, 1, 0, 1, 1, 31, with_grad=False)
conv_case("conv3d 2→3, kernel 2×3×3, stride [1, 2, 1], padding [1, 1, 0], dilation [1, 1, 2], bias",
          3, (2, 4, 5, 5), (3, 2, 2, 3, 3), True, [1, 2, 1], [1, 1, 0], [1, 1, 2], 1, 41)
conv_case("conv3d groups 2, 4→2, kernel 3×1×1 (temporal), stride 2, no bias", 3, (4, 6, 3, 3), (2, 2, 3, 1, 1), False, 2, 0, 1, 2, 51)

big = [[[0] * 64] * 64]
errors = [
    ("missing op", {"input": grid}, "missing field 'op'"),
    ("op not a string", {"op": 3}, "'op' must be a string"),
    ("unknown op", {"op": "conv4d"}, "unknown op 'conv4d'"),
    ("input not an object", [1, 2], "must be a JSON object"),
    ("spp unknown field", {"op": "spp", "input": grid, "level": [1]}, "unknown field 'level'"),
    ("spp missing input", {"op": "spp"}, "missing field 'input'"),
    ("spp ragged rows", {"op": "spp", "input": [[1, 2], [3]]}, "input[1]' must be an array of 2 numbers"),
    ("spp ragged channels", {"op": "spp", "input": [[[1, 2]], [[1, 2], [3, 4]]]}, "input[1]' must be an array of 1 rows"),
    ("spp string value", {"op": "spp", "input": [[1, "2"]]}, "input[0][1]' must be a number"),
    ("spp empty input", {"op": "spp", "input": []}, "non-empty"),
    ("spp level 0", {"op": "spp", "input": grid, "levels": [1, 0]}, "levels[1]' must be an integer in [1, 64]"),
    ("spp fractional level", {"op": "spp", "input": grid, "levels": [1.5]}, "levels[0]"),
    ("spp nine levels", {"op": "spp", "input": grid, "levels": [1] * 9}, "at most 8"),
    ("spp no levels", {"op": "spp", "input": grid, "levels": []}, "at least one level"),
    ("spp unknown pool", {"op": "spp", "input": grid, "pool": "min"}, "unknown pooling 'min'"),
    ("inception unknown preset", {"op": "inception_cost", "preset": "6a"}, "unknown module '6a'"),
    ("inception zero width", {"op": "inception_cost", "n3x3": 0}, "'n3x3' = 0 is out of range"),
    ("inception even kernel (core message)", {"op": "inception_cost", "kernel5": 4}, "kernel5 = 4 must be odd"),
    ("inception bool as number", {"op": "inception_cost", "reduce3": 1}, "'reduce3' must be true or false"),
    ("inception huge side", {"op": "inception_cost", "height": 100000}, "'height' = 100000 is out of range"),
    ("efficientnet unknown variant", {"op": "efficientnet", "variant": "b8"}, "unknown variant 'b8'"),
    ("efficientnet width out of range", {"op": "efficientnet", "width": 10}, "'width' = 10 is out of range"),
    ("efficientnet resolution not an integer", {"op": "efficientnet", "resolution": 224.5}, "'resolution' must be an integer"),
    ("efficientnet unknown field", {"op": "efficientnet", "phi": 1}, "unknown field 'phi'"),
    ("conv2d missing weight", {"op": "conv2d", "input": [[[1, 2], [3, 4]]]}, "missing field 'weight'"),
    ("conv2d input of the wrong rank", {"op": "conv2d", "input": [[1, 2], [3, 4]], "weight": [[[[1]]]]}, "field 'input[0][0]' must be a non-empty array"),
    ("conv2d ragged input", {"op": "conv2d", "input": [[[1, 2], [3]]], "weight": [[[[1]]]]}, "field 'input[0][1]' must have 2 entries"),
    ("conv2d string value", {"op": "conv2d", "input": [[[1, "x"]]], "weight": [[[[1]]]]}, "field 'input[0][0][1]' must be a number"),
    ("conv2d weight's second axis is not C/groups", {"op": "conv2d", "input": [[[1]], [[2]], [[3]]], "weight": [[[[1]], [[1]]]]},
     "C/groups = 3"),
    ("conv2d groups do not divide the channels", {"op": "conv2d", "input": [[[1]], [[2]], [[3]]], "weight": [[[[1]]]], "groups": 2},
     "field 'groups' = 2 must divide"),
    ("conv2d stride 0", {"op": "conv2d", "input": [[[1, 2], [3, 4]]], "weight": [[[[1]]]], "stride": 0}, "'stride' = 0 is out of range"),
    ("conv2d stride of three axes", {"op": "conv2d", "input": [[[1, 2], [3, 4]]], "weight": [[[[1]]]], "stride": [1, 1, 1]},
     "'stride' must be an integer or an array of 2 integers"),
    ("conv2d fractional padding", {"op": "conv2d", "input": [[[1, 2], [3, 4]]], "weight": [[[[1]]]], "padding": [0, 0.5]},
     "'padding[1]' must be an integer"),
    ("conv2d kernel larger than the padded input (nn core message)", {"op": "conv2d", "input": [[[1, 2], [3, 4]]], "weight": [[[[1, 1, 1]] * 3]]},
     "output along axis 2 is empty"),
    ("conv2d bias of the wrong length", {"op": "conv2d", "input": [[[1]]], "weight": [[[[1]]]], "bias": [1, 2]}, "'bias' must hold 1 values"),
    ("conv2d grad_output of the wrong shape", {"op": "conv2d", "input": [[[1, 2], [3, 4]]], "weight": [[[[1]]]], "grad_output": [[[1, 2]]]},
     "must have the output's shape [1, 2, 2], got [1, 1, 2]"),
    ("conv2d too much work: 64×64 kernel, padding 64 on 64×64 (> 2^26 multiply-adds)",
     {"op": "conv2d", "input": big, "weight": [big], "padding": 64}, "convolution too large"),
    ("conv3d input of rank 3", {"op": "conv3d", "input": [[[1, 2], [3, 4]]], "weight": [[[[[1]]]]]}, "field 'input[0][0][0]' must be a non-empty array"),
    ("conv3d unknown field", {"op": "conv3d", "input": [[[[1]]]], "weight": [[[[[1]]]]], "kernel": 3}, "unknown field 'kernel'"),
]
for name, inp, needle in errors:
    case(name, inp, exit=2, err=needle)
case("NaN is not JSON", '{"op": "spp", "input": [[NaN]]}', exit=2, err="not valid JSON")

with open("tests/topics/conv_blocks/cli/conv_blocks_cases.json", "w") as f:
    f.write("[\n" + ",\n".join(" " + json.dumps(c, ensure_ascii=False) for c in cases) + "\n]\n")
print("%d cases" % len(cases))
