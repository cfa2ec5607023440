/** Running exported models in onnxruntime-node and comparing them with Seedling, for the ONNX tests. */
import { fromBinary } from '@bufbuild/protobuf';
import { Tensor, noGrad } from '@seedling-ml/autograd';
import type { Module } from '@seedling-ml/nn';
import { NDArray, Rng } from '@seedling-ml/tensor';
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { type ModelProto, ModelProtoSchema } from '../../src/onnx/generated/onnx_pb.ts';

/** Runs ONNX bytes on one float input; returns the output's values and dims. */
export async function runOrt(
  bytes: Uint8Array,
  x: NDArray,
  names = { input: 'input', output: 'output' },
): Promise<{ data: number[]; dims: number[] }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const type = x.dtype === 'float64' ? 'float64' : 'float32';
    const result = await session.run({ [names.input]: new ort.Tensor(type, x.data, [...x.shape]) });
    const out = result[names.output]!;
    return { data: Array.from(out.data as Float32Array | Float64Array), dims: [...out.dims] };
  } finally {
    await session.release();
  }
}

/** Decodes exported bytes with the same generated schema (to inspect the structure). */
export function decodeModel(bytes: Uint8Array): ModelProto {
  return fromBinary(ModelProtoSchema, bytes);
}

/** The dims of a graph input/output value info: numbers, `'batch'`, or `'?'` for an unnamed dim. */
export function declaredDims(model: ModelProto, which: 'input' | 'output'): (number | string)[] {
  const vi = model.graph![which][0]!;
  const t = vi.type!.value;
  if (t.case !== 'tensorType') throw new Error('not a tensor type');
  return t.value.shape!.dim.map((d) =>
    d.value.case === 'dimValue' ? Number(d.value.value) : d.value.case === 'dimParam' ? d.value.value : '?',
  );
}

/** Normal samples of `shape` (seeded), in `dtype`. */
export function randomInput(shape: number[], seed: number, dtype: 'float32' | 'float64' = 'float32'): NDArray {
  return new Rng(seed).normal(shape, 0, 1.5, { dtype });
}

/**
 * Asserts that onnxruntime computes what Seedling computes: |ort − seedling| ≤ 1e-5·(1 + |seedling|)
 * element-wise (float32 rounding of the two implementations differs by a few ulps, ~1e-7 relative).
 */
export async function expectOrtMatches(model: Module, bytes: Uint8Array, x: NDArray): Promise<void> {
  const want = noGrad(() => model.forward(new Tensor(x)));
  const got = await runOrt(bytes, x);
  expect(got.dims).toEqual([...want.shape]);
  const w = want.data.data;
  let worst = 0;
  for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(got.data[i]! - w[i]!) / (1 + Math.abs(w[i]!)));
  expect(worst).toBeLessThanOrEqual(1e-5);
}
