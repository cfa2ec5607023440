"""A safetensors file of every dtype Seedling reads, written by PyTorch, with the values PyTorch reads back.

Needs PyTorch 2.x (CPU) and safetensors: pip install torch==2.13.0+cpu safetensors
Run from the repository root: python3 scripts/golden/safetensors_dtypes.py
Writes packages/seedling/test/fixtures/pytorch-interop/dtypes.safetensors:
- f16 / bf16: every bit pattern whose exponent field is all zeros or all ones (±0, every subnormal, ±Infinity,
  every NaN) plus 2048 random patterns, and f16_as_f32 / bf16_as_f32: PyTorch's own conversion to float32;
- i8, i16, i32, i64, u8, bool: extreme and ordinary integers, with the same values as float64 in <name>_as_f64
  (every I64 value chosen exactly representable in float64).
packages/seedling/test/safetensors-dtypes.test.ts decodes the file and compares each pair.
"""

import os

import torch
from safetensors.torch import save_file

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "packages", "seedling", "test", "fixtures", "pytorch-interop", "dtypes.safetensors")


def patterns(exp_bits, man_bits):
    special = []
    for sign in (0, 1):
        for exp in (0, (1 << exp_bits) - 1):
            for man in range(1 << man_bits):
                special.append((sign << (exp_bits + man_bits)) | (exp << man_bits) | man)
    g = torch.Generator().manual_seed(0)
    rand = torch.randint(0, 1 << 16, (2048,), generator=g).tolist()
    bits = torch.tensor(special + rand, dtype=torch.int32).to(torch.int16)  # wraps to the 16-bit pattern
    return bits


tensors = {}
for name, dtype, exp_bits, man_bits in (("f16", torch.float16, 5, 10), ("bf16", torch.bfloat16, 8, 7)):
    x = patterns(exp_bits, man_bits).view(dtype)
    tensors[name] = x
    tensors[f"{name}_as_f32"] = x.to(torch.float32)

ints = {
    "i8": (torch.int8, [-128, -1, 0, 1, 127]),
    "i16": (torch.int16, [-32768, -1, 0, 1, 32767]),
    "i32": (torch.int32, [-2**31, -1, 0, 1, 2**31 - 1]),
    "i64": (torch.int64, [-2**63, -2**53, -1, 0, 2**53, 2**62]),
    "u8": (torch.uint8, [0, 1, 128, 255]),
    "bool": (torch.bool, [True, False, True]),
}
for name, (dtype, values) in ints.items():
    t = torch.tensor(values, dtype=dtype)
    tensors[name] = t
    tensors[f"{name}_as_f64"] = t.to(torch.float64)

save_file(tensors, OUT)
print(f"wrote {os.path.relpath(OUT, ROOT)} ({os.path.getsize(OUT)} bytes, {len(tensors)} tensors)")
