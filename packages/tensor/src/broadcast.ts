import { RowWalker } from './broadcast-plan.ts';
import { allocate } from './dtype.ts';
import { ShapeError, formatShape } from './errors.ts';
import { NDArray, checkNDArray } from './ndarray.ts';
import { Fold, ReducePlan, sumRowsF32 } from './reduce-kernel.ts';
import { checkShape, sizeOf } from './shape.ts';

/** True when `small` broadcasts to exactly `big` (each trailing-aligned dim equal or 1, rank not larger). */
function broadcastsTo(small: readonly number[], big: readonly number[]): boolean {
  if (small.length > big.length) return false;
  const lead = big.length - small.length;
  for (let i = 0; i < small.length; i++) {
    const d = small[i]!;
    if (d !== 1 && d !== big[lead + i]) return false;
  }
  return true;
}

/**
 * Materializes `x` broadcast to `shape` (NumPy `broadcast_to`, but a contiguous copy, never a view).
 * Throws ShapeError naming both shapes when x.shape does not broadcast to exactly `shape`.
 * @example broadcastTo(array([1, 2]), [2, 2]).toArray(); // [[1, 2], [1, 2]]
 */
export function broadcastTo(x: NDArray, shape: readonly number[]): NDArray {
  checkNDArray('broadcastTo', 'x', x);
  const target = checkShape('broadcastTo', shape);
  if (!broadcastsTo(x.shape, target)) {
    throw new ShapeError('broadcastTo', `cannot broadcast ${formatShape(x.shape)} to ${formatShape(target)}`, [x.shape, target]);
  }
  const size = sizeOf(target);
  const out = allocate(x.dtype, size);
  if (size === 0) return new NDArray(out, target);
  const src = x.data;
  const walk = new RowWalker(target, [x.shape]);
  const { n, offset } = walk;
  const step = walk.step[0]!;
  for (let r = 0, o = 0; r < walk.rows; r++, o += n) {
    const i = offset[0]!;
    if (step === 0) out.fill(src[i]!, o, o + n);
    else for (let k = 0; k < n; k++) out[o + k] = src[i + k]!;
    walk.next();
  }
  return new NDArray(out, target);
}

/**
 * Sums `x` down to `shape`, the inverse of broadcasting (how a gradient flows back to a broadcast
 * operand): leading axes that `shape` lacks are summed away and axes where `shape` has 1 are summed with
 * the 1 kept. out[j] = Σ over all i that broadcast from j of x[i]. Float64 accumulation. Always returns a
 * new array (also when the shapes already match). Throws ShapeError naming both shapes when `shape`
 * does not broadcast to x.shape.
 * @example sumToShape(array([[1, 2], [3, 4]]), [1, 2]).toArray(); // [[4, 6]]
 */
export function sumToShape(x: NDArray, shape: readonly number[]): NDArray {
  checkNDArray('sumToShape', 'x', x);
  const target = checkShape('sumToShape', shape);
  if (!broadcastsTo(target, x.shape)) {
    throw new ShapeError(
      'sumToShape',
      `cannot sum ${formatShape(x.shape)} down to ${formatShape(target)}: ${formatShape(target)} does not broadcast to ${formatShape(x.shape)}`,
      [x.shape, target],
    );
  }
  const lead = x.rank - target.length;
  const axes: number[] = [];
  for (let i = 0; i < x.rank; i++) if (i < lead || (target[i - lead] === 1 && x.shape[i] !== 1)) axes.push(i);
  if (axes.length === 0) return new NDArray(x.data.slice(), target);
  if (axes.length === lead) return sumLeading(x, target);
  // keepdims leaves the leading axes as 1s; dropping them does not change the row-major order.
  const plan = new ReducePlan(x.shape, axes, true);
  const acc = new Float64Array(plan.outSize);
  plan.fold(x.data, Fold.Sum, acc);
  const out = allocate(x.dtype, plan.outSize);
  out.set(acc);
  return new NDArray(out, target);
}

/**
 * `sumToShape` when only leading axes are summed away (`[m, n] → [n]`, a bias gradient): the rows are added
 * into one float64 accumulator in order, the sums ReducePlan's fold makes, in one pass without its index
 * bookkeeping (large float32 ones on the SIMD kernels, vectorised across the n outputs: same order, same bits).
 */
function sumLeading(x: NDArray, target: readonly number[]): NDArray {
  const src = x.data;
  const inner = sizeOf(target);
  const acc = new Float64Array(inner);
  if (inner > 0 && !(src instanceof Float32Array && sumRowsF32(src, src.length / inner, inner, acc))) {
    for (let o = 0; o < src.length; o += inner) {
      for (let j = 0; j < inner; j++) acc[j] = acc[j]! + src[o + j]!;
    }
  }
  const out = allocate(x.dtype, inner);
  out.set(acc);
  return new NDArray(out, target);
}
