"""PyTorch CPU peer of the Seedling benchmarks (driven by benchmarks/lib/pytorch.ts).

Protocol: one JSON object per line on stdin, one answer per line on stdout.
  first line out:  {"ready": true, "torch": "<version>", "cores": <os.cpu_count()>}
  request:         {"spec": {...}, "threads": n, "maxTime": s, "minSamples": k}
  answer:          {"seconds": mean s/call, "rme": percent, "samples": count}  or  {"error": "..."}
The process exits when stdin closes. Each case is built from its spec with the same sizes, dtype
(float32), data distributions and optimizer settings as the Seedling case; values differ (NumPy-free
seeded torch generators), which does not change the time of dense float arithmetic.

Timing follows benchmark.js: one warm-up call, then samples of a calibrated number of calls each
(every sample lasts at least MIN_SAMPLE_S) until both `minSamples` samples and `maxTime` seconds are
reached; mean seconds per call and the relative margin of error (95 %, Student t) of the mean.
"""
import json
import math
import os
import sys
import time

try:
    import torch
except Exception as exc:  # noqa: BLE001 - any import failure means "no PyTorch column"
    print(json.dumps({"ready": False, "error": f"{type(exc).__name__}: {exc}"}), flush=True)
    sys.exit(0)

MIN_SAMPLE_S = 0.05

# Two-sided 95 % Student t critical values by degrees of freedom (benchmark.js uses the same table idea).
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
       15: 2.131, 20: 2.086, 30: 2.042}


def t_critical(df):
    for limit in sorted(T95):
        if df <= limit:
            return T95[limit]
    return 1.96


def mlp(sizes, activation):
    layers = []
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1])
        # He (ReLU) / LeCun (tanh) normal weights and zero bias, as benchmarks/lib/mlp.ts initialParameters.
        gain2 = 2.0 if activation == "relu" else 1.0
        with torch.no_grad():
            lin.weight.normal_(0.0, math.sqrt(gain2 / sizes[i]))
            lin.bias.zero_()
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU() if activation == "relu" else torch.nn.Tanh())
    return torch.nn.Sequential(*layers)


def batch(sizes, n, loss, gen):
    x = torch.rand(n, sizes[0], generator=gen)
    if loss == "crossEntropy":
        y = torch.randint(0, sizes[-1], (n,), generator=gen)
    else:
        y = torch.rand(n, sizes[-1], generator=gen) * 2 - 1
    return x, y


def loss_fn(kind):
    return torch.nn.functional.cross_entropy if kind == "crossEntropy" else torch.nn.functional.mse_loss


def optimizer(kind, params, lr):
    if kind == "Adam":
        return torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8)
    return torch.optim.SGD(params, lr=lr)


def build(spec):
    """Returns a zero-argument function doing the case's whole piece of work once."""
    gen = torch.Generator().manual_seed(spec.get("seed", 0))
    kind = spec["kind"]
    if kind == "matmul":
        n = spec["n"]
        a = torch.rand(n, n, generator=gen) * 2 - 1
        b = torch.rand(n, n, generator=gen) * 2 - 1
        return lambda: torch.matmul(a, b)
    if kind == "elementwise":
        n = spec["n"]
        p = torch.rand(n, generator=gen) * 2 - 1
        q = torch.rand(n, generator=gen) * 2 - 1
        op = {"add": lambda: torch.add(p, q), "mul": lambda: torch.mul(p, q), "exp": lambda: torch.exp(p)}
        return op[spec["op"]]
    if kind == "sum":
        x = torch.rand(spec["rows"], spec["cols"], generator=gen) * 2 - 1
        return lambda: torch.sum(x, dim=spec["axis"])
    if kind == "fwdbwd":
        sizes = spec["sizes"]
        model = mlp(sizes, spec["activation"])
        x, y = batch(sizes, spec["batch"], spec["loss"], gen)
        lf = loss_fn(spec["loss"])

        def fwdbwd():
            model.zero_grad(set_to_none=True)
            loss = lf(model(x), y)
            loss.backward()
            loss.item()
        return fwdbwd
    if kind in ("train", "epoch"):
        sizes = spec["sizes"]
        model = mlp(sizes, "relu")
        opt = optimizer(spec["optimizer"], model.parameters(), spec["lr"])
        bs = spec["batch"]

        def step(x, y):
            opt.zero_grad(set_to_none=True)
            loss = torch.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            return loss.item()
        if kind == "train":
            x, y = batch(sizes, bs, "crossEntropy", gen)
            return lambda: step(x, y)
        # One epoch over n synthetic digits (pixel-like uniform values), reshuffled each call, reading every loss.
        n = spec["n"]
        xs, ys = batch(sizes, n, "crossEntropy", gen)

        def epoch():
            order = torch.randperm(n, generator=gen)
            for start in range(0, n, bs):
                idx = order[start:start + bs]
                step(xs[idx], ys[idx])
        return epoch
    raise ValueError(f"unknown benchmark kind {kind!r}")


def measure(fn, max_time, min_samples):
    fn()  # warm-up (allocator, kernels' first-call dispatch)
    t0 = time.perf_counter()
    fn()
    once = max(time.perf_counter() - t0, 1e-7)
    count = max(1, math.ceil(MIN_SAMPLE_S / once))
    samples = []
    start = time.perf_counter()
    while len(samples) < min_samples or time.perf_counter() - start < max_time:
        t0 = time.perf_counter()
        for _ in range(count):
            fn()
        samples.append((time.perf_counter() - t0) / count)
    mean = sum(samples) / len(samples)
    if len(samples) > 1:
        var = sum((s - mean) ** 2 for s in samples) / (len(samples) - 1)
        rme = t_critical(len(samples) - 1) * math.sqrt(var / len(samples)) / mean * 100
    else:
        rme = 0.0
    return {"seconds": mean, "rme": rme, "samples": len(samples)}


def main():
    print(json.dumps({"ready": True, "torch": torch.__version__, "cores": os.cpu_count()}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
            torch.set_num_threads(int(req["threads"]))
            torch.manual_seed(0)
            fn = build(req["spec"])
            with torch.inference_mode(req["spec"]["kind"] in ("matmul", "elementwise", "sum")):
                answer = measure(fn, float(req["maxTime"]), int(req["minSamples"]))
        except Exception as exc:  # noqa: BLE001 - reported to the runner, which prints it
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
