import { textOf } from '@seedling-ml/tensor';
import { Tensor } from '@seedling-ml/autograd';
import { type DType, NDArray, allocate, formatShape } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';

/** A per-class weight: a `[C]` Tensor (its graph ignored), NDArray or array of numbers. */
export type ClassWeight = Tensor | NDArray | readonly number[];

/** PyTorch's default `ignore_index`: a target of −100 is skipped unless told otherwise. */
export const DEFAULT_IGNORE_INDEX = -100;

/** The validated `[C]` weight values (finite numbers), or null when no weight is given. */
export function readClassWeight(op: string, weight: ClassWeight | undefined, classes: number): Float64Array | null {
  if (weight === undefined) return null;
  let values: ArrayLike<number>;
  let shape: readonly number[];
  if (weight instanceof Tensor || weight instanceof NDArray) {
    const a = weight instanceof Tensor ? weight.data : weight;
    values = a.data;
    shape = a.shape;
  } else if (Array.isArray(weight)) {
    values = weight;
    shape = [weight.length];
  } else {
    throw new NNError(op, `weight must be a [C] Tensor, NDArray or array of numbers, got ${weight === null ? 'null' : typeof weight}`);
  }
  if (shape.length !== 1 || shape[0] !== classes)
    throw new NNError(op, `weight must have shape [${classes}] (one per class), got ${formatShape(shape)}`);
  const out = Float64Array.from(values);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]!)) throw new NNError(op, `weight[${i}] is ${textOf(values[i])}, not a finite number`);
  }
  return out;
}

/** The validated `ignoreIndex` option (an integer; default −100 as PyTorch). */
export function readIgnoreIndex(op: string, ignoreIndex: number | undefined): number {
  const v = ignoreIndex ?? DEFAULT_IGNORE_INDEX;
  if (!Number.isSafeInteger(v)) throw new NNError(op, `ignoreIndex must be an integer, got ${textOf(ignoreIndex)}`);
  return v;
}

/** `w` as a constant broadcastable along the class axis of a rank-`rank` input: `[C]` or `[C, 1, …]`. */
export function classAxisWeight(w: Float64Array, rank: number, dtype: DType): NDArray {
  const data = allocate(dtype, w.length);
  data.set(w);
  return new NDArray(data, rank <= 2 ? [w.length] : [w.length, ...new Array<number>(rank - 2).fill(1)]);
}
