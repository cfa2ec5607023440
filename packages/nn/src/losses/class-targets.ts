import { Tensor } from '@seedling-ml/autograd';
import { NDArray, type NestedArray, array, formatShape, shapesEqual } from '@seedling-ml/tensor';
import { NNError } from '../errors.ts';

/** Integer class targets: a Tensor or NDArray of class indices, nested arrays, or one number. */
export type ClassTargets = Tensor | NDArray | NestedArray;

/** The axis holding classes: 0 for a single sample `[C]`, otherwise 1 (`[N, C]`, `[N, C, d1, …]`), as PyTorch. */
export function classAxisOf(op: string, input: Tensor): number {
  if (input.rank === 0) throw new NNError(op, `input must have a class axis, got a scalar: input ${formatShape(input.shape)}`);
  return input.rank === 1 ? 0 : 1;
}

/** Validated class targets: gather indices, which targets count, and the target's shape. */
export interface ClassIndexTargets {
  /** Indices shaped like the input with the class axis set to 1 (ignored targets point at class 0). */
  readonly indices: NDArray;
  /** 1 where the target counts, 0 where it equals `ignoreIndex`; shaped like the target. */
  readonly keep: NDArray;
  /** The class of each target (0 where ignored), shaped like the target. */
  readonly classes: Float64Array;
}

/** `target` as an NDArray (nested arrays and numbers copied as float64). */
export function targetArray(target: ClassTargets): NDArray {
  return target instanceof Tensor ? target.data : target instanceof NDArray ? target : array(target, { dtype: 'float64' });
}

/**
 * Validates class targets against `input`: the target's shape must be `input.shape` without the class
 * axis, and every entry an integer in [0, C) or equal to `ignoreIndex` (when given).
 */
export function classIndices(op: string, input: Tensor, target: ClassTargets, ignoreIndex?: number): ClassIndexTargets {
  const axis = classAxisOf(op, input);
  const t = targetArray(target);
  const expected = input.shape.filter((_, i) => i !== axis);
  if (!shapesEqual(t.shape, expected)) {
    throw new NNError(
      op,
      `target shape ${formatShape(t.shape)} does not match input ${formatShape(input.shape)}: expected ${formatShape(expected)}`,
    );
  }
  const count = input.shape[axis]!;
  const data = t.data;
  const classes = new Float64Array(data.length);
  const keep = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const k = data[i]!;
    if (k === ignoreIndex) continue;
    if (!Number.isInteger(k) || k < 0 || k >= count) {
      const ignored = ignoreIndex === undefined ? '' : ` or the ignoreIndex ${ignoreIndex}`;
      throw new NNError(
        op,
        `target ${k} at flat index ${i} is not a class index in [0, ${count})${ignored}: input ${formatShape(input.shape)}, target ${formatShape(t.shape)}`,
      );
    }
    classes[i] = k;
    keep[i] = 1;
  }
  const shape = [...input.shape];
  shape[axis] = 1;
  // Inserting a size-1 axis keeps the row-major order, so the data is reused as is.
  return { indices: new NDArray(Float64Array.from(classes), shape), keep: new NDArray(keep, [...t.shape]), classes };
}
