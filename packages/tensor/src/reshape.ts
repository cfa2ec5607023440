/** View ops that only change the shape: `reshape`, `squeeze`, `expandDims`. They share `data`. */
import { markShared } from './buffer-pool.ts';
import { textOf } from './describe-value.ts';
import { AxisError, ShapeError, formatShape } from './errors.ts';
import { NDArray, checkNDArray } from './ndarray.ts';
import { normalizeAxes, requireArray } from './shape.ts';

/** `x`'s storage under another shape; the storage is then shared, so neither array's `dispose()` releases it. */
function view(x: NDArray, shape: readonly number[]): NDArray {
  markShared(x.data);
  return new NDArray(x.data, shape);
}

/**
 * Gives `x` a new shape with the same elements in the same row-major order.
 *
 * One dimension may be `-1`; it is inferred as `x.size / (product of the others)`. The result is a
 * view sharing `x.data` (no copy), as NumPy and PyTorch do for contiguous arrays.
 *
 * @throws ShapeError for two `-1`s, a dim that is not a non-negative integer or `-1`, or a size mismatch.
 * @example
 * reshape(arange(6), [2, -1]).toArray(); // [[0, 1, 2], [3, 4, 5]]
 * reshape(array([[1, 2], [3, 4]]), [4]).toArray(); // [1, 2, 3, 4]
 */
export function reshape(x: NDArray, shape: readonly number[]): NDArray {
  checkNDArray('reshape', 'x', x);
  requireArray('reshape', 'shape', shape, 'an array of integers (one may be -1)');
  let inferAt = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === -1) {
      if (inferAt >= 0) {
        throw new ShapeError('reshape', `only one dimension can be -1: cannot reshape ${formatShape(x.shape)} into ${formatShape(shape)}`, [
          x.shape,
          shape,
        ]);
      }
      inferAt = i;
    } else if (!Number.isSafeInteger(d) || d < 0) {
      throw new ShapeError(
        'reshape',
        `dimension ${i} must be a non-negative integer or -1, got ${textOf(d)}: cannot reshape ${formatShape(x.shape)} into ${formatShape(shape)}`,
        [x.shape, shape],
      );
    } else {
      known *= d;
    }
  }
  if (inferAt < 0) {
    if (known !== x.size) {
      throw new ShapeError(
        'reshape',
        `cannot reshape ${formatShape(x.shape)} (size ${x.size}) into ${formatShape(shape)} (size ${known})`,
        [x.shape, shape],
      );
    }
    return view(x, shape);
  }
  // NOTE: with a zero among the known dims the -1 is ambiguous (any value fits a size-0 array); NumPy refuses too.
  if (known === 0 || x.size % known !== 0) {
    throw new ShapeError('reshape', `cannot reshape ${formatShape(x.shape)} (size ${x.size}) into ${formatShape(shape)}`, [x.shape, shape]);
  }
  const out = shape.slice();
  out[inferAt] = x.size / known;
  return view(x, out);
}

/**
 * Removes axes of size 1: all of them, or only `axis` (a number or list; negative counts from the end).
 * Returns a view sharing `x.data`.
 *
 * @throws AxisError for an axis out of range or repeated; ShapeError when a named axis is not of size 1.
 * @example
 * squeeze(zeros([1, 3, 1])).shape;    // [3]
 * squeeze(zeros([1, 3, 1]), 0).shape; // [3, 1]
 */
export function squeeze(x: NDArray, axis?: number | readonly number[]): NDArray {
  checkNDArray('squeeze', 'x', x);
  const drop = new Uint8Array(x.rank);
  if (axis === undefined) {
    for (let i = 0; i < x.rank; i++) if (x.shape[i] === 1) drop[i] = 1;
  } else {
    const list = typeof axis === 'number' ? [axis] : axis;
    const axes = normalizeAxes('squeeze', list, x.rank);
    for (let k = 0; k < axes.length; k++) {
      const a = axes[k]!;
      if (x.shape[a] !== 1) {
        throw new ShapeError('squeeze', `cannot squeeze axis ${a} of size ${x.shape[a]}: ${formatShape(x.shape)}`, [x.shape]);
      }
      drop[a] = 1;
    }
  }
  const out: number[] = [];
  for (let i = 0; i < x.rank; i++) if (drop[i] === 0) out.push(x.shape[i]!);
  return view(x, out);
}

/**
 * Inserts an axis of size 1 at position `axis` of the result, `axis ∈ [-rank-1, rank]` (negative
 * counts from the end of the result, as in NumPy). Returns a view sharing `x.data`.
 *
 * @throws AxisError when `axis` is out of range.
 * @example
 * expandDims(zeros([2, 3]), 0).shape;  // [1, 2, 3]
 * expandDims(zeros([2, 3]), -1).shape; // [2, 3, 1]
 */
export function expandDims(x: NDArray, axis: number): NDArray {
  checkNDArray('expandDims', 'x', x);
  const a = normalizeInsertAxis('expandDims', axis, x.rank);
  const out = x.shape.slice();
  out.splice(a, 0, 1);
  return view(x, out);
}

/** Maps an insertion axis in `[-rank-1, rank]` to `[0, rank]`; used by expandDims and stack. */
export function normalizeInsertAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank - 1 || axis > rank) {
    throw new AxisError(op, axis, rank, `axis ${textOf(axis)} out of range [${-rank - 1}, ${rank}] for inserting into rank ${rank}`);
  }
  return axis < 0 ? axis + rank + 1 : axis;
}
