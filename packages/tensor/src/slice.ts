/** `slice` (NumPy basic slicing) and its adjoint `sliceScatter`. */
import { textOf } from './describe-value.ts';
import { allocate } from './dtype.ts';
import { ArgumentError, ShapeError, formatShape } from './errors.ts';
import { NDArray, checkNDArray } from './ndarray.ts';
import { checkShape, requireArray, shapesEqual, sizeOf } from './shape.ts';
import { planRegion, stridedCopy } from './strided-copy.ts';

/**
 * How to slice one axis, like Python's `start:stop:step`; `null` (or a missing entry) takes the
 * whole axis. Omitted fields take NumPy's defaults (`0`/`dim`, or `dim-1`/"before 0" for a negative step).
 */
export type SliceSpec = { start?: number; stop?: number; step?: number } | null;

/** The resolved geometry of a slice over every axis of `shape`. */
interface Resolved {
  readonly starts: number[];
  readonly steps: number[];
  readonly lens: number[];
}

function checkBound(op: string, name: string, v: number | undefined, axis: number): void {
  if (v !== undefined && !Number.isSafeInteger(v)) {
    throw new ArgumentError(op, `${name} must be an integer, got ${textOf(v)} on axis ${axis}`);
  }
}

/** Python's slice.indices(): clamps start/stop into range and counts the selected indices. */
function resolve(op: string, shape: readonly number[], specs: readonly SliceSpec[]): Resolved {
  const rank = shape.length;
  if (specs.length > rank) {
    throw new ArgumentError(op, `${specs.length} slice specs for rank ${rank}: ${formatShape(shape)}`);
  }
  const starts = new Array<number>(rank).fill(0);
  const steps = new Array<number>(rank).fill(1);
  const lens = shape.slice();
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i];
    if (spec === null || spec === undefined) continue;
    if (typeof spec !== 'object') {
      throw new ArgumentError(
        op,
        `spec for axis ${i} must be { start?, stop?, step? } or null, got ${typeof spec} ${textOf(spec)}: ${formatShape(shape)}`,
      );
    }
    const dim = shape[i]!;
    checkBound(op, 'start', spec.start, i);
    checkBound(op, 'stop', spec.stop, i);
    checkBound(op, 'step', spec.step, i);
    const step = spec.step ?? 1;
    if (step === 0) throw new ArgumentError(op, `step cannot be zero on axis ${i}: ${formatShape(shape)}`);
    // A negative step walks down from dim-1; its "stop before index 0" sentinel is -1.
    const lo = step > 0 ? 0 : -1;
    const hi = step > 0 ? dim : dim - 1;
    const clamp = (v: number): number => {
      const w = v < 0 ? v + dim : v;
      return w < lo ? lo : w > hi ? hi : w;
    };
    const start = spec.start === undefined ? (step > 0 ? 0 : dim - 1) : clamp(spec.start);
    const stop = spec.stop === undefined ? (step > 0 ? dim : -1) : clamp(spec.stop);
    let len = 0;
    if (step > 0 && stop > start) len = Math.floor((stop - start - 1) / step) + 1;
    if (step < 0 && start > stop) len = Math.floor((start - stop - 1) / -step) + 1;
    starts[i] = start;
    steps[i] = step;
    lens[i] = len;
  }
  return { starts, steps, lens };
}

/**
 * Basic slicing: `specs[i]` slices axis `i` with NumPy/Python semantics (negative indices count from
 * the end, out-of-range bounds clamp, negative steps walk backwards); axes without a spec are kept
 * whole. The rank never changes. Returns a new contiguous array (contiguous inner runs copied with
 * `subarray`/`set`).
 *
 * @throws ArgumentError for more specs than axes, a spec that is not an object or null, a zero step, or a
 * non-integer bound.
 * @example
 * const x = arange(10);
 * slice(x, [{ start: 2, stop: 8, step: 3 }]).toArray(); // [2, 5]
 * slice(x, [{ step: -4 }]).toArray();                   // [9, 5, 1]
 * slice(reshape(arange(6), [2, 3]), [null, { start: -1 }]).toArray(); // [[2], [5]]
 */
export function slice(x: NDArray, specs: readonly SliceSpec[]): NDArray {
  checkNDArray('slice', 'x', x);
  requireArray('slice', 'specs', specs, 'an array of slice specs');
  const { starts, steps, lens } = resolve('slice', x.shape, specs);
  const out = allocate(x.dtype, sizeOf(lens));
  if (out.length > 0) {
    const plan = planRegion(x.shape, starts, steps, lens);
    stridedCopy(x.data, plan.offset, plan.bigStrides, out, 0, plan.smallStrides, plan.shape, plan.block);
  }
  return new NDArray(out, lens);
}

/**
 * The adjoint of `slice`: an array of zeros of `shape` with `values` written at the positions
 * `slice(·, specs)` reads. So `<slice(x, specs), y> = <x, sliceScatter(y, x.shape, specs)>`; this is
 * slice's backward pass. Result dtype is `values.dtype`.
 *
 * @throws ShapeError when `values.shape` is not the sliced shape; ArgumentError for bad specs.
 * @example
 * sliceScatter(array([1, 2]), [5], [{ start: 1, step: 2 }]).toArray(); // [0, 1, 0, 2, 0]
 */
export function sliceScatter(values: NDArray, shape: readonly number[], specs: readonly SliceSpec[]): NDArray {
  checkNDArray('sliceScatter', 'values', values);
  const s = checkShape('sliceScatter', shape);
  requireArray('sliceScatter', 'specs', specs, 'an array of slice specs');
  const { starts, steps, lens } = resolve('sliceScatter', s, specs);
  if (!shapesEqual(values.shape, lens)) {
    throw new ShapeError(
      'sliceScatter',
      `values shape ${formatShape(values.shape)} does not match the sliced shape ${formatShape(lens)} of ${formatShape(s)}`,
      [values.shape, lens, s],
    );
  }
  const out = allocate(values.dtype, sizeOf(s));
  if (values.size > 0) {
    const plan = planRegion(s, starts, steps, lens);
    stridedCopy(values.data, 0, plan.smallStrides, out, plan.offset, plan.bigStrides, plan.shape, plan.block);
  }
  return new NDArray(out, s);
}
