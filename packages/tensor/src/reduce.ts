import { textOf } from './describe-value.ts';
import { checkOptions, is } from './check-options.ts';
import { allocate } from './dtype.ts';
import { ArgumentError, ShapeError, formatShape } from './errors.ts';
import { NDArray, checkNDArray } from './ndarray.ts';
import { Fold, ReducePlan } from './reduce-kernel.ts';
import { normalizeAxes, normalizeAxis } from './shape.ts';

/** Options of the reductions. */
export interface ReduceOptions {
  /** Axis or axes to reduce (negative counts from the end); all axes when omitted; `[]` reduces nothing. */
  axis?: number | readonly number[];
  /** Keep reduced axes as size 1 so the result broadcasts against the input; default false. */
  keepdims?: boolean;
}

/** Options of `variance`. */
export interface VarianceOptions extends ReduceOptions {
  /** Subtracted from the element count in the divisor: 1 (default) = Bessel's unbiased estimate, 0 = population. */
  correction?: number;
}

/** Options of `argmax` / `argmin`. */
export interface ArgReduceOptions {
  /** The one axis to search; omitted ⇒ the flat index over the whole array. */
  axis?: number;
  /** Keep the searched axis (or, without `axis`, every axis) as size 1; default false. */
  keepdims?: boolean;
}

const reduceRules = { axis: is.axes, keepdims: is.boolean } as const;
const varianceRules = { ...reduceRules, correction: is.finite } as const;
const argRules = { axis: is.axis, keepdims: is.boolean } as const;

function planFor(op: string, x: NDArray, opts: ReduceOptions): ReducePlan {
  checkNDArray(op, 'x', x);
  checkOptions(op, opts, op === 'variance' ? varianceRules : reduceRules);
  return new ReducePlan(x.shape, normalizeAxes(op, opts.axis, x.rank), opts.keepdims ?? false);
}

/** Runs one fold pass into a fresh float64 accumulator filled with `init`. */
function foldPass(x: NDArray, plan: ReducePlan, fold: Fold, init: number, aux?: Float64Array): Float64Array {
  const acc = new Float64Array(plan.outSize);
  if (init !== 0) acc.fill(init);
  plan.fold(x.data, fold, acc, aux);
  return acc;
}

function finish(x: NDArray, plan: ReducePlan, values: Float64Array): NDArray {
  const out = allocate(x.dtype, plan.outSize);
  out.set(values);
  return new NDArray(out, plan.outShape);
}

/**
 * Sum over axes: out = Σ_{reduced axes} x. An empty reduction gives 0.
 *
 * NOTE: accumulates in float64 even for float32 data (one rounding at the end), so long float32 sums do
 * not drift. Float32 arrays of 512+ elements are summed by WebAssembly SIMD kernels, still in float64: each output
 * adds its elements in order when the innermost axis is kept (the JS loop's bits); a run along a reduced innermost
 * axis is added in eight float64 lanes (blocks of 16384 elements, their sums added in order), within
 * (n − 1)·2⁻⁵³·Σ|x| of the exact sum as the plain loop is — the float32 result rarely differs from it in the last bit.
 * @example
 * sum(array([[1, 2], [3, 4]]), { axis: 0 }).toArray(); // [4, 6]
 * sum(array([[1, 2], [3, 4]])).item();                   // 10
 */
export function sum(x: NDArray, opts: ReduceOptions = {}): NDArray {
  const plan = planFor('sum', x, opts);
  return finish(x, plan, foldPass(x, plan, Fold.Sum, 0));
}

/**
 * Arithmetic mean over axes: out = (Σ x) / n, n = number of reduced elements (NaN when n = 0).
 * @example mean(array([[1, 2], [3, 4]]), { axis: 1 }).toArray(); // [1.5, 3.5]
 */
export function mean(x: NDArray, opts: ReduceOptions = {}): NDArray {
  const plan = planFor('mean', x, opts);
  const acc = foldPass(x, plan, Fold.Sum, 0);
  for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! / plan.count;
  return finish(x, plan, acc);
}

/**
 * Maximum over axes: out = max_{reduced axes} x. NaN propagates; +0 counts above −0 (as `Math.max`). Throws ShapeError when a reduced axis
 * has size 0 and there is at least one output (the max of nothing is undefined).
 * @example max(array([[1, 5], [3, 2]]), { axis: 1 }).toArray(); // [5, 3]
 */
export function max(x: NDArray, opts: ReduceOptions = {}): NDArray {
  const plan = planFor('max', x, opts);
  plan.requireNonEmpty('max', x.shape);
  return finish(x, plan, foldPass(x, plan, Fold.Max, -Infinity));
}

/**
 * Minimum over axes: out = min_{reduced axes} x. NaN propagates; −0 counts below +0 (as `Math.min`). Throws ShapeError when a reduced axis
 * has size 0 and there is at least one output.
 * @example min(array([[1, 5], [3, 2]]), { axis: 0 }).toArray(); // [1, 2]
 */
export function min(x: NDArray, opts: ReduceOptions = {}): NDArray {
  const plan = planFor('min', x, opts);
  plan.requireNonEmpty('min', x.shape);
  return finish(x, plan, foldPass(x, plan, Fold.Min, Infinity));
}

/**
 * Log of the sum of exponentials over axes: out = log Σ exp(x), computed stably as
 * m + log Σ exp(x - m) with m = max x (m taken as 0 when it is ±Infinity, so an all -Infinity slice gives
 * -Infinity and a +Infinity element gives +Infinity). An empty reduction gives -Infinity.
 * @example logsumexp(array([1000, 1000], { dtype: 'float64' })).item(); // 1000.6931471805599
 */
export function logsumexp(x: NDArray, opts: ReduceOptions = {}): NDArray {
  const plan = planFor('logsumexp', x, opts);
  const shift = foldPass(x, plan, Fold.Max, -Infinity);
  for (let i = 0; i < shift.length; i++) if (!Number.isFinite(shift[i]!) && !Number.isNaN(shift[i]!)) shift[i] = 0;
  const acc = foldPass(x, plan, Fold.SumExpShifted, 0, shift);
  for (let i = 0; i < acc.length; i++) acc[i] = shift[i]! + Math.log(acc[i]!);
  return finish(x, plan, acc);
}

/**
 * Variance over axes: out = Σ (x - mean)^2 / (n - correction), n = number of reduced elements.
 * `correction` defaults to 1 (Bessel's unbiased estimate, PyTorch's default); 0 gives the population
 * variance. Computed in two passes (mean first) with float64 accumulators.
 *
 * Throws ArgumentError when `correction` is negative or not finite, and when n - correction <= 0 for a
 * non-empty output (e.g. the default correction over a single element) rather than returning NaN/Infinity.
 * @example variance(array([1, 2, 3, 4])).item(); // 1.6666666269302368 (5/3 in float32)
 */
export function variance(x: NDArray, opts: VarianceOptions = {}): NDArray {
  checkOptions('variance', opts, varianceRules);
  const correction = opts.correction ?? 1;
  if (typeof correction !== 'number' || !Number.isFinite(correction) || correction < 0) {
    throw new ArgumentError('variance', `correction must be a finite number >= 0, got ${textOf(correction)}`);
  }
  const plan = planFor('variance', x, opts);
  const dof = plan.count - correction;
  if (dof <= 0 && plan.outSize > 0) {
    throw new ArgumentError(
      'variance',
      `correction ${correction} leaves no degrees of freedom for ${plan.count} element(s) per output: axes [${plan.axes.join(',')}] of ${formatShape(x.shape)}`,
    );
  }
  const mu = foldPass(x, plan, Fold.Sum, 0);
  for (let i = 0; i < mu.length; i++) mu[i] = mu[i]! / plan.count;
  const acc = foldPass(x, plan, Fold.SumSquaredDeviation, 0, mu);
  for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! / dof;
  return finish(x, plan, acc);
}

/**
 * Index of the largest element along `axis` (or the flat row-major index when `axis` is omitted), as
 * integer-valued floats of x's dtype. Ties pick the FIRST (lowest) index; NaN counts as larger than
 * everything, so the first NaN wins (NumPy's rule). Throws ShapeError on an empty axis.
 * @example
 * argmax(array([[1, 9, 9], [7, 2, 3]]), { axis: 1 }).toArray(); // [1, 0]
 * argmax(array([[1, 9], [9, 2]])).item();                        // 1
 */
export function argmax(x: NDArray, opts: ArgReduceOptions = {}): NDArray {
  return argReduce('argmax', x, opts, true);
}

/**
 * Index of the smallest element along `axis` (or the flat row-major index when `axis` is omitted).
 * Ties pick the FIRST (lowest) index; NaN counts as smaller than everything, so the first NaN wins.
 * Throws ShapeError on an empty axis.
 * @example argmin(array([[4, 1, 1], [0, 2, 0]]), { axis: 1 }).toArray(); // [1, 0]
 */
export function argmin(x: NDArray, opts: ArgReduceOptions = {}): NDArray {
  return argReduce('argmin', x, opts, false);
}

function argReduce(op: string, x: NDArray, opts: ArgReduceOptions, largest: boolean): NDArray {
  checkNDArray(op, 'x', x);
  checkOptions(op, opts, argRules);
  const keepdims = opts.keepdims ?? false;
  let outer: number;
  let n: number;
  let inner: number;
  let outShape: number[];
  if (opts.axis === undefined) {
    outer = 1;
    n = x.size;
    inner = 1;
    outShape = keepdims ? x.shape.map(() => 1) : [];
  } else {
    if (typeof opts.axis !== 'number') {
      throw new ArgumentError(op, `axis must be a single number, got ${JSON.stringify(opts.axis)}`);
    }
    const axis = normalizeAxis(op, opts.axis, x.rank);
    outer = 1;
    inner = 1;
    for (let i = 0; i < axis; i++) outer *= x.shape[i]!;
    for (let i = axis + 1; i < x.rank; i++) inner *= x.shape[i]!;
    n = x.shape[axis]!;
    outShape = x.shape.filter((_, i) => i !== axis);
    if (keepdims) outShape.splice(axis, 0, 1);
  }
  const outSize = outer * inner;
  if (n === 0 && outSize > 0) {
    throw new ShapeError(
      op,
      `cannot search an empty axis: ${opts.axis === undefined ? 'all axes' : `axis ${opts.axis}`} of ${formatShape(x.shape)}`,
      [x.shape],
    );
  }
  const out = allocate(x.dtype, outSize);
  const best = new Float64Array(outSize);
  const data = x.data;
  // Walk x in memory order: for each outer block, row k of the searched axis updates all `inner` slots.
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    const ob = o * inner;
    for (let j = 0; j < inner; j++) best[ob + j] = data[base + j]!;
    for (let k = 1; k < n; k++) {
      const row = base + k * inner;
      for (let j = 0; j < inner; j++) {
        const v = data[row + j]!;
        const b = best[ob + j]!;
        // Strict comparison keeps the first index on ties; a NaN replaces any non-NaN best, once.
        if ((largest ? v > b : v < b) || (v !== v && b === b)) {
          best[ob + j] = v;
          out[ob + j] = k;
        }
      }
    }
  }
  return new NDArray(out, outShape);
}
