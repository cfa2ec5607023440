/**
 * The per-layer numbers of a statistics frame, as tight loops over typed arrays (no closures, no
 * per-element allocation): they run on ~1.5 M values per frame of a 30 × 256 net with batch 64, so
 * they must cost a few milliseconds, not tens.
 */

/** The element arrays the loops read: what NDArray holds for float32 and float64 tensors. */
export type Floats = Float32Array | Float64Array;

/** Bins of every histogram. */
export const BINS = 41;

/**
 * Mean and population std in one pass, about a shift (the first value) so that data far from 0 does
 * not cancel: mean = K + S₁/n, var = (S₂ − S₁²/n)/n with S_k = Σ(x − K)^k. Non-finite values make
 * the result non-finite (the page shows them as overflow).
 */
export function moments(d: Floats): { mean: number; std: number } {
  const n = d.length;
  if (n === 0) return { mean: 0, std: 0 };
  const k = d[0]!;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const v = d[i]! - k;
    s1 += v;
    s2 += v * v;
  }
  return { mean: k + s1 / n, std: Math.sqrt(Math.max(0, (s2 - (s1 * s1) / n) / n)) };
}

/**
 * Counts `d` into `BINS` equal bins over [−range, range] (values beyond go to the end bins, non-finite
 * ones are skipped) and writes the fractions to `out[offset … offset + BINS)`.
 */
export function histogramInto(d: Floats, range: number, out: Float32Array, offset: number): void {
  const counts = new Uint32Array(BINS);
  const scale = BINS / (2 * range);
  const shift = range * scale;
  const last = BINS - 1;
  let skipped = 0;
  for (let i = 0; i < d.length; i++) {
    const t = d[i]! * scale + shift;
    // The common case first, with truncation by `| 0` (t ≥ 0): NaN fails every comparison and ±Infinity
    // the finite checks, so both are skipped.
    if (t >= 0 && t < BINS) counts[t | 0]!++;
    else if (t < 0 && t !== Number.NEGATIVE_INFINITY) counts[0]!++;
    else if (t >= BINS && t !== Number.POSITIVE_INFINITY) counts[last]!++;
    else skipped++;
  }
  const n = d.length - skipped;
  for (let b = 0; b < BINS; b++) out[offset + b] = n === 0 ? 0 : counts[b]! / n;
}

/** The common range of a set of histograms: 4 × the largest finite std (1 when all are 0). */
export function commonRange(stds: readonly number[]): number {
  let max = 0;
  for (const s of stds) if (Number.isFinite(s) && s > max) max = s;
  return max > 0 ? 4 * max : 1;
}

/** Fraction of ReLU units (columns of a row-major [rows, width] batch) that are 0 for every row. */
export function deadFraction(a: Floats, width: number): number {
  const alive = new Uint8Array(width);
  const rows = Math.floor(a.length / width);
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    for (let u = 0; u < width; u++) if (a[o + u]! > 0) alive[u] = 1;
  }
  let dead = 0;
  for (let u = 0; u < width; u++) if (alive[u] === 0) dead++;
  return width === 0 ? 0 : dead / width;
}

/** Fraction of outputs within `margin` of the saturation levels `lo` and `hi` (tanh: ±1, sigmoid: 0 and 1). */
export function saturatedFraction(a: Floats, lo: number, hi: number, margin: number): number {
  let k = 0;
  const a0 = lo + margin;
  const a1 = hi - margin;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v < a0 || v > a1) k++;
  }
  return a.length === 0 ? 0 : k / a.length;
}

/**
 * The weight gradient's std and ‖ΔW‖/‖W‖ of a plain SGD step (no momentum, no weight decay), in one
 * pass: that step moved W by exactly −lr·g, so the weights before it were W + lr·g and need no copy.
 * 0/0 is 0; a step from zero weights is infinite.
 */
export function sgdStepStats(w: Floats, g: Floats, lr: number): { gradStd: number; updateRatio: number } {
  const n = g.length;
  if (n === 0) return { gradStd: 0, updateRatio: 0 };
  const k = g[0]!;
  let s1 = 0;
  let s2 = 0;
  let gg = 0;
  let ww = 0;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const v = gi - k;
    s1 += v;
    s2 += v * v;
    gg += gi * gi;
    const old = w[i]! + lr * gi;
    ww += old * old;
  }
  return { gradStd: Math.sqrt(Math.max(0, (s2 - (s1 * s1) / n) / n)), updateRatio: ratio(lr * lr * gg, ww) };
}

/** ‖W − W_before‖/‖W_before‖ from a snapshot of the weights taken before the step (any optimizer). */
export function snapshotUpdateRatio(w: Floats, before: Floats): number {
  let du = 0;
  let ww = 0;
  for (let i = 0; i < w.length; i++) {
    const p = before[i]!;
    const d = w[i]! - p;
    du += d * d;
    ww += p * p;
  }
  return ratio(du, ww);
}

function ratio(du: number, ww: number): number {
  if (ww === 0) return du === 0 ? 0 : Number.POSITIVE_INFINITY;
  return Math.sqrt(du / ww);
}
