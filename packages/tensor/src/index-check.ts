/** Internal: validation and normalization of integer index arrays for the indexing ops. */
import { textOf } from './describe-value.ts';
import { describeValue } from './check-options.ts';
import { ArgumentError } from './errors.ts';
import { NDArray, checkNDArray } from './ndarray.ts';

/** Index values with their shape: an NDArray keeps its shape, a flat list is 1-D. */
export function indexShape(indices: NDArray | ArrayLike<number>, op = 'indices'): { data: ArrayLike<number>; shape: readonly number[] } {
  if (indices instanceof NDArray) return { data: checkNDArray(op, 'indices', indices).data, shape: indices.shape };
  if (!Array.isArray(indices) && !ArrayBuffer.isView(indices)) {
    throw new ArgumentError(op, `indices must be an NDArray or an array of integers, got ${describeValue(indices)}`);
  }
  return { data: indices, shape: [indices.length] };
}

/**
 * Checks every index is an integer in `[-dim, dim)` and returns them wrapped into `[0, dim)`.
 * @throws ArgumentError naming the op, the bad index, the axis and its size.
 */
export function normalizeIndices(op: string, indices: ArrayLike<number>, dim: number, axis: number): Int32Array {
  const n = indices.length;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const k = indices[i]!;
    if (!Number.isInteger(k)) {
      throw new ArgumentError(op, `index ${textOf(k)} is not an integer (axis ${axis} of size ${dim})`);
    }
    if (k < -dim || k >= dim) {
      throw new ArgumentError(op, `index ${k} out of range for axis ${axis} of size ${dim}`);
    }
    out[i] = k < 0 ? k + dim : k;
  }
  return out;
}
