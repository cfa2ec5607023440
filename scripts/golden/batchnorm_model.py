"""PyTorch <-> Seedling checkpoint interop fixture for nn.Sequential(Linear, BatchNorm1d, GELU, Linear).

Needs PyTorch 2.x (CPU) and safetensors:
    pip install torch==2.13.0+cpu safetensors
Run from the repository root:
    python3 scripts/golden/batchnorm_model.py

1. PyTorch -> Seedling: writes packages/seedling/test/fixtures/pytorch-interop/pytorch_model.safetensors
   (saved with safetensors.torch.save_file, so num_batches_tracked is I64) and pytorch_model.json (an input,
   the eval-mode output, and a train-mode step: its output and the running statistics after it).
   packages/seedling/test/pytorch-interop.test.ts loads the file strictly and compares.
2. Seedling -> PyTorch: loads the committed, Seedling-written seedling_model.safetensors with
   load_state_dict(strict=True) and checks the output against seedling_model.json (written by
   scripts/golden/seedling_batchnorm_model.ts), and checks that Seedling's F16/BF16 writer
   (seedling_f16_bf16.safetensors) gives the bits of PyTorch's own conversion. Prints the checks; exits 1 if one fails.
"""

import copy
import json
import os
import sys

import torch
from safetensors.torch import load_file, save_file

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages", "seedling", "test", "fixtures", "pytorch-interop")


def model():
    return torch.nn.Sequential(
        torch.nn.Linear(4, 8), torch.nn.BatchNorm1d(8), torch.nn.GELU(), torch.nn.Linear(8, 3)
    )


def write_pytorch_side():
    torch.manual_seed(0)
    m = model()
    # Move BatchNorm's running statistics away from their initial values (num_batches_tracked = 3).
    for _ in range(3):
        m(torch.randn(6, 4))
    m.eval()
    x = torch.randn(5, 4)
    with torch.no_grad():
        out_eval = m(x)
        trained = copy.deepcopy(m).train()
        out_train = trained(x)
    bn = trained[1]
    save_file(m.state_dict(), os.path.join(OUT, "pytorch_model.safetensors"))
    fixture = {
        "keys": list(m.state_dict().keys()),
        "input": x.tolist(),
        "outputEval": out_eval.tolist(),
        "outputTrain": out_train.tolist(),
        "afterTrainStep": {
            "running_mean": bn.running_mean.tolist(),
            "running_var": bn.running_var.tolist(),
            "num_batches_tracked": int(bn.num_batches_tracked),
        },
    }
    with open(os.path.join(OUT, "pytorch_model.json"), "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote pytorch_model.safetensors ({', '.join(f'{k}: {str(v.dtype)}' for k, v in m.state_dict().items() if v.dtype != torch.float32)})")


def check_seedling_side():
    path = os.path.join(OUT, "seedling_model.safetensors")
    state = load_file(path)
    m = model()
    result = m.load_state_dict(state, strict=True)
    assert not result.missing_keys and not result.unexpected_keys, result
    nbt = state["1.num_batches_tracked"]
    assert nbt.dtype == torch.int64 and nbt.shape == torch.Size([]), (nbt.dtype, nbt.shape)
    with open(os.path.join(OUT, "seedling_model.json")) as f:
        fixture = json.load(f)
    m.eval()
    with torch.no_grad():
        out = m(torch.tensor(fixture["input"], dtype=torch.float32))
    expected = torch.tensor(fixture["output"], dtype=torch.float32)
    diff = (out - expected).abs().max().item()
    scale = expected.abs().max().item()
    ok = diff <= 1e-5 * max(scale, 1.0)
    print(
        f"PyTorch {torch.__version__} loads seedling_model.safetensors with load_state_dict(strict=True): "
        f"num_batches_tracked {nbt.dtype} {list(nbt.shape)} = {int(nbt)}; "
        f"eval outputs differ from Seedling's by at most {diff:.3g} (scale {scale:.3g}): {'OK' if ok else 'FAILED'}"
    )
    return ok


def check_seedling_rounding():
    """Seedling's F16/BF16 writer rounds float32 values to the same bits as PyTorch's .to(float16/bfloat16)."""
    t = load_file(os.path.join(OUT, "seedling_f16_bf16.safetensors"))
    x = t["x"]
    ok = True
    for name, dtype in (("x_f16", torch.float16), ("x_bf16", torch.bfloat16)):
        ours = t[name].view(torch.int16)
        theirs = x.to(dtype).view(torch.int16)
        # NaN payloads may differ; both must be NaN there.
        nan = torch.isnan(x)
        same = (ours == theirs) | (nan & torch.isnan(t[name]))
        bad = (~same).nonzero().flatten().tolist()
        ok = ok and not bad
        print(f"{name}: {x.numel()} float32 values, Seedling's bits equal torch's .to({dtype}) for {x.numel() - len(bad)}" + (f"; differ at {bad[:10]}" if bad else ""))
    return ok


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write_pytorch_side()
    ok = check_seedling_side()
    ok = check_seedling_rounding() and ok
    sys.exit(0 if ok else 1)
