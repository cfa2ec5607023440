"""PyTorch reference for examples/mnist-cnn.ts: the same 8,000 / 2,000 MNIST split, architecture and recipe.

Export the split first (from examples/):
  npx tsx --conditions=@seedling-ml/source lib/export-mnist-split.ts /tmp/mnist-split
then:
  python3 scripts/mnist-cnn/recipe.py /tmp/mnist-split --arch lenet-bn --ls 0.1 --epochs 10 --seeds 0 1 2
(the recipe of the example; --arch lenet --ls 0 is the network it had before, without BatchNorm)

Prints the held-out accuracy per seed and the mean. Used to pick the example's recipe and to state the
PyTorch figure in its docs; never run by the tests.
"""
import argparse
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def load(d):
    def f(name):
        return np.fromfile(f"{d}/{name}.f32", dtype=np.float32)

    return (
        torch.from_numpy(f("xtr")).reshape(-1, 1, 28, 28),
        torch.from_numpy(f("ytr")).long(),
        torch.from_numpy(f("xte")).reshape(-1, 1, 28, 28),
        torch.from_numpy(f("yte")).long(),
    )


def make(arch, dropout):
    if arch == "lenet":  # conv5x5(16)-pool-conv5x5(32)-pool-FC128-FC10 (the example before this change)
        return nn.Sequential(
            nn.Conv2d(1, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 49, 128), nn.ReLU(), nn.Dropout(dropout), nn.Linear(128, 10))
    if arch == "lenet-bn":  # the same with BatchNorm2d after each conv
        return nn.Sequential(
            nn.Conv2d(1, 16, 5, padding=2), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 5, padding=2), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 49, 128), nn.ReLU(), nn.Dropout(dropout), nn.Linear(128, 10))
    if arch == "lenet3":  # 3x3 convs 16-32, no BatchNorm
        return nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 49, 128), nn.ReLU(), nn.Dropout(dropout), nn.Linear(128, 10))
    if arch == "lenet-bn3":  # 3x3 convs 16-32 with BN
        return nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 49, 128), nn.ReLU(), nn.Dropout(dropout), nn.Linear(128, 10))
    if arch == "lenet-bn-32-64":
        return nn.Sequential(
            nn.Conv2d(1, 32, 5, padding=2), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 5, padding=2), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 49, 128), nn.ReLU(), nn.Dropout(dropout), nn.Linear(128, 10))
    raise ValueError(arch)


def shift(x, max_shift, g):
    """Each image moved by its own (dx, dy) uniform in {-s..s}, zeros shifted in (examples/lib/shift-images.ts)."""
    if max_shift == 0:
        return x
    n = x.shape[0]
    s = max_shift
    padded = F.pad(x, (s, s, s, s))
    off = torch.randint(0, 2 * s + 1, (n, 2), generator=g)
    out = torch.empty_like(x)
    for i in range(n):
        dy, dx = off[i, 0].item(), off[i, 1].item()
        out[i] = padded[i, :, dy:dy + 28, dx:dx + 28]
    return out


def run(a, seed, data):
    xtr, ytr, xte, yte = data
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed + 100)
    model = make(a.arch, a.dropout)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, weight_decay=a.wd)
    steps_per_epoch = (len(xtr) + a.batch - 1) // a.batch
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=a.lr, total_steps=a.epochs * steps_per_epoch, pct_start=a.pct)
    t0 = time.time()
    for _ in range(a.epochs):
        model.train()
        perm = torch.randperm(len(xtr), generator=g)
        for b in range(steps_per_epoch):
            idx = perm[b * a.batch:(b + 1) * a.batch]
            x = shift(xtr[idx], a.shift, g)
            loss = F.cross_entropy(model(x), ytr[idx], label_smoothing=a.ls)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    model.eval()
    with torch.no_grad():
        acc = (model(xte).argmax(1) == yte).float().mean().item()
    return acc, time.time() - t0


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data")
    p.add_argument("--arch", default="lenet")
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--pct", type=float, default=0.3)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--dropout", type=float, default=0.3)
    p.add_argument("--wd", type=float, default=0.0)
    p.add_argument("--ls", type=float, default=0.0)
    p.add_argument("--shift", type=int, default=2)
    p.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    a = p.parse_args()
    torch.set_num_threads(1)
    data = load(a.data)
    accs = []
    for s in a.seeds:
        acc, sec = run(a, s, data)
        accs.append(acc)
        print(f"seed {s}: {100 * acc:.2f} % ({sec:.0f} s)", flush=True)
    cfg = {k: v for k, v in vars(a).items() if k not in ("data", "seeds")}
    print(f"{cfg}: mean {100 * np.mean(accs):.2f} %, min {100 * min(accs):.2f} %, max {100 * max(accs):.2f} %", flush=True)


if __name__ == "__main__":
    main()
