"""Spot-check values for Seedling's class losses, printed by PyTorch (float64).

Needs PyTorch 2.x (CPU): pip install torch==2.13.0+cpu
Run from the repository root: python3 scripts/golden/losses_spotcheck.py
Writes packages/nn/test/losses/fixtures/torch-losses.json: for every combination of options, the loss and its
gradient with respect to the input, for cross_entropy (class-index and probability targets), nll_loss,
smooth_l1_loss, huber_loss, binary_cross_entropy_with_logits (weight, pos_weight) and kl_div (log_target).
"""

import itertools
import json
import os

import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages", "nn", "test", "losses", "fixtures", "torch-losses.json")

g = torch.Generator().manual_seed(0)


def randn(*shape, scale=1.0):
    # Rounded to 6 decimals so the JSON inputs are short and exact in float64.
    return (torch.randn(*shape, generator=g, dtype=torch.float64) * scale).mul(1e6).round().div(1e6)


def run(fn, x):
    x = x.clone().requires_grad_(True)
    y = fn(x)
    y.sum().backward()
    return {"value": y.tolist(), "grad": x.grad.tolist()}


cases = []
logits = randn(5, 3, scale=2)
target = torch.tensor([2, 0, 1, 1, 0])
weight = torch.tensor([0.3, 1.2, 2.0], dtype=torch.float64)
probs = torch.softmax(randn(5, 3), dim=1)
logits_k = randn(2, 3, 2, scale=2)
target_k = torch.tensor([[0, 2], [1, 1]])
for ignore, w, eps, red in itertools.product([None, 1], [False, True], [0.0, 0.2], ["mean", "sum", "none"]):
    kw = {"reduction": red, "label_smoothing": eps}
    if ignore is not None:
        kw["ignore_index"] = ignore
    if w:
        kw["weight"] = weight
    cases.append({"fn": "crossEntropyLoss", "input": logits.tolist(), "target": target.tolist(),
                  "options": {"ignoreIndex": ignore, "weight": w, "labelSmoothing": eps, "reduction": red},
                  **run(lambda x: F.cross_entropy(x, target, **kw), logits)})
    cases.append({"fn": "crossEntropyLoss", "input": logits_k.tolist(), "target": target_k.tolist(),
                  "options": {"ignoreIndex": ignore, "weight": w, "labelSmoothing": eps, "reduction": red},
                  **run(lambda x: F.cross_entropy(x, target_k, **kw), logits_k)})
    if eps == 0.0:
        kw.pop("label_smoothing")
        logp = torch.log_softmax(logits, 1)
        cases.append({"fn": "nllLoss", "input": logp.tolist(), "target": target.tolist(),
                      "options": {"ignoreIndex": ignore, "weight": w, "reduction": red},
                      **run(lambda x: F.nll_loss(x, target, **kw), logp)})
for w, eps, red in itertools.product([False, True], [0.0, 0.2], ["mean", "sum", "none"]):
    kw = {"reduction": red, "label_smoothing": eps}
    if w:
        kw["weight"] = weight
    cases.append({"fn": "crossEntropyLoss", "input": logits.tolist(), "target": probs.tolist(), "probabilities": True,
                  "options": {"ignoreIndex": None, "weight": w, "labelSmoothing": eps, "reduction": red},
                  **run(lambda x: F.cross_entropy(x, probs, **kw), logits)})

a = randn(3, 4, scale=2)
b = randn(3, 4)
for beta, red in itertools.product([0.0, 0.5, 1.0, 2.0], ["mean", "sum", "none"]):
    cases.append({"fn": "smoothL1Loss", "input": a.tolist(), "target": b.tolist(), "options": {"beta": beta, "reduction": red},
                  **run(lambda x: F.smooth_l1_loss(x, b, beta=beta, reduction=red), a)})
for delta, red in itertools.product([0.5, 1.0, 2.0], ["mean", "sum", "none"]):
    cases.append({"fn": "huberLoss", "input": a.tolist(), "target": b.tolist(), "options": {"delta": delta, "reduction": red},
                  **run(lambda x: F.huber_loss(x, b, delta=delta, reduction=red), a)})

y = torch.rand(3, 4, generator=g, dtype=torch.float64).mul(1e6).round().div(1e6)
y[0, 0] = 1.0
y[1, 1] = 0.0
bw = torch.tensor([[0.5], [1.0], [2.0]], dtype=torch.float64)
pw = torch.tensor([0.5, 1.0, 3.0, 2.0], dtype=torch.float64)
for use_w, use_pw, red in itertools.product([False, True], [False, True], ["mean", "sum", "none"]):
    kw = {"reduction": red}
    if use_w:
        kw["weight"] = bw
    if use_pw:
        kw["pos_weight"] = pw
    cases.append({"fn": "bceWithLogitsLoss", "input": a.tolist(), "target": y.tolist(),
                  "options": {"weight": bw.tolist() if use_w else None, "posWeight": pw.tolist() if use_pw else None, "reduction": red},
                  **run(lambda x: F.binary_cross_entropy_with_logits(x, y, **kw), a)})

logq = torch.log_softmax(randn(3, 4), 1)
p = torch.softmax(randn(3, 4), 1)
p[0, 1] = 0.0  # a zero target probability: contributes 0 (0 · log 0 = 0)
for log_target, red in itertools.product([False, True], ["mean", "sum", "none", "batchmean"]):
    t = torch.log(p.clamp_min(1e-300)) if log_target else p
    if log_target:
        t[0, 1] = -1e300  # exp(-1e300) = 0: the same zero probability
    cases.append({"fn": "klDivLoss", "input": logq.tolist(), "target": t.tolist(), "options": {"logTarget": log_target, "reduction": red},
                  **run(lambda x: F.kl_div(x, t, reduction=red, log_target=log_target), logq)})

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f)
    f.write("\n")
print(f"wrote {len(cases)} cases to {os.path.relpath(OUT, ROOT)}")
