import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { array } from '@seedling-ml/tensor';
import { deadFraction, meanStd, rms, sigmoidSaturation, tanhSaturation } from '../../src/index.ts';
import { formatNumber } from '../../src/index.ts';

describe('meanStd / rms', () => {
  test('match a naive float64 loop (population std)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
        const n = xs.length;
        const m = xs.reduce((a, b) => a + b, 0) / n;
        const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / n);
        const r = Math.sqrt(xs.reduce((a, b) => a + b * b, 0) / n);
        const got = meanStd(array(xs, { dtype: 'float64' }));
        expect(got.mean).toBeCloseTo(m, 9);
        expect(got.std).toBeCloseTo(sd, 9);
        expect(rms(array(xs, { dtype: 'float64' }))).toBeCloseTo(r, 9);
      }),
      { numRuns: 100 },
    );
  });

  test('no cancellation when |mean| ≫ std (two-pass)', () => {
    // 1e8 ± 1: E[x²] − E[x]² would lose every digit in float64.
    expect(meanStd(array([1e8 - 1, 1e8 + 1], { dtype: 'float64' })).std).toBe(1);
  });
});

describe('saturation and dead units', () => {
  test('tanh: |y| > 0.99 counts, by hand', () => {
    expect(tanhSaturation(array([0.995, -0.999, 0.5, 0.99], { dtype: 'float64' }))).toBe(0.5);
  });

  test('sigmoid: within 0.01 of 0 or 1 counts, by hand', () => {
    expect(sigmoidSaturation(array([0.005, 0.995, 0.5, 0.02], { dtype: 'float64' }))).toBe(0.5);
  });

  test('a ReLU unit is dead only when it is 0 for every example of the batch', () => {
    // 3 examples × 4 units: unit 0 always 0 (dead), unit 1 fires once, unit 2 always 0, unit 3 always fires.
    const y = array([
      [0, 0, 0, 1],
      [0, 2, 0, 1],
      [0, 0, 0, 1],
    ]);
    expect(deadFraction(y)).toBe(0.5);
  });
});

describe('formatNumber', () => {
  test('plain in [1e-3, 1e4), m·10ᵉ outside', () => {
    expect(formatNumber(3.14e-9)).toBe('3.1·10⁻⁹');
    expect(formatNumber(0.70711)).toBe('0.707');
    expect(formatNumber(2.302585)).toBe('2.3');
    expect(formatNumber(1.2e33)).toBe('1.2·10³³');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });
});
