import { full } from '@seedling-ml/tensor';
import { defineInitializer } from './define-initializer.ts';
import { InitError } from './init-error.ts';
import type { Initializer } from './initializer.ts';
import { sigmaForTruncatedStd, truncatedStandardMoments } from './truncated-moments.ts';
import { booleanOption, choice, finiteNumber, nonNegativeNumber, readOptions } from './validate.ts';

/**
 * All zeros. Right for biases; wrong for weights: constant weights never break symmetry (every unit
 * of a layer stays identical), and with all-zero weights every weight gradient is exactly 0.
 * PyTorch `zeros_`, Keras `Zeros`.
 *
 * @example
 * zeros().sample([2], { rng: new Rng(0) }).toArray(); // [0, 0]
 */
export function zeros(options?: Record<string, never>): Initializer {
  readOptions('zeros', options, []);
  return defineInitializer('zeros', {}, (shape, ctx) => full(shape, 0, { dtype: ctx.dtype }));
}

/**
 * All ones (e.g. normalization scales). PyTorch `ones_`, Keras `Ones`.
 *
 * @example
 * ones().sample([2], { rng: new Rng(0) }).toArray(); // [1, 1]
 */
export function ones(options?: Record<string, never>): Initializer {
  readOptions('ones', options, []);
  return defineInitializer('ones', {}, (shape, ctx) => full(shape, 1, { dtype: ctx.dtype }));
}

/** Options of `constant`. */
export interface ConstantOptions {
  /** The fill value (finite). */
  value: number;
}

/**
 * Every element `value`. Accepts the number itself or `{ value }` (the JSON config form).
 * PyTorch `constant_(t, val)`, Keras `Constant(value)`.
 *
 * @example
 * constant(0.1).sample([2], { rng: new Rng(0) }).toArray(); // [0.1, 0.1] (float32-rounded)
 * constant(0.1).config;                          // { value: 0.1 }
 */
export function constant(value: number | ConstantOptions): Initializer {
  const raw = typeof value === 'number' ? value : readOptions('constant', value, ['value']).value;
  if (raw === undefined) throw new InitError('constant', 'value is required (a finite number)');
  const v = finiteNumber('constant', 'value', raw);
  return defineInitializer('constant', { value: v }, (shape, ctx) => full(shape, v, { dtype: ctx.dtype }));
}

/** Options of `uniform`. */
export interface UniformOptions {
  /** Lower bound (inclusive); default -0.05 (Keras's RandomUniform). */
  low?: number;
  /** Upper bound (exclusive); default 0.05. */
  high?: number;
}

/**
 * U[low, high): every value in [low, high), never `high` (also after float32 rounding).
 * Defaults ±0.05 as Keras `RandomUniform`; PyTorch `uniform_` defaults to [0, 1).
 * An explicit 0 is respected (`uniform({ low: 0, high: 1 })` is [0, 1)); TensorFlow.js's
 * `randomUniform` initializer replaces a 0 by its default (`||`), a bug Seedling avoids.
 * `low === high` fills with `low` (PyTorch's behaviour); `low > high` throws.
 *
 * @example
 * uniform({ low: 0, high: 1 }).config; // { low: 0, high: 1 }
 */
export function uniform(options: UniformOptions = {}): Initializer {
  const op = 'uniform';
  const o = readOptions(op, options, ['low', 'high']);
  const low = finiteNumber(op, 'low', o.low ?? -0.05);
  const high = finiteNumber(op, 'high', o.high ?? 0.05);
  if (low > high) throw new InitError(op, `low must be ≤ high, got low ${low}, high ${high}`);
  return defineInitializer(op, { low, high }, (shape, ctx) =>
    low === high ? full(shape, low, { dtype: ctx.dtype }) : ctx.rng.uniform(shape, low, high, { dtype: ctx.dtype }),
  );
}

/** Options of `normal`. */
export interface NormalOptions {
  /** Mean; default 0. */
  mean?: number;
  /** Standard deviation ≥ 0; default 0.05 (Keras's RandomNormal). */
  std?: number;
}

/**
 * N(mean, std²), exact (Marsaglia polar method in `Rng.normal`). `std: 0` gives `mean` exactly.
 * Defaults (0, 0.05) as Keras `RandomNormal`; PyTorch `normal_` defaults to (0, 1).
 *
 * @example
 * normal({ std: 0, mean: 3 }).sample([2], { rng: new Rng(0) }).toArray(); // [3, 3]
 */
export function normal(options: NormalOptions = {}): Initializer {
  const op = 'normal';
  const o = readOptions(op, options, ['mean', 'std']);
  const mean = finiteNumber(op, 'mean', o.mean ?? 0);
  const std = nonNegativeNumber(op, 'std', o.std ?? 0.05);
  return defineInitializer(op, { mean, std }, (shape, ctx) => ctx.rng.normal(shape, mean, std, { dtype: ctx.dtype }));
}

/** How `truncatedNormal`'s `a` and `b` are measured. */
export type TruncationBounds = 'std' | 'absolute';

/** Options of `truncatedNormal`. */
export interface TruncatedNormalOptions {
  /** Mean; default 0. */
  mean?: number;
  /** Standard deviation ≥ 0 (of the normal before truncation, or of the result with `preserveStd`); default 0.05. */
  std?: number;
  /** Lower bound; default -2. */
  a?: number;
  /** Upper bound; default 2. */
  b?: number;
  /** 'std' (default, Keras): a, b in units of the pre-truncation σ around the mean; 'absolute': values (PyTorch's `trunc_normal_`). */
  bounds?: TruncationBounds;
  /** Rescale σ so the truncated result's std equals `std`; default false. */
  preserveStd?: boolean;
}

const TRUNCATION_BOUNDS: readonly TruncationBounds[] = ['std', 'absolute'];

/**
 * N(mean, σ²) conditioned on [lo, hi], by exact rejection sampling (`Rng.truncatedNormal`): no
 * erfinv + clamp, so std ≪ bounds gives no samples at the bounds (PyTorch's old `trunc_normal_`
 * produced 1000σ outliers there, pytorch#155588).
 *
 * - `bounds: 'std'` (default; Keras `TruncatedNormal`, which cuts at ±2σ): lo = mean + a·σ, hi = mean + b·σ.
 * - `bounds: 'absolute'` (PyTorch `trunc_normal_(mean, std, a, b)`): lo = a, hi = b.
 * - σ = std, or with `preserveStd: true` the σ that makes the *result's* std equal `std`
 *   ('std' bounds: σ = std / s(a, b) where s is the std of N(0,1) on [a, b] — 0.87962566103423978
 *   for ±2; 'absolute': solved numerically, and `std` must be below (b − a)/√12, the std of U[a, b]).
 *   The result's mean shifts when the bounds are asymmetric about the mean.
 * Defaults: mean 0, std 0.05, a −2, b 2, bounds 'std', preserveStd false (Keras's TruncatedNormal).
 * `std: 0` gives `mean` (which must lie inside the bounds).
 *
 * @example
 * truncatedNormal({ std: 0.02, bounds: 'absolute', a: -0.04, b: 0.04 }).config;
 * // { mean: 0, std: 0.02, a: -0.04, b: 0.04, bounds: 'absolute', preserveStd: false }
 */
export function truncatedNormal(options: TruncatedNormalOptions = {}): Initializer {
  const op = 'truncatedNormal';
  const o = readOptions(op, options, ['mean', 'std', 'a', 'b', 'bounds', 'preserveStd']);
  const mean = finiteNumber(op, 'mean', o.mean ?? 0);
  const std = nonNegativeNumber(op, 'std', o.std ?? 0.05);
  const a = finiteNumber(op, 'a', o.a ?? -2);
  const b = finiteNumber(op, 'b', o.b ?? 2);
  const bounds = choice(op, 'bounds', o.bounds ?? 'std', TRUNCATION_BOUNDS);
  const preserveStd = booleanOption(op, 'preserveStd', o.preserveStd ?? false);
  if (!(a < b)) throw new InitError(op, `a must be < b, got a ${a}, b ${b}`);
  const config = { mean, std, a, b, bounds, preserveStd };

  if (std === 0) {
    const inside = bounds === 'std' ? a <= 0 && 0 <= b : a <= mean && mean <= b;
    if (!inside) throw new InitError(op, `std is 0 and the mean ${mean} lies outside the bounds [${a}, ${b}] (${bounds})`);
    return defineInitializer(op, config, (shape, ctx) => full(shape, mean, { dtype: ctx.dtype }));
  }
  let sigma: number;
  let lo: number;
  let hi: number;
  if (bounds === 'std') {
    sigma = preserveStd ? std / truncatedStandardMoments(a, b).std : std;
    lo = mean + a * sigma;
    hi = mean + b * sigma;
  } else {
    const solved = preserveStd ? sigmaForTruncatedStd(mean, std, a, b) : std;
    if (solved === null) {
      throw new InitError(
        op,
        `preserveStd: std ${std} is unreachable inside [${a}, ${b}] (must be < (b - a)/√12 = ${(b - a) / Math.sqrt(12)})`,
      );
    }
    sigma = solved;
    lo = a;
    hi = b;
  }
  return defineInitializer(op, config, (shape, ctx) => ctx.rng.truncatedNormal(shape, mean, sigma, lo, hi, { dtype: ctx.dtype }));
}
