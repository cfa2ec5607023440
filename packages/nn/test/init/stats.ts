import { expect } from 'vitest';

/** Sample mean, standard deviation (1/N) and 4th central moment, one naive pass each. */
export function moments(data: ArrayLike<number>): { mean: number; std: number; m4: number } {
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i]!;
  const mean = sum / data.length;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < data.length; i++) {
    const d = data[i]! - mean;
    m2 += d * d;
    m4 += d * d * d * d;
  }
  return { mean, std: Math.sqrt(m2 / data.length), m4: m4 / data.length };
}

/**
 * Asserts that the sample mean and std match the true `mean` and `std` within 4 standard errors:
 * SE(mean) = σ/√N; SE(std) ≈ √((μ₄ − σ⁴) / (4σ²N)) (delta method, μ₄ estimated from the sample) —
 * σ/√(2N) for a normal, σ/√(5N) for a uniform.
 */
export function expectMoments(data: ArrayLike<number>, mean: number, std: number): void {
  const n = data.length;
  expect(n).toBeGreaterThanOrEqual(100_000);
  const m = moments(data);
  const seMean = std / Math.sqrt(n);
  const seStd = Math.sqrt(Math.max(m.m4 - std ** 4, 0) / (4 * std * std * n));
  expect(Math.abs(m.mean - mean), `mean ${m.mean} vs ${mean} (4 SE = ${4 * seMean})`).toBeLessThan(4 * seMean);
  expect(Math.abs(m.std - std), `std ${m.std} vs ${std} (4 SE = ${4 * seStd})`).toBeLessThan(4 * seStd);
}

/** Smallest and largest value in one pass. */
export function range(data: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** Mean and std of N(0, 1) restricted to [a, b] by a naive midpoint rule with 400,000 steps. */
export function truncatedReference(a: number, b: number): { mean: number; std: number } {
  const steps = 400_000;
  const h = (b - a) / steps;
  let z0 = 0;
  let z1 = 0;
  let z2 = 0;
  for (let i = 0; i < steps; i++) {
    const x = a + (i + 0.5) * h;
    const w = Math.exp((-x * x) / 2);
    z0 += w;
    z1 += w * x;
    z2 += w * x * x;
  }
  const mean = z1 / z0;
  return { mean, std: Math.sqrt(z2 / z0 - mean * mean) };
}

/** m×n row-major product A·Aᵀ (transpose = false) or Aᵀ·A (true), naive loops. */
export function gram(a: ArrayLike<number>, rows: number, cols: number, transpose: boolean): Float64Array {
  if (!transpose) {
    const g = new Float64Array(rows * rows);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < rows; j++) {
        let s = 0;
        for (let k = 0; k < cols; k++) s += a[i * cols + k]! * a[j * cols + k]!;
        g[i * rows + j] = s;
      }
    return g;
  }
  const g = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++)
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < rows; k++) s += a[k * cols + i]! * a[k * cols + j]!;
      g[i * cols + j] = s;
    }
  return g;
}

/** max |G − c·I| over an n×n matrix. */
export function maxDeviationFromScaledIdentity(g: Float64Array, n: number, c: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) worst = Math.max(worst, Math.abs(g[i * n + j]! - (i === j ? c : 0)));
  return worst;
}
