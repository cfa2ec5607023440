import { Rng } from '@seedling-ml/tensor';
import { describe, expect, test } from 'vitest';
import { InitError, constant, normal, ones, truncatedNormal, uniform, zeros } from '../../src/init/index.ts';
import { expectMoments, range, truncatedReference } from './stats.ts';

const N = 100_000;
const ctx = (seed: number | string, dtype: 'float32' | 'float64' = 'float64') => ({ rng: new Rng(seed), dtype });

describe('fills', () => {
  test('zeros, ones, constant fill exactly; default dtype float32', () => {
    const z = zeros().sample([2, 3], { rng: new Rng(0) });
    expect(z.dtype).toBe('float32');
    expect(z.toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(ones().sample([2], ctx(0)).toArray()).toEqual([1, 1]);
    expect(constant(0.1).sample([2], ctx(0)).toArray()).toEqual([0.1, 0.1]);
    expect(constant({ value: -3 }).sample([1], ctx(0)).toArray()).toEqual([-3]);
    expect(constant(0.1).config).toEqual({ value: 0.1 });
  });

  test('constant needs a finite value', () => {
    expect(() => constant(NaN)).toThrow('constant: value must be a finite number, got NaN');
    expect(() => constant({} as never)).toThrow('constant: value is required (a finite number)');
  });

  test('sample returns a new array every time', () => {
    const init = ones();
    const a = init.sample([3], ctx(0));
    const b = init.sample([3], ctx(0));
    expect(a).not.toBe(b);
    expect(a.data).not.toBe(b.data);
  });
});

describe('uniform', () => {
  test('default U[−0.05, 0.05): bounds never exceeded, mean 0, std 0.1/√12 within 4 SE', () => {
    const x = uniform().sample([N], { rng: new Rng(1) }).data; // float32 default
    const [lo, hi] = range(x);
    expect(lo).toBeGreaterThanOrEqual(-0.05);
    expect(hi).toBeLessThan(0.05);
    expectMoments(x, 0, 0.1 / Math.sqrt(12));
  });

  test('uniform({ low: 0, high: 1 }) samples [0, 1): an explicit 0 is respected (tfjs `||` bug)', () => {
    const init = uniform({ low: 0, high: 1 });
    expect(init.config).toEqual({ low: 0, high: 1 });
    const x = init.sample([N], ctx(2)).data;
    const [lo, hi] = range(x);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expectMoments(x, 0.5, 1 / Math.sqrt(12));
    expect(uniform({ low: 0 }).config).toEqual({ low: 0, high: 0.05 });
  });

  test('low === high fills with low; low > high throws', () => {
    expect(uniform({ low: 2, high: 2 }).sample([2], ctx(0)).toArray()).toEqual([2, 2]);
    expect(() => uniform({ low: 1, high: 0 })).toThrow('uniform: low must be ≤ high, got low 1, high 0');
    expect(() => uniform({ low: NaN })).toThrow('uniform: low must be a finite number, got NaN');
  });
});

describe('normal', () => {
  test('default N(0, 0.05²): mean and std within 4 SE', () => {
    expectMoments(normal().sample([N], { rng: new Rng(3) }).data, 0, 0.05);
  });

  test('N(1.5, 2²) in float64', () => {
    expectMoments(normal({ mean: 1.5, std: 2 }).sample([N], ctx(4)).data, 1.5, 2);
  });

  test('normal({ std: 0 }) gives the mean exactly', () => {
    expect(Array.from(normal({ mean: 0.3, std: 0 }).sample([4], ctx(0)).data)).toEqual([0.3, 0.3, 0.3, 0.3]);
    expect(Array.from(normal({ std: 0 }).sample([2], ctx(0)).data)).toEqual([0, 0]);
  });

  test('negative or NaN std throws', () => {
    expect(() => normal({ std: -1 })).toThrow('normal: std must be a finite number ≥ 0, got -1');
    expect(() => normal({ std: NaN })).toThrow(InitError);
  });
});

describe('truncatedNormal', () => {
  // Published constant (Keras/JAX source): std of N(0,1) truncated to [−2, 2].
  const S2 = 0.87962566103423978;

  test('our reference integral agrees with the published ±2 constant', () => {
    expect(truncatedReference(-2, 2).std).toBeCloseTo(S2, 9);
  });

  test("defaults (Keras): bounds 'std' at ±2σ, σ = 0.05 → inside [−0.1, 0.1], std 0.05·0.8796", () => {
    const init = truncatedNormal();
    expect(init.config).toEqual({ mean: 0, std: 0.05, a: -2, b: 2, bounds: 'std', preserveStd: false });
    const x = init.sample([N], ctx(5)).data;
    const [lo, hi] = range(x);
    expect(lo).toBeGreaterThanOrEqual(-0.1);
    expect(hi).toBeLessThanOrEqual(0.1);
    expectMoments(x, 0, 0.05 * S2);
  });

  test("bounds 'std' are relative to the mean and σ: mean 3, std 2, a −1, b 0.5 → [1, 4]", () => {
    const x = truncatedNormal({ mean: 3, std: 2, a: -1, b: 0.5 }).sample([N], ctx(6)).data;
    const [lo, hi] = range(x);
    expect(lo).toBeGreaterThanOrEqual(1);
    expect(hi).toBeLessThanOrEqual(4);
    const ref = truncatedReference(-1, 0.5);
    expectMoments(x, 3 + 2 * ref.mean, 2 * ref.std);
  });

  test("bounds 'absolute' (PyTorch trunc_normal_): std 1, [−1, 2] are values", () => {
    const x = truncatedNormal({ std: 1, a: -1, b: 2, bounds: 'absolute' }).sample([N], ctx(7)).data;
    const [lo, hi] = range(x);
    expect(lo).toBeGreaterThanOrEqual(-1);
    expect(hi).toBeLessThanOrEqual(2);
    const ref = truncatedReference(-1, 2);
    expectMoments(x, ref.mean, ref.std);
  });

  test("preserveStd with 'std' bounds: result std is the target, bounds ±2·(std/0.8796)", () => {
    const x = truncatedNormal({ std: 0.05, preserveStd: true }).sample([N], ctx(8)).data;
    const [lo, hi] = range(x);
    expect(Math.max(-lo, hi)).toBeLessThanOrEqual((2 * 0.05) / S2);
    expect(Math.max(-lo, hi)).toBeGreaterThan(0.1); // wider than the uncorrected ±0.1
    expectMoments(x, 0, 0.05);
  });

  test("preserveStd with 'absolute' bounds: std 0.5 inside [−1, 1]", () => {
    const x = truncatedNormal({ std: 0.5, a: -1, b: 1, bounds: 'absolute', preserveStd: true }).sample([N], ctx(9)).data;
    const [lo, hi] = range(x);
    expect(lo).toBeGreaterThanOrEqual(-1);
    expect(hi).toBeLessThanOrEqual(1);
    expectMoments(x, 0, 0.5);
  });

  test('preserveStd that no σ can reach throws: std of U[−1, 1] is 1/√3 ≈ 0.577', () => {
    expect(() => truncatedNormal({ std: 0.6, a: -1, b: 1, bounds: 'absolute', preserveStd: true })).toThrow(
      'truncatedNormal: preserveStd: std 0.6 is unreachable inside [-1, 1]',
    );
  });

  test('exact at std ≪ bounds: std 1e-3 in ±2 absolute has no sample near the bounds (pytorch#155588)', () => {
    const x = truncatedNormal({ std: 1e-3, a: -2, b: 2, bounds: 'absolute' }).sample([N], { rng: new Rng(10) }).data;
    const [lo, hi] = range(x);
    expect(Math.max(-lo, hi)).toBeLessThan(10 * 1e-3);
    expectMoments(x, 0, 1e-3);
  });

  // No wall-clock assertion (issue 11): a slow sampler shows up as a test timeout, not as a flaky bound.
  test('far-tail and narrow absolute intervals are exact', () => {
    const tail = truncatedNormal({ std: 1, a: 6, b: 7, bounds: 'absolute' }).sample([N], ctx(11)).data;
    const ref = truncatedReference(6, 7);
    expectMoments(tail, ref.mean, ref.std);
    const narrow = truncatedNormal({ std: 1, a: 0.3, b: 0.3001, bounds: 'absolute' }).sample([1000], ctx(11)).data;
    const [lo, hi] = range(narrow);
    expect(lo).toBeGreaterThanOrEqual(0.3);
    expect(hi).toBeLessThanOrEqual(0.3001);
  });

  test('std 0 gives the mean when inside the bounds, throws otherwise', () => {
    expect(Array.from(truncatedNormal({ mean: 0.25, std: 0 }).sample([2], ctx(0)).data)).toEqual([0.25, 0.25]);
    expect(Array.from(truncatedNormal({ mean: 0.25, std: 0, a: 0, b: 1, bounds: 'absolute' }).sample([2], ctx(0)).data)).toEqual([
      0.25, 0.25,
    ]);
    expect(() => truncatedNormal({ mean: 3, std: 0, a: 0, b: 1, bounds: 'absolute' })).toThrow(
      'truncatedNormal: std is 0 and the mean 3 lies outside the bounds [0, 1] (absolute)',
    );
  });

  test.each([
    [{ a: 1, b: 1 }, 'truncatedNormal: a must be < b, got a 1, b 1'],
    [{ std: -0.1 }, 'truncatedNormal: std must be a finite number ≥ 0, got -0.1'],
    [{ bounds: 'relative' }, "truncatedNormal: bounds must be one of 'std', 'absolute', got 'relative'"],
    [{ preserveStd: 1 }, 'truncatedNormal: preserveStd must be true or false, got 1'],
    [{ b: Infinity }, 'truncatedNormal: b must be a finite number, got Infinity'],
    [{ sd: 1 }, "truncatedNormal: unknown option 'sd' (valid: mean, std, a, b, bounds, preserveStd)"],
  ])('bad config %j throws', (config, message) => {
    expect(() => truncatedNormal(config as never)).toThrow(InitError);
    expect(() => truncatedNormal(config as never)).toThrow(message);
  });
});
