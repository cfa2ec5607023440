/** `concat` and `stack`: join arrays along an existing or a new axis. */
import { type DType, allocate, resultDType } from './dtype.ts';
import { ArgumentError, ShapeError, formatShape } from './errors.ts';
import { NDArray, checkNDArray } from './ndarray.ts';
import { expandDims, normalizeInsertAxis } from './reshape.ts';
import { normalizeAxis, requireArray, shapesEqual, sizeOf } from './shape.ts';
import { planRegion, stridedCopy } from './strided-copy.ts';

/**
 * Joins arrays along an existing axis (NumPy `concatenate`). All inputs must have the same rank and
 * equal dims off `axis`; the result's `axis` dim is the sum of theirs. Result dtype is float64 if any
 * input is float64. Each input is copied as whole contiguous blocks `x.shape[axis:]`.
 *
 * @throws ArgumentError for an empty list; AxisError for a bad axis; ShapeError when shapes disagree.
 * @example
 * concat([array([[1, 2]]), array([[3, 4], [5, 6]])]).toArray();   // [[1, 2], [3, 4], [5, 6]]
 * concat([array([[1], [2]]), array([[3], [4]])], 1).toArray();     // [[1, 3], [2, 4]]
 */
export function concat(xs: readonly NDArray[], axis = 0): NDArray {
  requireArray('concat', 'xs', xs, 'an array of NDArrays');
  for (const [i, t] of Array.from(xs as ArrayLike<unknown>).entries()) checkNDArray('concat', `xs[${i}]`, t);
  const first = xs[0];
  if (first === undefined) throw new ArgumentError('concat', 'needs at least one array: []');
  const rank = first.rank;
  const a = normalizeAxis('concat', axis, rank);
  let dtype: DType = first.dtype;
  let total = 0;
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k]!;
    let ok = x.rank === rank;
    for (let i = 0; ok && i < rank; i++) if (i !== a && x.shape[i] !== first.shape[i]) ok = false;
    if (!ok) {
      throw new ShapeError(
        'concat',
        `shapes must agree except on axis ${a}: ${formatShape(first.shape)} and ${formatShape(x.shape)} (input ${k})`,
        [first.shape, x.shape],
      );
    }
    dtype = resultDType(dtype, x.dtype);
    total += x.shape[a]!;
  }
  const outShape = first.shape.slice();
  outShape[a] = total;
  const out = allocate(dtype, sizeOf(outShape));
  const starts = new Array<number>(rank).fill(0);
  const steps = new Array<number>(rank).fill(1);
  let at = 0;
  for (const x of xs) {
    if (x.size > 0) {
      starts[a] = at;
      const plan = planRegion(outShape, starts, steps, x.shape);
      stridedCopy(x.data, 0, plan.smallStrides, out, plan.offset, plan.bigStrides, plan.shape, plan.block);
    }
    at += x.shape[a]!;
  }
  return new NDArray(out, outShape);
}

/**
 * Joins same-shape arrays along a new axis inserted at `axis ∈ [-rank-1, rank]` (NumPy `stack`):
 * `stack(xs, axis)` is `concat(xs.map((x) => expandDims(x, axis)), axis)`.
 *
 * @throws ArgumentError for an empty list; AxisError for a bad axis; ShapeError when shapes differ.
 * @example
 * stack([array([1, 2]), array([3, 4])]).toArray();    // [[1, 2], [3, 4]]
 * stack([array([1, 2]), array([3, 4])], 1).toArray(); // [[1, 3], [2, 4]]
 */
export function stack(xs: readonly NDArray[], axis = 0): NDArray {
  requireArray('stack', 'xs', xs, 'an array of NDArrays');
  for (const [i, t] of Array.from(xs as ArrayLike<unknown>).entries()) checkNDArray('stack', `xs[${i}]`, t);
  const first = xs[0];
  if (first === undefined) throw new ArgumentError('stack', 'needs at least one array: []');
  const a = normalizeInsertAxis('stack', axis, first.rank);
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k]!;
    if (!shapesEqual(x.shape, first.shape)) {
      throw new ShapeError(
        'stack',
        `all arrays must have the same shape: ${formatShape(first.shape)} and ${formatShape(x.shape)} (input ${k})`,
        [first.shape, x.shape],
      );
    }
  }
  return concat(
    xs.map((x) => expandDims(x, a)),
    a,
  );
}
