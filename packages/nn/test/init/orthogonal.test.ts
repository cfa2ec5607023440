import { Rng } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { InitError, deltaOrthogonal, orthogonal } from '../../src/init/index.ts';
import { gram, maxDeviationFromScaledIdentity } from './stats.ts';

describe('orthogonal (Saxe et al. 2014)', () => {
  // rows = shape[0], cols = product of the rest; W·Wᵀ = gain²·I when rows ≤ cols, else Wᵀ·W.
  const shapes: [string, number[]][] = [
    ['square', [6, 6]],
    ['tall', [10, 4]],
    ['wide', [4, 10]],
    ['conv [8, 4, 3, 3]', [8, 4, 3, 3]],
    ['conv, more outputs than taps [50, 2, 2, 2]', [50, 2, 2, 2]],
  ];
  for (const [label, shape] of shapes) {
    for (const gain of [1, 2.5]) {
      test(`${label}, gain ${gain}: ‖W·Wᵀ − gain²I‖ < 1e-5 in float64`, () => {
        const w = orthogonal({ gain }).sample(shape, { rng: new Rng(label), dtype: 'float64' });
        expect(w.shape).toEqual(shape);
        const rows = shape[0]!;
        const cols = w.size / rows;
        const tall = rows > cols;
        const g = gram(w.data, rows, cols, tall);
        expect(maxDeviationFromScaledIdentity(g, Math.min(rows, cols), gain * gain)).toBeLessThan(1e-5);
      });
    }
  }

  test('float32 output is orthogonal to float32 precision', () => {
    const w = orthogonal().sample([32, 64], { rng: new Rng(1) });
    expect(w.dtype).toBe('float32');
    expect(maxDeviationFromScaledIdentity(gram(w.data, 32, 64, false), 32, 1)).toBeLessThan(1e-5);
  });

  test('Haar: the sign fix makes entries symmetric (without it QR gives W[0,0] of one sign)', () => {
    // 4000 draws of a 4×4: P(W[0,0] > 0) = 1/2, SE = √(0.25/4000); mean of W[0,0] = 0, SE = σ/√N with
    // σ² = 1/4 (each entry of a Haar 4×4 orthogonal matrix has variance 1/n).
    const rng = new Rng('haar');
    const draws = 4000;
    let positive = 0;
    let sum = 0;
    for (let t = 0; t < draws; t++) {
      const w = orthogonal().sample([4, 4], { rng: rng.fork(), dtype: 'float64' }).data;
      if (w[0]! > 0) positive++;
      sum += w[0]!;
    }
    expect(Math.abs(positive / draws - 0.5)).toBeLessThan(4 * Math.sqrt(0.25 / draws));
    expect(Math.abs(sum / draws)).toBeLessThan(4 * Math.sqrt(0.25 / draws));
  });

  test('entries of a large orthogonal weight have mean 0 and variance 1/cols (10⁵ samples)', () => {
    // Wide [250, 400]: orthonormal rows, so Σ w² = 250 exactly and the std is √(1/400); the mean is
    // checked against SE = σ/√N (entries are nearly independent at this size).
    const w = orthogonal().sample([250, 400], { rng: new Rng(3), dtype: 'float64' }).data;
    let sum = 0;
    let sq = 0;
    for (const v of w) {
      sum += v;
      sq += v * v;
    }
    const n = w.length;
    expect(Math.abs(sum / n)).toBeLessThan((4 * Math.sqrt(1 / 400)) / Math.sqrt(n));
    expect(Math.sqrt(sq / n)).toBeCloseTo(Math.sqrt(1 / 400), 10);
  });

  test('rank < 2 and bad gain throw', () => {
    expect(() => orthogonal().sample([5], { rng: new Rng(0) })).toThrow('orthogonal: expected a weight of rank ≥ 2, got shape [5]');
    expect(() => orthogonal({ gain: -1 })).toThrow('orthogonal: gain must be a finite number > 0, got -1');
  });

  test('zero-size shapes give empty arrays', () => {
    expect(orthogonal().sample([0, 3], { rng: new Rng(0) }).size).toBe(0);
  });
});

describe('deltaOrthogonal (Xiao et al. 2018)', () => {
  const cases: [string, number[], number[]][] = [
    // [label, shape, centre index of the spatial axes]
    ['Conv1d [6, 6, 5]', [6, 6, 5], [2]],
    ['Conv2d [8, 4, 3, 3]', [8, 4, 3, 3], [1, 1]],
    ['Conv3d [4, 2, 3, 3, 3]', [4, 2, 3, 3, 3], [1, 1, 1]],
    ['even kernel [4, 4, 2, 2] (centre ⌊k/2⌋ = 1)', [4, 4, 2, 2], [1, 1]],
  ];
  for (const [label, shape, centre] of cases) {
    test(`${label}: zero except the centre tap, whose [out, in] block has Wᵀ·W = gain²·I`, () => {
      const gain = 1.5;
      const w = deltaOrthogonal({ gain }).sample(shape, { rng: new Rng(label), dtype: 'float64' });
      const [out, inCh] = shape as [number, number];
      const spatial = shape.slice(2);
      const k = spatial.reduce((p, d) => p * d, 1);
      // Flat offset of the centre inside one kernel, computed by hand from row-major strides.
      let c = 0;
      for (let ax = 0; ax < spatial.length; ax++) c = c * spatial[ax]! + centre[ax]!;
      const block = new Float64Array(out * inCh);
      for (let o = 0; o < out; o++)
        for (let i = 0; i < inCh; i++)
          for (let t = 0; t < k; t++) {
            const v = w.data[(o * inCh + i) * k + t]!;
            if (t === c) block[o * inCh + i] = v;
            else expect(v).toBe(0);
          }
      expect(maxDeviationFromScaledIdentity(gram(block, out, inCh, true), inCh, gain * gain)).toBeLessThan(1e-5);
    });
  }

  test('in > out, rank 2 and rank 6 throw', () => {
    expect(() => deltaOrthogonal().sample([2, 4, 3, 3], { rng: new Rng(0) })).toThrow(InitError);
    expect(() => deltaOrthogonal().sample([2, 4, 3, 3], { rng: new Rng(0) })).toThrow(
      'deltaOrthogonal: in channels 4 must be ≤ out channels 2 (shape [2,4,3,3])',
    );
    expect(() => deltaOrthogonal().sample([4, 4], { rng: new Rng(0) })).toThrow(
      'deltaOrthogonal: expected a conv weight [out, in, k...] of rank 3 to 5, got shape [4,4]',
    );
    expect(() => deltaOrthogonal().sample([1, 1, 1, 1, 1, 1], { rng: new Rng(0) })).toThrow(InitError);
  });
});
