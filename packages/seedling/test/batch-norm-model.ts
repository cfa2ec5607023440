/**
 * The model of the PyTorch interop fixtures, built the same way in both directions:
 * `Sequential(Linear(4, 8), BatchNorm1d(8), GELU(), Linear(8, 3))`, float32 (PyTorch's default dtype).
 */
import { BatchNorm1d, GELU, Linear, Sequential } from '@seedling-ml/nn';
import { Tensor } from '@seedling-ml/autograd';
import { NDArray, Rng } from '@seedling-ml/tensor';
import { encodeModel } from '../src/model-bytes.ts';
import { encodeSafetensors } from '../src/safetensors.ts';

/** Where the fixtures live (relative to packages/seedling). */
export const FIXTURE_DIR = 'test/fixtures/pytorch-interop';

/** A fresh model of the fixtures' architecture. */
export function batchNormModel(seed = 0): Sequential {
  return new Sequential(new Linear(4, 8, { seed }), new BatchNorm1d(8, { seed }), new GELU(), new Linear(8, 3, { seed: seed + 1 }));
}

/**
 * Seedling's side of the fixture: a model whose BatchNorm has seen 3 training batches (running statistics
 * and `num_batches_tracked` = 3), its safetensors bytes and its eval-mode output on a fixed input.
 */
export function seedlingFixture(): { bytes: Uint8Array; input: number[][]; output: number[][] } {
  const model = batchNormModel(3);
  const rng = new Rng(11);
  for (let i = 0; i < 3; i++) model.forward(new Tensor(rng.normal([6, 4])));
  model.eval();
  const x = new Tensor(rng.normal([5, 4]));
  return { bytes: encodeModel(model), input: x.toArray() as number[][], output: model.forward(x).toArray() as number[][] };
}

/**
 * float32 values (ties, overflow, subnormals, ±0, ±Infinity, NaN and 2000 random ones over 2^±20) written three
 * times: `x` as F32, `x_f16` as F16 and `x_bf16` as BF16 by Seedling. The golden script checks that PyTorch's
 * own `x.to(torch.float16)` / `x.to(torch.bfloat16)` give the same bits.
 */
export function roundingFixture(): Uint8Array {
  const special = [
    1 + 2 ** -11,
    1 + 3 * 2 ** -11,
    1 + 2 ** -8,
    1 + 3 * 2 ** -8,
    65504,
    65519.99,
    65520,
    1e6,
    -1e6,
    2 ** -24,
    2 ** -25,
    3 * 2 ** -25,
    1e-40,
    -0,
    0,
    Infinity,
    -Infinity,
    NaN,
    3.4028234663852886e38,
  ];
  const rng = new Rng(5);
  const normal = rng.normal([2000], 0, 1, { dtype: 'float64' }).data;
  const scale = rng.uniform([2000], -20, 20, { dtype: 'float64' }).data;
  const data = new Float32Array(special.length + 2000);
  data.set(special);
  for (let i = 0; i < 2000; i++) data[special.length + i] = normal[i]! * 2 ** scale[i]!;
  const x = new NDArray(data, [data.length]);
  return encodeSafetensors({ x, x_f16: x, x_bf16: x }, undefined, { dtypes: { x_f16: 'F16', x_bf16: 'BF16' } });
}
