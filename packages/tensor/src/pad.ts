/** `pad`: surround an array with a constant border. */
import { allocate } from './dtype.ts';
import { checkArg, is } from './check-options.ts';
import { textOf } from './describe-value.ts';
import { ArgumentError, formatShape } from './errors.ts';
import { NDArray, checkNDArray } from './ndarray.ts';
import { requireArray, sizeOf } from './shape.ts';
import { planRegion, stridedCopy } from './strided-copy.ts';

/**
 * Pads `x` with `value` (NumPy `pad`, mode 'constant'): `widths[i] = [before, after]` elements are
 * added on each side of axis `i`, so `out.shape[i] = before + x.shape[i] + after` and
 * `slice(out, widths.map(([b], i) => ({ start: b, stop: b + x.shape[i] })))` recovers `x`.
 *
 * @throws ArgumentError unless there is one pair per axis of non-negative integers.
 * @example
 * pad(array([[1, 2]]), [[1, 0], [0, 1]]).toArray();    // [[0, 0, 0], [1, 2, 0]]
 * pad(array([1]), [[2, 1]], -1).toArray();             // [-1, -1, 1, -1]
 */
export function pad(x: NDArray, widths: readonly (readonly [number, number])[], value = 0): NDArray {
  checkNDArray('pad', 'x', x);
  requireArray('pad', 'widths', widths, 'an array of [before, after] pairs');
  checkArg('pad', 'value', value, is.number); // a bigint would reach fill() and throw a TypeError there
  const rank = x.rank;
  if (widths.length !== rank) {
    throw new ArgumentError(
      'pad',
      `expected ${rank} [before, after] pairs for rank ${rank}, got ${widths.length}: ${formatShape(x.shape)}`,
    );
  }
  const outShape = new Array<number>(rank);
  const starts = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const w: unknown = widths[i];
    const pair = Array.isArray(w) ? (w as readonly unknown[]) : null;
    const before = pair?.[0];
    const after = pair?.[1];
    if (
      pair === null ||
      pair.length !== 2 ||
      !Number.isSafeInteger(before) ||
      !Number.isSafeInteger(after) ||
      (before as number) < 0 ||
      (after as number) < 0
    ) {
      const shown = pair === null ? textOf(w) : `[${textOf(pair)}]`;
      throw new ArgumentError('pad', `widths must be pairs of non-negative integers, got ${shown} for axis ${i}: ${formatShape(x.shape)}`);
    }
    starts[i] = before as number;
    outShape[i] = (before as number) + x.shape[i]! + (after as number);
  }
  const out = allocate(x.dtype, sizeOf(outShape));
  if (value !== 0) out.fill(value);
  if (x.size > 0) {
    const plan = planRegion(outShape, starts, new Array<number>(rank).fill(1), x.shape);
    stridedCopy(x.data, 0, plan.smallStrides, out, plan.offset, plan.bigStrides, plan.shape, plan.block);
  }
  return new NDArray(out, outShape);
}
