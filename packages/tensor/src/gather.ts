/** `gather` (NumPy `take`) and its adjoint `indexAdd`. */
import { allocate } from './dtype.ts';
import { ShapeError, formatShape } from './errors.ts';
import { indexShape, normalizeIndices } from './index-check.ts';
import { NDArray, checkNDArray } from './ndarray.ts';
import { checkShape, normalizeAxis, shapesEqual, sizeOf } from './shape.ts';

// NOTE: rows shorter than this are copied with a loop; `subarray` allocates a view per call.
const SET_MIN_RUN = 16;

/**
 * Picks entries of `x` along `axis` (NumPy `take`):
 * `out[a…, j…, b…] = x[a…, indices[j…], b…]`, shape `x.shape[:axis] + indices.shape + x.shape[axis+1:]`.
 * A flat `ArrayLike` of indices is 1-D; a rank-0 NDArray removes the axis. Negative indices wrap.
 * Whole inner rows `x.shape[axis+1:]` are copied as blocks. Result dtype is `x.dtype`.
 *
 * @throws AxisError for a bad axis; ArgumentError for a non-integer or out-of-range index.
 * @example
 * const x = array([[1, 2], [3, 4], [5, 6]]);
 * gather(x, [2, 0, -1]).toArray();  // [[5, 6], [1, 2], [5, 6]]
 * gather(x, [1], 1).toArray();      // [[2], [4], [6]]
 */
export function gather(x: NDArray, indices: NDArray | ArrayLike<number>, axis = 0): NDArray {
  checkNDArray('gather', 'x', x);
  const a = normalizeAxis('gather', axis, x.rank);
  const dim = x.shape[a]!;
  const { data, shape: idxShape } = indexShape(indices, 'gather');
  const idx = normalizeIndices('gather', data, dim, a);
  const outer = sizeOf(x.shape.slice(0, a));
  const inner = sizeOf(x.shape.slice(a + 1));
  const n = idx.length;
  const out = allocate(x.dtype, outer * n * inner);
  const src = x.data;
  for (let o = 0; o < outer; o++) {
    const srcBase = o * dim * inner;
    const dstBase = o * n * inner;
    for (let k = 0; k < n; k++) {
      const s = srcBase + idx[k]! * inner;
      const d = dstBase + k * inner;
      if (inner >= SET_MIN_RUN) out.set(src.subarray(s, s + inner), d);
      else for (let t = 0; t < inner; t++) out[d + t] = src[s + t]!;
    }
  }
  return new NDArray(out, [...x.shape.slice(0, a), ...idxShape, ...x.shape.slice(a + 1)]);
}

/**
 * The adjoint of `gather` (its backward pass): zeros of `shape` with each slice of `values` added
 * into the row it was gathered from, `out[a…, indices[j…], b…] += values[a…, j…, b…]`; repeated
 * indices accumulate. So `<gather(x, i, axis), y> = <x, indexAdd(x.shape, i, axis, y)>`.
 * `values.shape` must be `shape[:axis] + indices.shape + shape[axis+1:]`. Result dtype is `values.dtype`.
 *
 * @throws ShapeError when `values` has the wrong shape; AxisError / ArgumentError as for `gather`.
 * @example
 * indexAdd([3], [0, 2, 0], 0, array([1, 2, 3])).toArray(); // [4, 0, 2]
 */
export function indexAdd(shape: readonly number[], indices: NDArray | ArrayLike<number>, axis: number, values: NDArray): NDArray {
  checkNDArray('indexAdd', 'values', values);
  const s = checkShape('indexAdd', shape);
  const a = normalizeAxis('indexAdd', axis, s.length);
  const dim = s[a]!;
  const { data, shape: idxShape } = indexShape(indices, 'indexAdd');
  const expected = [...s.slice(0, a), ...idxShape, ...s.slice(a + 1)];
  if (!shapesEqual(values.shape, expected)) {
    throw new ShapeError(
      'indexAdd',
      `values shape ${formatShape(values.shape)} does not match ${formatShape(expected)} (shape ${formatShape(s)}, indices ${formatShape(idxShape)}, axis ${a})`,
      [values.shape, expected],
    );
  }
  const idx = normalizeIndices('indexAdd', data, dim, a);
  const outer = sizeOf(s.slice(0, a));
  const inner = sizeOf(s.slice(a + 1));
  const n = idx.length;
  const out = allocate(values.dtype, sizeOf(s));
  const src = values.data;
  for (let o = 0; o < outer; o++) {
    const dstBase = o * dim * inner;
    const srcBase = o * n * inner;
    for (let k = 0; k < n; k++) {
      const d = dstBase + idx[k]! * inner;
      const sOff = srcBase + k * inner;
      for (let t = 0; t < inner; t++) out[d + t]! += src[sOff + t]!;
    }
  }
  return new NDArray(out, s);
}
