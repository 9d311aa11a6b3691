#!/usr/bin/python3
"""Reference values for the conv_blocks topic's core tests, from Debian's python3-torch 1.13 and
python3-torchvision 0.14 (run with /usr/bin/python3). Prints C++ initialiser lists to paste into
tests/topics/conv_blocks/core/*_test.cpp:

  conv2d   torch.nn.functional.conv2d forward and autograd gradients (float64) on the cases of
           conv2d_explain_test.cpp (inputs from CaseValue below, shared with the tests)
  conv3d   torch.nn.functional.conv3d on the moving-square clip (same formula as the core)
  spp      torch.nn.AdaptiveMaxPool2d (values, return_indices) and AdaptiveAvgPool2d
  inception  weights of torchvision.models.googlenet's Inception blocks (convs only, no BN)
  efficientnet  torchvision efficientnet_b0..b7: parameters, per-stage parameters, and
           multiply-adds counted with forward hooks on every Conv2d and Linear

usage: tools/conv_blocks_reference.py [section ...]   (default: all)
"""
import math
import sys

import torch
import torch.nn.functional as F
import torchvision

torch.set_default_dtype(torch.float64)


def case_value(seed, k):
    """Dyadic test values in [-1.75, 1.75]: exact in float64, so are their products and sums."""
    return ((k * 37 + seed * 101) % 29 - 14) / 8.0


def values(seed, shape):
    n = math.prod(shape)
    return torch.tensor([case_value(seed, k) for k in range(n)]).reshape(shape)


def fmt(xs, indent=8, width=112):
    """A C++ braced list, wrapped to `width` columns."""
    items = [repr(float(x)) if not float(x).is_integer() else str(int(x)) for x in xs]
    lines, line = [], "{"
    for k, item in enumerate(items):
        piece = item + (", " if k + 1 < len(items) else "")
        if len(line) + len(piece.rstrip()) > width - indent and line.strip("{"):
            lines.append(line.rstrip())
            line = " " * indent
        line += piece
    lines.append(line + "}")
    return "\n".join(lines)


# (C, H, W, O, KH, KW, stride, padding, dilation, groups, bias) - the same list as the C++ test.
CONV2D_CASES = [
    (1, 5, 5, 1, 3, 3, 1, 0, 1, 1, True),
    (2, 7, 6, 3, 3, 3, 2, 1, 1, 1, True),
    (4, 7, 8, 4, 3, 2, 2, 2, 2, 2, True),
    (3, 6, 6, 3, 3, 3, 3, 1, 1, 3, False),
    (2, 5, 4, 4, 2, 2, 2, 4, 3, 2, True),
    (2, 5, 7, 2, 5, 3, 2, 2, 1, 1, True),
]


def conv2d_section():
    print("// torch %s F.conv2d, float64, inputs CaseValue(10n+1..4, k): {Y, dX, dW, db}" % torch.__version__)
    for n, (C, H, W, O, KH, KW, s, p, d, g, has_bias) in enumerate(CONV2D_CASES):
        x = values(10 * n + 1, (1, C, H, W)).requires_grad_()
        w = values(10 * n + 2, (O, C // g, KH, KW)).requires_grad_()
        b = values(10 * n + 3, (O,)).requires_grad_() if has_bias else None
        y = F.conv2d(x, w, b, stride=s, padding=p, dilation=d, groups=g)
        dy = values(10 * n + 4, tuple(y.shape))
        y.backward(dy)
        db = b.grad.flatten().tolist() if has_bias else []
        print("    {// case %d: Y %s\n     %s,\n     %s,\n     %s,\n     %s}," % (n, list(y.shape[1:]),
            fmt(y.detach().flatten().tolist()), fmt(x.grad.flatten().tolist()), fmt(w.grad.flatten().tolist()),
            fmt(db)))


def moving_square(frames, height, width, size, x0, y0, vx, vy):
    clip = torch.zeros(1, frames, height, width)
    for t in range(frames):
        sx, sy = x0 + vx * t, y0 + vy * t
        for y in range(height):
            cy = max(0.0, min(y + 1.0, sy + size) - max(float(y), sy))
            if cy <= 0:
                continue
            for x in range(width):
                clip[0, t, y, x] = cy * max(0.0, min(x + 1.0, sx + size) - max(float(x), sx))
    return clip


def conv3d_section():
    # Clip 6 frames 7x8, square 3 px at (1.5, 2), velocity (1, 0.5) px/frame; kernel 2x2x3x3 values
    # CaseValue(51, k) / 4 + bias CaseValue(52, k); stride (1, 2, 1), padding (1, 1, 0), dilation (2, 1, 1).
    clip = moving_square(6, 7, 8, 3.0, 1.5, 2.0, 1.0, 0.5)
    w = values(51, (2, 1, 2, 3, 3)) / 4
    b = values(52, (2,))
    y = F.conv3d(clip.unsqueeze(0), w, b, stride=(1, 2, 1), padding=(1, 1, 0), dilation=(2, 1, 1))[0]
    print("// torch %s F.conv3d on the moving-square clip: shape %s" % (torch.__version__, list(y.shape)))
    print("    " + fmt(y.flatten().tolist()) + ";")
    print("// clip sum %r, clip[0, 3, 3:6, 3:8] %s" % (float(clip.sum()), clip[0, 3, 3:6, 3:8].flatten().tolist()))
    # Parameter counts of torch modules for the (2+1)-D test: 64 -> 128, 3x3x3.
    full = torch.nn.Conv3d(64, 128, 3, padding=1)
    mid = (3 * 9 * 64 * 128) // (9 * 64 + 3 * 128)
    spatial = torch.nn.Conv3d(64, mid, (1, 3, 3), padding=(0, 1, 1))
    temporal = torch.nn.Conv3d(mid, 128, (3, 1, 1), padding=(1, 0, 0))
    count = lambda m: sum(p.numel() for p in m.parameters())
    x = torch.zeros(1, 64, 8, 28, 28)
    print("// (2+1)D 64->128 3x3x3: full %d params, M=%d, spatial %d + temporal %d params, out %s" % (
        count(full), mid, count(spatial), count(temporal), list(temporal(spatial(x)).shape)))


SPP_CASES = [  # (C, H, W, levels)
    (2, 5, 7, (1, 2, 4)),
    (1, 13, 9, (1, 2, 4)),
    (3, 3, 3, (1, 2, 4)),
    (1, 10, 6, (3, 5)),
]


def spp_section():
    print("// torch %s AdaptiveMaxPool2d(return_indices=True) / AdaptiveAvgPool2d, float64, input CaseValue(60+n, k)" % torch.__version__)
    for n, (C, H, W, levels) in enumerate(SPP_CASES):
        x = values(60 + n, (1, C, H, W))
        mx, idx, av = [], [], []
        for lv in levels:
            v, i = torch.nn.AdaptiveMaxPool2d(lv, return_indices=True)(x)
            mx += v.flatten().tolist()
            idx += i.flatten().tolist()
            av += torch.nn.AdaptiveAvgPool2d(lv)(x).flatten().tolist()
        print("    {// case %d: %dx%dx%d levels %s\n     %s,\n     %s,\n     %s}," % (n, C, H, W, list(levels), fmt(mx), fmt(idx), fmt(av)))


def inception_section():
    net = torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=False)
    print("// torchvision %s googlenet" % torchvision.__version__ + " Inception blocks, conv weights only (its '5x5' branch is 3x3)")
    for name in ["3a", "3b", "4a", "4b", "4c", "4d", "4e", "5a", "5b"]:
        block = getattr(net, "inception" + name)
        convs = sum(m.weight.numel() for m in block.modules() if isinstance(m, torch.nn.Conv2d))
        print("    {\"%s\", %d}," % (name, convs))


def efficientnet_section():
    print("// torchvision %s efficientnet_b0..b7" % torchvision.__version__ + ": params, MACs (Conv2d + Linear hooks) at the crop size,")
    print("// per stage (features[0..8], classifier) params and MACs")
    crops = {"b0": 224, "b1": 240, "b2": 288, "b3": 300, "b4": 380, "b5": 456, "b6": 528, "b7": 600}
    for name, crop in crops.items():
        net = getattr(torchvision.models, "efficientnet_" + name)(weights=None).eval()
        macs = {}

        def hook(mod, inp, out, key):
            if isinstance(mod, torch.nn.Conv2d):
                macs[key] = macs.get(key, 0) + out.numel() * (mod.in_channels // mod.groups) * mod.kernel_size[0] * mod.kernel_size[1]
            else:
                macs[key] = macs.get(key, 0) + mod.in_features * mod.out_features

        parts = [("features.%d" % i, net.features[i]) for i in range(len(net.features))] + [("classifier", net.classifier)]
        for key, part in parts:
            for m in part.modules():
                if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
                    m.register_forward_hook(lambda mod, i, o, key=key: hook(mod, i, o, key))
        with torch.no_grad():
            net(torch.zeros(1, 3, crop, crop, dtype=torch.float32).to(torch.float64))
        params = [sum(p.numel() for p in part.parameters()) for _, part in parts]
        total = sum(p.numel() for p in net.parameters())
        print("    {\"%s\", %d, %d,\n     %s,\n     %s}," % (name, total, sum(macs.values()), fmt(params), fmt([macs.get(k, 0) for k, _ in parts])))


SECTIONS = {"conv2d": conv2d_section, "conv3d": conv3d_section, "spp": spp_section, "inception": inception_section,
            "efficientnet": efficientnet_section}

if __name__ == "__main__":
    print("// torch %s, torchvision %s" % (torch.__version__, torchvision.__version__))
    for name in sys.argv[1:] or list(SECTIONS):
        SECTIONS[name]()
