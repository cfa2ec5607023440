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

/**
 * Validates class targets against `input` and returns them as indices shaped like `input` with the
 * class axis set to 1 (ready for `takeAlongAxis`). The target's shape must be `input.shape` without
 * the class axis, and every entry an integer in [0, C).
 */
export function classIndices(op: string, input: Tensor, target: ClassTargets): NDArray {
  const axis = classAxisOf(op, input);
  const t = target instanceof Tensor ? target.data : target instanceof NDArray ? target : array(target, { dtype: 'float64' });
  const expected = input.shape.filter((_, i) => i !== axis);
  if (!shapesEqual(t.shape, expected)) {
    throw new NNError(op, `target shape ${formatShape(t.shape)} does not match input ${formatShape(input.shape)}: expected ${formatShape(expected)}`);
  }
  const classes = input.shape[axis]!;
  const data = t.data;
  for (let i = 0; i < data.length; i++) {
    const k = data[i]!;
    if (!Number.isInteger(k) || k < 0 || k >= classes) {
      throw new NNError(op, `target ${k} at flat index ${i} is not a class index in [0, ${classes}): input ${formatShape(input.shape)}, target ${formatShape(t.shape)}`);
    }
  }
  const shape = [...input.shape];
  shape[axis] = 1;
  // Inserting a size-1 axis keeps the row-major order, so the data is reused as is.
  return new NDArray(Float64Array.from(data), shape);
}
