/** `takeAlongAxis` (torch.gather / np.take_along_axis) and its adjoint `scatterAddAlongAxis`. */
import { allocate } from './dtype.ts';
import { ShapeError, formatShape } from './errors.ts';
import { normalizeIndices } from './index-check.ts';
import { NDArray, checkNDArray } from './ndarray.ts';
import { checkShape, normalizeAxis, shapesEqual, sizeOf } from './shape.ts';

/** Checks `indices` has the rank of `shape` and equal dims off `axis`; returns the normalized axis. */
function checkAlong(op: string, shape: readonly number[], indices: NDArray, axis: number): number {
  const a = normalizeAxis(op, axis, shape.length);
  let ok = indices.rank === shape.length;
  for (let i = 0; ok && i < shape.length; i++) if (i !== a && indices.shape[i] !== shape[i]) ok = false;
  if (!ok) {
    throw new ShapeError(
      op,
      `indices shape must equal the array shape except on axis ${a}: ${formatShape(indices.shape)} vs ${formatShape(shape)}`,
      [indices.shape, shape],
    );
  }
  return a;
}

/**
 * Picks one entry of `x` along `axis` per index (PyTorch `gather`, NumPy `take_along_axis`):
 * `out[a…, j, b…] = x[a…, indices[a…, j, b…], b…]`. `indices` has the rank of `x` and the same dims
 * except along `axis` (no broadcasting); the result has `indices.shape`. Negative indices wrap.
 *
 * @throws AxisError for a bad axis; ShapeError for mismatched shapes; ArgumentError for a bad index.
 * @example
 * const x = array([[10, 11, 12], [20, 21, 22]]);
 * takeAlongAxis(x, array([[2], [0]]), 1).toArray(); // [[12], [20]]
 */
export function takeAlongAxis(x: NDArray, indices: NDArray, axis: number): NDArray {
  checkNDArray('takeAlongAxis', 'x', x);
  checkNDArray('takeAlongAxis', 'indices', indices);
  const a = checkAlong('takeAlongAxis', x.shape, indices, axis);
  const dim = x.shape[a]!;
  const idx = normalizeIndices('takeAlongAxis', indices.data, dim, a);
  const outer = sizeOf(x.shape.slice(0, a));
  const inner = sizeOf(x.shape.slice(a + 1));
  const n = indices.shape[a]!;
  const out = allocate(x.dtype, indices.size);
  const src = x.data;
  for (let o = 0, p = 0; o < outer; o++) {
    const base = o * dim * inner;
    for (let k = 0; k < n; k++) {
      for (let t = 0; t < inner; t++, p++) out[p] = src[base + idx[p]! * inner + t]!;
    }
  }
  return new NDArray(out, indices.shape);
}

/**
 * The adjoint of `takeAlongAxis` (its backward pass): zeros of `shape` with
 * `out[a…, indices[a…, j, b…], b…] += values[a…, j, b…]`; repeated indices accumulate.
 * `values.shape` must equal `indices.shape`. Result dtype is `values.dtype`.
 *
 * @throws ShapeError for mismatched shapes; AxisError / ArgumentError as for `takeAlongAxis`.
 * @example
 * scatterAddAlongAxis([2, 3], array([[2, 2], [0, 1]]), 1, array([[1, 2], [3, 4]])).toArray();
 * // [[0, 0, 3], [3, 4, 0]]
 */
export function scatterAddAlongAxis(shape: readonly number[], indices: NDArray, axis: number, values: NDArray): NDArray {
  checkNDArray('scatterAddAlongAxis', 'indices', indices);
  checkNDArray('scatterAddAlongAxis', 'values', values);
  const s = checkShape('scatterAddAlongAxis', shape);
  const a = checkAlong('scatterAddAlongAxis', s, indices, axis);
  if (!shapesEqual(values.shape, indices.shape)) {
    throw new ShapeError(
      'scatterAddAlongAxis',
      `values shape must equal indices shape: ${formatShape(values.shape)} vs ${formatShape(indices.shape)}`,
      [values.shape, indices.shape],
    );
  }
  const dim = s[a]!;
  const idx = normalizeIndices('scatterAddAlongAxis', indices.data, dim, a);
  const outer = sizeOf(s.slice(0, a));
  const inner = sizeOf(s.slice(a + 1));
  const n = indices.shape[a]!;
  const out = allocate(values.dtype, sizeOf(s));
  const src = values.data;
  for (let o = 0, p = 0; o < outer; o++) {
    const base = o * dim * inner;
    for (let k = 0; k < n; k++) {
      for (let t = 0; t < inner; t++, p++) out[base + idx[p]! * inner + t]! += src[p]!;
    }
  }
  return new NDArray(out, s);
}
