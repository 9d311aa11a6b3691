#!/usr/bin/python3
"""Reference values for tests/core/nn/*_test.cpp, computed with torch 1.13 (Debian
python3-torch) in float64 and scikit-learn 1.2 (python3-sklearn). Prints C++ initialisers
that the tests paste verbatim; the test suite itself never runs Python.

    /usr/bin/python3 tools/nn_torch_reference.py layers|nets|digits

Inputs, weights and upstream gradients are not pasted: both sides build them with the same
exact formula (pattern() here, Pattern() in tests/core/nn/nn_test_util.h). Each output tensor
is pasted as five checksums (count, sum, sum |v|, and two weighted sums, see sums()), which
a wrong value, a wrong position or a wrong shape all change.

Salts: input 1, weight 2, bias 3, upstream gradient 4 (loss = sum(y * g)); BatchNorm running
mean 5 and running variance 6. Also load_mlviz_state(text) to read a state dict saved by
core/nn/state_io.h into torch tensors.
"""
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def pattern(shape, salt, scale=1.0, offset=0.0, quantised=False):
    """Element i: ((i * 7919 + salt * 104729 + 13) % 2003) / 1001 - 1, times scale plus offset;
    quantised: floor(2 v) (values in {-2, ..., 2}, to exercise ties)."""
    n = 1
    for s in shape:
        n *= s
    i = torch.arange(n, dtype=torch.int64)
    v = ((i * 7919 + salt * 104729 + 13) % 2003).to(torch.float64) / 1001.0 - 1.0
    if quantised:
        v = torch.floor(2.0 * v)
    return (v * scale + offset).reshape(shape)


def sums(t):
    if t is None:
        return "{0, 0, 0, 0, 0}"
    v = t.detach().reshape(-1).to(torch.float64)
    n = v.numel()
    i = torch.arange(n, dtype=torch.int64)
    w1 = ((i * 31) % 17 - 8).to(torch.float64) / 8.0
    w2 = ((i * 13) % 11 - 5).to(torch.float64) / 5.0 + i.to(torch.float64) / n
    vals = [v.sum(), v.abs().sum(), (v * w1).sum(), (v * w2).sum()]
    return "{%d, %s}" % (n, ", ".join(repr(float(x)) for x in vals))


def b(x):
    return "true" if x else "false"


def backward_sums(y, x, params, salt=4):
    g = pattern(tuple(y.shape), salt)
    grads = torch.autograd.grad(y, [x] + params, g)
    return grads


# ---- layers ------------------------------------------------------------------------------

CONV2D = [  # name, N, C, H, W, O, kH, kW, sH, sW, pH, pW, dH, dW, groups, bias
    ("basic 3x3 pad 1", 2, 3, 7, 6, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, True),
    ("stride 2x3, kernel 3x2, groups 2", 1, 4, 9, 8, 6, 3, 2, 2, 3, 0, 1, 1, 1, 2, True),
    ("depthwise, dilation 2, pad 2, no bias", 2, 4, 8, 8, 4, 3, 3, 1, 1, 2, 2, 2, 2, 4, False),
    ("kernel = input, 1x1 output", 1, 2, 5, 5, 3, 5, 5, 1, 1, 0, 0, 1, 1, 1, True),
    ("padding > kernel: windows of padding only", 1, 2, 4, 5, 2, 2, 3, 3, 2, 3, 3, 1, 1, 1, True),
    ("stride, dilation 3x2, groups 3", 3, 6, 10, 7, 6, 3, 3, 2, 2, 1, 0, 3, 2, 3, True),
    ("1x1 kernel", 1, 1, 6, 6, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, True),
    ("stride 4 > kernel 2: skipped inputs", 2, 2, 7, 7, 4, 2, 2, 4, 4, 0, 0, 1, 1, 1, True),
    ("dilation 2x3, stride 1x2, groups 3", 1, 3, 5, 9, 6, 3, 3, 1, 2, 1, 1, 2, 3, 3, True),
    ("dilated kernel wider than the input", 1, 2, 3, 3, 2, 3, 3, 1, 1, 1, 1, 2, 2, 1, True),
    ("groups 2, 4 outputs per group", 2, 2, 6, 5, 8, 2, 2, 1, 1, 1, 0, 1, 1, 2, True),
]

CONV3D = [  # name, N, C, D, H, W, O, k(3), s(3), p(3), d(3), groups, bias
    ("3x3x3 pad 1", 2, 2, 4, 5, 5, 3, (3, 3, 3), (1, 1, 1), (1, 1, 1), (1, 1, 1), 1, True),
    ("2x3x1 kernel, stride 2 in time, groups 2", 1, 4, 5, 6, 4, 4, (2, 3, 1), (2, 1, 1), (0, 1, 0), (1, 1, 1), 2, True),
    ("dilation, stride, groups 3, no bias", 1, 3, 6, 5, 5, 6, (3, 2, 2), (1, 2, 2), (2, 0, 1), (2, 1, 2), 3, False),
    ("(2+1)-D spatial part 1x3x3, depthwise", 2, 2, 3, 4, 4, 2, (1, 3, 3), (1, 1, 1), (0, 1, 1), (1, 1, 1), 2, True),
    ("(2+1)-D temporal part 3x1x1", 1, 3, 5, 3, 3, 2, (3, 1, 1), (1, 1, 1), (1, 0, 0), (1, 1, 1), 1, True),
]

MAXPOOL = [  # name, N, C, H, W, k, s, p, d, ceil, quantised
    ("2x2 stride 2", 2, 3, 7, 6, (2, 2), (2, 2), (0, 0), (1, 1), False, False),
    ("3x3 stride 2 pad 1 ceil", 1, 2, 7, 8, (3, 3), (2, 2), (1, 1), (1, 1), True, False),
    ("3x2 stride 1x2 pad 1x0 dilation 2x1", 1, 2, 9, 9, (3, 2), (1, 2), (1, 0), (2, 1), False, False),
    ("ceil drops a window starting in the padding", 1, 1, 5, 5, (2, 2), (2, 2), (1, 1), (1, 1), True, False),
    ("ties: the first maximum wins", 2, 2, 6, 7, (3, 3), (1, 2), (1, 1), (1, 1), False, True),
]

AVGPOOL = [  # name, N, C, H, W, k, s, p, ceil, count_include_pad, divisor_override
    ("2x2 stride 2", 2, 3, 7, 6, (2, 2), (2, 2), (0, 0), False, True, 0),
    ("3x3 stride 2 pad 1 ceil", 1, 2, 7, 8, (3, 3), (2, 2), (1, 1), True, True, 0),
    ("same without the padding in the count", 1, 2, 7, 8, (3, 3), (2, 2), (1, 1), True, False, 0),
    ("divisor override 5", 1, 2, 6, 5, (3, 2), (1, 2), (1, 1), False, True, 5),
    ("ceil, pad, count_include_pad false", 1, 1, 5, 5, (2, 2), (2, 2), (1, 1), True, False, 0),
]

ADAPTIVE = [  # name, N, C, H, W, outH, outW, quantised
    ("7x9 -> 3x4", 2, 3, 7, 9, 3, 4, False),
    ("global 5x5 -> 1x1", 1, 2, 5, 5, 1, 1, False),
    ("4x6 -> 4x4", 1, 2, 4, 6, 4, 4, False),
    ("3x5 -> 5x7: more bins than cells", 1, 1, 3, 5, 5, 7, False),
    ("13x10 -> 4x2 (SPP level)", 1, 2, 13, 10, 4, 2, False),
    ("ties 6x6 -> 2x2", 1, 2, 6, 6, 2, 2, True),
]


def conv2d_rows():
    for name, N, C, H, W, O, kh, kw, sh, sw, ph, pw, dh, dw, g, bias in CONV2D:
        x = pattern((N, C, H, W), 1).requires_grad_()
        w = pattern((O, C // g, kh, kw), 2).requires_grad_()
        bb = pattern((O,), 3).requires_grad_() if bias else None
        y = F.conv2d(x, w, bb, (sh, sw), (ph, pw), (dh, dw), g)
        params = [w] + ([bb] if bias else [])
        grads = backward_sums(y, x, params)
        print('    {"%s", %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %s,\n     %s, %s, %s, %s},'
              % (name, N, C, H, W, O, kh, kw, sh, sw, ph, pw, dh, dw, g, b(bias), sums(y), sums(grads[0]),
                 sums(grads[1]), sums(grads[2] if bias else None)))


def conv3d_rows():
    for name, N, C, D, H, W, O, k, s, p, d, g, bias in CONV3D:
        x = pattern((N, C, D, H, W), 1).requires_grad_()
        w = pattern((O, C // g) + k, 2).requires_grad_()
        bb = pattern((O,), 3).requires_grad_() if bias else None
        y = F.conv3d(x, w, bb, s, p, d, g)
        params = [w] + ([bb] if bias else [])
        grads = backward_sums(y, x, params)
        t = lambda v: "{%d, %d, %d}" % v
        print('    {"%s", %d, %d, %d, %d, %d, %d, %s, %s, %s, %s, %d, %s,\n     %s, %s, %s, %s},'
              % (name, N, C, D, H, W, O, t(k), t(s), t(p), t(d), g, b(bias), sums(y), sums(grads[0]), sums(grads[1]),
                 sums(grads[2] if bias else None)))


def linear_rows():
    for name, N, fin, fout, bias in [("4x7 -> 5", 4, 7, 5, True), ("3x10 -> 1, no bias", 3, 10, 1, False)]:
        x = pattern((N, fin), 1).requires_grad_()
        w = pattern((fout, fin), 2).requires_grad_()
        bb = pattern((fout,), 3).requires_grad_() if bias else None
        y = F.linear(x, w, bb)
        grads = backward_sums(y, x, [w] + ([bb] if bias else []))
        print('    {"%s", %d, %d, %d, %s, %s, %s, %s, %s},' % (name, N, fin, fout, b(bias), sums(y), sums(grads[0]),
                                                             sums(grads[1]), sums(grads[2] if bias else None)))


def pool_rows():
    print("// MaxPool2d")
    for name, N, C, H, W, k, s, p, d, ceil, q in MAXPOOL:
        x = pattern((N, C, H, W), 1, quantised=q).requires_grad_()
        y = F.max_pool2d(x, k, s, p, d, ceil_mode=ceil)
        (dx,) = backward_sums(y, x, [])
        print('    {"%s", %d, %d, %d, %d, {%d, %d}, {%d, %d}, {%d, %d}, {%d, %d}, %s, %s, %s, %s},'
              % (name, N, C, H, W, *k, *s, *p, *d, b(ceil), b(q), sums(y), sums(dx)))
    print("// AvgPool2d")
    for name, N, C, H, W, k, s, p, ceil, cip, div in AVGPOOL:
        x = pattern((N, C, H, W), 1).requires_grad_()
        y = F.avg_pool2d(x, k, s, p, ceil_mode=ceil, count_include_pad=cip, divisor_override=div or None)
        (dx,) = backward_sums(y, x, [])
        print('    {"%s", %d, %d, %d, %d, {%d, %d}, {%d, %d}, {%d, %d}, %s, %s, %d, %s, %s},'
              % (name, N, C, H, W, *k, *s, *p, b(ceil), b(cip), div, sums(y), sums(dx)))
    print("// Adaptive pools: avg then max")
    for name, N, C, H, W, oh, ow, q in ADAPTIVE:
        x = pattern((N, C, H, W), 1, quantised=q).requires_grad_()
        ya = F.adaptive_avg_pool2d(x, (oh, ow))
        (dxa,) = backward_sums(ya, x, [])
        ym = nn.AdaptiveMaxPool2d((oh, ow))(x)
        (dxm,) = backward_sums(ym, x, [])
        print('    {"%s", %d, %d, %d, %d, %d, %d, %s,\n     %s, %s, %s, %s},'
              % (name, N, C, H, W, oh, ow, b(q), sums(ya), sums(dxa), sums(ym), sums(dxm)))


def activation_rows():
    print("// name, shape, quantised, y, dx (ReLU, Sigmoid, Tanh, Softmax(dim=1))")
    for fname, f in [("relu", torch.relu), ("sigmoid", torch.sigmoid), ("tanh", torch.tanh),
                     ("softmax", lambda t: torch.softmax(t, 1))]:
        for shape, q in [((3, 4, 5), False), ((2, 3, 2, 4), True)]:
            x = pattern(shape, 1, scale=3.0, quantised=q).requires_grad_()
            y = f(x)
            (dx,) = backward_sums(y, x, [])
            print('    {"%s", {%s}, %s, %s, %s},' % (fname, ", ".join(map(str, shape)), b(q), sums(y), sums(dx)))


BATCHNORM = [  # name, shape, train, momentum, eps, affine
    ("1d [6, 3] train", (6, 3), True, 0.1, 1e-5, True),
    ("1d [4, 3, 5] train", (4, 3, 5), True, 0.1, 1e-5, True),
    ("2d [2, 3, 4, 5] train, momentum 0.3, eps 1e-3", (2, 3, 4, 5), True, 0.3, 1e-3, True),
    ("2d [2, 3, 4, 5] eval", (2, 3, 4, 5), False, 0.1, 1e-5, True),
    ("3d [2, 2, 3, 3, 2] train, no affine", (2, 2, 3, 3, 2), True, 0.1, 1e-5, False),
]


def batchnorm_rows():
    print("// name, shape, train, momentum, eps, affine, y, dx, dweight, dbias, running_mean, running_var")
    for name, shape, train, mom, eps, affine in BATCHNORM:
        C = shape[1]
        x = pattern(shape, 1, scale=2.0, offset=0.3).requires_grad_()
        w = pattern((C,), 2, scale=0.5, offset=1.0).requires_grad_()
        bb = pattern((C,), 3, scale=0.5).requires_grad_()
        rm = pattern((C,), 5, scale=0.1)
        rv = pattern((C,), 6, scale=0.5, offset=1.0)
        y = F.batch_norm(x, rm, rv, w if affine else None, bb if affine else None, train, mom, eps)
        grads = backward_sums(y, x, [w, bb] if affine else [])
        print('    {"%s", {%s}, %s, %r, %r, %s,\n     %s, %s, %s, %s, %s, %s},'
              % (name, ", ".join(map(str, shape)), b(train), mom, eps, b(affine), sums(y), sums(grads[0]),
                 sums(grads[1] if affine else None), sums(grads[2] if affine else None), sums(rm), sums(rv)))


def loss_rows():
    z = pattern((5, 7), 1, scale=3.0).requires_grad_()
    labels = torch.tensor([(i * 3 + 1) % 7 for i in range(5)])
    loss = F.cross_entropy(z, labels)
    (dz,) = torch.autograd.grad(loss, [z])
    print("// cross_entropy([5, 7] pattern * 3, labels (3 i + 1) %% 7): loss, grad\n    %r, %s" % (loss.item(), sums(dz)))
    p = pattern((3, 4), 1).requires_grad_()
    t = pattern((3, 4), 2)
    loss = F.mse_loss(p, t)
    (dp,) = torch.autograd.grad(loss, [p])
    print("// mse_loss([3, 4] salt 1, salt 2): loss, grad\n    %r, %s" % (loss.item(), sums(dp)))


# ---- nets --------------------------------------------------------------------------------

class SqueezeExcitation(nn.Module):
    """Hu et al. 2018: mean -> fc1 -> ReLU -> fc2 -> sigmoid -> scale (core/nn/se.h)."""

    def __init__(self, channels, reduction):
        super().__init__()
        hidden = max(1, channels // reduction)
        self.fc1 = nn.Linear(channels, hidden)
        self.fc2 = nn.Linear(hidden, channels)

    def forward(self, x):
        s = x.mean(dim=tuple(range(2, x.dim())))
        e = torch.sigmoid(self.fc2(torch.relu(self.fc1(s))))
        return x * e.reshape(e.shape + (1,) * (x.dim() - 2))


def set_params(model, first_salt=10, scale=0.5):
    """Parameter k of model.parameters() gets pattern salt first_salt + k times scale
    (BatchNorm weights: 1 + scale * pattern)."""
    with torch.no_grad():
        for k, (name, p) in enumerate(model.named_parameters()):
            bn_weight = name.endswith("weight") and p.dim() == 1
            p.copy_(pattern(tuple(p.shape), first_salt + k, scale=scale, offset=1.0 if bn_weight else 0.0))


def whole_net():
    return nn.Sequential(
        nn.Conv2d(2, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(4, 6, 3, padding=1, groups=2), SqueezeExcitation(6, 3), nn.AdaptiveAvgPool2d((2, 2)),
        nn.Flatten(), nn.Linear(24, 5))


def net_rows():
    net = whole_net()
    set_params(net)
    x = pattern((3, 2, 8, 9), 1).requires_grad_()
    labels = torch.tensor([(i * 3 + 1) % 5 for i in range(3)])
    net.train()
    z = net(x)
    loss = F.cross_entropy(z, labels)
    params = list(net.parameters())
    grads = torch.autograd.grad(loss, [x] + params)
    print("// whole net, train mode: logits, loss, dx, then (name, grad) per parameter, then eval logits")
    print("    %s, %r, %s," % (sums(z), loss.item(), sums(grads[0])))
    for (name, _), g in zip(net.named_parameters(), grads[1:]):
        print('    {"%s", %s},' % (name, sums(g)))
    net.eval()
    print("    eval logits after one train forward: %s" % sums(net(x)))

    se = SqueezeExcitation(8, 4)
    set_params(se, 20)
    xs = pattern((2, 8, 5, 4), 1).requires_grad_()
    ys = se(xs)
    g = backward_sums(ys, xs, list(se.parameters()))
    print("// SqueezeExcitation(8, r 4) on [2, 8, 5, 4]: y, dx, fc1.w, fc1.b, fc2.w, fc2.b; excitation of sample 1")
    print("    %s" % ",\n    ".join(sums(t) for t in [ys] + list(g)))
    e = torch.sigmoid(se.fc2(torch.relu(se.fc1(xs.mean((2, 3))))))
    print("    excitation[1] = {%s}" % ", ".join(repr(float(v)) for v in e[1]))


OPTIM_CASES = [
    ("sgd", "SGD", dict(lr=0.1), False),
    ("sgd momentum dampening wd", "SGD", dict(lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01), False),
    ("sgd nesterov", "SGD", dict(lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.02), False),
    ("adam", "Adam", dict(lr=0.01), False),
    ("adam wd amsgrad", "Adam", dict(lr=0.02, betas=(0.8, 0.9), eps=1e-6, weight_decay=0.05, amsgrad=True), False),
    ("adam, first layer frozen", "Adam", dict(lr=0.01), True),
]


def optim_rows():
    print("// MLP Linear(6, 5) - ReLU - Linear(5, 3), CE on [4, 6], 4 steps: losses, then each parameter")
    for name, kind, kw, freeze in OPTIM_CASES:
        net = nn.Sequential(nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 3))
        set_params(net)
        if freeze:
            for p in net[0].parameters():
                p.requires_grad_(False)
        opt = getattr(torch.optim, kind)(net.parameters(), **kw)
        x = pattern((4, 6), 1)
        y = torch.tensor([(i * 2 + 1) % 3 for i in range(4)])
        losses = []
        for _ in range(4):
            opt.zero_grad()
            loss = F.cross_entropy(net(x), y)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        print('    {"%s", {%s},\n     {%s}},' % (name, ", ".join(repr(v) for v in losses),
                                                ", ".join(sums(p) for p in net.parameters())))


# ---- digits --------------------------------------------------------------------------------

def digits_rows():
    import sklearn
    from sklearn.datasets import load_digits
    d = load_digits()
    px = torch.tensor(d.data, dtype=torch.int64).reshape(-1)
    lab = torch.tensor(d.target, dtype=torch.int64)
    i = torch.arange(px.numel())
    print("// sklearn %s load_digits(): images, pixel sum, sum of pixel * (i %% 97 + 1), label sum,"
          " sum of label * (i + 1), count per class" % sklearn.__version__)
    print("    %d, %d, %d, %d, %d, {%s}" % (d.images.shape[0], int(px.sum()), int((px * (i % 97 + 1)).sum()),
                                         int(lab.sum()), int((lab * (torch.arange(lab.numel()) + 1)).sum()),
                                         ", ".join(str(int((lab == c).sum())) for c in range(10))))
    print("// image 0: {%s}, image 1796 label %d" % (", ".join(str(int(v)) for v in d.data[0]), d.target[-1]))


def load_mlviz_state(text):
    """A state dict written by core/nn/state_io.h -> {key: float64 tensor} (for load_state_dict;
    num_batches_tracked becomes int64 as torch keeps it)."""
    tokens = text.split()
    assert tokens[0] == "mlviz-nn-state" and tokens[1] == "1"
    pos, state = 3, {}
    for _ in range(int(tokens[2])):
        key, rank = tokens[pos], int(tokens[pos + 1])
        shape = [int(v) for v in tokens[pos + 2:pos + 2 + rank]]
        pos += 2 + rank
        n = 1
        for s in shape:
            n *= s
        values = torch.tensor([float(v) for v in tokens[pos:pos + n]]).reshape(shape)
        pos += n
        state[key] = values.long() if key.endswith("num_batches_tracked") else values
    return state


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "layers"
    print("// torch %s, float64" % torch.__version__)
    if what == "layers":
        print("// Conv2d"); conv2d_rows()
        print("// Conv3d"); conv3d_rows()
        print("// Linear"); linear_rows()
        pool_rows()
        activation_rows()
        batchnorm_rows()
        loss_rows()
    elif what == "nets":
        net_rows()
        optim_rows()
    elif what == "digits":
        digits_rows()
    else:
        raise SystemExit(__doc__)
