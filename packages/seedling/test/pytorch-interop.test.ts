/**
 * Checkpoints move between PyTorch and Seedling with `load_state_dict(strict=True)` both ways. The fixtures in
 * test/fixtures/pytorch-interop are written by scripts/golden/batchnorm_model.py (PyTorch 2.13, which also
 * loads Seedling's file strictly and prints the check) and scripts/golden/seedling_batchnorm_model.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tensor } from '@seedling-ml/autograd';
import type { BatchNorm1d } from '@seedling-ml/nn';
import { describe, expect, test } from 'vitest';
import { encodeModel } from '../src/model-bytes.ts';
import { loadModel } from '../src/node.ts';
import { decodeSafetensors } from '../src/safetensors.ts';
import { batchNormModel, roundingFixture, seedlingFixture } from './batch-norm-model.ts';

const fixture = (name: string): URL => new URL(`./fixtures/pytorch-interop/${name}`, import.meta.url);
interface PytorchFixture {
  keys: string[];
  input: number[][];
  outputEval: number[][];
  outputTrain: number[][];
  afterTrainStep: { running_mean: number[]; running_var: number[]; num_batches_tracked: number };
}
const torchSide = JSON.parse(readFileSync(fixture('pytorch_model.json'), 'utf8')) as PytorchFixture;

/**
 * float32 agreement: both sides compute in float32 with different summation orders and erf approximations;
 * a handful of roundings (unit roundoff 6e-8) on values of order 1 stay far inside 1e-5 of the largest value.
 */
function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-5 * scale));
}

describe('PyTorch → Seedling: Sequential(Linear, BatchNorm1d, GELU, Linear) saved by safetensors.torch.save_file', () => {
  test("the file holds PyTorch's keys, num_batches_tracked as I64 [], and Seedling's state dict has the same keys", () => {
    const { tensors, dtypes } = decodeSafetensors(readFileSync(fixture('pytorch_model.safetensors')));
    expect(dtypes['1.num_batches_tracked']).toBe('I64');
    expect(tensors['1.num_batches_tracked']!.shape).toEqual([]);
    expect(tensors['1.num_batches_tracked']!.item()).toBe(3);
    expect(Object.keys(batchNormModel().stateDict())).toEqual(torchSide.keys);
  });

  test("loads strictly; eval output, a training step's output and the running statistics after it equal PyTorch's", async () => {
    const model = batchNormModel(42);
    expect(await loadModel(model, fileURLToPath(fixture('pytorch_model.safetensors')), { strict: true })).toEqual({
      missingKeys: [],
      unexpectedKeys: [],
    });
    const bn = (model as unknown as Record<string, BatchNorm1d>)['1']!;
    expect(bn.numBatchesTracked.item()).toBe(3);
    const x = tensor(torchSide.input, { dtype: 'float32' });
    model.eval();
    expectClose((model.forward(x).toArray() as number[][]).flat(), torchSide.outputEval.flat());
    model.train();
    expectClose((model.forward(x).toArray() as number[][]).flat(), torchSide.outputTrain.flat());
    expectClose(Array.from(bn.runningMean.data), torchSide.afterTrainStep.running_mean);
    expectClose(Array.from(bn.runningVar.data), torchSide.afterTrainStep.running_var);
    expect(bn.numBatchesTracked.item()).toBe(torchSide.afterTrainStep.num_batches_tracked);
  });
});

describe('Seedling → PyTorch', () => {
  test("a model loaded from PyTorch's file writes that file back byte for byte (same layout, dtypes, values)", async () => {
    const model = batchNormModel(42);
    const path = fileURLToPath(fixture('pytorch_model.safetensors'));
    await loadModel(model, path);
    expect(Buffer.from(encodeModel(model)).equals(readFileSync(path))).toBe(true);
  });

  test('the committed Seedling-written file (loaded strictly by the golden script) is what Seedling writes today', () => {
    const { bytes, input, output } = seedlingFixture();
    expect(Buffer.from(bytes).equals(readFileSync(fixture('seedling_model.safetensors')))).toBe(true);
    expect(JSON.parse(readFileSync(fixture('seedling_model.json'), 'utf8'))).toEqual({ input, output });
    const { dtypes, tensors } = decodeSafetensors(bytes);
    expect(dtypes['1.num_batches_tracked']).toBe('I64');
    expect(tensors['1.num_batches_tracked']!.item()).toBe(3);
  });
});

test("the committed F16/BF16 rounding file (whose bits the golden script compares with torch's .to(float16/bfloat16)) is what Seedling writes today", () => {
  expect(Buffer.from(roundingFixture()).equals(readFileSync(fixture('seedling_f16_bf16.safetensors')))).toBe(true);
});

describe('saveModel with dtype', () => {
  test('BF16 weights, I64 counter; loads back into a float32 model; unknown options are refused', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { saveModel } = await import('../src/node.ts');
    const dir = await mkdtemp(join(tmpdir(), 'seedling-bf16-'));
    try {
      const model = batchNormModel(5);
      const path = join(dir, 'm.safetensors');
      await saveModel(model, path, { dtype: 'BF16' });
      const { dtypes } = decodeSafetensors(readFileSync(path));
      expect(Object.entries(dtypes).filter(([, d]) => d !== 'BF16')).toEqual([['1.num_batches_tracked', 'I64']]);
      const back = batchNormModel(6);
      await loadModel(back, path);
      // bfloat16 keeps 8 significant bits: relative rounding error ≤ 2^-8.
      const w = Array.from(model.stateDict()['0.weight']!.data);
      Array.from(back.stateDict()['0.weight']!.data).forEach((v, i) =>
        expect(Math.abs(v - w[i]!)).toBeLessThanOrEqual(2 ** -8 * Math.abs(w[i]!)),
      );
      await expect(saveModel(model, path, { dtpye: 'F16' } as never)).rejects.toThrow(
        "saveModel: unknown option 'dtpye' (valid: metadata, dtype)",
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
