import { describe, expect, test } from 'vitest';
import { makeMoons, makeSpirals, makeXor } from '../src/index.ts';

const rows = (x: { data: ArrayLike<number> }, i: number): [number, number] => [x.data[2 * i]!, x.data[2 * i + 1]!];

describe('makeXor', () => {
  test('labels are 1 exactly where the coordinates have opposite signs; points in [−1, 1)²', () => {
    const { x, y } = makeXor({ n: 500, seed: 3, dtype: 'float64' });
    expect(x.shape).toEqual([500, 2]);
    for (let i = 0; i < 500; i++) {
      const [a, b] = rows(x, i);
      expect(a >= -1 && a < 1 && b >= -1 && b < 1).toBe(true);
      expect(y.data[i]).toBe(a * b < 0 ? 1 : 0);
    }
  });

  test('seeded: same seed, same data; noise moves points', () => {
    expect(makeXor({ seed: 1 }).x.data).toEqual(makeXor({ seed: 1 }).x.data);
    expect(makeXor({ seed: 1 }).x.data).not.toEqual(makeXor({ seed: 2 }).x.data);
    expect(makeXor({ seed: 1, noise: 0.1 }).y.data).toEqual(makeXor({ seed: 1 }).y.data);
  });
});

describe('makeMoons', () => {
  test('without noise the points lie on the two half circles, half each', () => {
    const { x, y } = makeMoons({ n: 101, noise: 0, seed: 5, dtype: 'float64' });
    let ones = 0;
    for (let i = 0; i < 101; i++) {
      const [a, b] = rows(x, i);
      if (y.data[i] === 0) {
        expect(Math.hypot(a, b)).toBeCloseTo(1, 12);
        expect(b).toBeGreaterThanOrEqual(-1e-12);
      } else {
        ones++;
        expect(Math.hypot(a - 1, b - 0.5)).toBeCloseTo(1, 12);
        expect(b).toBeLessThanOrEqual(0.5 + 1e-12);
      }
    }
    expect(ones).toBe(51); // ⌊101/2⌋ = 50 on the upper moon, 51 on the lower
  });

  test('noise is N(0, σ²) per coordinate (mean and variance within 4 standard errors)', () => {
    const n = 4000;
    const sigma = 0.2;
    const clean = makeMoons({ n, noise: 0, seed: 9, dtype: 'float64' }).x.data;
    const noisy = makeMoons({ n, noise: sigma, seed: 9, dtype: 'float64' }).x.data;
    const e = Array.from(noisy, (v, i) => v - clean[i]!);
    const m = 2 * n;
    const mean = e.reduce((s, v) => s + v, 0) / m;
    const variance = e.reduce((s, v) => s + (v - mean) ** 2, 0) / (m - 1);
    // SE(mean) = σ/√m; SE(variance) ≈ σ²·√(2/(m−1)) for Gaussian samples.
    expect(Math.abs(mean)).toBeLessThan((4 * sigma) / Math.sqrt(m));
    expect(Math.abs(variance - sigma ** 2)).toBeLessThan(4 * sigma ** 2 * Math.sqrt(2 / (m - 1)));
  });
});

describe('makeSpirals', () => {
  test('without noise each point sits on its arm: r = i/(N−1), θ = 4k + 4r', () => {
    const N = 30;
    const { x, y } = makeSpirals({ nPerClass: N, classes: 4, noise: 0, seed: 2, dtype: 'float64' });
    expect(x.shape).toEqual([120, 2]);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 120; i++) {
      const [a, b] = rows(x, i);
      const k = y.data[i]!;
      counts[k]!++;
      const r = Math.hypot(a, b);
      const theta = 4 * k + 4 * r;
      expect(a).toBeCloseTo(r * Math.sin(theta), 12);
      expect(b).toBeCloseTo(r * Math.cos(theta), 12);
      expect(Math.abs(r * (N - 1) - Math.round(r * (N - 1)))).toBeLessThan(1e-9);
    }
    expect(counts).toEqual([30, 30, 30, 30]);
  });

  test('seeded and validated', () => {
    expect(makeSpirals({ seed: 'a' }).x.data).toEqual(makeSpirals({ seed: 'a' }).x.data);
    expect(() => makeSpirals({ classes: 0 })).toThrow('makeSpirals: invalid classes: 0 (valid: an integer ≥ 1)');
    expect(() => makeMoons({ noise: -1 })).toThrow('makeMoons: invalid noise: -1 (valid: a finite number ≥ 0)');
  });
});
