import { textOf } from './describe-value.ts';
import { describeValue } from './check-options.ts';
import { AxisError, ShapeError, formatShape } from './errors.ts';
import { checkElementLimit } from './limits.ts';

/**
 * Checks that `shape` is an array (or typed array) of non-negative safe integers holding at most the
 * element limit (`maxElementCount()`); returns a frozen copy. A bare number (`zeros(3)`, `reshape(6)`) is
 * refused with a hint rather than read as a scalar shape.
 */
export function checkShape(op: string, shape: ArrayLike<number>): readonly number[] {
  requireArray(op, 'shape', shape, 'an array of integers ≥ 0');
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new ShapeError(op, `dimension ${i} must be a non-negative integer, got ${textOf(d)} in ${formatShape(Array.from(shape))}`, []);
    }
    out.push(d);
  }
  checkElementLimit(op, out);
  return Object.freeze(out);
}

/**
 * Throws ShapeError `<op>: <name> must be <what>, got <value>` unless `value` is an array or typed array; a
 * bare number gets the hint that dims go in one array (`zeros(2, 3)` → `zeros([2, 3])`).
 */
export function requireArray(op: string, name: string, value: unknown, what = 'an array of integers'): void {
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return;
  const hint = typeof value === 'number' ? ` (write ${op}([${value}, …]): dims go in one array)` : '';
  throw new ShapeError(op, `${name} must be ${what}, got ${describeValue(value)}${hint}`);
}

/** Number of elements of a shape (1 for a scalar `[]`). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides in elements: the last axis has stride 1. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** Maps a possibly negative axis into `[0, rank)`; throws AxisError naming the op otherwise. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) throw new AxisError(op, axis, rank);
  return axis < 0 ? axis + rank : axis;
}

/**
 * Normalizes an `axis` option: undefined means every axis; duplicates throw. Returned sorted ascending.
 */
export function normalizeAxes(op: string, axis: number | readonly number[] | undefined, rank: number): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const raw: unknown = axis;
  if (typeof raw !== 'number' && !Array.isArray(raw)) {
    throw new AxisError(op, NaN, rank, `axis must be an integer or an array of integers, got ${describeValue(raw)}`);
  }
  const list = typeof axis === 'number' ? [axis] : axis;
  const seen = new Set<number>();
  for (const a of list) {
    const n = normalizeAxis(op, a, rank);
    if (seen.has(n)) throw new AxisError(op, a, rank, `axis ${a} repeated in [${list.join(',')}]`);
    seen.add(n);
  }
  return [...seen].sort((x, y) => x - y);
}

/** NumPy broadcasting of two shapes; throws ShapeError naming both shapes when they are incompatible. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(op, `shapes cannot be broadcast: ${formatShape(a)} and ${formatShape(b)}`, [a, b]);
    }
    out[i] = da === 1 ? db : da;
  }
  checkElementLimit(op, out);
  return out;
}

/** True when two shapes are equal element by element. */
export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
