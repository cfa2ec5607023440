import { NDArray, allocate, checkArg, formatShape, rule, textOf } from '@seedling-ml/tensor';
import { DataError } from './errors.ts';

/** A list of example indices: an array or a typed array (each index is checked where it is used). */
export const indexListRule = rule('an array or a typed array of indices', (v) => Array.isArray(v) || ArrayBuffer.isView(v));

/**
 * The rows (slices along axis 0) of `x` at `indices`, stacked: shape `[indices.length, ...x.shape[1:]]`.
 * Rows are contiguous in row-major storage, so each is one block copy.
 */
export function takeRows(op: string, x: NDArray, indices: ArrayLike<number>): NDArray {
  checkArg(op, 'indices', indices, indexListRule, DataError);
  const n = x.shape[0]!;
  const rowSize = x.size / Math.max(n, 1);
  const out = allocate(x.dtype, indices.length * rowSize);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new DataError(op, `index ${textOf(i)} out of range for ${n} examples (shape ${formatShape(x.shape)})`);
    }
    out.set(x.data.subarray(i * rowSize, (i + 1) * rowSize), k * rowSize);
  }
  return new NDArray(out, [indices.length, ...x.shape.slice(1)]);
}

/** Stacks equally shaped arrays along a new first axis (a copy). */
export function stackRows(op: string, rows: readonly NDArray[]): NDArray {
  const first = rows[0];
  if (first === undefined) throw new DataError(op, 'cannot stack an empty list');
  const out = allocate(first.dtype, rows.length * first.size);
  rows.forEach((r, k) => {
    if (r.size !== first.size || r.shape.length !== first.shape.length || r.shape.some((d, j) => d !== first.shape[j])) {
      throw new DataError(op, `examples have different shapes: ${formatShape(first.shape)} and ${formatShape(r.shape)}`);
    }
    out.set(r.data, k * first.size);
  });
  return new NDArray(out, [rows.length, ...first.shape]);
}
