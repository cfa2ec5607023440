import type { NDArray } from '@seedling-ml/tensor';

/** Mean and standard deviation of a set of values. */
export interface MeanStd {
  /** Arithmetic mean. */
  mean: number;
  /** Population std (divides by N): a description of the values, not an estimate of a parameter. */
  std: number;
}

/**
 * Mean and population standard deviation of every element of `x`, accumulated in float64.
 *
 * NOTE: two passes (mean, then squared deviations) rather than E[x²] − E[x]², which cancels
 * catastrophically when |mean| ≫ std. Non-finite inputs give NaN or ±Infinity, which the findings report.
 *
 * @example
 * meanStd(array([1, 2, 3, 4])); // { mean: 2.5, std: 1.118… }
 */
export function meanStd(x: NDArray): MeanStd {
  const d = x.data;
  const n = d.length;
  if (n === 0) return { mean: Number.NaN, std: Number.NaN };
  let s = 0;
  for (let i = 0; i < n; i++) s += d[i]!;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const v = d[i]! - mean;
    ss += v * v;
  }
  return { mean, std: Math.sqrt(ss / n) };
}

/**
 * Root mean square of every element of `x` (float64 accumulation): the "size" of a gradient, which
 * is what matters for how far a step moves, whether or not its mean is 0.
 */
export function rms(x: NDArray): number {
  const d = x.data;
  const n = d.length;
  if (n === 0) return Number.NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += d[i]! * d[i]!;
  return Math.sqrt(ss / n);
}

/**
 * Fraction of elements of a tanh output with |y| > `threshold` (default 0.99, i.e. |pre-activation| > 2.65,
 * where tanh' = 1 − y² < 0.02: the unit passes almost no gradient back).
 */
export function tanhSaturation(y: NDArray, threshold = 0.99): number {
  const d = y.data;
  if (d.length === 0) return 0;
  let k = 0;
  for (let i = 0; i < d.length; i++) if (Math.abs(d[i]!) > threshold) k++;
  return k / d.length;
}

/**
 * Fraction of elements of a sigmoid output within `margin` (default 0.01) of 0 or 1 (|pre-activation| > 4.6,
 * where σ' = y(1 − y) < 0.0099).
 */
export function sigmoidSaturation(y: NDArray, margin = 0.01): number {
  const d = y.data;
  if (d.length === 0) return 0;
  let k = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v < margin || v > 1 - margin) k++;
  }
  return k / d.length;
}

/**
 * Fraction of units of a ReLU output `y` ([batch, ...unit dims]) that are 0 for every example of the batch:
 * such a unit passes no gradient to its weights for this batch, and if that holds for all inputs it never
 * recovers ("dead ReLU").
 */
export function deadFraction(y: NDArray): number {
  if (y.rank === 0) return y.data[0] === 0 ? 1 : 0;
  const batch = y.shape[0]!;
  const units = batch === 0 ? 0 : y.size / batch;
  if (units === 0) return 0;
  const d = y.data;
  let dead = 0;
  for (let u = 0; u < units; u++) {
    let alive = false;
    for (let b = 0; b < batch; b++) {
      if (d[b * units + u] !== 0) {
        alive = true;
        break;
      }
    }
    if (!alive) dead++;
  }
  return dead / units;
}
