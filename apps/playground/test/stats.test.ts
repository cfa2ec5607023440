import { describe, expect, it } from 'vitest';
import { BINS, commonRange, deadFraction, histogramInto, moments, saturatedFraction, sgdStepStats } from '../src/stats.ts';

describe('frame statistics', () => {
  it('moments: mean and population std, also far from 0 (shifted sums do not cancel)', () => {
    const m = moments(new Float64Array([1, 2, 3, 4]));
    expect(m.mean).toBe(2.5);
    expect(m.std).toBeCloseTo(Math.sqrt(1.25), 12);
    // 1e8 + {0, 1}: a naive Σx² − n·mean² loses every digit of the variance in float64 at this offset squared.
    const far = moments(new Float64Array([1e8, 1e8 + 1, 1e8, 1e8 + 1]));
    expect(far.std).toBeCloseTo(0.5, 9);
    expect(moments(new Float32Array(0))).toEqual({ mean: 0, std: 0 });
  });

  it('histogramInto: fractions per bin over [−range, range], outliers in the end bins, non-finite skipped', () => {
    const out = new Float32Array(2 * BINS);
    const range = 1;
    // One value in the middle bin, one below −range, one above, one NaN, one Infinity.
    histogramInto(new Float64Array([0, -5, 5, Number.NaN, Number.POSITIVE_INFINITY]), range, out, BINS);
    expect(Array.from(out.subarray(0, BINS)).every((v) => v === 0)).toBe(true);
    const h = out.subarray(BINS);
    expect(h[0]).toBeCloseTo(1 / 3, 6);
    expect(h[(BINS - 1) / 2]).toBeCloseTo(1 / 3, 6);
    expect(h[BINS - 1]).toBeCloseTo(1 / 3, 6);
  });

  it('commonRange is 4 × the largest finite std, 1 when none is positive', () => {
    expect(commonRange([0.5, 2, Number.POSITIVE_INFINITY, Number.NaN])).toBe(8);
    expect(commonRange([0, 0])).toBe(1);
  });

  it('deadFraction counts units silent on every row; saturatedFraction the outputs near the levels', () => {
    // 3 rows × 4 units, row-major: unit 0 fires once, unit 2 always; units 1 and 3 never.
    const a = new Float32Array([1, 0, 2, 0, 0, 0, 1, -1, 0, 0, 3, 0]);
    expect(deadFraction(a, 4)).toBe(0.5);
    expect(saturatedFraction(new Float64Array([-0.995, -0.5, 0.2, 0.999]), -1, 1, 0.01)).toBe(0.5);
    expect(saturatedFraction(new Float64Array([0.005, 0.5, 0.995, 0.98]), 0, 1, 0.01)).toBe(0.5);
  });
});

describe('sgdStepStats', () => {
  it("gives the gradient's std and lr·‖g‖/‖W + lr·g‖ (the weights before the step)", () => {
    const w = new Float64Array([0.5, -1, 2, 0]);
    const g = new Float64Array([1, 3, -2, 0]);
    const lr = 0.1;
    const r = sgdStepStats(w, g, lr);
    // g: mean 0.5, deviations 0.5, 2.5, −2.5, −0.5 → variance (0.25 + 6.25 + 6.25 + 0.25)/4 = 3.25.
    expect(r.gradStd).toBeCloseTo(Math.sqrt(3.25), 12);
    // before = w + lr·g = [0.6, −0.7, 1.8, 0]: ‖·‖² = 0.36 + 0.49 + 3.24 = 4.09; ‖lr·g‖² = 0.01·14 = 0.14.
    expect(r.updateRatio).toBeCloseTo(Math.sqrt(0.14 / 4.09), 12);
    expect(sgdStepStats(new Float64Array(2), new Float64Array(2), lr)).toEqual({ gradStd: 0, updateRatio: 0 });
  });
});
