/**
 * The model of the PyTorch interop fixtures, built the same way in both directions:
 * `Sequential(Linear(4, 8), BatchNorm1d(8), GELU(), Linear(8, 3))`, float32 (PyTorch's default dtype).
 */
import { BatchNorm1d, GELU, Linear, Sequential } from '@seedling-ml/nn';
import { Tensor } from '@seedling-ml/autograd';
import { Rng } from '@seedling-ml/tensor';
import { encodeModel } from '../src/model-bytes.ts';

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
