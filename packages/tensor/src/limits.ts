import { textOf } from './describe-value.ts';
import { ArgumentError, ShapeError, formatShape } from './errors.ts';

/**
 * The largest number of elements one array may hold. Creation, reshape, broadcasting and matmul refuse
 * bigger results with a `ShapeError` naming the op and the shape *before* allocating, instead of a
 * `RangeError` from the typed-array constructor or a multi-gigabyte allocation that takes the process down.
 *
 * Default 2²⁸ = 268,435,456 elements (1 GiB as float32, 2 GiB as float64): above what a 2-core box or a
 * browser tab can hold next to a model, below V8's typed-array limit. `setMaxElements` raises or lowers it.
 */
let maxElements = 2 ** 28;

/**
 * The current element limit (default 2²⁸).
 * @example maxElementCount(); // 268435456
 */
export function maxElementCount(): number {
  return maxElements;
}

/**
 * Sets the element limit (an integer in [1, 2³²]) and returns the previous one, so a test or a big-memory
 * job can restore it.
 * @example const old = setMaxElements(2 ** 30); … setMaxElements(old);
 */
export function setMaxElements(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 2 ** 32) {
    throw new ArgumentError('setMaxElements', `limit must be an integer in [1, 2^32], got ${textOf(limit)}`);
  }
  const old = maxElements;
  maxElements = limit;
  return old;
}

/** Throws ShapeError naming `op` and `shape` when the shape holds more than the element limit. */
export function checkElementLimit(op: string, shape: readonly number[]): void {
  let n = 1;
  for (const d of shape) n *= d;
  if (n > maxElements) {
    throw new ShapeError(op, `shape ${formatShape(shape)} holds ${n} elements, above the limit of ${maxElements} (see setMaxElements)`, [
      shape,
    ]);
  }
}
