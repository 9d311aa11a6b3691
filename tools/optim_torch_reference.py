#!/usr/bin/python3
"""Reference values for tests/core/optim_*_test.cpp, computed with torch.optim (Debian
python3-torch 1.13) in float64. Prints C++ initialisers that the tests paste verbatim;
the test suite itself never needs torch.

    /usr/bin/python3 tools/optim_torch_reference.py optimizers|schedules|runs

Every optimizer runs torch's default single-tensor path on the CPU. For NAdam that path
is patched here with the fix PyTorch 2.0 made (pytorch#92699): torch 1.13 computed
mu_product_next = mu_product * mu * mu_next, against its own documentation and its own
foreach path; the fix is mu_product * mu_next.
"""
import inspect
import math
import sys

import torch
import torch.optim.nadam as _nadam

torch.set_default_dtype(torch.float64)

_src = inspect.getsource(_nadam._single_tensor_nadam)
_fixed = _src.replace("mu_product_next = mu_product * mu * mu_next", "mu_product_next = mu_product * mu_next")
if _fixed == _src and "mu_product * mu * mu_next" in _src:
    raise SystemExit("could not patch NAdam")
exec(_fixed, _nadam.__dict__)   # nadam() looks _single_tensor_nadam up in the module


def cpp(v):
    return repr(float(v))


# ---- optimizers: a fixed gradient rule g(p) = [2 p0 + 0.5, 10 p1 - 1], evaluated with the
# same two roundings in C++, so only the update rule is under test.
OPTIMIZER_CASES = [
    ("sgd_plain", "SGD", dict(lr=0.1)),
    ("sgd_momentum", "SGD", dict(lr=0.05, momentum=0.9)),
    ("sgd_dampening", "SGD", dict(lr=0.05, momentum=0.9, dampening=0.3)),
    ("sgd_nesterov_wd", "SGD", dict(lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.1)),
    ("sgd_all", "SGD", dict(lr=0.05, momentum=0.9, dampening=0.5, weight_decay=0.01)),
    ("adagrad_default", "Adagrad", dict(lr=0.1)),
    ("adagrad_all", "Adagrad", dict(lr=0.1, lr_decay=0.05, initial_accumulator_value=0.3, eps=1e-3, weight_decay=0.02)),
    ("rmsprop_default", "RMSprop", dict(lr=0.01)),
    ("rmsprop_momentum", "RMSprop", dict(lr=0.01, momentum=0.9)),
    ("rmsprop_centered", "RMSprop", dict(lr=0.01, centered=True, alpha=0.9, eps=1e-4)),
    ("rmsprop_all", "RMSprop", dict(lr=0.01, centered=True, momentum=0.5, alpha=0.8, eps=1e-3, weight_decay=0.05)),
    ("adam_default", "Adam", dict(lr=0.1)),
    ("adam_beta2_low", "Adam", dict(lr=0.3, betas=(0.9, 0.5))),
    ("adam_amsgrad", "Adam", dict(lr=0.3, betas=(0.9, 0.5), amsgrad=True)),
    ("adam_all", "Adam", dict(lr=0.1, betas=(0.8, 0.95), eps=1e-3, weight_decay=0.1, amsgrad=True)),
    ("adamw_default", "AdamW", dict(lr=0.1)),
    ("adamw_all", "AdamW", dict(lr=0.1, betas=(0.8, 0.6), eps=1e-3, weight_decay=0.5, amsgrad=True)),
    ("adamw_all_no_amsgrad", "AdamW", dict(lr=0.1, betas=(0.8, 0.6), eps=1e-3, weight_decay=0.5)),
    ("nadam_default", "NAdam", dict(lr=0.1)),
    ("nadam_all", "NAdam", dict(lr=0.1, betas=(0.85, 0.99), eps=1e-4, weight_decay=0.05, momentum_decay=0.01)),
]
OPTIMIZER_START = (1.5, -0.5)
OPTIMIZER_STEPS = 6


def optimizers():
    print("// name, then p after steps 1..%d as {x, y}" % OPTIMIZER_STEPS)
    for name, cls, kw in OPTIMIZER_CASES:
        p = torch.tensor(OPTIMIZER_START, requires_grad=True)
        opt = getattr(torch.optim, cls)([p], **kw)
        out = []
        for _ in range(OPTIMIZER_STEPS):
            with torch.no_grad():
                p.grad = p.detach() * torch.tensor([2.0, 10.0]) + torch.tensor([0.5, -1.0])
            opt.step()
            out.append("{%s, %s}" % (cpp(p[0]), cpp(p[1])))
        print('{"%s", {%s}},' % (name, ", ".join(out)))


# ---- schedules: lr of each optimizer.step(), scheduler.step() after it.
PLATEAU_METRICS = [5, 4, 4, 4, 4, 3.9, 3.95, 2, 2, 2, 2, 2, 2, 2, 2, 1.99, 1.5, 1.5, 1.5, 1.5]


def schedules():
    S = torch.optim.lr_scheduler
    cases = [
        ("step", 0.1, 12, lambda o: S.StepLR(o, step_size=3, gamma=0.5)),
        ("exponential", 0.1, 12, lambda o: S.ExponentialLR(o, gamma=0.9)),
        ("cosine_eta", 0.1, 25, lambda o: S.CosineAnnealingLR(o, T_max=5, eta_min=0.01)),
        ("cosine", 1.0, 12, lambda o: S.CosineAnnealingLR(o, T_max=10)),
        ("linear", 0.1, 8, lambda o: S.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=4)),
        ("linear_default", 0.3, 8, lambda o: S.LinearLR(o)),
        ("plateau", 0.1, 20, lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=2, threshold=0.1, cooldown=1, min_lr=0.02)),
        ("plateau_abs_max", 0.1, 20, lambda o: S.ReduceLROnPlateau(o, mode="max", factor=0.3, patience=1, threshold=0.5, threshold_mode="abs")),
    ]
    print("// name, base lr, lr of steps 1..N")
    for name, base, n, make in cases:
        p = torch.tensor([0.0], requires_grad=True)
        opt = torch.optim.SGD([p], lr=base)
        sched = make(opt)
        lrs = []
        for t in range(n):
            lrs.append(opt.param_groups[0]["lr"])
            p.grad = torch.zeros(1)
            opt.step()
            if isinstance(sched, S.ReduceLROnPlateau):
                sched.step(PLATEAU_METRICS[t])
            else:
                sched.step()
        print('{"%s", %s, {%s}},' % (name, cpp(base), ", ".join(cpp(v) for v in lrs)))


# ---- whole runs: the surfaces written with torch ops, gradients by autograd.
def quadratic(w, kappa, angle_deg, center, scale):
    th = angle_deg * math.pi / 180.0
    c, s = math.cos(th), math.sin(th)
    b11 = c * c + kappa * s * s
    b12 = c * s - kappa * s * c
    b22 = s * s + kappa * c * c
    A = torch.tensor([[b11, b12 * scale], [b12 * scale, b22 * scale * scale]])
    d = w - torch.tensor(center)
    return 0.5 * (d @ (A @ d))


def rosenbrock(w, a=1.0, b=100.0):
    return (a - w[0]) ** 2 + b * (w[1] - w[0] ** 2) ** 2


def beale(w):
    x, y = w[0], w[1]
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2


def himmelblau(w):
    x, y = w[0], w[1]
    return (x ** 2 + y - 11) ** 2 + (x + y ** 2 - 7) ** 2


def rastrigin(w, A=10.0):
    return 2 * A + (w ** 2 - A * torch.cos(2 * math.pi * w)).sum()


def run(f, start, steps, opt_cls, opt_kw, sched=None, l1=0.0, l2=0.0):
    w = torch.tensor(start, requires_grad=True)
    opt = getattr(torch.optim, opt_cls)([w], **opt_kw)
    S = torch.optim.lr_scheduler
    sc = sched(opt) if sched else None

    def loss_fn():
        v = f(w)
        if l1:
            v = v + l1 * w.abs().sum()
        if l2:
            v = v + 0.5 * l2 * (w * w).sum()
        return v

    pts = [(w[0].item(), w[1].item())]
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        opt.step()
        if sc is not None:
            if isinstance(sc, S.ReduceLROnPlateau):
                sc.step(loss.item())
            else:
                sc.step()
        pts.append((w[0].item(), w[1].item()))
    return pts


def runs():
    S = torch.optim.lr_scheduler
    cases = [
        ("rosenbrock_adam", lambda w: rosenbrock(w), (-1.5, 2.5), 30, "Adam", dict(lr=0.05), None, 0, 0),
        ("quadratic_nesterov_cosine", lambda w: quadratic(w, 10.0, 30.0, (0.0, 0.0), 1.0), (-2.5, 1.5), 25, "SGD",
         dict(lr=0.05, momentum=0.9, nesterov=True), lambda o: S.CosineAnnealingLR(o, T_max=20), 0, 0),
        ("quadratic_unscaled_sgd_l1", lambda w: quadratic(w, 2.0, 20.0, (1.5, 0.4), 3.0), (-2.0, 2.0), 20, "SGD",
         dict(lr=0.02), None, 0.3, 0),
        ("beale_rmsprop_plateau", beale, (1.0, 1.5), 30, "RMSprop", dict(lr=0.01, centered=True, momentum=0.5),
         lambda o: S.ReduceLROnPlateau(o, factor=0.5, patience=2), 0, 0),
        ("himmelblau_nadam_warmup_pen", himmelblau, (0.5, -0.5), 25, "NAdam", dict(lr=0.1),
         lambda o: S.LinearLR(o, start_factor=0.1, total_iters=10), 0.1, 0.05),
        ("rastrigin_adagrad_step", lambda w: rastrigin(w), (3.3, -2.7), 25, "Adagrad", dict(lr=0.5, lr_decay=0.01),
         lambda o: S.StepLR(o, step_size=5, gamma=0.7), 0, 0),
        ("rosenbrock_adamw_exp", lambda w: rosenbrock(w, 0.5, 20.0), (-1.0, 1.0), 30, "AdamW",
         dict(lr=0.05, weight_decay=0.1, amsgrad=True), lambda o: S.ExponentialLR(o, gamma=0.97), 0, 0),
    ]
    print("// name, then w_0..w_N as {x, y}")
    for name, f, start, steps, cls, kw, sched, l1, l2 in cases:
        pts = run(f, start, steps, cls, kw, sched, l1, l2)
        print('{"%s", {%s}},' % (name, ", ".join("{%s, %s}" % (cpp(x), cpp(y)) for x, y in pts)))


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "optimizers"
    {"optimizers": optimizers, "schedules": schedules, "runs": runs}[what]()
